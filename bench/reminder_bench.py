"""Reminder fan-out: N alumni due for their first reminder, sent through Telegram's flood limit.

Run: .venv/bin/python bench/reminder_bench.py [--alumni 10000] [--rate 30] [--db sqlite|postgresql]
     [--concurrency 32] [--retries 5]

One process, one event loop: the fake Bot API server (tests/fakes) and the scheduler share it.

* The database: a fresh SQLite file in a temporary folder, or (--db postgresql) a fresh database
  on the server at 127.0.0.1:5432 (user postgres; JEJAK_TEST_POSTGRES_ADMIN overrides the admin
  URL, as in the tests), dropped afterwards. Migrated, then one SMK (WIB) with N alumni of the
  2025 cohort, bulk-inserted, each with a reachable Telegram identity (chat 700000001 …) and an
  invitation to a survey opened three days and two hours before the scheduler's clock: the
  first reminder is due for everyone, at 10:00 WIB, inside the sending hours.
* The fake Bot API answers like Telegram over its broadcast limit: a global token bucket of
  `--rate` messages/s (a burst of as many), 429 with `parameters.retry_after` beyond it.
* The sender: `Sweeper` (plan, then the outbox) with `TelegramSender` over the real PTB bot of an
  Application whose AIORateLimiter is built as bot/telegram/app.py builds it: `rate`/s in bursts
  of at most OVERALL_BURST (10), `max_retries=--retries`. The clock is a ManualClock standing at
  that Thursday 10:00 WIB.

A sweep sends what is due once; a delivery that still got 429 after the limiter's retries is
retried by a later sweep (the clock is moved to its next attempt), and the bench reports how
many sweeps it took. It then checks that every chat received exactly one reminder and every
delivery row is `sent`. The rate is reminders / (last accepted sendMessage - first sendMessage),
by the fake's clock; the first burst makes the ideal slightly above the limit for small N.

Experiments: --burst B lets the limiter send at most B messages at once (same rate); --burst 0
gives PTB's default, a whole second's worth at once (what Jejak shipped before); --claim-ahead
swaps in an outbox that claims the next batch before the current one is done (ClaimAheadOutbox
below).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import resource
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the fake Bot API server
sys.path.insert(0, str(REPO))

import asyncpg  # noqa: E402
from fakes.telegram_api import FakeTelegram  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker  # noqa: E402
from sqlcount import SqlCounter  # noqa: E402  (bench/ is on sys.path when run)
from telegram.ext import AIORateLimiter, ApplicationBuilder  # noqa: E402

from bot.telegram.app import OVERALL_BURST, RATE_LIMITER_RETRIES  # noqa: E402
from bot.telegram.sender import TelegramSender  # noqa: E402
from config.loader import read_questionnaire  # noqa: E402
from config.templates import find_questionnaire  # noqa: E402
from scheduler.clock import ManualClock  # noqa: E402
from scheduler.outbox import MAX_ATTEMPTS, DeliveryReport, Outbox  # noqa: E402
from scheduler.service import Sweeper, SweepReport  # noqa: E402
from storage import migrate  # noqa: E402
from storage import repositories as repo  # noqa: E402
from storage.access.invitations import ensure_invitations  # noqa: E402
from storage.database import create_engine, session_factory  # noqa: E402
from storage.models import Alumnus, ChannelIdentity, Delivery  # noqa: E402

TOKEN = "123456:BENCH-REMINDERS"
FIRST_CHAT = 700_000_001
PG_ADMIN = os.environ.get("JEJAK_TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
# Monday 2 March 2026, 01:00 UTC (08:00 WIB): invitations; the clock stands 3 days 2 hours later.
INVITED = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
NOW = INVITED + timedelta(days=3, hours=2)  # Thursday 5 March, 10:00 WIB
MAX_SWEEPS = MAX_ATTEMPTS  # a delivery is tried at most this often
TARGET = 0.95
INSERT_BATCH = 5000


# --- the database ----------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def database(kind: str, folder: Path) -> AsyncIterator[str]:
    """A URL of an empty database: a SQLite file, or a fresh PostgreSQL one dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{folder / 'reminders.db'}"
        return
    admin = await asyncpg.connect(PG_ADMIN, timeout=5)
    name = f"jejak_bench_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
        yield f"{base}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def prepare(url: str, alumni: int) -> dict[int, int]:
    """Migrate; one school, its survey, N linked and invited alumni. Returns chat → alumnus id."""
    await asyncio.to_thread(migrate.upgrade, url)
    engine = create_engine(url)
    sessions = session_factory(engine)
    questionnaire, source = read_questionnaire(find_questionnaire("smk"))
    try:
        async with sessions() as session, session.begin():
            school = await repo.upsert_institution(
                session, code="BENCH001", name="SMK Bench", kind="smk",
                timezone="Asia/Jakarta", now=INVITED,
            )  # fmt: skip
            version = await repo.ensure_version(
                session, questionnaire.id, questionnaire.version, source
            )
            survey = await repo.create_survey(
                session, institution_id=school.id, questionnaire_version=version,
                name="Tracer 2025", graduation_year=2025, opens_at=INVITED, now=INVITED,
            )  # fmt: skip
            for start in range(0, alumni, INSERT_BATCH):
                await session.execute(insert(Alumnus), [
                    {"institution_id": school.id, "nisn": f"{i:010d}", "name": f"Alumni {i}",
                     "birth_date": date(2007, 1, 2), "graduation_year": 2025, "language": "id",
                     "created_at": INVITED, "updated_at": INVITED}
                    for i in range(start, min(alumni, start + INSERT_BATCH))
                ])  # fmt: skip
            ids = dict(
                (await session.execute(
                    select(Alumnus.nisn, Alumnus.id).where(Alumnus.institution_id == school.id)
                )).all()
            )  # fmt: skip
            chats = {FIRST_CHAT + i: ids[f"{i:010d}"] for i in range(alumni)}
            rows = [
                {"alumnus_id": a, "channel": "telegram", "external_id": str(chat),
                 "reachable": True, "last_inbound_at": INVITED, "created_at": INVITED}
                for chat, a in chats.items()
            ]  # fmt: skip
            for start in range(0, alumni, INSERT_BATCH):
                await session.execute(insert(ChannelIdentity), rows[start : start + INSERT_BATCH])
            await ensure_invitations(session, survey.id, now=INVITED)
        return chats
    finally:
        await engine.dispose()


# --- an experiment: claiming the next batch while this one's last sends are in flight -------


class ClaimAheadOutbox(Outbox):
    """The outbox, but it claims the next batch when only `concurrency` deliveries of the
    current one are left, instead of when all are done (--claim-ahead).

    Outbox.deliver_due gathers a whole batch before claiming the next, so at every batch
    boundary the sends stop while the claim and the next batch's first composes run; a limiter
    with a small burst cannot make that time up afterwards.
    """

    async def deliver_due(
        self, now: datetime, clock: Callable[[], datetime] | None = None
    ) -> DeliveryReport:
        report = DeliveryReport()
        gate = asyncio.Semaphore(self.concurrency)
        running: set[asyncio.Task[None]] = set()

        async def one(delivery_id: int) -> None:
            async with gate:
                await self._deliver(delivery_id, clock() if clock else now, report)

        while ids := await self.claim(now):
            running.update(asyncio.create_task(one(i)) for i in ids)
            while len(running) > self.concurrency:
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()  # raise what a delivery raised, as gather would
        await asyncio.gather(*running)
        return report


# --- the run ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    alumni: int
    rate: float
    wall: float = 0.0  # all sweeps, planning included
    sending: float = 0.0  # first sendMessage to the last accepted one (fake's clock)
    planning: float = 0.0  # sweep start to the first sendMessage
    sweeps: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    retrying: int = 0
    too_many: int = 0  # 429 answers of the fake
    calls: int = 0  # sendMessage calls the fake saw, refused ones included
    cpu: float = 0.0
    statements: Counter[str] | None = None

    @property
    def achieved(self) -> float:
        return self.alumni / self.sending if self.sending else 0.0


async def progress(fake: FakeTelegram, total: int, began: float) -> None:
    """A line every 30 s on stderr: a 10,000-alumni run takes about six minutes."""
    while True:
        await asyncio.sleep(30)
        sent = sum(1 for r in fake.requests_for("sendMessage") if r.status == 200)
        print(
            f"  … {time.perf_counter() - began:5.0f} s: {sent:,}/{total:,} sent, "
            f"{fake.count_429} × 429",
            file=sys.stderr,
        )


async def send_all(url: str, chats: dict[int, int], args: argparse.Namespace) -> Outcome:
    """Sweep until nothing is due; check the fake and the database; the figures."""
    outcome = Outcome(len(chats), args.rate)
    engine = create_engine(url)
    sessions = session_factory(engine)
    sql = SqlCounter()
    async with FakeTelegram(TOKEN, global_rate=args.rate, clock=time.perf_counter) as fake:
        application = (
            ApplicationBuilder().token(TOKEN).base_url(fake.base_url)
            .base_file_url(fake.base_file_url).updater(None)
            .rate_limiter(limiter(args.rate, args.burst, args.retries))
            .build()
        )  # fmt: skip
        async with application:
            clock = ManualClock(NOW)
            sender = TelegramSender(application.bot)
            sweeper = Sweeper(sessions, {"telegram": sender}, clock, concurrency=args.concurrency)
            if args.claim_ahead:
                shipped = sweeper.outbox
                sweeper.outbox = ClaimAheadOutbox(
                    sessions, shipped.senders, shipped.compose, shipped.concurrency
                )
            began, cpu = time.perf_counter(), time.process_time()
            ticker = asyncio.create_task(progress(fake, len(chats), began))
            try:
                with sql.counting():
                    while outcome.sweeps < MAX_SWEEPS:
                        report = await sweeper.sweep()
                        outcome.sweeps += 1
                        tally(outcome, report)
                        if not report.delivery.retrying:
                            break
                        clock.set(await next_attempt(sessions))  # the next sweep retries them
            finally:
                ticker.cancel()
            outcome.wall = time.perf_counter() - began
            outcome.cpu = time.process_time() - cpu
            outcome.statements = Counter(sql.counts)
        calls = fake.requests_for("sendMessage")
        accepted = [r.time for r in calls if r.status == 200]
        outcome.calls = len(calls)
        outcome.too_many = fake.count_429
        if accepted:  # the fake's clock is perf_counter, as `began`
            first = min(r.time for r in calls)
            outcome.sending = max(accepted) - first
            outcome.planning = first - began
        check_fake(fake, chats)
    await check_database(engine, chats)
    await engine.dispose()
    return outcome


async def next_attempt(sessions: async_sessionmaker[AsyncSession]) -> datetime:
    """When the first delivery waiting for a retry is due again."""
    async with sessions() as session:
        when = await session.scalar(
            select(func.min(Delivery.next_attempt_at)).where(Delivery.status == "pending")
        )
    assert when is not None, "a sweep reported retries but nothing is pending"
    return when


def limiter(rate: float, burst: float | None, retries: int) -> AIORateLimiter:
    """PTB's limiter at `rate`/s letting at most `burst` messages through at once (as
    bot/telegram/app.py builds it with its OVERALL_BURST); burst 0: PTB's default."""
    if not burst:
        return AIORateLimiter(overall_max_rate=rate, max_retries=retries)
    return AIORateLimiter(
        overall_max_rate=burst, overall_time_period=burst / rate, max_retries=retries
    )


def tally(outcome: Outcome, report: SweepReport) -> None:
    d = report.delivery
    outcome.sent += d.sent
    outcome.failed += d.failed
    outcome.blocked += d.blocked
    outcome.retrying += d.retrying


def check_fake(fake: FakeTelegram, chats: dict[int, int]) -> None:
    """Each chat got exactly one reminder; nothing went anywhere else."""
    per_chat = Counter(len(fake.messages(chat)) for chat in chats)
    assert per_chat == Counter({1: len(chats)}), f"messages per chat: {dict(per_chat)}"
    accepted = Counter(r.chat_id for r in fake.requests_for("sendMessage") if r.status == 200)
    assert set(accepted) == set(chats), "messages went to chats outside the study"
    twice = [chat for chat, n in accepted.items() if n != 1]
    assert not twice, f"chats sent to more than once: {twice[:5]}"
    for chat in (min(chats), max(chats)):
        text = fake.messages(chat)[0].text or ""
        assert "LANJUT" in text and "SMK Bench" in text, text


async def check_database(engine: Any, chats: dict[int, int]) -> None:
    """Every alumnus has exactly one delivery row, and it is `sent`."""
    alumni = func.count(func.distinct(Delivery.alumnus_id))
    async with session_factory(engine)() as session:
        query = select(Delivery.status, func.count(), alumni).group_by(Delivery.status)
        rows = (await session.execute(query)).all()
    statuses = {status: (n, distinct) for status, n, distinct in rows}
    assert statuses == {"sent": (len(chats), len(chats))}, f"delivery rows: {statuses}"


# --- report ----------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident memory of this process (fake server included), MB (Linux: ru_maxrss KB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def report(o: Outcome, args: argparse.Namespace, setup: float) -> None:
    share = o.achieved / o.rate
    burst = min(args.burst or o.rate, o.rate)  # what goes out at once before the pacing
    ideal = o.alumni / max(o.alumni - burst, 1) * o.rate
    n = o.alumni
    per = ", ".join(f"{k} {v / n:.1f}" for k, v in sorted((o.statements or {}).items()))
    print(f"\nsetup (migrate, bulk insert {n:,} alumni, identities, invitations): {setup:.1f} s")
    print("\n| database | alumni | limit /s | sent /s | % of limit | 429s | sweeps | elapsed s "
          "| sending s | peak RSS MB |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {args.db} | {n:,} | {o.rate:g} | {o.achieved:.2f} | {share:.1%} | {o.too_many} | "
        f"{o.sweeps} | {o.wall:.1f} | {o.sending:.1f} | {peak_rss_mb():.0f} |"
    )
    print(
        f"\ndeliveries: {o.sent:,} sent, {o.failed} failed, {o.blocked} blocked, "
        f"{o.retrying} retried by a later sweep; the fake saw {o.calls:,} sendMessage calls "
        f"({o.too_many} answered 429) and every one of the {n:,} chats got exactly one message"
    )
    print(
        f"planning and the first claim before the first send: {o.planning:.1f} s; "
        f"the ideal for {n:,} with a first burst of {burst:g}: {ideal:.2f}/s, "
        f"achieved {o.achieved / ideal:.1%} of it"
    )
    print(
        f"process CPU {o.cpu:.1f} s in {o.wall:.1f} s ({o.cpu / o.wall:.0%} of a core, "
        f"{o.cpu / n * 1e3:.1f} ms/reminder, fake server included); SQL per reminder: {per}"
    )
    verdict = "met" if share >= TARGET else "NOT met"
    print(f"\ntarget (≥ {TARGET:.0%} of the limit): {verdict}")


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with database(args.db, Path(tmp)) as url:
            began = time.perf_counter()
            chats = await prepare(url, args.alumni)
            setup = time.perf_counter() - began
            outcome = await send_all(url, chats, args)
    report(outcome, args, setup)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alumni", type=int, default=10_000, help="alumni due a reminder")
    parser.add_argument("--rate", type=float, default=30.0, help="the flood limit, messages/s")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--concurrency", type=int, default=32, help="the outbox's sends in flight (Sweeper's)"
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=RATE_LIMITER_RETRIES,
        help="AIORateLimiter max_retries (bot/telegram/app.py's by default)",
    )
    parser.add_argument(
        "--burst",
        type=float,
        default=OVERALL_BURST,
        help="AIORateLimiter's burst (overall_max_rate=BURST, overall_time_period=BURST/rate); "
        "default: bot/telegram/app.py's; 0: PTB's default, a whole second's worth at once",
    )
    parser.add_argument(
        "--claim-ahead",
        action="store_true",
        help="experiment: claim the next batch before the current one is done (see below)",
    )
    args = parser.parse_args()
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    burst = f"burst {args.burst:g}" if args.burst else "PTB's default burst of a whole second"
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores; {args.alumni:,} reminders "
        f"on {args.db}, flood limit {args.rate:g}/s (fake) and AIORateLimiter at {args.rate:g}/s "
        f"with {args.retries} retries ({burst}), outbox concurrency {args.concurrency}"
        + (", claiming ahead" if args.claim_ahead else "")
    )
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
