"""The institution kind's identifier everywhere staff and operators see alumni (issue #16 §2):
/belum and /kirimulang, exports, `jejak roster list`, `jejak chat --as`.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.alumni.runner import ConversationRunner
from bot.cli import sample
from bot.services import Services
from bot.staff.desk import StaffDesk
from bot.staff.types import Caller
from config.settings import Settings
from storage.exports.table import export_table
from storage.models import StaffRole
from storage.roster import repository as repo
from storage.staff import members as staff_repo

NOW = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)
BKK = "701"
UNIVERSITY_SURVEY, BLK_SURVEY = 3, 2  # the sample surveys, in the order sample.load makes them


@pytest.fixture
async def desk(
    migrated_url: str, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> StaffDesk:
    """The sample data, and a BKK (career centre) member of the sample university."""
    services = Services(
        Settings(database_url=migrated_url), engine, sessions, ConversationRunner(sessions)
    )
    await sample.load(services, Console(file=io.StringIO()))
    async with sessions() as session, session.begin():
        university = await repo.get_institution(session, sample.UNIVERSITY_CODE)
        assert university is not None
        member = await staff_repo.add_staff(
            session, "Pusat Karier", StaffRole.BKK, [(university.id, None)], NOW
        )
        assert member.link_token is not None
        await staff_repo.redeem_link(session, member.link_token, "telegram", BKK, NOW)
    return StaffDesk(services, lambda: NOW)


async def _ask(desk: StaffDesk, text: str) -> str:
    word, *args = text.split()
    [reply] = await desk.handle(Caller("telegram", BKK, BKK, False), word, args)
    return reply.text


async def test_belum_shows_each_graduates_nim(desk: StaffDesk) -> None:
    text = await _ask(desk, "belum")
    line = next(line for line in text.splitlines() if "Maya Hidayat" in line)
    assert f"(NIM {sample.DEMO_NIM}, " in line, line
    assert "NISN" not in text


async def test_kirimulang_takes_a_nim_in_any_case(desk: StaffDesk) -> None:
    reply = await _ask(desk, f"kirimulang {sample.DEMO_NIM.lower()}")
    # Found: the one graduate, who has not opened the bot yet (and WhatsApp is off).
    assert reply.splitlines() == [
        f"Tidak ada alumni di {sample.DEMO_NIM} yang bisa dan perlu diingatkan sekarang.",
        "1 alumni belum bisa dihubungi lewat chat (belum membuka bot atau memblokirnya): "
        "bagikan tautan undangan pribadi mereka (jejak invite links).",
    ]
    unknown = await _ask(desk, "kirimulang Z99.2000.00001")
    assert unknown == "Tidak ada alumni dengan NIM Z99.2000.00001 dalam cakupan Anda."


async def test_exports_name_the_identifier_column_by_the_kind(
    desk: StaffDesk, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions() as session:
        university = await export_table(session, UNIVERSITY_SURVEY, now=NOW)
        blk = await export_table(session, BLK_SURVEY, now=NOW, language="en")
        smk = await export_table(session, 1, now=NOW)
    assert [c.name for c in university.columns[:2]] == ["alumni_nim", "alumni_nama"]
    assert sample.DEMO_NIM in [row[0] for row in university.rows]
    assert ("alumni_nim", "NIM (dari daftar alumni)") in [
        (label.code, label.question) for label in university.labels
    ]
    assert blk.columns[0].name == "alumni_no_peserta"
    assert sample.DEMO_PARTICIPANT in [row[0] for row in blk.rows]
    assert blk.labels[0].question == "Participant number or NIK (from the roster)"
    assert smk.columns[0].name == "alumni_nisn"  # as before


# --- the command line -------------------------------------------------------------------------


def test_roster_list_heads_the_column_with_the_kinds_identifier(cli: Any) -> None:
    invoke, _ = cli
    shown = invoke("roster", "list", "--institution", sample.UNIVERSITY_CODE).stdout
    assert "NIM" in shown.splitlines()[1] and sample.DEMO_NIM in shown
    blk = invoke("roster", "list", "--institution", sample.BLK_CODE, JEJAK_LANGUAGE="en").stdout
    assert "Participant no./NIK" in blk and sample.DEMO_PARTICIPANT in blk
    assert "Teknik Las Gelombang II" in blk  # the batch is the class group


def test_chat_as_a_nim_or_a_participant_number(cli: Any) -> None:
    invoke, _ = cli
    by_nim = invoke(
        "chat", "--as", sample.DEMO_NIM.lower(), "--institution", sample.UNIVERSITY_CODE, input=""
    )
    assert by_nim.exit_code == 0 and "setuju" in by_nim.stdout, by_nim.output
    by_number = invoke("chat", "--as", sample.DEMO_PARTICIPANT, input="")  # one BLK has it
    assert by_number.exit_code == 0 and "setuju" in by_number.stdout, by_number.output
    by_nik = invoke("chat", "--as", "3271941604019700", input="")  # the BLK trainee without one
    assert by_nik.exit_code == 0 and "setuju" in by_nik.stdout, by_nik.output
    nobody = invoke("chat", "--as", "Z99.2000.00001")
    assert nobody.exit_code == 1
    assert "Tidak ada alumni dengan NISN, NIM atau nomor peserta/NIK Z99.2000.00001" in (
        nobody.stderr
    )


def test_the_university_export_file_holds_nims(cli: Any, tmp_path: Path) -> None:
    invoke, _ = cli
    out = tmp_path / "univ.csv"
    result = invoke(
        "export", "--survey", str(UNIVERSITY_SURVEY), "--format", "csv", "--output", str(out)
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))  # Indonesian Excel
    assert sample.DEMO_NIM in {row["alumni_nim"] for row in rows}
    assert "0320180041" in {row["alumni_nim"] for row in rows}  # leading zero kept
