"""The fictional sample institutions, rosters and surveys that `jejak demo` runs on."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

import config
from bot.errors import Fail
from bot.services import Services
from config.clock import utc_now
from config.loader import read_questionnaire
from config.staff_messages import staff_text
from config.templates import find_questionnaire
from storage.roster import repository as repo
from storage.roster.importing import import_roster
from storage.surveys.registry import create_survey, ensure_version, list_surveys

SAMPLES_DIR = Path(config.__file__).resolve().parent / "samples"  # shipped in the package
SMK_CODE = "99999901"
DEMO_NISN = "3074326411"  # the first alumnus of roster_smk.csv
UNIVERSITY_CODE = "999901"  # a kode PT
DEMO_NIM = "A11.2018.00137"  # the first graduate of roster_univ.csv
BLK_CODE = "BLK9901"
DEMO_PARTICIPANT = "2502.LAS.001"  # the first trainee of roster_blk.csv


@dataclass(frozen=True, slots=True)
class SampleInstitution:
    code: str
    name: str
    kind: str
    timezone: str
    roster: str
    questionnaire: str
    cohort: int
    province: str  # two-digit code (config/data/provinces.csv): fictional, matching the zone


SAMPLES = (
    SampleInstitution(SMK_CODE, "SMK Negeri 99 Contoh", "smk", "Asia/Makassar",
                      "roster_smk.csv", "smk", 2025, "73"),  # Sulawesi Selatan
    SampleInstitution(BLK_CODE, "BLK Contoh Ambon", "blk", "Asia/Jayapura",
                      "roster_blk.csv", "blk", 2025, "81"),  # Maluku
    SampleInstitution(UNIVERSITY_CODE, "Universitas Contoh Nusantara", "university",
                      "Asia/Jakarta", "roster_univ.csv", "dikti", 2024, "32"),  # Jawa Barat
)  # fmt: skip
OPENED = datetime(2026, 1, 5, tzinfo=UTC)


async def load(services: Services, console: Console, codes: Collection[str] | None = None) -> None:
    """Create or refresh the samples (those with these codes; None: all of them); repeating it
    changes nothing that is already there."""
    language = services.settings.language
    now = utc_now()
    table = Table(
        *(
            staff_text(language, k)
            for k in ("col_code", "col_name", "col_questionnaire", "col_alumni")
        )
    )
    for sample in SAMPLES:
        if codes is not None and sample.code not in codes:
            continue
        async with services.sessions() as session, session.begin():
            await repo.upsert_institution(
                session, code=sample.code, name=sample.name, kind=sample.kind,
                timezone=sample.timezone, province=sample.province, now=now,
            )  # fmt: skip
        report = await import_roster(
            services.sessions, sample.code, SAMPLES_DIR / sample.roster, now=now, language=language
        )
        if not report.imported:  # the shipped files are tested: this means a broken install
            raise Fail("sample_broken", file=sample.roster)
        await _ensure_survey(services, sample)
        table.add_row(sample.code, escape(sample.name), sample.questionnaire,
                      str(report.created + report.updated + report.unchanged))  # fmt: skip
    console.print(escape(staff_text(language, "sample_loaded")))
    console.print(table)


async def _ensure_survey(services: Services, sample: SampleInstitution) -> None:
    async with services.sessions() as session, session.begin():
        institution = await repo.get_institution(session, sample.code)
        assert institution is not None  # upserted just before
        surveys = await list_surveys(session, institution.id)
        if any(s.questionnaire_id == sample.questionnaire for s in surveys):
            return
        parsed, source = read_questionnaire(find_questionnaire(sample.questionnaire))
        version = await ensure_version(session, parsed.id, parsed.version, source)
        await create_survey(
            session,
            institution_id=institution.id,
            questionnaire_version=version,
            name=f"{parsed.text(parsed.title, services.settings.language)} {sample.cohort}",
            graduation_year=sample.cohort,
            opens_at=OPENED,
        )
