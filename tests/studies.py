"""A small tracer study in three time zones and a recording sender (scheduler, staff tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.loader import read_questionnaire
from config.templates import find_questionnaire
from scheduler.clock import ManualClock
from scheduler.outbox import OutgoingMessage, SendResult, SendStatus
from storage.access.invitations import ensure_invitations
from storage.models import Institution, Survey
from storage.roster import repository as repo

# Monday 2 March 2026, 15:00 UTC: 22:00 WIB, 23:00 WITA, 00:00 (Tuesday) WIT.
INVITED = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


@dataclass
class RecordingSender:
    """A channel that records what it is asked to send, and can be told to fail."""

    channel: str = "telegram"
    sent: list[tuple[str, OutgoingMessage, datetime]] = field(default_factory=list)
    clock: ManualClock | None = None
    results: dict[str, list[SendResult]] = field(default_factory=dict)  # external id -> queue

    async def send(self, external_id: str, message: OutgoingMessage) -> SendResult:
        queue = self.results.get(external_id)
        if queue:
            result = queue.pop(0)
            if result.status is not SendStatus.SENT:
                return result
        when = self.clock.now() if self.clock else datetime.now(UTC)
        self.sent.append((external_id, message, when))
        return SendResult(SendStatus.SENT, provider_id=str(len(self.sent)))

    def to(self, external_id: str) -> list[tuple[OutgoingMessage, datetime]]:
        return [(m, w) for e, m, w in self.sent if e == external_id]


@dataclass
class Study:
    """Institutions (by zone label), their surveys, and each alumnus's chat id by NISN."""

    institutions: dict[str, Institution]
    surveys: dict[str, Survey]
    chats: dict[str, str]  # nisn -> telegram chat id
    alumni: dict[str, int]  # nisn -> alumnus id


async def build_study(
    sessions: async_sessionmaker[AsyncSession],
    per_class: int = 2,
    zones: dict[str, str] = ZONES,
    closes_at: datetime | None = None,
) -> Study:
    """Per zone: an SMK with classes A and B, `per_class` alumni each, all invited and linked."""
    questionnaire, source = read_questionnaire(find_questionnaire("smk"))
    study = Study({}, {}, {}, {})
    async with sessions() as session, session.begin():
        version = await repo.ensure_version(
            session, questionnaire.id, questionnaire.version, source
        )
        for n, (label, zone) in enumerate(zones.items(), start=1):
            institution = await repo.upsert_institution(
                session,
                code=f"9999990{n}",
                name=f"SMK {label}",
                kind="smk",
                timezone=zone,
                now=INVITED,
            )
            study.institutions[label] = institution
            for class_name in ("XII A", "XII B"):
                group = await repo.ensure_class_group(
                    session, institution.id, class_name, now=INVITED
                )
                for i in range(per_class):
                    nisn = f"00{n}{class_name[-1] == 'B':d}{i:06d}"
                    alumnus = await repo.add_alumnus(
                        session,
                        institution_id=institution.id,
                        nisn=nisn,
                        name=f"Alumni {label} {class_name} {i}",
                        graduation_year=2025,
                        birth_date=date(2007, 1, 2),
                        class_group_id=group.id,
                        now=INVITED,
                    )
                    study.alumni[nisn] = alumnus.id
                    chat = str(100000 + len(study.chats))
                    study.chats[nisn] = chat
                    await repo.link_identity(session, alumnus.id, "telegram", chat, INVITED)
            survey = await repo.create_survey(
                session,
                institution_id=institution.id,
                questionnaire_version=version,
                name=f"Tracer {label} 2025",
                graduation_year=2025,
                opens_at=INVITED,
                closes_at=closes_at,
                now=INVITED,
            )
            study.surveys[label] = survey
            await ensure_invitations(session, survey.id, now=INVITED)
    return study
