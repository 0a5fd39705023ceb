"""Each institution kind's identifier: how it reads, and how the chat asks for it (issue #16)."""

from __future__ import annotations

import pytest

from conversations.identifiers import IdentifierRejected, accepted, identifier_for, words
from conversations.messages import t


def test_each_kind_reads_its_own_identifier() -> None:
    nisn, nim, blk = (identifier_for(k) for k in ("smk", "university", "blk"))
    assert nisn.read(" 0061234567 ") == "0061234567"
    with pytest.raises(IdentifierRejected):
        nisn.read("A11.2019.01234")
    assert nim.read("a11.2019.01234") == "A11.2019.01234"  # compared in upper case
    assert nim.read("0012345") == "0012345"  # leading zeros kept
    for wrong in ("halo", "ya", "A11.2019.0123456789012", "A11#2019", "...", ""):
        assert not nim.accepts(wrong), wrong
    assert blk.read("2502.las.001") == "2502.LAS.001"
    assert blk.read("3271 3224 0801 4167") == "3271322408014167"  # a NIK, spaced


def test_the_prompt_names_the_kinds_identifier() -> None:
    assert words(["university"], "id")["yours"] == "NIM Anda"
    assert words(["smk"], "en")["yours_shape"] == "your NISN (10 digits)"
    assert words([], "id")["identifier"] == "NISN"  # no institution yet: as before
    mixed = words(["blk", "smk", "university"], "id")
    assert mixed["yours"].startswith("NISN (lulusan SMK), NIM (lulusan perguruan tinggi) atau")
    assert [i.code for i, _ in accepted("0061234567", ["smk", "university"])] == ["nisn", "nim"]
    assert [i.code for i, _ in accepted("A11.2019.01234", ["smk", "university"])] == ["nim"]


@pytest.mark.parametrize(
    ("key", "language", "text"),
    [
        ("tg_ask_nisn", "id", "Halo! Untuk memulai tracer study, ketik NISN Anda (10 angka)."),
        ("tg_nisn_invalid", "id", "NISN terdiri dari 10 angka, misalnya 0061234567. Coba ketik "
         "lagi."),
        ("tg_identity_failed", "en", "Sorry, that NISN and date of birth don't match the alumni "
         "list. Please check them and type your NISN."),
        ("wa_phone_birth_date_failed", "en", "That birth date does not match our records. Type "
         "your NISN (10 digits) to try again."),
    ],
)  # fmt: skip
def test_an_smk_only_bot_says_what_it_said_before(key: str, language: str, text: str) -> None:
    assert t(language, key, **words(["smk"], language)) == text


def test_a_university_only_bot_asks_for_the_nim() -> None:
    params = words(["university"], "id")
    assert t("id", "tg_ask_nisn", **params) == (
        "Halo! Untuk memulai tracer study, ketik NIM Anda (nomor induk mahasiswa)."
    )
    assert t("id", "tg_nisn_invalid", **params).startswith("NIM ditulis seperti di kartu mahasiswa")


@pytest.mark.parametrize("language", ["id", "en"])
def test_help_goes_to_the_office_of_the_institution_kind(language: str) -> None:
    """A university or BLK alumnus locked out is not sent to a school's BKK."""
    for kind, office in (("university", "career centre"), ("blk", "training centre")):
        text = t(language, "tg_identity_locked", minutes=5, **words([kind], language))
        assert "BKK" not in text
        if language == "en":
            assert office in text
    assert "BKK" in t(language, "tg_identity_denied", **words(["smk"], language))
    both = t(language, "tg_invitation_taken", **words(["smk", "university"], language))
    assert "BKK" in both and ("kampus" in both or "university" in both)
