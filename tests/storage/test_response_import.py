"""Answers gathered elsewhere: a file in the export's layout, checked by the engine, stored whole.

The round trips export a survey with the real export code (CSV and XLSX), import the file into a
fresh survey of the same questionnaire on the same roster, and compare the stored answers, the
state JSON beside them, and the figures. Every kind of bad file stores nothing and names row and
column; responses already there are kept or replaced as the import promises. Both databases.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stored_turns import save_step
from walkers import typed_answer

from bot.documents.export import write_csv, write_xlsx
from config.loader import parse_questionnaire, read_questionnaire
from config.templates import find_questionnaire
from conversations.engine import resume, start
from conversations.events import AnswerConfirmationAsked, AnswerRejected, QuestionAsked
from conversations.indicators.figures import Respondent, compute_figures
from conversations.inputs import TextReply
from conversations.questionnaire import Questionnaire
from conversations.state import Phase, Step
from storage.exports.table import export_table
from storage.models import Institution, ResponseSource, ResponseStatus, Survey
from storage.roster import repository as repo
from storage.surveys.imports import ResponsesImport, import_responses, roster_key
from storage.surveys.responses import (
    answers_of,
    delete_answers,
    get_response,
    load_state,
    responses_for_survey,
)

Sessions = async_sessionmaker[AsyncSession]
ANSWERED_AT = datetime(2025, 9, 1, 3, 0, tzinfo=UTC)  # 11:00 in Makassar (WITA)
NOW = datetime(2025, 10, 1, 3, 0, tzinfo=UTC)  # when the file is imported

# A small questionnaire with every kind of cell the export writes: a choice with skip logic
# behind it, a date, a month, money, a multiple choice with "other" and "none", a rating, an
# e-mail address and a phone number.
MINI = """
id: mini
version: "1"
title: {id: Mini, en: Mini}
languages: [id, en]
consent: {id: "Setuju?", en: "Do you agree?"}
sections:
  - id: s
    title: {id: Semua, en: All}
    questions:
      - code: status
        type: single_choice
        label: {id: "Kegiatan?", en: "Activity?"}
        choices:
          - {value: "1", label: {id: Bekerja, en: Working}}
          - {value: "4", label: {id: Mencari kerja, en: Looking for work}}
      - code: mulai
        type: date
        show_if: {question: status, equals: "1"}
        label: {id: "Mulai kerja?", en: "Started when?"}
      - code: gaji
        type: money
        required: false
        show_if: {question: status, equals: "1"}
        label: {id: "Gaji?", en: "Pay?"}
      - code: bulan
        type: month
        required: false
        label: {id: "Bulan lulus?", en: "Month of graduation?"}
      - code: alat
        type: multiple_choice
        label: {id: "Alat kerja?", en: "Work tools?"}
        choices:
          - {value: "1", label: {id: Laptop, en: Laptop}}
          - {value: "2", label: {id: HP, en: Phone}}
          - {value: "9", label: {id: Lainnya, en: Other}, other: true}
          - {value: "0", label: {id: Tidak ada, en: None}, exclusive: true}
      - code: puas
        type: rating
        label: {id: "Puas?", en: "Satisfied?"}
        scale: {min: 1, max: 5}
      - code: email
        type: email
        required: false
        label: {id: "Email?", en: "E-mail?"}
      - code: hp
        type: phone
        required: false
        label: {id: "HP?", en: "Phone?"}
"""

ROSTER = (  # NISN, name, class: the cohort of 2025
    ("0012345678", "Ayu Lestari", "XII AKL 1"),
    ("0023456789", "Budi Santoso", "XII TKJ 1"),
    ("0034567890", "Citra Dewi", "XII AKL 1"),
    ("0045678901", "Dedi Kurniawan", "XII TKJ 1"),
    ("0056789012", "Eko Prasetyo", "XII AKL 1"),
    ("0067890123", "Fitri Handayani", "XII TKJ 1"),
    ("0078901234", "Gita Permata", "XII AKL 1"),
    ("0089012345", "Hadi Wijaya", "XII TKJ 1"),
)


@dataclass
class Cohort:
    questionnaire: Questionnaire
    chat: Survey  # where the alumni answered in a chat
    fresh: Survey  # the same questionnaire and cohort, nothing in it yet
    alumni: dict[str, int]  # first name -> alumnus id
    nisn: dict[str, str]  # first name -> NISN


# A university's graduates by NIM (as in bot/cli/sample.py's roster), and a BLK's trainees by
# participant number; one of each is all digits, as Excel may turn it into a number.
UNIVERSITY_ROSTER = (
    ("A11.2018.00137", "Maya Hidayat", "Kelas TI"),
    ("B11.2019.00137", "Citra Saputra", "Kelas MN"),
    ("201811002", "Rudi Hartono", "Kelas TI"),
    ("A11.2018.00140", "Sari Wulandari", "Kelas MN"),
)
BLK_ROSTER = (
    ("2502.LAS.001", "Rangga Saputra", "Gelombang LAS"),
    ("2501.MJH.001", "Fitri Daeng", "Gelombang MJH"),
    ("250100017", "Agus Salim", "Gelombang LAS"),
)


async def _cohort(
    sessions: Sessions,
    institution: Institution,
    source: str,
    roster: tuple[tuple[str, str, str], ...] = ROSTER,
) -> Cohort:
    """Two surveys of one questionnaire text for the 2025 cohort of `roster`, and the roster."""
    q = parse_questionnaire(source, "q.yaml")
    async with sessions() as session, session.begin():
        version = await repo.ensure_version(session, q.id, q.version, source)
        surveys = []
        for name in ("Tracer 2025", "Tracer 2025 (impor)"):
            survey = await repo.create_survey(
                session, institution_id=institution.id, questionnaire_version=version,
                name=name, graduation_year=2025, opens_at=ANSWERED_AT,
            )  # fmt: skip
            surveys.append(survey)
        classes = {
            name: (await repo.ensure_class_group(session, institution.id, name)).id
            for name in sorted({group for _, _, group in roster})
        }
        alumni, nisn = {}, {}
        for number, name, group in roster:
            added = await repo.add_alumnus(
                session, institution_id=institution.id, nisn=number, name=name,
                graduation_year=2025, birth_date=date(2007, 1, 2),
                programme=group.split()[1], class_group_id=classes[group],
            )  # fmt: skip
            alumni[name.split()[0]] = added.id
            nisn[name.split()[0]] = number
    return Cohort(q, surveys[0], surveys[1], alumni, nisn)


@pytest.fixture
async def smk(sessions: Sessions, institution: Institution) -> Cohort:
    """The SMK template: the figures it declares make the round trip's yardstick."""
    _, source = read_questionnaire(find_questionnaire("smk"))
    return await _cohort(sessions, institution, source)


@pytest.fixture
async def mini(sessions: Sessions, institution: Institution) -> Cohort:
    return await _cohort(sessions, institution, MINI)


async def _other_kind(sessions: Sessions, code: str, kind: str, template: str,
                      roster: tuple[tuple[str, str, str], ...]) -> Cohort:  # fmt: skip
    async with sessions() as session, session.begin():
        other = await repo.upsert_institution(
            session, code=code, name=f"Contoh {kind}", kind=kind, timezone="Asia/Jakarta",
            now=NOW,
        )  # fmt: skip
    _, source = read_questionnaire(find_questionnaire(template))
    return await _cohort(sessions, other, source, roster)


@pytest.fixture
async def university(sessions: Sessions) -> Cohort:
    """The dikti template at a university whose roster holds NIMs."""
    return await _other_kind(sessions, "999901", "university", "dikti", UNIVERSITY_ROSTER)


@pytest.fixture
async def blk(sessions: Sessions) -> Cohort:
    """The BLK template at a training centre whose roster holds participant numbers."""
    return await _other_kind(sessions, "BLK9901", "blk", "blk", BLK_ROSTER)


def walk(
    q: Questionnaire,
    by_code: dict[str, str],
    others: dict[str, str] | None = None,
    stop_before: str | None = None,
) -> Step:
    """Answer through the engine as in a chat: to submission, or until `stop_before` is asked."""
    step = resume(q, start(q, ANSWERED_AT).state, TextReply("ya"), ANSWERED_AT)
    while step.state.phase is not Phase.REVIEW:
        assert not any(isinstance(e, AnswerRejected) for e in step.events), step.events
        if any(isinstance(e, AnswerConfirmationAsked) for e in step.events):
            step = resume(q, step.state, TextReply("ya"), ANSWERED_AT)  # "Rp 4.500.000?"
            continue
        asked = [e for e in step.events if isinstance(e, QuestionAsked)][-1]
        if asked.question.code == stop_before:
            return step
        if asked.awaiting_other:
            reply = (others or {})[asked.question.code]
        else:
            reply = typed_answer(asked.question, by_code)
        step = resume(q, step.state, TextReply(reply), ANSWERED_AT)
    step = resume(q, step.state, TextReply("kirim"), ANSWERED_AT)
    assert step.state.phase is Phase.COMPLETED
    return step


async def answer(sessions: Sessions, survey: Survey, alumnus_id: int, step: Step) -> None:
    await save_step(sessions, survey.id, alumnus_id, step, ANSWERED_AT)


SMK_ANSWERS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    # Working, also studying; first job 4 months after graduating; "other" texts, one that a
    # spreadsheet would run as a formula.
    "Ayu": (
        {"nisn": "0012345678", "status": "1", "status_juga": "3", "mulai_kerja": "2",
         "masa_tunggu": "4", "bidang_usaha": "12", "gaji": "4,5 juta", "keselarasan": "5",
         "cara_dapat_kerja": "7", "kompetensi_kurang": "2, 9", "email": "lewati"},
        {"bidang_usaha": "Robotika", "cara_dapat_kerja": "Teman ayah",
         "kompetensi_kurang": "=Negosiasi"},
    ),
    # Own business, nothing else; income skipped.
    "Budi": (
        {"nisn": "0023456789", "status": "2", "status_juga": "Tidak ada",
         "usaha_penghasilan": "lewati", "usaha_keselarasan": "2"},
        {},
    ),
    # Studying, also working since before graduating, abroad.
    "Citra": (
        {"nisn": "0034567890", "status": "3", "status_juga": "1", "mulai_kerja": "1",
         "lokasi_kerja": "2", "gaji": "3500000", "cara_dapat_kerja": "2", "keselarasan": "3"},
        {},
    ),
    "Dedi": ({"nisn": "0045678901", "status": "4"}, {}),  # looking for work
    "Eko": ({"nisn": "0056789012", "status": "5"}, {}),  # not yet able to work
    # Working since before graduating, well paid, found through the BKK.
    "Fitri": (
        {"nisn": "0067890123", "status": "1", "status_juga": "Tidak ada", "mulai_kerja": "1",
         "gaji": "7 juta", "cara_dapat_kerja": "1", "keselarasan": "4"},
        {},
    ),
}  # fmt: skip

MINI_ANSWERS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "Ayu": (
        {"status": "1", "mulai": "17 Agustus 2025", "gaji": "4500", "bulan": "Juni 2025",
         "alat": "1, 3", "puas": "5", "email": "Ayu.L@Contoh.SCH.id", "hp": "0812-1111-2222"},
        {"alat": "Mesin jahit"},
    ),
    "Budi": (
        {"status": "Mencari kerja", "bulan": "lewati", "alat": "Tidak ada", "puas": "1",
         "email": "lewati", "hp": "lewati"},
        {},
    ),
    "Citra": (
        {"status": "1", "mulai": "02-01-2026", "gaji": "lewati", "bulan": "05/2025",
         "alat": "2", "puas": "3", "email": "lewati", "hp": "+6281333334444"},
        {},
    ),
}  # fmt: skip


async def fill(sessions: Sessions, cohort: Cohort, answers: dict[str, tuple[dict, dict]]) -> None:
    """The chat survey: these alumni completed; Gita stopped half-way; Hadi never started."""
    q = cohort.questionnaire
    for name, (by_code, others) in answers.items():
        await answer(sessions, cohort.chat, cohort.alumni[name], walk(q, by_code, others))
    partial = walk(q, {"nisn": cohort.nisn["Gita"], "status": "1"}, stop_before="gaji")
    assert partial.state.phase is Phase.QUESTION
    await answer(sessions, cohort.chat, cohort.alumni["Gita"], partial)


async def export_file(sessions: Sessions, survey: Survey, path: Path, language: str) -> Path:
    """The survey exported by the real export code, to CSV or XLSX by the file's extension."""
    async with sessions() as session:
        table = await export_table(session, survey.id, language=language)
    if path.suffix == ".csv":
        write_csv(table, path, language)
    else:
        write_xlsx(table, path, language)
    return path


async def stored(sessions: Sessions, survey: Survey) -> dict[int, dict[str, tuple]]:
    """Completed responses' answers: alumnus id -> code -> (value, other text)."""
    found: dict[int, dict[str, tuple]] = {}
    async with sessions() as session:
        for response in await responses_for_survey(session, survey.id, ResponseStatus.COMPLETED):
            rows = await answers_of(session, response.id)
            found[response.alumnus_id] = {r.question_code: (r.value, r.other_text) for r in rows}
            state = load_state(response)
            assert state is not None and state.phase is Phase.COMPLETED
            # The state JSON and the answers table say the same.
            assert {c: (a.value, a.other_text) for c, a in state.answers.items()} == found[
                response.alumnus_id
            ]
    return found


async def figures(sessions: Sessions, cohort: Cohort, survey: Survey) -> dict[str, object]:
    """The report's figures over the survey's stored answers, per class."""
    answers = await stored(sessions, survey)
    classes = {name: group for _, name, group in ROSTER}
    respondents = [
        Respondent(
            {"class": classes[name]},
            alumnus_id in answers,
            {code: value for code, (value, _) in answers.get(alumnus_id, {}).items()},
        )
        for name, alumnus_id in ((n, cohort.alumni[n.split()[0]]) for _, n, _ in ROSTER)
    ]
    return compute_figures(cohort.questionnaire, respondents, group_keys=("class",))


async def run_import(
    sessions: Sessions,
    survey: Survey,
    path: Path,
    source: ResponseSource = ResponseSource.IMPORT,
    recorded_by: str | None = None,
    language: str = "en",
) -> ResponsesImport:
    seen: list[tuple[str, int, int]] = []
    report = await import_responses(
        sessions,
        survey.id,
        path,
        source=source,
        recorded_by=recorded_by,
        now=NOW,
        language=language,
        progress=lambda *p: seen.append(p),
    )
    if report.stored:
        assert seen[-1][0] == "store" and seen[-1][1] == seen[-1][2]
    return report


# --- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "language"), [("ekspor.csv", "id"), ("export.xlsx", "en")])
async def test_an_exported_survey_imports_into_a_fresh_one_with_the_same_figures(
    sessions: Sessions, smk: Cohort, tmp_path: Path, name: str, language: str
) -> None:
    await fill(sessions, smk, SMK_ANSWERS)
    path = await export_file(sessions, smk.chat, tmp_path / name, language)

    report = await run_import(sessions, smk.fresh, path)

    assert report.errors == ()
    assert report.stored
    assert (report.rows, report.created, report.replaced, report.blank) == (8, 6, 0, 1)
    gita_row = 2 + [n for _, n, _ in sorted(ROSTER, key=lambda r: (r[2], r[1]))].index(
        "Gita Permata"
    )
    assert report.unfinished == (gita_row,)  # the half-way response is not imported
    original, imported = await stored(sessions, smk.chat), await stored(sessions, smk.fresh)
    assert imported == original
    assert len(imported) == 6
    assert imported[smk.alumni["Ayu"]]["kompetensi_kurang"] == (["2", "9"], "=Negosiasi")
    assert imported[smk.alumni["Ayu"]]["gaji"] == (4_500_000, None)
    assert imported[smk.alumni["Budi"]]["usaha_penghasilan"] == (None, None)  # skipped stays so
    before, after = await figures(sessions, smk, smk.chat), await figures(sessions, smk, smk.fresh)
    assert after == before
    assert before["completed"] == 6 and before["bmw_rate"] == pytest.approx(4 / 6, abs=1e-4)
    assert before["waiting_time_months"]["n"] == 3
    async with sessions() as session:
        ayu = await get_response(session, smk.fresh.id, smk.alumni["Ayu"])
        chat = await get_response(session, smk.chat.id, smk.alumni["Ayu"])
        gita = await get_response(session, smk.fresh.id, smk.alumni["Gita"])
    assert ayu is not None and chat is not None
    assert (ayu.source, ayu.recorded_by) == ("import", None)
    assert chat.source == "chat"  # every chat response says so
    assert ayu.completed_at == ANSWERED_AT  # the file's finishing time, not the import's
    assert ayu.started_at == ANSWERED_AT
    assert ayu.questionnaire_version_id == smk.fresh.questionnaire_version_id
    assert gita is None


@pytest.mark.parametrize("name", ["ekspor.csv", "ekspor.xlsx"])
async def test_every_kind_of_cell_survives_the_round_trip(
    sessions: Sessions, mini: Cohort, tmp_path: Path, name: str
) -> None:
    await fill(sessions, mini, MINI_ANSWERS)
    path = await export_file(sessions, mini.chat, tmp_path / name, "id")

    report = await run_import(
        sessions, mini.fresh, path, ResponseSource.PHONE, recorded_by="Bu Sari", language="id"
    )

    assert report.errors == () and report.created == 3
    original, imported = await stored(sessions, mini.chat), await stored(sessions, mini.fresh)
    assert imported == original
    ayu = imported[mini.alumni["Ayu"]]
    assert ayu["mulai"] == ("2025-08-17", None)
    assert ayu["bulan"] == ("2025-06", None)
    assert ayu["gaji"] == (4_500_000, None)  # "4500" was confirmed as thousands in the chat
    assert ayu["alat"] == (["1", "9"], "Mesin jahit")
    assert ayu["email"] == ("Ayu.L@contoh.sch.id", None)
    assert ayu["hp"] == ("+6281211112222", None)
    assert imported[mini.alumni["Budi"]]["alat"] == (["0"], None)
    assert "mulai" not in imported[mini.alumni["Budi"]]  # hidden by skip logic: never asked
    async with sessions() as session:
        citra = await get_response(session, mini.fresh.id, mini.alumni["Citra"])
    assert citra is not None and (citra.source, citra.recorded_by) == ("phone", "Bu Sari")
    lines = report.summary("en")
    assert lines[0] == f"3 complete responses from {name} stored in survey {mini.fresh.id} " + (
        "(phone, taken by Bu Sari)."
    )


UNIVERSITY_ANSWERS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    # Self-employed (not working for someone: the workplace's province and regency are place
    # questions, which an import does not read yet).
    "Maya": (
        {"telpomsmh": "081240000089", "emailmsmh": "maya@example.ac.id", "f8": "3", "f5c": "1",
         "f5d": "2", "f301": "3", "f16": "1"},
        {},
    ),
    # Continuing studies.
    "Citra": (
        {"telpomsmh": "081260000092", "emailmsmh": "citra@example.ac.id", "f8": "4",
         "f18a": "2", "f18d": "1 September 2025", "f301": "2", "f303": "4", "f16": "lewati"},
        {},
    ),
    # Looking for work; an all-digit NIM.
    "Rudi": (
        {"telpomsmh": "081270000011", "emailmsmh": "rudi@example.ac.id", "f8": "5", "f301": "2",
         "f303": "1", "f6": "20", "f7": "5", "f7a": "2", "f1001": "1", "f16": "lewati"},
        {},
    ),
}  # fmt: skip

BLK_ANSWERS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "Rangga": (
        {"nama": "Rangga Saputra", "hp": "081290000072", "status": "1",
         "penghasilan": "3.200.000", "masa_tunggu": "1,5 tahun", "saran": "lewati"},
        {},
    ),
    "Agus": (  # an all-digit participant number
        {"nama": "Agus Salim", "hp": "081290000099", "status": "2", "penghasilan": "lewati",
         "saran": "Tambah praktik"},
        {},
    ),
}  # fmt: skip


async def fill_completed(
    sessions: Sessions, cohort: Cohort, answers: dict[str, tuple[dict, dict]]
) -> None:
    """The chat survey: these alumni completed, the others never started."""
    for name, (by_code, others) in answers.items():
        step = walk(cohort.questionnaire, by_code, others)
        await answer(sessions, cohort.chat, cohort.alumni[name], step)


def retype_keys(path: Path, column: str, cells: dict[str, object]) -> None:
    """The export's key cells as a person or Excel would leave them: number cells, lower case."""
    if path.suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        sep = ";" if ";" in text.splitlines()[0] else ","  # the export's separator by language
        lines = list(csv.reader(io.StringIO(text), delimiter=sep))
        at = lines[0].index(column)
        for line in lines[1:]:
            line[at] = str(cells.get(line[at], line[at]))
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=sep).writerows(lines)
        path.write_text(buffer.getvalue(), encoding="utf-8-sig")
        return
    workbook = load_workbook(path)
    (sheet,) = [ws for ws in workbook.worksheets if ws.cell(1, 1).value == column]
    for (cell,) in sheet.iter_rows(min_row=2, max_col=1):
        cell.value = cells.get(cell.value, cell.value)
    workbook.save(path)


@pytest.mark.parametrize("name", ["ekspor.csv", "export.xlsx"])
async def test_a_university_export_keyed_by_nim_imports_back(
    sessions: Sessions, university: Cohort, tmp_path: Path, name: str
) -> None:
    await fill_completed(sessions, university, UNIVERSITY_ANSWERS)
    path = await export_file(sessions, university.chat, tmp_path / name, "id")
    nim = university.nisn
    # Typed back in lower case with spaces; the all-digit NIM as Excel's number, zeros not added.
    retype_keys(path, "alumni_nim", {nim["Maya"]: " a11.2018. 00137", nim["Rudi"]: 201811002})

    report = await run_import(sessions, university.fresh, path)

    assert report.errors == ()
    assert (report.rows, report.created, report.blank) == (4, 3, 1)
    original, imported = (
        await stored(sessions, university.chat),
        await stored(sessions, university.fresh),
    )
    assert imported == original
    assert set(imported) == {university.alumni[n] for n in ("Maya", "Citra", "Rudi")}
    assert imported[university.alumni["Maya"]]["f5d"] == ("2", None)
    assert imported[university.alumni["Rudi"]]["f8"] == ("5", None)


async def test_a_blk_export_keyed_by_participant_number_imports_back(
    sessions: Sessions, blk: Cohort, tmp_path: Path
) -> None:
    await fill_completed(sessions, blk, BLK_ANSWERS)
    path = await export_file(sessions, blk.chat, tmp_path / "ekspor.csv", "en")
    retype_keys(path, "alumni_no_peserta", {blk.nisn["Rangga"]: "2502.las.001"})

    report = await run_import(sessions, blk.fresh, path)

    assert report.errors == ()
    assert (report.rows, report.created, report.blank) == (3, 2, 1)
    assert await stored(sessions, blk.fresh) == await stored(sessions, blk.chat)
    assert blk.alumni["Agus"] in await stored(sessions, blk.fresh)


async def test_errors_name_the_identifier_column_of_the_kind(
    sessions: Sessions, university: Cohort, tmp_path: Path
) -> None:
    header = ["alumni_nim", "f8"]
    smk_file = write(
        tmp_path / "smk.csv", [[university.nisn["Maya"], "1"]], header=["alumni_nisn", "f8"]
    )
    report = await run_import(sessions, university.fresh, smk_file)
    assert report.errors[0].text("en").startswith("row 1: there is no column 'alumni_nim'")
    unknown = write(tmp_path / "asing.csv", [["A11.2018.99999", "5"], ["", "5"]], header=header)
    report = await run_import(sessions, university.fresh, unknown)
    where = [(e.row, e.column, e.key) for e in report.errors]
    assert where[:2] == [
        (2, "alumni_nim", "responses_unknown_alumnus"),
        (3, "alumni_nim", "responses_blank_key"),
    ]
    assert "'A11.2018.99999' is not on the roster" in report.errors[0].text("en")
    assert "fill in the alumnus's alumni_nim" in report.errors[1].text("en")
    assert await snapshot(sessions, university.fresh) == []


# --- bad files -----------------------------------------------------------------------------------

HEADER = [
    "alumni_nisn", "alumni_nama", "status", "mulai", "gaji", "bulan", "alat_1", "alat_2",
    "alat_9", "alat_0", "alat_lain", "puas", "email", "hp",
]  # fmt: skip


def row(nisn: str, **cells: str) -> list[str]:
    """A file row in HEADER's order: a good Working answer unless `cells` say otherwise."""
    good = {"status": "1", "mulai": "2025-08-17", "alat_1": "1", "alat_2": "0", "alat_9": "0",
            "alat_0": "0", "puas": "4"}  # fmt: skip
    values = {**good, **cells, "alumni_nisn": nisn, "alumni_nama": "(ignored)"}
    return [values.get(column, "") for column in HEADER]


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER, sep: str = ";") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep).writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


async def snapshot(sessions: Sessions, survey: Survey) -> list[tuple]:
    """Everything stored for the survey's responses."""
    async with sessions() as session:
        found = []
        for r in await responses_for_survey(session, survey.id):
            rows = await answers_of(session, r.id)
            found.append((r.alumnus_id, r.status, r.state, r.source, r.completed_at,
                          [(a.question_code, a.value, a.other_text) for a in rows]))  # fmt: skip
        return found


async def test_every_error_names_its_row_and_column_and_nothing_is_stored(
    sessions: Sessions, mini: Cohort, tmp_path: Path
) -> None:
    n = mini.nisn
    # Budi has half a chat response: a bad file must leave it exactly as it is.
    partial = walk(mini.questionnaire, {"status": "1"}, stop_before="gaji")
    await answer(sessions, mini.fresh, mini.alumni["Budi"], partial)
    before = await snapshot(sessions, mini.fresh)
    path = write(
        tmp_path / "jawaban.csv",
        [
            row(n["Ayu"]),  # row 2: good
            row(n["Budi"], status="4", mulai="2025-08-17"),  # 3: hidden by skip logic
            row(n["Citra"], status="7"),  # 4: not a choice
            row(n["Dedi"], mulai="31-02-2025"),  # 5: no such date
            row("0099999999"),  # 6: not on the roster
            row(n["Ayu"], puas="5"),  # 7: Ayu again
            row(n["Eko"], mulai=""),  # 8: a required answer missing
            row(n["Fitri"], alat_1="ya", alat_9="1"),  # 9: not 1/0; "other" without its text
            row(n["Gita"], alat_0="1"),  # 10: "none" with another option
            row(n["Hadi"], alat_lain="Obeng"),  # 11: other text without the other option
        ],
    )

    report = await run_import(sessions, mini.fresh, path)

    assert not report.stored
    where = [(e.row, e.column, e.key) for e in report.errors]
    assert where == [
        (3, "mulai", "responses_hidden"),
        (4, "status", "responses_bad_choice"),
        (5, "mulai", "responses_rejected"),
        (6, "alumni_nisn", "responses_unknown_alumnus"),
        (7, "alumni_nisn", "responses_duplicate_alumnus"),
        (8, "mulai", "responses_required"),
        (9, "alat_1", "responses_bad_flag"),
        (9, "alat_lain", "responses_other_missing"),
        (10, "alat_1", "responses_rejected"),
        (11, "alat_lain", "responses_other_unused"),
    ]
    texts = [e.text("en") for e in report.errors]
    assert texts[0].startswith("row 3, column 'mulai': filled in, yet given the earlier answers")
    assert texts[1] == (
        "row 4, column 'status': '7' is not a choice code of this question; its codes: 1, 4 "
        "(their meaning is on the export's Labels sheet)"
    )
    assert texts[2] == (
        "row 5, column 'mulai': '31-02-2025' is not accepted: 31-02-2025 isn't a date on the "
        "calendar. Please check it, e.g. 17-08-2024."
    )
    assert "'0099999999' is not on the roster" in texts[3]
    assert "'0012345678' is already on row 2" in texts[4]
    assert texts[5].startswith("row 8, column 'mulai': empty, yet this alumnus must answer")
    assert texts[6] == "row 9, column 'alat_1': 'ya' is neither 1 nor 0; write 1 when this " + (
        "option was chosen, 0 or nothing when not"
    )
    assert texts[7] == (
        "row 9, column 'alat_lain': empty, yet choice 9 (other) is chosen; write the 'other' "
        "answer here"
    )
    assert "“None” can't be combined" in texts[8]  # the exclusive option's label
    # The Indonesian catalogue says the same.
    assert report.errors[0].text("id").startswith("baris 3, kolom 'mulai': terisi, padahal")
    assert await snapshot(sessions, mini.fresh) == before


async def test_file_problems(sessions: Sessions, mini: Cohort, tmp_path: Path) -> None:
    async def errors(path: Path) -> list[str]:
        report = await run_import(sessions, mini.fresh, path)
        assert not report.stored
        return [e.text("en") for e in report.errors]

    missing = tmp_path / "nowhere.csv"
    assert await errors(missing) == [
        f"{missing} does not exist; check the file name and its folder (was the command run "
        "from another folder?)"
    ]
    assert "is a folder" in (await errors(tmp_path))[0]
    (tmp_path / "jawaban.pdf").write_bytes(b"%PDF")
    assert "'.pdf' are not supported" in (await errors(tmp_path / "jawaban.pdf"))[0]
    (tmp_path / "rusak.xlsx").write_bytes(b"not a zip")
    assert "cannot be read (BadZipFile)" in (await errors(tmp_path / "rusak.xlsx"))[0]
    (tmp_path / "kosong.csv").write_text("")
    assert "the file is empty" in (await errors(tmp_path / "kosong.csv"))[0]
    header_only = write(tmp_path / "judul.csv", [])
    assert await errors(header_only) == [
        "there is only the header row, no alumni's answers below it"
    ]
    no_key = write(tmp_path / "tanpa.csv", [["1"]], header=["status"])
    assert "there is no column 'alumni_nisn'" in (await errors(no_key))[0]
    twice = write(tmp_path / "ganda.csv", [[*row(mini.nisn["Ayu"]), "1"]], header=[*HEADER, "puas"])
    assert (await errors(twice)) == [
        "row 1, column 'puas': this column appears twice (columns L and O); delete one of them"
    ]
    unknown = write(
        tmp_path / "asing.csv",
        [[*row(mini.nisn["Ayu"]), "x"], [*row(mini.nisn["Budi"]), ""]],
        header=[*HEADER, "alat_7"],
    )
    assert await errors(unknown) == [
        "column 'alat_7' is not a column of questionnaire mini 1, yet 1 rows fill it (rows 2); "
        "delete the column or correct its code (see the Labels sheet of this survey's export)"
    ]
    assert await snapshot(sessions, mini.fresh) == []


async def test_status_and_times_columns(sessions: Sessions, mini: Cohort, tmp_path: Path) -> None:
    header = [*HEADER, "respons_status", "respons_mulai", "respons_selesai"]
    n = mini.nisn
    path = write(
        tmp_path / "waktu.csv",
        [
            [*row(n["Ayu"]), "selesai", "2025-06-01 08:00", "2025-06-01 08:30"],  # 2
            [*row(n["Budi"]), "entah", "", ""],  # 3: not a status
            [*row(n["Citra"]), "", "kemarin", ""],  # 4: not a time
            [*row(n["Dedi"]), "", "", "2030-01-01 10:00"],  # 5: not yet
            [*row(n["Eko"]), "", "2025-06-02 08:00", "2025-06-01 08:00"],  # 6: wrong order
        ],
        header=header,
    )
    report = await run_import(sessions, mini.fresh, path)
    assert [(e.row, e.column, e.key) for e in report.errors] == [
        (3, "respons_status", "responses_bad_status"),
        (4, "respons_mulai", "responses_bad_time"),
        (5, "respons_selesai", "responses_future_time"),
        (6, "respons_mulai", "responses_time_order"),
    ]
    assert report.errors[0].text("en") == (
        "row 3, column 'respons_status': 'entah' is not a known status; write 'completed' for a "
        "complete response, or leave it empty"
    )

    good = write(
        tmp_path / "baik.csv",
        [
            [*row(n["Ayu"]), "completed", "2025-06-01 08:00", "2025-06-01 08:30"],
            [*row(n["Budi"]), "sedang mengisi", "", ""],  # unfinished in the file: left out
            [*row(n["Citra"]), "", "", ""],  # no status, no times: finished now
            ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],  # blank row
            [n["Dedi"]] + [""] * 16,  # an alumnus without answers
        ],
        header=header,
    )
    report = await run_import(sessions, mini.fresh, good)
    assert report.errors == () and report.created == 2
    assert (report.rows, report.unfinished, report.blank) == (4, (3,), 1)
    async with sessions() as session:
        ayu = await get_response(session, mini.fresh.id, mini.alumni["Ayu"])
        citra = await get_response(session, mini.fresh.id, mini.alumni["Citra"])
    assert ayu is not None and citra is not None
    assert ayu.started_at == datetime(2025, 6, 1, 0, 0, tzinfo=UTC)  # 08:00 WITA
    assert ayu.completed_at == datetime(2025, 6, 1, 0, 30, tzinfo=UTC)
    assert citra.started_at == citra.completed_at == NOW
    assert "  skipped 1 (rows 3): the file's status says unfinished" in "\n".join(
        report.summary("en")
    )


async def test_existing_responses_are_kept_or_replaced(
    sessions: Sessions, mini: Cohort, tmp_path: Path
) -> None:
    q, survey, ids, n = mini.questionnaire, mini.fresh, mini.alumni, mini.nisn
    # Ayu completed in a chat; Budi stopped half-way; Citra erased her data; Dedi declined.
    looking = walk(q, {"status": "Mencari kerja", "alat": "2", "puas": "2"})
    await answer(sessions, survey, ids["Ayu"], looking)
    await answer(sessions, survey, ids["Budi"], walk(q, {"status": "1"}, stop_before="gaji"))
    await answer(sessions, survey, ids["Citra"], walk(q, {"status": "Mencari kerja"}))
    async with sessions() as session, session.begin():
        citra = await get_response(session, survey.id, ids["Citra"])
        assert citra is not None
        await delete_answers(session, citra, now=ANSWERED_AT)
    declined = resume(q, start(q, ANSWERED_AT).state, TextReply("tidak"), ANSWERED_AT)
    await answer(sessions, survey, ids["Dedi"], declined)
    chat_before = await stored(sessions, survey)

    rows = [row(n[name], puas="5") for name in ("Ayu", "Budi", "Citra", "Dedi", "Eko")]
    first = await run_import(sessions, survey, write(tmp_path / "a.csv", rows))

    assert first.errors == ()
    assert (first.created, first.replaced) == (1, 2)  # Eko new; Budi and Dedi replaced
    assert (first.kept_chat, first.kept_opted_out) == ((2,), (4,))
    after = await stored(sessions, survey)
    assert after[ids["Ayu"]] == chat_before[ids["Ayu"]]  # the alumnus's own answers win
    assert ids["Citra"] not in after  # her erasure stands
    for name in ("Budi", "Dedi", "Eko"):
        assert after[ids[name]]["puas"] == (5, None)
        assert after[ids[name]]["status"] == ("1", None)
    assert "gaji" in after[ids["Budi"]] and after[ids["Budi"]]["gaji"] == (None, None)
    summary = "\n".join(first.summary("en"))
    assert "new: 1; replacing unfinished responses or an earlier import: 2" in summary
    assert "skipped 1 (rows 2): the alumnus already completed it in a chat" in summary
    assert "skipped 1 (rows 4): the alumnus asked to stop or to have their data erased" in summary

    # An earlier import is replaced by a later one (a corrected file), and says who took it.
    rows = [row(n["Eko"], puas="1")]
    second = await run_import(
        sessions, survey, write(tmp_path / "b.csv", rows), ResponseSource.PHONE, "Pak Budi"
    )
    assert (second.created, second.replaced) == (0, 1)
    async with sessions() as session:
        eko = await get_response(session, survey.id, ids["Eko"])
        rows_ = await answers_of(session, eko.id) if eko else []
    assert eko is not None and (eko.source, eko.recorded_by) == ("phone", "Pak Budi")
    assert {r.question_code: r.value for r in rows_}["puas"] == 1


async def test_cells_as_excel_and_google_forms_give_them(
    sessions: Sessions, mini: Cohort, tmp_path: Path
) -> None:
    """A NISN that lost its zeros, codes and flags as numbers, dates Excel turned into dates."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["alumni_nisn", "status", "mulai", "gaji", "bulan", "alat_1", "alat_2", "alat_9",
                  "alat_0", "alat_lain", "puas", "email", "hp"])  # fmt: skip
    sheet.append([12345678, 1, datetime(2025, 8, 17), 4500000.0, datetime(2025, 6, 1), 1, 0,
                  True, 0, "Gergaji", 4.0, None, "081277778888"])  # fmt: skip
    path = tmp_path / "form.xlsx"
    workbook.save(path)
    # CSV with commas and a formula-looking text the export quoted.
    text = write(
        tmp_path / "koma.csv",
        [row(mini.nisn["Budi"], alat_1="0", alat_9="1", alat_lain="'=SUM(A1)")],
        sep=",",
    )
    assert (await run_import(sessions, mini.fresh, path)).errors == ()
    assert (await run_import(sessions, mini.fresh, text)).errors == ()
    imported = await stored(sessions, mini.fresh)
    ayu, budi = imported[mini.alumni["Ayu"]], imported[mini.alumni["Budi"]]
    assert (ayu["status"], ayu["mulai"], ayu["bulan"]) == (("1", None), ("2025-08-17", None),
                                                          ("2025-06", None))  # fmt: skip
    assert ayu["gaji"] == (4_500_000, None) and ayu["puas"] == (4, None)
    assert ayu["alat"] == (["1", "9"], "Gergaji")
    assert budi["alat"] == (["9"], "=SUM(A1)")


def test_roster_key_restores_the_zeros_excel_dropped() -> None:
    assert roster_key(12345678, "smk") == "0012345678"
    assert roster_key(12345678.0, "smk") == "0012345678"
    assert roster_key("'0012345678", "smk") == "0012345678"
    assert roster_key(" 0012345678 ", "smk") == "0012345678"


def test_roster_key_reads_a_nim_or_participant_number_as_the_roster_stores_it() -> None:
    assert roster_key(" a11.2018. 00137 ", "university") == "A11.2018.00137"
    assert roster_key("'b11.2019.00137", "university") == "B11.2019.00137"
    assert roster_key(201811002, "university") == "201811002"  # no NISN zeros added
    assert roster_key(201811002.0, "university") == "201811002"
    assert roster_key("2502.las.001", "blk") == "2502.LAS.001"
    assert roster_key(250100017, "blk") == "250100017"


async def test_unknown_survey_and_wrong_sources(sessions: Sessions, tmp_path: Path) -> None:
    with pytest.raises(LookupError):
        await import_responses(sessions, 404, tmp_path / "x.csv", now=NOW)
    with pytest.raises(ValueError, match="phone"):
        await import_responses(
            sessions, 1, tmp_path / "x.csv", source=ResponseSource.PHONE, now=NOW
        )
    with pytest.raises(ValueError, match="chat"):
        await import_responses(sessions, 1, tmp_path / "x.csv", source=ResponseSource.CHAT, now=NOW)


async def test_a_chat_response_is_marked_chat(sessions: Sessions, mini: Cohort) -> None:
    """Responses written by a turn get the default source; nobody recorded them."""
    await answer(sessions, mini.chat, mini.alumni["Ayu"], walk(mini.questionnaire, {}))
    async with sessions() as session:
        response = await get_response(session, mini.chat.id, mini.alumni["Ayu"])
    assert response is not None and (response.source, response.recorded_by) == ("chat", None)


async def test_a_place_is_its_official_code_and_a_made_up_code_is_refused(
    sessions: Sessions, smk: Cohort, tmp_path: Path
) -> None:
    await fill(sessions, smk, SMK_ANSWERS)
    path = await export_file(sessions, smk.chat, tmp_path / "ekspor.csv", "id")
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    at = rows[0].index("provinsi_kerja")
    row = next(i for i, r in enumerate(rows) if i and r[at])  # the first alumnus working here
    assert rows[row][at].isdigit()  # exported as the Kemendagri code, e.g. "73"
    rows[row][at] = "99"  # no province has it
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")

    report = await run_import(sessions, smk.fresh, path)

    assert not report.stored
    bad = [e for e in report.errors if e.key == "responses_bad_place"]
    assert [(e.row, e.column) for e in bad] == [(row + 1, "provinsi_kerja")]
    assert "6371" in bad[0].text("id") and "{" not in bad[0].text("en")
    assert await stored(sessions, smk.fresh) == {}
