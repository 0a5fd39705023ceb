"""`jejak invite links` as an operator uses it, on the sample data in a temporary folder."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import segno

from bot.cli.invite import CSV_COLUMNS, qr_file_name, safe_name
from storage.access.invitations import InvitationLine

BOT = "JejakContohBot"
LINK = re.compile(rf"https://t\.me/{BOT}\?start=([A-Za-z0-9_-]{{22}})")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def mode(path: Path) -> int:
    """A file's permission bits, e.g. 0o600."""
    return stat.S_IMODE(path.stat().st_mode)


def smk_survey(db: Path) -> int:
    return query(db, "SELECT id FROM surveys WHERE questionnaire_id = 'smk'")[0][0]


def cohort(db: Path, survey_id: int, class_name: str | None = None) -> list[tuple[str, str]]:
    """(class, name) of the survey's cohort by class and name, as the CSV must list them."""
    found = query(
        db,
        "SELECT coalesce(c.name, ''), a.name FROM alumni a JOIN surveys s "
        "ON s.institution_id = a.institution_id AND s.graduation_year = a.graduation_year "
        "LEFT JOIN class_groups c ON c.id = a.class_group_id WHERE s.id = ?",
        survey_id,
    )
    return sorted(row for row in found if class_name is None or row[0] == class_name)


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the names right
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return list(reader)


def tokens_in_db(db: Path, survey_id: int) -> dict[str, str]:
    return dict(
        query(
            db,
            "SELECT a.nisn, i.token FROM invitations i JOIN alumni a ON a.id = i.alumnus_id "
            "WHERE i.survey_id = ?",
            survey_id,
        )
    )


def test_links_are_written_to_a_csv_and_stay_the_same(cli, tmp_path: Path) -> None:
    invoke, db = cli
    survey = smk_survey(db)
    result = invoke("invite", "links", "--survey", str(survey))
    assert result.exit_code == 0, result.output
    path = tmp_path / f"undangan_survei_{survey}.csv"
    rows = read_csv(path)
    assert [(row["kelas"], row["nama"]) for row in rows] == cohort(db, survey)
    assert len(rows) == 40
    tokens = tokens_in_db(db, survey)
    for row in rows:
        match = LINK.fullmatch(row["link_telegram"])
        assert match, row["link_telegram"]
        assert match.group(1) == tokens[row["nisn"]]
        assert row["nisn"].isdigit() and len(row["nisn"]) == 10  # leading zeros kept
        assert row["no_hp"].startswith("+62")
    assert len({row["link_telegram"] for row in rows}) == 40
    assert f"40 link undangan survei {survey}" in result.stdout
    assert "data pribadi" in result.stdout

    again = invoke("invite", "links", "--survey", str(survey), "--out", "lagi.csv")
    assert again.exit_code == 0, again.output
    assert read_csv(tmp_path / "lagi.csv") == rows  # stable links
    assert query(db, "SELECT count(*) FROM invitations")[0][0] == 40


def test_class_option_writes_one_class(cli, tmp_path: Path) -> None:
    invoke, db = cli
    survey = smk_survey(db)
    result = invoke(
        "invite", "links", "--survey", str(survey), "--class", "XII RPL 1", "--out", "rpl.csv"
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "rpl.csv")
    assert rows and {row["kelas"] for row in rows} == {"XII RPL 1"}
    assert [(row["kelas"], row["nama"]) for row in rows] == cohort(db, survey, "XII RPL 1")
    assert query(db, "SELECT count(*) FROM invitations")[0][0] == len(rows)

    everyone = invoke("invite", "links", "--survey", str(survey), "--out", "semua.csv")
    assert everyone.exit_code == 0, everyone.output
    links = {row["nisn"]: row["link_telegram"] for row in read_csv(tmp_path / "semua.csv")}
    assert all(links[row["nisn"]] == row["link_telegram"] for row in rows)


def test_qr_option_writes_one_png_per_alumnus(cli, tmp_path: Path) -> None:
    invoke, db = cli
    survey = smk_survey(db)
    result = invoke("invite", "links", "--survey", str(survey), "--qr", "qr")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / f"undangan_survei_{survey}.csv")
    files = sorted((tmp_path / "qr").iterdir())
    assert len(files) == len(rows) == 40
    assert {f.name for f in files} == {
        f"{row['kelas'].replace(' ', '_')}_{row['nisn']}.png" for row in rows
    }
    assert all(f.read_bytes().startswith(PNG_SIGNATURE) for f in files)
    first = rows[0]
    expected = io.BytesIO()
    segno.make(first["link_telegram"], error="m").save(expected, kind="png", scale=8, border=2)
    written = tmp_path / "qr" / f"{first['kelas'].replace(' ', '_')}_{first['nisn']}.png"
    assert written.read_bytes() == expected.getvalue()
    assert "qr" in result.stdout


def test_links_and_qr_codes_are_readable_by_their_owner_only(umask, cli, tmp_path: Path) -> None:
    # Each row and each QR code is a working link that answers as that alumnus.
    invoke, db = cli
    survey = smk_survey(db)
    old = tmp_path / "lama.csv"
    old.write_text("an earlier, world-readable list")
    old.chmod(0o644)
    for out in ("lama.csv", "keluar/undangan.csv"):
        result = invoke("invite", "links", "--survey", str(survey), "--out", out,
                        "--qr", "kode/qr")  # fmt: skip
        assert result.exit_code == 0, result.output
        assert mode(tmp_path / out) == 0o600, out
    assert mode(tmp_path / "keluar") == 0o700
    assert mode(tmp_path / "kode") == mode(tmp_path / "kode" / "qr") == 0o700
    codes = list((tmp_path / "kode" / "qr").iterdir())
    assert len(codes) == 40 and {mode(png) for png in codes} == {0o600}


def test_unknown_survey_fails_with_a_message(cli) -> None:
    invoke, db = cli
    result = invoke("invite", "links", "--survey", "999")
    assert result.exit_code == 1
    assert "Survei 999 tidak ada" in result.output
    english = invoke("invite", "links", "--survey", "999", JEJAK_LANGUAGE="en")
    assert english.exit_code == 1
    assert "There is no survey 999" in english.output
    assert query(db, "SELECT count(*) FROM invitations")[0][0] == 0


def test_unknown_class_lists_the_classes(cli) -> None:
    invoke, db = cli
    result = invoke("invite", "links", "--survey", str(smk_survey(db)), "--class", "XII ZZZ 9")
    assert result.exit_code == 1
    assert "Kelas 'XII ZZZ 9' tidak ada di institusi 99999901" in result.output
    assert "XII AKL 1, XII RPL 1, XII TKJ 1" in result.output


def test_a_survey_without_alumni_in_its_cohort_fails(cli) -> None:
    invoke, db = cli
    created = invoke(
        "survey", "create", "--institution", "99999901", "--questionnaire", "smk",
        "--cohort", "2030",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    survey = query(db, "SELECT max(id) FROM surveys")[0][0]
    result = invoke("invite", "links", "--survey", str(survey))
    assert result.exit_code == 1
    assert "belum berisi lulusan 2030" in result.output
    assert "jejak roster import FILE --institution 99999901" in result.output


def test_missing_bot_username_and_token_names_both_settings(cli, tmp_path: Path) -> None:
    invoke, db = cli
    result = invoke(
        "invite", "links", "--survey", str(smk_survey(db)), JEJAK_TELEGRAM_BOT_USERNAME=None
    )
    assert result.exit_code == 1
    assert "JEJAK_TELEGRAM_BOT_USERNAME" in result.output
    assert "JEJAK_TELEGRAM_TOKEN" in result.output
    assert not list(tmp_path.glob("undangan_*.csv"))


def test_a_bot_username_that_is_a_link_is_refused(cli) -> None:
    invoke, db = cli
    result = invoke(
        "invite", "links", "--survey", str(smk_survey(db)),
        JEJAK_TELEGRAM_BOT_USERNAME="https://t.me/JejakContohBot",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "bukan username bot" in result.output


def test_an_unwritable_path_fails_with_a_message(cli, tmp_path: Path) -> None:
    invoke, db = cli
    (tmp_path / "berkas.txt").write_text("not a folder")
    out = tmp_path / "berkas.txt" / "undangan.csv"
    result = invoke("invite", "links", "--survey", str(smk_survey(db)), "--out", str(out))
    assert result.exit_code == 1
    assert "Tidak bisa menulis" in result.output
    assert "berkas.txt" in result.output


# --- asking Telegram for the username (a fake Bot API server on 127.0.0.1) ------------------


class _FakeBotApi(BaseHTTPRequestHandler):
    """Answers getMe for token 123:good; every other token is refused (401)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/bot123:good/getMe":
            status, body = (
                200,
                {
                    "ok": True,
                    "result": {"id": 123, "is_bot": True, "first_name": "Jejak", "username": BOT},
                },
            )
        else:
            status, body = 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def bot_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeBotApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_username_is_asked_from_telegram_with_the_token(
    cli, bot_api: str, tmp_path: Path
) -> None:
    invoke, db = cli
    survey = smk_survey(db)
    settings = {
        "JEJAK_TELEGRAM_BOT_USERNAME": None,
        "JEJAK_TELEGRAM_API_URL": bot_api,
    }
    result = invoke(
        "invite", "links", "--survey", str(survey), JEJAK_TELEGRAM_TOKEN="123:good", **settings
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / f"undangan_survei_{survey}.csv")
    assert all(LINK.fullmatch(row["link_telegram"]) for row in rows)

    refused = invoke(
        "invite", "links", "--survey", str(survey), JEJAK_TELEGRAM_TOKEN="123:bad", **settings
    )
    assert refused.exit_code == 1
    assert "Telegram menolak JEJAK_TELEGRAM_TOKEN" in refused.output


# --- file names -----------------------------------------------------------------------------


def test_qr_file_names_are_safe_everywhere() -> None:
    def line(class_name: str | None) -> InvitationLine:
        return InvitationLine("0061234567", "Ayu", class_name, None, "t" * 22)

    assert qr_file_name(line("XII AKL 1")) == "XII_AKL_1_0061234567.png"
    assert qr_file_name(line("X/IPA-2 (pagi)")) == "X_IPA-2_pagi_0061234567.png"
    assert qr_file_name(line(None)) == "tanpa_kelas_0061234567.png"
    assert safe_name("../..") == "_"
    assert safe_name("Kelas Ü") == "Kelas"


def test_help_lists_the_invite_group(cli) -> None:
    invoke, _ = cli
    assert " invite " in invoke("--help").stdout
    assert " links " in invoke("invite", "--help").stdout


def test_whatsapp_links_when_a_whatsapp_sender_is_configured(cli, tmp_path: Path) -> None:
    invoke, db = cli
    whatsapp_only = {
        "JEJAK_TELEGRAM_BOT_USERNAME": None,
        "JEJAK_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "JEJAK_TWILIO_AUTH_TOKEN": "secret",
        "JEJAK_TWILIO_WHATSAPP_FROM": "+62 812 0000 9999",
    }
    result = invoke("invite", "links", "--survey", str(smk_survey(db)), **whatsapp_only)
    assert result.exit_code == 0, result.output
    with (tmp_path / f"undangan_survei_{smk_survey(db)}.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert "link_telegram" not in rows[0]
    link = re.fullmatch(r"https://wa\.me/6281200009999\?text=MULAI%20([A-Za-z0-9_-]{22})",
                        rows[0]["link_whatsapp"])  # fmt: skip
    assert link is not None
    tokens = {t for (t,) in query(db, "SELECT token FROM invitations")}
    assert link.group(1) in tokens
    both = invoke("invite", "links", "--survey", str(smk_survey(db)), "--out", "both.csv",
                  **{**whatsapp_only, "JEJAK_TELEGRAM_BOT_USERNAME": BOT})  # fmt: skip
    assert both.exit_code == 0, both.output
    with (tmp_path / "both.csv").open(encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    assert header[-2:] == ["link_telegram", "link_whatsapp"]


# --- revoke and reissue (a link forwarded in a class group) ---------------------------------


def test_a_revoked_link_is_void_and_a_reissued_one_is_printed(cli, tmp_path: Path) -> None:
    invoke, db = cli
    survey = smk_survey(db)
    assert invoke("invite", "links", "--survey", str(survey)).exit_code == 0
    nisn, old = next(iter(tokens_in_db(db, survey).items()))

    revoked = invoke("invite", "revoke", "--survey", str(survey), "--nisn", nisn)
    assert revoked.exit_code == 0, revoked.output
    assert "dicabut" in revoked.output and nisn in revoked.output
    [(revoked_at,)] = query(db, "SELECT revoked_at FROM invitations WHERE token = ?", old)
    assert revoked_at is not None
    # `invite links` hands the void link out no more.
    assert invoke("invite", "links", "--survey", str(survey), "--out", "again.csv").exit_code == 0
    assert nisn not in {row["nisn"] for row in read_csv(tmp_path / "again.csv")}

    reissued = invoke("invite", "reissue", "--survey", str(survey), "--nisn", nisn)
    assert reissued.exit_code == 0, reissued.output
    [new] = LINK.findall(reissued.output)
    assert new != old and tokens_in_db(db, survey)[nisn] == new
    assert "data pribadi" in reissued.output
    assert query(db, "SELECT count(*) FROM invitations WHERE token = ?", old) == [(0,)]
    assert invoke("invite", "links", "--survey", str(survey), "--out", "third.csv").exit_code == 0
    third = {row["nisn"]: row["link_telegram"] for row in read_csv(tmp_path / "third.csv")}
    assert third[nisn].endswith(new)


def test_revoke_and_reissue_name_a_nisn_they_cannot_find(cli) -> None:
    invoke, db = cli
    survey = str(smk_survey(db))
    for command in ("revoke", "reissue"):
        result = invoke("invite", command, "--survey", survey, "--nisn", "0000000001")
        assert result.exit_code == 1
        assert "0000000001" in result.output and "jejak roster list" in result.output
    nisn = tokens_in_db(db, int(survey)) or {}
    assert nisn == {}  # no links made yet: nothing to revoke, and it says how to make one
    [(first,)] = query(
        db, "SELECT nisn FROM alumni WHERE institution_id = "
        "(SELECT institution_id FROM surveys WHERE id = ?) ORDER BY id LIMIT 1", int(survey)
    )  # fmt: skip
    result = invoke("invite", "revoke", "--survey", survey, "--nisn", first)
    assert result.exit_code == 1 and "invite reissue" in result.output
