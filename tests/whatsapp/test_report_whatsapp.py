"""/laporan on WhatsApp: the text (WhatsApp gets no chart), and with XLSX the workbook fetched by
(fake) Twilio from an expiring URL of Jejak's, as /ekspor's file is (test_export_media.py)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fakes.jejak_run import start_bot, stop_bot, whatsapp_settings
from fakes.twilio_api import FakeTwilio
from openpyxl import load_workbook
from rich.console import Console

from bot.cli import sample
from bot.services import create_services
from storage import migrate
from storage.deliveries.media import XLSX_TYPE
from storage.models import StaffRole
from storage.roster import repository as repo
from storage.staff import members as staff_repo

STAFF_PHONE = "+6281399990043"


@pytest.fixture(autouse=True)
def _local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("TWILIO_REGION", raising=False)
    monkeypatch.delenv("TWILIO_EDGE", raising=False)


@pytest.fixture
async def fake(tmp_path: Path) -> AsyncIterator[FakeTwilio]:
    """The sample data, a BKK member linked by WhatsApp number, `jejak run` with WhatsApp only."""
    twilio = FakeTwilio()
    await twilio.start()
    settings = whatsapp_settings(twilio, tmp_path / "jejak.db")
    await asyncio.to_thread(migrate.upgrade, settings.database)
    services = await create_services(settings)
    try:
        await sample.load(services, Console(file=io.StringIO()))
        async with services.sessions() as session, session.begin():
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            now = datetime.now(UTC)
            member = await staff_repo.add_staff(
                session, "Bu Sari", StaffRole.BKK, [(school.id, None)], now
            )
            await staff_repo.link_person(session, member, "whatsapp", STAFF_PHONE, now)
    finally:
        await services.aclose()
    stop, task = await start_bot(settings, scheduler=False)
    try:
        yield twilio
    finally:
        await stop_bot(stop, task)
        await twilio.stop()


async def typed(twilio: FakeTwilio, text: str, replies: int) -> list[Any]:
    before = len(twilio.messages(STAFF_PHONE))
    assert (await twilio.user_text(STAFF_PHONE, text)).ok
    sent = await twilio.wait_messages(STAFF_PHONE, before + replies, timeout=60)
    await twilio.callbacks_settled(timeout=15)
    await asyncio.sleep(0.1)
    assert len(twilio.messages(STAFF_PHONE)) == before + replies
    return sent[before:]


async def test_laporan_on_whatsapp_is_text_and_its_workbook_a_fetched_file(
    fake: FakeTwilio,
) -> None:
    text, chart = await typed(fake, "LAPORAN", replies=2)
    assert "0/40" in text.text and "belum ada data" in text.text and text.media_urls == []
    assert "<b>" not in text.text  # WhatsApp has no HTML
    [image] = chart.media  # the chart, fetched by Twilio from Jejak's short-lived URL
    assert (image.status, image.content_type) == (200, "image/png")
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")
    caption, document = await typed(fake, "laporan xlsx", replies=2)
    assert "Laporan indikator" in caption.text and caption.media_urls == []
    [fetched] = document.media
    assert (fetched.status, fetched.content_type) == (200, XLSX_TYPE)
    book = load_workbook(io.BytesIO(fetched.content))
    assert {"Ringkasan", "Per kelas", "Grafik"} <= set(book.sheetnames)
