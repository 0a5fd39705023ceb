"""A conversation turn's reads and writes: the one path that locks, creates and saves a response.

A turn (bot/alumni/runner.py) claims the inbound message id, locks and reads the respondent's
response (creating it on the first message), runs the engine, then stores the new state and only
the answers the step changed. Every statement is built once at import and executed with
parameters, so a turn costs 4 statements and a commit instead of 7 ORM round trips (5 with the
reply stored with it). Anything else that writes a step (a tool, a test) comes through here too,
with `AsyncConnection.run_sync`; storage/surveys/responses.py reads responses.

The functions are synchronous, on a SQLAlchemy `Connection`: the runner calls them directly on
a SQLite connection (no driver thread to hand every statement to and back), or through
`AsyncConnection.run_sync` on PostgreSQL (asyncpg, awaited under the hood). One implementation,
both databases. On that direct SQLite connection (pysqlite), the statements every turn runs
go one step further: SQLAlchemy compiles each once, with its own type conversions, and the turn
runs the SQL on the driver's cursor (`OnCursor`), skipping the execution bookkeeping that cost
more than SQLite's own work.

Replies: a turn's reply (rendered by the channel, inside the transaction) is written with the
state (`queue_reply`) and deleted once sent (`forget_replies`, batched); whatever a crash left
unsent, `unsent_replies` hands to the next start.

Locking: SQLite has no row locks; a no-op UPDATE … RETURNING takes the database's write lock and
reads the row in one statement, so two writers never both read the old state. PostgreSQL:
SELECT … FOR UPDATE. Idempotence: the claim is an INSERT … ON CONFLICT DO NOTHING in the same
transaction as the state, so a failed turn rolls both back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import Dialect

from conversations.events import DataErased
from conversations.state import ConversationState, Step
from storage.models import (
    Alumnus,
    AnswerRow,
    PendingReply,
    ProcessedMessage,
    QuestionnaireVersion,
    Response,
    ResponseSource,
    ResponseStatus,
    Survey,
)
from storage.surveys.responses import STATUS_BY_PHASE

log = logging.getLogger(__name__)

_RESPONSES = Response.__table__
_ANSWERS = AnswerRow.__table__
_PROCESSED = ProcessedMessage.__table__
_REPLIES = PendingReply.__table__
_LOCKED_COLUMNS = (
    _RESPONSES.c.id,
    _RESPONSES.c.questionnaire_version_id,
    _RESPONSES.c.state,
    _RESPONSES.c.language,
    _RESPONSES.c.started_at,
    _RESPONSES.c.completed_at,
)
# Bound names differ from column names: an UPDATE reserves those for its SET clause.
_RESPONDENT = (
    _RESPONSES.c.survey_id == bindparam("survey"),
    _RESPONSES.c.alumnus_id == bindparam("alumnus"),
)
_ANSWER_VALUES = ("value", "raw_text", "other_text", "answered_at")
# The response columns a step sets: the keys of response_values, always all of them (the UPDATE
# on the cursor is compiled once for exactly these).
STEP_COLUMNS = (
    "state", "status", "position", "language", "updated_at", "started_at", "completed_at"
)  # fmt: skip


def response_values(
    step: Step, started_at: datetime | None, completed_at: datetime | None, now: datetime
) -> dict[str, Any]:
    """The response columns after `step`, given the stored start and completion times."""
    state = step.state
    # While an erasure awaits its "ya", the respondent keeps the status they had.
    status = STATUS_BY_PHASE[state.settled_phase]
    values: dict[str, Any] = {
        "state": json.dumps(state.to_json(), ensure_ascii=False, separators=(",", ":")),
        "status": status.value,
        "position": state.current,
        "language": state.language,
        "updated_at": now,
        "started_at": started_at,
        "completed_at": completed_at,
    }
    if status in (ResponseStatus.STARTED, ResponseStatus.COMPLETED) and not started_at:
        values["started_at"] = state.started_at or now
    if status is ResponseStatus.COMPLETED and completed_at is None:
        values["completed_at"] = now
    if any(isinstance(event, DataErased) for event in step.events):
        # The right to erasure (UU PDP): keep only that they opted out, so nobody reminds them,
        # not when they took part. The answers go with the rows (state.answers is empty).
        values["started_at"] = None
        values["completed_at"] = None
    return values


def _statements(insert: Any) -> dict[str, Any]:
    """Every statement of a turn, for one dialect."""
    upsert = insert(_ANSWERS)
    return {
        "claim": insert(_PROCESSED).on_conflict_do_nothing(
            index_elements=["channel", "message_id"]
        ),
        "create": insert(_RESPONSES).on_conflict_do_nothing(
            index_elements=["survey_id", "alumnus_id"]
        ),
        "upsert": upsert.on_conflict_do_update(
            index_elements=["response_id", "question_code"],
            set_={name: upsert.excluded[name] for name in _ANSWER_VALUES},
        ),
    }


_BY_DIALECT = {"sqlite": _statements(sqlite_insert), "postgresql": _statements(pg_insert)}
# SQLite: the no-op UPDATE takes the write lock and reads the row at once.
_LOCK_SQLITE = (
    update(_RESPONSES)
    .where(*_RESPONDENT)
    .values(updated_at=_RESPONSES.c.updated_at)
    .returning(*_LOCKED_COLUMNS)
)
_LOCK_FOR_UPDATE = select(*_LOCKED_COLUMNS).where(*_RESPONDENT).with_for_update()
_NEW_RESPONSE = (
    select(Survey.questionnaire_version_id, Alumnus.language)
    .select_from(Survey)
    .join(Alumnus, Alumnus.id == bindparam("alumnus"))
    .where(Survey.id == bindparam("survey"))
)
_STORE = update(_RESPONSES).where(_RESPONSES.c.id == bindparam("response_id"))
_DROP_ANSWERS = delete(_ANSWERS).where(
    _ANSWERS.c.response_id == bindparam("response_id"),
    _ANSWERS.c.question_code.in_(bindparam("codes", expanding=True)),
)
_KEEP_ONLY_ANSWERS = delete(_ANSWERS).where(
    _ANSWERS.c.response_id == bindparam("response_id"),
    _ANSWERS.c.question_code.not_in(bindparam("codes", expanding=True)),
)
# A staff member writing down answers given on the phone (bot/staff/phone.py): their turns
# mark the response as theirs. Not on every turn: the alumni's own turns never run it.
_RECORDED_BY_PHONE = (
    update(_RESPONSES)
    .where(_RESPONSES.c.id == bindparam("response_id"))
    .values(source=ResponseSource.PHONE.value, recorded_by=bindparam("staff"))
)
_QUEUE_REPLY = _REPLIES.insert()
_FORGET_REPLIES = delete(_REPLIES).where(_REPLIES.c.id.in_(bindparam("ids", expanding=True)))
_UNSENT_REPLIES = (
    select(_REPLIES.c.id, _REPLIES.c.channel, _REPLIES.c.chat_id, _REPLIES.c.payload)
    .where(_REPLIES.c.created_at < bindparam("before"))
    .order_by(_REPLIES.c.id)
)
_VERSION = select(QuestionnaireVersion.source, QuestionnaireVersion.questionnaire_id).where(
    QuestionnaireVersion.id == bindparam("version_id")
)


_ANSWER_COLUMNS = ("response_id", "question_code", *_ANSWER_VALUES)


class OnCursor:
    """One Core statement compiled once for pysqlite and run on the driver's cursor.

    The SQL, the order of its parameters and the conversion of every value (bind and result
    processors, such as UTCDateTime's) are SQLAlchemy's own, taken from the compiled statement
    and the column types, so a row written here is the row `Connection.execute` would write.
    What is skipped is the per-execution bookkeeping (execution context, parameter dicts, result
    objects): about as much CPU as SQLite's own work for these small statements.
    """

    def __init__(
        self,
        statement: Any,
        dialect: Dialect,
        keys: Sequence[str] | None = None,
        returning: Sequence[Any] = (),
    ) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=keys)
        self.sql = compiled.string
        binds = compiled.binds
        names = tuple(compiled.positiontup or ())
        self._values = (
            itemgetter(*names) if len(names) > 1 else lambda p: tuple(p[n] for n in names)
        )
        processors = (
            binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
        )
        self._convert = [
            (i, convert) for i, convert in enumerate(processors) if convert is not None
        ]
        self._results = [
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in returning
        ]

    def _row(self, params: dict[str, Any]) -> list[Any]:
        row = list(self._values(params))
        for i, convert in self._convert:
            if row[i] is not None:
                row[i] = convert(row[i])
        return row

    def execute(self, conn: Connection, params: dict[str, Any]) -> Any:
        """Run it; the driver's cursor, to read `rowcount` or the returned rows from."""
        return _cursor(conn).execute(self.sql, self._row(params))

    def executemany(self, conn: Connection, rows: list[dict[str, Any]]) -> Any:
        return _cursor(conn).executemany(self.sql, [self._row(params) for params in rows])

    def first(self, conn: Connection, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first returned row, converted; every row is read so the statement completes."""
        found = self.execute(conn, params).fetchall()
        if not found:
            return None
        return tuple(
            convert(value) if convert else value
            for value, convert in zip(found[0], self._results, strict=True)
        )


def _cursor(conn: Connection) -> Any:
    raw = conn.connection.dbapi_connection
    if raw is None:  # SQLAlchemy detaches it only from an invalidated connection
        raise RuntimeError("the database connection was invalidated")
    return raw.cursor()


_PYSQLITE = SQLiteDialect_pysqlite()
# The statements every turn runs, by their Core statement: (keys of the parameters, returned).
_ON_CURSOR = {
    statement: OnCursor(statement, _PYSQLITE, keys, returning)
    for statement, keys, returning in (
        (_BY_DIALECT["sqlite"]["claim"], ("channel", "message_id", "processed_at"), ()),
        (_LOCK_SQLITE, None, _LOCKED_COLUMNS),
        (_STORE, STEP_COLUMNS, ()),
        (_BY_DIALECT["sqlite"]["upsert"], _ANSWER_COLUMNS, ()),
        (_QUEUE_REPLY, ("channel", "chat_id", "payload", "created_at"), ()),
    )
}


def _on_cursor(conn: Connection, statement: Any) -> OnCursor | None:
    """The statement's cursor form when `conn` is pysqlite (the runner's direct connection)."""
    return _ON_CURSOR.get(statement) if conn.dialect.driver == "pysqlite" else None


def _execute(conn: Connection, statement: Any, params: Any) -> Any:
    """Execute (a list of parameter sets: executemany), on the cursor when it has that form.

    Either result has the `rowcount` the callers read.
    """
    direct = _on_cursor(conn, statement)
    if direct is None:
        return conn.execute(statement, params)
    if isinstance(params, list):
        return direct.executemany(conn, params)
    return direct.execute(conn, params)


def _dialect(conn: Connection) -> dict[str, Any]:
    try:
        return _BY_DIALECT[conn.dialect.name]
    except KeyError:
        raise NotImplementedError(f"turns are not implemented for {conn.dialect.name}") from None


@dataclass(frozen=True, slots=True)
class LockedResponse:
    """The columns of a response row a conversation turn needs, read under its lock."""

    id: int
    questionnaire_version_id: int
    state: str | None
    language: str
    started_at: datetime | None
    completed_at: datetime | None

    def conversation_state(self) -> ConversationState | None:
        """The engine's state, or None before the first step."""
        return ConversationState.from_json(json.loads(self.state)) if self.state else None


def claim(conn: Connection, channel: str, message_id: str, now: datetime) -> bool:
    """True the first time (channel, message_id) is seen; False for a redelivery."""
    params = {"channel": channel, "message_id": message_id, "processed_at": now}
    return bool(_execute(conn, _dialect(conn)["claim"], params).rowcount == 1)


def queue_reply(conn: Connection, channel: str, chat_id: str, payload: str, now: datetime) -> int:
    """Write a reply to send after the commit (no commit); its id, to forget it once sent."""
    params = {"channel": channel, "chat_id": chat_id, "payload": payload, "created_at": now}
    direct = _on_cursor(conn, _QUEUE_REPLY)
    if direct is not None:
        return int(direct.execute(conn, params).lastrowid)
    return int(conn.execute(_QUEUE_REPLY.returning(_REPLIES.c.id), params).scalar_one())


def forget_replies(conn: Connection, ids: Sequence[int]) -> None:
    """Delete replies that have been sent."""
    conn.execute(_FORGET_REPLIES, {"ids": list(ids)})


def unsent_replies(conn: Connection, before: datetime) -> list[tuple[int, str, str, str]]:
    """(id, channel, chat id, payload) of replies written before `before` and never sent."""
    return [tuple(row) for row in conn.execute(_UNSENT_REPLIES, {"before": before})]


def version_source(conn: Connection, version_id: int) -> tuple[str, str]:
    """A stored questionnaire version's YAML and its questionnaire id."""
    source, questionnaire_id = conn.execute(_VERSION, {"version_id": version_id}).one()
    return source, questionnaire_id


def lock_response(
    conn: Connection, survey_id: int, alumnus_id: int, now: datetime
) -> LockedResponse:
    """The respondent's response, locked for this transaction; created (invited) if missing.

    A new response is fixed to the survey's current questionnaire version.
    Raises LookupError when the survey or the alumnus does not exist.
    """
    respondent = {"survey": survey_id, "alumnus": alumnus_id}
    row = _lock(conn, respondent)
    if row is None:
        found = conn.execute(_NEW_RESPONSE, respondent).first()
        if found is None:
            raise LookupError(f"no survey {survey_id} or no alumnus {alumnus_id}")
        # Another process may be creating the same response: the loser of the race does
        # nothing (on PostgreSQL it waits for the winner's commit) and then locks that row.
        conn.execute(
            _dialect(conn)["create"],
            {
                "survey_id": survey_id,
                "alumnus_id": alumnus_id,
                "questionnaire_version_id": found[0],
                "status": ResponseStatus.INVITED.value,
                "language": found[1],
                "invited_at": now,
                "updated_at": now,
            },
        )
        row = _lock(conn, respondent)
        assert row is not None  # inserted above, or by the process we waited for
        log.info("response %s created for survey %s", row[0], survey_id)
    return LockedResponse(*row)


def _lock(conn: Connection, respondent: dict[str, int]) -> Any:
    statement = _LOCK_SQLITE if conn.dialect.name == "sqlite" else _LOCK_FOR_UPDATE
    direct = _on_cursor(conn, statement)
    if direct is not None:
        return direct.first(conn, respondent)  # its values converted, as Core's row has them
    return conn.execute(statement, respondent).first()


def store_step(
    conn: Connection,
    locked: LockedResponse,
    previous: ConversationState | None,
    step: Step,
    now: datetime,
    recorded_by: str | None = None,
) -> None:
    """Store the step: the response row, and only the answers that changed (no commit).

    `previous` is the state read under the same lock. The answer rows always equal its answers
    (every turn keeps them so), so the difference between the two states is all there is to
    write; with no previous state, whatever rows exist that the new state lacks are dropped.
    `recorded_by`: the staff member who typed this step for the alumnus (answers given by
    phone); the response's source becomes "phone", with their name.
    """
    values = response_values(step, locked.started_at, locked.completed_at, now)
    _execute(conn, _STORE, {"response_id": locked.id, **values})
    if recorded_by is not None:
        conn.execute(_RECORDED_BY_PHONE, {"response_id": locked.id, "staff": recorded_by})
    if any(isinstance(event, DataErased) for event in step.events):
        log.info("response %s: answers erased at the respondent's request", locked.id)
    answers = step.state.answers
    if previous is None:
        conn.execute(_KEEP_ONLY_ANSWERS, {"response_id": locked.id, "codes": list(answers)})
        changed = answers
    else:
        gone = previous.answers.keys() - answers.keys()
        if gone:
            conn.execute(_DROP_ANSWERS, {"response_id": locked.id, "codes": sorted(gone)})
        changed = {
            code: answer for code, answer in answers.items() if previous.answers.get(code) != answer
        }
    if changed:
        _execute(
            conn,
            _dialect(conn)["upsert"],
            [
                {
                    "response_id": locked.id,
                    "question_code": code,
                    "value": answer.value,
                    "raw_text": answer.raw,
                    "other_text": answer.other_text,
                    "answered_at": answer.answered_at or now,
                }
                for code, answer in changed.items()
            ],
        )
