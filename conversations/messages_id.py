"""What alumni read, in Indonesian: the first catalogue, the one every other follows.

Templates are str.format templates filled with params; user text only ever goes in as a param.
"""

from __future__ import annotations

CATALOGUE: dict[str, str] = {
    # --- Consent, the end, and other moments -------------------------------------------------
    "consent_prompt": "Ketik YA kalau setuju, atau TIDAK kalau tidak mau ikut.",
    "completed": "Terima kasih! Jawaban Anda sudah terkirim. 🙏",
    "declined": "Baik, tidak apa-apa. Terima kasih atas waktunya.",
    "stopped": (
        "Baik, kita berhenti dulu. Kami tidak akan mengirim pengingat lagi. "
        "Ketik LANJUT kapan saja untuk melanjutkan."
    ),
    "restarted": "Semua jawaban sudah dihapus. Kita mulai lagi dari awal.",
    "data_erased": (
        "Semua jawaban Anda sudah dihapus. Anda tidak akan menerima pengingat lagi. "
        "Ketik LANJUT kalau suatu saat ingin mengisi lagi."
    ),
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
    "hint_place_province": "Balas dengan angka 1–{count}, atau tulis nama provinsinya.",
    "hint_place_regency": "Ketik nama kabupaten/kotanya, mis. Kota Banjarmasin.",
    "place_which": "Yang Anda maksud yang mana?",
    "hint_optional": "Ketik LEWATI kalau ingin melewati pertanyaan ini.",
    "hint_other": "Tuliskan “{choice}” yang Anda maksud:",
    "hint_selected": "Sudah dipilih: {selected}.",
    "current_answer": "Jawaban sekarang: {answer}. Ketik jawaban baru untuk mengubahnya.",
    # --- Answers and the review ------------------------------------------------------------------
    "answer_recorded": "Tercatat: {answer}",
    "answer_skipped": "Dilewati.",
    "confirm_answer": "Maksud Anda {answer}?",
    "confirm_answer_hint": "Balas 1 kalau benar, atau 2 untuk menulis ulang.",
    # A value the school's roster already holds, offered instead of the question.
    "confirm_known": "{field}: {answer} — benar?",
    "known_name": "Nama Anda",
    "known_nisn": "NISN Anda",
    "known_birth_date": "Tanggal lahir Anda",
    "known_graduation_year": "Tahun lulus Anda",
    "known_programme": "Jurusan/program Anda",
    "known_class": "Kelas Anda",
    "known_phone": "Nomor HP Anda",
    "confirm_answer_declined": (
        "Baik. Tulis lagi nominalnya dengan satuan, mis. 4,5 juta, "
        "atau dengan Rp kalau memang segitu, mis. Rp 4.500."
    ),
    "answers_dropped": "Jawaban ini dihapus karena tidak berlaku lagi: {questions}.",
    "review_title": "Periksa lagi jawaban Anda:",
    "review_title_partial": "Jawaban Anda sejauh ini:",
    "review_empty": "(belum ada jawaban)",
    "review_footer": (
        "Ketik KIRIM untuk mengirim, atau UBAH <nomor> untuk mengubah jawaban, mis. UBAH 2."
    ),
    # --- Button labels, for channels that show buttons -------------------------------------------
    "button_yes": "Ya, setuju",
    "button_yes_short": "Ya",
    "button_no": "Tidak",
    "button_done": "Selesai",
    "button_skip": "Lewati",
    "button_back": "Kembali",
    "button_submit": "Kirim",
    "button_start_survey": "Mulai survei",
    "button_edit": "Ubah {number}",
    # --- Help ------------------------------------------------------------------------------------
    "help": "Perintah yang bisa Anda ketik kapan saja:",
    "help_back": "kembali ke pertanyaan sebelumnya",
    "help_skip": "lewati pertanyaan yang tidak wajib",
    "help_edit": "ubah jawaban nomor tertentu, mis. UBAH 2",
    "help_review": "lihat semua jawaban Anda",
    "help_restart": "hapus semua jawaban dan mulai dari awal",
    "help_stop": "berhenti dulu (tidak ada pengingat lagi)",
    "help_delete_data": "hapus semua jawaban Anda dan berhenti menerima pengingat",
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
    "confirm_delete": (
        "Semua jawaban Anda akan dihapus dan Anda tidak akan menerima pengingat lagi. "
        "Ketik YA untuk menghapus, atau TIDAK untuk membatalkan."
    ),
    "delete_cancelled": "Baik, data Anda tidak jadi dihapus.",
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
    # --- Place questions (placing.PLACE_KEYS) ---------------------------------------------------
    "province_not_found": (
        "Maaf, provinsi itu belum saya temukan. Balas dengan angka 1–{count}, "
        "atau tulis namanya, mis. Jawa Timur."
    ),
    "place_not_found": (
        "Maaf, kabupaten/kota itu belum saya temukan. Periksa ejaannya, mis. Kota Banjarmasin."
    ),
    "place_not_found_in": (
        "Maaf, kabupaten/kota itu belum saya temukan di {province}. Periksa ejaannya, "
        "atau ketik KEMBALI untuk mengganti provinsi."
    ),
    "place_elsewhere": (
        "{place} ada di {province}. Tulis kabupaten/kota di provinsi yang Anda pilih, "
        "atau ketik KEMBALI untuk mengganti provinsi."
    ),
    "confirm_place_declined": "Baik. Tulis lagi namanya, mis. Kota Banjarmasin.",
    # --- From the parsers (parsing.PARSE_ERROR_KEYS) --------------------------------------------
    "not_a_number": "Maaf, jawaban itu belum bisa saya baca. Balas dengan angka, mis. 12.",
    "not_integer": "Tulis angka bulat tanpa koma, mis. 12.",
    "integer_ambiguous": "Tulis satu angka saja, mis. 12.",
    "integer_too_large": "Angka itu terlalu besar. Coba periksa lagi.",
    "integer_unit_not_expected": ("Tulis angkanya saja, tanpa tahun, bulan, atau minggu, mis. 12."),
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
    "month_needs_year": "Tahun berapa? Tulis bulan dan tahunnya, mis. {month}-2024.",
    "phone_invalid": "Nomor HP itu sepertinya belum benar. Ketik nomor lengkap, mis. 081234567890.",
    "phone_letter": (
        "Ada huruf “{letter}” di nomor itu. Nomor HP hanya berisi angka (huruf O bukan angka 0), "
        "mis. 081234567890."
    ),
    "phone_too_short": (
        "Nomor HP itu kurang angka: nomor HP Indonesia {min}–{max} angka. "
        "Ketik nomor lengkap, mis. 081234567890."
    ),
    "phone_too_long": (
        "Nomor HP itu kelebihan angka: nomor HP Indonesia {min}–{max} angka. "
        "Ketik satu nomor saja, mis. 081234567890."
    ),
    "phone_landline": (
        "Itu nomor telepon rumah/kantor. Ketik nomor HP yang bisa menerima WhatsApp, "
        "mis. 081234567890."
    ),
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
    # --- Telegram: finding who is writing ------------------------------------------------------
    # {identifier}, {yours}, {yours_shape} and {rule} name the identifier of the institution
    # kinds the bot serves: NISN, NIM, participant number (conversations/identifiers.py).
    "tg_ask_nisn": "Halo! Untuk memulai tracer study, ketik {yours_shape}.",
    "tg_nisn_invalid": "{rule}. Coba ketik lagi.",
    "tg_ask_birth_date": "Terima kasih. Sekarang ketik tanggal lahir Anda, misalnya 17-08-2007.",
    "tg_birth_date_invalid": "Tanggal itu belum bisa saya baca. Tulis seperti 17-08-2007.",
    "tg_identity_failed": (
        "Maaf, {identifier} dan tanggal lahir itu tidak cocok dengan daftar alumni. "
        "Periksa lagi, lalu ketik {yours}."
    ),
    "tg_identity_locked": (
        "Terlalu banyak percobaan yang tidak cocok. Coba lagi {minutes} menit lagi, "
        "atau hubungi {office}."
    ),
    "tg_identity_locked_wait": (
        "Terlalu banyak percobaan yang tidak cocok. Coba lagi {wait} lagi, buka tautan undangan "
        "pribadi Anda, atau hubungi {office}."
    ),
    "wait_minutes": "{count} menit",
    "wait_hours": "{count} jam",
    "wait_days": "{count} hari",
    "tg_confirm_identity": "Apakah Anda {name}?",
    "hint_yes_no": "Ketik YA atau TIDAK.",
    "tg_identity_denied": (
        "Baik. Ketik {yours} sekali lagi, atau hubungi {office} kalau datanya keliru."
    ),
    "tg_invitation_invalid": "Tautan undangan ini tidak berlaku. Ketik {yours} untuk memulai.",
    "tg_invitation_expired": (
        "Tautan ini tidak berlaku lagi karena surveinya sudah ditutup. Terima kasih! Kalau ada "
        "survei lain untuk Anda, ketik {yours}, lalu tanggal lahir."
    ),
    "tg_invitation_check_birth_date": (
        "Tautan ini sudah dibuka di chat lain. Untuk memastikan ini memang Anda, ketik tanggal "
        "lahir Anda, misalnya 17-08-2007."
    ),
    "tg_invitation_birth_date_failed": (
        "Tanggal lahir itu tidak cocok dengan data pemilik tautan ini. Coba ketik lagi, atau "
        "minta tautan baru ke {office}."
    ),
    "tg_invitation_taken": (
        "Tautan ini sudah dipakai di chat lain. Kalau tautan ini milik Anda, minta tautan baru "
        "ke {office}."
    ),
    "tg_no_open_survey": "Saat ini belum ada survei yang dibuka untuk Anda. Terima kasih!",
    "tg_media_not_supported": (
        "Maaf, saya hanya bisa membaca pesan teks. Ketik jawaban Anda atau pilih tombolnya."
    ),
    "tg_edited_ignored": "Pesan yang diedit tidak saya baca. Kirim jawabannya sebagai pesan baru.",
    "tg_group_not_supported": "Untuk mengisi survei, chat saya secara pribadi, bukan di grup.",
    "tg_unknown_command": "Perintah itu tidak saya kenal. Ketik BANTUAN untuk melihat perintahnya.",
    # Any channel: the message could not be handled (the database refused it); nothing was kept.
    "try_again": (
        "Maaf, ada gangguan dan pesan Anda belum tersimpan. Kirim pesan itu sekali lagi, ya."
    ),
    # Reminders from the scheduler and staff resends (Telegram and WhatsApp alike).
    "reminder_start": (
        "Halo {name}, {institution} menunggu jawaban Anda untuk {survey}. "
        "Ketik LANJUT untuk mulai, atau BERHENTI jika tak ingin diingatkan lagi."
    ),
    "reminder_continue": (
        "Halo {name}, {answered} jawaban Anda untuk {survey} sudah tersimpan. "
        "Ketik LANJUT untuk meneruskan, atau BERHENTI jika tak ingin diingatkan lagi."
    ),
    # WhatsApp: the sender's number is on the roster; the birth date confirms it is them.
    "wa_ask_birth_date_phone": (
        "Halo! Nomor ini terdaftar sebagai alumni {institution}. "
        "Untuk memastikan, ketik tanggal lahir Anda, misalnya 17-08-2007."
    ),
    "wa_phone_birth_date_failed": (
        "Tanggal lahir itu tidak cocok dengan data kami. Ketik {yours_shape} untuk mencoba lagi."
    ),
    "wa_media_not_supported": "Saya hanya bisa membaca pesan teks. Ketik jawabannya, ya.",
    "wa_number_opted_out": (
        "Baik, nomor ini tidak akan kami hubungi lagi. Kalau Anda alumni dan ingin ikut tracer "
        "study nanti, kirim pesan apa saja ke nomor ini."
    ),
    "wa_invitation": (
        "Halo {name}, {institution} mengajak Anda mengisi {survey}. "
        "Ketik LANJUT untuk mulai, atau BERHENTI jika tak ingin dihubungi lagi."
    ),
    # --- #17 parents: a parent's or guardian's number, asked to pass on the link ---
    "wa_parent": (
        "Bapak/Ibu, kami dari {institution}. Mohon teruskan tautan survei alumni kepada "
        "{name}: {link}\n"
        "Bukan wali {name}? Balas SALAH NOMOR. Berhenti: balas BERHENTI."
    ),
    "wa_parent_wrong_number": (
        "Mohon maaf telah mengganggu, dan terima kasih sudah memberi tahu. Nomor ini tidak akan "
        "kami hubungi lagi."
    ),
    "wa_parent_stopped": (
        "Baik, terima kasih. Nomor ini tidak akan kami hubungi lagi. Mohon maaf telah mengganggu."
    ),
    # --- #17 link: class links and posters in grade XII (bot/alumni/linking.py) ---
    "link_class_welcome": "Halo, siswa {name} {institution}! Hubungkan chat ini dengan data Anda.",
    "link_class_invalid": (
        "Tautan kelas ini sudah tidak berlaku (wali kelas membuat yang baru). Tidak apa-apa, "
        "Anda tetap bisa mendaftar di sini."
    ),
    "link_ask_consent": (
        "Terima kasih, chat ini sudah terhubung. Setelah lulus, {institution} akan menanyakan "
        "kegiatan Anda (kerja, kuliah, usaha). Boleh kami hubungi Anda nanti?"
    ),
    "link_ask_consent_again": "Boleh kami hubungi Anda setelah lulus? Jawab YA atau TIDAK.",
    "link_consent_declined": (
        "Baik, kami tidak akan menghubungi Anda tentang tracer study. Kalau berubah pikiran, "
        "kirim pesan apa saja ke chat ini."
    ),
    "link_ask_own_number": (
        "Apakah nomor {phone} ini milik Anda sendiri, dan tetap Anda pakai setelah lulus?"
    ),
    "link_ask_number": (
        "Terima kasih! Ketik nomor WhatsApp Anda sendiri, yang tetap Anda pakai setelah lulus "
        "(misalnya 081234567890), atau ketik LEWATI."
    ),
    "link_ask_other_number": (
        "Baik. Ketik nomor WhatsApp Anda sendiri yang tetap Anda pakai setelah lulus "
        "(misalnya 081234567890), atau ketik LEWATI."
    ),
    "link_number_hint": "Ketik nomor WhatsApp Anda, misalnya 081234567890, atau LEWATI.",
    "link_thanks": "Terima kasih, semuanya sudah tersimpan!",
    "link_already": "Chat ini sudah terhubung dan data Anda sudah lengkap. Terima kasih!",
    "link_waiting": "Chat ini sudah terhubung. Terima kasih!",
    "link_survey_opens": (
        "Survei untuk angkatan Anda dibuka tanggal {date}; kami akan menyapa Anda di sini."
    ),
    "link_after_graduation": "Kami akan menghubungi Anda di sini setelah Anda lulus.",
    "poster_title": "Tracer study alumni: daftar sebelum lulus",
    "poster_step_scan": "Pindai kode QR ini dengan kamera HP (atau buka tautannya) di Telegram.",
    "poster_step_identify": "Ketik NISN Anda, lalu tanggal lahir (misalnya 17-08-2007).",
    "poster_step_agree": (
        "Setujui untuk dihubungi setelah lulus, dan tulis nomor WhatsApp yang tetap Anda pakai."
    ),
    "poster_footer": (
        "Data Anda hanya dipakai sekolah untuk tracer study, dan bisa dihentikan kapan saja."
    ),
    # --- #17 opening: the first message when a survey opens ---
    "survey_open": (
        "Halo {name}, {survey} dari {institution} sudah dibuka; mengisinya hanya beberapa menit. "
        "Ketik LANJUT untuk mulai, atau BERHENTI jika tak ingin dihubungi lagi."
    ),
    # --- #17 checkin: the yearly "is this still your number?" (bot/alumni/checkin.py) ---
    "checkin": (
        "Halo {name}, {institution} ingin tetap bisa menghubungi Anda. Apakah nomor WhatsApp "
        "Anda masih sama seperti yang dulu?"
    ),
    "checkin_whatsapp": (
        "Halo {name}, {institution} ingin tetap bisa menghubungi Anda. Masih nomor ini? "
        "Balas YA, GANTI (nomor baru), atau BERHENTI."
    ),
    "checkin_button_yes": "Ya, masih",
    "checkin_button_change": "Ganti nomor",
    "checkin_button_stop": "Berhenti",
    "checkin_repeat": (
        "Apakah nomor WhatsApp Anda masih sama? Balas YA jika masih, GANTI untuk memberi "
        "nomor baru, atau BERHENTI."
    ),
    "checkin_confirmed": "Terima kasih! Nomor Anda tetap kami catat.",
    "checkin_ask_number": "Silakan ketik nomor WhatsApp Anda yang baru, misalnya 0812 3456 7890.",
    "checkin_number_saved": "Terima kasih! Nomor baru Anda, {phone}, sudah kami simpan.",
    "checkin_bad_number": "Atau balas YA bila nomor lama masih dipakai.",
    "checkin_stopped": "Baik, kami tidak akan menghubungi Anda lagi. Terima kasih atas waktunya.",
}
