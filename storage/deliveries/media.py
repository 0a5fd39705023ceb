"""Files served for a few minutes at an unguessable URL: WhatsApp sends media only by URL.

Twilio fetches a message's media from a public URL itself, so an export sent on WhatsApp is kept
here under a random token until it expires. The rows hold personal data (UU PDP): they live in
the database so any `jejak run` process can serve them, only for `MEDIA_TTL`, and the scheduler
deletes them once expired (`prune_media`). Tokens are never logged.

Every function takes the caller's AsyncSession and never commits.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import MediaFile
from storage.results import rows_changed

log = logging.getLogger(__name__)

MEDIA_TTL = timedelta(minutes=15)
TOKEN_BYTES = 32  # 256 random bits: 43 characters of base64url
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    ".xlsx": XLSX_TYPE,
    ".csv": "text/csv",
    ".pdf": "application/pdf",
    ".png": "image/png",  # /laporan's chart
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def content_type_for(filename: str) -> str:
    """The media type of a file Jejak makes, by its extension (else a plain byte stream)."""
    suffix = filename[filename.rfind(".") :].lower() if "." in filename else ""
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def safe_filename(filename: str) -> str:
    """The name as it may stand in a URL path and a Content-Disposition header."""
    name = _UNSAFE.sub("-", filename).strip(".-")[:200]
    return name or "file"


async def store_media(
    session: AsyncSession,
    filename: str,
    content: bytes,
    now: datetime,
    *,
    content_type: str | None = None,
    ttl: timedelta = MEDIA_TTL,
) -> MediaFile:
    """Keep a file until `now + ttl` under a fresh random token."""
    name = safe_filename(filename)
    media = MediaFile(
        token=secrets.token_urlsafe(TOKEN_BYTES),
        filename=name,
        content_type=content_type or content_type_for(name),
        content=content,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(media)
    await session.flush()
    log.info("media %s stored (%s bytes)", media.id, len(content))
    return media


async def find_media(session: AsyncSession, token: str, now: datetime) -> MediaFile | None:
    """The file under `token` if it has not expired; None for anything else."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    media = await session.scalar(select(MediaFile).where(MediaFile.token == token))
    if media is None or media.expires_at <= now:
        return None
    return media


async def note_message(
    session: AsyncSession, token: str, sid: str, recipient: str, language: str
) -> None:
    """The file went out in WhatsApp message `sid` to `recipient`: whom to tell if it fails."""
    await session.execute(
        update(MediaFile)
        .where(MediaFile.token == token)
        .values(message_sid=sid, recipient=recipient, language=language)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True, slots=True)
class UndeliveredFile:
    """A file Twilio could not send after all, and whom to tell."""

    filename: str
    recipient: str
    language: str


async def carries_media(session: AsyncSession, sid: str) -> bool:
    """Whether WhatsApp message `sid` carries one of the files kept here."""
    found = await session.scalar(select(MediaFile.id).where(MediaFile.message_sid == sid))
    return found is not None


async def take_undelivered(session: AsyncSession, sid: str) -> UndeliveredFile | None:
    """Whom to tell that the file of message `sid` did not arrive: once. The recipient is
    cleared by a conditional UPDATE, so of two callbacks handled at once only one tells."""
    row = (
        await session.execute(
            select(MediaFile.filename, MediaFile.recipient, MediaFile.language).where(
                MediaFile.message_sid == sid, MediaFile.recipient.is_not(None)
            )
        )
    ).first()
    if row is None:
        return None
    filename, recipient, language = row
    if recipient is None:  # the WHERE above leaves none; this tells the type checker
        return None
    cleared = await session.execute(
        update(MediaFile)
        .where(MediaFile.message_sid == sid, MediaFile.recipient == recipient)
        .values(recipient=None)
        .execution_options(synchronize_session=False)
    )
    if not rows_changed(cleared):
        return None  # another callback got there first
    return UndeliveredFile(filename, recipient, language or "id")


async def prune_media(session: AsyncSession, now: datetime) -> int:
    """Delete every file that has expired by `now`; the number deleted."""
    result = await session.execute(delete(MediaFile).where(MediaFile.expires_at <= now))
    return rows_changed(result)
