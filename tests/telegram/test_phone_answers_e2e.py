"""Answers given by phone (#17): a homeroom teacher answers for an alumnus in their own chat.

`jejak run` against the fake Bot API: the teacher runs /belum, starts /telepon for an alumnus of
their class, confirms they have the alumnus's agreement, and answers the whole questionnaire in
the same engine the alumnus's own chat uses. The response counts like any other, with source
"phone" and the teacher's name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from fakes.jejak_run import Bot, act, answer_everything, press, response_of, sample_staff_token, say
from walkers import typed_answer

from bot.cli import sample
from config.desk_messages import desk_text
from scheduler.clock import ManualClock
from storage.models import StaffRole

MONDAY_MORNING = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 08:30 WITA
TEACHER = 7101
VIEWER = 7102
ALUMNUS_CHAT = 8101
ARIF = "0077540466"  # XII AKL 1, the teacher's class
DIMAS = "0066568398"  # XII TKJ 1, another class
TEACHER_NAME = "Dra. Sri Wahyuni"


async def link_staff(
    bot: Bot, user: int, name: str, role: StaffRole, class_name: str | None = None
) -> None:
    """A staff member of the sample SMK, with their Telegram chat linked by their link."""
    token = await sample_staff_token(bot.settings, role, MONDAY_MORNING, class_name, name)
    await act(bot, user, bot.fake.user_command(user, "/start", args=token))


def answering(bot: Bot, user: int) -> tuple[int | None, int | None]:
    [row] = bot.rows(
        "SELECT answering_alumnus_id, answering_survey_id FROM staff_chats "
        f"WHERE external_id = '{user}'"
    )
    return row


def last_text(bot: Bot, chat: int) -> str:
    return bot.fake.last_message(chat).plain_text or bot.fake.last_message(chat).text or ""


async def test_a_homeroom_teacher_records_a_whole_questionnaire_given_by_phone(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    fake = bot.fake
    await link_staff(bot, TEACHER, TEACHER_NAME, StaffRole.HOMEROOM, "XII AKL 1")

    await say(bot, TEACHER, "/belum")
    missing = fake.last_message(TEACHER)
    listed = missing.plain_text or ""
    assert "Arif Pakpahan" in listed and "/telepon" in listed
    # One "answered by phone" button per alumnus listed; it asks before anything changes.
    assert ["📞 Arif Pakpahan: dijawab lewat telepon"] in missing.button_texts
    assert len(missing.button_texts) == 14
    await press(bot, TEACHER, missing, "📞 Arif Pakpahan")
    confirm = fake.last_message(TEACHER)
    assert "atas nama Arif Pakpahan" in (confirm.plain_text or "")
    assert "persetujuan alumni di telepon" in (confirm.plain_text or "")
    assert answering(bot, TEACHER) == (None, None)  # nothing changes before the yes
    await press(bot, TEACHER, confirm, "📞 Ya")
    await fake.wait_quiet(0.3)
    texts = [m.plain_text or m.text or "" for m in fake.messages(TEACHER)]
    assert any("Mulai" in x and "Arif Pakpahan" in x for x in texts)
    consent = fake.last_message(TEACHER)
    assert "setuju" in (consent.text or "").lower() and consent.callback_data  # the engine's own
    assert answering(bot, TEACHER)[0] is not None

    # A staff command while answering is not run; the teacher answers the consent for Arif.
    await say(bot, TEACHER, "/statistik")
    assert "sedang mengisi jawaban" in last_text(bot, TEACHER)
    await press(bot, TEACHER, consent, "Ya")
    await answer_everything(bot, TEACHER, ARIF)

    assert response_of(bot, ARIF) == ("completed", "phone", TEACHER_NAME)
    [(answered,)] = bot.rows(
        "SELECT count(*) FROM answers JOIN responses r ON answers.response_id = r.id "
        f"JOIN alumni a ON r.alumnus_id = a.id WHERE a.nisn = '{ARIF}'"
    )
    assert answered >= 5
    await fake.wait_quiet(0.3)
    finished = "\n".join(m.plain_text or "" for m in fake.messages(TEACHER)[-3:])
    assert "tersimpan sebagai jawaban lewat telepon" in finished
    assert answering(bot, TEACHER) == (None, None)
    # Back to staff commands: Arif counts as finished, like any other response.
    await say(bot, TEACHER, "/belum")
    assert "Arif Pakpahan" not in last_text(bot, TEACHER)
    await say(bot, TEACHER, "/statistik")
    assert "Selesai: 1/14" in last_text(bot, TEACHER)
    # Finished: it cannot be started again.
    await say(bot, TEACHER, f"/telepon {ARIF}")
    assert "sudah selesai mengisi" in last_text(bot, TEACHER)


async def test_other_classes_are_refused_and_cancel_keeps_what_was_answered(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    await link_staff(bot, TEACHER, TEACHER_NAME, StaffRole.HOMEROOM, "XII AKL 1")
    await link_staff(bot, VIEWER, "Pak Pemantau", StaffRole.VIEWER)

    # An alumnus of another class: refused as if unknown, and nothing is set.
    await say(bot, TEACHER, f"/telepon {DIMAS} ya")
    assert "Tidak ada alumni" in last_text(bot, TEACHER)
    assert answering(bot, TEACHER) == (None, None)
    assert response_of(bot, DIMAS) is None
    # A viewer never answers for anyone.
    await say(bot, VIEWER, f"/telepon {ARIF} ya")
    assert last_text(bot, VIEWER) == desk_text("id", "not_allowed")
    # "tidak" starts nothing.
    await say(bot, TEACHER, f"/telepon {ARIF} tidak")
    assert "tidak jadi" in last_text(bot, TEACHER).lower()
    assert answering(bot, TEACHER) == (None, None)

    # Typed confirmation; the consent and the first question answered, then /batal.
    await say(bot, TEACHER, f"/telepon {ARIF} ya")
    await bot.fake.wait_quiet(0.3)
    await say(bot, TEACHER, "ya")
    first = bot.question_at(ARIF)
    assert first is not None
    await say(bot, TEACHER, typed_answer(first, {"nisn": ARIF}))
    assert bot.question_at(ARIF) != first
    # Stopping and erasing are the alumnus's own to ask for.
    await say(bot, TEACHER, "/berhenti")
    assert "hanya bisa diminta alumni sendiri" in last_text(bot, TEACHER)
    assert response_of(bot, ARIF) == ("started", "phone", TEACHER_NAME)
    await say(bot, TEACHER, "/batal")
    assert "Dihentikan" in last_text(bot, TEACHER) and "sedang mengisi" in last_text(bot, TEACHER)
    assert answering(bot, TEACHER) == (None, None)
    assert response_of(bot, ARIF) == ("started", "phone", TEACHER_NAME)
    [(kept,)] = bot.rows(
        "SELECT count(*) FROM answers JOIN responses r ON answers.response_id = r.id "
        f"JOIN alumni a ON r.alumnus_id = a.id WHERE a.nisn = '{ARIF}'"
    )
    assert kept >= 1
    # Staff commands work again, and a plain text is no answer any more.
    await say(bot, TEACHER, "/belum")
    assert "Arif Pakpahan" in last_text(bot, TEACHER)
    before = bot.question_at(ARIF)
    await say(bot, TEACHER, typed_answer(before, {"nisn": ARIF}) if before else "halo")
    assert bot.question_at(ARIF) == before


async def test_the_alumnus_and_the_teacher_share_one_session(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    """The alumnus began in their own chat; the teacher's phone answers continue it, and the
    alumnus's next message continues from where the teacher left it (one state, one lock)."""
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    fake = bot.fake
    await link_staff(bot, TEACHER, TEACHER_NAME, StaffRole.HOMEROOM, "XII AKL 1")
    await act(bot, ALUMNUS_CHAT, fake.user_command(ALUMNUS_CHAT, "/start", args=bot.tokens[ARIF]))
    await say(bot, ALUMNUS_CHAT, "ya")
    first = bot.question_at(ARIF)
    assert first is not None
    assert response_of(bot, ARIF) == ("started", "chat", None)

    await say(bot, TEACHER, f"/telepon {ARIF} ya")
    await fake.wait_quiet(0.3)
    # The teacher is shown the question the alumnus is at, not the consent again.
    assert first.code == bot.question_at(ARIF).code  # type: ignore[union-attr]
    await say(bot, TEACHER, typed_answer(first, {"nisn": ARIF}))
    second = bot.question_at(ARIF)
    assert second is not None and second.code != first.code
    assert response_of(bot, ARIF) == ("started", "phone", TEACHER_NAME)
    await say(bot, ALUMNUS_CHAT, typed_answer(second, {"nisn": ARIF}))
    third = bot.question_at(ARIF)
    assert third is not None and third.code != second.code


async def test_a_staff_group_gets_no_phone_buttons_and_cannot_answer(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    """A group linked to show names lists them, but answering for one alumnus is private."""
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    fake = bot.fake
    group = -100700
    await link_staff(bot, TEACHER, "Bu Sari", StaffRole.BKK)
    await act(bot, group, fake.group_text(group, TEACHER, f"/sambungkan {sample.SMK_CODE} nama"))
    await act(bot, group, fake.group_text(group, TEACHER, "/belum XII AKL 1"))
    listed = fake.last_message(group)
    assert "Arif Pakpahan" in (listed.plain_text or "") and not listed.inline_keyboard
    await act(bot, group, fake.group_text(group, TEACHER, f"/telepon {ARIF} ya"))
    assert "chat pribadi" in last_text(bot, group)
    assert answering(bot, TEACHER) == (None, None) and response_of(bot, ARIF) is None
    # In their own chat the same BKK member gets the buttons.
    await say(bot, TEACHER, "/belum XII AKL 1")
    assert ["📞 Arif Pakpahan: dijawab lewat telepon"] in fake.last_message(TEACHER).button_texts


async def test_an_alumnus_who_stops_in_their_own_chat_ends_the_teachers_mode(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    """BERHENTI is the alumnus's own: the teacher's "lanjut" afterwards must not undo it."""
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    fake = bot.fake
    await link_staff(bot, TEACHER, TEACHER_NAME, StaffRole.HOMEROOM, "XII AKL 1")
    await act(bot, ALUMNUS_CHAT, fake.user_command(ALUMNUS_CHAT, "/start", args=bot.tokens[ARIF]))
    await say(bot, ALUMNUS_CHAT, "ya")
    await say(bot, TEACHER, f"/telepon {ARIF} ya")
    await fake.wait_quiet(0.3)
    assert answering(bot, TEACHER)[0] is not None

    await say(bot, ALUMNUS_CHAT, "berhenti")
    assert response_of(bot, ARIF) == ("opted_out", "chat", None)
    await say(bot, TEACHER, "lanjut")
    assert "chat mereka sendiri" in last_text(bot, TEACHER)
    assert response_of(bot, ARIF) == ("opted_out", "chat", None)
    assert answering(bot, TEACHER) == (None, None)
    await say(bot, TEACHER, f"/telepon {ARIF} ya")
    assert "minta berhenti dihubungi" in last_text(bot, TEACHER)
