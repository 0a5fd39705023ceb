"""Staff on Telegram: linking by one-time link, commands in a private chat and in a staff group,
the export file, a resend that reaches the alumnus, and the scheduled summaries with a chart.

`jejak run` runs against the fake Bot API with a manual clock set to Monday 23 November 2026,
08:30 in the sample SMK's zone (WITA), so the morning summaries are due.
"""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import openpyxl
from fakes.jejak_run import Bot, act, press, sample_staff_token

from bot.cli import sample
from config.desk_messages import desk_text
from scheduler.clock import ManualClock
from storage.models import StaffRole

MONDAY_MORNING = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 08:30 WITA
STAFF_USER = 7001
HOMEROOM_USER = 7002
GROUP = -100500


async def add_staff(bot: Bot, role: StaffRole, class_name: str | None = None) -> str:
    """A staff member of the sample SMK; returns their one-time link token."""
    return await sample_staff_token(bot.settings, role, MONDAY_MORNING, class_name)


async def test_a_bkk_member_links_a_chat_and_runs_every_command(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    clock = ManualClock(MONDAY_MORNING)
    bot = await running(serve_options={"clock": clock, "sweep_interval": 0.2})
    fake = bot.fake
    token = await add_staff(bot, StaffRole.BKK)

    await act(bot, STAFF_USER, fake.user_command(STAFF_USER, "/start", args=token))
    assert "sebagai BKK" in (fake.last_message(STAFF_USER).plain_text or "")
    menu = fake.commands_for("", {"type": "chat", "chat_id": STAFF_USER})
    assert menu is not None and next(c["command"] for c in menu) == "statistik"
    # The link is one-time: someone it was forwarded to gets nothing.
    await act(bot, 7099, fake.user_command(7099, "/start", args=token))
    assert "BKK" not in (fake.last_message(7099).plain_text or "")

    await act(bot, STAFF_USER, fake.user_text(STAFF_USER, "/statistik"))
    stats = fake.last_message(STAFF_USER)
    assert stats.parse_mode == "HTML" and "XII AKL 1" in (stats.plain_text or "")

    await act(bot, STAFF_USER, fake.user_text(STAFF_USER, "/belum XII AKL 1"))
    missing = fake.last_message(STAFF_USER).plain_text or ""
    assert "Eka Pratama" in missing and "belum membuka bot" in missing

    await act(bot, STAFF_USER, fake.user_text(STAFF_USER, "/ekspor XII AKL 1"))
    [document] = [d for d in fake.documents if d.chat_id == STAFF_USER]
    assert document.filename and document.filename.endswith(".xlsx") and document.content
    book = openpyxl.load_workbook(io.BytesIO(document.content))
    sheet = book.worksheets[0]
    nisns = {str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "3074326411" in nisns
    assert "Angka" in book.sheetnames  # the same figures as /laporan, for this class

    # An alumnus opens their invitation, then stops answering; BKK resends to them by NISN.
    alumnus_chat = 8001
    await act(
        bot,
        alumnus_chat,
        fake.user_command(alumnus_chat, "/start", args=bot.tokens[sample.DEMO_NISN]),
    )
    before = len(fake.messages(alumnus_chat))
    await act(bot, STAFF_USER, fake.user_text(STAFF_USER, f"/kirimulang {sample.DEMO_NISN}"))
    assert "1 alumni" in (fake.last_message(STAFF_USER).plain_text or "")
    reminder = await fake.wait_for(
        lambda: len(fake.messages(alumnus_chat)) > before and fake.last_message(alumnus_chat)
    )
    assert "LANJUT" in (reminder.text or "")
    # Twice the same day reaches them once.
    await act(bot, STAFF_USER, fake.user_text(STAFF_USER, f"/kirimulang {sample.DEMO_NISN}"))
    assert "sudah dikirimi" in (fake.last_message(STAFF_USER).plain_text or "")
    await fake.wait_quiet(0.5)
    assert len(fake.messages(alumnus_chat)) == before + 1

    # /kirimulang semua: more than 20 would be reminded → asks first; here only one can be.
    await act(bot, STAFF_USER, fake.user_text(STAFF_USER, "/kirimulang semua"))
    assert "belum bisa dihubungi" in (fake.last_message(STAFF_USER).plain_text or "")

    # A staff group: linked by the BKK member, then it gets the Monday chart.
    await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, f"/sambungkan {sample.SMK_CODE}"))
    assert "ringkasan mingguan" in (fake.last_message(GROUP).plain_text or "")
    photo = await fake.wait_for(
        lambda: next(
            (d for d in fake.documents if d.chat_id == GROUP and d.method == "sendPhoto"), None
        ),
        timeout=10,
    )
    assert photo.content and photo.content.startswith(b"\x89PNG")
    # Someone in the group who is not staff gets no data.
    await act(bot, GROUP, fake.group_text(GROUP, 7555, "/belum"))
    refused = fake.last_message(GROUP).plain_text or ""
    assert "hanya untuk staf" in refused and "Eka" not in refused


async def test_an_unlinked_group_gets_no_file_and_no_names(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    """The bot added to some group: a BKK member's commands there give its members nothing."""
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    fake = bot.fake
    token = await add_staff(bot, StaffRole.BKK)
    await act(bot, STAFF_USER, fake.user_command(STAFF_USER, "/start", args=token))
    private_before = len(fake.messages(STAFF_USER))
    commands = ("/ekspor", "/belum", "/statistik", "/belum XII AKL 1", f"/ekspor {sample.SMK_CODE}")
    for command in commands:
        await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, command))
    said = [m.plain_text or "" for m in fake.messages(GROUP)]
    assert said == [desk_text("id", "group_not_linked")] * len(commands)
    assert not fake.documents
    assert len(fake.messages(STAFF_USER)) == private_before  # nothing sent privately either


async def test_a_group_linked_without_names_gets_figures_and_names_go_privately(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    bot = await running(serve_options={"clock": ManualClock(MONDAY_MORNING), "scheduler": False})
    fake = bot.fake
    token = await add_staff(bot, StaffRole.BKK)
    await act(bot, STAFF_USER, fake.user_command(STAFF_USER, "/start", args=token))
    await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, f"/sambungkan {sample.SMK_CODE}"))

    def group_texts() -> list[str]:
        return [m.plain_text or "" for m in fake.messages(GROUP)]

    await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, "/statistik"))
    assert "XII AKL 1" in group_texts()[-1]
    await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, "/belum XII AKL 1"))
    assert "Eka Pratama" in (fake.last_message(STAFF_USER).plain_text or "")
    assert group_texts()[-1] == desk_text("id", "sent_to_person")
    await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, "/ekspor"))
    assert [d.chat_id for d in fake.documents] == [STAFF_USER]
    assert group_texts()[-1] == desk_text("id", "sent_to_person")
    # Their private chat blocked the bot: the group is told to open one, and reads no names.
    await fake.block(STAFF_USER, notify=False)
    await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, "/belum"))
    assert group_texts()[-1] == desk_text("id", "open_private_chat")
    assert not any("Eka" in text for text in group_texts())
    assert [d.chat_id for d in fake.documents] == [STAFF_USER]
    # Linked for names: the names are read in the group.
    await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, f"/sambungkan {sample.SMK_CODE} nama"))
    await act(bot, GROUP, fake.group_text(GROUP, STAFF_USER, "/belum XII AKL 1"))
    assert "Eka Pratama" in group_texts()[-1]


async def test_homeroom_teacher_gets_the_morning_summary_of_their_class_only(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    clock = ManualClock(MONDAY_MORNING)
    bot = await running(serve_options={"clock": clock, "sweep_interval": 0.2})
    fake = bot.fake
    token = await add_staff(bot, StaffRole.HOMEROOM, "XII AKL 1")
    await act(bot, HOMEROOM_USER, fake.user_command(HOMEROOM_USER, "/start", args=token))
    summary = await fake.wait_for(
        lambda: next(
            (m for m in fake.messages(HOMEROOM_USER) if "Eka Pratama" in (m.plain_text or "")),
            None,
        ),
        timeout=10,
    )
    assert "XII AKL 1" in (summary.plain_text or "") and "0/14" in (summary.plain_text or "")
    # The school's classes ranked (#17): another class only as its rank and percentage,
    # never its alumni.
    assert re.search(
        r"Peringkat kelas \(dari \d+\): .*\d\. XII TKJ 1 — \d+%", summary.plain_text or ""
    )
    others = [m.plain_text or "" for m in fake.messages(HOMEROOM_USER)]
    tkj = [name for (name,) in bot.rows(
        "SELECT a.name FROM alumni a JOIN class_groups g ON a.class_group_id = g.id "
        "WHERE g.name = 'XII TKJ 1'"
    )]  # fmt: skip
    assert tkj and not any(name in text for name in tkj for text in others)
    # Their own class is in scope; another class is not, and says nothing about it.
    await act(bot, HOMEROOM_USER, fake.user_text(HOMEROOM_USER, "/belum XII TKJ 1"))
    refused = fake.last_message(HOMEROOM_USER).plain_text or ""
    assert "tidak ada dalam cakupan" in refused
    # One summary per day, however many sweeps run.
    await fake.wait_quiet(0.6)
    texts = [m.plain_text or "" for m in fake.messages(HOMEROOM_USER)]
    assert sum("XII AKL 1" in t and "Eka" in t for t in texts) == 1


async def test_resend_confirm_button(running: Callable[..., Awaitable[Bot]]) -> None:
    """More than 20 reachable alumni: the command asks, and the button sends."""
    clock = ManualClock(MONDAY_MORNING)
    bot = await running(serve_options={"clock": clock, "sweep_interval": 0.2})
    fake = bot.fake
    token = await add_staff(bot, StaffRole.BKK)
    await act(bot, STAFF_USER, fake.user_command(STAFF_USER, "/start", args=token))
    nisns = [n for (n,) in bot.rows(
        "SELECT a.nisn FROM alumni a JOIN institutions i ON a.institution_id = i.id "
        f"WHERE i.code = '{sample.SMK_CODE}' ORDER BY a.nisn LIMIT 21"
    )]  # fmt: skip
    for n, nisn in enumerate(nisns):
        await act(bot, 9000 + n, fake.user_command(9000 + n, "/start", args=bot.tokens[nisn]))
    await act(bot, STAFF_USER, fake.user_text(STAFF_USER, "/kirimulang semua"))
    ask = fake.last_message(STAFF_USER)
    assert "21 alumni" in (ask.plain_text or "") and ask.inline_keyboard
    await press(bot, STAFF_USER, ask, "Ya, kirim")
    assert "21 alumni" in (fake.last_message(STAFF_USER).plain_text or "")
    reached = await fake.wait_for(
        lambda: all(
            "LANJUT" in (fake.last_message(9000 + n).text or "") for n in range(len(nisns))
        ),
        timeout=10,
    )
    assert reached
