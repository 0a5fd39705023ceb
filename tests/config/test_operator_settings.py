"""Settings an operator turns: the Telegram send rate and JSON log lines for a collector."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.telegram.app import overall_limit
from config.settings import Settings

TOKEN = "123456:SECRET-TOKEN-VALUE"


@pytest.mark.parametrize(
    ("rate", "burst", "period"),
    [(30.0, 10, 1 / 3), (5.0, 5, 1.0), (0.5, 1, 2.0), (100.0, 10, 0.1)],
)
def test_the_telegram_rate_sets_the_overall_limit(rate: float, burst: int, period: float) -> None:
    got_burst, got_period = overall_limit(rate)
    assert got_burst == burst
    assert got_period == pytest.approx(period)
    assert got_burst / got_period == pytest.approx(rate)  # what goes out per second on average


def test_the_rate_comes_from_jejak_telegram_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JEJAK_TELEGRAM_RATE", "12.5")
    assert Settings(_env_file=None).telegram_rate == 12.5
    monkeypatch.setenv("JEJAK_TELEGRAM_RATE", "0")
    with pytest.raises(ValidationError, match="telegram_rate"):
        Settings(_env_file=None)


def test_json_log_lines_carry_level_logger_message_and_no_secret(
    tmp_path: Path,
) -> None:
    # In a child process: logging.basicConfig configures a process once.
    script = (
        "import logging\n"
        "from config.logs import configure_logging\n"
        f"configure_logging('INFO', 'json', [{TOKEN!r}])\n"
        "log = logging.getLogger('bot.run')\n"
        f"log.info('calling %s', 'https://api.telegram.org/bot{TOKEN}/getMe')\n"
        "try:\n"
        "    raise ConnectionError('down')\n"
        "except ConnectionError:\n"
        "    log.exception('telegram unreachable')\n"
        "logging.getLogger('x').debug('not shown at INFO')\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    lines = [json.loads(line) for line in ran.stderr.splitlines()]
    assert [line["level"] for line in lines] == ["INFO", "ERROR"]
    assert lines[0]["logger"] == "bot.run"
    assert lines[0]["message"] == "calling https://api.telegram.org/bot***/getMe"
    assert lines[1]["error"] == "ConnectionError" and "Traceback" in lines[1]["traceback"]
    assert TOKEN not in ran.stderr
    assert lines[0]["time"].endswith("+00:00")


def test_text_is_the_default_format_and_others_are_refused() -> None:
    assert Settings(_env_file=None).log_format == "text"
    with pytest.raises(ValidationError, match="log_format"):
        Settings(_env_file=None, log_format="xml")
