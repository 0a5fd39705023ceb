"""Each template's `indicators` give sensible figures from answers typed through the engine."""

from __future__ import annotations

from datetime import UTC, datetime

from walkers import typed_answer

from config.loader import load_questionnaire
from config.templates import TEMPLATE_DIR
from conversations.engine import resume, start
from conversations.events import AnswerConfirmationAsked, AnswerRejected, QuestionAsked
from conversations.indicators.figures import Respondent, compute_figures
from conversations.inputs import TextReply
from conversations.questionnaire import Questionnaire
from conversations.state import Phase

NOW = datetime(2026, 11, 23, tzinfo=UTC)


# Replies the walkers' typical ones would not pass (a NISN has 10 digits, a year 4).
BASE = {"nisn": "0051234567", "tahun_lulus": "2025"}


def stored(q: Questionnaire, typed: dict[str, str]) -> Respondent:
    """An alumnus who typed these replies (the rest as walkers.typed_answer), as stored."""
    step = resume(q, start(q, NOW).state, TextReply("ya"), NOW)
    for _ in range(200):  # a refused reply would be asked again forever
        if step.state.phase is Phase.REVIEW:
            break
        refused = [e.key for e in step.events if isinstance(e, AnswerRejected)]
        assert not refused, (step.state.current, refused)
        if any(isinstance(e, AnswerConfirmationAsked) for e in step.events):
            reply = "ya"
        else:
            asked = [e for e in step.events if isinstance(e, QuestionAsked)][-1]
            reply = "Lainnya" if asked.awaiting_other else typed_answer(asked.question, typed)
        step = resume(q, step.state, TextReply(reply), NOW)
    state = resume(q, step.state, TextReply("kirim"), NOW).state
    assert state.phase is Phase.COMPLETED
    answers = {code: answer.value for code, answer in state.answers.items()}
    return Respondent({"class": "K1", "programme": "P1"}, True, answers)


def test_smk() -> None:
    q = load_questionnaire(TEMPLATE_DIR / "smk.yaml")
    asked: list[tuple[object, object]] = []

    def wage_for(province: object, city: object) -> int | None:
        asked.append((province, city))
        return 2_200_000 if province in ("32", None) else None  # None: the school's

    place = {"lokasi_kerja": "1", "provinsi_kerja": "Jawa Barat", "kota_kerja": "Kota Bandung"}
    alumni = [
        # employee, job before graduating, found at the PKL place
        {"status": "1", "status_juga": "Tidak ada", "mulai_kerja": "1", **place, "gaji": "5,5 juta",
         "keselarasan": "5", "cara_dapat_kerja": "2"},
        # employee after two years; pay skipped
        {"status": "1", "status_juga": "Tidak ada", "mulai_kerja": "2", "masa_tunggu": "2 tahun",
         **place, "gaji": "lewati", "keselarasan": "2", "cara_dapat_kerja": "1"},
        # runs a business and also works abroad: the job's pay and fit count, not compared
        {"status": "2", "status_juga": "1", "mulai_kerja": "2", "masa_tunggu": "3",
         "lokasi_kerja": "2", "negara_kerja": "Malaysia", "gaji": "8 juta", "keselarasan": "4",
         "cara_dapat_kerja": "4", "usaha_penghasilan": "2 juta", "usaha_keselarasan": "1"},
        # a business only: no waiting time; its place is not asked (the school's province)
        {"status": "2", "status_juga": "Tidak ada", "usaha_penghasilan": "3 juta",
         "usaha_keselarasan": "3"},
        {"status": "4"},
    ]  # fmt: skip
    figures = compute_figures(q, [stored(q, BASE | a) for a in alumni], wage_for=wage_for)
    assert figures["outcome"] == {"working": 2, "entrepreneur": 2, "studying": 0, "looking": 1,
                                  "not_yet": 0, "unknown": 0}  # fmt: skip
    assert figures["bmw_rate"] == 0.8
    # 0 (before graduating), 24 ("2 tahun"), 3: mean 27/3, median 3
    assert figures["waiting_time_months"] == {
        "n": 3, "mean": 9.0, "median": 3.0, "within_3": 0.6667, "within_6": 0.6667
    }  # fmt: skip
    # 5,500,000 (Jawa Barat), 8,000,000 (abroad), 3,000,000 (the school's province)
    assert figures["income"] == {
        "n": 3, "mean": 5_500_000, "median": 5_500_000, "at_least_minimum_wage": 1.0,
        "not_comparable": 1,
    }  # fmt: skip
    # The place questions store the Kemendagri codes of what was typed: 32 Jawa Barat, 3273.
    assert sorted(asked, key=str) == [("32", "3273"), (None, None)]
    # 5, 2, 4 (the job's, not the business's 1), 3: 4 or 5 is aligned
    assert figures["alignment"] == {"n": 4, "mean": 3.5, "aligned_share": 0.5}
    assert figures["job_source"] == {"1": 1, "2": 1, "3": 0, "4": 1, "5": 0, "6": 0, "7": 0}
    assert figures["pkl_share"] == 0.3333
    assert figures["unreadable"] == 0


def test_blk() -> None:
    q = load_questionnaire(TEMPLATE_DIR / "blk.yaml")
    asked: list[tuple[object, object]] = []

    def wage_for(province: object, city: object) -> int | None:
        asked.append((province, city))
        return 4_500_000 if isinstance(city, str) and "Batam" in city else 2_000_000

    alumni = [
        {"status": "1", "lokasi": "Kota Batam, Kepulauan Riau", "cara_dapat_kerja": "1",
         "masa_tunggu": "2", "penghasilan": "4 juta", "kesesuaian": "5"},
        # self-employed: asked masa_tunggu too, but a business's start is not a waiting time
        {"status": "2", "masa_tunggu": "1", "penghasilan": "2,5 juta", "kesesuaian": "4"},
        {"status": "3"},
    ]  # fmt: skip
    figures = compute_figures(q, [stored(q, BASE | a) for a in alumni], wage_for=wage_for)
    assert figures["outcome"] == {"working": 1, "entrepreneur": 1, "studying": 0, "looking": 1,
                                  "not_yet": 0, "unknown": 0}  # fmt: skip
    assert figures["waiting_time_months"] == {
        "n": 1, "mean": 2.0, "median": 2.0, "within_3": 1.0, "within_6": 1.0
    }  # fmt: skip
    # 4,000,000 < Batam's 4,500,000; 2,500,000 >= the centre's province's 2,000,000
    assert figures["income"] == {
        "n": 2, "mean": 3_250_000, "median": 3_250_000, "at_least_minimum_wage": 0.5,
        "not_comparable": 0,
    }  # fmt: skip
    assert asked == [(None, "Kota Batam, Kepulauan Riau"), (None, None)]
    assert figures["alignment"] == {"n": 2, "mean": 4.5, "aligned_share": 1.0}
    assert figures["job_source"] == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0}
    assert figures["pkl_share"] is None  # a training centre has no PKL


def test_dikti() -> None:
    q = load_questionnaire(TEMPLATE_DIR / "dikti.yaml")
    wages = {"35": 2_300_000, "31": 5_400_000}  # Jawa Timur, DKI Jakarta, by code

    def wage_for(province: object, city: object) -> int | None:
        return wages.get(province) if isinstance(province, str) else None

    alumni = [
        {"f8": "1", "f502": "0", "f505": "7 juta", "f5a1": "Jawa Timur",
         "f5a2": "Kota Surabaya", "f14": "1"},
        {"f8": "1", "f502": "6", "f505": "4,5 juta", "f5a1": "DKI Jakarta",
         "f5a2": "Jakarta Selatan", "f14": "4"},
        {"f8": "3"},
        {"f8": "4"},
    ]  # fmt: skip
    figures = compute_figures(q, [stored(q, BASE | a) for a in alumni], wage_for=wage_for)
    assert figures["outcome"] == {"working": 2, "entrepreneur": 1, "studying": 1, "looking": 0,
                                  "not_yet": 0, "unknown": 0}  # fmt: skip
    assert figures["bmw_rate"] == 1.0
    assert figures["waiting_time_months"] == {
        "n": 2, "mean": 3.0, "median": 3.0, "within_3": 0.5, "within_6": 1.0
    }  # fmt: skip
    assert figures["income"] == {
        "n": 2, "mean": 5_750_000, "median": 5_750_000, "at_least_minimum_wage": 0.5,
        "not_comparable": 0,
    }  # fmt: skip
    # f14 "1" (very close) is aligned, "4" (hardly) is not: the best end is low
    assert figures["alignment"] == {"n": 2, "mean": 2.5, "aligned_share": 0.5}
    assert (figures["job_source"], figures["pkl_share"]) == (None, None)
    # Four complete responses in one class: counts only there.
    assert figures["groups"]["class"][0]["suppressed"] is True
