"""/laporan on Telegram, end to end: `jejak run` against the fake Bot API on the sample data, with
completed responses stored the way a finished conversation stores them.

The sample SMK (survey 1, cohort 2025, opened 5 January 2026: the 2026 minimum wage of Sulawesi
Selatan, Rp 3,921,089, applies). Completed, by hand:

| class     | alumni | completed | who                                                          |
| XII AKL 1 | 14     | 6         | 4 working (waited 1, 2, 3, 4 months; Rp 4,000,000 in Sulsel) |
|           |        |           | 1 studying, 1 looking                                        |
| XII TKJ 1 | 13     | 2         | 2 working (waited 7 months; Rp 9,000,000): counts only       |
| XII RPL 1 | 13     | 0         |                                                              |

XII AKL 1: response 6/14, BMW 5/6 = 83.3%, waiting median 2.5 months, income >= UMP 4/4 = 100%.
The school: 8/40 = 20.0%, BMW 7/8 = 87.5%. Its cohort of 2024 (a survey of its own): 2 alumni,
1 completed and working: response 50.0%, BMW 100.0%.
A second SMK in the province (99999902): 5 alumni, 5 completed and working: 100.0% and 100.0%.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

import openpyxl
from fakes.jejak_run import Bot, act
from fakes.telegram_objects import SentDocument, SentMessage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stored_turns import save_step

from bot.cli import sample
from bot.services import create_services
from config.desk_messages import desk_text
from conversations.state import Answer, ConversationState, Phase, Step
from scheduler.clock import ManualClock
from storage.models import QuestionnaireVersion, StaffRole, Survey
from storage.roster import repository as repo
from storage.staff import members as staff_repo

NOW = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)
T0 = datetime(2026, 2, 1, 3, 0, tzinfo=UTC)
BKK_USER, HOMEROOM_USER, SMALL_USER, VIEWER_USER, STRANGER = 7101, 7102, 7103, 7104, 7199
SMK2 = "99999902"
REPORT_WAIT = 60.0  # seconds: a report reads the cohort and draws a chart on a busy machine

WORKING = {"status": "1", "mulai_kerja": "2", "lokasi_kerja": "1",
           "provinsi_kerja": "Sulawesi Selatan", "kota_kerja": "Kota Makassar",
           "keselarasan": 4}  # fmt: skip


def working(months: int, pay: int) -> dict[str, object]:
    return {**WORKING, "masa_tunggu": months, "gaji": pay}


async def complete(
    sessions: async_sessionmaker[AsyncSession], survey_id: int, alumnus_id: int, answers: dict
) -> None:
    """A completed response with these answers, stored through the one turn path."""
    state = ConversationState(
        questionnaire_id="smk", version="x", language="id", phase=Phase.COMPLETED, current=None,
        answers={c: Answer(value=v, raw=str(v), answered_at=T0) for c, v in answers.items()},
        started_at=T0, updated_at=T0,
    )  # fmt: skip
    await save_step(sessions, survey_id, alumnus_id, Step(state, ()), T0)


async def answered_school(bot: Bot) -> None:
    """The table of the module's docstring, put into the running bot's database."""
    by_class: dict[str, list[int]] = {}
    for name, alumnus_id in bot.rows(
        "SELECT c.name, a.id FROM alumni a JOIN class_groups c ON a.class_group_id = c.id "
        "JOIN institutions i ON a.institution_id = i.id "
        f"WHERE i.code = '{sample.SMK_CODE}' ORDER BY a.id"
    ):
        by_class.setdefault(name, []).append(alumnus_id)
    assert len(by_class["XII AKL 1"]) == 14 and len(by_class["XII TKJ 1"]) == 13
    akl, tkj = by_class["XII AKL 1"], by_class["XII TKJ 1"]
    services = await create_services(bot.settings)
    try:
        sessions = services.sessions
        for alumnus_id, months in zip(akl[:4], (1, 2, 3, 4), strict=True):
            await complete(sessions, 1, alumnus_id, working(months, 4_000_000))
        await complete(sessions, 1, akl[4], {"status": "3"})
        await complete(sessions, 1, akl[5], {"status": "4"})
        for alumnus_id in tkj[:2]:
            await complete(sessions, 1, alumnus_id, working(7, 9_000_000))
        async with sessions() as session, session.begin():
            smk = await repo.get_institution(session, sample.SMK_CODE)
            first = await session.get(Survey, 1)
            assert smk is not None and first is not None
            version = await session.get(QuestionnaireVersion, first.questionnaire_version_id)
            assert version is not None
            earlier = await repo.create_survey(
                session, institution_id=smk.id, questionnaire_version=version,
                name="Tracer 2024", graduation_year=2024, opens_at=datetime(2025, 1, 6, tzinfo=UTC),
                now=T0,
            )  # fmt: skip
            old_ids = []
            for n in range(2):
                alumnus = await repo.add_alumnus(
                    session, institution_id=smk.id, nisn=f"00990000{n:02}", name=f"Lama {n}",
                    graduation_year=2024, birth_date=date(2006, 1, 2), now=T0,
                )  # fmt: skip
                old_ids.append(alumnus.id)
            second = await repo.upsert_institution(
                session, code=SMK2, name="SMK Negeri 98 Contoh", kind="smk",
                timezone="Asia/Makassar", province="73", now=T0,
            )  # fmt: skip
            other = await repo.create_survey(
                session, institution_id=second.id, questionnaire_version=version,
                name="Tracer 2025 SMK 98", graduation_year=2025, opens_at=T0, now=T0,
            )  # fmt: skip
            their_ids = []
            for n in range(5):
                alumnus = await repo.add_alumnus(
                    session, institution_id=second.id, nisn=f"00980000{n:02}", name=f"Alumni {n}",
                    graduation_year=2025, birth_date=date(2007, 1, 2), now=T0,
                )  # fmt: skip
                their_ids.append(alumnus.id)
            earlier_id, other_id = earlier.id, other.id
        await complete(sessions, earlier_id, old_ids[0], working(2, 5_000_000))
        for alumnus_id in their_ids:
            await complete(sessions, other_id, alumnus_id, working(1, 5_000_000))
    finally:
        await services.aclose()


async def add_staff(
    bot: Bot, role: StaffRole, codes: list[str], class_name: str | None = None
) -> str:
    """A staff member of these institutions (or of one class of the first); their link token."""
    services = await create_services(bot.settings)
    try:
        async with services.sessions() as session, session.begin():
            grants: list[tuple[int, int | None]] = []
            for code in codes:
                institution = await repo.get_institution(session, code)
                assert institution is not None
                group = (
                    await repo.get_class_group(session, institution.id, class_name)
                    if class_name
                    else None
                )
                grants.append((institution.id, group.id if group else None))
            member = await staff_repo.add_staff(session, f"Staf {role.value}", role, grants, NOW)
            assert member.link_token is not None
            return member.link_token
    finally:
        await services.aclose()


async def linked(bot: Bot, user: int, role: StaffRole, codes: list[str], cls: str | None = None):
    token = await add_staff(bot, role, codes, cls)
    await act(bot, user, bot.fake.user_command(user, "/start", args=token))


async def ask(bot: Bot, user: int, text: str, method: str = "sendPhoto") -> SentDocument:
    """Send `text` and wait for the photo (or document) it brings."""
    before = len([d for d in bot.fake.documents if d.chat_id == user])
    await bot.fake.user_text(user, text)
    found = await bot.fake.wait_for(
        lambda: (
            next(
                (
                    d
                    for d in bot.fake.documents[before:]
                    if d.chat_id == user and d.method == method
                ),
                None,
            )
            if len([d for d in bot.fake.documents if d.chat_id == user]) > before
            else None
        ),
        timeout=REPORT_WAIT,
    )
    await bot.fake.wait_quiet(0.2)
    return found


def said(bot: Bot, user: int) -> str:
    """Every text the bot sent to `user` since linking, captions included, joined."""
    return "\n".join(m.plain_text or "" for m in bot.fake.messages(user))


def last(bot: Bot, user: int) -> SentMessage:
    return bot.fake.last_message(user)


async def start(running: Callable[..., Awaitable[Bot]]) -> Bot:
    bot = await running(serve_options={"clock": ManualClock(NOW), "scheduler": False})
    await answered_school(bot)
    return bot


async def test_bkk_gets_the_school_with_its_earlier_cohort_and_the_workbook(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    bot = await start(running)
    await linked(bot, BKK_USER, StaffRole.BKK, [sample.SMK_CODE])
    photo = await ask(bot, BKK_USER, "/laporan")
    assert photo.content and photo.content.startswith(b"\x89PNG")
    text = last(bot, BKK_USER).plain_text or ""
    assert photo.caption is not None and "8/40" in text and "20,0%" in text
    assert "87,5%" in text  # BMW 7/8
    assert "2024: 50,0% · 100,0%" in text  # the earlier cohort beside this one
    assert "SMK Negeri 98" not in text  # another school of the province: not the BKK's

    workbook = await ask(bot, BKK_USER, "/laporan xlsx", method="sendDocument")
    assert workbook.filename and workbook.filename.endswith(".xlsx") and workbook.content
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert {"Per kelas", "Per angkatan", "Grafik"} <= set(book.sheetnames)
    classes = [row[0] for row in book["Per kelas"].iter_rows(min_row=4, values_only=True)]
    assert {"XII AKL 1", "XII TKJ 1", "XII RPL 1"} <= set(classes)
    cohorts = [row[:3] for row in book["Per angkatan"].iter_rows(min_row=4, values_only=True)]
    assert ("2024", 2, 1) in cohorts and ("2025", 40, 8) in cohorts


async def test_a_homeroom_teacher_gets_their_class_only(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    bot = await start(running)
    await linked(bot, HOMEROOM_USER, StaffRole.HOMEROOM, [sample.SMK_CODE], "XII AKL 1")
    await ask(bot, HOMEROOM_USER, "/laporan")
    text = last(bot, HOMEROOM_USER).plain_text or ""
    assert "XII AKL 1" in text and "6/14" in text and "8/40" not in text
    assert "83,3%" in text  # BMW 5/6
    assert "2,5 bulan" in text  # the median of 1, 2, 3, 4 months
    assert "100,0%" in text  # 4 of 4 incomes at least Sulsel's minimum wage
    # Another class is outside their scope: refused like anything outside it.
    await act(bot, HOMEROOM_USER, bot.fake.user_text(HOMEROOM_USER, "/laporan XII TKJ 1"))
    assert "tidak ada dalam cakupan" in (last(bot, HOMEROOM_USER).plain_text or "")


async def test_a_class_with_fewer_than_five_respondents_shows_counts_only(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    bot = await start(running)
    await linked(bot, SMALL_USER, StaffRole.HOMEROOM, [sample.SMK_CODE], "XII TKJ 1")
    await ask(bot, SMALL_USER, "/laporan")
    text = last(bot, SMALL_USER).plain_text or ""
    assert "2/13" in text and "100,0%" in text  # the BMW rate is counts: it stays
    assert "Kurang dari 5 alumni selesai mengisi" in text
    assert "Masa tunggu" not in text and "upah minimum" not in text
    workbook = await ask(bot, SMALL_USER, "/laporan xlsx", method="sendDocument")
    assert workbook.content
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    cells = [
        c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    ]
    assert 9_000_000 not in cells and 7 not in cells  # their pay and their waiting time
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row}
    assert summary["Median"] == "*" and summary["Selesai mengisi"] == 2


async def test_a_provincial_viewer_gets_the_schools_ranked(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    """A viewer of two SMKs and a BLK: the SMKs ranked (one questionnaire), the BLK named."""
    bot = await start(running)
    await linked(bot, VIEWER_USER, StaffRole.VIEWER, [sample.SMK_CODE, SMK2, "BLK9901"])
    photo = await ask(bot, VIEWER_USER, "/laporan")
    assert photo.content and photo.content.startswith(b"\x89PNG")
    text = last(bot, VIEWER_USER).plain_text or ""
    by_response, _, by_bmw = text.partition("Menurut keterserapan (BMW)")
    assert "Menurut tingkat respons" in by_response
    assert "1. SMK Negeri 98 Contoh: 100,0% (5/5 selesai)" in by_response
    assert "2. SMK Negeri 99 Contoh: 20,0% (8/40 selesai)" in by_response
    assert "1. SMK Negeri 98 Contoh: 100,0%" in by_bmw
    assert "2. SMK Negeri 99 Contoh: 87,5%" in by_bmw
    assert "BLK9901" in text  # on another questionnaire: named, not ranked with the SMKs
    workbook = await ask(bot, VIEWER_USER, "/laporan xlsx", method="sendDocument")
    assert workbook.content
    assert "Peringkat" in openpyxl.load_workbook(io.BytesIO(workbook.content)).sheetnames
    # One of them in detail, by its code.
    await ask(bot, VIEWER_USER, f"/laporan {SMK2}")
    assert "5/5" in (last(bot, VIEWER_USER).plain_text or "")


async def test_an_alumnus_or_an_unknown_chat_gets_no_report(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    bot = await start(running)
    fake = bot.fake
    alumnus = 8101
    await act(bot, alumnus, fake.user_command(alumnus, "/start", args=bot.tokens[sample.DEMO_NISN]))
    for user in (alumnus, STRANGER):
        for command in ("/laporan", "/report", "/laporan xlsx", f"/laporan {sample.SMK_CODE}"):
            await act(bot, user, fake.user_text(user, command))
            assert last(bot, user).plain_text == desk_text("id", "staff_only")
    assert not [d for d in fake.documents if d.chat_id in (alumnus, STRANGER)]
    assert not any("20,0%" in (m.plain_text or "") for m in fake.messages(STRANGER))
