"""One conversation turn: lock the respondent, load state, run the engine, store, then answer.

The answer is stored too, in the turn's commit (storage.surveys.turns.queue_reply), and forgotten
once the channel has sent it: a process killed in between leaves it for the next start (`unsent`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from config.loader import parse_questionnaire
from conversations import engine
from conversations.events import Event
from conversations.inputs import ButtonPress, Command, CommandKind, Reply
from conversations.questionnaire import Questionnaire
from conversations.state import ConversationState, Step
from storage.database import direct_sqlite, is_busy
from storage.roster.known import roster_values as known_values
from storage.surveys import turns

log = logging.getLogger(__name__)
T = TypeVar("T")
# A message whose handling the database refused because another writer held its lock is
# handled again after these pauses (seconds); each try first waits out the busy timeout.
BUSY_RETRIES = (0.2, 0.5, 1.0)
# Sent replies are forgotten in one transaction this long after the first of them was sent: a
# commit per reply would cost the hot path about as much as the turn's own.
FORGET_SENT_AFTER = 0.5  # seconds


def version_tag(version: str) -> str:
    """A short, stable tag of a questionnaire version, for channels with small button payloads."""
    return hashlib.sha256(version.encode()).hexdigest()[:6]


@dataclass(frozen=True, slots=True)
class Turn:
    """What one inbound message produced: the events to show, and the state after it."""

    questionnaire: Questionnaire
    state: ConversationState
    events: tuple[Event, ...]
    duplicate: bool = False  # the inbound message id was already processed: show nothing
    reply_id: int | None = None  # the stored reply: pass to `ConversationRunner.sent` once sent


@dataclass(frozen=True, slots=True)
class Outbound:
    """Where a turn's reply goes, and the channel's rendering of it to store with the turn.

    `render` runs inside the turn's transaction and returns the reply as the channel will send
    it again after a crash (text of its own making, usually JSON); "" stores nothing.
    """

    channel: str
    chat_id: str
    render: Callable[[Turn], str]


@dataclass(slots=True)
class Inbound:
    """One inbound message's id, recorded once however often its handling is tried again."""

    channel: str
    id: str
    # Claimed in a transaction of its own (a path that is no turn): a retry goes ahead.
    claimed: bool = False

    def for_turn(self) -> tuple[str, str] | None:
        """What the turn claims with its state: nothing if the message is claimed already."""
        return None if self.claimed else (self.channel, self.id)


async def retry_busy(work: Callable[[], Awaitable[T]], what: str) -> T:
    """`work()`, run again a few times while the database is busy (locked by another writer)."""
    for pause in BUSY_RETRIES:
        try:
            return await work()
        except Exception as exc:
            if not is_busy(exc):
                raise
            log.warning("%s: database busy (%s), trying again", what, type(exc).__name__)
        await asyncio.sleep(pause)
    return await work()


class QuestionnaireCache:
    """Parsed questionnaires by stored version id: a version's text never changes once stored."""

    def __init__(self) -> None:
        self._by_version: dict[int, Questionnaire] = {}

    def get(self, conn: Connection, version_id: int) -> Questionnaire:
        """The parsed version, read from the database only the first time."""
        cached = self._by_version.get(version_id)
        if cached is None:
            source, questionnaire_id = turns.version_source(conn, version_id)
            cached = parse_questionnaire(source, f"{questionnaire_id}.yaml")
            self._by_version[version_id] = cached
        return cached


class ConversationRunner:
    """Runs respondents' turns against the database; one instance serves a whole process."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], cache: QuestionnaireCache | None = None
    ) -> None:
        bind = sessions.kw.get("bind")
        assert isinstance(bind, AsyncEngine), "the session factory must be bound to an engine"
        self._engine = bind
        self._cache = cache or QuestionnaireCache()
        self._locks = KeyedLocks()
        # On a SQLite file, turns run as synchronous transactions on the loop's thread
        # (storage.database.DirectSQLite), one at a time: SQLite has one writer anyway.
        self._direct = direct_sqlite(bind)
        self._writer = asyncio.Lock()
        self._sent: list[int] = []
        self._forgetting: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def close(self) -> None:
        """Release the SQLite connection of the hot path, if any."""
        if self._direct is not None:
            self._direct.close()

    async def _transaction(self, work: Callable[..., T], *args: object) -> T:
        """`work(connection, *args)` in a small transaction of its own."""
        if self._direct is not None:
            async with self._writer:
                return await self._direct.run(work, *args)
        async with self._engine.begin() as conn:
            return await conn.run_sync(work, *args)

    def sent(self, reply_id: int | None) -> None:
        """The turn's stored reply went out: forget it (soon, with others sent meanwhile)."""
        if reply_id is None:
            return
        self._sent.append(reply_id)
        if self._forgetting is None:
            loop = asyncio.get_running_loop()
            self._forgetting = loop.call_later(FORGET_SENT_AFTER, self._forget_later)

    def _forget_later(self) -> None:
        task = asyncio.create_task(self.forget_sent())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def forget_sent(self) -> None:
        """Delete the replies sent so far (at once: at shutdown)."""
        if self._forgetting is not None:
            self._forgetting.cancel()
            self._forgetting = None
        ids, self._sent = self._sent, []
        if not ids:
            return
        try:
            await self._transaction(turns.forget_replies, ids)
        except Exception as exc:  # kept for the next try; at worst a restart sends them again
            log.warning("%d sent replies not forgotten: %s", len(ids), type(exc).__name__)
            self._sent[:0] = ids

    async def unsent(self, before: datetime) -> list[tuple[int, str, str, str]]:
        """Replies stored before `before` and never sent: (id, channel, chat id, payload)."""
        return await self._transaction(turns.unsent_replies, before)

    async def claim(self, inbound: Inbound, now: datetime) -> bool:
        """Record the message id in a small transaction of its own; False: handled before.

        For every path that is not a turn (identity, opt-out, staff, media…), before anything
        else; a turn claims the id itself, with its state (`Inbound.for_turn`).
        """
        if inbound.claimed:
            return True
        first = await self._transaction(turns.claim, inbound.channel, inbound.id, now)
        inbound.claimed = first
        if not first:
            log.info("%s message %s already processed", inbound.channel, inbound.id)
        return first

    async def open(
        self,
        survey_id: int,
        alumnus_id: int,
        now: datetime,
        language: str | None = None,
        *,
        switch_language: bool = False,
        outbound: Outbound | None = None,
    ) -> Turn:
        """Begin (consent) or pick up where the respondent left off.

        `language` is the one to begin in; with `switch_language` a session already under way
        changes to it too (an explicit choice, not a guess from the client). Opening answers
        nothing: a staff member answering by phone opens like the alumnus (see `reply`).
        """
        reopen: Reply | None = None
        if switch_language and language:
            reopen = Command(CommandKind.LANGUAGE, language)
        return await self._turn(
            survey_id, alumnus_id, reopen, now, None, language, outbound, opening=True
        )

    async def reply(
        self,
        survey_id: int,
        alumnus_id: int,
        reply: Reply,
        now: datetime,
        message: tuple[str, str] | None = None,
        outbound: Outbound | None = None,
        recorded_by: str | None = None,
    ) -> Turn:
        """Apply one reply; `message` (channel, id) makes a redelivered message a no-op.

        With `outbound`, the reply is stored with the turn (`Turn.reply_id`). With
        `recorded_by`, a staff member typed it for the alumnus (answers given by phone): the
        response is stored with source "phone" and their name. The turn is the same turn, under
        the same locks, as the alumnus's own.
        """
        return await self._turn(
            survey_id, alumnus_id, reply, now, message, None, outbound, False, recorded_by
        )

    async def _turn(
        self,
        survey_id: int,
        alumnus_id: int,
        reply: Reply | None,
        now: datetime,
        message: tuple[str, str] | None,
        language: str | None,
        outbound: Outbound | None,
        opening: bool = False,
        recorded_by: str | None = None,
    ) -> Turn:
        # The in-process lock serialises two fast replies of one respondent before either reads
        # state; the row lock taken by lock_response does the same across processes.
        args = (survey_id, alumnus_id, reply, now, message, language, outbound, opening,
                recorded_by)  # fmt: skip
        async with self._locks.hold((survey_id, alumnus_id)):
            if self._direct is not None:
                async with self._writer:
                    return await self._direct.run(self._turn_in, *args)
            async with self._engine.begin() as conn:
                return await conn.run_sync(self._turn_in, *args)

    def _turn_in(
        self,
        conn: Connection,
        survey_id: int,
        alumnus_id: int,
        reply: Reply | None,
        now: datetime,
        message: tuple[str, str] | None,
        language: str | None,
        outbound: Outbound | None,
        opening: bool,
        recorded_by: str | None = None,
    ) -> Turn:
        """The turn inside its transaction (synchronous: see storage/surveys/turns.py)."""
        duplicate = message is not None and not turns.claim(conn, message[0], message[1], now)
        response = turns.lock_response(conn, survey_id, alumnus_id, now)
        questionnaire = self._cache.get(conn, response.questionnaire_version_id)
        state = response.conversation_state()
        if duplicate:
            log.info("response %s: message already processed", response.id)
            shown = state or engine.start(questionnaire, now, language).state
            return Turn(questionnaire, shown, (), duplicate=True)
        if state is None:
            # Only a new session reads the roster: what it prefills is kept in the state.
            known = known_values(conn, alumnus_id, questionnaire.prefill_fields)
            step = engine.start(questionnaire, now, language or response.language, known)
            if reply is not None and not opening:
                # A reply before any state (e.g. a typed "ya" to an invitation) is read
                # against the consent question that was just opened.
                opened = step.events
                step = engine.resume(questionnaire, step.state, reply, now)
                step = Step(step.state, opened + step.events)
        elif reply is None:
            step = engine.resume(questionnaire, state, Command(CommandKind.CONTINUE), now)
        else:
            step = engine.resume(questionnaire, state, _untagged(reply, state), now)
        turns.store_step(conn, response, state, step, now, recorded_by)
        log.debug("response %s: %d events", response.id, len(step.events))
        turn = Turn(questionnaire, step.state, step.events)
        if outbound is None:
            return turn
        payload = outbound.render(turn)
        if not payload:
            return turn
        reply_id = turns.queue_reply(conn, outbound.channel, outbound.chat_id, payload, now)
        return Turn(questionnaire, step.state, step.events, reply_id=reply_id)


def _untagged(reply: Reply, state: ConversationState) -> Reply:
    """A button carrying the tag of the respondent's version carries that version itself.

    Any other tag stays as it is: the engine then sees a version that is not the state's and
    answers the press as stale instead of applying it.
    """
    if isinstance(reply, ButtonPress) and reply.version == version_tag(state.version):
        return replace(reply, version=state.version)
    return reply


class KeyedLocks:
    """One asyncio.Lock per key, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._users: dict[Hashable, int] = {}

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]
