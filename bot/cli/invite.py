"""`jejak invite links`: personal Telegram links for a survey's cohort, as a CSV and QR codes.

Each alumnus gets a stable deep link `https://t.me/<bot>?start=<token>`: opening it starts the
survey as that alumnus, so the CSV and the QR codes are personal data for the homeroom teachers
and the BKK, one link for one alumnus. A link binds to the first chat that opens it; `jejak
invite revoke` withdraws one that went round (a class group) and `jejak invite reissue` prints a
new one, both unlinking the chat that had opened the old link.

`jejak invite class-link` and `jejak invite poster` are for grade XII: one link per class (no
personal data: every student still identifies), printed or as an A4 poster with its QR code.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import segno
from rich.console import Console
from rich.markup import escape
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.helpers import create_deep_linked_url

from bot.alumni.linking import telegram_class_link, whatsapp_class_link
from bot.cli.progress import progress_bar
from bot.errors import Fail
from bot.services import Services, institution_or_fail, survey_or_fail
from config import links
from config.clock import utc_now
from config.files import private_dir, private_open
from config.settings import Settings
from config.staff_messages import staff_text
from storage.access import class_links
from storage.access.invitations import InvitationLine, ensure_invitations, reissue, revoke
from storage.models import Alumnus, Institution, Survey
from storage.roster import repository as repo

CSV_COLUMNS = ("nisn", "nama", "kelas", "no_hp", "link_telegram")
WHATSAPP_KEYWORD = links.INVITATION_KEYWORD  # bot/whatsapp/channel.py reads "MULAI <token>"
NO_CLASS = "tanpa_kelas"  # file-name part for alumni without a class group
# A Telegram username: 5 to 32 letters, digits and underscores (bots end in "bot").
BOT_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class InviteReport:
    """What `jejak invite links` wrote."""

    count: int
    csv_path: Path
    qr_dir: Path | None


def default_csv_path(survey_id: int) -> Path:
    """Where the CSV goes without --out: the current folder."""
    return Path(f"undangan_survei_{survey_id}.csv")


def safe_name(text: str) -> str:
    """`text` as a file-name part that every file system and a WhatsApp upload accept."""
    return _UNSAFE.sub("_", text).strip("_") or "_"


def qr_file_name(line: InvitationLine) -> str:
    """`<kelas>_<nisn>.png`, e.g. XII_AKL_1_0061234567.png."""
    return f"{safe_name(line.class_name or NO_CLASS)}_{safe_name(line.nisn)}.png"


def save_qr(url: str, path: Path) -> None:
    """A PNG QR code of `url`, large enough to print on a slip or scan from a phone screen."""
    with private_open(path, "wb") as png:  # a working personal link: 0600
        segno.make(url, error="m").save(png, kind="png", scale=8, border=2)


async def bot_username(settings: Settings) -> str:
    """The bot's @username (without @): configured, or asked from Telegram with the token."""
    configured = settings.telegram_bot_username
    if configured:
        name = configured.strip().removeprefix("@")
        if not BOT_USERNAME.fullmatch(name):
            raise Fail("invite_bad_bot_username", value=configured)
        return name
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    if not token:
        raise Fail("invite_no_bot")
    api = settings.telegram_api_url
    try:
        bot = Bot(token, base_url=api.rstrip("/") + "/bot") if api else Bot(token)
        async with bot:
            me = await bot.get_me()
    except InvalidToken:
        raise Fail("invite_bot_token_refused") from None
    except TelegramError as exc:
        raise Fail("invite_bot_unreachable", reason=exc.__class__.__name__) from None
    if not me.username:  # pragma: no cover - every bot has a username
        raise Fail("invite_no_bot")
    return me.username


async def invite_links_command(
    services: Services,
    console: Console,
    survey_id: int,
    out: Path | None,
    qr_dir: Path | None,
    class_name: str | None,
) -> InviteReport:
    """Create missing tokens, then write the CSV (and QR codes) with a progress bar."""
    language = services.settings.language
    async with services.sessions() as session:
        survey = await survey_or_fail(session, survey_id)
        institution = await session.get(Institution, survey.institution_id)
        assert institution is not None  # a foreign key
        if class_name is not None:
            await _check_class(session, institution, class_name)
    settings = services.settings
    telegram = settings.telegram_token or settings.telegram_bot_username
    whatsapp = settings.twilio_whatsapp_from
    # Telegram links need the bot's name; with WhatsApp alone, wa.me links are enough.
    username = await bot_username(settings) if telegram or not whatsapp else None
    async with services.sessions() as session, session.begin():
        lines = await ensure_invitations(session, survey_id, class_name=class_name, now=utc_now())
    if not lines:
        if class_name is not None:
            raise Fail(
                "invite_no_alumni_in_class",
                id=survey_id,
                name=class_name,
                cohort=survey.graduation_year,
            )
        raise Fail(
            "invite_no_alumni",
            id=survey_id,
            institution=institution.code,
            cohort=survey.graduation_year,
        )
    out = out or default_csv_path(survey_id)
    _write(console, language, Links(username, whatsapp), lines, out, qr_dir)
    report = InviteReport(len(lines), out, qr_dir)
    if qr_dir is None:
        done = staff_text(language, "invite_written", count=report.count, id=survey_id, path=out)
    else:
        done = staff_text(
            language, "invite_written_qr", count=report.count, id=survey_id, path=out, qr=qr_dir
        )
    console.print(escape(done))
    console.print(f"[yellow]{escape(staff_text(language, 'invite_personal_data'))}[/yellow]")
    return report


async def invite_revoke_command(
    services: Services, console: Console, survey_id: int, nisn: str
) -> None:
    """Withdraw one alumnus's link: it stops working, and the chat it bound is unlinked."""
    language = services.settings.language
    async with services.sessions() as session, session.begin():
        survey = await survey_or_fail(session, survey_id)
        alumnus = await _alumnus_or_fail(session, survey, nisn)
        if not await revoke(session, survey.id, alumnus.id, utc_now()):
            raise Fail("invite_none_for_alumnus", nisn=nisn, id=survey_id)
    console.print(escape(staff_text(language, "invite_revoked", nisn=nisn, id=survey_id)))


async def invite_reissue_command(
    services: Services, console: Console, survey_id: int, nisn: str
) -> list[str]:
    """A new link for one alumnus, printed; the old one stops working. Returns the new URLs."""
    settings = services.settings
    language = settings.language
    async with services.sessions() as session:
        survey = await survey_or_fail(session, survey_id)
        await _alumnus_or_fail(session, survey, nisn)
    # The bot's name first: if Telegram cannot be asked, the old link still works.
    telegram = settings.telegram_token or settings.telegram_bot_username
    whatsapp = settings.twilio_whatsapp_from
    username = await bot_username(settings) if telegram or not whatsapp else None
    async with services.sessions() as session, session.begin():
        alumnus = await _alumnus_or_fail(session, survey, nisn)
        token = await reissue(session, survey.id, alumnus.id, utc_now())
    urls = Links(username, whatsapp).urls(token)
    console.print(escape(staff_text(language, "invite_reissued", nisn=nisn, id=survey_id)))
    for url in urls:
        console.print(escape(url), soft_wrap=True)
    console.print(f"[yellow]{escape(staff_text(language, 'invite_personal_data'))}[/yellow]")
    return urls


async def _alumnus_or_fail(session: AsyncSession, survey: Survey, nisn: str) -> Alumnus:
    """The survey cohort's alumnus with this NISN, or a message naming what to check."""
    alumnus = await repo.get_alumnus(session, survey.institution_id, nisn.strip())
    if alumnus is None or alumnus.graduation_year != survey.graduation_year:
        raise Fail(
            "invite_nisn_not_in_cohort", nisn=nisn, id=survey.id, cohort=survey.graduation_year
        )
    return alumnus


async def _check_class(session: AsyncSession, institution: Institution, class_name: str) -> None:
    """Refuse a class name the institution does not have, listing the ones it has."""
    if await repo.get_class_group(session, institution.id, class_name) is not None:
        return
    groups = await repo.list_class_groups(session, institution.id)
    raise Fail(
        "invite_class_not_found",
        name=class_name,
        institution=institution.code,
        classes=", ".join(group.name for group in groups) or "-",
    )


@dataclass(frozen=True, slots=True)
class Links:
    """Where invitation links point: the Telegram bot, the school's WhatsApp number, or both."""

    bot: str | None
    whatsapp: str | None  # the sender number, +62…

    def columns(self) -> tuple[str, ...]:
        wanted = (("link_telegram", self.bot), ("link_whatsapp", self.whatsapp))
        return CSV_COLUMNS[:-1] + tuple(name for name, there in wanted if there)

    def urls(self, token: str) -> list[str]:
        """The personal links for one invitation token, in column order."""
        urls = [create_deep_linked_url(self.bot, token)] if self.bot else []
        if self.whatsapp:
            urls.append(whatsapp_link(self.whatsapp, token))
        return urls


def whatsapp_link(sender: str, token: str) -> str:
    """https://wa.me/<number>?text=MULAI%20<token>: opens a chat with the text ready to send."""
    return links.whatsapp_link(sender, WHATSAPP_KEYWORD, token)


def _write(
    console: Console,
    language: str,
    links: Links,
    lines: list[InvitationLine],
    out: Path,
    qr_dir: Path | None,
) -> None:
    """The CSV (UTF-8 with BOM, so Excel shows names right) and the QR codes, with progress."""
    try:
        private_dir(out.parent)
        if qr_dir is not None:
            private_dir(qr_dir)
        with (
            private_open(out, "w", newline="", encoding="utf-8-sig") as handle,
            progress_bar(console) as progress,
        ):
            task = progress.add_task(staff_text(language, "invite_progress"), total=len(lines))
            writer = csv.writer(handle)
            writer.writerow(links.columns())
            for line in lines:
                urls = links.urls(line.token)
                writer.writerow(
                    (line.nisn, line.name, line.class_name or "", line.phone or "", *urls)
                )
                if qr_dir is not None:
                    save_qr(urls[0], qr_dir / qr_file_name(line))
                progress.advance(task)
    except OSError as exc:
        # open() and mkdir() name the path that failed; a failed write is the CSV's.
        path = exc.filename or out
        raise Fail("invite_cannot_write", path=str(path), reason=exc.strerror or str(exc)) from None


# --- #17 link: class links and posters (grade XII) ---------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassLinkReport:
    """What `jejak invite class-link` made: the class's links (Telegram first, then WhatsApp)."""

    class_name: str
    institution: str
    telegram: str | None
    whatsapp: str | None


async def class_link_command(
    services: Services,
    console: Console,
    class_name: str,
    institution_code: str | None,
    renew: bool,
    *,
    telegram_only: bool = False,
) -> ClassLinkReport:
    """The class's link (made when missing; `renew`: a new one, the old is void), printed."""
    settings = services.settings
    language = settings.language
    whatsapp = None if telegram_only else settings.twilio_whatsapp_from
    telegram = settings.telegram_token or settings.telegram_bot_username
    # The bot's name first: if Telegram cannot be asked, nothing changes.
    username = await bot_username(settings) if telegram or not whatsapp else None
    async with services.sessions() as session, session.begin():
        institution = await _institution_for(session, institution_code, class_name)
        await _check_class(session, institution, class_name)
        group = await repo.get_class_group(session, institution.id, class_name)
        assert group is not None  # checked just above
        token = await class_links.class_link_token(session, group, utc_now(), renew=renew)
    report = ClassLinkReport(
        class_name,
        institution.name,
        telegram_class_link(username, token) if username else None,
        whatsapp_class_link(whatsapp, token) if whatsapp else None,
    )
    key = "class_link_renewed" if renew else "class_link_made"
    said = staff_text(language, key, name=class_name, institution=institution.name)
    console.print(escape(said))
    for url in (report.telegram, report.whatsapp):
        if url:
            console.print(escape(url), soft_wrap=True)
    console.print(escape(staff_text(language, "class_link_share")))
    return report


async def poster_command(
    services: Services,
    console: Console,
    class_name: str,
    institution_code: str | None,
    output: Path,
) -> Path:
    """An A4 class poster (PDF or PNG, by the suffix of `output`) with the class link's QR code."""
    from bot.documents.class_poster import FORMATS, Poster, write_poster

    language = services.settings.language
    kind = output.suffix.lower().removeprefix(".")
    if kind not in FORMATS:
        raise Fail("poster_bad_output", path=str(output))
    quiet = Console(file=io.StringIO())
    made = await class_link_command(
        services, quiet, class_name, institution_code, False, telegram_only=True
    )
    assert made.telegram is not None  # bot_username refuses to go on without a bot
    poster = Poster(made.institution, made.class_name, made.telegram, language)
    try:
        if output.parent != Path():
            output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("wb") as handle:
            await asyncio.to_thread(write_poster, poster, handle, kind)
    except OSError as exc:
        path = exc.filename or output
        raise Fail("invite_cannot_write", path=str(path), reason=exc.strerror or str(exc)) from None
    console.print(escape(staff_text(language, "poster_written", name=class_name, path=output)))
    console.print(escape(made.telegram), soft_wrap=True)
    return output


async def _institution_for(session: AsyncSession, code: str | None, class_name: str) -> Institution:
    """The institution named by --institution, else the only one with a class of that name (or
    the only one there is)."""
    if code is not None:
        return await institution_or_fail(session, code)
    institutions = await repo.list_institutions(session)
    if len(institutions) == 1:
        return institutions[0]
    if not institutions:
        raise Fail("institution_not_found", code="-")
    having = [i for i in institutions if await repo.get_class_group(session, i.id, class_name)]
    if len(having) == 1:
        return having[0]
    codes = ", ".join(i.code for i in (having or institutions))
    raise Fail("class_link_choose_institution", codes=codes)
