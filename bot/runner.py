"""One conversation turn: lock the respondent, load state, run the engine, store, then answer."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from config.loader import parse_questionnaire
from conversations import engine
from conversations.events import Event
from conversations.inputs import ButtonPress, Command, CommandKind, Reply
from conversations.questionnaire import Questionnaire
from conversations.state import SessionState, Step
from storage import turns
from storage.database import direct_sqlite
from storage.known import roster_values as known_values

log = logging.getLogger(__name__)


def version_tag(version: str) -> str:
    """A short, stable tag of a questionnaire version, for channels with small button payloads."""
    return hashlib.sha256(version.encode()).hexdigest()[:6]


@dataclass(frozen=True, slots=True)
class Turn:
    """What one inbound message produced: the events to show, and the state after it."""

    questionnaire: Questionnaire
    state: SessionState
    events: tuple[Event, ...]
    duplicate: bool = False  # the inbound message id was already processed: show nothing


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

    def close(self) -> None:
        """Release the SQLite connection of the hot path, if any."""
        if self._direct is not None:
            self._direct.close()

    async def open(
        self,
        survey_id: int,
        alumnus_id: int,
        now: datetime,
        language: str | None = None,
        *,
        switch_language: bool = False,
    ) -> Turn:
        """Begin (consent) or pick up where the respondent left off.

        `language` is the one to begin in; with `switch_language` a session already under way
        changes to it too (an explicit choice, not a guess from the client).
        """
        reopen: Reply | None = None
        if switch_language and language:
            reopen = Command(CommandKind.LANGUAGE, language)
        return await self._turn(survey_id, alumnus_id, reopen, now, None, language, opening=True)

    async def reply(
        self,
        survey_id: int,
        alumnus_id: int,
        reply: Reply,
        now: datetime,
        message: tuple[str, str] | None = None,
    ) -> Turn:
        """Apply one reply; `message` (channel, id) makes a redelivered message a no-op."""
        return await self._turn(survey_id, alumnus_id, reply, now, message, None)

    async def _turn(
        self,
        survey_id: int,
        alumnus_id: int,
        reply: Reply | None,
        now: datetime,
        message: tuple[str, str] | None,
        language: str | None,
        opening: bool = False,
    ) -> Turn:
        # The in-process lock serialises two fast replies of one respondent before either reads
        # state; the row lock taken by lock_response does the same across processes.
        args = (survey_id, alumnus_id, reply, now, message, language, opening)
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
        opening: bool,
    ) -> Turn:
        """The turn inside its transaction (synchronous: see storage/turns.py)."""
        duplicate = message is not None and not turns.claim(conn, message[0], message[1], now)
        response = turns.lock_response(conn, survey_id, alumnus_id, now)
        questionnaire = self._cache.get(conn, response.questionnaire_version_id)
        state = response.session_state()
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
        turns.store_step(conn, response, state, step, now)
        log.debug("response %s: %d events", response.id, len(step.events))
        return Turn(questionnaire, step.state, step.events)


def _untagged(reply: Reply, state: SessionState) -> Reply:
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
