"""Grade XII on Telegram (#17): a student opens the class link, identifies, agrees to be
contacted after graduation and gives their own WhatsApp number, before any survey is open."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from fakes.jejak_run import Bot, press, say

from bot.cli import sample

TOKEN = "KelasAkl1Token_abcdefg"  # 22 characters, as secrets.token_urlsafe(16) makes
CLASS = "XII AKL 1"
NISN, BIRTH = sample.DEMO_NISN, "21-04-2007"  # Eka Pratama, XII AKL 1 of the sample SMK
CHAT = 7101


def write(bot: Bot, sql: str, *params: object) -> None:
    with sqlite3.connect(bot.db) as conn:
        conn.execute(sql, params)


def grade_twelve(bot: Bot, *, survey_opens: datetime | None = None) -> int:
    """Make the class's students this year's final-year students, with a class link, and
    optionally plan their cohort's survey; returns their graduation year."""
    year = datetime.now(UTC).year + 1
    write(bot, "UPDATE class_groups SET link_token = ? WHERE name = ?", TOKEN, CLASS)
    write(
        bot,
        "UPDATE alumni SET graduation_year = ? WHERE class_group_id = "
        "(SELECT id FROM class_groups WHERE name = ?)",
        year,
        CLASS,
    )
    if survey_opens is not None:
        opens = survey_opens.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        write(
            bot,
            "INSERT INTO surveys (institution_id, questionnaire_id, questionnaire_version_id, "
            "name, graduation_year, opens_at, reminder_days, send_from_hour, send_until_hour, "
            "created_at, updated_at) SELECT institution_id, questionnaire_id, "
            "questionnaire_version_id, 'Tracer study berikutnya', ?, ?, reminder_days, "
            "send_from_hour, send_until_hour, created_at, updated_at FROM surveys WHERE id = 1",
            year,
            opens,
        )
    return year


def student(bot: Bot) -> tuple[object, ...]:
    return bot.rows(
        "SELECT phone, phone_confirmed_at IS NOT NULL, contact_consent_at IS NOT NULL "
        f"FROM alumni WHERE nisn = '{NISN}'"
    )[0]


async def identify(bot: Bot, chat: int = CHAT) -> str:
    """Open the class link and identify as the sample student; the reply once linked."""
    await bot.fake.user_command(chat, "/start", args="k_" + TOKEN)
    welcome = (await bot.fake.wait_reply(chat))[-1].text or ""
    assert CLASS in welcome and "SMK Negeri 99 Contoh" in welcome, welcome
    assert "NISN" in welcome
    await say(bot, chat, NISN)
    await say(bot, chat, BIRTH)
    confirm = bot.fake.last_message(chat)
    assert "E** P******" in (confirm.text or ""), confirm.text
    await press(bot, chat, confirm, "Ya")
    return (await bot.fake.wait_reply(chat))[-1].text or ""


async def test_a_student_links_agrees_and_gives_a_number(running) -> None:
    bot = await running()
    # 31 May 2099, 20:00 UTC is already 1 June in Makassar (the sample SMK's zone).
    grade_twelve(bot, survey_opens=datetime(2099, 5, 31, 20, 0, tzinfo=UTC))
    phone_before = student(bot)[0]
    asked = await identify(bot)
    assert "Boleh kami hubungi Anda" in asked, bot.fake.format_transcript(CHAT)
    assert bot.fake.last_message(CHAT).button_texts == [["Ya", "Tidak"]]
    assert bot.rows("SELECT count(*) FROM channel_identities WHERE channel = 'telegram'") == [(1,)]
    assert bot.rows("SELECT count(*) FROM responses") == [(0,)]  # no survey is open

    await press(bot, CHAT, bot.fake.last_message(CHAT), "Ya")
    assert student(bot)[2] == 1  # consent recorded
    assert "nomor WhatsApp" in (bot.fake.last_message(CHAT).text or "")

    await bot.restart()  # the question survives a deploy: it is kept in the database
    await say(bot, CHAT, "0812-3456-789O")
    refused = bot.fake.last_message(CHAT).text or ""
    assert "081234567890" in refused and "LEWATI" in refused, refused
    assert student(bot)[:2] == (phone_before, 0)

    await say(bot, CHAT, "0812 3456 7890")
    done = bot.fake.last_message(CHAT).text or ""
    assert "01-06-2099" in done, done  # in the institution's time zone
    assert student(bot) == ("+6281234567890", 1, 1)

    # Later messages before the survey opens: linked, nothing asked again.
    await say(bot, CHAT, "halo")
    assert "01-06-2099" in (bot.fake.last_message(CHAT).text or "")
    assert bot.rows("SELECT count(*) FROM responses") == [(0,)]


async def test_a_student_who_says_no_is_not_asked_for_a_number(running) -> None:
    bot = await running()
    grade_twelve(bot)
    await identify(bot)
    await press(bot, CHAT, bot.fake.last_message(CHAT), "Tidak")
    declined = bot.fake.last_message(CHAT).text or ""
    assert "tidak akan menghubungi" in declined, declined
    assert student(bot)[1:] == (0, 0)
    # The "no" is kept (the survey's opening message will not go to this chat) ...
    opted_out = "SELECT channel, external_id FROM contact_opt_outs"
    assert bot.rows(opted_out) == [("telegram", str(CHAT))]
    # ... until they agree after all. Skipping the number is allowed too, after agreeing.
    await say(bot, CHAT, "halo")
    assert "Boleh kami hubungi Anda" in (bot.fake.last_message(CHAT).text or "")
    await say(bot, CHAT, "ya")
    assert bot.rows(opted_out) == []
    await say(bot, CHAT, "lewati")
    done = bot.fake.last_message(CHAT).text or ""
    assert "setelah Anda lulus" in done, done  # no survey planned for the cohort yet
    assert student(bot)[1:] == (0, 1)


async def test_a_renewed_class_link_still_lets_students_sign_up(running) -> None:
    bot = await running()
    grade_twelve(bot)
    renewed = "SomethingNewerThanThat"
    write(bot, "UPDATE class_groups SET link_token = ? WHERE name = ?", renewed, CLASS)
    await bot.fake.user_command(CHAT, "/start", args="k_" + TOKEN)
    reply = (await bot.fake.wait_reply(CHAT))[-1].text or ""
    assert "tidak berlaku" in reply and "NISN" in reply, reply


async def test_with_a_survey_open_the_class_link_opens_it(running) -> None:
    # The cohort's survey is already open (the sample's): the link leads straight into it.
    bot = await running()
    write(bot, "UPDATE class_groups SET link_token = ? WHERE name = ?", TOKEN, CLASS)
    consent = await identify(bot)
    assert "setuju" in consent.lower(), consent
    assert bot.rows("SELECT count(*) FROM responses") == [(1,)]
    assert student(bot)[1:] == (0, 0)
