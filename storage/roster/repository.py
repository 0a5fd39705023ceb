"""Queries and writes for institutions, class groups, alumni and channel identities.

Every function takes the caller's AsyncSession and never commits: the caller owns the
transaction. Surveys and questionnaire versions (storage/surveys/registry.py) and responses and
processed messages (storage/surveys/responses.py) are re-exported here: callers use
`storage.roster.repository` for all.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import utc_now
from config.places import province_by_code
from conversations.identifiers import KINDS, is_nik, normalise
from storage.models import (
    Alumnus,
    ChannelIdentity,
    ClassGroup,
    Institution,
    InstitutionKind,
    check_timezone,
)
from storage.surveys.registry import (
    create_survey,
    ensure_version,
    every_survey,
    get_survey,
    list_surveys,
    open_surveys,
    refresh_version,
)
from storage.surveys.responses import (
    STATUS_BY_PHASE,
    answers_of,
    claim_message,
    delete_answers,
    get_response,
    load_state,
    prune_processed_messages,
    responses_for_survey,
)

__all__ = [
    "STATUS_BY_PHASE",
    "add_alumnus",
    "answers_of",
    "claim_message",
    "class_group_names",
    "create_survey",
    "delete_answers",
    "ensure_class_group",
    "ensure_version",
    "every_survey",
    "find_alumni_by_identifier",
    "find_alumni_by_nisn",
    "find_alumni_by_phone",
    "find_identity",
    "get_alumnus",
    "get_class_group",
    "get_institution",
    "get_response",
    "get_survey",
    "identities_for",
    "institution_kinds",
    "link_identity",
    "list_class_groups",
    "list_institutions",
    "list_surveys",
    "load_state",
    "mark_unreachable",
    "open_surveys",
    "prune_processed_messages",
    "refresh_version",
    "responses_for_survey",
    "upsert_institution",
]

log = logging.getLogger(__name__)

PROVINCE_CODE = re.compile(r"[0-9]{2}")  # Kemendagri/BPS province code, e.g. "32" Jawa Barat


# --- institutions ---------------------------------------------------------------------------


async def upsert_institution(
    session: AsyncSession,
    *,
    code: str,
    name: str,
    kind: str,
    timezone: str,
    province: str | None = None,
    now: datetime | None = None,
) -> Institution:
    """Create the institution with this code, or update its name, kind and zone.

    `province` is a two-digit province code (ValueError otherwise); None keeps what is stored.
    """
    now = now or utc_now()
    kind = InstitutionKind(kind).value  # ValueError for an unknown kind
    check_timezone(timezone)
    if province is not None:
        province = check_province(province)
    institution = await get_institution(session, code)
    if institution is None:
        institution = Institution(
            code=code, name=name, kind=kind, timezone=timezone, province=province,
            created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(institution)
    else:
        province = institution.province if province is None else province
        stored = (institution.name, institution.kind, institution.timezone, institution.province)
        if stored != (name, kind, timezone, province):
            institution.name, institution.kind, institution.timezone = name, kind, timezone
            institution.province = province
            institution.updated_at = now
    await session.flush()
    log.info("institution %s saved", institution.id)
    return institution


def check_province(code: str) -> str:
    """The code if config/data/provinces.csv lists it ("32" Jawa Barat), else ValueError."""
    code = code.strip()
    if not PROVINCE_CODE.fullmatch(code) or province_by_code(code) is None:
        raise ValueError(f"{code!r} is not a province code; write two digits such as 32")
    return code


async def get_institution(session: AsyncSession, code: str) -> Institution | None:
    """The institution with this code (NPSN, BLK or university code), if any."""
    return await session.scalar(select(Institution).where(Institution.code == code))


async def list_institutions(session: AsyncSession) -> list[Institution]:
    """Every institution, by code."""
    return list(await session.scalars(select(Institution).order_by(Institution.code)))


# --- class groups ---------------------------------------------------------------------------


async def ensure_class_group(
    session: AsyncSession,
    institution_id: int,
    name: str,
    homeroom_teacher: str | None = None,
    *,
    now: datetime | None = None,
) -> ClassGroup:
    """The class group of this name, created if missing; a given homeroom teacher is stored."""
    now = now or utc_now()
    group = await get_class_group(session, institution_id, name)
    if group is None:
        group = ClassGroup(
            institution_id=institution_id,
            name=name,
            homeroom_teacher=homeroom_teacher,
            created_at=now,
            updated_at=now,
        )
        session.add(group)
        await session.flush()
    elif homeroom_teacher and group.homeroom_teacher != homeroom_teacher:
        group.homeroom_teacher = homeroom_teacher
        group.updated_at = now
    return group


async def get_class_group(
    session: AsyncSession, institution_id: int, name: str
) -> ClassGroup | None:
    """The class group named `name` at the institution, if any."""
    return await session.scalar(
        select(ClassGroup).where(
            ClassGroup.institution_id == institution_id, ClassGroup.name == name
        )
    )


async def list_class_groups(session: AsyncSession, institution_id: int) -> list[ClassGroup]:
    """The institution's class groups, by name."""
    return list(
        await session.scalars(
            select(ClassGroup)
            .where(ClassGroup.institution_id == institution_id)
            .order_by(ClassGroup.name)
        )
    )


async def class_group_names(session: AsyncSession, ids: Iterable[int]) -> dict[int, str]:
    """The names of these class groups, by id (ids that do not exist are left out)."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(ClassGroup.id, ClassGroup.name).where(ClassGroup.id.in_(wanted))
    )
    return {group_id: name for group_id, name in rows}


# --- alumni ---------------------------------------------------------------------------------


async def add_alumnus(
    session: AsyncSession,
    *,
    institution_id: int,
    nisn: str,
    name: str,
    graduation_year: int,
    now: datetime | None = None,
    nik: str | None = None,
    birth_date: date | None = None,
    gender: str | None = None,
    programme: str | None = None,
    class_group_id: int | None = None,
    phone: str | None = None,
    guardian_phone: str | None = None,
    language: str = "id",
) -> Alumnus:
    """Add one alumnus (rosters go through storage.roster.importing.import_roster instead)."""
    now = now or utc_now()
    alumnus = Alumnus(
        institution_id=institution_id,
        nisn=nisn,
        name=name,
        graduation_year=graduation_year,
        nik=nik,
        birth_date=birth_date,
        gender=gender,
        programme=programme,
        class_group_id=class_group_id,
        phone=phone,
        guardian_phone=guardian_phone,
        language=language,
        created_at=now,
        updated_at=now,
    )
    session.add(alumnus)
    await session.flush()
    return alumnus


async def get_alumnus(session: AsyncSession, institution_id: int, nisn: str) -> Alumnus | None:
    """The institution's alumnus with this identifier (NISN, NIM…; any case or spacing), if any."""
    value = normalise(nisn)
    return await session.scalar(
        select(Alumnus).where(Alumnus.institution_id == institution_id, Alumnus.nisn == value)
    )


async def find_alumni_by_identifier(
    session: AsyncSession, kind: str, value: str, institution_id: int | None = None
) -> list[Alumnus]:
    """Alumni of institutions of `kind` known by this identifier (normalised: see
    conversations.identifiers); a BLK's alumni by their NIK too. All such institutions, or one.
    """
    condition = Alumnus.nisn == value
    if kind == InstitutionKind.BLK and is_nik(value):
        condition = or_(condition, Alumnus.nik == value)
    query = (
        select(Alumnus)
        .join(Institution, Institution.id == Alumnus.institution_id)
        .where(Institution.kind == kind, condition)
        .order_by(Alumnus.institution_id, Alumnus.id)
    )
    if institution_id is not None:
        query = query.where(Alumnus.institution_id == institution_id)
    return list(await session.scalars(query))


async def institution_kinds(session: AsyncSession) -> tuple[str, ...]:
    """The kinds of the institutions there are (smk, university, blk), in that order."""
    found = set(await session.scalars(select(Institution.kind).distinct()))
    return tuple(kind for kind in KINDS if kind in found)


async def find_alumni_by_nisn(session: AsyncSession, nisn: str) -> list[Alumnus]:
    """Alumni with this NISN across institutions (one person can be on two rosters)."""
    return list(
        await session.scalars(
            select(Alumnus).where(Alumnus.nisn == nisn).order_by(Alumnus.institution_id)
        )
    )


async def find_alumni_by_phone(
    session: AsyncSession, phone: str, *, guardian: bool = False
) -> list[Alumnus]:
    """Alumni whose phone (E.164) is `phone`; with guardian=True, also their guardian's phone."""
    condition = Alumnus.phone == phone
    if guardian:
        condition = or_(condition, Alumnus.guardian_phone == phone)
    return list(await session.scalars(select(Alumnus).where(condition).order_by(Alumnus.id)))


# --- channel identities ---------------------------------------------------------------------


async def link_identity(
    session: AsyncSession, alumnus_id: int, channel: str, external_id: str, now: datetime
) -> ChannelIdentity:
    """Tie a channel account to an alumnus (re-pointing it if it was tied to someone else)."""
    identity = await find_identity(session, channel, external_id)
    if identity is None:
        identity = ChannelIdentity(
            alumnus_id=alumnus_id,
            channel=channel,
            external_id=external_id,
            reachable=True,
            last_inbound_at=now,
            created_at=now,
        )
        session.add(identity)
    else:
        if identity.alumnus_id != alumnus_id:
            log.info("identity %s re-linked to alumnus %s", identity.id, alumnus_id)
        identity.alumnus_id = alumnus_id
        identity.reachable = True
        identity.last_inbound_at = now
    await session.flush()
    return identity


async def find_identity(
    session: AsyncSession, channel: str, external_id: str
) -> ChannelIdentity | None:
    """The identity of this channel account, if linked."""
    return await session.scalar(
        select(ChannelIdentity).where(
            ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id
        )
    )


async def identities_for(session: AsyncSession, alumnus_id: int) -> list[ChannelIdentity]:
    """Every channel account of an alumnus."""
    return list(
        await session.scalars(
            select(ChannelIdentity)
            .where(ChannelIdentity.alumnus_id == alumnus_id)
            .order_by(ChannelIdentity.id)
        )
    )


async def mark_unreachable(session: AsyncSession, identity: ChannelIdentity) -> None:
    """Remember that sending failed for good (blocked bot, number not on WhatsApp)."""
    identity.reachable = False
    await session.flush()
