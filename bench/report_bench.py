"""Report speed and memory: `jejak report --format json` on 100,000 alumni, 50,000 complete.

Run: .venv/bin/python bench/report_bench.py [--alumni 100000] [--completed 50000] [--keep DIR]
Builds a temporary SQLite database through the migrations: one SMK, 18 classes in 6 programmes,
a survey on the shipped smk template, 100,000 alumni, 50,000 complete responses whose answers are
the engine's own (five walks, one per main status, with the indicator answers varied per
alumnus) and 10,000 started ones. Then, in a fresh child process each time (so the build's memory
is not counted), runs `jejak report --survey 1 --format json` in-process through the CLI, end
to end: settings, schema check, the streamed figures, the JSON on stdout. It prints the wall time
and the peak resident memory (ru_maxrss: interpreter and imports included), a second run under
tracemalloc for Python's own peak, and the figures. Goal: under 10 s and under 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import redirect_stdout
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the typed-reply walker the tests use
sys.path.insert(0, str(REPO))  # before tests/: its storage/ folder is the tests'

from sqlalchemy import insert  # noqa: E402  (tests/ is on sys.path first)
from walkers import replies_to_finish  # noqa: E402

from config.loader import read_questionnaire  # noqa: E402
from config.templates import find_questionnaire  # noqa: E402
from conversations.engine import resume, start  # noqa: E402
from conversations.inputs import TextReply  # noqa: E402
from conversations.questionnaire import Questionnaire  # noqa: E402
from storage import migrate  # noqa: E402
from storage.database import create_engine, session_factory  # noqa: E402
from storage.models import Alumnus, AnswerRow, Response, ResponseStatus  # noqa: E402
from storage.roster import repository as repo  # noqa: E402

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
BATCH = 5000
PROGRAMMES = ("AKL", "TKJ", "RPL", "OTKP", "BDP", "TBSM")
CLASSES = [f"XII {p} {n}" for p in PROGRAMMES for n in (1, 2, 3)]
# One walk per main status; the values the walker would type otherwise are fine.
PROFILES = {
    "working": {"status": "1", "status_juga": "4", "mulai_kerja": "2", "lokasi_kerja": "1",
                "provinsi_kerja": "Jawa Barat", "kota_kerja": "Kabupaten Bekasi"},
    "entrepreneur": {"status": "2", "status_juga": "4"},
    "studying": {"status": "3", "status_juga": "1", "mulai_kerja": "1"},
    "looking": {"status": "4"},
    "not_yet": {"status": "5"},
}  # fmt: skip
WEIGHTS = (45, 10, 20, 18, 7)  # per 100 completed, in PROFILES order
PROVINCES = ("Jawa Barat", "DKI Jakarta", "Banten", "Jawa Tengah", "Jabar", "Riau", "Bali")


def walk(q: Questionnaire, by_code: dict[str, str]) -> dict[str, Any]:
    """The stored answer values of one respondent who answers as `by_code` says."""
    replies = replies_to_finish(q, {"nisn": "0051234567", **by_code})
    step = start(q, NOW)
    for reply in replies:
        step = resume(q, step.state, TextReply(reply), NOW)
    return {code: answer.value for code, answer in step.state.answers.items()}


def varied(profile: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A profile's answers with the figures' answers varied as a cohort's would be."""
    answers = dict(profile)
    if "masa_tunggu" in answers:
        answers["masa_tunggu"] = rng.choice((0, 1, 1, 2, 3, 3, 4, 6, 8, 12, 18))
    for code in ("gaji", "usaha_penghasilan"):
        if code in answers:
            answers[code] = None if rng.random() < 0.15 else rng.randrange(1_500, 8_000) * 1000
    for code in ("keselarasan", "usaha_keselarasan"):
        if code in answers:
            answers[code] = rng.randint(1, 5)
    if "cara_dapat_kerja" in answers:
        answers["cara_dapat_kerja"] = rng.choice("1234566")
    if "provinsi_kerja" in answers:
        answers["provinsi_kerja"] = rng.choice(PROVINCES)
    return answers


async def build(url: str, alumni: int, completed: int, started: int) -> int:
    """The database; returns the survey's id."""
    await asyncio.to_thread(migrate.upgrade, url)
    engine = create_engine(url)
    sessions = session_factory(engine)
    questionnaire, source = read_questionnaire(find_questionnaire("smk"))
    profiles = [walk(questionnaire, by_code) for by_code in PROFILES.values()]
    rng = random.Random(7)
    try:
        async with sessions() as session, session.begin():
            school = await repo.upsert_institution(
                session, code="BENCH001", name="SMK Bench", kind="smk",
                timezone="Asia/Jakarta", province="32", now=NOW,
            )  # fmt: skip
            groups = [
                (await repo.ensure_class_group(session, school.id, name, now=NOW)).id
                for name in CLASSES
            ]
            version = await repo.ensure_version(
                session, questionnaire.id, questionnaire.version, source
            )
            survey = await repo.create_survey(
                session, institution_id=school.id, questionnaire_version=version,
                name="Tracer 2025", graduation_year=2025, opens_at=NOW, now=NOW,
            )  # fmt: skip
            survey_id, version_id, school_id = survey.id, version.id, school.id
        for first in range(0, alumni, BATCH):
            async with sessions() as session, session.begin():
                await session.execute(insert(Alumnus.__table__), [
                    {"institution_id": school_id, "nisn": f"{i:010d}", "name": f"Alumni {i}",
                     "birth_date": date(2007, 1, 2), "graduation_year": 2025, "language": "id",
                     "programme": PROGRAMMES[(i % len(CLASSES)) // 3],
                     "class_group_id": groups[i % len(CLASSES)],
                     "created_at": NOW, "updated_at": NOW}
                    for i in range(first, min(alumni, first + BATCH))
                ])  # fmt: skip
        # Responses: every second alumnus completed (up to `completed`), then `started` more.
        answered = list(range(1, alumni + 1, 2))[:completed]
        partial = [i for i in range(2, alumni + 1, 2)][:started]
        statuses = [(a, ResponseStatus.COMPLETED.value) for a in answered]
        statuses += [(a, ResponseStatus.STARTED.value) for a in partial]
        response_id = 0
        for first in range(0, len(statuses), BATCH):
            chunk = statuses[first : first + BATCH]
            responses, answers = [], []
            for alumnus_id, status in chunk:
                response_id += 1
                responses.append(
                    {"id": response_id, "survey_id": survey_id, "alumnus_id": alumnus_id,
                     "questionnaire_version_id": version_id, "status": status, "language": "id",
                     "invited_at": NOW, "started_at": NOW, "updated_at": NOW,
                     "completed_at": NOW if status == "completed" else None}
                )  # fmt: skip
                profile = rng.choices(profiles, WEIGHTS)[0]
                given = varied(profile, rng)
                if status != "completed":  # half-way: the first third of the answers
                    given = dict(list(given.items())[: len(given) // 3])
                answers += [
                    {"response_id": response_id, "question_code": code, "value": value,
                     "raw_text": "", "answered_at": NOW}
                    for code, value in given.items()
                ]  # fmt: skip
            async with sessions() as session, session.begin():
                await session.execute(insert(Response.__table__), responses)
                await session.execute(insert(AnswerRow.__table__), answers)
        return survey_id
    finally:
        await engine.dispose()


def measure(url: str, survey: int, traced: bool) -> None:
    """In a fresh process: the CLI in-process, timed; prints one JSON line of results."""
    os.environ.update(
        {"JEJAK_DATABASE_URL": url, "JEJAK_LANGUAGE": "id", "JEJAK_LOG_LEVEL": "WARNING"}
    )
    from bot.cli.app import app

    if traced:
        tracemalloc.start()
    out = io.StringIO()
    began = time.perf_counter()
    with redirect_stdout(out):
        try:
            app(["report", "--survey", str(survey), "--format", "json"], standalone_mode=False)
        except SystemExit as exc:  # typer's exit
            if exc.code:
                raise
    elapsed = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    figures = json.loads(out.getvalue())
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    traced_mb = peak / 2**20 if peak else None
    result = {"seconds": elapsed, "maxrss_mb": maxrss_kb / 1024, "traced_peak_mb": traced_mb}
    print(json.dumps({**result, "figures": figures}))


def child(url: str, survey: int, traced: bool) -> dict[str, Any]:
    args = [sys.executable, __file__, "--measure", url, "--survey", str(survey)]
    began = time.perf_counter()
    done = subprocess.run([*args, *(["--traced"] if traced else [])], capture_output=True,
                          text=True, check=False)  # fmt: skip
    if done.returncode:
        raise SystemExit(f"the report failed:\n{done.stderr}")
    # With the interpreter's start and every import: what an operator waits for.
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "process_seconds":
            time.perf_counter() - began}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alumni", type=int, default=100_000)
    parser.add_argument("--completed", type=int, default=50_000)
    parser.add_argument("--started", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, default=None, help="build the database here")
    parser.add_argument("--measure", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--survey", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.survey, args.traced)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        url = f"sqlite+aiosqlite:///{folder / 'report_bench.db'}"
        began = time.perf_counter()
        survey = asyncio.run(build(url, args.alumni, args.completed, args.started))
        print(f"built {args.alumni:,} alumni, {args.completed:,} completed, {args.started:,} "
              f"started in {time.perf_counter() - began:.1f} s (SQLite file)")  # fmt: skip
        runs = [child(url, survey, traced=False) for _ in range(3)]
        traced = child(url, survey, traced=True)
        for n, run in enumerate(runs, start=1):
            print(f"  run {n}: {run['seconds']:5.2f} s in the command "
                  f"({run['process_seconds']:5.2f} s with Python's start and imports), "
                  f"peak RSS {run['maxrss_mb']:5.0f} MB")  # fmt: skip
        print(f"  under tracemalloc: {traced['seconds']:5.2f} s, Python peak "
              f"{traced['traced_peak_mb']:5.1f} MB")  # fmt: skip
        figures = runs[0]["figures"]
        keys = ("alumni", "completed", "response_rate", "bmw_rate", "outcome",
                "waiting_time_months", "income", "alignment", "job_source",
                "minimum_wage")  # fmt: skip
        for key in keys:
            value = figures[key]
            if key == "minimum_wage":
                value = {k: value[k] for k in ("year", "level", "rows_used", "places_without_wage")}
            print(f"  {key}: {json.dumps(value, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
