"""Every status branch of every template, answered through the engine as typed text, up to the
review and submitted: the codes answered are exactly those of the branch."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from config.loader import load_questionnaire
from config.templates import TEMPLATE_DIR
from conversations.engine import resume, start
from conversations.events import AnswerConfirmationAsked, AnswerRejected, Completed, QuestionAsked
from conversations.inputs import TextReply
from conversations.questionnaire import Questionnaire, QuestionType
from conversations.state import ConversationState, Phase

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SKIP = "lewati"
TYPED = {
    QuestionType.TEXT: "Contoh jawaban",
    QuestionType.INTEGER: "3",
    QuestionType.MONEY: "4,5 juta",
    QuestionType.DATE: "01-09-2025",
    QuestionType.MONTH: "09-2025",
    QuestionType.PHONE: "0812-3456-7890",
    QuestionType.EMAIL: "alumni@example.com",
    QuestionType.RATING: "4",
}
Plan = dict[str, str | list[str]]


def _reply(event: QuestionAsked, plan: Plan) -> str:
    question = event.question
    if event.awaiting_other is not None:
        return str(plan.get(f"{question.code}:other", "Jawaban lain"))
    planned = plan.get(question.code)
    if planned == SKIP:
        return SKIP
    if question.type is QuestionType.PLACE:
        # Typed as an alumnus would: the province by name, the city without "Kota".
        return str(planned or ("Jawa Timur" if question.choices else "surabaya"))
    if question.type.has_choices:
        if planned is None:
            planned = [next(c.value for c in question.choices if not (c.other or c.exclusive))]
        wanted = [planned] if isinstance(planned, str) else planned
        values = [c.value for c in question.choices]
        # Typed digits are positions in the list shown, whatever the coded values are.
        return ", ".join(str(values.index(v) + 1) for v in wanted)
    return str(planned) if planned is not None else TYPED[question.type]


# What the roster holds for the alumnus walking through (issue #12): prefilled questions are
# offered from it and confirmed with a yes instead of typed.
ROSTER = {
    "name": "Eka Pratama",
    "nisn": "3074326411",
    "birth_date": "2007-04-21",
    "graduation_year": "2025",
    "programme": "Akuntansi dan Keuangan Lembaga",
    "class": "XII AKL 1",
    "phone": "+6281260000001",
}


def walk(q: Questionnaire, plan: Plan, known: dict[str, str] | None = ROSTER) -> ConversationState:
    """Consent, answer every question asked (confirm what the roster offers), submit."""
    step = start(q, NOW, known=known)
    step = resume(q, step.state, TextReply("ya"), NOW)
    for _ in range(len(q.questions) * 2 + 5):
        if step.state.phase is Phase.REVIEW:
            break
        offered = [e for e in step.events if isinstance(e, AnswerConfirmationAsked)]
        asked = [e for e in step.events if isinstance(e, QuestionAsked)]
        assert offered or asked, step.events
        if offered and offered[-1].code not in plan:
            step = resume(q, step.state, TextReply("ya"), NOW)
            continue
        # A planned answer is typed over the offer: anything but yes or no answers the question.
        reply = _reply(asked[-1], plan) if asked else str(plan[offered[-1].code])
        step = resume(q, step.state, TextReply(reply), NOW)
        rejected = [e for e in step.events if isinstance(e, AnswerRejected)]
        assert not rejected, (asked[-1].question.code, reply, rejected)
    assert step.state.phase is Phase.REVIEW, step.events
    step = resume(q, step.state, TextReply("kirim"), NOW)
    assert any(isinstance(e, Completed) for e in step.events)
    assert step.state.phase is Phase.COMPLETED
    return step.state


# --- smk -------------------------------------------------------------------------------------

SMK_IDENTITY = {"nama", "nisn", "jurusan", "tahun_lulus", "hp", "email"}
SMK_FEEDBACK = {"nilai_sekolah", "nilai_pkl", "kompetensi_kurang", "saran"}
SMK_WORK = {
    "mulai_kerja", "perusahaan", "pekerjaan", "bidang_usaha", "jenis_instansi", "lokasi_kerja",
    "gaji", "keselarasan", "cara_dapat_kerja",
}  # fmt: skip
SMK_BUSINESS = {
    "usaha_jenis", "usaha_mulai", "usaha_karyawan", "usaha_penghasilan", "usaha_keselarasan"
}  # fmt: skip
SMK_STUDY = {"studi_institusi", "studi_prodi", "studi_jenjang", "studi_biaya", "studi_linier"}
SMK_BASE: Plan = {"tahun_lulus": "2025", "nisn": "0051234567", "email": SKIP}

SMK_BRANCHES: dict[str, tuple[Plan, set[str]]] = {
    "working": (
        {"status": "1", "status_juga": ["0"], "mulai_kerja": "2", "lokasi_kerja": "1",
         "gaji": SKIP, "kompetensi_kurang": ["3", "9"], "kompetensi_kurang:other": "Excel"},
        {"status", "status_juga", *SMK_WORK, "masa_tunggu", "provinsi_kerja", "kota_kerja"},
    ),
    "working and studying": (
        {"status": "1", "status_juga": ["3"], "mulai_kerja": "1", "lokasi_kerja": "2"},
        {"status", "status_juga", *SMK_WORK, "negara_kerja", *SMK_STUDY},
    ),
    "entrepreneur": (
        {"status": "2", "status_juga": ["0"], "usaha_karyawan": "0"},
        {"status", "status_juga", *SMK_BUSINESS},
    ),
    "continuing with a business": (
        {"status": "3", "status_juga": ["2"], "studi_jenjang": "4"},
        {"status", "status_juga", *SMK_STUDY, *SMK_BUSINESS},
    ),
    "looking for work": (
        {"status": "4", "cari_bulan": "5", "cari_lamaran": "12", "cari_bantuan_bkk": "1"},
        {"status", "cari_bulan", "cari_lamaran", "cari_bantuan_bkk"},
    ),
    "not yet able to work": (
        {"status": "5", "belum_alasan": "5", "belum_alasan:other": "Merawat orang tua"},
        {"status", "belum_alasan"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("branch", list(SMK_BRANCHES))
def test_smk_branch(branch: str) -> None:
    plan, codes = SMK_BRANCHES[branch]
    state = walk(load_questionnaire(TEMPLATE_DIR / "smk.yaml"), {**SMK_BASE, **plan})
    assert set(state.answers) == SMK_IDENTITY | SMK_FEEDBACK | codes
    assert state.answers["email"].skipped
    if branch == "working":
        # The place questions keep the official codes, and the text as typed beside them.
        assert state.answers["provinsi_kerja"].value == "35"
        assert (state.answers["kota_kerja"].value, state.answers["kota_kerja"].raw) == (
            "3578",
            "surabaya",
        )
        assert state.answers["gaji"].skipped
        assert state.answers["masa_tunggu"].value == 3
        assert state.answers["kompetensi_kurang"].value == ["3", "9"]
        assert state.answers["kompetensi_kurang"].other_text == "Excel"
    if branch == "not yet able to work":
        assert state.answers["belum_alasan"].value == "5"
        assert state.answers["belum_alasan"].other_text == "Merawat orang tua"


# Issue #12: the identity the roster holds is confirmed, not typed; its values are stored.
@pytest.mark.parametrize(
    ("name", "prefilled"),
    [
        ("smk", {"nama": "name", "jurusan": "programme", "hp": "phone", "nisn": "nisn"}),
        ("blk", {"nama": "name", "program": "programme", "hp": "phone"}),
        ("dikti", {"telpomsmh": "phone"}),
    ],
)
def test_roster_values_are_confirmed_and_stored(name: str, prefilled: dict[str, str]) -> None:
    q = load_questionnaire(TEMPLATE_DIR / f"{name}.yaml")
    state = walk(q, {"email": SKIP})
    for code, field in prefilled.items():
        assert (state.answers[code].value, state.answers[code].raw) == (ROSTER[field],) * 2
    if name == "smk":
        assert state.answers["tahun_lulus"].value == 2025


def test_a_pilot_without_a_roster_types_every_answer() -> None:
    q = load_questionnaire(TEMPLATE_DIR / "smk.yaml")
    state = walk(q, {**SMK_BASE, "status": "4"}, known=None)
    assert state.answers["nama"].value == "Contoh jawaban"


# --- blk -------------------------------------------------------------------------------------

BLK_COMMON = {
    "nama", "hp", "kejuruan", "program", "angkatan", "sertifikat", "status_sebelum", "status",
    "nilai_kurikulum", "nilai_instruktur", "nilai_fasilitas", "nilai_durasi", "saran",
}  # fmt: skip
BLK_BRANCHES: dict[str, tuple[Plan, set[str]]] = {
    "working": (
        {"status": "1", "penghasilan": "3.200.000", "masa_tunggu": "1,5 tahun"},
        {"perusahaan", "lokasi", "cara_dapat_kerja", "masa_tunggu", "penghasilan", "kesesuaian"},
    ),
    "self-employed": (
        {"status": "2", "penghasilan": SKIP},
        {"usaha_jenis", "usaha_karyawan", "masa_tunggu", "penghasilan", "kesesuaian"},
    ),
    "not working yet": (
        {"status": "3", "kejuruan": "12", "kejuruan:other": "Perikanan"},
        {"belum_alasan", "belum_bantuan"},
    ),
}


@pytest.mark.parametrize("branch", list(BLK_BRANCHES))
def test_blk_branch(branch: str) -> None:
    plan, codes = BLK_BRANCHES[branch]
    state = walk(load_questionnaire(TEMPLATE_DIR / "blk.yaml"), {"saran": SKIP, **plan})
    assert set(state.answers) == BLK_COMMON | codes
    if branch == "working":
        assert state.answers["penghasilan"].value == 3_200_000
        assert state.answers["masa_tunggu"].value == 18  # "1,5 tahun", not 1 (issue #12)


# --- dikti -----------------------------------------------------------------------------------

DIKTI_EVERYONE = {
    "telpomsmh", "emailmsmh", "f8", "f1201", *[f"f{n}" for n in range(1761, 1775)],
    *[f"f{n}" for n in range(21, 28)], "f301", "f1001", "f16",
}  # fmt: skip
SEARCH = {"f4", "f6", "f7", "f7a"}
DIKTI_BRANCHES: dict[str, tuple[Plan, set[str]]] = {
    "1 working": (
        {"f8": "1", "f502": "0", "f505": "6500000", "f5a1": "kalsel", "f5a2": "banjarmasin",
         "f1101": "5", "f1102": "Koperasi",
         "f301": "1", "f302": "2", "f4": ["404", "411"], "f16": ["1602", "1613"],
         "f1614": "Dekat keluarga"},
        {"f502", "f505", "f5a1", "f5a2", "f1101", "f1102", "f5b", "f5d", "f14", "f15",
         "f302", *SEARCH, "f1614"},
    ),
    "2 not yet able to work": (
        {"f8": "2", "f301": "3", "f1201": "7", "f1202": "Orang tua asuh", "f16": SKIP},
        {"f1202"},
    ),
    "3 self-employed": (
        {"f8": "3", "f5c": "1", "f5d": "2", "f301": "3", "f16": ["1601"]},
        {"f5c", "f5d"},
    ),
    "4 continuing studies": (
        {"f8": "4", "f18a": "2", "f18d": "1 September 2025", "f301": "2", "f303": "4",
         "f16": SKIP},
        {"f18a", "f18b", "f18c", "f18d", "f303", *SEARCH},
    ),
    "5 looking for work": (
        {"f8": "5", "f301": "2", "f303": "1", "f4": ["403", "415"], "f416": "Lewat dosen",
         "f6": "20", "f7": "5", "f7a": "2", "f1001": "5", "f1002": "Ikut pelatihan",
         "f16": SKIP},
        {"f303", *SEARCH, "f416", "f1002"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("branch", list(DIKTI_BRANCHES))
def test_dikti_branch(branch: str) -> None:
    plan, codes = DIKTI_BRANCHES[branch]
    state = walk(load_questionnaire(TEMPLATE_DIR / "dikti.yaml"), plan)
    assert set(state.answers) == DIKTI_EVERYONE | codes
    assert state.answers["f8"].value == plan["f8"]
    if branch == "1 working":
        assert state.answers["f502"].value == 0
        assert (state.answers["f5a1"].value, state.answers["f5a2"].value) == ("63", "6371")
        assert state.answers["f4"].value == ["404", "411"]
        assert state.answers["f1101"].value == "5"
    if branch == "3 self-employed":
        assert state.answers["f16"].value == ["1601"]
    if branch == "4 continuing studies":
        assert state.answers["f18d"].value == "2025-09-01"
