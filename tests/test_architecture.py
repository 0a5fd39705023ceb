"""Dependencies point one way: conversations ← config ← storage ← scheduler ← bot, no two
modules import each other (shared types live in a module of their own), and SQL is written only
in storage/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["conversations", "config", "storage", "scheduler", "bot"]
# Libraries the pure engine must never reach for: channels, databases, schedulers, HTTP.
FORBIDDEN_IN_ENGINE = {
    "telegram",
    "twilio",
    "sqlalchemy",
    "aiosqlite",
    "asyncpg",
    "alembic",
    "apscheduler",
    "aiohttp",
    "httpx",
    "requests",
    "yaml",
    "pydantic",
    "pydantic_settings",
    "typer",
    "rich",
}

# Layers that ask storage/ instead of writing SQL: they may hold a session, never build a query.
ASKS_STORAGE = ["scheduler", "bot"]
# What builds SQL: statements, clauses, functions and ORM loader options. Sessions, engines,
# connections and exceptions are fine to import.
SQL_BUILDING = {
    "select", "insert", "update", "delete", "text", "func", "and_", "or_", "not_", "exists",
    "literal", "literal_column", "bindparam", "case", "cast", "column", "table", "join",
    "outerjoin", "union", "union_all", "distinct", "true", "false", "null", "tuple_", "values",
    "lateral", "over", "within_group", "any_", "all_", "desc", "asc", "nulls_first",
    "nulls_last", "Select", "Insert", "Update", "Delete", "TextClause", "ColumnElement",
    "aliased", "selectinload", "joinedload", "subqueryload", "contains_eager", "load_only",
    "defer", "undefer", "raiseload", "with_expression",
}  # fmt: skip
# Modules whose every name builds SQL (dialect inserts with ON CONFLICT, and the like).
SQL_MODULES = ("sqlalchemy.dialects", "sqlalchemy.sql")
# storage's own SQL helpers, for storage alone.
STORAGE_SQL = {"storage.database": {"dialect_insert"}}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def python_files(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The `known` modules this file imports when it runs: at the top or inside a function
    (a cycle all the same), not under `if TYPE_CHECKING:`. `from pkg import mod` is pkg.mod."""
    found: set[str] = set()
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"), filename=str(path))]
    while stack:
        node = stack.pop()
        if _type_checking_only(node):
            stack.extend(getattr(node, "orelse", []))
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))
    return found & known


def sql_building_imports(source: str, filename: str) -> list[str]:
    """Each import of a SQL-building name in this source, as "file:line imports name from module".

    Anywhere in the file (inside a function too). `import sqlalchemy` counts: it reaches every
    name.
    """
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, f"{filename}:{node.lineno} imports {alias.name}")
                for alias in node.names
                if alias.name == "sqlalchemy" or alias.name.startswith(SQL_MODULES)
            ]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            module = node.module
            if module.startswith(SQL_MODULES):
                wanted = {alias.name for alias in node.names}
            elif module == "sqlalchemy" or module.startswith(
                ("sqlalchemy.orm", "sqlalchemy.future")
            ):
                wanted = SQL_BUILDING | {"*"}
            else:
                wanted = STORAGE_SQL.get(module, set())
            found += [
                (node.lineno, f"{filename}:{node.lineno} imports {alias.name} from {module}")
                for alias in node.names
                if alias.name in wanted
            ]
    return [offence for _line, offence in sorted(found)]


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that reach one another through imports (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph[module]:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


@pytest.mark.parametrize("layer", LAYERS)
def test_layers_import_only_inner_layers(layer: str) -> None:
    outer = set(LAYERS[LAYERS.index(layer) + 1 :])
    offenders = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files(layer)
        for name in imported_roots(path) & outer
    }
    assert not offenders, sorted(offenders)


def test_engine_imports_no_channel_database_or_scheduler_library() -> None:
    offenders = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files("conversations")
        for name in imported_roots(path) & FORBIDDEN_IN_ENGINE
    }
    assert python_files("conversations"), "the engine package is missing"
    assert not offenders, sorted(offenders)


def test_no_import_cycles() -> None:
    files = {module_name(path): path for layer in LAYERS for path in python_files(layer)}
    graph = {name: imported_modules(path, set(files)) - {name} for name, path in files.items()}
    cycles = [" <-> ".join(group) for group in import_cycles(graph)]
    assert not cycles, cycles


def test_the_cycle_check_names_each_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize("layer", ASKS_STORAGE)
def test_sql_is_written_only_in_storage(layer: str) -> None:
    """scheduler/ and bot/ ask storage/ for what they need; a query written there fails here."""
    offenders = [
        offence
        for path in python_files(layer)
        for offence in sql_building_imports(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    ]
    assert python_files(layer), f"{layer}/ is missing"
    assert not offenders, offenders


def test_the_sql_check_names_file_line_and_name() -> None:
    source = (
        "from sqlalchemy.ext.asyncio import AsyncSession\n"
        "from sqlalchemy import Connection, select\n"
        "from sqlalchemy.exc import SQLAlchemyError\n"
        "from storage.database import create_engine, dialect_insert\n"
        "def later():\n"
        "    from sqlalchemy.dialects.postgresql import insert\n"
        "    import sqlalchemy as sa\n"
        "    from sqlalchemy.orm import selectinload, Session\n"
    )
    assert sql_building_imports(source, "bot/x.py") == [
        "bot/x.py:2 imports select from sqlalchemy",
        "bot/x.py:4 imports dialect_insert from storage.database",
        "bot/x.py:6 imports insert from sqlalchemy.dialects.postgresql",
        "bot/x.py:7 imports sqlalchemy",
        "bot/x.py:8 imports selectinload from sqlalchemy.orm",
    ]
