"""WhatsApp through Twilio: alumni answering by signed webhooks, then a reminder fan-out.

Run: .venv/bin/python bench/whatsapp_bench.py [--alumni 50] [--answers 10] [--reminders 2000]
     [--rate 80] [--db sqlite|postgresql] [--concurrency 32]

Inbound: one process, one event loop: the fake Twilio (tests/fakes/twilio_api.py), the simulated
alumni and Jejak share it (and the machine's cores), so its figures include the fake's own work.
Fan-out: the fake runs in a process of its own (spawned; it listens on 127.0.0.1), so the CPU
figures are Jejak's alone, as in a deployment where Twilio is someone else's machine.
The database is a fresh SQLite file, or (--db postgresql) a fresh database on 127.0.0.1:5432
(user postgres; JEJAK_TEST_POSTGRES_ADMIN overrides), dropped afterwards; as reminder_bench.py.

1. Inbound: the real `jejak run` (bot.run.serve, WhatsApp only, no scheduler) on that database,
   with --alumni alumni bulk-inserted with phones +628…, birth dates and a linked WhatsApp
   identity (no identification step), and one open survey of telegram_bench.py's inline
   questionnaire (12 typed questions, TEXT and INTEGER). Each alumnus types "ya" (consent; the
   reply is the first question), then, all at once, --answers typed answers, each only after
   Jejak's reply to the previous one reached the fake. Every message is a webhook signed with
   X-Twilio-Signature; status callbacks (queued, sent, delivered) go back to Jejak as well.
   Latency: the fake noting the user's message (just before its POST) to the fake creating
   Jejak's reply (REST call), both by perf_counter. Webhooks/s: inbound POSTs Jejak answered 200
   with empty TwiML / wall time of the answering phase; answers/s: rows of `answers` (checked to
   be alumni × answers, each once) / the same wall time.
2. Fan-out: --reminders alumni of another school, linked on WhatsApp, who wrote an hour ago
   (inside the 24-hour window, for Jejak and for the fake), due their first reminder. A Sweeper
   (plan, then the outbox) with TwilioSender over a WhatsAppClient with twilio_rate = --rate,
   against a fake with rate_per_second = --rate (429 with 20429 beyond it); no status callback
   URL (nothing listens). Sweeps until nothing is due; checks one message per phone and every
   delivery row `sent`. The rate is reminders / (first create call … last accepted one), by the
   fake's clock; the limiter's first second's burst makes the ideal slightly above the limit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the fake Twilio and the typed-reply helper
sys.path.insert(0, str(REPO))

from fakes.ports import free_port  # noqa: E402
from fakes.twilio_api import FakeTwilio  # noqa: E402
from reminder_bench import database, next_attempt, peak_rss_mb  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402
from sqlcount import SqlCounter, count_answers  # noqa: E402  (bench/ is on sys.path when run)
from telegram_bench import INLINE_ID, Script, make_script  # noqa: E402

from bot.run import serve  # noqa: E402
from bot.whatsapp.client import WhatsAppClient  # noqa: E402
from bot.whatsapp.sender import TwilioSender  # noqa: E402
from config.loader import read_questionnaire  # noqa: E402
from config.settings import Settings  # noqa: E402
from config.templates import find_questionnaire  # noqa: E402
from scheduler.clock import ManualClock  # noqa: E402
from scheduler.outbox import MAX_ATTEMPTS  # noqa: E402
from scheduler.service import Sweeper  # noqa: E402
from storage import migrate  # noqa: E402
from storage import repositories as repo  # noqa: E402
from storage.access.invitations import ensure_invitations  # noqa: E402
from storage.database import create_engine, session_factory  # noqa: E402
from storage.models import Alumnus, ChannelIdentity, Delivery  # noqa: E402

REPLY_TIMEOUT = 30.0
PHASE_TIMEOUT = 300.0
INSERT_BATCH = 5000
INBOUND_PHONE = 6281200000000  # +6281200000000 + i: inbound alumni
FANOUT_PHONE = 6281300000000  # +6281300000000 + i: reminded alumni


def phone(base: int, i: int) -> str:
    return f"+{base + i}"


# --- the fake, telling each number's driver when Jejak's next message arrives ----------------


class BenchTwilio(FakeTwilio):
    """The in-repo fake with perf_counter stamps and one future per number (cheap waits)."""

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self.waiters: dict[str, asyncio.Future[float]] = {}
        self.stamps: dict[str, float] = {}  # phone -> when the user's last message was noted
        self.unexpected = 0

    def _note(self, phone: str, sender: str, kind: str, text: str, sid: str) -> None:
        super()._note(phone, sender, kind, text, sid)
        if sender == "user":
            self.stamps[phone] = time.perf_counter()
        elif phone in self.stamps:  # only inbound-phase numbers are waited for
            waiter = self.waiters.pop(phone, None)
            if waiter is None or waiter.done():
                self.unexpected += 1
            else:
                waiter.set_result(time.perf_counter())

    async def say(self, number: str, body: str) -> tuple[float, float, bool]:
        """(latency to Jejak's reply, time Jejak took to answer the POST, accepted)."""
        waiter: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters[number] = waiter
        posted = time.perf_counter()
        delivery = await self.user_text(number, body)
        acked = time.perf_counter() - posted
        accepted = delivery.status == 200 and delivery.empty_twiml
        replied = await asyncio.wait_for(waiter, REPLY_TIMEOUT)
        return replied - self.stamps[number], acked, accepted


# --- the fan-out's fake, in a process of its own --------------------------------------------


def serve_fake(conn: Connection, rate: float, numbers: list[str]) -> None:
    """A child process: the fake Twilio at `rate`/s, each number having written an hour ago.

    Sends its address and credentials, then waits for any message and answers with what it
    recorded: the create calls (time, status), the 429s, and the messages per number.
    """
    asyncio.run(_serve_fake(conn, rate, numbers))


async def _serve_fake(conn: Connection, rate: float, numbers: list[str]) -> None:
    fake = FakeTwilio(rate_per_second=rate)
    await fake.start()
    try:
        for number in numbers:  # the fake's window runs on the real clock
            fake.set_last_inbound(number, datetime.now(UTC) - timedelta(hours=1))
        conn.send((fake.url, fake.account_sid, fake.auth_token, fake.sender_address))
        await asyncio.to_thread(conn.recv)
        creates = [
            (r.time, r.status)
            for r in fake.requests
            if r.method == "POST" and r.path.endswith(".json")
        ]
        per_number = Counter({n: len(fake.messages(n)) for n in numbers})
        others = {m.phone for m in fake.all_messages} - set(numbers)
        conn.send((creates, fake.count_429, per_number, others))
    finally:
        await fake.stop()


@contextlib.contextmanager
def fake_process(rate: float, numbers: list[str]) -> Iterator[tuple[Connection, tuple[str, ...]]]:
    """The fake Twilio in a spawned process: (the pipe to it, its url, sid, token, sender)."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=serve_fake, args=(theirs, rate, numbers), daemon=True)
    child.start()
    try:
        if not ours.poll(60):
            raise RuntimeError("the fake Twilio process did not start within 60 s")
        yield ours, ours.recv()
    finally:
        with contextlib.suppress(OSError):  # still waiting (the run failed early): let it stop
            ours.send("stop")
        child.join(30)
        if child.is_alive():
            child.terminate()


# --- the database ----------------------------------------------------------------------------


async def add_school(
    url: str, code: str, source: str, questionnaire_id: str, version: str,
    count: int, first_phone: int, now: datetime, last_inbound: datetime | None,
) -> dict[str, int]:  # fmt: skip
    """One school, its open survey, `count` alumni with phones, linked on WhatsApp, invited."""
    engine = create_engine(url)
    sessions = session_factory(engine)
    try:
        async with sessions() as session, session.begin():
            school = await repo.upsert_institution(
                session, code=code, name=f"SMK {code}", kind="smk", timezone="Asia/Jakarta",
                now=now,
            )  # fmt: skip
            stored = await repo.ensure_version(session, questionnaire_id, version, source)
            survey = await repo.create_survey(
                session, institution_id=school.id, questionnaire_version=stored,
                name="Tracer 2025", graduation_year=2025, opens_at=now, now=now,
            )  # fmt: skip
            for start in range(0, count, INSERT_BATCH):
                await session.execute(insert(Alumnus), [
                    {"institution_id": school.id, "nisn": f"{code[-2:]}{i:08d}",
                     "name": f"Alumni {i}", "birth_date": date(2007, 1, 2),
                     "phone": phone(first_phone, i), "graduation_year": 2025, "language": "id",
                     "created_at": now, "updated_at": now}
                    for i in range(start, min(count, start + INSERT_BATCH))
                ])  # fmt: skip
            found = await session.execute(
                select(Alumnus.phone, Alumnus.id).where(Alumnus.institution_id == school.id)
            )
            ids = {str(p): int(a) for p, a in found}
            rows = [
                {"alumnus_id": a, "channel": "whatsapp", "external_id": p, "reachable": True,
                 "last_inbound_at": last_inbound, "created_at": now}
                for p, a in ids.items()
            ]  # fmt: skip
            for start in range(0, count, INSERT_BATCH):
                await session.execute(insert(ChannelIdentity), rows[start : start + INSERT_BATCH])
            await ensure_invitations(session, survey.id, now=now)
        return ids
    finally:
        await engine.dispose()


# --- 1. inbound ------------------------------------------------------------------------------


@dataclass
class Inbound:
    alumni: int
    each: int
    wall: float = 0.0
    setup_wall: float = 0.0
    webhooks: int = 0  # accepted (200, empty TwiML) in the answering phase
    refused: int = 0
    persisted: int = 0
    latencies: list[float] = field(default_factory=list)
    acks: list[float] = field(default_factory=list)
    callbacks: int = 0
    cpu: float = 0.0
    statements: Counter[str] = field(default_factory=Counter)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else 0


async def inbound(url: str, args: argparse.Namespace, script: Script, tmp: Path) -> Inbound:
    result = Inbound(args.alumni, len(script.replies))
    now = datetime.now(UTC) - timedelta(days=1)
    ids = await add_school(
        url, "BENCH001", script.source, script.questionnaire_id, "1", args.alumni,
        INBOUND_PHONE, now, None,
    )  # fmt: skip
    phones = sorted(ids)
    folder = tmp / "questionnaires"
    folder.mkdir(exist_ok=True)
    (folder / f"{INLINE_ID}.yaml").write_text(script.source, encoding="utf-8")
    fake = BenchTwilio()
    await fake.start()
    port = free_port()
    settings = Settings(
        database_url=url, twilio_account_sid=fake.account_sid,
        twilio_auth_token=fake.auth_token,
        twilio_whatsapp_from=fake.sender_address.removeprefix("whatsapp:"),
        twilio_api_url=fake.url, public_url=f"http://127.0.0.1:{port}",
        http_host="127.0.0.1", http_port=port, questionnaire_dir=folder,
    )  # fmt: skip
    fake.set_webhook(f"http://127.0.0.1:{port}/whatsapp/inbound")
    failures: list[str] = []

    def expect(number: str, wanted: str, after: str) -> None:
        got = fake.last_message(number).text
        if wanted and wanted not in got and len(failures) < 5:
            failures.append(f"{number} after {after!r}: wanted {wanted!r}, got {got!r}")

    async def open_chat(number: str) -> None:
        await fake.say(number, "ya")  # consent; the reply is consent's echo + question 1
        expect(number, script.asked[0], "ya")

    async def answer_all(number: str) -> None:
        for reply, following in zip(script.replies, script.asked[1:], strict=True):
            latency, acked, accepted = await fake.say(number, reply)
            result.latencies.append(latency)
            result.acks.append(acked)
            result.webhooks += accepted
            result.refused += not accepted
            expect(number, following, reply)

    sql = SqlCounter()
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(settings, stop, ready.set, scheduler=False))
    try:
        waiting = asyncio.create_task(ready.wait())
        await asyncio.wait({task, waiting}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
        if task.done():
            task.result()
        assert ready.is_set(), "jejak run did not start within 30 s"
        began = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(open_chat(p) for p in phones)), PHASE_TIMEOUT)
        result.setup_wall = time.perf_counter() - began
        callbacks_before = len(fake.callback_deliveries)
        with sql.counting():
            cpu, began = time.process_time(), time.perf_counter()
            await asyncio.wait_for(asyncio.gather(*(answer_all(p) for p in phones)), PHASE_TIMEOUT)
            result.wall = time.perf_counter() - began
            result.cpu = time.process_time() - cpu
            result.statements = Counter(sql.counts)
        result.callbacks = len(fake.callback_deliveries) - callbacks_before
        await fake.callbacks_settled()
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await fake.stop()
    if failures:
        raise AssertionError("unexpected replies:\n  " + "\n  ".join(failures))
    assert not fake.unexpected, f"{fake.unexpected} replies beyond one per user message"
    for number in phones:
        sent = len(fake.messages(number))
        assert sent == 1 + len(script.replies), f"{number}: {sent} messages from Jejak"
    result.persisted = await count_answers(url, args.alumni, script.answers)
    return result


# --- 2. fan-out ------------------------------------------------------------------------------


@dataclass
class Fanout:
    reminders: int
    rate: float
    wall: float = 0.0
    sending: float = 0.0
    planning: float = 0.0
    sweeps: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    too_many: int = 0
    calls: int = 0
    cpu: float = 0.0
    statements: Counter[str] = field(default_factory=Counter)

    @property
    def achieved(self) -> float:
        return self.reminders / self.sending if self.sending else 0.0


async def fanout(url: str, args: argparse.Namespace) -> Fanout:
    result = Fanout(args.reminders, args.rate)
    # A Thursday 10:00 WIB three days and two hours after the survey opened: the first
    # reminder is due, inside the sending hours; everyone wrote an hour before.
    opened = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    clock = ManualClock(opened + timedelta(days=3, hours=2))
    questionnaire, source = read_questionnaire(find_questionnaire("smk"))
    ids = await add_school(
        url, "BENCH002", source, questionnaire.id, questionnaire.version, args.reminders,
        FANOUT_PHONE, opened, clock.now() - timedelta(hours=1),
    )  # fmt: skip
    with fake_process(args.rate, sorted(ids)) as (fake, (fake_url, sid, token, sender)):
        await fanout_against(url, args, result, clock, ids, fake, fake_url, sid, token, sender)
    return result


async def fanout_against(
    url: str, args: argparse.Namespace, result: Fanout, clock: ManualClock, ids: dict[str, int],
    fake: Connection, fake_url: str, sid: str, token: str, sender: str,
) -> None:  # fmt: skip
    """Sweep until nothing is due, against the fake in its own process; then check."""
    settings = Settings(
        database_url=url, twilio_account_sid=sid, twilio_auth_token=token,
        twilio_whatsapp_from=sender.removeprefix("whatsapp:"),
        twilio_api_url=fake_url, twilio_rate=args.rate,
    )  # fmt: skip
    client = WhatsAppClient(settings, status_callback=None)
    engine = create_engine(url)
    sessions = session_factory(engine)
    sql = SqlCounter()
    try:
        sweeper = Sweeper(
            sessions, {"whatsapp": TwilioSender(client, settings)}, clock,
            concurrency=args.concurrency,
        )  # fmt: skip
        started = datetime.now(UTC)
        began, cpu = time.perf_counter(), time.process_time()
        with sql.counting():
            while result.sweeps < MAX_ATTEMPTS:
                report = await sweeper.sweep()
                result.sweeps += 1
                result.sent += report.delivery.sent
                result.failed += report.delivery.failed + report.delivery.blocked
                result.retrying += report.delivery.retrying
                if not report.delivery.retrying:
                    break
                clock.set(await next_attempt(sessions))
        result.wall = time.perf_counter() - began
        result.cpu = time.process_time() - cpu
        result.statements = Counter(sql.counts)
        fake.send("report")
        creates, result.too_many, per_phone, others = fake.recv()
        accepted = [at for at, status in creates if status == 201]
        result.calls = len(creates)
        if accepted:
            first = min(at for at, _ in creates)
            result.sending = (max(accepted) - first).total_seconds()
            result.planning = (first - started).total_seconds()
        spread = Counter(per_phone.values())
        assert spread == Counter({1: len(ids)}), f"messages per phone: {dict(spread)}"
        assert not others, "messages to other numbers"
        alumni = func.count(func.distinct(Delivery.alumnus_id))
        async with sessions() as session:
            rows = (await session.execute(
                select(Delivery.status, func.count(), alumni).group_by(Delivery.status)
            )).all()  # fmt: skip
        statuses = {status: (n, distinct) for status, n, distinct in rows}
        want = {"sent": (len(ids), len(ids))}
        assert statuses == want, f"delivery rows: {statuses}"
    finally:
        await client.aclose()
        await engine.dispose()


# --- report ----------------------------------------------------------------------------------


def per(statements: Counter[str], n: int) -> str:
    return ", ".join(f"{k} {v / n:.1f}" for k, v in sorted(statements.items()))


def report(args: argparse.Namespace, i: Inbound | None, f: Fanout | None) -> None:
    if i is not None:
        print(
            "\n| database | alumni | answers each | webhooks/s | answers/s | p50 ms | p99 ms "
            "| ack p50 ms | wall s | peak RSS MB |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        print(
            f"| {args.db} | {i.alumni} | {i.each} | {i.webhooks / i.wall:,.0f} | "
            f"{i.persisted / i.wall:,.0f} | {percentile(i.latencies, 50):.1f} | "
            f"{percentile(i.latencies, 99):.1f} | {percentile(i.acks, 50):.1f} | "
            f"{i.wall:.2f} | {peak_rss_mb():.0f} |"
        )
        print(
            f"\ninbound: {i.webhooks:,} signed webhooks accepted, {i.refused} refused; "
            f"{i.persisted:,} answers stored, each exactly once; ack p99 "
            f"{percentile(i.acks, 99):.1f} ms; {i.callbacks:,} status callbacks posted to Jejak "
            f"during the phase; setup ('ya' → question 1) {i.setup_wall:.2f} s"
        )
        print(
            f"process CPU {i.cpu:.2f} s in {i.wall:.2f} s ({i.cpu / i.wall:.0%} of a core, "
            f"{i.cpu / i.persisted * 1e3:.2f} ms/answer, fake and driver included); "
            f"SQL per answer: {per(i.statements, i.persisted)}"
        )
    if f is not None:
        share = f.achieved / f.rate
        print(
            "\n| database | reminders | limit /s | sent /s | % of limit | 429s | sweeps "
            "| elapsed s | sending s | peak RSS MB |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        print(
            f"| {args.db} | {f.reminders:,} | {f.rate:g} | {f.achieved:.2f} | {share:.1%} | "
            f"{f.too_many} | {f.sweeps} | {f.wall:.1f} | {f.sending:.1f} | "
            f"{peak_rss_mb():.0f} |"
        )
        print(
            f"\nfan-out: {f.sent:,} sent, {f.failed} failed, {f.retrying} retried by a later "
            f"sweep; the fake saw {f.calls:,} create calls ({f.too_many} answered 429); every "
            f"phone got exactly one message and every delivery row is `sent`"
        )
        print(
            f"planning before the first send {f.planning:.1f} s; Jejak's process CPU "
            f"{f.cpu:.1f} s in {f.wall:.1f} s ({f.cpu / f.wall:.0%} of a core, "
            f"{f.cpu / f.reminders * 1e3:.1f} ms/reminder); "
            f"SQL per reminder: {per(f.statements, f.reminders)}"
        )


async def main_async(args: argparse.Namespace) -> None:
    script = make_script("inline", args.answers)
    with tempfile.TemporaryDirectory() as tmp:
        async with database(args.db, Path(tmp)) as url:
            await asyncio.to_thread(migrate.upgrade, url)
            # The fan-out first: its sweeps must not see the inbound school's alumni.
            f = await fanout(url, args) if args.reminders else None
            i = await inbound(url, args, script, Path(tmp)) if args.alumni else None
    report(args, i, f)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alumni", type=int, default=50, help="alumni answering (0: skip)")
    parser.add_argument("--answers", type=int, default=10, help="answers each (at most 12)")
    parser.add_argument("--reminders", type=int, default=2000, help="reminders (0: skip)")
    parser.add_argument("--rate", type=float, default=80.0, help="twilio_rate and the fake's")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--concurrency", type=int, default=32, help="the outbox's sends at once")
    args = parser.parse_args()
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    for name in ("TWILIO_REGION", "TWILIO_EDGE"):
        os.environ.pop(name, None)
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores; inbound: one process "
        f"for the fake Twilio, the simulated alumni and Jejak; fan-out: the fake in a process "
        f"of its own; {args.db}; "
        f"inbound {args.alumni} alumni × {args.answers} answers (inline questionnaire); "
        f"fan-out {args.reminders:,} reminders at {args.rate:g}/s "
        f"(outbox concurrency {args.concurrency})"
    )
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
