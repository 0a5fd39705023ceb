"""The export table: every alumnus of the cohort, coded values, 0/1 options, on both databases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stored_turns import save_step
from walkers import typed_answer

from config.loader import parse_questionnaire, read_questionnaire
from config.templates import find_questionnaire
from conversations.engine import resume, start
from conversations.events import AnswerRejected, QuestionAsked
from conversations.inputs import TextReply
from conversations.questionnaire import Questionnaire
from conversations.state import Phase, Step
from storage.exports.table import ExportTable, export_table
from storage.models import Institution, Survey
from storage.roster import repository as repo

Sessions = async_sessionmaker[AsyncSession]
ANSWERED_AT = datetime(2025, 9, 1, 3, 0, tzinfo=UTC)  # 11:00 in Makassar (WITA)
LOCAL = datetime(2025, 9, 1, 11, 0)
# An earlier text of the questionnaire: `status` had a choice "9", and `alat` was asked.
OLD_SMK = """
id: smk
version: "2025.0"
title: {id: Lama, en: Old}
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
          - {value: "9", label: {id: Kegiatan lama, en: Old activity}}
      - code: alat
        type: multiple_choice
        label: {id: "Alat kerja?", en: "Work tools?"}
        choices:
          - {value: "1", label: {id: Laptop, en: Laptop}}
          - {value: "2", label: {id: HP, en: Phone}}
"""


@dataclass
class Cohort:
    survey: Survey
    questionnaire: Questionnaire
    class_ids: dict[str, int]
    alumni: dict[str, int]  # first name -> alumnus id


def walk(
    q: Questionnaire,
    by_code: dict[str, str],
    others: dict[str, str] | None = None,
    stop_before: str | None = None,
) -> Step:
    """Answer through the engine from consent: to submission, or until `stop_before` is asked."""
    step = resume(q, start(q, ANSWERED_AT).state, TextReply("ya"), ANSWERED_AT)
    while step.state.phase is not Phase.REVIEW:
        assert not any(isinstance(e, AnswerRejected) for e in step.events), step.events
        asked = [e for e in step.events if isinstance(e, QuestionAsked)][-1]
        if asked.question.code == stop_before:
            return step
        if asked.awaiting_other:
            reply = (others or {})[asked.question.code]
        else:
            reply = typed_answer(asked.question, by_code)
        step = resume(q, step.state, TextReply(reply), ANSWERED_AT)
    return resume(q, step.state, TextReply("kirim"), ANSWERED_AT)


async def save(sessions: Sessions, survey_id: int, alumnus_id: int, step: Step) -> None:
    await save_step(sessions, survey_id, alumnus_id, step, ANSWERED_AT)


@pytest.fixture
async def cohort(sessions: Sessions, institution: Institution) -> Cohort:
    """The SMK survey of 2025 with four alumni in it, one of another year, one elsewhere."""
    q, source = read_questionnaire(find_questionnaire("smk"))
    async with sessions() as session, session.begin():
        version = await repo.ensure_version(session, q.id, q.version, source)
        survey = await repo.create_survey(
            session, institution_id=institution.id, questionnaire_version=version,
            name="Tracer 2025", graduation_year=2025, opens_at=ANSWERED_AT,
        )  # fmt: skip
        classes = {
            name: (await repo.ensure_class_group(session, institution.id, name)).id
            for name in ("XII TKJ 1", "XII AKL 1")
        }
        other = await repo.upsert_institution(
            session, code="88888801", name="SMK Lain", kind="smk", timezone="Asia/Jakarta"
        )
        alumni = {}
        for nisn, name, year, group, where in (
            ("0012345678", "Ayu Lestari", 2025, "XII AKL 1", institution.id),
            ("0023456789", "Budi Santoso", 2025, "XII TKJ 1", institution.id),
            ("3074326411", "Citra Dewi", 2025, "XII AKL 1", institution.id),
            ("0055555555", "Eko Prasetyo", 2025, None, institution.id),
            ("0099999999", "Dewi Older", 2024, "XII TKJ 1", institution.id),
            ("0077777777", "Fajar Elsewhere", 2025, None, other.id),
        ):
            added = await repo.add_alumnus(
                session, institution_id=where, nisn=nisn, name=name, graduation_year=year,
                birth_date=date(2007, 1, 2), programme="Teknik" if group else None,
                class_group_id=classes[group] if group else None,
            )  # fmt: skip
            alumni[name.split()[0]] = added.id
    return Cohort(survey, q, classes, alumni)


def rows_by_nisn(table: ExportTable) -> dict[str, dict[str, object]]:
    names = [c.name for c in table.columns]
    return {str(row[0]): dict(zip(names, row, strict=True)) for row in table.rows}


async def test_every_alumnus_of_the_cohort_with_coded_answers(
    sessions: Sessions, cohort: Cohort
) -> None:
    q, survey_id = cohort.questionnaire, cohort.survey.id
    completed = walk(
        q,
        {"nisn": "0012345678", "status": "1", "status_juga": "3", "bidang_usaha": "12",
         "gaji": "lewati", "kompetensi_kurang": "2, 9"},
        others={"bidang_usaha": "Robotika", "kompetensi_kurang": "=Negosiasi"},
    )  # fmt: skip
    assert completed.state.phase is Phase.COMPLETED
    assert completed.state.answers["gaji"].skipped  # stored as an answer with value None
    await save(sessions, survey_id, cohort.alumni["Ayu"], completed)
    partial = walk(
        q,
        {"nisn": "0023456789", "status": "1", "status_juga": "Tidak ada"},
        stop_before="perusahaan",
    )
    await save(sessions, survey_id, cohort.alumni["Budi"], partial)
    seen: list[tuple[int, int]] = []

    async with sessions() as session:
        table = await export_table(session, survey_id, progress=lambda *p: seen.append(p))

    # Ordered by class then name; no class last; other years and institutions left out.
    assert [row[:3] for row in table.rows] == [
        ["0012345678", "Ayu Lestari", "XII AKL 1"],
        ["3074326411", "Citra Dewi", "XII AKL 1"],
        ["0023456789", "Budi Santoso", "XII TKJ 1"],
        ["0055555555", "Eko Prasetyo", None],
    ]
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert table.status_counts() == {"not_started": 2, "started": 1, "completed": 1}
    names = [c.name for c in table.columns]
    assert names[:9] == ["alumni_nisn", "alumni_nama", "alumni_kelas", "alumni_jurusan",
                         "respons_status", "respons_mulai", "respons_selesai", "respons_sumber",
                         "respons_dicatat_oleh"]  # fmt: skip
    # Where the answers came from: Ayu and Budi answered in their chats; Citra has no response.
    by_name = {row[1]: row for row in table.rows}
    assert by_name["Ayu Lestari"][7:9] == ["chat", None]
    assert by_name["Citra Dewi"][7:9] == [None, None]
    # Questionnaire order; one 0/1 column per option; `_lain` only beside an "other" choice.
    assert names[9:12] == ["nama", "nisn", "jurusan"]
    assert names[names.index("status") : names.index("status") + 5] == [
        "status", "status_juga_1", "status_juga_2", "status_juga_3", "status_juga_0"
    ]  # fmt: skip
    assert "bidang_usaha_lain" in names and "status_lain" not in names
    assert names[-12:] == [*(f"kompetensi_kurang_{v}" for v in "1234567890"),
                           "kompetensi_kurang_lain", "saran"]  # fmt: skip
    assert "state" not in " ".join(names)

    rows = rows_by_nisn(table)
    ayu, budi, citra = rows["0012345678"], rows["0023456789"], rows["3074326411"]
    assert (ayu["respons_status"], ayu["respons_mulai"], ayu["respons_selesai"]) == (
        "completed", LOCAL, LOCAL
    )  # fmt: skip
    assert ayu["nisn"] == "0012345678" and isinstance(ayu["alumni_nisn"], str)
    assert (ayu["status"], ayu["bidang_usaha"], ayu["bidang_usaha_lain"]) == ("1", "12", "Robotika")
    assert [ayu[f"status_juga_{v}"] for v in "1230"] == [0, 0, 1, 0]
    assert [ayu[f"kompetensi_kurang_{v}"] for v in "1290"] == [0, 1, 1, 0]
    assert ayu["kompetensi_kurang_lain"] == "=Negosiasi"
    assert ayu["tahun_lulus"] == 2000 and isinstance(ayu["keselarasan"], int)
    assert ayu["gaji"] is None  # skipped
    assert ayu["masa_tunggu"] is None  # not shown: the first job came before graduating
    assert ayu["studi_jenjang"] == "1" and ayu["usaha_jenis"] is None

    assert (budi["respons_status"], budi["respons_selesai"]) == ("started", None)
    assert budi["respons_mulai"] == LOCAL
    assert (budi["status"], budi["mulai_kerja"], budi["perusahaan"]) == ("1", "1", None)
    assert [budi[f"status_juga_{v}"] for v in "1230"] == [0, 0, 0, 1]
    assert all(budi[f"kompetensi_kurang_{v}"] is None for v in "1234567890")  # not reached

    assert citra["respons_status"] == "not_started"
    assert all(citra[name] is None for name in names[5:])


async def test_labels_in_the_chosen_language(sessions: Sessions, cohort: Cohort) -> None:
    async with sessions() as session:
        english = await export_table(session, cohort.survey.id, language="en")
        indonesian = await export_table(session, cohort.survey.id)
    lines = {(line.code, line.value): line for line in english.labels}
    assert lines[("status", "1")].label == "Working (employee)"
    assert lines[("status", "1")].question == "What is your MAIN activity now?"
    assert lines[("kompetensi_kurang_lain", "9")].label == "Other"
    assert lines[("respons_status", "not_started")].label == "not started"
    assert lines[("nilai_pkl", "5")].label == "Very much"  # a rating scale's labelled ends
    assert ("nama", "") in lines
    assert {(line.code, line.value): line for line in indonesian.labels}[
        ("status", "1")
    ].label == "Bekerja (karyawan/pegawai)"


async def test_class_filter(sessions: Sessions, cohort: Cohort) -> None:
    async with sessions() as session:
        tkj = await export_table(
            session, cohort.survey.id, class_group_ids={cohort.class_ids["XII TKJ 1"]}
        )
        both = await export_table(
            session, cohort.survey.id, class_group_ids=set(cohort.class_ids.values())
        )
        none = await export_table(session, cohort.survey.id, class_group_ids=set())
    assert [row[1] for row in tkj.rows] == ["Budi Santoso"]
    assert tkj.classes == ("XII TKJ 1",)
    assert [row[1] for row in both.rows] == ["Ayu Lestari", "Citra Dewi", "Budi Santoso"]
    assert none.rows == [] and none.columns == tkj.columns  # the same columns whatever the filter


async def test_codes_of_an_earlier_version_come_last(sessions: Sessions, cohort: Cohort) -> None:
    old = parse_questionnaire(OLD_SMK, "smk.yaml")
    async with sessions() as session, session.begin():
        survey = await session.get(Survey, cohort.survey.id)
        assert survey is not None
        current_version = survey.questionnaire_version_id
        stored = await repo.ensure_version(session, "smk", old.version, OLD_SMK)
        survey.questionnaire_version_id = stored.id  # the survey ran the old text first
    await save(
        sessions,
        cohort.survey.id,
        cohort.alumni["Eko"],
        walk(old, {"status": "Kegiatan lama", "alat": "1, 2"}),
    )
    async with sessions() as session, session.begin():
        survey = await session.get(Survey, cohort.survey.id)
        assert survey is not None
        survey.questionnaire_version_id = current_version  # then the file was edited

    async with sessions() as session:
        table = await export_table(session, cohort.survey.id)
    names = [c.name for c in table.columns]
    assert names[-2:] == ["alat_1", "alat_2"]
    eko = rows_by_nisn(table)["0055555555"]
    assert (eko["status"], eko["alat_1"], eko["alat_2"]) == ("9", 1, 1)
    assert eko["nama"] is None  # the old text did not ask it
    lines = {(line.code, line.value): line.label for line in table.labels}
    assert lines[("status", "9")] == "Kegiatan lama"  # the old choice keeps its meaning
    assert lines[("alat", "2")] == "HP"


async def test_unknown_survey(sessions: Sessions) -> None:
    async with sessions() as session:
        with pytest.raises(LookupError):
            await export_table(session, 404)
