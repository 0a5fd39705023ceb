"""The Dikti upload built from stored responses: the exact header, one row per completed response,
each value rule, on both databases. Answers go through the real engine and the real template."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stored_turns import save_step
from walkers import typed_answer

from bot.documents.dikti import write_layout_csv
from config.layouts import LAYOUT_DIR, load_layout, parse_layout
from config.loader import read_questionnaire
from config.templates import find_questionnaire
from conversations.engine import resume, start
from conversations.events import AnswerConfirmationAsked, AnswerRejected, QuestionAsked
from conversations.inputs import TextReply
from conversations.questionnaire import Questionnaire
from conversations.state import Phase, Step
from storage.exports.layouts import LayoutMismatch, layout_cell, layout_table
from storage.models import Institution
from storage.roster import repository as repo

Sessions = async_sessionmaker[AsyncSession]
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)

# The 86 columns of the national upload, in order, exactly as the domain notes list them.
HEADER = [
    "kdptimsmh", "kdpstmsmh", "nimhsmsmh", "nmmhsmsmh", "telpomsmh", "emailmsmh", "tahun_lulus",
    "nik", "npwp",
    "f8", "f502", "f505", "f5a1", "f5a2", "f1101", "f1102", "f5b", "f5c", "f5d",
    "f18a", "f18b", "f18c", "f18d", "f1201", "f1202", "f14", "f15",
    *[f"f{n}" for n in range(1761, 1775)],
    *[f"f{n}" for n in range(21, 28)],
    "f301", "f302", "f303",
    *[f"f{n}" for n in range(401, 417)],
    "f6", "f7", "f7a", "f1001", "f1002",
    *[f"f{n}" for n in range(1601, 1615)],
]  # fmt: skip

# Every answer typed, so the expected rows below are what these replies must give. Digits pick a
# choice by its place in the list shown: f1101 lists 1, 6, 7, 2, 3…, so "5" is code 3 (private).
COMMON = {
    "telpomsmh": "0812 3456 7890", "emailmsmh": "Sari@Contoh.ac.id", "f1201": "3",
    **{f"f{n}": str(3 + n % 2) for n in range(1761, 1775)},  # odd 4, even 3
    **{f"f{n}": str(n - 20) for n in range(21, 28)},  # 1, 2, … 7 -> positions 1…5 max
    "f1001": "1",
}  # fmt: skip
COMMON.update({f"f{n}": "2" for n in range(26, 28)})  # positions stay within 1…5
WORKER = {
    **COMMON, "f8": "1", "f502": "0", "f505": "7,5 juta", "f5a1": "kalsel",
    "f5a2": "banjarmasin", "f1101": "5", "f5b": "PT Maju Jaya", "f5d": "2", "f14": "1",
    "f15": "2", "f301": "1", "f302": "3",
    "f4": "4, 11, 15", "f416": "Lewat grup alumni", "f6": "12", "f7": "5", "f7a": "2",
    "f16": "2, 13", "f1614": "Dekat keluarga",
}  # fmt: skip
STUDENT = {
    **COMMON, "f8": "4", "f18a": "2", "f18b": "Universitas Lambung Mangkurat",
    "f18c": "Magister Manajemen", "f18d": "1 September 2025", "f301": "3", "f16": "lewati",
}  # fmt: skip
ABROAD = {
    **COMMON, "f8": "1", "f502": "6", "f505": "20 juta", "f5a1": "luar negeri",
    "f1101": "5", "f5b": "Toyota", "f5d": "3", "f14": "2", "f15": "2", "f301": "2", "f303": "1",
    "f4": "5", "f6": "3", "f7": "1", "f7a": "1", "f16": "1",
}  # fmt: skip

# Written by hand from the rules: identity from the roster (phone 08…, year a number), f502 0
# (before graduating), f505 whole rupiah, f5a1/f5a2 Kemendagri codes (63 Kalimantan Selatan,
# 6371 Kota Banjarmasin), f18d dd/mm/yyyy, f4 and f16 as 0/1 columns with their "other" texts
# in f416 / f1614, f5c empty but for the self-employed, abroad's place empty; the e-mail as
# the engine keeps it (its domain in lower case).
EXPECTED = """\
kdptimsmh,kdpstmsmh,nimhsmsmh,nmmhsmsmh,telpomsmh,emailmsmh,tahun_lulus,nik,npwp,\
f8,f502,f505,f5a1,f5a2,f1101,f1102,f5b,f5c,f5d,f18a,f18b,f18c,f18d,f1201,f1202,f14,f15,\
f1761,f1762,f1763,f1764,f1765,f1766,f1767,f1768,f1769,f1770,f1771,f1772,f1773,f1774,\
f21,f22,f23,f24,f25,f26,f27,f301,f302,f303,\
f401,f402,f403,f404,f405,f406,f407,f408,f409,f410,f411,f412,f413,f414,f415,f416,\
f6,f7,f7a,f1001,f1002,\
f1601,f1602,f1603,f1604,f1605,f1606,f1607,f1608,f1609,f1610,f1611,f1612,f1613,f1614
001002,55201,2019010001,Sari Wulandari,081234567890,Sari@contoh.ac.id,2025,6371014101010001,,\
1,0,7500000,63,6371,3,,PT Maju Jaya,,2,,,,,3,,1,2,\
4,3,4,3,4,3,4,3,4,3,4,3,4,3,\
1,2,3,4,5,2,2,1,3,,\
0,0,0,1,0,0,0,0,0,0,1,0,0,0,1,Lewat grup alumni,\
12,5,2,1,,\
0,1,0,0,0,0,0,0,0,0,0,0,1,Dekat keluarga
001002,55201,2019010002,Tono Saputra,081234567890,Sari@contoh.ac.id,2025,,,\
1,6,20000000,,,3,,Toyota,,3,,,,,3,,2,2,\
4,3,4,3,4,3,4,3,4,3,4,3,4,3,\
1,2,3,4,5,2,2,2,,1,\
0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,,\
3,1,1,1,,\
1,0,0,0,0,0,0,0,0,0,0,0,0,
001002,86101,2020020003,Putri Anggraini,081234567890,Sari@contoh.ac.id,2025,,,\
4,,,,,,,,,,2,Universitas Lambung Mangkurat,Magister Manajemen,01/09/2025,3,,,,\
4,3,4,3,4,3,4,3,4,3,4,3,4,3,\
1,2,3,4,5,2,2,3,,,\
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,\
,,,1,,\
0,0,0,0,0,0,0,0,0,0,0,0,0,
"""


def walk(q: Questionnaire, replies: dict[str, str], until: str | None = None) -> Step:
    """Through the engine from consent to submission (or until `until` is asked)."""
    step = resume(q, start(q, NOW).state, TextReply("ya"), NOW)
    for _ in range(300):
        if step.state.phase is Phase.REVIEW:
            return resume(q, step.state, TextReply("kirim"), NOW)
        assert not any(isinstance(e, AnswerRejected) for e in step.events), step.events
        if any(isinstance(e, AnswerConfirmationAsked) for e in step.events):
            step = resume(q, step.state, TextReply("ya"), NOW)
            continue
        asked = [e for e in step.events if isinstance(e, QuestionAsked)][-1]
        if asked.question.code == until:
            return step
        code = asked.question.code
        if asked.awaiting_other:
            reply = {"f5a1": "Jepang"}.get(code, "Lainnya")
        else:
            reply = typed_answer(asked.question, replies)
        step = resume(q, step.state, TextReply(reply), NOW)
    raise AssertionError("the walk did not end")


@pytest.fixture
async def survey_id(sessions: Sessions) -> int:
    """A university's dikti survey: three graduates done, one half-way, one not started."""
    q, source = read_questionnaire(find_questionnaire("dikti"))
    async with sessions() as session, session.begin():
        campus = await repo.upsert_institution(
            session, code="001002", name="Universitas Contoh", kind="university",
            timezone="Asia/Makassar",
        )  # fmt: skip
        version = await repo.ensure_version(session, q.id, q.version, source)
        survey = await repo.create_survey(
            session, institution_id=campus.id, questionnaire_version=version,
            name="Tracer 2026", graduation_year=2025, opens_at=NOW,
        )  # fmt: skip
        people = {}
        for nim, name, programme, nik in (
            ("2019010001", "Sari Wulandari", "55201", "6371014101010001"),
            ("2019010002", "Tono Saputra", "55201", None),
            ("2020020003", "Putri Anggraini", "86101", None),
            ("2020020004", "Halfway Hadi", "86101", None),
            ("2020020005", "Never Nanda", "86101", None),
        ):
            alumnus = await repo.add_alumnus(
                session, institution_id=campus.id, nisn=nim, name=name, graduation_year=2025,
                birth_date=date(2002, 1, 2), programme=programme, nik=nik,
                phone="+6281200000000",
            )  # fmt: skip
            people[nim] = alumnus.id
    for nim, replies, until in (
        ("2019010001", WORKER, None),
        ("2019010002", ABROAD, None),
        ("2020020003", STUDENT, None),
        ("2020020004", STUDENT, "f1201"),
    ):
        await save_step(sessions, survey.id, people[nim], walk(q, replies, until), NOW)
    return survey.id


async def test_the_upload_has_the_exact_header_and_one_coded_row_per_completed_response(
    sessions: Sessions, survey_id: int
) -> None:
    layout = load_layout(LAYOUT_DIR / "dikti.yaml")
    assert list(layout.header) == HEADER and len(HEADER) == 86
    async with sessions() as session:
        table = await layout_table(session, survey_id, layout)
    assert [c.name for c in table.columns] == HEADER
    buffer = io.BytesIO()
    write_layout_csv(table, buffer)
    written = buffer.getvalue().decode("utf-8")
    assert not written.startswith("\ufeff")  # the first header is read exactly
    assert written.replace("\r\n", "\n") == EXPECTED


async def test_cells_keep_identifiers_as_text_and_codes_as_numbers(
    sessions: Sessions, survey_id: int
) -> None:
    async with sessions() as session:
        table = await layout_table(session, survey_id, load_layout(LAYOUT_DIR / "dikti.yaml"))
    sari = dict(zip(HEADER, table.rows[0], strict=True))
    assert sari["nimhsmsmh"] == "2019010001" and sari["kdptimsmh"] == "001002"  # zeros kept
    assert sari["nik"] == "6371014101010001"
    assert (sari["f8"], sari["f502"], sari["f505"]) == (1, 0, 7_500_000)
    assert (sari["f5a1"], sari["f5a2"], sari["tahun_lulus"]) == (63, 6371, 2025)
    chosen = [n for n in range(401, 416) if sari[f"f{n}"] == 1]
    assert chosen == [404, 411, 415] and sari["f416"] == "Lewat grup alumni"
    assert [n for n in range(1601, 1614) if sari[f"f{n}"] == 1] == [1602, 1613]


async def test_a_layout_for_another_questionnaire_is_refused_with_the_reason(
    sessions: Sessions, institution: Institution
) -> None:
    q, source = read_questionnaire(find_questionnaire("smk"))
    async with sessions() as session, session.begin():
        version = await repo.ensure_version(session, q.id, q.version, source)
        survey = await repo.create_survey(
            session, institution_id=institution.id, questionnaire_version=version,
            name="SMK 2025", graduation_year=2025, opens_at=NOW,
        )  # fmt: skip
    async with sessions() as session:
        with pytest.raises(LayoutMismatch) as caught:
            await layout_table(session, survey.id, load_layout(LAYOUT_DIR / "dikti.yaml"))
    assert caught.value.problems == [
        "dikti.yaml: the layout reads the 'dikti' questionnaire, not 'smk'; export a survey of "
        "'dikti' with it"
    ]


async def test_an_unknown_survey_is_a_lookup_error(sessions: Sessions) -> None:
    async with sessions() as session:
        with pytest.raises(LookupError):
            await layout_table(session, 999, load_layout(LAYOUT_DIR / "dikti.yaml"))


def test_the_expected_file_is_well_formed() -> None:
    rows = list(csv.reader(io.StringIO(EXPECTED)))
    assert rows[0] == HEADER and all(len(row) == 86 for row in rows)


def test_each_format_and_rule_of_a_layout_column() -> None:
    """The rules a national SMK or BLK layout may need beyond Dikti's, one cell at a time."""
    layout = parse_layout(
        """\
id: smk_nasional
version: "1"
title: Uji
questionnaire: smk
source: uji
date_format: "%d-%m-%Y"
columns:
  - {name: masa_tunggu, question: masa_tunggu, format: number,
     zero_when: {question: mulai_kerja, values: ["1"]}}
  - {name: npwp, roster: npwp, format: digits}
  - {name: jenjang, value: SMK}
  - {name: hp, question: hp, roster: phone, format: phone_local}
  - {name: lulus, question: tgl, format: date}
  - {name: negara, question: lokasi, other: true}
  - {name: lokasi, question: lokasi, recode: {"2": "LN", "1": ""}}
""",
        "smk_nasional.yaml",
    )
    roster = {"npwp": "12.345.678.9-012.000", "phone": "+6281200000001"}
    before = {"mulai_kerja": ("1", None), "masa_tunggu": (None, None), "tgl": ("2025-09-01", None),
              "lokasi": ("2", "Malaysia")}  # fmt: skip
    after = {"mulai_kerja": ("2", None), "masa_tunggu": (4, None), "hp": ("+6581234567", None),
             "lokasi": ("1", None)}  # fmt: skip
    cells = [[layout_cell(layout, c, roster, a) for c in layout.columns] for a in (before, after)]
    assert cells[0] == [0, "123456789012000", "SMK", "081200000001", "01-09-2025", "Malaysia",
                        "LN"]  # fmt: skip
    # a number not from Indonesia stays as stored; "1" recoded to "" is an empty cell
    assert cells[1] == [4, "123456789012000", "SMK", "+6581234567", None, None, None]
