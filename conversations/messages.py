"""What alumni read: one catalogue per language, Indonesian first, then English.

Templates are str.format templates filled with params; user text only ever goes in as a param.
Command words written in capitals here (LEWATI, KIRIM…) must be words commands.py recognises:
tests/conversations/test_messages.py checks them.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "id"

_ID: dict[str, str] = {
    # --- Consent, the end, and other moments -------------------------------------------------
    "consent_prompt": "Ketik YA kalau setuju, atau TIDAK kalau tidak mau ikut.",
    "completed": "Terima kasih! Jawaban Anda sudah terkirim. 🙏",
    "declined": "Baik, tidak apa-apa. Terima kasih atas waktunya.",
    "stopped": (
        "Baik, kita berhenti dulu. Kami tidak akan mengirim pengingat lagi. "
        "Ketik LANJUT kapan saja untuk melanjutkan."
    ),
    "restarted": "Semua jawaban sudah dihapus. Kita mulai lagi dari awal.",
    "language_changed": "Baik, sekarang kita pakai Bahasa Indonesia.",
    # --- Showing a question --------------------------------------------------------------------
    "hint_single": "Balas dengan angka 1–{count}.",
    "hint_multiple": (
        "Balas dengan angka 1–{count}. Boleh lebih dari satu, pisahkan dengan koma, mis. 1,3."
    ),
    "hint_rating": "Balas dengan angka {min}–{max}.",
    "hint_rating_labels": "Balas dengan angka {min}–{max} ({ends}).",
    "hint_text": "Ketik jawaban Anda.",
    "hint_integer": "Balas dengan angka, mis. 12.",
    "hint_integer_range": "Balas dengan angka {min}–{max}.",
    "hint_money": "Ketik nominal dalam rupiah, mis. 3500000 atau 3,5 juta.",
    "hint_date": "Ketik tanggal, mis. 17-08-2024 atau 17 Agustus 2024.",
    "hint_month": "Ketik bulan dan tahun, mis. 08-2024 atau Agustus 2024.",
    "hint_phone": "Ketik nomor HP, mis. 081234567890.",
    "hint_email": "Ketik alamat email, mis. nama@gmail.com.",
    "hint_optional": "Ketik LEWATI kalau ingin melewati pertanyaan ini.",
    "hint_other": "Tuliskan “{choice}” yang Anda maksud:",
    "hint_selected": "Sudah dipilih: {selected}.",
    "current_answer": "Jawaban sekarang: {answer}. Ketik jawaban baru untuk mengubahnya.",
    # --- Answers and the review ------------------------------------------------------------------
    "answer_recorded": "Tercatat: {answer}",
    "answer_skipped": "Dilewati.",
    "answers_dropped": "Jawaban ini dihapus karena tidak berlaku lagi: {questions}.",
    "review_title": "Periksa lagi jawaban Anda:",
    "review_title_partial": "Jawaban Anda sejauh ini:",
    "review_empty": "(belum ada jawaban)",
    "review_footer": (
        "Ketik KIRIM untuk mengirim, atau UBAH <nomor> untuk mengubah jawaban, mis. UBAH 2."
    ),
    # --- Button labels, for channels that show buttons -------------------------------------------
    "button_yes": "Ya, setuju",
    "button_no": "Tidak",
    "button_done": "Selesai",
    "button_skip": "Lewati",
    "button_back": "Kembali",
    "button_submit": "Kirim",
    "button_edit": "Ubah {number}",
    # --- Help ------------------------------------------------------------------------------------
    "help": "Perintah yang bisa Anda ketik kapan saja:",
    "help_back": "kembali ke pertanyaan sebelumnya",
    "help_skip": "lewati pertanyaan yang tidak wajib",
    "help_edit": "ubah jawaban nomor tertentu, mis. UBAH 2",
    "help_review": "lihat semua jawaban Anda",
    "help_restart": "hapus semua jawaban dan mulai dari awal",
    "help_stop": "berhenti dulu (tidak ada pengingat lagi)",
    "help_continue": "lanjutkan pertanyaan terakhir",
    "help_language": "ganti bahasa (Indonesia / English)",
    "help_submit": "kirim jawaban setelah diperiksa",
    "help_help": "tampilkan pesan ini",
    # --- Notices ---------------------------------------------------------------------------------
    "stale_button": "Tombol itu sudah tidak berlaku. Silakan lanjut dari sini:",
    "at_first_question": "Ini sudah pertanyaan pertama.",
    "cannot_skip_required": "Pertanyaan ini wajib dijawab, jadi tidak bisa dilewati.",
    "review_incomplete": (
        "Masih ada {remaining} pertanyaan lagi. Ketik LANJUT untuk melanjutkan, "
        "atau UBAH <nomor> untuk mengubah jawaban."
    ),
    "submit_incomplete": "Jawaban belum bisa dikirim: masih ada {remaining} pertanyaan lagi.",
    "edit_unknown": (
        "Nomor itu tidak ada di daftar jawaban. Ketik UBAH dan nomornya, mis. UBAH 2."
    ),
    "command_not_available": "Perintah itu tidak bisa dipakai sekarang.",
    "confirm_restart": "Hapus semua jawaban dan mulai dari awal? Ketik YA atau TIDAK.",
    "stopped_hint": "Pengisian sedang berhenti. Ketik LANJUT kapan saja untuk melanjutkan.",
    "already_completed": "Jawaban Anda sudah terkirim. Terima kasih!",
    "declined_final": "Anda sudah memilih tidak ikut. Terima kasih atas waktunya.",
    "language_not_available": "Bahasa itu belum tersedia. Pilihan: {languages}.",
    # --- Replies the engine could not use ------------------------------------------------------
    "consent_not_understood": (
        "Maaf, saya belum mengerti. Ketik YA kalau setuju, atau TIDAK kalau tidak mau ikut."
    ),
    "yes_no_not_understood": "Maaf, saya belum mengerti. Ketik YA atau TIDAK.",
    "review_not_understood": (
        "Maaf, saya belum mengerti. Ketik KIRIM untuk mengirim jawaban, "
        "atau UBAH <nomor> untuk mengubah, mis. UBAH 2."
    ),
    "answer_not_understood": "Maaf, jawaban itu belum bisa saya baca. Coba tulis dengan cara lain.",
    "text_empty": "Jawabannya masih kosong. Ketik jawaban Anda.",
    "text_too_short": "Jawabannya terlalu pendek. Tulis paling sedikit {min} huruf.",
    "text_too_long": "Jawabannya terlalu panjang. Tulis paling banyak {max} huruf.",
    "text_pattern": "Bentuk jawabannya belum sesuai. Coba periksa lagi.",
    "number_too_small": "Angkanya terlalu kecil. Paling sedikit {min}.",
    "number_too_large": "Angkanya terlalu besar. Paling banyak {max}.",
    "money_too_small": "Nominalnya terlalu kecil. Paling sedikit {min}.",
    "money_too_large": "Nominalnya terlalu besar (paling banyak {max}). Coba periksa lagi.",
    "rating_not_understood": "Maaf, belum bisa saya baca. Balas dengan angka {min} sampai {max}.",
    "rating_out_of_range": "Nilainya hanya {min} sampai {max}. Balas dengan salah satu angka itu.",
    "choose_at_least_one": "Pilih paling sedikit satu jawaban dulu, lalu tekan Selesai.",
    "choices_too_few": "Pilih paling sedikit {min} jawaban.",
    "choices_too_many": "Pilih paling banyak {max} jawaban.",
    "choice_exclusive": "“{choice}” tidak bisa dipilih bersama pilihan lain. Pilih salah satu.",
    # --- From the parsers (parsing.PARSE_ERROR_KEYS) --------------------------------------------
    "not_a_number": "Maaf, jawaban itu belum bisa saya baca. Balas dengan angka, mis. 12.",
    "not_integer": "Tulis angka bulat tanpa koma, mis. 12.",
    "integer_ambiguous": "Tulis satu angka saja, mis. 12.",
    "integer_too_large": "Angka itu terlalu besar. Coba periksa lagi.",
    "money_not_understood": (
        "Maaf, jawaban itu belum bisa saya baca. "
        "Ketik nominal dalam rupiah, misalnya 3500000 atau 3,5 juta."
    ),
    "money_negative": "Nominal tidak bisa minus. Ketik nominal dalam rupiah, mis. 3500000.",
    "money_ambiguous": (
        "Tulis satu nominal saja, bukan kisaran. Ketik dalam rupiah, mis. 3500000 atau 3,5 juta."
    ),
    "money_needs_unit": (
        "Maksudnya {number} ribu atau {number} juta? Tulis dengan satuannya, mis. {number} ribu."
    ),
    "money_foreign_currency": (
        "Tolong tulis dalam rupiah. Kalau dibayar dengan mata uang lain, "
        "hitung kira-kira dalam rupiah, mis. 8 juta."
    ),
    "date_not_understood": (
        "Maaf, tanggalnya belum bisa saya baca. Ketik tanggal, bulan, dan tahun, "
        "mis. 17-08-2024 atau 17 Agustus 2024."
    ),
    "date_invalid": "Tanggal {value} tidak ada di kalender. Coba periksa lagi, mis. 17-08-2024.",
    "month_not_understood": (
        "Maaf, bulannya belum bisa saya baca. "
        "Ketik bulan dan tahun, mis. 08-2024 atau Agustus 2024."
    ),
    "phone_invalid": "Nomor HP itu sepertinya belum benar. Ketik nomor lengkap, mis. 081234567890.",
    "email_invalid": "Alamat email itu sepertinya belum benar. Contoh: nama@gmail.com.",
    "choice_not_understood": "Maaf, pilihan itu belum terbaca. Balas dengan angka 1–{count}.",
    "choice_out_of_range": "Pilihannya hanya 1–{count}. Balas dengan salah satu angka itu.",
    "choice_ambiguous": (
        "Jawaban itu cocok dengan lebih dari satu pilihan: {options}. "
        "Balas dengan angkanya ({numbers})."
    ),
    "choice_part_not_understood": (
        "Bagian “{part}” belum bisa saya baca. Balas dengan angka 1–{count}, "
        "pisahkan dengan koma, mis. 1,3."
    ),
    "choice_part_out_of_range": (
        "“{part}” tidak ada di daftar. Pilihannya hanya 1–{count}, mis. 1,3."
    ),
    "choice_part_ambiguous": (
        "“{part}” cocok dengan lebih dari satu pilihan: {options}. "
        "Balas dengan angkanya ({numbers})."
    ),
}

_EN: dict[str, str] = {
    "consent_prompt": "Type YES to agree, or NO if you'd rather not take part.",
    "completed": "Thank you! Your answers have been sent. 🙏",
    "declined": "All right, no problem. Thank you for your time.",
    "stopped": (
        "OK, we'll stop here. We won't send you any more reminders. "
        "Type CONTINUE any time to pick up where you left off."
    ),
    "restarted": "All answers are cleared. Let's start again from the beginning.",
    "language_changed": "OK, we'll continue in English.",
    "hint_single": "Reply with a number 1–{count}.",
    "hint_multiple": (
        "Reply with numbers 1–{count}. You can pick more than one: separate them with commas, "
        "e.g. 1,3."
    ),
    "hint_rating": "Reply with a number {min}–{max}.",
    "hint_rating_labels": "Reply with a number {min}–{max} ({ends}).",
    "hint_text": "Type your answer.",
    "hint_integer": "Reply with a number, e.g. 12.",
    "hint_integer_range": "Reply with a number {min}–{max}.",
    "hint_money": "Type an amount in rupiah, e.g. 3500000 or 3.5 million.",
    "hint_date": "Type a date, e.g. 17-08-2024 or 17 August 2024.",
    "hint_month": "Type a month and year, e.g. 08-2024 or August 2024.",
    "hint_phone": "Type your phone number, e.g. 081234567890.",
    "hint_email": "Type your email address, e.g. name@gmail.com.",
    "hint_optional": "Type SKIP to skip this question.",
    "hint_other": "Please tell us what you mean by “{choice}”:",
    "hint_selected": "Selected so far: {selected}.",
    "current_answer": "Current answer: {answer}. Type a new answer to change it.",
    "answer_recorded": "Saved: {answer}",
    "answer_skipped": "Skipped.",
    "answers_dropped": "These answers were removed because they no longer apply: {questions}.",
    "review_title": "Please check your answers:",
    "review_title_partial": "Your answers so far:",
    "review_empty": "(no answers yet)",
    "review_footer": "Type SUBMIT to send, or EDIT <number> to change an answer, e.g. EDIT 2.",
    "button_yes": "Yes, I agree",
    "button_no": "No",
    "button_done": "Done",
    "button_skip": "Skip",
    "button_back": "Back",
    "button_submit": "Submit",
    "button_edit": "Edit {number}",
    "help": "Commands you can type at any time:",
    "help_back": "go back to the previous question",
    "help_skip": "skip a question that is not required",
    "help_edit": "change the answer with that number, e.g. EDIT 2",
    "help_review": "see all your answers",
    "help_restart": "clear all answers and start again",
    "help_stop": "stop for now (no more reminders)",
    "help_continue": "continue with the last question",
    "help_language": "switch language (Indonesia / English)",
    "help_submit": "send your answers after checking them",
    "help_help": "show this message",
    "stale_button": "That button is no longer valid. Please carry on from here:",
    "at_first_question": "This is already the first question.",
    "cannot_skip_required": "This question is required, so it can't be skipped.",
    "review_incomplete": (
        "There are {remaining} more questions. Type CONTINUE to go on, "
        "or EDIT <number> to change an answer."
    ),
    "submit_incomplete": "Your answers can't be sent yet: {remaining} more questions to go.",
    "edit_unknown": "That number isn't in your answers. Type EDIT and the number, e.g. EDIT 2.",
    "command_not_available": "That command can't be used right now.",
    "confirm_restart": "Clear all answers and start again? Type YES or NO.",
    "stopped_hint": "The questionnaire is paused. Type CONTINUE any time to pick it up again.",
    "already_completed": "Your answers have already been sent. Thank you!",
    "declined_final": "You chose not to take part. Thank you for your time.",
    "language_not_available": "That language isn't available. Options: {languages}.",
    "consent_not_understood": (
        "Sorry, I didn't understand. Type YES to agree, or NO if you'd rather not take part."
    ),
    "yes_no_not_understood": "Sorry, I didn't understand. Type YES or NO.",
    "review_not_understood": (
        "Sorry, I didn't understand. Type SUBMIT to send your answers, "
        "or EDIT <number> to change one, e.g. EDIT 2."
    ),
    "answer_not_understood": "Sorry, I couldn't read that. Please try writing it another way.",
    "text_empty": "The answer is empty. Please type your answer.",
    "text_too_short": "That's too short. Please write at least {min} characters.",
    "text_too_long": "That's too long. Please write at most {max} characters.",
    "text_pattern": "That doesn't look like the expected format. Please check it.",
    "number_too_small": "That number is too small. The minimum is {min}.",
    "number_too_large": "That number is too large. The maximum is {max}.",
    "money_too_small": "That amount is too small. The minimum is {min}.",
    "money_too_large": "That amount is too large (at most {max}). Please check the number.",
    "rating_not_understood": "Sorry, I couldn't read that. Reply with a number {min} to {max}.",
    "rating_out_of_range": "The scale only goes from {min} to {max}. Reply with one of those.",
    "choose_at_least_one": "Choose at least one answer first, then press Done.",
    "choices_too_few": "Please choose at least {min} answers.",
    "choices_too_many": "Please choose at most {max} answers.",
    "choice_exclusive": "“{choice}” can't be combined with other options. Please pick just one.",
    "not_a_number": "Sorry, I couldn't read that. Reply with a number, e.g. 12.",
    "not_integer": "Please type a whole number, without decimals, e.g. 12.",
    "integer_ambiguous": "Please type just one number, e.g. 12.",
    "integer_too_large": "That number is too large. Please check it.",
    "money_not_understood": (
        "Sorry, I couldn't read that. Type an amount in rupiah, e.g. 3500000 or 3.5 million."
    ),
    "money_negative": "The amount can't be negative. Type an amount in rupiah, e.g. 3500000.",
    "money_ambiguous": (
        "Please type one amount, not a range. In rupiah, e.g. 3500000 or 3.5 million."
    ),
    "money_needs_unit": (
        "Did you mean {number} thousand or {number} million? Add the unit, e.g. {number} thousand."
    ),
    "money_foreign_currency": (
        "Please answer in rupiah. If you're paid in another currency, "
        "give a rough amount in rupiah, e.g. 8 million."
    ),
    "date_not_understood": (
        "Sorry, I couldn't read that date. Type day, month and year, "
        "e.g. 17-08-2024 or 17 August 2024."
    ),
    "date_invalid": "{value} isn't a date on the calendar. Please check it, e.g. 17-08-2024.",
    "month_not_understood": (
        "Sorry, I couldn't read that month. Type month and year, e.g. 08-2024 or August 2024."
    ),
    "phone_invalid": (
        "That phone number doesn't look right. Type the full number, e.g. 081234567890."
    ),
    "email_invalid": "That email address doesn't look right. Example: name@gmail.com.",
    "choice_not_understood": "Sorry, I couldn't read that choice. Reply with a number 1–{count}.",
    "choice_out_of_range": "There are only options 1–{count}. Reply with one of those numbers.",
    "choice_ambiguous": (
        "That matches more than one option: {options}. Reply with its number ({numbers})."
    ),
    "choice_part_not_understood": (
        "I couldn't read “{part}”. Reply with numbers 1–{count}, separated by commas, e.g. 1,3."
    ),
    "choice_part_out_of_range": "“{part}” isn't on the list. Options are 1–{count}, e.g. 1,3.",
    "choice_part_ambiguous": (
        "“{part}” matches more than one option: {options}. Reply with its number ({numbers})."
    ),
}

MESSAGES: dict[str, dict[str, str]] = {"id": _ID, "en": _EN}


def t(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language` (else Indonesian), filled with `params`."""
    template = MESSAGES.get(language, {}).get(key) or MESSAGES[DEFAULT_LANGUAGE].get(key)
    if template is None:
        # A bug the catalogue tests catch; at run time the respondent still gets a reply.
        log.error("message %r missing from the catalogue", key)
        return key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        log.error("message %r: params do not fit the template", key)
        return template
