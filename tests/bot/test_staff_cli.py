"""`jejak staff …` and `jejak survey reminders` as an operator uses them, on the sample data."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.cli.sample import SMK_CODE

BOT = "JejakContohBot"
LINK = re.compile(rf"https://t\.me/{BOT}\?start=([A-Za-z0-9_-]{{22}})")


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_add_prints_a_one_time_link_and_stores_the_scope(cli) -> None:
    invoke, db = cli
    result = invoke(
        "staff", "add", "--role", "homeroom", "--name", "Dra. Sri Wahyuni",
        "--institution", SMK_CODE, "--class", "XII AKL 1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [token] = LINK.findall(result.output)
    assert rows(db, "SELECT name, role, link_token FROM staff") == [
        ("Dra. Sri Wahyuni", "homeroom", token)
    ]
    [(class_name,)] = rows(
        db,
        "SELECT c.name FROM staff_scopes s JOIN class_groups c ON s.class_group_id = c.id",
    )
    assert class_name == "XII AKL 1"
    listed = invoke("staff", "list")
    assert "Dra. Sri Wahyuni" in listed.output and "XII AKL 1" in listed.output
    assert "belum terhubung" in listed.output
    # A new link replaces the old one.
    renewed = invoke("staff", "link", "1")
    [new_token] = LINK.findall(renewed.output)
    assert new_token != token
    assert rows(db, "SELECT link_token FROM staff") == [(new_token,)]
    removed = invoke("staff", "remove", "1")
    assert removed.exit_code == 0
    assert rows(db, "SELECT active, link_token FROM staff") == [(0, None)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "boss", "--name", "X"], "Peran 'boss' tidak dikenal"),
        (["--role", "bkk", "--name", "X"], "perlu --institution"),
        (["--role", "operator", "--name", "X", "--institution", SMK_CODE], "tanpa --institution"),
        (["--role", "homeroom", "--name", "X", "--institution", SMK_CODE], "wali kelas perlu"),
        (
            ["--role", "homeroom", "--name", "X", "--institution", SMK_CODE, "--class", "XII Z"],
            "Kelas 'XII Z' tidak ada",
        ),
        (["--role", "bkk", "--name", "X", "--institution", "00000000"], "00000000"),
        (
            ["--role", "bkk", "--name", "X", "--institution", SMK_CODE, "--class", "XII AKL 1"],
            "hanya untuk peran homeroom",
        ),
    ],
)
def test_bad_staff_options_name_the_problem_and_store_nothing(cli, args, message) -> None:
    invoke, db = cli
    result = invoke("staff", "add", *args)
    assert result.exit_code == 1
    assert message.lower() in result.output.lower() and "Traceback" not in result.output
    assert rows(db, "SELECT count(*) FROM staff") == [(0,)]


def test_reminder_policy_is_shown_and_changed(cli) -> None:
    invoke, db = cli
    shown = invoke("survey", "reminders", "--survey", "1")
    assert "3, 7, 14" in shown.output and "8.00-20.00" in shown.output
    changed = invoke("survey", "reminders", "--survey", "1", "--days", "2,5", "--hours", "9-17")
    assert changed.exit_code == 0 and "2, 5" in changed.output
    [(days, start, end)] = rows(
        db, "SELECT reminder_days, send_from_hour, send_until_hour FROM surveys WHERE id = 1"
    )
    assert (days.replace(" ", ""), start, end) == ("[2,5]", 9, 17)
    for bad in (["--days", "1,2,3,4"], ["--days", "7,3"], ["--hours", "20-8"], ["--days", "x"]):
        result = invoke("survey", "reminders", "--survey", "1", *bad)
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert rows(db, "SELECT send_from_hour FROM surveys WHERE id = 1") == [(9,)]


def test_staff_linked_by_whatsapp_number(cli) -> None:
    invoke, db = cli
    result = invoke(
        "staff", "add", "--role", "bkk", "--name", "Bu Sari", "--institution", SMK_CODE,
        "--whatsapp", "0813 9999 0000",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT channel, external_id, kind FROM staff_chats") == [
        ("whatsapp", "+6281399990000", "person")
    ]
    bad = invoke("staff", "add", "--role", "bkk", "--name", "X", "--institution", SMK_CODE,
                 "--whatsapp", "12")  # fmt: skip
    assert bad.exit_code == 1 and "bukan nomor WhatsApp" in bad.output
