"""Alumni answering through the real python-telegram-bot Application and a fake Bot API server."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

import aiohttp
import pytest
from fakes.jejak_run import Bot, act, press, say
from walkers import typed_answer

from bot.alumni import runner
from bot.cli import sample
from bot.run import SECRET_HEADER
from bot.telegram import channel as telegram_channel
from bot.telegram.app import WEBHOOK_PATH, webhook_secret
from storage import database

BLK = "BLK9901"


async def answer_to_the_end(bot: Bot, chat: int, nisn: str, *, by_buttons: bool) -> None:
    """From the consent message to the completed message, tapping or typing every answer."""
    fake = bot.fake
    last = fake.last_message(chat)
    await press(bot, chat, last, "Ya") if by_buttons else await say(bot, chat, "ya")
    for _ in range(120):
        last = fake.last_message(chat)
        if bot.rows("SELECT count(*) FROM responses WHERE status = 'completed'")[0][0]:
            return
        data = last.callback_data
        if any("@submit" in d for d in data):
            await press(bot, chat, last, "Kirim") if by_buttons else await say(bot, chat, "kirim")
            continue
        if any(d.endswith("|@yes") for d in data):  # what the roster holds, offered to confirm
            await press(bot, chat, last, "Ya") if by_buttons else await say(bot, chat, "ya")
            continue
        question = bot.question_at(nisn)
        assert question is not None, fake.format_transcript(chat)
        choices = [d for d in data if not d.split("|")[2].startswith("@")]
        if by_buttons and choices:
            await act(bot, chat, fake.user_press(chat, last.message_id, choices[0]))
            done = [d for d in data if d.endswith("|@done")]
            if done:
                await act(bot, chat, fake.user_press(chat, last.message_id, done[0]))
            continue
        other = "Sebutkan" in (last.text or "") or "specify" in (last.text or "")
        await say(bot, chat, "Lainnya" if other else typed_answer(question, {"nisn": nisn}))
    raise AssertionError("the questionnaire did not end\n" + fake.format_transcript(chat, 400))


def nisns(bot: Bot, code: str) -> list[str]:
    return [n for (n,) in bot.rows(
        "SELECT a.nisn FROM alumni a JOIN institutions i ON a.institution_id = i.id "
        f"WHERE i.code = '{code}' ORDER BY a.id"
    )]  # fmt: skip


def status_of(bot: Bot, nisn: str) -> str:
    return bot.rows(
        "SELECT r.status FROM responses r JOIN alumni a ON r.alumnus_id = a.id "
        f"WHERE a.nisn = '{nisn}'"
    )[0][0]


@pytest.mark.parametrize("by_buttons", [True, False], ids=["buttons", "typing"])
@pytest.mark.parametrize("code", [sample.SMK_CODE, BLK, "999901"], ids=["smk", "blk", "dikti"])
async def test_an_invited_alumnus_answers_to_the_end(running, code: str, by_buttons: bool) -> None:
    bot = await running()
    nisn = nisns(bot, code)[0]
    chat = 5001
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    consent = (await bot.fake.wait_reply(chat))[-1]
    assert "setuju" in (consent.text or "").lower() and consent.callback_data
    await answer_to_the_end(bot, chat, nisn, by_buttons=by_buttons)
    assert status_of(bot, nisn) == "completed"
    answered = bot.rows("SELECT count(*) FROM answers")[0][0]
    assert answered >= 5
    if by_buttons:
        # Tapped questions were edited to show the answer and lose their buttons.
        edited = [m for m in bot.fake.messages(chat) if m.edits]
        assert edited and all("✓" in (m.text or "") or not m.inline_keyboard for m in edited)
    assert bot.fake.commands_for("") and bot.fake.commands_for("en")  # the menu, per language


async def test_the_name_on_the_roster_is_confirmed_with_one_tap(running) -> None:
    # Issue #12: the demo alumnus is not asked to type the name the school already holds.
    bot = await running()
    chat = 5010
    await bot.fake.user_command(chat, "/start", args=bot.tokens[sample.DEMO_NISN])
    consent = (await bot.fake.wait_reply(chat))[-1]
    await press(bot, chat, consent, "Ya")
    offer = bot.fake.last_message(chat)
    assert "Nama Anda: Eka Pratama — benar?" in (offer.text or ""), offer.text
    assert offer.button_texts == [["Ya", "Tidak"]]
    await press(bot, chat, offer, "Ya")
    (name,) = bot.rows(f"SELECT name FROM alumni WHERE nisn = '{sample.DEMO_NISN}'")[0]
    stored = bot.rows("SELECT question_code, value, raw_text FROM answers")
    assert stored == [("nama", json.dumps(name), name)]
    # The tapped message shows what was confirmed; the NISN is offered next.
    tapped = next(m for m in bot.fake.messages(chat) if m.message_id == offer.message_id)
    assert "✓ Eka Pratama" in (tapped.text or "")
    assert "NISN Anda: 3074326411 — benar?" in (bot.fake.last_message(chat).text or "")


async def test_restart_mid_questionnaire_resumes_where_they_were(running) -> None:
    bot = await running()
    nisn = nisns(bot, BLK)[1]
    chat = 5002
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    await bot.fake.wait_reply(chat)
    await bot.fake.user_text(chat, "ya")
    await bot.fake.wait_reply(chat)
    first = bot.question_at(nisn)
    await bot.fake.user_text(chat, typed_answer(first))
    await bot.fake.wait_reply(chat)
    second = bot.question_at(nisn)
    assert second is not None and second.code != first.code

    await bot.restart()
    await bot.fake.user_text(chat, "lanjut")
    reply = (await bot.fake.wait_reply(chat))[-1]
    shown = reply.text or ""
    # A question the roster prefills (BLK's phone) is offered again as it was (issue #12).
    assert ("— benar?" in shown) if second.prefill else (str(second.label["id"])[:20] in shown)
    assert bot.rows("SELECT question_code FROM answers") == [(first.code,)]


async def test_a_redelivered_update_is_processed_once(running) -> None:
    bot = await running()
    nisn = nisns(bot, BLK)[2]
    chat = 5003
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    await bot.fake.wait_reply(chat)
    await bot.fake.user_text(chat, "ya")
    await bot.fake.wait_reply(chat)
    first = bot.question_at(nisn)
    update_id = await bot.fake.user_text(chat, typed_answer(first))
    await bot.fake.wait_reply(chat)
    await bot.fake.wait_quiet(0.3)
    sent = len(bot.fake.messages(chat))
    await bot.fake.redeliver(update_id)
    await bot.fake.wait_quiet(0.5)
    assert len(bot.fake.messages(chat)) == sent
    assert bot.rows("SELECT count(*) FROM answers")[0][0] == 1


async def test_updates_before_identification_are_handled_once_even_after_a_restart(running) -> None:
    """Telegram redelivers what a bot did not confirm, to whichever process polls next: /start,
    the NISN, a wrong birth date, a sticker and an edit are each answered (and counted) once."""
    bot = await running()
    nisn = nisns(bot, BLK)[7]
    chat = 5013
    fake = bot.fake
    sent: list[int] = []
    for action in (
        fake.user_command(chat, "/start"),
        fake.user_text(chat, nisn),
        fake.user_text(chat, "01-01-1990"),  # the wrong birth date: one failed check
        fake.user_sticker(chat),
    ):
        sent.append(await action)
        await fake.wait_reply(chat)
        await fake.wait_quiet(0.1)
    typed = next(m for m in fake.transcript(chat) if m.sender == "user" and m.kind == "text")
    sent.append(await fake.user_edit(chat, typed.message_id, "0000000000"))
    await fake.wait_reply(chat)
    await fake.wait_quiet(0.1)
    shown = len(fake.messages(chat))
    checks = bot.rows("SELECT step, nisn, failures FROM identity_checks")
    assert [(step, failures) for step, _, failures in checks] == [("nisn", 1)]

    await bot.restart()  # a new process: nothing of the first one's memory is left
    for update_id in sent:
        await fake.redeliver(update_id)
    await fake.wait_quiet(0.5)
    assert len(fake.messages(chat)) == shown, fake.format_transcript(chat)
    assert bot.rows("SELECT step, nisn, failures FROM identity_checks") == checks


async def test_a_locked_database_asks_to_send_again_and_keeps_nothing(
    running, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Another program holds the database (BEGIN EXCLUSIVE) longer than the bot retries: the
    alumnus is asked to send the answer again, nothing of it is stored, and once the lock is
    gone the answer sent again is taken."""
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(runner, "BUSY_RETRIES", (0.05, 0.1))
    bot = await running()
    nisn = nisns(bot, BLK)[8]
    chat = 5014
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    await bot.fake.wait_reply(chat)
    await say(bot, chat, "ya")
    first = bot.question_at(nisn)
    answer = typed_answer(first)
    holder = sqlite3.connect(bot.db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        update_id = await bot.fake.user_text(chat, answer)
        [sorry] = await bot.fake.wait_reply(chat, timeout=10)
        assert "Kirim pesan itu sekali lagi" in (sorry.text or "")
        assert bot.rows("SELECT count(*) FROM answers") == [(0,)]
        assert bot.question_at(nisn) == first
        assert bot.rows(f"SELECT 1 FROM processed_messages WHERE message_id = '{update_id}'") == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"telegram update {update_id} failed: OperationalError" in logged
    assert answer not in logged
    await say(bot, chat, answer)
    assert bot.rows("SELECT question_code FROM answers") == [(first.code,)]
    assert bot.question_at(nisn) != first


async def test_a_reply_stored_but_never_sent_goes_out_at_the_next_start_once(
    running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer is committed, then the Bot API is down for its reply: the reply was stored
    with the turn, and the next start sends it, once (not again at the start after)."""
    monkeypatch.setattr(telegram_channel, "SEND_TRIES", 1)
    monkeypatch.setattr(telegram_channel, "UNSENT_AGE", timedelta(0))
    bot = await running()
    nisn = nisns(bot, BLK)[9]
    chat = 5015
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    await bot.fake.wait_reply(chat)
    await say(bot, chat, "ya")
    first = bot.question_at(nisn)
    bot.fake.fail_next("sendMessage", 502, chat_id=chat)
    await bot.fake.user_text(chat, typed_answer(first))
    await bot.fake.wait_quiet(0.5)
    assert bot.rows("SELECT question_code FROM answers") == [(first.code,)]
    [(stored_chat, payload)] = bot.rows("SELECT chat_id, payload FROM pending_replies")
    assert stored_chat == str(chat)
    [(stored_text, _markup)] = json.loads(payload)  # the next question (or the roster's offer)
    shown = len(bot.fake.messages(chat))
    second = bot.question_at(nisn)
    assert second is not None and second.code != first.code

    await bot.restart()
    await bot.fake.wait_for(lambda: len(bot.fake.messages(chat)) > shown or None, timeout=10)
    assert bot.fake.last_message(chat).text == stored_text
    await bot.restart()
    await bot.fake.wait_quiet(0.5)
    assert len(bot.fake.messages(chat)) == shown + 1
    assert bot.rows("SELECT count(*) FROM pending_replies") == [(0,)]


async def test_a_stale_button_is_answered_politely_never_applied(running) -> None:
    bot = await running()
    nisn = nisns(bot, sample.SMK_CODE)[0]
    chat = 5004
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    consent = (await bot.fake.wait_reply(chat))[-1]
    await press(bot, chat, consent, "Ya")
    await bot.fake.wait_reply(chat)
    # The consent button again (its message lost its buttons, but an old client may still tap).
    stale = consent.original_reply_markup["inline_keyboard"][0][0]["callback_data"]
    await bot.fake.user_press(chat, consent.message_id, stale, check=False)
    reply = (await bot.fake.wait_reply(chat))[-1]
    assert "tidak berlaku" in (reply.text or "").lower() or "sudah" in (reply.text or "").lower()
    assert status_of(bot, nisn) == "started"
    assert bot.rows("SELECT count(*) FROM answers")[0][0] == 0


async def test_non_text_messages_get_a_short_helpful_reply(running) -> None:
    bot = await running()
    chat = 5005
    for send in (bot.fake.user_sticker, bot.fake.user_voice, bot.fake.user_location):
        await send(chat)
        reply = (await bot.fake.wait_reply(chat))[-1]
        assert "teks" in (reply.text or "")
    await bot.fake.user_text(chat, "halo")
    await bot.fake.wait_reply(chat)
    typed = [e for e in bot.fake.transcript(chat) if e.sender == "user" and e.kind == "text"]
    assert typed[-1].message_id is not None
    await bot.fake.user_edit(chat, typed[-1].message_id, "halo lagi")
    assert "diedit" in ((await bot.fake.wait_reply(chat))[-1].text or "")
    await bot.fake.user_text(chat, "<b>bukan</b> & tag")  # echoed back, never read as markup
    assert all(m.parse_mode is None for m in bot.fake.messages(chat))


async def test_identity_by_nisn_and_birth_date_with_lockout(running) -> None:
    bot = await running()
    nisn = nisns(bot, BLK)[3]
    born = bot.rows(f"SELECT birth_date FROM alumni WHERE nisn = '{nisn}'")[0][0]
    day = datetime.fromisoformat(born).strftime("%d-%m-%Y")
    intruder, owner = 5006, 5007
    await bot.fake.user_command(intruder, "/start")
    assert "NISN" in ((await bot.fake.wait_reply(intruder))[-1].text or "")
    replies = []
    # Another NISN than the owner's: failures lock the NISN tried too, from any chat
    # (tests/telegram/test_identity_attacks.py), and the owner must not meet that lock here.
    for guessed in ("0000000007", "0000000008", "0000000009"):
        await bot.fake.user_text(intruder, guessed)
        await bot.fake.wait_reply(intruder)
        await bot.fake.user_text(intruder, "01-01-1990")
        replies.append((await bot.fake.wait_reply(intruder))[-1].text or "")
    assert "tidak cocok" in replies[0] and "Terlalu banyak" in replies[2]
    await bot.fake.user_text(intruder, nisn)
    assert "Terlalu banyak" in ((await bot.fake.wait_reply(intruder))[-1].text or "")
    # The same answer for an unknown NISN: the bot never reveals whether a number exists.
    await bot.fake.user_command(owner, "/start")
    await bot.fake.wait_reply(owner)
    await bot.fake.user_text(owner, "0000000001")
    await bot.fake.wait_reply(owner)
    await bot.fake.user_text(owner, day)
    assert "tidak cocok" in ((await bot.fake.wait_reply(owner))[-1].text or "")

    await bot.fake.user_text(owner, nisn)
    await bot.fake.wait_reply(owner)
    await bot.fake.user_text(owner, day)
    question = (await bot.fake.wait_reply(owner))[-1]
    assert "Apakah Anda" in (question.text or "") and "*" in (question.text or "")
    await bot.fake.user_text(owner, "hmm")  # neither yes nor no: asked again, name and all
    again = (await bot.fake.wait_reply(owner))[-1]
    assert again.text == question.text and "{name}" not in (again.text or "")
    assert again.callback_data == question.callback_data
    await press(bot, owner, again, "Ya")
    assert "setuju" in ((await bot.fake.wait_reply(owner))[-1].text or "").lower()
    assert bot.rows("SELECT external_id FROM channel_identities") == [(str(owner),)]


async def test_the_identity_dialogue_survives_a_restart(running) -> None:
    """NISN before a restart, birth date and "ya" after: kept in the database, not in memory."""
    bot = await running()
    nisn = nisns(bot, BLK)[6]
    born = bot.rows(f"SELECT birth_date FROM alumni WHERE nisn = '{nisn}'")[0][0]
    chat = 5012
    await bot.fake.user_command(chat, "/start")
    await bot.fake.wait_reply(chat)
    await bot.fake.user_text(chat, nisn)
    assert "lahir" in ((await bot.fake.wait_reply(chat))[-1].text or "").lower()
    await bot.restart()
    await bot.fake.user_text(chat, datetime.fromisoformat(born).strftime("%d-%m-%Y"))
    assert "Apakah Anda" in ((await bot.fake.wait_reply(chat))[-1].text or "")
    await bot.restart()
    await bot.fake.user_text(chat, "ya")
    assert "setuju" in ((await bot.fake.wait_reply(chat))[-1].text or "").lower()
    assert bot.rows("SELECT external_id FROM channel_identities") == [(str(chat),)]
    # Linked: nothing of the dialogue (the NISN typed) is left behind.
    assert bot.rows("SELECT count(*) FROM identity_checks WHERE nisn IS NOT NULL") == [(0,)]


async def test_delete_my_data_after_confirmation(running) -> None:
    bot = await running()
    nisn = nisns(bot, BLK)[4]
    chat = 5008
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    await bot.fake.wait_reply(chat)
    await bot.fake.user_text(chat, "ya")
    await bot.fake.wait_reply(chat)
    await bot.fake.user_text(chat, typed_answer(bot.question_at(nisn)))
    await bot.fake.wait_reply(chat)
    assert bot.rows("SELECT count(*) FROM answers")[0][0] == 1
    await bot.fake.user_command(chat, "/hapusdata")
    assert "YA" in ((await bot.fake.wait_reply(chat))[-1].text or "")
    await bot.fake.user_text(chat, "ya")
    assert "dihapus" in ((await bot.fake.wait_reply(chat))[-1].text or "")
    assert bot.rows("SELECT count(*) FROM answers")[0][0] == 0
    assert status_of(bot, nisn) == "opted_out"


@pytest.mark.parametrize(
    ("status", "description"),
    [
        (403, "Forbidden: bot was blocked by the user"),
        # A chat that is gone comes as a 400, yet is as final as a block (bot.telegram.errors).
        (400, "Bad Request: chat not found"),
        (403, "Forbidden: user is deactivated"),
    ],
    ids=["blocked", "chat-not-found", "deactivated"],
)
async def test_a_user_who_blocked_the_bot_is_marked_unreachable(
    running, status: int, description: str
) -> None:
    bot = await running()
    nisn = nisns(bot, BLK)[5]
    chat = 5009
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    await bot.fake.wait_reply(chat)
    # They answer and block the bot at once: the reply meets the refusal a later reminder would.
    bot.fake.fail_next("sendMessage", status, description, chat_id=chat)
    await bot.fake.user_text(chat, "ya")

    def marked() -> bool | None:
        return bot.rows("SELECT reachable FROM channel_identities") == [(0,)] or None

    await bot.fake.wait_for(lambda: any(r.status == status for r in bot.fake.requests) or None)
    await bot.fake.wait_for(marked, timeout=5)
    assert status_of(bot, nisn) == "started"  # the answer itself was kept


async def test_flood_limits_are_waited_out_and_nothing_is_dropped(running) -> None:
    bot = await running(per_chat_rate=1.0)
    nisn = nisns(bot, BLK)[6]
    chat = 5010
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    await bot.fake.wait_reply(chat)
    # Three replies at once: the chat's 1 message/s limit answers some sends with 429.
    await bot.fake.user_text(chat, "ya")
    await bot.fake.user_text(chat, "bantuan")
    await bot.fake.user_text(chat, "bantuan")
    await bot.fake.wait_messages(chat, 4, timeout=20)  # consent, question 1, two help texts
    texts = [m.text or "" for m in bot.fake.messages(chat)]
    assert bot.fake.count_429 >= 1
    assert sum("LEWATI" in t for t in texts) == 2  # both help texts arrived despite the 429s


async def test_webhook_mode_checks_the_secret_header(running) -> None:
    bot = await running(public=True)
    url = f"http://127.0.0.1:{bot.settings.http_port}"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{url}/healthz") as health:
            health_body = await health.json()
            assert health_body == {"status": "ok", "telegram": "webhook", "whatsapp": "off"}
        forged = {"update_id": 1, "message": {"message_id": 1, "date": 0,
                  "chat": {"id": 1, "type": "private"}, "text": "/start"}}  # fmt: skip
        async with http.post(f"{url}{WEBHOOK_PATH}", data=json.dumps(forged),
                             headers={SECRET_HEADER: "wrong"}) as refused:  # fmt: skip
            assert refused.status == 403
    assert bot.fake.webhook_url == f"{url}{WEBHOOK_PATH}"
    chat = 5011
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisns(bot, BLK)[7]])
    assert "setuju" in ((await bot.fake.wait_reply(chat))[-1].text or "").lower()
    assert all(d.ok for d in bot.fake.webhook_deliveries)
    # The secret Jejak registered is the one its webhook checks (derived, so every process agrees).
    (registered,) = bot.fake.requests_for("setWebhook")
    assert registered.params["secret_token"] == webhook_secret(bot.settings)


async def test_telegram_telling_us_of_a_block_marks_unreachable_then_back(running) -> None:
    bot = await running()
    nisn = nisns(bot, BLK)[8]
    chat = 5013
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    await bot.fake.wait_reply(chat)

    def reachable() -> list[tuple]:
        return bot.rows("SELECT reachable FROM channel_identities")

    await bot.fake.block(chat)  # with the my_chat_member update Telegram sends
    await bot.fake.wait_for(lambda: reachable() == [(0,)] or None)
    await bot.fake.unblock(chat)
    await bot.fake.wait_for(lambda: reachable() == [(1,)] or None)


async def test_network_errors_are_retried_and_the_message_still_arrives(running) -> None:
    bot = await running()
    chat = 5012
    bot.fake.fail_next("sendMessage", 502, "Bad Gateway", chat_id=chat)
    await bot.fake.user_command(chat, "/start")
    reply = (await bot.fake.wait_reply(chat, timeout=10))[-1]
    assert "NISN" in (reply.text or "")
    assert [r.status for r in bot.fake.requests_for("sendMessage")][:2] == [502, 200]


async def test_a_small_income_asked_back_survives_a_restart(running) -> None:
    bot = await running()
    nisn = nisns(bot, BLK)[3]
    chat = 5011
    await bot.fake.user_command(chat, "/start", args=bot.tokens[nisn])
    await bot.fake.wait_reply(chat)
    await say(bot, chat, "ya")
    for _ in range(40):
        question = bot.question_at(nisn)
        assert question is not None, bot.fake.format_transcript(chat)
        if question.code == "penghasilan":
            break
        await say(bot, chat, typed_answer(question, {"status": "1"}))  # working: income asked
    await say(bot, chat, "4500")
    asked = bot.fake.last_message(chat)
    assert "Rp 4.500.000?" in (asked.text or "")
    assert [b["text"] for row in asked.inline_keyboard for b in row] == ["Ya", "Tidak"]
    assert bot.rows("SELECT count(*) FROM answers WHERE question_code = 'penghasilan'") == [(0,)]

    await bot.restart()  # the question asked back lives in the stored session
    await press(bot, chat, asked, "Ya")
    stored = bot.rows("SELECT value, raw_text FROM answers WHERE question_code = 'penghasilan'")
    assert stored == [(4_500_000, "4500")]
    # The tapped message shows the answer, as after any tap.
    assert any("✓ Rp 4.500.000" in (m.text or "") for m in bot.fake.messages(chat))
