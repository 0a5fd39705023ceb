"""The optional top-level `indicators` key: which questions feed the report's figures.

```yaml
indicators:                               # every part optional; an absent part's figures are null
  waiting_time:                           # months to the first job, over employees
    question: masa_tunggu                 # an integer question
    before_graduation: {question: mulai_kerja, values: ["1"]}   # these answers count as 0
    only: {question: status, values: ["1"]}    # who counts, when others are asked it too
  income: {questions: [gaji, usaha_penghasilan]}    # money/integer; the first answered counts
  work_place:                             # passed to the minimum-wage lookup
    province: provinsi_kerja              # text or single_choice questions; one or both
    city: kota_kerja
    abroad: {question: lokasi_kerja, values: ["2"]}   # no Indonesian minimum wage applies
  alignment: {questions: [keselarasan, usaha_keselarasan], best: high}
                                          # rating, or a choice whose values are whole numbers;
                                          # best: high (5 = very well) or low (1 = very close)
  job_source: {question: cara_dapat_kerja, pkl: ["2"]}   # a choice; pkl: the PKL place's values
  workplace_level:                        # the university's f5d: turns on the accreditation tables
    question: f5d                         # a single choice; every level, each value in one
    local: ["1"]
    national: ["2"]
    multinational: ["3"]
  placement: {programme: kejuruan, batch: angkatan}   # a BLK's table; needs `outcome`; both
                                          # optional: text or single-choice questions naming the
                                          # programme and batch when the roster does not
```

Each problem names the key path (`indicators.income.questions[1]`) and the fix; the whole
declaration is None when any part is wrong. Figures: conversations.indicators.figures.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from config.check_types import Checking, Entry
from config.locate import kind_of
from config.schema import QuestionModel
from config.yamlsource import Path_
from conversations.indicators.declarations import (
    BEST_DIRECTIONS,
    INDICATOR_NAMES,
    WORKPLACE_LEVELS,
    Alignment,
    ChoiceIn,
    Income,
    Indicators,
    JobSource,
    Placement,
    WaitingTime,
    WorkPlace,
    WorkplaceLevel,
)
from conversations.questionnaire import QuestionType

CHOICES = (QuestionType.SINGLE_CHOICE.value, QuestionType.MULTIPLE_CHOICE.value)
# Each part's keys; the required ones first.
KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "waiting_time": (("question",), ("before_graduation", "only")),
    "income": (("questions",), ()),
    "work_place": ((), ("province", "city", "abroad")),
    "alignment": (("questions", "best"), ()),
    "job_source": (("question",), ("pkl",)),
    "workplace_level": (("question", *WORKPLACE_LEVELS), ()),
    "placement": ((), ("programme", "batch")),
    "filter": (("question", "values"), ()),  # before_graduation, only, abroad
}
EXAMPLES = {
    "waiting_time": "waiting_time: {question: masa_tunggu}",
    "income": "income: {questions: [gaji, usaha_penghasilan]}",
    "work_place": "work_place: {province: provinsi_kerja, city: kota_kerja}",
    "alignment": "alignment: {questions: [keselarasan], best: high}",
    "job_source": 'job_source: {question: cara_dapat_kerja, pkl: ["2"]}',
    "workplace_level": (
        'workplace_level: {question: f5d, local: ["1"], national: ["2"], multinational: ["3"]}'
    ),
    "placement": "placement: {programme: kejuruan, batch: angkatan}",
    "filter": '{question: mulai_kerja, values: ["1"]}',
}


def check_indicators(
    checker: Checking, data: dict[str, Any], entries: list[Entry]
) -> Indicators | None:
    """Read and check `indicators` when the file has one; None when absent or wrong (reported)."""
    if "indicators" not in data:
        return None
    before = len(checker.problems)
    reader = _Reader(checker, entries)
    raw = data["indicators"]
    if not isinstance(raw, dict) or not raw:
        reader.problem(
            ("indicators",),
            "must be a mapping of indicator names to the questions that feed them, e.g. "
            f"indicators: {{{EXAMPLES['income']}}}, "
            f"not {'an empty mapping' if raw == {} else kind_of(raw)}",
        )
        return None
    parts: dict[str, Any] = {}
    for key, part in raw.items():
        name = str(key)
        if name not in INDICATOR_NAMES:
            reader.unknown_key(("indicators",), name, INDICATOR_NAMES)
            continue
        path: Path_ = ("indicators", name)
        if not isinstance(part, dict):
            reader.problem(path, f"must be a mapping, e.g. {EXAMPLES[name]}, not {kind_of(part)}")
            continue
        if reader.keys(part, path, name):
            parts[name] = reader.read(name, part, path)
    if "placement" in parts and "outcome" not in data:
        reader.problem(
            ("indicators", "placement"),
            "needs the top-level outcome key: who is placed is read from the main status; add "
            'e.g. outcome: {question: status, working: ["1"], entrepreneur: ["2"]}',
        )
    if len(checker.problems) > before:
        return None
    return Indicators(**parts)


def dotted(path: Path_) -> str:
    """A key path as a person writes it: indicators.income.questions[1]."""
    text = ""
    for segment in path:
        text += f"[{segment}]" if isinstance(segment, int) else f"{'.' if text else ''}{segment}"
    return text


class _Reader:
    """Reads the parts of one `indicators` mapping, reporting each problem at its key."""

    def __init__(self, checker: Checking, entries: list[Entry]) -> None:
        self.checker = checker
        # The first question with the code counts (a duplicate is reported elsewhere).
        self.models = {e.code: e.model for e in reversed(entries) if e.code is not None}

    def problem(self, path: Path_, message: str) -> None:
        self.checker.report(path, f"{dotted(path)} {message}")

    def unknown_key(self, path: Path_, key: str, allowed: tuple[str, ...]) -> str | None:
        """Report a key that is not allowed; the allowed key it likely means, if any."""
        # A shortened key ("before") is too far from its full name for difflib alone.
        close = difflib.get_close_matches(key, allowed, n=1) or [
            a for a in allowed if key and a.startswith(key)
        ]
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        self.problem((*path, key), f"is not a known key; use one of: {', '.join(allowed)}{hint}")
        return close[0] if close else None

    def keys(self, part: dict[str, Any], path: Path_, name: str) -> bool:
        """Whether the part has its required keys and no unknown one (each problem reported)."""
        required, optional = KEYS[name]
        ok = True
        meant: set[str] = set()  # misspelt keys already reported with the right name
        for key in part:
            if str(key) not in required + optional:
                meant.add(self.unknown_key(path, str(key), required + optional) or "")
                ok = False
        for key in required:
            if key not in part and key not in meant:
                self.problem(path, f"is missing '{key}'; e.g. {EXAMPLES[name]}")
                ok = False
        if name == "work_place" and "province" not in part and "city" not in part:
            self.problem(
                path,
                f"names no question; give province, city or both, e.g. {EXAMPLES['work_place']}",
            )
            ok = False
        return ok

    def read(self, name: str, part: dict[str, Any], path: Path_) -> Any:
        """The declaration of one part, or None when it is wrong (reported)."""
        if name == "waiting_time":
            question = self.question(part["question"], (*path, "question"), ("integer",))
            return WaitingTime(
                question or "",
                self.choice_in(part, (*path, "before_graduation")),
                self.choice_in(part, (*path, "only")),
            )
        if name == "income":
            return Income(self.questions(part["questions"], (*path, "questions"), "income"))
        if name == "work_place":
            places = ("text", QuestionType.SINGLE_CHOICE.value, QuestionType.PLACE.value)
            found = {
                key: self.question(part[key], (*path, key), places)
                for key in ("province", "city")
                if key in part
            }
            # "Abroad" may be a choice of the province question itself (a place question's own).
            abroad = self.choice_in(part, (*path, "abroad"), (*CHOICES, QuestionType.PLACE.value))
            return WorkPlace(found.get("province"), found.get("city"), abroad)
        if name == "alignment":
            best = part["best"]
            if best not in BEST_DIRECTIONS:
                self.problem(
                    (*path, "best"),
                    "must be high (the top of the scale is the best fit, e.g. 5 = very well) "
                    f"or low (the bottom is, e.g. the university's f14: 1 = very close), "
                    f"not {best!r}",
                )
            questions = self.questions(part["questions"], (*path, "questions"), "alignment")
            return Alignment(questions, str(best))
        if name == "workplace_level":
            return self.workplace_level(part, path)
        if name == "placement":
            named = ("text", QuestionType.SINGLE_CHOICE.value)
            groups: dict[str, str | None] = {
                key: self.question(part[key], (*path, key), named)
                for key in ("programme", "batch")
                if key in part
            }
            return Placement(groups.get("programme"), groups.get("batch"))
        code = self.question(part["question"], (*path, "question"), CHOICES)
        pkl = self.values(part["pkl"], (*path, "pkl"), code) if "pkl" in part else ()
        return JobSource(code or "", pkl)

    def workplace_level(self, part: dict[str, Any], path: Path_) -> WorkplaceLevel:
        """The f5d-like question and the values meaning each level, each value in one level."""
        code = self.question(
            part["question"], (*path, "question"), (QuestionType.SINGLE_CHOICE.value,)
        )
        levels: list[tuple[str, ...]] = []
        owner: dict[str, str] = {}  # value -> the level that listed it first
        for level in WORKPLACE_LEVELS:
            values = self.values(part[level], (*path, level), code)
            for i, value in enumerate(values):
                if value in owner:
                    self.problem(
                        (*path, level, i),
                        f"'{value}' is already listed under {owner[value]}; a value means one "
                        "level, keep it under one",
                    )
                owner.setdefault(value, level)
            levels.append(values)
        local, national, multinational = levels
        return WorkplaceLevel(code or "", local, national, multinational)

    def question(self, code: Any, path: Path_, types: tuple[str, ...]) -> str | None:
        """A question code of one of `types`, or None (reported unless already reported)."""
        if not isinstance(code, str):
            self.problem(path, f"must be a question code (text), not {kind_of(code)}")
            return None
        if code not in self.models:
            close = difflib.get_close_matches(code, list(self.models), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "use the code of a question above"
            self.problem(path, f"'{code}' is not a question in this file; {hint}")
            return None
        model = self.models[code]
        if model is None:
            return None  # malformed question: its own problems are already reported
        if model.type not in types:
            self.problem(
                path,
                f"'{code}' is a {model.type} question; it must be {' or '.join(types)}",
            )
            return None
        return code

    def questions(self, listed: Any, path: Path_, name: str) -> tuple[str, ...]:
        """The list of question codes of income or alignment, each checked."""
        if not isinstance(listed, list) or not listed:
            self.problem(
                path,
                f"must be a list of question codes, the first answered counting, e.g. "
                f"{EXAMPLES[name]}, not {kind_of(listed) if listed != [] else 'an empty list'}",
            )
            return ()
        types = ("money", "integer") if name == "income" else ("rating", "single_choice")
        codes: list[str] = []
        scales: list[tuple[str, tuple[int, ...]]] = []
        for i, item in enumerate(listed):
            here = (*path, i)
            code = self.question(item, here, types)
            if code is None:
                continue
            if code in codes:
                self.problem(here, f"lists '{code}' twice; keep one")
                continue
            codes.append(code)
            if name == "alignment":
                points = self.scale(self.models[code], code, here)
                if points and scales and points != scales[0][1]:
                    first, its = scales[0]
                    self.problem(
                        here,
                        f"'{code}' runs {points[0]}–{points[-1]} but '{first}' runs "
                        f"{its[0]}–{its[-1]}; list questions on the same scale",
                    )
                elif points:
                    scales.append((code, points))
        return tuple(codes)

    def scale(self, model: QuestionModel | None, code: str, path: Path_) -> tuple[int, ...]:
        """The points of an alignment question's scale (empty when unknown or reported)."""
        if model is None:
            return ()
        if model.type == "rating":
            if model.scale is None:
                return ()  # a rating without a scale is reported with the question
            return tuple(range(model.scale.min, model.scale.max + 1))
        values = [c.value for c in model.choices or ()]
        numbers = [int(v) for v in values if _whole(v)]
        if len(numbers) < len(values):
            wrong = next(v for v in values if not _whole(v))
            self.problem(
                path,
                f"'{code}' has the choice value '{wrong}', not a whole number; an alignment "
                "choice question needs values such as 1…5 so they can be averaged",
            )
            return ()
        return tuple(sorted(numbers))

    def choice_in(
        self, part: dict[str, Any], path: Path_, types: tuple[str, ...] = CHOICES
    ) -> ChoiceIn | None:
        """An optional {question, values} filter on a choice question (of `types`)."""
        key = path[-1]
        if key not in part:
            return None
        raw = part[key]
        if not isinstance(raw, dict):
            self.problem(path, f"must be a mapping, e.g. {EXAMPLES['filter']}, not {kind_of(raw)}")
            return None
        if not self.keys(raw, path, "filter"):
            return None
        code = self.question(raw["question"], (*path, "question"), types)
        return ChoiceIn(code or "", self.values(raw["values"], (*path, "values"), code))

    def values(self, listed: Any, path: Path_, code: str | None) -> tuple[str, ...]:
        """Choice values of question `code` (kept as written), each checked."""
        if not isinstance(listed, list) or not listed:
            self.problem(
                path,
                f'must be a non-empty list of choice values, e.g. ["1"], '
                f"not {kind_of(listed) if listed != [] else 'an empty list'}",
            )
            return ()
        model = self.models.get(code) if code else None
        choices = [c.value for c in model.choices or ()] if model else None
        found: list[str] = []
        for i, item in enumerate(listed):
            here = (*path, i)
            if isinstance(item, list | dict) or item is None:
                self.problem(here, f'must be a choice value such as "1", not {kind_of(item)}')
                continue
            # A bare 1 or 01 is kept as written, as choice values are.
            value = item if isinstance(item, str) else self.checker.doc.raw_scalar(here)
            value = value if value is not None else str(item)
            if value in found:
                self.problem(here, f"lists '{value}' twice; keep one")
            elif choices is not None and value not in choices:
                self.problem(
                    here,
                    f"'{value}' is not a choice of question '{code}' "
                    f"(choices: {', '.join(choices)}); use one of them",
                )
            else:
                found.append(value)
        return tuple(found)


def _whole(value: str) -> bool:
    return re.fullmatch(r"-?[0-9]+", value) is not None
