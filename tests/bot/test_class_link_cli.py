"""`jejak invite class-link` and `jejak invite poster` (#17): a class's link, and its A4 poster
whose QR code decodes back to that link."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

BOT = "JejakContohBot"
CLASS = "XII RPL 1"
SMK = "99999901"  # the sample SMK (NPSN)
TELEGRAM = re.compile(rf"https://t\.me/{BOT}\?start=k_([A-Za-z0-9_-]{{22}})")


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def class_token(db: Path, name: str = CLASS) -> str | None:
    return query(db, "SELECT link_token FROM class_groups WHERE name = ?", name)[0][0]


def links_in(output: str) -> list[str]:
    return TELEGRAM.findall(output)


def decoded(image: Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(image)]


def test_class_link_is_made_once_and_renewed_on_request(cli) -> None:
    invoke, db = cli
    assert class_token(db) is None
    first = invoke("invite", "class-link", "--class", CLASS)
    assert first.exit_code == 0, first.output
    token = class_token(db)
    assert token is not None and links_in(first.stdout) == [token]
    assert "wa.me" not in first.stdout  # no WhatsApp sender configured

    again = invoke("invite", "class-link", "--class", CLASS)
    assert links_in(again.stdout) == [token]  # stable: the poster on the wall keeps working

    renewed = invoke("invite", "class-link", "--class", CLASS, "--renew")
    assert renewed.exit_code == 0, renewed.output
    assert class_token(db) not in (None, token)
    assert links_in(renewed.stdout) == [class_token(db)]
    assert "tidak berlaku lagi" in renewed.stdout


def test_class_link_on_whatsapp_too(cli) -> None:
    invoke, db = cli
    result = invoke(
        "invite", "class-link", "--class", CLASS, JEJAK_TWILIO_WHATSAPP_FROM="+6281100000001"
    )
    assert result.exit_code == 0, result.output
    token = class_token(db)
    assert f"https://wa.me/6281100000001?text=KELAS%20{token}" in result.stdout
    assert links_in(result.stdout) == [token]


def test_unknown_class_names_the_classes_there_are(cli) -> None:
    invoke, db = cli
    result = invoke("invite", "class-link", "--class", "XII ZZZ 9", "--institution", SMK)
    assert result.exit_code == 1
    assert "XII ZZZ 9" in result.output and CLASS in result.output
    assert query(db, "SELECT count(*) FROM class_groups WHERE link_token IS NOT NULL") == [(0,)]
    # Without --institution, among several schools none of which has that class: name one.
    unnamed = invoke("invite", "class-link", "--class", "XII ZZZ 9")
    assert unnamed.exit_code == 1 and "--institution" in unnamed.output


def test_png_poster_qr_decodes_to_the_class_link(cli, tmp_path: Path) -> None:
    invoke, db = cli
    result = invoke("invite", "poster", "--class", CLASS, "--output", "poster.png")
    assert result.exit_code == 0, result.output
    link = f"https://t.me/{BOT}?start=k_{class_token(db)}"
    image = Image.open(tmp_path / "poster.png")
    width, height = image.size
    assert abs(height / width - 297 / 210) < 0.01  # A4, portrait
    assert decoded(image) == [link]
    assert link in result.stdout
    # The same link as `class-link` prints: one class, one link.
    assert links_in(invoke("invite", "class-link", "--class", CLASS).stdout) == [class_token(db)]


def test_pdf_poster(cli, tmp_path: Path) -> None:
    invoke, db = cli
    result = invoke("invite", "poster", "--class", CLASS, "--output", "out/poster.pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "poster.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    link = f"https://t.me/{BOT}?start=k_{class_token(db)}"
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: the PDF is not rasterised")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    assert decoded(Image.open(tmp_path / "page.png")) == [link]


def test_poster_refuses_an_unknown_format(cli, tmp_path: Path) -> None:
    invoke, db = cli
    result = invoke("invite", "poster", "--class", CLASS, "--output", "poster.jpg")
    assert result.exit_code == 1
    assert "--output" in result.output and ".pdf" in result.output
    assert not (tmp_path / "poster.jpg").exists()
    assert class_token(db) is None  # refused before anything was made


def test_poster_needs_the_bot(cli) -> None:
    invoke, _db = cli
    result = invoke(
        "invite", "poster", "--class", CLASS, "--output", "p.png", JEJAK_TELEGRAM_BOT_USERNAME=None
    )
    assert result.exit_code == 1
    assert "JEJAK_TELEGRAM_BOT_USERNAME" in result.output


def test_this_years_grade_twelve_from_dapodik_gets_a_class_link(cli) -> None:
    """The Dapodik download of the current XII classes ("Rombel Saat Ini"), imported with the
    year they will graduate: the class's link and its students who have not linked yet are that
    cohort, not the alumni of earlier years who sat in a class of the same name."""
    import asyncio

    from bot.cli.sample import SAMPLES_DIR
    from bot.services import create_services
    from config.settings import Settings
    from storage.access.class_links import unlinked_students

    invoke, db = cli
    dapodik = str(SAMPLES_DIR / "roster_dapodik.xlsx")
    result = invoke("roster", "import", dapodik, "--institution", SMK, "--graduation-year", "2027")
    assert result.exit_code == 0, result.output
    students = query(
        db,
        "SELECT a.name FROM alumni a JOIN class_groups g ON g.id = a.class_group_id "
        "WHERE a.graduation_year = 2027 AND g.name = 'XII AKL 1' ORDER BY a.name, a.id",
    )
    assert students  # "Rombel Saat Ini" = XII AKL 1, graduating 2027
    made = invoke("invite", "class-link", "--class", "XII AKL 1", "--institution", SMK)
    assert made.exit_code == 0, made.output
    assert links_in(made.stdout) == [class_token(db, "XII AKL 1")]

    async def linking():
        services = await create_services(Settings(database_url=f"sqlite+aiosqlite:///{db}"))
        try:
            async with services.sessions() as session:
                (group_id,) = query(db, "SELECT id FROM class_groups WHERE name = 'XII AKL 1'")[0]
                return await unlinked_students(session, group_id)
        finally:
            await services.aclose()

    found = asyncio.run(linking())
    assert found.cohort == 2027
    assert found.students == len(students)
    assert found.unlinked == [name for (name,) in students]
