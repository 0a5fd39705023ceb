"""Plain-text rendering of events for the terminal simulator and WhatsApp."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from conversations import render
from conversations.commands import COMMAND_WORDS
from conversations.events import (
    AnswerConfirmationAsked,
    AnswerRecorded,
    AnswerRejected,
    AnswersDropped,
    Completed,
    ConsentRequested,
    DataErased,
    Declined,
    Event,
    LanguageChanged,
    Notice,
    QuestionAsked,
    Restarted,
    ReviewItem,
    ReviewShown,
    Stopped,
)
from conversations.inputs import CommandKind
from conversations.messages import MESSAGES
from conversations.questionnaire import (
    Choice,
    Question,
    Questionnaire,
    QuestionType,
    RatingScale,
    Section,
    Validation,
)
from conversations.render import help_text, render_text

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def T(id_: str, en: str | None = None) -> dict[str, str]:
    return {"id": id_, "en": en or id_}


STATUS = Question(
    "status",
    QuestionType.SINGLE_CHOICE,
    T("Status Anda saat ini?", "Your current status?"),
    help=T("Pilih yang paling sesuai.", "Pick the closest."),
    choices=(
        Choice("1", T("Bekerja", "Working")),
        Choice("2", T("Kuliah", "Studying")),
        Choice("3", T("Wirausaha", "Own business")),
        Choice("4", T("Mencari kerja", "Looking for work")),
        Choice("5", T("Lainnya", "Other"), other=True),
    ),
)
SKILLS = Question(
    "skills",
    QuestionType.MULTIPLE_CHOICE,
    T("Kompetensi yang kurang?"),
    choices=(Choice("a", T("Bahasa Inggris")), Choice("b", T("Komputer"))),
    required=False,
)
FIT = Question(
    "fit",
    QuestionType.RATING,
    T("Seberapa sesuai pekerjaan dengan jurusan?"),
    scale=RatingScale(1, 5, T("Tidak sesuai", "Not at all"), T("Sangat sesuai", "Very close")),
)
PAY = Question("pay", QuestionType.MONEY, T("Gaji per bulan?", "Monthly pay?"))
WELCOME = Question("welcome", QuestionType.NOTE, T("Terima kasih!"), help=T("Hanya 5 menit."))
TRACER = Questionnaire(
    id="t",
    version="1",
    title=T("Tracer Study SMK Negeri 1", "SMK Negeri 1 tracer study"),
    languages=("id", "en"),
    consent=T("Data Anda hanya untuk sekolah.", "Your data stays with the school."),
    sections=(Section("s", T("S"), (WELCOME, STATUS, SKILLS, FIT, PAY)),),
)


def asked(question: Question, language: str = "id", **kwargs: Any) -> str:
    event = QuestionAsked(question, language, number=3, total=12, progress=25, **kwargs)
    text = render_text(TRACER, event, language)
    assert text is not None
    return text


def test_single_choice_question() -> None:
    assert asked(STATUS) == (
        "25% · Status Anda saat ini?\n"
        "(Pilih yang paling sesuai.)\n"
        "1. Bekerja\n"
        "2. Kuliah\n"
        "3. Wirausaha\n"
        "4. Mencari kerja\n"
        "5. Lainnya\n"
        "Balas dengan angka 1–5."
    )


def test_single_choice_in_english() -> None:
    text = asked(STATUS, "en")
    assert text.startswith("25% · Your current status?\n(Pick the closest.)\n1. Working\n")
    assert text.endswith("Reply with a number 1–5.")


def test_multiple_choice_optional_hints() -> None:
    text = asked(SKILLS)
    assert "pisahkan dengan koma, mis. 1,3" in text
    assert text.endswith("Ketik LEWATI kalau ingin melewati pertanyaan ini.")


def test_rating_shows_what_the_ends_mean() -> None:
    assert asked(FIT).endswith("Balas dengan angka 1–5 (1 = Tidak sesuai, 5 = Sangat sesuai).")
    assert asked(FIT, "en").endswith("(1 = Not at all, 5 = Very close).")


@pytest.mark.parametrize(
    ("kind", "hint"),
    [
        (QuestionType.MONEY, "Ketik nominal dalam rupiah, mis. 3500000 atau 3,5 juta."),
        (QuestionType.DATE, "Ketik tanggal, mis. 17-08-2024 atau 17 Agustus 2024."),
        (QuestionType.MONTH, "Ketik bulan dan tahun, mis. 08-2024 atau Agustus 2024."),
        (QuestionType.INTEGER, "Balas dengan angka, mis. 12."),
        (QuestionType.PHONE, "Ketik nomor HP, mis. 081234567890."),
        (QuestionType.EMAIL, "Ketik alamat email, mis. nama@gmail.com."),
        (QuestionType.TEXT, "Ketik jawaban Anda."),
    ],
)
def test_typed_questions_say_what_to_type(kind: QuestionType, hint: str) -> None:
    assert asked(Question("q", kind, T("Pertanyaan?"))) == f"25% · Pertanyaan?\n{hint}"


def test_an_integer_with_limits_says_them() -> None:
    year = Question(
        "lulus", QuestionType.INTEGER, T("Tahun lulus?"), validation=Validation(2000, 2030)
    )
    assert asked(year).endswith("\nBalas dengan angka 2000–2030.")


def test_a_note_is_not_numbered() -> None:
    event = QuestionAsked(WELCOME, "id", number=0, total=12)
    assert render_text(TRACER, event, "id") == "Terima kasih!\n(Hanya 5 menit.)"


def test_a_reasked_question_shows_its_current_answer() -> None:
    assert asked(PAY, current=4_500_000).endswith(
        "Jawaban sekarang: Rp 4.500.000. Ketik jawaban baru untuk mengubahnya."
    )
    assert "Jawaban sekarang: Bahasa Inggris, Komputer." in asked(SKILLS, current=["a", "b"])


def test_ticked_choices_are_listed() -> None:
    assert "Sudah dipilih: Komputer." in asked(SKILLS, selected=("b",))


def test_other_text_is_asked_for_by_its_label() -> None:
    assert asked(STATUS, awaiting_other="5") == (
        "25% · Status Anda saat ini?\n(Pilih yang paling sesuai.)\n"
        "Tuliskan “Lainnya” yang Anda maksud:"
    )


def test_consent_says_how_to_agree() -> None:
    text = render_text(TRACER, ConsentRequested("id"), "id")
    assert text == (
        "Tracer Study SMK Negeri 1\n\nData Anda hanya untuk sekolah.\n\n"
        "Ketik YA kalau setuju, atau TIDAK kalau tidak mau ikut."
    )


REVIEW = ReviewShown(
    "id",
    (
        ReviewItem(1, "status", "Status Anda saat ini?", "Bekerja"),
        ReviewItem(2, "skills", "Kompetensi?", "—"),
    ),
)


def test_review_is_numbered_with_how_to_submit_or_edit() -> None:
    assert render_text(TRACER, REVIEW, "id") == (
        "Periksa lagi jawaban Anda:\n"
        "1. Status Anda saat ini?\n   Bekerja\n"
        "2. Kompetensi?\n   —\n"
        "Ketik KIRIM untuk mengirim, atau UBAH <nomor> untuk mengubah jawaban, mis. UBAH 2."
    )


def test_a_partial_review_does_not_offer_to_submit() -> None:
    partial = ReviewShown("id", REVIEW.items[:1], complete=False)
    assert render_text(TRACER, partial, "id") == (
        "Jawaban Anda sejauh ini:\n1. Status Anda saat ini?\n   Bekerja"
    )
    empty = render_text(TRACER, ReviewShown("en", (), complete=False), "en")
    assert empty == "Your answers so far:\n(no answers yet)"


def test_answers_are_echoed_in_their_display_form() -> None:
    recorded = AnswerRecorded("pay", 4_500_000, "4,5 jt", None, "Rp 4.500.000")
    assert render_text(TRACER, recorded, "id") == "Tercatat: Rp 4.500.000"
    assert render_text(TRACER, AnswerRecorded("skills", None, ""), "en") == "Skipped."


def test_an_amount_asked_back_is_a_numbered_yes_or_no() -> None:
    # WhatsApp has no buttons: the yes/no is a numbered list, like every choice there.
    asked = AnswerConfirmationAsked("pay", "id", 4_500_000, "Rp 4.500.000")
    assert render_text(TRACER, asked, "id") == (
        "Maksud Anda Rp 4.500.000?\n1. Ya\n2. Tidak\n"
        "Balas 1 kalau benar, atau 2 untuk menulis ulang."
    )
    english = AnswerConfirmationAsked("pay", "en", 4_500_000, "Rp 4.500.000")
    assert render_text(TRACER, english, "en") == (
        "Did you mean Rp 4.500.000?\n1. Yes\n2. No\n"
        "Reply 1 if that is right, or 2 to type it again."
    )


def test_rejections_use_the_questionnaires_own_message_when_given() -> None:
    own = AnswerRejected("pay", "money_too_large", {"max": "Rp 1"}, T("Cek lagi.", "Check."))
    assert render_text(TRACER, own, "en") == "Check."
    plain = AnswerRejected("pay", "money_not_understood")
    assert render_text(TRACER, plain, "en") == (
        "Sorry, I couldn't read that. Type an amount in rupiah, e.g. 3500000 or 3.5 million."
    )


def test_user_text_in_params_is_never_a_template() -> None:
    hostile = AnswerRejected(
        "skills", "choice_part_not_understood", {"part": "{count}", "count": 2}
    )
    assert render_text(TRACER, hostile, "id").startswith("Bagian “{count}” belum bisa saya baca.")
    echoed = AnswerRecorded("q", "{0} {x}", "{0} {x}", None, "{0} {x}")
    assert render_text(TRACER, echoed, "id") == "Tercatat: {0} {x}"


def test_dropped_answers_are_named_by_their_labels() -> None:
    text = render_text(TRACER, AnswersDropped(("pay", "gone")), "id")
    assert text == "Jawaban ini dihapus karena tidak berlaku lagi: Gaji per bulan?, gone."


def test_language_change_is_announced_in_the_new_language() -> None:
    assert render_text(TRACER, LanguageChanged("en"), "id") == "OK, we'll continue in English."


def test_help_lists_every_command_word() -> None:
    text = help_text("id")
    assert text.startswith("Perintah yang bisa Anda ketik kapan saja:\n")
    for kind, words in COMMAND_WORDS.items():
        assert words[0].upper() in text, kind
    assert "• KEMBALI / BACK: kembali ke pertanyaan sebelumnya" in text
    assert "• LANJUT / CONTINUE: " in text and "• PERIKSA / REVIEW: " in text
    assert "• BACK / KEMBALI: go back to the previous question" in help_text("en")
    assert render_text(TRACER, Notice("help"), "en") == help_text("en")


def test_help_offers_erasure_in_the_words_of_the_consent_texts() -> None:
    assert "• HAPUSDATA / DELETEDATA: hapus semua jawaban Anda" in help_text("id")
    assert "• DELETEDATA / HAPUSDATA: delete all your answers" in help_text("en")


@pytest.mark.parametrize(
    ("event", "language", "text"),
    [
        (
            DataErased(NOW),
            "id",
            "Semua jawaban Anda sudah dihapus. Anda tidak akan menerima pengingat lagi. "
            "Ketik LANJUT kalau suatu saat ingin mengisi lagi.",
        ),
        (
            DataErased(NOW),
            "en",
            "All your answers have been deleted. You won't receive any more reminders. "
            "Type CONTINUE if you ever want to fill it in again.",
        ),
        (
            Notice("confirm_delete"),
            "id",
            "Semua jawaban Anda akan dihapus dan Anda tidak akan menerima pengingat lagi. "
            "Ketik YA untuk menghapus, atau TIDAK untuk membatalkan.",
        ),
        (
            Notice("confirm_delete"),
            "en",
            "All your answers will be deleted and you won't receive any more reminders. "
            "Type YES to delete them, or NO to cancel.",
        ),
        (Notice("delete_cancelled"), "id", "Baik, data Anda tidak jadi dihapus."),
        (Notice("delete_cancelled"), "en", "OK, nothing has been deleted."),
    ],
)
def test_erasure_texts(event: Event, language: str, text: str) -> None:
    assert render_text(TRACER, event, language) == text


EVERY_EVENT: list[Event] = [
    ConsentRequested("id"),
    QuestionAsked(STATUS, "id", 1, 5),
    AnswerRecorded("status", "1", "1", None, "Bekerja"),
    AnswerRejected("status", "choice_out_of_range", {"count": 5}),
    AnswersDropped(("pay",)),
    AnswerConfirmationAsked("pay", "id", 4_500_000, "Rp 4.500.000"),
    REVIEW,
    Notice("stale_button"),
    LanguageChanged("en"),
    Completed(NOW),
    Declined(NOW),
    Stopped(NOW),
    Restarted(NOW),
    DataErased(NOW),
    Notice("confirm_delete"),
    Notice("delete_cancelled"),
]


@pytest.mark.parametrize("event", EVERY_EVENT, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_event_renders_without_markup(event: Event, language: str) -> None:
    text = render_text(TRACER, event, language)
    assert text and text.strip() == text
    assert not re.search(r"[*_`<]\w|\{\w*\}", text.replace("<nomor>", "").replace("<number>", ""))


def test_every_key_the_renderer_uses_is_in_the_catalogue() -> None:
    source = Path(render.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r"t\(\s*\w+,\s*\"(\w+)\"", source))
    keys |= set(re.findall(r"\"(hint_\w+)\"", source))
    keys |= {f"help_{kind.value}" for kind in CommandKind}
    assert {"review_footer", "hint_money", "help_back", "answer_recorded"} <= keys
    for language in ("id", "en"):
        assert keys <= set(MESSAGES[language]), keys - set(MESSAGES[language])
