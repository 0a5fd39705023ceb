"""The scheduler inside `jejak run`: an APScheduler job that sweeps the database every minute.

Each sweep plans what is due (reminders, summaries) as delivery rows and sends whatever is due,
so all the logic is in idempotent database sweeps: a misfire, a restart or a second process
changes nothing that was already planned or sent. APScheduler only provides the heartbeat, in
memory: the job is added again at every start and its first beat runs at once, so a persisted
job would remember nothing the database does not (docs/decisions.md). A persistent store wrote
synchronously on the event loop, needed a second driver (psycopg) and, on SQLite, a second file.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.clock import utc_now
from scheduler.checkins import plan_checkins
from scheduler.clock import Clock, SystemClock
from scheduler.compose import Composer
from scheduler.outbox import DeliveryReport, Outbox, Sender
from scheduler.parents import ParentContact, ParentPlanner
from scheduler.planning import WRITES_FIRST, plan_reminders, plan_summaries
from storage.access import invitations
from storage.database import is_busy
from storage.deliveries.checkins import mark_failed_chats
from storage.deliveries.media import prune_media
from storage.surveys.responses import prune_processed_messages

log = logging.getLogger(__name__)

SWEEP_JOB_ID = "jejak-sweep"
KEEP_PROCESSED_MESSAGES = timedelta(days=7)
# How far back each sweep reads WhatsApp failures to mark their chats (a stopped scheduler
# catches up on a week).
FAILURES_LOOK_BACK = timedelta(days=7)
# Pauses (seconds) before planning again after the database refused it as busy; None: give up.
PLAN_RETRIES = (0.2, 0.5, 1.0, None)
SHUTDOWN_GRACE = 10.0  # seconds a sweep in progress may take to finish when Jejak stops

# The running sweepers by name: APScheduler stores jobs as a module-level function and picklable
# arguments, so the job names its sweeper instead of carrying it.
_SWEEPERS: dict[str, Sweeper] = {}
_RUNNING: dict[str, asyncio.Task[object]] = {}  # the sweep in progress, by sweeper name


@dataclass
class SweepReport:
    """What one sweep planned and sent."""

    reminders_planned: int = 0
    checkins_planned: int = 0
    summaries_planned: int = 0
    parents_planned: int = 0
    media_pruned: int = 0
    delivery: DeliveryReport = field(default_factory=DeliveryReport)


class Sweeper:
    """Plans and sends everything due, one sweep at a time."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        senders: Mapping[str, Sender],
        clock: Clock | None = None,
        language: str = "id",
        concurrency: int = 32,
        parents: ParentContact | None = None,
        checkin_months: int = 0,
    ) -> None:
        self.sessions = sessions
        self.checkin_months = checkin_months  # 0: no yearly check-in (JEJAK_CHECKIN_MONTHS)
        self.clock = clock or SystemClock()
        composer = Composer(senders.keys(), language, parents)
        self.outbox = Outbox(sessions, senders, composer, concurrency)
        # Parents' messages need WhatsApp, the channel that writes first.
        self.plan_parents = ParentPlanner(parents) if parents and WRITES_FIRST in senders else None
        # Only a channel that may write first (WhatsApp) lets the scheduler invite people who
        # have no chat yet; Telegram-only deployments plan reminders for chats alone.
        self.first_contact = WRITES_FIRST in senders
        self._last_prune: object = None

    async def sweep(self) -> SweepReport:
        """Plan what is due now, then send everything due."""
        now = self.clock.now()
        report = SweepReport()
        for pause in PLAN_RETRIES:
            try:
                await self._plan(now, report)
                break
            except Exception as exc:
                # On SQLite, a chat's turn committed between this transaction's first read and
                # its first write refuses the write at once (WAL: the snapshot is stale), the
                # busy timeout notwithstanding. Planning rolled back whole and writes by unique
                # keys: run it again.
                if not is_busy(exc) or pause is None:
                    raise
                log.info("sweep: database busy (%s), planning again", type(exc).__name__)
                await asyncio.sleep(pause)
        report.delivery = await self.outbox.deliver_due(now, self.clock.now)
        if report.delivery.handled:
            d = report.delivery
            log.info(
                "sweep: %s sent, %s skipped, %s later, %s retrying, %s failed, %s blocked",
                d.sent,
                d.skipped,
                d.postponed,
                d.retrying,
                d.failed,
                d.blocked,
            )
        return report

    async def _plan(self, now: datetime, report: SweepReport) -> None:
        """What is due at `now`, written as deliveries in one transaction."""
        async with self.sessions() as session, session.begin():
            # Chats whose messages failed for good first: their alumni drop to the next channel.
            # A transaction of its own: on SQLite an UPDATE takes the write lock, which planning
            # would then hold through all its reads, keeping every chat's turn waiting.
            await mark_failed_chats(session, now - FAILURES_LOOK_BACK)
        async with self.sessions() as session, session.begin():
            report.checkins_planned = await plan_checkins(session, now, self.checkin_months)
            report.reminders_planned = await plan_reminders(
                session, now, first_contact=self.first_contact
            )
            report.summaries_planned = await plan_summaries(session, now)
            if self.plan_parents is not None:
                report.parents_planned = await self.plan_parents(session, now)
            # Expired media (exports sent on WhatsApp) are personal data: every sweep, not daily.
            report.media_pruned = await prune_media(session, now)
            if self._last_prune != now.date():
                await prune_processed_messages(session, now - KEEP_PROCESSED_MESSAGES)
                # An identity dialogue left for a day holds the NISN a chat typed: gone.
                await invitations.forget_stale_dialogues(session, now)
                self._last_prune = now.date()


async def run_sweep(name: str) -> None:
    """The APScheduler job: one sweep of the named sweeper (a no-op if it has stopped)."""
    sweeper = _SWEEPERS.get(name)
    if sweeper is None:
        log.warning("sweep job for %s found no running sweeper", name)
        return
    running = asyncio.current_task()
    if running is not None:
        _RUNNING[name] = running
    try:
        await sweeper.sweep()
    except Exception:
        log.exception("sweep failed; the next one retries")
    finally:
        _RUNNING.pop(name, None)


class SchedulerService:
    """APScheduler's AsyncIOScheduler driving a Sweeper every `interval` seconds."""

    def __init__(self, sweeper: Sweeper, interval: float = 60.0, name: str = "main") -> None:
        self.sweeper = sweeper
        self.name = name
        self.interval = interval
        self.scheduler = AsyncIOScheduler(
            jobstores={"default": MemoryJobStore()},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
            timezone="UTC",
        )

    def start(self) -> None:
        """Start inside the running event loop; the first sweep runs at once."""
        _SWEEPERS[self.name] = self.sweeper
        self.scheduler.start()
        self.scheduler.add_job(
            run_sweep,
            "interval",
            seconds=self.interval,
            args=[self.name],
            id=SWEEP_JOB_ID,
            replace_existing=True,
            # The heartbeat runs on real time whatever clock the sweeper reads (tests use a manual
            # one); a start in the past would make APScheduler walk every missed beat.
            next_run_time=utc_now(),
        )

    async def aclose(self, grace: float = SHUTDOWN_GRACE) -> None:
        """Stop the heartbeat, and give a sweep in progress `grace` seconds to finish while the
        channels it sends through are still open (else the shutdown cancels it mid-send, and
        APScheduler logs that as a failed job). What it leaves is sent by the next start."""
        if self.scheduler.running:
            self.scheduler.pause()  # no new sweep; APScheduler's shutdown cancels a running one
            running = _RUNNING.get(self.name)
            if running is not None and not running.done():
                await asyncio.wait({running}, timeout=grace)
            self.scheduler.shutdown(wait=False)
        _SWEEPERS.pop(self.name, None)
