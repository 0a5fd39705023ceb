"""A training centre's (BLK's) placement table per programme (kejuruan) and batch (angkatan).

Over completed responses only, grouped by programme and batch: the roster's (Respondent.groups
"programme" and "batch") first, else the answer to the question the `placement` declaration
names (a choice: its label in the questionnaire's first language; a text: as typed, spaces
collapsed), else none (null, listed last).
- `placed` = working + entrepreneur by main status (`outcome`); `placement_rate` = placed /
  completed (null without `outcome`: who is placed is unknown).
- `training_fit_n` = those who rated the fit (`alignment`); `training_fit_share` = the share
  in its two best points, as the figures' aligned_share. Both null without `alignment`; the
  share is also null (`suppressed`) in a row with fewer than `min_group_size` completed
  responses, as the figures' groups hide theirs; counts and the placement rate stay.
`placement` is {by: [rows], total: {the same for all}}, or null unless `placement` is declared.
"""

from __future__ import annotations

from collections.abc import Mapping

from conversations.indicators.numbers import share
from conversations.indicators.reading import AnswerReader, Reading
from conversations.questionnaire import Questionnaire, QuestionType

PROGRAMME_GROUP = "programme"
BATCH_GROUP = "batch"
PLACED = ("working", "entrepreneur")


class _Row:
    """The counts of one programme and batch (or of all)."""

    __slots__ = ("aligned", "completed", "fit", "placed")

    def __init__(self) -> None:
        self.completed = 0
        self.placed = 0
        self.fit = 0
        self.aligned = 0

    def add(self, reading: Reading) -> None:
        self.completed += 1
        self.placed += reading.category in PLACED
        if reading.alignment is not None:
            self.fit += 1
            self.aligned += reading.aligned


class PlacementTable:
    """Counts completed responses into the placement table (module docstring)."""

    def __init__(
        self, questionnaire: Questionnaire, reader: AnswerReader, min_group_size: int
    ) -> None:
        declared = reader.indicators.placement
        self._enabled = declared is not None
        self._has_outcome = questionnaire.outcome is not None
        self._has_fit = reader.indicators.alignment is not None
        self._min_group_size = min_group_size
        # Group -> (its question, and for a choice: value -> label in the first language).
        self._questions: dict[str, tuple[str, dict[str, str] | None]] = {}
        language = questionnaire.languages[0] if questionnaire.languages else ""
        named = (declared.programme, declared.batch) if declared else (None, None)
        for group, code in zip((PROGRAMME_GROUP, BATCH_GROUP), named, strict=True):
            question = questionnaire.by_code.get(code) if code else None
            if question is None:
                continue
            labels = None
            if question.type is QuestionType.SINGLE_CHOICE:
                labels = {c.value: c.label.get(language) or c.value for c in question.choices}
            self._questions[group] = (question.code, labels)
        self._rows: dict[tuple[str | None, str | None], _Row] = {}
        self._total = _Row()

    def add(
        self, groups: Mapping[str, object], answers: Mapping[str, object], reading: Reading | None
    ) -> None:
        """Count one alumnus's completed response (`reading`); an incomplete one (None) is not."""
        if not self._enabled or reading is None:
            return
        key = (
            self._name(PROGRAMME_GROUP, groups, answers),
            self._name(BATCH_GROUP, groups, answers),
        )
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = _Row()
        row.add(reading)
        self._total.add(reading)

    def result(self) -> dict[str, object] | None:
        """{by: rows by programme then batch, unnamed last; total}; None when not declared."""
        if not self._enabled:
            return None
        keys = sorted(
            self._rows, key=lambda k: (k[0] is None, k[0] or "", k[1] is None, k[1] or "")
        )
        rows = [
            {
                "programme": programme,
                "batch": batch,
                **self._figures(self._rows[(programme, batch)]),
            }
            for programme, batch in keys
        ]
        total = self._figures(self._total, total=True)
        return {"by": rows, "total": total}

    def _figures(self, row: _Row, total: bool = False) -> dict[str, object]:
        suppressed = not total and row.completed < self._min_group_size
        fit_share = share(row.aligned, row.fit) if self._has_fit and not suppressed else None
        figures: dict[str, object] = {
            "completed": row.completed,
            "placed": row.placed,
            "placement_rate": share(row.placed, row.completed) if self._has_outcome else None,
            "training_fit_n": row.fit if self._has_fit else None,
            "training_fit_share": fit_share,
        }
        if not total:
            figures["suppressed"] = suppressed
        return figures

    def _name(
        self, group: str, groups: Mapping[str, object], answers: Mapping[str, object]
    ) -> str | None:
        given = groups.get(group)
        if given is not None:
            return str(given)  # a batch given as a number is grouped as text
        if group not in self._questions:
            return None
        code, labels = self._questions[group]
        value = answers.get(code)
        if not isinstance(value, str):
            return None  # not answered, or a stored value that names nothing
        if labels is not None:
            return labels.get(value)
        return " ".join(value.split()) or None
