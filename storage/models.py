"""Tables as typed SQLAlchemy models. Rows stay in storage/ and bot/, never in conversations/."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates
from sqlalchemy.types import TypeDecorator

from conversations.messages import LANGUAGES

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC; naive values are refused, reads are always UTC.

    SQLite has no time zone type: values are stored as naive UTC text and get UTC back on read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given to a UTC column: pass a timezone-aware value")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class InstitutionKind(enum.StrEnum):
    """What kind of institution traces its alumni."""

    SMK = "smk"
    BLK = "blk"
    UNIVERSITY = "university"


class ResponseStatus(enum.StrEnum):
    """Where a respondent is in a survey."""

    INVITED = "invited"
    STARTED = "started"
    COMPLETED = "completed"
    DECLINED = "declined"
    OPTED_OUT = "opted_out"


class ResponseSource(enum.StrEnum):
    """Where a response's answers came from."""

    CHAT = "chat"  # the alumnus answered in a chat (or the terminal)
    IMPORT = "import"  # a file of answers gathered elsewhere (`jejak responses import`)
    PHONE = "phone"  # a staff member wrote down what the alumnus said on the phone


def _in(column: str, values: tuple[str, ...] | type[enum.StrEnum]) -> str:
    """A CHECK expression `column IN ('a', 'b')`."""
    listed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({listed})"


def check_timezone(name: str) -> str:
    """The IANA zone name if zoneinfo knows it, else ValueError."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}; use e.g. Asia/Jakarta") from exc
    return name


class Base(DeclarativeBase):
    """Declarative base with the constraint naming convention Alembic relies on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:
        # Every model maps one Table (none maps a join or a select), so Core statements on
        # `Model.__table__` type-check: SQLAlchemy types it as any FromClause.
        __table__: ClassVar[Table]


class Institution(Base):
    """A school (SMK, by NPSN), training centre (BLK) or university, with its own time zone."""

    __tablename__ = "institutions"
    __table_args__ = (CheckConstraint(_in("kind", InstitutionKind), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    timezone: Mapped[str] = mapped_column(String(64))
    # Two-digit province code (config/data/provinces.csv); None: not set. Reports compare
    # incomes with this province's minimum wage when an alumnus's place of work is not known.
    province: Mapped[str | None] = mapped_column(String(2))
    # Whether a parent's or guardian's number on the roster may get one message asking them to
    # pass on the alumnus's link, once the alumnus's own channels failed (README: "Parents").
    guardian_contact: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    class_groups: Mapped[list[ClassGroup]] = relationship(
        back_populates="institution", lazy="raise", passive_deletes=True
    )

    @validates("timezone")
    def _valid_timezone(self, _key: str, value: str) -> str:
        return check_timezone(value)

    @validates("kind")
    def _valid_kind(self, _key: str, value: str) -> str:
        return InstitutionKind(value).value


class ClassGroup(Base):
    """A final-year class (rombel) such as "XII AKL 1", owned by a homeroom teacher."""

    __tablename__ = "class_groups"
    __table_args__ = (UniqueConstraint("institution_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    homeroom_teacher: Mapped[str | None] = mapped_column(String(200))
    # The class link's token (secrets.token_urlsafe(16)): students of the class open
    # `t.me/<bot>?start=k_<token>` (or send "KELAS <token>" on WhatsApp) and identify themselves,
    # before graduation. None: no link made yet; a new token withdraws the old link.
    link_token: Mapped[str | None] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    institution: Mapped[Institution] = relationship(back_populates="class_groups", lazy="raise")


class Alumnus(Base):
    """A graduate from a roster. Identifiers, NIK and NPWP are text: leading zeros matter."""

    __tablename__ = "alumni"
    __table_args__ = (
        UniqueConstraint("institution_id", "nisn"),
        CheckConstraint("gender IN ('L', 'P')", name="gender"),
        CheckConstraint(_in("language", LANGUAGES), name="language"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"))
    # The identifier of the institution's kind (conversations/identifiers.py): the NISN at an
    # SMK, the NIM at a university, the participant number (or the NIK) at a BLK. Still named
    # `nisn`: renaming it touches every query, test and branch at once, for no change in data.
    nisn: Mapped[str] = mapped_column(String(32), index=True)
    nik: Mapped[str | None] = mapped_column(String(16))
    npwp: Mapped[str | None] = mapped_column(String(16))  # the national university upload has it
    name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(1))  # L (laki-laki) or P (perempuan)
    graduation_year: Mapped[int] = mapped_column(Integer)
    programme: Mapped[str | None] = mapped_column(String(200))
    programme_code: Mapped[str | None] = mapped_column(String(20))  # a university's kode prodi
    # The day they finished: graduation (university) or the training's last day (BLK).
    finished_on: Mapped[date | None] = mapped_column(Date)
    class_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("class_groups.id", ondelete="SET NULL"), index=True
    )
    phone: Mapped[str | None] = mapped_column(String(20), index=True)  # E.164, "+62…"
    guardian_phone: Mapped[str | None] = mapped_column(String(20))
    # When a roster import last changed `phone` (None: as first imported). Failures to write to
    # an earlier number say nothing about this one (scheduler/planning.py).
    phone_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    language: Mapped[str] = mapped_column(String(2), default="id")
    # When they agreed, in a chat, to be contacted about the tracer study after graduation (a
    # class link in grade XII); None: not asked, or said no.
    contact_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When they last said `phone` is their own number (linking, or the yearly check-in).
    phone_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    institution: Mapped[Institution] = relationship(lazy="raise")
    class_group: Mapped[ClassGroup | None] = relationship(lazy="raise")


class ChannelIdentity(Base):
    """An alumnus's account on a channel (Telegram chat id, WhatsApp number, terminal)."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alumnus_id: Mapped[int] = mapped_column(ForeignKey("alumni.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(100))
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    alumnus: Mapped[Alumnus] = relationship(lazy="raise")


class QuestionnaireVersion(Base):
    """One stored text of a questionnaire file; a changed file is a new row (by content hash)."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (UniqueConstraint("questionnaire_id", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 hex of the source
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Survey(Base):
    """A questionnaire run for one graduating cohort of an institution."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True
    )
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    # The version new respondents start on; those who started keep their own.
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    name: Mapped[str] = mapped_column(String(200))
    graduation_year: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Reminder policy: days after the invitation, local hours in which messages may go out.
    reminder_days: Mapped[list[int]] = mapped_column(JSON, default=lambda: [3, 7, 14])
    send_from_hour: Mapped[int] = mapped_column(Integer, default=8)
    send_until_hour: Mapped[int] = mapped_column(Integer, default=20)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    institution: Mapped[Institution] = relationship(lazy="raise")
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="raise")


class Response(Base):
    """One alumnus's answers to one survey: status, the engine's state as JSON, and answer rows."""

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "alumnus_id"),
        CheckConstraint(_in("status", ResponseStatus), name="status"),
        CheckConstraint(_in("source", ResponseSource), name="source"),
        Index(None, "survey_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    alumnus_id: Mapped[int] = mapped_column(ForeignKey("alumni.id", ondelete="CASCADE"), index=True)
    # Fixed when the response is created: respondents finish on the version they started.
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    status: Mapped[str] = mapped_column(String(20), default=ResponseStatus.INVITED.value)
    position: Mapped[str | None] = mapped_column(String(100))  # current question code
    state: Mapped[str | None] = mapped_column(Text)  # ConversationState.to_json() as JSON text
    language: Mapped[str] = mapped_column(String(2), default="id")
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Answers gathered outside the chat are imported whole (storage/surveys/imports.py); who
    # recorded them (the staff member who phoned) is kept with them.
    source: Mapped[str] = mapped_column(
        String(10), default=ResponseSource.CHAT.value, server_default=ResponseSource.CHAT.value
    )
    recorded_by: Mapped[str | None] = mapped_column(String(200))

    survey: Mapped[Survey] = relationship(lazy="raise")
    alumnus: Mapped[Alumnus] = relationship(lazy="raise")
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="raise")
    answers: Mapped[list[AnswerRow]] = relationship(
        back_populates="response", lazy="raise", passive_deletes=True
    )


class AnswerRow(Base):
    """One answer of a response, kept in step with the state's answers for exports."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_code: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)  # None when skipped
    raw_text: Mapped[str] = mapped_column(Text, default="")
    other_text: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())

    response: Mapped[Response] = relationship(back_populates="answers", lazy="raise")


class ProcessedMessage(Base):
    """An inbound message already handled: a redelivery with the same id changes nothing."""

    __tablename__ = "processed_messages"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class PendingReply(Base):
    """A turn's reply, written in the turn's commit and deleted once sent.

    A crash (or a channel down) between the commit and the send leaves it here, and the next
    start sends it: an alumnus never waits for an answer to something the database kept.
    """

    __tablename__ = "pending_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    payload: Mapped[str] = mapped_column(Text)  # what the channel renders: JSON of its own
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class Invitation(Base):
    """An alumnus's personal link to one survey; the token is the Telegram /start payload."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("survey_id", "alumnus_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    alumnus_id: Mapped[int] = mapped_column(ForeignKey("alumni.id", ondelete="CASCADE"), index=True)
    # secrets.token_urlsafe(16): 22 characters of [A-Za-z0-9_-], within Telegram's 64.
    token: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # first opened in a chat
    # The chat that opened it first: the link is its own there; another chat that opens it is
    # asked for the birth date first (a link forwarded in a class group proves nothing).
    bound_channel: Mapped[str | None] = mapped_column(String(20))
    bound_external_id: Mapped[str | None] = mapped_column(String(100))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # staff withdrew it

    survey: Mapped[Survey] = relationship(lazy="raise")
    alumnus: Mapped[Alumnus] = relationship(lazy="raise")


class IdentityCheck(Base):
    """One chat identifying itself: where its dialogue is, its failed attempts and lockout.

    The dialogue (NISN, then birth date, then "Are you B*** S…?") is kept here rather than in
    a process's memory, so it survives a restart and works when several processes share the
    webhooks. The row goes when the chat is linked; a dialogue left for a day starts over.
    """

    __tablename__ = "identity_checks"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # since the last success
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The dialogue in progress (NULL step: none). `nisn` is the identifier the chat typed (a
    # NISN, NIM or participant number, normalised: conversations/identifiers.py); the two ids
    # are alumni (the one to confirm by name, the one whose roster number wrote) but carry no
    # foreign key: an alumnus deleted meanwhile only makes the chat start over.
    step: Mapped[str | None] = mapped_column(String(20))
    nisn: Mapped[str | None] = mapped_column(String(20))
    candidate_id: Mapped[int | None] = mapped_column(Integer)
    phone_match_id: Mapped[int | None] = mapped_column(Integer)
    dialogue_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its last step


class IdentifierCheck(Base):
    """Failed identity checks against one identifier (a NISN, NIM or participant number), from
    any chat.

    Counted per identifier as well as per chat, so rotating chats or numbers does not buy more
    guesses. The key is a hash of kind and value (storage/access/identifier_checks.py), never
    the identifier itself.
    """

    __tablename__ = "identifier_checks"

    identifier: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the last failure


class ContactOptOut(Base):
    """A number that asked not to be written to before it was linked to anyone (WhatsApp).

    The scheduler may write first to a roster's number; whoever holds it can say BERHENTI
    without proving who they are, and is never written to first again.
    """

    __tablename__ = "contact_opt_outs"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MediaFile(Base):
    """A file served for a short while at an unguessable URL (WhatsApp fetches media by URL).

    Kept in the database, not on disk, so any `jejak run` process of the deployment can serve
    it; the content is personal data (an export), deleted by the scheduler once expired.
    """

    __tablename__ = "media_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # secrets.token_urlsafe(32): 43 characters of [A-Za-z0-9_-].
    token: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # The WhatsApp message that carries it and whom to tell if Twilio fails to fetch it later
    # (error 63019 by status callback); the recipient is cleared once told.
    message_sid: Mapped[str | None] = mapped_column(String(64), index=True)
    recipient: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(2))


# --- Staff, their scope, and their chats ---


class StaffRole(enum.StrEnum):
    """What a staff member may do: see storage/staff/members.py for the scope each role has."""

    OPERATOR = "operator"  # everything, every institution
    BKK = "bkk"  # the job placement office of one institution
    HOMEROOM = "homeroom"  # a homeroom teacher (wali kelas): their class groups
    VIEWER = "viewer"  # aggregates of one or more institutions (a provincial office)


class StaffMember(Base):
    """A person who runs or follows a tracer study; linked to a chat by a one-time link."""

    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint(_in("role", StaffRole), name="role"),
        CheckConstraint(_in("language", LANGUAGES), name="language"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2), default="id")
    # One-time deep-link payload; cleared when used, so a forwarded link links nobody else.
    link_token: Mapped[str | None] = mapped_column(String(32), unique=True)
    link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    scopes: Mapped[list[StaffScope]] = relationship(
        back_populates="staff", lazy="raise", passive_deletes=True
    )


class StaffScope(Base):
    """One grant: an institution, or one class group of it (homeroom teachers)."""

    __tablename__ = "staff_scopes"
    __table_args__ = (UniqueConstraint("staff_id", "institution_id", "class_group_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True
    )
    class_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("class_groups.id", ondelete="CASCADE")
    )

    staff: Mapped[StaffMember] = relationship(back_populates="scopes", lazy="raise")


class StaffChatKind(enum.StrEnum):
    PERSON = "person"  # a staff member's own chat (Telegram private chat, WhatsApp number)
    GROUP = "group"  # an institution's staff group, linked with /sambungkan


class StaffChat(Base):
    """A chat that gets staff messages: a staff member's own, or an institution's staff group."""

    __tablename__ = "staff_chats"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        CheckConstraint(_in("kind", StaffChatKind), name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), index=True
    )
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True
    )
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    # A group linked with `/sambungkan <kode> nama`: its members may read alumni's names (/belum).
    # Otherwise a group gets aggregates only, and names go to the asker's own chat.
    shows_names: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # When the person last wrote from this chat: on WhatsApp, free text may go only within 24 h.
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A staff member writing down an alumnus's answers given on the phone ("answered by
    # phone" from /belum): while set, this chat's messages answer that alumnus's survey.
    answering_alumnus_id: Mapped[int | None] = mapped_column(
        ForeignKey("alumni.id", ondelete="SET NULL")
    )
    answering_survey_id: Mapped[int | None] = mapped_column(
        ForeignKey("surveys.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- Scheduled and staff-triggered messages ---


class DeliveryKind(enum.StrEnum):
    """Why a message is sent; part of each delivery's unique key."""

    REMINDER = "reminder"  # the scheduler's nth reminder to a non-responder
    RESEND = "resend"  # a staff member's /kirimulang
    HOMEROOM_DAILY = "homeroom_daily"  # a homeroom teacher's morning summary
    WEEKLY_SUMMARY = "weekly_summary"  # an institution staff chat's chart
    PARENT = "parent"  # one message to a parent's number, once the alumnus's own channels failed
    CHECKIN = "checkin"  # the yearly "is this still your number?" to a linked alumnus


class DeliveryStatus(enum.StrEnum):
    """A delivery's life: pending → sending → sent | failed | blocked | skipped."""

    PENDING = "pending"  # written, waiting for its time (or for a retry after a failure)
    SENDING = "sending"  # claimed by one process until `claimed_until`
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry
    BLOCKED = "blocked"  # the recipient blocked the bot: nobody sends there again
    SKIPPED = "skipped"  # no longer wanted when its turn came (finished, opted out, closed)


class Delivery(Base):
    """One outgoing scheduled message, written before it is sent so it is sent exactly once.

    `key` is unique: (kind, survey, recipient, round) for reminders, the local date for daily
    summaries, the ISO week for weekly ones. A second process, a restart or a misfired job that
    plans the same message again finds the key taken and adds nothing.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint(_in("kind", DeliveryKind), name="kind"),
        CheckConstraint(_in("status", DeliveryStatus), name="status"),
        Index(None, "status", "next_attempt_at"),
        Index(None, "survey_id", "alumnus_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    alumnus_id: Mapped[int | None] = mapped_column(ForeignKey("alumni.id", ondelete="CASCADE"))
    staff_chat_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_chats.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel: Mapped[str | None] = mapped_column(String(20))  # where it went, once sent
    provider_message_id: Mapped[str | None] = mapped_column(String(100), index=True)
    # The channel's own word for how far the message got (WhatsApp: sent, delivered, read …).
    provider_status: Mapped[str | None] = mapped_column(String(20))
    last_error: Mapped[str | None] = mapped_column(String(200))  # an error code, never content
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
