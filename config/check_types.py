"""What the part checks (questions, outcome) share with the file's Checker: a question as read,
and the Checker's interface, so none of them imports another's module to know its types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from config.conditions import Target
from config.schema import QuestionModel, TextModel
from config.yamlsource import Path_, YamlDocument
from conversations.questionnaire import Condition


@dataclass
class Entry:
    """One question as read: where it is, its validated shape (None if malformed), its section."""

    path: Path_
    model: QuestionModel | None
    section: str
    code: str | None


class Checking(Protocol):
    """What a part check needs of the Checker (config/checks.py) running over the file."""

    problems: list[str]
    doc: YamlDocument
    languages: tuple[str, ...] | None  # the questionnaire's, once read; None if malformed

    def report(self, path: Path_, message: str) -> None:
        """Record a problem at a location."""

    def where(self, path: Path_) -> str:
        """Words for a location."""

    def check_text(self, text: TextModel | None, path: Path_) -> None:
        """Every listed language has a non-blank text, and no other language is given."""

    def parse_show_if(self, entry: Entry) -> Condition | None:
        """Read a question's show_if, reporting malformed parts."""

    def resolve(
        self, entry: Entry, condition: Condition, index: int, targets: dict[str, Target]
    ) -> Condition:
        """Check a parsed show_if against the questions it reads."""
