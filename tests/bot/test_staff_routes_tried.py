"""/belum's routes tried: own Telegram, own WhatsApp and the parent's number, each with its
latest attempt's local date and how it ended, under each alumnus's line.

The deliveries are tests/bot/test_staff_delivery_states.py's mix, plus a parent's message, a
Telegram chat that blocked the bot and numbers that said BERHENTI.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.staff.desk import StaffDesk
from storage.deliveries.opt_outs import opt_out
from storage.models import Alumnus, ChannelIdentity, Delivery, DeliveryKind, DeliveryStatus
from storage.reports.missing import Route, missing_alumni


def _sibling(name: str) -> Any:
    """A module of this folder (`bot.` is the application's package, not tests/bot)."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_states = _sibling("test_staff_delivery_states")
BKK, DAY2, ENGLISH = _states.BKK, _states.DAY2, _states.ENGLISH
_ask, _callbacks, _name, nisn = _states._ask, _states._callbacks, _states._name, _states.nisn
world, mixed = _states.world, _states.mixed  # fixtures

PARENT_AT = DAY2 + timedelta(days=1)  # 08-03 11:30 WIB


def _tried(text: str, name: str) -> str | None:
    """The line under the alumnus's own: their routes tried (None when there is none)."""
    lines = text.splitlines()
    [at] = [n for n, line in enumerate(lines) if name in line]
    following = lines[at + 1] if at + 1 < len(lines) else ""
    return following if following.startswith("  ↳") else None


async def test_missing_shows_each_route_tried_and_how_it_ended(
    mixed: tuple[StaffDesk, Any],
    sessions: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
) -> None:
    desk, study = mixed
    survey = study.surveys["X"]
    a0 = nisn(study, "XII A", 0)
    b0, b1, b2 = (nisn(study, "XII B", i) for i in range(3))
    async with sessions() as session, session.begin():
        session.add(
            Delivery(
                key=f"parent:{survey.id}:{study.alumni[a0]}:1",
                kind=DeliveryKind.PARENT.value,
                survey_id=survey.id,
                alumnus_id=study.alumni[a0],
                round=1,
                status=DeliveryStatus.SENT.value,
                attempts=1,
                next_attempt_at=PARENT_AT,
                channel="whatsapp",
                provider_message_id="SMparent",
                created_at=PARENT_AT,
                sent_at=PARENT_AT,
                updated_at=PARENT_AT,
            )
        )
        await session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.alumnus_id == study.alumni[b1])
            .values(reachable=False)
        )
        stopped = ((b2, "phone", "+6281200000002"), (b0, "guardian_phone", "+6285600000000"))
        for who, column, number in stopped:
            await session.execute(
                update(Alumnus).where(Alumnus.id == study.alumni[who]).values({column: number})
            )
            await opt_out(session, "whatsapp", number, DAY2)
    await _callbacks(sessions, "SMparent", "sent", "delivered")

    text = await _ask(desk, BKK, "belum")
    assert _tried(text, _name("XII A", 0)) == (
        "  ↳ Telegram 05-03: terkirim · WA 07-03: dibaca · ortu 08-03: diterima"
    )
    assert _tried(text, _name("XII A", 1)) == "  ↳ WA 07-03: nomor tak aktif"
    assert _tried(text, _name("XII A", 2)) == "  ↳ Telegram 05-03: terkirim"
    assert _tried(text, _name("XII B", 0)) == "  ↳ WA 07-03: diterima · ortu: minta berhenti"
    assert _tried(text, _name("XII B", 1)) == "  ↳ Telegram: diblokir · WA 07-03: terkirim"
    assert _tried(text, _name("XII B", 2)) == "  ↳ WA 07-03: minta berhenti"
    # The alumnus's own last message is still the line's own: the parent's is not one of them.
    assert "pesan terakhir 07-03 11:30: dibaca" in text
    english = await _ask(desk, ENGLISH, "missing")
    assert _tried(english, _name("XII A", 0)) == (
        "  ↳ Telegram 05-03: sent · WA 07-03: read · parent 08-03: delivered"
    )

    # One list, a fixed number of statements however many alumni (no query per alumnus).
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        async with sessions() as session:
            people = await missing_alumni(session, survey)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len(people) == 6 and len(statements) <= 6, statements
    [first] = [p for p in people if p.alumnus_id == study.alumni[a0]]
    assert [a.route for a in first.tried] == [Route.TELEGRAM, Route.WHATSAPP, Route.PARENT]


async def test_nothing_tried_adds_no_line(world: tuple[StaffDesk, Any]) -> None:
    desk, _ = world
    text = await _ask(desk, BKK, "belum")
    assert _tried(text, _name("XII A", 0)) is None
