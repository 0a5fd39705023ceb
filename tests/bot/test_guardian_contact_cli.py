"""`jejak institution set --no-guardian-contact / --guardian-contact`: a school's switch for
parents' messages."""

from __future__ import annotations

import sqlite3

from bot.cli.sample import SMK_CODE


def _allowed(db) -> int:
    with sqlite3.connect(db) as conn:
        [(allowed,)] = conn.execute(
            "SELECT guardian_contact FROM institutions WHERE code = ?", (SMK_CODE,)
        ).fetchall()
    return int(allowed)


def test_a_school_turns_parents_messages_off_and_on(cli) -> None:
    invoke, db = cli
    assert _allowed(db) == 1  # on by default
    off = invoke("institution", "set", "--code", SMK_CODE, "--no-guardian-contact")
    assert off.exit_code == 0, off.output
    assert "tidak akan pernah dihubungi" in off.output and _allowed(db) == 0
    on = invoke("institution", "set", "--code", SMK_CODE, "--guardian-contact")
    assert on.exit_code == 0, on.output
    assert "orang tua" in on.output and _allowed(db) == 1
    unknown = invoke("institution", "set", "--code", "00000000", "--no-guardian-contact")
    assert unknown.exit_code != 0 and "00000000" in unknown.output
    assert invoke("institution", "set", "--code", SMK_CODE).exit_code != 0  # say which
