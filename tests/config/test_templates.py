"""The built-in templates: they load, they are complete in both languages, dikti matches the
national codes (domain.md), and names resolve to files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from config.loader import QuestionnaireError, check_file, load_questionnaire
from config.templates import TEMPLATE_DIR, find_questionnaire, source_hash, template_names
from conversations.conditions import applicable_questions
from conversations.questionnaire import Question, Questionnaire, QuestionType, referenced_questions
from conversations.state import Answer

# The answer columns of the national upload file, as listed in domain.md (after the 9 identity
# columns; 86 columns in all).
UPLOAD_CODES = [
    "f8", "f502", "f505", "f5a1", "f5a2", "f1101", "f1102", "f5b", "f5c", "f5d",
    "f18a", "f18b", "f18c", "f18d", "f1201", "f1202", "f14", "f15",
    *[f"f{n}" for n in range(1761, 1775)],
    *[f"f{n}" for n in range(21, 28)],
    "f301", "f302", "f303",
    *[f"f{n}" for n in range(401, 417)],
    "f6", "f7", "f7a", "f1001", "f1002",
    *[f"f{n}" for n in range(1601, 1615)],
]  # fmt: skip
# Multiple-choice items exported as one 0/1 column per choice, named "f" + the choice value.
EXPANDED = {"f4", "f16"}


def template(name: str) -> Questionnaire:
    return load_questionnaire(TEMPLATE_DIR / f"{name}.yaml")


def texts_of(question: Question) -> list[tuple[str, dict[str, str] | None]]:
    where = f"question {question.code}"
    found: list[tuple[str, dict[str, str] | None]] = [
        (f"{where} label", dict(question.label)),
        (f"{where} help", dict(question.help) if question.help else None),
        (f"{where} validation message", dict(question.validation.message or {}) or None),
    ]
    found += [(f"{where} choice {c.value}", dict(c.label)) for c in question.choices]
    if question.scale:
        found += [
            (f"{where} scale min_label", dict(question.scale.min_label or {}) or None),
            (f"{where} scale max_label", dict(question.scale.max_label or {}) or None),
        ]
    return found


def answers(**values: str | list[str]) -> dict[str, Answer]:
    return {code: Answer(value) for code, value in values.items()}


def shown(q: Questionnaire, **values: str | list[str]) -> set[str]:
    return {x.code for x in applicable_questions(q, answers(**values))}


# --- every template ----------------------------------------------------------------------------


def test_template_names() -> None:
    assert template_names() == ["blk", "dikti", "smk"]


@pytest.mark.parametrize("name", template_names())
def test_template_loads_without_problems(name: str) -> None:
    assert check_file(TEMPLATE_DIR / f"{name}.yaml") == []
    q = template(name)
    assert q.id == name
    # dikti and blk declare the accreditation and placement tables since 2026.4; dikti 2026.5
    # and smk 2026.4 ask the place of work from the province and regency lists
    assert q.version == {"blk": "2026.4", "dikti": "2026.5", "smk": "2026.4"}[name]
    assert q.languages == ("id", "en")


@pytest.mark.parametrize("name", template_names())
def test_every_text_exists_in_indonesian_and_english(name: str) -> None:
    q = template(name)
    texts = [("title", dict(q.title)), ("consent", dict(q.consent))]
    texts += [(f"section {s.id}", dict(s.title)) for s in q.sections]
    texts += [t for x in q.questions for t in texts_of(x)]
    for where, text in texts:
        if text is None:
            continue
        assert set(text) == {"id", "en"}, where
        assert all(value.strip() for value in text.values()), where


@pytest.mark.parametrize("name", template_names())
def test_consent_covers_what_uu_pdp_asks(name: str) -> None:
    consent = template(name).consent
    for language in ("id", "en"):
        text = consent[language]
        # The command words are the same in both languages.
        assert "BERHENTI" in text and "HAPUSDATA" in text, language
        assert "27" in text and "2022" in text, language
    assert "tahun" in consent["id"] and "years" in consent["en"]  # how long data is kept
    assert "tanpa nama" in consent["id"] and "without names" in consent["en"]


def test_smk_consent_names_who_sees_the_answers() -> None:
    consent = template("smk").consent
    assert "BKK" in consent["id"] and "wali kelas" in consent["id"]
    assert "Dinas Pendidikan" in consent["id"]
    assert "homeroom teacher" in consent["en"] and "education office" in consent["en"]


@pytest.mark.parametrize("name", template_names())
def test_show_if_only_reads_earlier_questions(name: str) -> None:
    q = template(name)
    for question in q.questions:
        if question.show_if is None:
            continue
        for code in referenced_questions(question.show_if):
            assert code in q.by_code, (question.code, code)
            assert q.order[code] < q.order[question.code], (question.code, code)
            assert q.question(code).type.is_answerable


@pytest.mark.parametrize("name", template_names())
def test_other_and_exclusive_choices_are_where_they_belong(name: str) -> None:
    for question in template(name).questions:
        for choice in question.choices:
            if choice.exclusive:
                assert question.type is QuestionType.MULTIPLE_CHOICE, question.code
        assert sum(c.other for c in question.choices) <= 1, question.code


# --- smk and blk routing ------------------------------------------------------------------------


def test_smk_status_routes_to_its_block() -> None:
    q = template("smk")
    blocks = {
        "1": "perusahaan",
        "2": "usaha_jenis",
        "3": "studi_institusi",
        "4": "cari_bulan",
        "5": "belum_alasan",
    }
    for status, first in blocks.items():
        seen = shown(q, status=status)
        assert first in seen
        assert {f for s, f in blocks.items() if s != status}.isdisjoint(seen), status
        assert {"nama", "hp", "status", "nilai_sekolah", "kompetensi_kurang"} <= seen


def test_smk_combined_statuses_show_both_blocks() -> None:
    q = template("smk")
    seen = shown(q, status="1", status_juga=["3"])
    assert {"perusahaan", "keselarasan", "studi_institusi", "studi_linier"} <= seen
    assert "usaha_jenis" not in seen
    assert "status_juga" not in shown(q, status="4")


def test_blk_status_routes() -> None:
    q = template("blk")
    assert {"perusahaan", "masa_tunggu", "kesesuaian"} <= shown(q, status="1")
    assert {"usaha_jenis", "masa_tunggu", "kesesuaian"} <= shown(q, status="2")
    assert "perusahaan" not in shown(q, status="2")
    not_yet = shown(q, status="3")
    assert {"belum_alasan", "belum_bantuan"} <= not_yet
    assert not_yet.isdisjoint({"perusahaan", "usaha_jenis", "masa_tunggu", "kesesuaian"})
    assert {"nilai_kurikulum", "nilai_instruktur", "nilai_fasilitas", "saran"} <= not_yet


# --- dikti: the national codes -----------------------------------------------------------------


def test_dikti_f8_values_and_labels_match_domain() -> None:
    f8 = template("dikti").question("f8")
    assert f8.type is QuestionType.SINGLE_CHOICE
    assert [c.value for c in f8.choices] == ["1", "2", "3", "4", "5"]
    english = {c.value: c.label["en"] for c in f8.choices}
    assert english["1"].startswith("Working")
    assert english["2"].startswith("Not yet able to work")
    assert english["3"].startswith("Self-employed")
    assert english["4"].startswith("Continuing studies")
    assert english["5"].startswith("Not working but looking for work")
    indonesian = {c.value: c.label["id"] for c in f8.choices}
    assert indonesian["1"].startswith("Bekerja")
    assert indonesian["2"].startswith("Belum memungkinkan bekerja")
    assert indonesian["3"] == "Wiraswasta"
    assert indonesian["4"] == "Melanjutkan pendidikan"
    assert indonesian["5"] == "Tidak kerja tetapi sedang mencari kerja"


def test_dikti_coded_values_match_domain() -> None:
    q = template("dikti")

    def values(code: str) -> list[str]:
        return [c.value for c in q.question(code).choices]

    assert values("f1101") == ["1", "6", "7", "2", "3", "4", "5"]
    assert q.question("f1101").choice("5").label["en"] == "Other"
    assert q.question("f1102").show_if is not None
    assert values("f5c") == ["1", "2", "3", "4"]
    assert [c.label["en"] for c in q.question("f5c").choices] == [
        "Founder", "Co-founder", "Staff", "Freelance"
    ]  # fmt: skip
    assert values("f5d") == ["1", "2", "3"]
    f5d = [c.label["en"] for c in q.question("f5d").choices]
    assert [label.split("/")[0].strip() for label in f5d] == ["Local", "National", "Multinational"]
    assert values("f14") == ["1", "2", "3", "4", "5"]
    assert q.question("f14").choices[0].label["en"] == "Very closely"
    assert q.question("f14").choices[-1].label["en"] == "Not at all"
    assert values("f15") == ["1", "2", "3", "4"]
    assert q.question("f15").choices[0].label["en"] == "A higher level"
    assert q.question("f15").choices[-1].label["en"] == "No higher education needed"
    assert values("f301") == ["1", "2", "3"]
    assert values("f4") == [str(n) for n in range(401, 416)]
    assert values("f16") == [str(n) for n in range(1601, 1614)]
    assert q.question("f16").choices[0].exclusive
    assert q.question("f502").type is QuestionType.INTEGER
    assert q.question("f502").validation.min == 0
    assert q.question("f505").type is QuestionType.MONEY
    assert q.question("f18d").type is QuestionType.DATE


def test_dikti_competences_rated_twice_on_1_to_5() -> None:
    q = template("dikti")
    for n in range(1761, 1775):
        question = q.question(f"f{n}")
        assert question.type is QuestionType.RATING
        assert question.scale is not None
        assert (question.scale.min, question.scale.max) == (1, 5)
        assert question.scale.min_label == {"id": "Sangat rendah", "en": "Very low"}
    # Learning methods run the other way: 1 = very large … 5 = none at all.
    for n in range(21, 28):
        choices = q.question(f"f{n}").choices
        assert [c.value for c in choices] == ["1", "2", "3", "4", "5"]
        assert choices[0].label["id"] == "Sangat besar"
        assert choices[-1].label["id"] == "Tidak sama sekali"


def test_dikti_produces_every_upload_column() -> None:
    assert len(UPLOAD_CODES) == 77 == len(set(UPLOAD_CODES))  # + 9 identity columns = 86
    q = template("dikti")
    columns: list[str] = []
    for question in q.questions:
        if question.code in EXPANDED:
            assert question.type is QuestionType.MULTIPLE_CHOICE
            columns += [f"f{c.value}" for c in question.choices]
        else:
            columns.append(question.code)
    assert len(columns) == len(set(columns))
    assert set(UPLOAD_CODES) <= set(columns)
    assert set(columns) - set(UPLOAD_CODES) == {"telpomsmh", "emailmsmh"}


EVERYONE = {
    "telpomsmh", "emailmsmh", "f8", "f1201", *[f"f{n}" for n in range(1761, 1775)],
    *[f"f{n}" for n in range(21, 28)], "f301", "f302", "f4", "f6", "f7", "f7a", "f1001", "f16",
}  # fmt: skip
BY_STATUS = {
    "1": {"f502", "f505", "f5a1", "f5a2", "f1101", "f5b", "f5d", "f14", "f15"},
    "2": set(),
    "3": {"f5c", "f5d"},
    "4": {"f18a", "f18b", "f18c", "f18d"},
    "5": set(),
}


@pytest.mark.parametrize("status", sorted(BY_STATUS))
def test_dikti_routing_follows_domain(status: str) -> None:
    # f301 = 1 (started looking before graduating) shows f302; follow-ups stay hidden.
    assert shown(template("dikti"), f8=status, f301="1") == EVERYONE | BY_STATUS[status]


def test_dikti_follow_up_texts_and_the_no_search_skip() -> None:
    q = template("dikti")
    assert "f1102" in shown(q, f8="1", f1101="5")
    assert "f1202" in shown(q, f8="2", f1201="7")
    assert "f1002" in shown(q, f8="5", f1001="5")
    assert "f416" in shown(q, f8="5", f301="2", f4=["404", "415"])
    assert "f1614" in shown(q, f8="1", f16=["1613"])
    assert "f303" in shown(q, f8="5", f301="2")
    no_search = shown(q, f8="2", f301="3")
    assert no_search.isdisjoint({"f302", "f303", "f4", "f416", "f6", "f7", "f7a"})
    assert {"f1001", "f16"} <= no_search


# --- finding questionnaires --------------------------------------------------------------------


def test_find_builtin_template_by_name() -> None:
    assert find_questionnaire("smk") == TEMPLATE_DIR / "smk.yaml"
    assert find_questionnaire(" dikti ") == TEMPLATE_DIR / "dikti.yaml"


def test_extra_dir_is_searched_first(tmp_path: Path) -> None:
    (tmp_path / "smk.yaml").write_text("id: smk\n", encoding="utf-8")
    (tmp_path / "kampus.yml").write_text("id: kampus\n", encoding="utf-8")
    assert find_questionnaire("smk", tmp_path) == tmp_path / "smk.yaml"
    assert find_questionnaire("kampus", tmp_path) == tmp_path / "kampus.yml"
    assert find_questionnaire("blk", tmp_path) == TEMPLATE_DIR / "blk.yaml"


def test_find_a_file_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("id: mine\n", encoding="utf-8")
    assert find_questionnaire(str(path)) == path
    monkeypatch.chdir(tmp_path)
    assert find_questionnaire("mine.yaml") == Path("mine.yaml")


def test_unknown_name_lists_what_is_available(tmp_path: Path) -> None:
    (tmp_path / "kampus.yaml").write_text("id: kampus\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        find_questionnaire("smkk")
    assert caught.value.problems == [
        "no questionnaire named 'smkk'; available: blk, dikti, smk (built in), or give the path "
        "of a .yaml file"
    ]
    with pytest.raises(QuestionnaireError) as caught:
        find_questionnaire("smkk", tmp_path)
    assert f"available: kampus (in {tmp_path}), blk, dikti, smk (built in)" in str(caught.value)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        find_questionnaire(str(tmp_path / "nope.yaml"))
    assert "no such questionnaire file" in str(caught.value)
    assert "blk, dikti, smk" in str(caught.value)
    with pytest.raises(QuestionnaireError):
        find_questionnaire("")


def test_source_hash_is_sha256_of_the_text() -> None:
    source = (TEMPLATE_DIR / "smk.yaml").read_text(encoding="utf-8")
    assert source_hash(source) == hashlib.sha256(source.encode("utf-8")).hexdigest()
    assert len(source_hash(source)) == 64
    assert source_hash(source) != source_hash(source + "\n")
    assert source_hash("é") == hashlib.sha256("é".encode()).hexdigest()
