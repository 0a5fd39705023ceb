"""CLI fixtures: `jejak …` run in a temporary folder on the sample data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.app import app

BOT = "JejakContohBot"  # JEJAK_TELEGRAM_BOT_USERNAME: links are made without asking Telegram


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`jejak …` in tmp_path on the sample data; returns (invoke, database path)."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "jejak.db"
    env: dict[str, str | None] = {
        "JEJAK_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "JEJAK_LANGUAGE": "id",
        "JEJAK_QUESTIONNAIRE_DIR": None,
        "JEJAK_TELEGRAM_BOT_USERNAME": BOT,
        "JEJAK_TELEGRAM_TOKEN": None,
        "JEJAK_TELEGRAM_API_URL": None,
        "NO_PROXY": "127.0.0.1,localhost",
        "COLUMNS": "250",
    }
    runner = CliRunner()

    def invoke(*args: str, **extra_env: str | None):
        return runner.invoke(app, list(args), env={**env, **extra_env})

    assert invoke("db", "upgrade").exit_code == 0
    loaded = invoke("sample", "load")
    assert loaded.exit_code == 0, loaded.output
    return invoke, db


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The process umask while the test runs: the usual one, and one that hides nothing."""
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)
