"""The checks behind config.loader: shape (pydantic), meaning, then building the dataclasses."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from config.check_types import Entry
from config.conditions import Target, parse_condition, resolve_condition
from config.indicator_checks import check_indicators
from config.locate import describe, kind_of, pydantic_message
from config.outcome import check_outcome
from config.question_checks import CODE_PATTERN, check_questions, clean_text
from config.schema import TEXT_FIELDS, QuestionModel, SectionModel, TextModel, TopModel
from config.yamlsource import Path_, YamlDocument, YamlProblem, read_yaml
from conversations.questionnaire import (
    Condition,
    Question,
    Questionnaire,
    Section,
)

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}")
NEEDS = "id, version, title, languages, consent and sections"


@dataclass
class Checker:
    """Collects every problem in one questionnaire text; `run` returns the result when clean."""

    name: str
    problems: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # beside problems, for sorting by line
    doc: YamlDocument = field(default_factory=lambda: YamlDocument(data=None))
    languages: tuple[str, ...] | None = None

    # --- reporting -------------------------------------------------------------------------
    def report(self, path: Path_, message: str) -> None:
        """Record a problem at a location (the line is added when known)."""
        line = self.doc.line(path)
        self.problems.append(f"{self.name}: {message}" + (f" [line {line}]" if line else ""))
        self.lines.append(line or 0)

    def where(self, path: Path_) -> str:
        """Words for a location."""
        return describe(path, self.doc.data)

    def validate(self, model: type[BaseModel], raw: Any, path: Path_) -> Any:
        """Validate one level; report each shape error and return None when there are any."""
        if not isinstance(raw, dict):
            self.report(
                path, f"{self.where(path)} must be a mapping (key: value), not {kind_of(raw)}"
            )
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                self.report(
                    (*path, *error["loc"]), pydantic_message(error, path, self.doc.data, model)
                )
            return None

    # --- the run ---------------------------------------------------------------------------
    def run(self, source: str) -> Questionnaire | None:
        """Check everything; the questionnaire when there was no problem, else None."""
        if not source.strip():
            self.problems.append(f"{self.name}: the file is empty; a questionnaire needs {NEEDS}")
            return None
        try:
            self.doc = read_yaml(source)
        except YamlProblem as exc:
            where = (
                f" [line {exc.line}, column {exc.column}]"
                if exc.line and exc.column
                else (f" [line {exc.line}]" if exc.line else "")
            )
            self.problems.append(f"{self.name}: YAML syntax error: {exc.message}{where}")
            return None
        except RecursionError:
            self.problems.append(f"{self.name}: the YAML is nested too deeply to read")
            return None
        data = self.doc.data
        if data is None:
            self.problems.append(
                f"{self.name}: the file has only comments; a questionnaire needs {NEEDS}"
            )
            return None
        if not isinstance(data, dict):
            self.report((), f"the top level must be a mapping with {NEEDS}, not {kind_of(data)}")
            return None
        for path, key in self.doc.duplicate_keys:
            self.report(
                (*path, f"<duplicate {key}>"),
                f"{self.where(path)} has the key '{key}' twice; keep one "
                "(YAML would silently use the last)",
            )
        self._keep_scalars_as_written(data)
        questionnaire = self._check(data)
        # Report in file order, whichever check found the problem.
        order = sorted(range(len(self.problems)), key=lambda i: self.lines[i])
        self.problems = [self.problems[i] for i in order]
        return questionnaire

    def _keep_scalars_as_written(self, node: Any, path: Path_ = ()) -> None:
        # Codes and texts are text as written: `value: 01` stays "01", `version: 2026.10`
        # stays "2026.10", and `en: Yes` stays "Yes" (YAML 1.1 would read true).
        if isinstance(node, list):
            for i, item in enumerate(node):
                if path == ("languages",):
                    node[i] = self._as_written(item, (*path, i))
                self._keep_scalars_as_written(item, (*path, i))
        elif isinstance(node, dict):
            for key, value in node.items():
                here = (*path, key)
                texts = bool(path) and path[-1] in TEXT_FIELDS
                if (
                    texts
                    or (key == "version" and not path)
                    or (key == "value" and len(path) >= 2 and path[-2] == "choices")
                ):
                    node[key] = self._as_written(value, here)
                self._keep_scalars_as_written(value, here)

    def _as_written(self, value: Any, path: Path_) -> Any:
        if isinstance(value, bool | int | float | dt.date):
            return self.doc.raw_scalar(path) or str(value)
        return value

    def _check(self, data: dict[str, Any]) -> Questionnaire | None:
        top: TopModel | None = self.validate(TopModel, data, ())
        self._check_top(top, data)
        sections: list[tuple[SectionModel | None, Path_]] = []
        entries: list[Entry] = []
        for si, raw_section in enumerate(_list(data.get("sections"))):
            path: Path_ = ("sections", si)
            section = self.validate(SectionModel, raw_section, path)
            sections.append((section, path))
            section_id = section.id if section else ""
            raw_questions = raw_section.get("questions") if isinstance(raw_section, dict) else None
            for qi, raw_question in enumerate(_list(raw_questions)):
                qpath: Path_ = (*path, "questions", qi)
                model = self.validate(QuestionModel, raw_question, qpath)
                code = raw_question.get("code") if isinstance(raw_question, dict) else None
                entries.append(
                    Entry(qpath, model, section_id, code if isinstance(code, str) else None)
                )
        self._check_sections(sections)
        questions = check_questions(self, entries)
        outcome = check_outcome(self, data, entries)
        indicators = check_indicators(self, data, entries)
        if self.problems or top is None:
            return None
        by_section: dict[str, list[Question]] = {}
        for question in questions:
            by_section.setdefault(question.section, []).append(question)
        return Questionnaire(
            id=top.id,
            version=top.version.strip(),
            title=clean_text(top.title),
            languages=tuple(top.languages),
            consent=clean_text(top.consent),
            description=clean_text(top.description) if top.description else None,
            sections=tuple(
                Section(s.id, clean_text(s.title), tuple(by_section.get(s.id, ())))
                for s, _ in sections
                if s is not None
            ),
            outcome=outcome,
            indicators=indicators,
        )

    def _check_top(self, top: TopModel | None, data: dict[str, Any]) -> None:
        languages = data.get("languages")
        if isinstance(languages, list) and all(isinstance(x, str) for x in languages):
            self._check_languages(languages)
        if data.get("sections") == []:
            self.report(("sections",), "sections is empty; add at least one section with questions")
        if top is None:
            return
        if not ID_PATTERN.fullmatch(top.id):
            self.report(
                ("id",),
                f"id '{top.id}' must start with a lowercase letter and use only "
                "a-z, 0-9 and _ (e.g. smk)",
            )
        if not top.version.strip():
            self.report(("version",), 'version is empty; give one, e.g. version: "2026.1"')
        self.check_text(top.title, ("title",))
        self.check_text(top.description, ("description",))
        self.check_text(top.consent, ("consent",))

    def _check_languages(self, languages: list[str]) -> None:
        if not languages:
            self.report(("languages",), "languages is empty; list at least one, e.g. [id, en]")
            return
        ok = True
        for i, language in enumerate(languages):
            if not LANGUAGE_PATTERN.fullmatch(language):
                ok = False
                self.report(
                    ("languages", i),
                    f"languages item '{language}' is not a language "
                    "code; use lowercase codes such as id or en",
                )
            elif language in languages[:i]:
                ok = False
                self.report(("languages", i), f"languages lists '{language}' twice")
        if ok:
            self.languages = tuple(languages)

    def _check_sections(self, sections: list[tuple[SectionModel | None, Path_]]) -> None:
        seen: set[str] = set()
        for section, path in sections:
            if section is None:
                continue
            where = f"section '{section.id}'"
            if not CODE_PATTERN.fullmatch(section.id):
                self.report(
                    (*path, "id"),
                    f"{where} id must start with a letter and use only letters, digits and _",
                )
            if section.id in seen:
                self.report((*path, "id"), f"{where} appears twice; section ids must be unique")
            seen.add(section.id)
            self.check_text(section.title, (*path, "title"))
            if not section.questions:
                self.report(
                    (*path, "questions"),
                    f"{where} has no questions; add some or remove the section",
                )

    def check_text(self, text: TextModel | None, path: Path_) -> None:
        """Every listed language has a non-blank text, and no other language is given."""
        if text is None or self.languages is None:
            return
        where = self.where(path)
        for language in self.languages:
            if language not in text:
                self.report(path, f"{where} has no '{language}' text")
            elif not text[language].strip():
                self.report((*path, language), f"{where} '{language}' text is empty")
        for language in text:
            if language not in self.languages:
                self.report(
                    (*path, language),
                    f"{where} has text in '{language}', which is "
                    f"not in languages ({', '.join(self.languages)}); add it to "
                    "languages or remove the text",
                )

    def parse_show_if(self, entry: Entry) -> Condition | None:
        """Read a question's show_if, reporting malformed parts."""
        assert entry.model is not None
        return parse_condition(
            entry.model.show_if,
            (*entry.path, "show_if"),
            f"{self.where(entry.path)} show_if",
            self.report,
            self.doc.raw_scalar,
        )

    def resolve(
        self, entry: Entry, condition: Condition, index: int, targets: dict[str, Target]
    ) -> Condition:
        """Check a parsed show_if against the questions it reads."""
        path = (*entry.path, "show_if")
        return resolve_condition(
            condition,
            entry.code or "",
            index,
            f"{self.where(entry.path)} show_if",
            targets,
            lambda message: self.report(path, message),
        )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
