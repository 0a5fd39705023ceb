"""Dependencies point one way: conversations ← config ← storage ← scheduler ← bot."""

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
