"""A cohort from grade XII to its report, end to end (#17): every way Jejak reaches an alumnus.

One `jejak run` with Telegram and WhatsApp, against the fake Bot API and the fake Twilio, its
scheduler on a simulated clock. Four students of class XII AKL 2, graduating in 2027:

- Ani links her Telegram chat from the class link in grade XII and agrees to be contacted;
- Budi sends "KELAS <token>" from his own WhatsApp number and agrees too;
- Citra never links; her roster number turns out dead, so her parent gets one template;
- Dewi has no number at all; her homeroom teacher reaches her by phone and records her answers.

The survey is created ahead and opens on its own date, 12 months after the cohort graduated.
On the opening morning the bot writes first to Ani and Budi; both answer in their chats. The
report counts each alumnus once, whichever way their answers came.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fakes.jejak_run import (
    Bot,
    answer_everything,
    asked_with_buttons,
    press,
    response_of,
    say,
    start_bot,
    stop_bot,
)
from fakes.ports import TELEGRAM_TOKEN, free_port
from fakes.telegram_api import FakeTelegram
from fakes.twilio_api import FakeTwilio
from rich.console import Console
from walkers import typed_answer
from whatsapp.test_whatsapp_e2e import Running, question_at

from bot import run
from bot.cli import sample, surveys
from bot.reporting.build import ReportScope, build_report
from bot.services import create_services
from config.settings import Settings
from scheduler.clock import ManualClock
from storage import migrate
from storage.access.class_links import class_link_token
from storage.exports.table import export_table
from storage.models import StaffRole
from storage.roster import repository as repo
from storage.roster.importing import import_roster
from storage.staff import members as staff_repo

ZONE = ZoneInfo("Asia/Makassar")  # the sample SMK's
GRADE_XII = datetime(2027, 3, 1, 10, tzinfo=ZONE)
OPENING_DAY = datetime(2028, 6, 1, tzinfo=ZONE)  # 12 months after 1 June 2027
CLASS = "XII AKL 2"
TEACHER_NAME = "Ratna Sari S.Pd."
TEACHER = 7201
ANI_CHAT = 7202
ANI, BUDI, CITRA, DEWI = "0091000001", "0091000002", "0091000003", "0091000004"
BUDI_PHONE = "+6281261100002"
CITRA_PHONE = "+6281261100003"
CITRA_PARENT = "+6281241100003"
ROSTER = f"""\
nisn,nama,jenis_kelamin,tanggal_lahir,kelas,jurusan,wali_kelas,tahun_lulus,no_hp,no_hp_ortu
{ANI},Ani Lestari,P,02-02-2009,{CLASS},Akuntansi,{TEACHER_NAME},2027,081261100001,081241100001
{BUDI},Budi Santoso,L,03-03-2009,{CLASS},Akuntansi,{TEACHER_NAME},2027,081261100002,
{CITRA},Citra Dewi,P,04-04-2009,{CLASS},Akuntansi,{TEACHER_NAME},2027,081261100003,081241100003
{DEWI},Dewi Anggraini,P,05-05-2009,{CLASS},Akuntansi,{TEACHER_NAME},2027,,
"""
TEMPLATES = {"wa_invitation": "HX" + "a1" * 16, "survey_open": "HX" + "b2" * 16,
             "wa_parent": "HX" + "c3" * 16}  # fmt: skip


@dataclass
class Cohort:
    """The running process seen from both channels, and the simulated clock."""

    telegram: Bot
    whatsapp: Running
    clock: ManualClock
    survey_id: int
    class_token: str

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        return self.telegram.rows(sql)


@pytest.fixture
async def cohort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Cohort]:
    """The sample data, the XII AKL 2 roster of 2027 and its survey, made in grade XII."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("TWILIO_REGION", raising=False)
    monkeypatch.delenv("TWILIO_EDGE", raising=False)
    clock = ManualClock(GRADE_XII.astimezone(UTC))
    # The chats' "now" and the CLI's "today" are the simulated clock's, as the scheduler's is.
    monkeypatch.setattr(run, "utc_now", clock.now)
    monkeypatch.setattr(surveys, "utc_now", clock.now)
    telegram, twilio = FakeTelegram(TELEGRAM_TOKEN), FakeTwilio()
    await telegram.start()
    await twilio.start()
    for kind, sid in TEMPLATES.items():
        twilio.approve_template(sid, f"{kind}: {{{{1}}}} {{{{2}}}} {{{{3}}}}")
    db, port = tmp_path / "jejak.db", free_port()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{db}",
        telegram_token=TELEGRAM_TOKEN,
        telegram_api_url=telegram.api_url,
        telegram_bot_username="JejakContohBot",
        twilio_account_sid=twilio.account_sid,
        twilio_auth_token=twilio.auth_token,
        twilio_whatsapp_from=twilio.sender_address.removeprefix("whatsapp:"),
        twilio_api_url=twilio.url,
        twilio_templates=TEMPLATES,
        public_url=f"http://127.0.0.1:{port}",
        http_host="127.0.0.1",
        http_port=port,
    )
    twilio.set_webhook(f"http://127.0.0.1:{port}/whatsapp/inbound")
    await asyncio.to_thread(migrate.upgrade, settings.database)
    services = await create_services(settings)
    roster = tmp_path / "xii_akl_2.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    try:
        await sample.load(services, Console(file=io.StringIO()))
        report = await import_roster(services.sessions, sample.SMK_CODE, roster, now=clock.now())
        assert report.created == 4 and not report.errors, report.errors
        survey = await surveys.create_survey_command(
            services, Console(file=io.StringIO()), sample.SMK_CODE, "smk", 2027, None, None, None
        )
        async with services.sessions() as session, session.begin():
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            group = await repo.get_class_group(session, school.id, CLASS)
            assert group is not None
            token = await class_link_token(session, group, clock.now())
            teacher = await staff_repo.add_staff(
                session, TEACHER_NAME, StaffRole.HOMEROOM, [(school.id, group.id)], clock.now()
            )
            staff_token = teacher.link_token
    finally:
        await services.aclose()
    stop, task = await start_bot(settings, clock=clock, sweep_interval=0.2)
    bot = Bot(telegram, db, settings, {}, stop, task)
    try:
        yield Cohort(bot, Running(twilio, db, settings, stop, task), clock, survey.id, token)
        assert staff_token  # linked in the test
    finally:
        await stop_bot(bot.stop, bot.task)
        await telegram.stop()
        await twilio.stop()


def said(cohort: Cohort, chat: int) -> str:
    message = cohort.telegram.fake.last_message(chat)
    return message.plain_text or message.text or ""


async def asks(cohort: Cohort, chat: int, command: str) -> str:
    """A staff command's answer: every message since it (the scheduler may post meanwhile)."""
    fake = cohort.telegram.fake
    before = len(fake.messages(chat))
    await say(cohort.telegram, chat, command)
    await fake.wait_quiet(0.3)
    return "\n".join(m.plain_text or m.text or "" for m in fake.messages(chat)[before:])


async def answer_on_whatsapp(cohort: Cohort, phone: str, nisn: str, reply: str) -> None:
    """From the consent question to the submission, typed as an alumnus on WhatsApp would."""
    wa = cohort.whatsapp
    for _ in range(120):
        if response_of(cohort.telegram, nisn) == ("completed", "chat", None):
            return
        if "KIRIM" in reply:
            reply = await wa.say(phone, "kirim")
            continue
        question = question_at(wa, nisn)
        if question is None:  # the consent question: no position yet
            reply = await wa.say(phone, "ya")
            continue
        other = "Sebutkan" in reply
        reply = await wa.say(phone, "Lainnya" if other else typed_answer(question, {"nisn": nisn}))
    raise AssertionError(wa.fake.format_transcript(phone))


async def test_a_cohort_is_reached_from_grade_xii_to_its_report(cohort: Cohort) -> None:
    tg, wa, clock = cohort.telegram.fake, cohort.whatsapp, cohort.clock
    bot = cohort.telegram
    # The survey was created in grade XII and opens on its own: 12 months after graduation.
    [(opens_at,)] = cohort.rows(f"SELECT opens_at FROM surveys WHERE id = {cohort.survey_id}")
    assert str(opens_at).startswith("2028-05-31 16:00")  # 1 June 2028, 00:00 in Makassar

    # The homeroom teacher links their chat and shares the class link.
    staff_token = cohort.rows(f"SELECT link_token FROM staff WHERE name = '{TEACHER_NAME}'")[0][0]
    await tg.user_command(TEACHER, "/start", args=str(staff_token))
    await tg.wait_reply(TEACHER)
    assert f"k_{cohort.class_token}" in await asks(cohort, TEACHER, "/tautan")

    # Grade XII, Telegram: Ani opens the class link, identifies, agrees, gives her number.
    await tg.user_command(ANI_CHAT, "/start", args="k_" + cohort.class_token)
    await tg.wait_reply(ANI_CHAT)
    await say(bot, ANI_CHAT, ANI)
    shown = len(tg.messages(ANI_CHAT))
    await say(bot, ANI_CHAT, "02-02-2009")
    await press(bot, ANI_CHAT, await asked_with_buttons(bot, ANI_CHAT, shown), "Ya")  # "A** L…?"
    consent = await tg.wait_for(
        lambda: next(
            (m for m in tg.messages(ANI_CHAT) if "Boleh kami hubungi" in (m.text or "")), None
        ),
        timeout=10,
    )
    await press(bot, ANI_CHAT, consent, "Ya")
    await tg.wait_for(lambda: "nomor WhatsApp" in said(cohort, ANI_CHAT) or None, timeout=10)
    await say(bot, ANI_CHAT, "0813-7110-0001")
    await tg.wait_for(lambda: "01-06-2028" in said(cohort, ANI_CHAT) or None, timeout=10)

    # Grade XII, WhatsApp: Budi sends the class link's text from his own number.
    assert "tanggal lahir" in await wa.say(BUDI_PHONE, f"KELAS {cohort.class_token}")
    assert "hubungi" in (await wa.say(BUDI_PHONE, "03-03-2009")).lower()
    await wa.say(BUDI_PHONE, "ya")  # agrees to be contacted
    assert "01-06-2028" in await wa.say(BUDI_PHONE, "ya")  # this number is his own

    linked = cohort.rows(
        "SELECT a.nisn, i.channel, a.contact_consent_at IS NOT NULL, a.phone FROM alumni a "
        "JOIN channel_identities i ON i.alumnus_id = a.id ORDER BY a.nisn"
    )
    assert linked == [(ANI, "telegram", 1, "+6281371100001"), (BUDI, "whatsapp", 1, BUDI_PHONE)]
    # Before graduation the teacher sees who has not linked yet.
    unlinked = await asks(cohort, TEACHER, f"/tautan {CLASS}")
    assert "Citra Dewi" in unlinked and "Dewi Anggraini" in unlinked
    assert "Ani Lestari" not in unlinked
    assert cohort.rows(f"SELECT count(*) FROM deliveries WHERE survey_id = {cohort.survey_id}") == [
        (0,)
    ]

    # The opening night: open from midnight, but nobody is written to at 03:00.
    clock.set(OPENING_DAY + timedelta(hours=3))
    await tg.wait_quiet(1.0)
    assert cohort.rows(
        f"SELECT count(*) FROM deliveries WHERE survey_id = {cohort.survey_id} AND status = 'sent'"
    ) == [(0,)]

    # 08:00 in Makassar: the bot writes first to those who linked; Citra's roster number is
    # tried by template and turns out dead.
    wa.fake.fail_delivery_next(code=63003, status="undelivered", to=CITRA_PHONE)
    ani_before, budi_before = len(tg.messages(ANI_CHAT)), len(wa.fake.messages(BUDI_PHONE))
    clock.set(datetime.combine(OPENING_DAY.date(), time(8), ZONE))
    await tg.wait_for(lambda: len(tg.messages(ANI_CHAT)) > ani_before or None, timeout=10)
    assert "sudah dibuka" in said(cohort, ANI_CHAT)
    await wa.fake.wait_messages(BUDI_PHONE, budi_before + 1)
    assert wa.fake.last_message(BUDI_PHONE).content_sid == TEMPLATES["survey_open"]
    await wa.fake.wait_for(
        lambda: (
            cohort.rows(
                "SELECT d.status FROM deliveries d JOIN alumni a ON a.id = d.alumnus_id "
                f"WHERE a.nisn = '{CITRA}' AND d.provider_status = 'undelivered'"
            )
            or None
        ),
        timeout=10,
    )
    sent = cohort.rows(
        "SELECT d.key, d.kind, d.status, d.channel, d.last_error FROM deliveries d "
        f"WHERE survey_id = {cohort.survey_id} AND alumnus_id IS NOT NULL"
    )
    assert len(sent) == 3, sent  # Ani, Budi, Citra: one each; Dewi has no way in

    # Ani answers on Telegram, Budi on WhatsApp, from the bot's first message.
    shown = len(tg.messages(ANI_CHAT))
    await say(bot, ANI_CHAT, "LANJUT")
    await press(bot, ANI_CHAT, await asked_with_buttons(bot, ANI_CHAT, shown), "Ya")
    await answer_everything(bot, ANI_CHAT, ANI)
    await answer_on_whatsapp(cohort, BUDI_PHONE, BUDI, await wa.say(BUDI_PHONE, "LANJUT"))

    # Citra has no channel of her own left: her parent gets one template, with her link.
    clock.advance(timedelta(hours=2))
    await wa.fake.wait_for(lambda: wa.fake.messages(CITRA_PARENT) or None, timeout=10)
    [to_parent] = wa.fake.messages(CITRA_PARENT)
    assert to_parent.content_sid == TEMPLATES["wa_parent"]
    assert "SMK Negeri 99 Contoh" in str(to_parent.content_variables)
    for _ in range(3):  # days pass: never a second one
        clock.advance(timedelta(days=1))
        await tg.wait_quiet(0.6)
    assert len(wa.fake.messages(CITRA_PARENT)) == 1
    # The parent asks to stop: nothing more there, ever.
    assert "tidak akan kami hubungi lagi" in await wa.say(CITRA_PARENT, "BERHENTI")

    # Dewi: her teacher reached her by phone and records her answers in the same engine.
    await say(bot, TEACHER, f"/telepon {DEWI}")
    confirm = await tg.wait_for(
        lambda: next(
            (m for m in reversed(tg.messages(TEACHER)) if "📞 Ya" in str(m.button_texts)),
            None,
        )
    )
    shown = len(tg.messages(TEACHER))
    await press(bot, TEACHER, confirm, "📞 Ya")
    consent = await asked_with_buttons(bot, TEACHER, shown)
    await press(bot, TEACHER, consent, "Ya")  # Dewi's consent, given aloud
    await answer_everything(bot, TEACHER, DEWI)

    # Every path counted once.
    responses = cohort.rows(
        "SELECT a.nisn, r.status, r.source, r.recorded_by FROM responses r "
        f"JOIN alumni a ON a.id = r.alumnus_id WHERE r.survey_id = {cohort.survey_id} "
        "ORDER BY a.nisn"
    )
    assert responses == [
        (ANI, "completed", "chat", None),
        (BUDI, "completed", "chat", None),
        (DEWI, "completed", "phone", TEACHER_NAME),
    ]
    services = await create_services(bot.settings)
    try:
        report = await build_report(services.sessions, ReportScope(survey=cohort.survey_id))
        async with services.sessions() as session:
            table = await export_table(session, cohort.survey_id)
    finally:
        await services.aclose()
    # The export says where each response came from, and who wrote Dewi's down.
    source = [column.name for column in table.columns].index("respons_sumber")
    rows = {row[0]: row[source : source + 2] for row in table.rows}
    assert rows == {
        ANI: ["chat", None],
        BUDI: ["chat", None],
        CITRA: [None, None],
        DEWI: ["phone", TEACHER_NAME],
    }
    assert (report["alumni"], report["completed"], report["response_rate"]) == (4, 3, 0.75)
    # /belum: Citra alone is missing, with the ways tried.
    missing = await asks(cohort, TEACHER, "/belum")
    assert "Citra Dewi" in missing and "ortu" in missing
    assert not any(name in missing for name in ("Ani Lestari", "Budi Santoso", "Dewi Anggraini"))
    # Nobody who asked to stop was written to afterwards; each message went once.
    assert len(wa.fake.messages(CITRA_PARENT)) == 2  # the template and the one thank-you
