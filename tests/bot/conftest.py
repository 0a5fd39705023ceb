"""CLI fixtures: `jejak …` run in a temporary folder on the sample data."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

BOT = "JejakContohBot"  # JEJAK_TELEGRAM_BOT_USERNAME: links are made without asking Telegram


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
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

    def invoke(*args: str, **extra_env: str | None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), env={**env, **extra_env})

    assert invoke("db", "upgrade").exit_code == 0
    loaded = invoke("sample", "load")
    assert loaded.exit_code == 0, loaded.output
    return invoke, db
