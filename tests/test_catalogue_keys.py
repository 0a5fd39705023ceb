"""Every catalogue key the code uses exists in every language of its catalogue.

A missing key reaches the user as its raw name (WhatsApp showed `hint_yes_no` under "Apakah Anda
B*** S******?"). The source is read, not run, so a key on a path no test takes is checked too:
each call of a lookup (`t`, `desk_text`, `staff_text`, `report_text`) and of the classes and
helpers that carry a key to one (`Outcome`, `Fail`, `CellError`, `RowError`, the CLI's `say` and
`refuse`). A key written as a literal must exist; a key in a variable is followed to the literals
assigned to it in the same function; an f-string key must start at least one key, and the
enumerations the desk fills its f-strings with are checked one value at a time below.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from config.desk_messages import CATALOGUES as DESK
from config.report_messages import REPORT_MESSAGES as REPORT
from config.staff_messages import STAFF_MESSAGES as STAFF
from conversations.messages import LANGUAGES
from conversations.messages import MESSAGES as ALUMNI
from storage.deliveries.states import DeliveryState
from storage.models import ResponseStatus, StaffRole
from storage.reports.missing import Reach
from storage.staff.members import Action

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "scheduler", "storage", "config", "conversations")
CATALOGUE_OF: dict[str, Mapping[str, Mapping[str, str]]] = {
    "alumni": ALUMNI,
    "desk": DESK,
    "staff": STAFF,
    "report": REPORT,
}


@dataclass(frozen=True, slots=True)
class Lookup:
    """A callable that takes a catalogue key: which catalogue, where the key goes, and where the
    callable is meant (a name used elsewhere for something else is not it)."""

    catalogue: str
    position: int
    module: str | None = None  # only calls in this file (path under the repository)


LOOKUPS: dict[str, Lookup] = {
    "t": Lookup("alumni", 1),
    "Outcome": Lookup("alumni", 0, "bot/alumni/identity.py"),
    "desk_text": Lookup("desk", 1),
    "staff_text": Lookup("staff", 1),
    "Fail": Lookup("staff", 0),
    "CellError": Lookup("staff", 0),
    "RowError": Lookup("staff", 0),
    "say": Lookup("staff", 0, "bot/cli/app.py"),
    "refuse": Lookup("staff", 0, "bot/cli/app.py"),
    "report_text": Lookup("report", 1),
}


@dataclass(frozen=True, slots=True)
class Use:
    """One key (or, for an f-string, the start of one) used at file:line."""

    catalogue: str
    key: str
    where: str
    prefix: bool = False


def _strings(node: ast.expr) -> list[str] | None:
    """The literal strings an expression can be: "a", "a" if x else "b"; None when not only."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    if isinstance(node, ast.Tuple | ast.List):
        found: list[str] = []
        for element in node.elts:
            strings = _strings(element)
            if strings is None:
                return None
            found += strings
        return found
    return None


def _assigned(scope: ast.AST, name: str) -> list[str]:
    """The literals assigned to `name` in a function: `name = "…"`, `for name in ("…", …)`."""
    found: list[str] = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                found += _strings(node.value) or []
        elif isinstance(node, ast.For | ast.comprehension) and (
            isinstance(node.target, ast.Name) and node.target.id == name
        ):
            found += _strings(node.iter) or []
    return found


def _key_argument(call: ast.Call, position: int) -> ast.expr | None:
    if len(call.args) > position and not isinstance(call.args[position], ast.Starred):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == "key"), None)


def _uses_in(path: Path) -> Iterator[Use]:
    module = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        if not isinstance(call.func, ast.Name) or call.func.id not in LOOKUPS:
            continue
        lookup = LOOKUPS[call.func.id]
        if lookup.module is not None and lookup.module != module:
            continue
        argument = _key_argument(call, lookup.position)
        if argument is None:
            continue
        where = f"{module}:{call.lineno}"
        literal = _strings(argument)
        if literal is not None:  # "" is no message: Outcome("", alumnus_id=…) links silently
            yield from (Use(lookup.catalogue, key, where) for key in literal if key)
        elif isinstance(argument, ast.JoinedStr):
            first = argument.values[0] if argument.values else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield Use(lookup.catalogue, first.value, where, prefix=True)
        elif isinstance(argument, ast.Name):
            # The innermost function around the call decides what the name holds.
            around = [f for f in functions if f.lineno <= call.lineno <= (f.end_lineno or 0)]
            if around:
                scope = max(around, key=lambda f: f.lineno)
                for key in _assigned(scope, argument.id):
                    yield Use(lookup.catalogue, key, where)


def _all_uses() -> list[Use]:
    uses: list[Use] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                uses += _uses_in(path)
    return uses


USES = _all_uses()


def test_the_scan_finds_keys_in_every_catalogue() -> None:
    found = {(u.catalogue, u.key) for u in USES}
    assert ("alumni", "hint_yes_no") in found  # the WhatsApp "Are you …?" hint
    assert ("alumni", "tg_confirm_identity") in found  # through Outcome
    assert ("alumni", "reminder_continue") in found  # through a variable
    assert ("desk", "not_in_scope") in found and ("desk", "failure_blocked") in found
    assert ("staff", "db_upgraded") in found and ("staff", "roster_unknown_institution") in found
    assert {u.catalogue for u in USES} == set(CATALOGUE_OF)
    assert len(USES) > 250


def test_every_catalogue_speaks_every_language() -> None:
    assert {name: tuple(c) for name, c in CATALOGUE_OF.items()} == dict.fromkeys(
        CATALOGUE_OF, LANGUAGES
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_used_exists_in_every_language(language: str) -> None:
    missing = []
    for use in USES:
        keys = CATALOGUE_OF[use.catalogue][language]
        present = any(k.startswith(use.key) for k in keys) if use.prefix else use.key in keys
        if not present:
            missing.append(f"{use.where}: {use.catalogue} {use.key}{'…' if use.prefix else ''}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize(
    "key",
    [
        *(f"help_{action.value}" for action in Action),
        *(f"role_{role.value}" for role in StaffRole),
        *(f"reach_{reach.value}" for reach in Reach),
        *(f"delivery_{s.value}" for s in DeliveryState if s is not DeliveryState.FAILED),
        *(f"status_{s.value}" for s in ResponseStatus if s is not ResponseStatus.COMPLETED),
        "status_not_started",
        *(f"menu_{word}" for word in ("stats", "missing", "resend", "remind", "export")),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_the_desk_builds_exists(language: str, key: str) -> None:
    assert key in DESK[language]
