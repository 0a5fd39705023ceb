"""/tautan (/classlink) on Telegram (#17): a homeroom teacher sees their class's link and who has
not linked a chat yet, before graduation; the scope decides which classes, and a group that hides
names gets none."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from fakes.jejak_run import Bot, act, sample_staff_token

from bot.cli import sample
from config.desk_messages import desk_text
from scheduler.clock import ManualClock
from storage.models import StaffRole

CLASS = "XII AKL 1"
MONDAY_MORNING = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 08:30 WITA
STAFF_USER, HOMEROOM_USER, GROUP = 7001, 7002, -100500
STUDENT_CHAT = 8101
LINK = re.compile(r"https://t\.me/\w+\?start=k_([A-Za-z0-9_-]{22})")


async def add_staff(bot: Bot, role: StaffRole, class_name: str | None = None) -> str:
    """A staff member of the sample SMK; returns their one-time link token."""
    return await sample_staff_token(bot.settings, role, MONDAY_MORNING, class_name)


def class_names(bot: Bot, name: str) -> list[str]:
    return [n for (n,) in bot.rows(
        "SELECT a.name FROM alumni a JOIN class_groups c ON c.id = a.class_group_id "
        f"WHERE c.name = '{name}' ORDER BY a.name"
    )]  # fmt: skip


async def link_student(bot: Bot) -> None:
    """The sample student of XII AKL 1 links their chat (their invitation, in this sample)."""
    fake = bot.fake
    await act(
        bot,
        STUDENT_CHAT,
        fake.user_command(STUDENT_CHAT, "/start", args=bot.tokens[sample.DEMO_NISN]),
    )
    assert bot.rows("SELECT count(*) FROM channel_identities") == [(1,)]


async def test_a_homeroom_teacher_sees_their_class_link_and_who_has_not_linked(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    fake = bot.fake
    token = await add_staff(bot, StaffRole.HOMEROOM, CLASS)
    await act(bot, HOMEROOM_USER, fake.user_command(HOMEROOM_USER, "/start", args=token))
    menu = fake.commands_for("", {"type": "chat", "chat_id": HOMEROOM_USER})
    assert menu is not None and "tautan" in [c["command"] for c in menu]
    await link_student(bot)

    await act(bot, HOMEROOM_USER, fake.user_text(HOMEROOM_USER, "/tautan"))
    reply = fake.last_message(HOMEROOM_USER).plain_text or ""
    students = class_names(bot, CLASS)
    assert f"{CLASS} (lulus 2025): 1 dari {len(students)} siswa sudah terhubung" in reply, reply
    (class_token,) = bot.rows(f"SELECT link_token FROM class_groups WHERE name = '{CLASS}'")[0]
    assert LINK.findall(reply) == [class_token]  # made on first use, then kept
    unlinked = [n for n in students if n != "Eka Pratama"]
    assert all(name in reply for name in unlinked) and "Eka Pratama" not in reply
    assert "XII RPL 1" not in reply  # another class: not theirs

    await act(bot, HOMEROOM_USER, fake.user_text(HOMEROOM_USER, "/tautan"))
    assert LINK.findall(fake.last_message(HOMEROOM_USER).plain_text or "") == [class_token]

    # Another class is refused as if it did not exist.
    await act(bot, HOMEROOM_USER, fake.user_text(HOMEROOM_USER, "/tautan XII RPL 1"))
    refused = fake.last_message(HOMEROOM_USER).plain_text or ""
    assert "tidak ada dalam cakupan" in refused and not LINK.search(refused), refused
    assert bot.rows("SELECT count(*) FROM class_groups WHERE link_token IS NOT NULL") == [(1,)]


async def test_bkk_gets_every_class_and_names_for_one(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    fake = bot.fake
    token = await add_staff(bot, StaffRole.BKK)
    await act(bot, STAFF_USER, fake.user_command(STAFF_USER, "/start", args=token))
    classes = [n for (n,) in bot.rows(
        "SELECT c.name FROM class_groups c JOIN institutions i ON i.id = c.institution_id "
        f"WHERE i.code = '{sample.SMK_CODE}' ORDER BY c.name"
    )]  # fmt: skip
    assert len(classes) > 2
    await act(bot, STAFF_USER, fake.user_text(STAFF_USER, "/tautan"))
    every = fake.last_message(STAFF_USER).plain_text or ""
    assert all(f"{name} (lulus 2025): 0 dari" in every for name in classes), every
    assert len(set(LINK.findall(every))) == len(classes)
    assert "Eka Pratama" not in every  # too many classes for names: one asks for a class
    assert "/tautan XII AKL 1" in every

    await act(bot, STAFF_USER, fake.user_text(STAFF_USER, "/tautan xii  akl 1"))
    one = fake.last_message(STAFF_USER).plain_text or ""
    assert "Eka Pratama" in one and "XII RPL 1" not in one


async def test_in_a_group_that_hides_names_the_list_goes_privately(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    fake = bot.fake
    bkk = await add_staff(bot, StaffRole.BKK)
    await act(bot, STAFF_USER, fake.user_command(STAFF_USER, "/start", args=bkk))
    await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, f"/sambungkan {sample.SMK_CODE}"))
    await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, f"/tautan {CLASS}"))
    assert (fake.last_message(GROUP).plain_text or "") == desk_text("id", "sent_to_person")
    assert "Eka Pratama" in (fake.last_message(STAFF_USER).plain_text or "")
    assert not any("Eka" in (m.plain_text or "") for m in fake.messages(GROUP))


async def test_a_viewer_may_not(running: Callable[..., Awaitable[Bot]]) -> None:
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    fake = bot.fake
    token = await add_staff(bot, StaffRole.VIEWER)
    await act(bot, STAFF_USER, fake.user_command(STAFF_USER, "/start", args=token))
    await act(bot, STAFF_USER, fake.user_text(STAFF_USER, "/tautan"))
    assert (fake.last_message(STAFF_USER).plain_text or "") == desk_text("id", "not_allowed")
    assert bot.rows("SELECT count(*) FROM class_groups WHERE link_token IS NOT NULL") == [(0,)]
