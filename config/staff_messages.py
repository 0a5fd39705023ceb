"""Text shown to staff (CLI, import reports), one catalogue per language: Indonesian, English.

Code raises or returns a key with params; the caller renders it in the operator's language with
`staff_text`. Add a key to both catalogues (a test checks they match, placeholders included).
"""

from __future__ import annotations

from typing import Any

from conversations.messages import fill

_ID: dict[str, str] = {
    # --- roster import: where -----------------------------------------------------------------
    "roster_cell": "baris {row}, kolom '{column}'",
    "roster_row": "baris {row}",
    "roster_rows_span": "baris {first}–{last}",
    # --- roster import: cell errors -----------------------------------------------------------
    "roster_required": "kosong; kolom ini wajib diisi untuk setiap alumni",
    "roster_bad_nisn": "'{value}' bukan NISN; NISN terdiri dari 10 angka, misalnya 0061234567",
    "roster_short_nisn": (
        "'{value}' hanya {digits} angka; NISN terdiri dari 10 angka. Jika Excel menghapus angka 0 "
        "di depan, ubah format kolom menjadi Teks lalu ketik ulang, misalnya 0061234567"
    ),
    "roster_bad_nik": "'{value}' bukan NIK; NIK terdiri dari 16 angka, atau kosongkan saja",
    "roster_bad_identifier": "'{value}' bukan {label} yang bisa dipakai. {rule}",
    "roster_bad_npwp": (
        "'{value}' bukan NPWP; NPWP terdiri dari 15 atau 16 angka (boleh dengan titik dan tanda "
        "hubung), atau kosongkan saja"
    ),
    "roster_nik_number": (
        "NIK {value} tersimpan sebagai angka, dan Excel hanya menyimpan 15 digit sehingga angka "
        "terakhirnya bisa salah; ubah format kolom NIK menjadi Teks lalu ketik ulang NIK-nya"
    ),
    "roster_nik_scientific": (
        "NIK tertulis {value}: Excel mengubahnya ke notasi ilmiah dan angka terakhirnya hilang; "
        "ubah format kolom NIK menjadi Teks lalu ketik ulang NIK-nya"
    ),
    "roster_bad_email": "'{value}' bukan alamat e-mail (contoh: nama@contoh.sch.id)",
    "roster_left_out": "nilai ini dilewati dan barisnya tetap diimpor",
    "roster_bad_date": "'{value}' bukan tanggal; tulis seperti 17-08-2006",
    "roster_implausible_birth_date": (
        "{value} tidak mungkin tanggal lahir alumni; periksa tahunnya (misalnya 17-08-2006)"
    ),
    "roster_implausible_end_date": (
        "{value} tidak mungkin tanggal lulus atau selesai pelatihan; tahunnya antara {min} dan "
        "{max}"
    ),
    "roster_bad_gender": "'{value}' bukan jenis kelamin; tulis L (laki-laki) atau P (perempuan)",
    "roster_bad_year": (
        "'{value}' bukan tahun lulus; tulis tahun 4 angka antara {min} dan {max}, misalnya 2025"
    ),
    "roster_bad_phone": "'{value}' bukan nomor HP; tulis seperti 081234567890",
    "roster_phone_letter": (
        "'{value}' berisi huruf '{letter}'; nomor HP hanya angka (huruf O bukan angka 0), "
        "tulis seperti 081234567890"
    ),
    "roster_phone_confirmed_kept": (
        "{value} tidak dipakai: alumni sudah mengonfirmasi nomornya sendiri, {kept}, di chat. "
        "Nomor itu yang tetap dipakai; baris ini diimpor tanpa mengubahnya"
    ),
    "roster_phone_too_short": (
        "'{value}' kurang angka; nomor HP Indonesia {min}–{max} angka, tulis seperti 081234567890"
    ),
    "roster_phone_too_long": (
        "'{value}' kelebihan angka; nomor HP Indonesia {min}–{max} angka, satu nomor saja per "
        "sel, tulis seperti 081234567890"
    ),
    "roster_phone_landline": (
        "'{value}' nomor telepon rumah/kantor, tidak bisa menerima WhatsApp; isi nomor HP "
        "(mis. 081234567890) atau kosongkan"
    ),
    "roster_bad_language": "'{value}' bukan bahasa yang dikenal; tulis id (Indonesia) atau en",
    "roster_too_long": "terlalu panjang ({length} karakter); paling banyak {max} karakter",
    "roster_cell_too_long": (
        "terlalu panjang ({length} karakter) untuk kolom ini; pastikan sel hanya berisi nilainya"
    ),
    "roster_duplicate_nisn": (
        "{heading} {nisn} muncul di baris {first_row} dan baris {row} dengan isi berbeda "
        "({differ}); satu alumni cukup satu baris: hapus atau perbaiki salah satunya"
    ),
    "roster_class_no_programme": (
        "kelas '{value}' tidak memuat jurusan yang dikenal ({known}); tambahkan kolom jurusan, "
        "atau sebutkan jurusannya dengan --programme, mis. --programme AKL"
    ),
    "roster_class_programme_ambiguous": (
        "kelas '{value}' bisa berarti lebih dari satu jurusan ({matches}); tambahkan kolom jurusan"
    ),
    "roster_homeroom_conflict": (
        "kelas '{class_name}' punya wali kelas '{value}', padahal di baris {first_row} tertulis "
        "'{first}'; satu kelas hanya punya satu wali kelas"
    ),
    # --- roster import: file errors -----------------------------------------------------------
    "roster_missing_columns": (
        "kolom wajib tidak ditemukan: {columns}. Judul kolom dibaca dari {rows} "
        "({headers}); beri judul kolom seperti {example}"
    ),
    "roster_missing_columns_year": (
        "kolom wajib tidak ditemukan: {columns}. Judul kolom dibaca dari {rows} "
        "({headers}); beri judul kolom seperti {example}. Tanpa "
        "kolom tahun lulus, tambahkan --graduation-year TAHUN, mis. --graduation-year 2025"
    ),
    "roster_no_graduation_year": (
        "tidak ada kolom tahun lulus (unduhan Dapodik memang tidak memilikinya); tambahkan "
        "--graduation-year TAHUN, mis. --graduation-year 2025, untuk semua baris, atau tambahkan "
        "kolom tahun_lulus"
    ),
    "roster_bad_year_option": (
        "--graduation-year {value} bukan tahun lulus; tulis tahun 4 angka antara {min} dan {max}"
    ),
    "roster_duplicate_columns": (
        "kolom '{first}' dan '{second}' sama-sama berarti {field}; hapus salah satunya"
    ),
    "roster_empty": (
        "file kosong; isi baris 1 dengan judul kolom (nisn, nama, tahun_lulus…) dan satu alumni "
        "per baris di bawahnya"
    ),
    "roster_no_rows": "hanya ada judul kolom ({rows}), tidak ada data alumni di bawahnya",
    "roster_unreadable": (
        "file tidak bisa dibaca ({detail}); buka di Excel lalu simpan ulang sebagai .xlsx "
        "atau CSV UTF-8"
    ),
    "roster_utf16": (
        'file ini teks UTF-16 ("Unicode Text" di Excel) tanpa penanda; buka di Excel lalu '
        'simpan dengan Save As > "CSV UTF-8 (Comma delimited)" atau .xlsx'
    ),
    "roster_file_missing": (
        "{path} tidak ada; periksa nama file dan foldernya (perintah dijalankan dari folder "
        "yang berbeda?)"
    ),
    "roster_is_directory": (
        "{path} adalah folder, bukan file; tulis nama file daftar alumni di dalamnya, "
        "mis. {path}/alumni.xlsx"
    ),
    "roster_no_permission": (
        "{path} tidak bisa dibuka karena tidak ada izin membacanya; periksa izin file, atau "
        "tutup dulu jika sedang dibuka di Excel"
    ),
    "roster_unknown_extension": (
        "jenis file '{extension}' tidak didukung; simpan sebagai .xlsx atau .csv"
    ),
    "roster_unknown_institution": (
        "institusi dengan kode {code} belum terdaftar; tambahkan dulu dengan "
        '`jejak institution add --code {code} --name "…" --kind smk`'
    ),
    # --- roster import: warnings and summary --------------------------------------------------
    "roster_no_class_column": (
        "tidak ada kolom kelas (rombel): rekap per kelas dan wali kelas tidak tersedia "
        "untuk alumni ini"
    ),
    "roster_header_row": "judul kolom dibaca dari {rows}; baris di atasnya dilewati",
    "roster_programme_unknown": (
        "tidak ada kolom jurusan dan belum ada jurusan yang dikenal, jadi jurusan dikosongkan; "
        "untuk mengambilnya dari nama kelas (XII AKL 1 → AKL), sebutkan jurusannya dengan "
        "--programme AKL --programme TKJ …"
    ),
    "roster_duplicate_merged": (
        "sama dengan baris {first_row} ({heading} {nisn}) kecuali sel yang kosong: digabung dan "
        "diimpor sekali"
    ),
    "roster_summary_warned": "{count} baris diimpor dengan peringatan (lihat di atas)",
    "roster_summary": (
        "{created} alumni baru, {updated} diperbarui, {unchanged} tidak berubah, "
        "{rejected} baris ditolak, {class_groups_created} kelas baru"
    ),
    "roster_nothing_imported": (
        "ada {count} kesalahan, jadi tidak ada yang diimpor. Perbaiki file lalu impor lagi, "
        "atau pakai --skip-invalid untuk mengimpor baris yang benar saja"
    ),
    "roster_rejected_written": (
        "{count} baris yang ditolak disimpan di {path}, dengan alasannya di kolom '{column}'"
    ),
    "roster_reason_column": "alasan",
    # --- roster import: column names, as staff would write them -------------------------------
    "roster_field_nisn": "nisn",
    "roster_field_nik": "nik",
    "roster_field_name": "nama",
    "roster_field_birth_date": "tanggal_lahir",
    "roster_field_gender": "jenis_kelamin",
    "roster_field_graduation_year": "tahun_lulus",
    "roster_field_programme": "jurusan",
    "roster_field_class_name": "kelas",
    "roster_field_homeroom_teacher": "wali_kelas",
    "roster_field_phone": "no_hp",
    "roster_field_guardian_phone": "no_hp_ortu",
    "roster_field_email": "email",
    "roster_field_language": "bahasa",
    "roster_field_nim": "nim",
    "roster_field_participant": "no_peserta (atau nik)",
    "roster_field_npwp": "npwp",
    "roster_field_programme_code": "kode_prodi",
    "roster_field_finished_on": "tanggal_lulus/tanggal_selesai",
    "roster_field_batch": "gelombang",
    # --- CLI: database, settings ----------------------------------------------------------------
    "db_upgraded": "Database siap (revisi {revision}).",
    "database_at": "Database: {path}",
    "db_current": "Revisi database: {revision}; terbaru: {head} {ok}",
    "db_backed_up": (
        "Cadangan database ditulis: {path} ({size} byte, hanya bisa dibaca pemiliknya)."
    ),
    "db_backup_exists": "{path} sudah ada: pilih nama file baru agar cadangan lama tidak tertimpa.",
    "db_backup_missing": "Database {path} tidak ada: periksa JEJAK_DATABASE_URL.",
    "db_backup_cannot_write": "Tidak bisa menulis {path} ({reason}): periksa foldernya.",
    "db_backup_not_sqlite": (
        "Database ini {backend}, bukan file SQLite: cadangkan dengan alat servernya, misalnya "
        "`pg_dump --format=custom --file=jejak.dump <database>` (lihat docs/operations.md)."
    ),
    "db_not_ready": (
        "Database belum disiapkan atau versinya lama. Jalankan `jejak db upgrade` lalu ulangi "
        "perintah ini (atau `jejak demo` untuk mencoba dengan data contoh)."
    ),
    "db_unreachable": (
        "Tidak bisa memakai database {url} ({reason}). Periksa JEJAK_DATABASE_URL, dan bahwa "
        "server database berjalan dan bisa dihubungi."
    ),
    "col_setting": "Pengaturan",
    "col_value": "Nilai",
    # --- CLI: institutions -------------------------------------------------------------------
    "institution_saved": "Institusi {code} ({name}) disimpan, zona waktu {timezone}.",
    "institution_not_found": (
        "Institusi dengan kode {code} belum terdaftar. Lihat daftarnya dengan "
        "`jejak institution list`, atau tambahkan dengan `jejak institution add --code {code} …`."
    ),
    "bad_kind": "Jenis institusi '{kind}' tidak dikenal; pakai smk, blk atau university.",
    "bad_timezone": (
        "Zona waktu '{zone}' tidak dikenal; pakai WIB, WITA, WIT atau nama zona seperti "
        "Asia/Jakarta, Asia/Makassar, Asia/Jayapura."
    ),
    "col_code": "Kode",
    "col_name": "Nama",
    "col_kind": "Jenis",
    "col_timezone": "Zona waktu",
    "col_alumni": "Alumni",
    # --- CLI: rosters -------------------------------------------------------------------------
    "roster_progress": "Mengimpor {file}",
    "roster_refused": "{file} tidak diimpor:",
    "roster_refused_hint": (
        "Nomor baris sama dengan yang terlihat di Excel (judul kolom di {rows})."
    ),
    "roster_list_empty": (
        "Institusi {code} belum punya alumni. Impor daftar alumni dengan "
        "`jejak roster import FILE --institution {code}`."
    ),
    "col_class": "Kelas",
    "status_not_invited": "belum diundang",
    "status_invited": "diundang",
    "status_started": "sedang mengisi",
    "status_completed": "selesai",
    "status_declined": "menolak",
    "status_opted_out": "berhenti",
    # --- CLI: surveys and questionnaires -----------------------------------------------------
    "survey_created": (
        "Survei {id} '{name}' dibuat untuk {code}: kuesioner {questionnaire} versi {version}, "
        "lulusan {cohort}."
    ),
    "survey_closes_before_opens": (
        "Tanggal tutup {closes} harus sesudah tanggal buka {opens}; periksa --opens dan --closes."
    ),
    "bad_date_option": "'{value}' bukan tanggal; tulis seperti 2026-12-31 (tahun-bulan-tanggal).",
    "col_id": "ID",
    "col_institution": "Institusi",
    "col_questionnaire": "Kuesioner",
    "col_cohort": "Lulusan",
    "col_opens": "Buka",
    "col_closes": "Tutup",
    "col_completed": "Selesai",
    "col_started": "Sedang mengisi",
    "col_version": "Versi",
    "col_title": "Judul",
    "col_file": "File",
    "questionnaire_ok": (
        "✓ {file}: kuesioner {id} versi {version}, {questions} pertanyaan, tanpa masalah."
    ),
    "questionnaire_broken": (
        "Kuesioner bermasalah; Jejak tidak dijalankan sampai file ini diperbaiki "
        "(cek dengan `jejak questionnaire check FILE`):"
    ),
    "questionnaire_has_problems": "(bermasalah: jalankan jejak questionnaire check)",
    # --- CLI: chat simulator -----------------------------------------------------------------
    "chat_intro_stored": (
        "Simulasi chat: jawab seperti alumni di WhatsApp/Telegram. Setiap jawaban langsung "
        "tersimpan. Ctrl-D untuk keluar; jalankan perintah yang sama untuk melanjutkan."
    ),
    "chat_intro_draft": (
        "Uji coba kuesioner: jawaban TIDAK disimpan (tanpa --as). Ctrl-D untuk keluar."
    ),
    "chat_saved": "Jawaban tersimpan. Jalankan perintah yang sama untuk melanjutkan.",
    "chat_needs_who": (
        "Pilih siapa yang menjawab: --as NISN/NIM (alumni dari daftar; lihat `jejak roster list "
        "--institution KODE`), atau --questionnaire NAMA untuk uji coba tanpa menyimpan."
    ),
    "alumnus_not_found": (
        "Tidak ada alumni dengan {identifier} {nisn}. Periksa lagi, atau lihat daftar dengan "
        "`jejak roster list --institution KODE`."
    ),
    "alumnus_ambiguous": (
        "{nisn} terdaftar di lebih dari satu institusi; tambahkan --institution KODE."
    ),
    "no_open_survey": (
        "Belum ada survei yang dibuka untuk institusi alumni ini. Buat dengan "
        "`jejak survey create --institution KODE --questionnaire smk`."
    ),
    "several_surveys": "Ada beberapa survei terbuka: {surveys}. Pilih dengan --survey ID.",
    "bad_language": "Bahasa '{choice}' tidak tersedia; pilih salah satu: {languages}.",
    # --- CLI: sample data and demo -----------------------------------------------------------
    "sample_loaded": "Data contoh siap (institusi, daftar alumni dan survei fiktif):",
    "sample_broken": (
        "File contoh {file} tidak bisa diimpor; instalasi Jejak tidak lengkap. Pasang ulang."
    ),
    "demo_intro": (
        "Sekarang Anda menjadi alumni contoh (NISN {nisn}) yang mengisi kuesioner SMK. "
        "Coba juga: `jejak chat --as {nisn} --lang en`, `jejak chat --as {nim} --institution "
        "{code}` (lulusan universitas, dengan NIM), `jejak roster list --institution "
        "99999901`, `jejak --help`."
    ),
    # --- CLI: jejak run ---------------------------------------------------------------------
    "run_no_token": (
        "Belum ada saluran yang dikonfigurasi. Isi JEJAK_TELEGRAM_TOKEN dengan token bot dari "
        "@BotFather, dan/atau JEJAK_TWILIO_ACCOUNT_SID, JEJAK_TWILIO_AUTH_TOKEN dan "
        "JEJAK_TWILIO_WHATSAPP_FROM untuk WhatsApp (di environment atau file .env), lalu jalankan "
        "lagi `jejak run`. Untuk mencoba kuesioner tanpa bot: `jejak chat --as NISN` atau "
        "`jejak demo`."
    ),
    "run_whatsapp_needs_public_url": (
        "WhatsApp memerlukan alamat publik agar Twilio bisa mengirim pesan ke Jejak: isi "
        "JEJAK_PUBLIC_URL (mis. https://jejak.sekolah.sch.id) dan arahkan webhook pengirim "
        "WhatsApp di Twilio ke <alamat>/whatsapp/inbound."
    ),
    "run_bad_token": (
        "Telegram menolak token bot ({reason}). Periksa JEJAK_TELEGRAM_TOKEN (dari @BotFather) dan "
        "JEJAK_TELEGRAM_API_URL bila memakai server Bot API sendiri."
    ),
    "run_telegram_unreachable": (
        "Telegram tidak bisa dihubungi ({host}, {reason}): periksa jaringan, proxy (HTTPS_PROXY) "
        "dan DNS server ini, serta JEJAK_TELEGRAM_API_URL bila memakai server Bot API sendiri; "
        "mencoba lagi dalam {seconds} detik (Ctrl-C untuk berhenti)."
    ),
    "run_telegram_refused": (
        "Telegram menolak permintaan Jejak saat memulai ({reason}). Periksa JEJAK_TELEGRAM_TOKEN "
        "dan JEJAK_TELEGRAM_API_URL, lalu jalankan lagi `jejak run`."
    ),
    "run_port_in_use": (
        "Port HTTP {host}:{port} sudah dipakai program lain (mungkin `jejak run` yang lain). "
        "Hentikan program itu, atau pilih port lain dengan JEJAK_HTTP_PORT."
    ),
    "run_port_unusable": (
        "Tidak bisa membuka HTTP di {host}:{port} ({reason}). Periksa JEJAK_HTTP_HOST (alamat "
        "milik server ini, mis. 0.0.0.0) dan JEJAK_HTTP_PORT (port di bawah 1024 perlu hak root)."
    ),
    "run_started": (
        "Jejak berjalan: Telegram ({mode}), HTTP di {host}:{port}. Ctrl-C untuk berhenti."
    ),
    # --- CLI: invitations -------------------------------------------------------------------
    "survey_not_found": ("Survei {id} tidak ada. Lihat nomor survei dengan `jejak survey list`."),
    "invite_class_not_found": (
        "Kelas '{name}' tidak ada di institusi {institution}. Kelas yang ada: {classes}."
    ),
    "invite_no_alumni": (
        "Survei {id} untuk lulusan {cohort}, tetapi daftar alumni institusi {institution} "
        "belum berisi lulusan {cohort}. Impor dulu dengan "
        "`jejak roster import FILE --institution {institution}`."
    ),
    "invite_no_alumni_in_class": (
        "Kelas '{name}' tidak punya alumni lulusan {cohort}, jadi survei {id} tidak punya "
        "undangan untuk kelas ini."
    ),
    "invite_no_bot": (
        "Link undangan butuh username bot Telegram. Isi JEJAK_TELEGRAM_BOT_USERNAME (username "
        "bot tanpa @, misalnya JejakTracerBot), atau JEJAK_TELEGRAM_TOKEN (token dari "
        "@BotFather) agar Jejak menanyakannya ke Telegram."
    ),
    "invite_bad_bot_username": (
        "JEJAK_TELEGRAM_BOT_USERNAME '{value}' bukan username bot. Tulis username-nya saja, "
        "tanpa @ atau t.me/, misalnya JejakTracerBot."
    ),
    "invite_bot_token_refused": (
        "Telegram menolak JEJAK_TELEGRAM_TOKEN. Salin ulang token dari @BotFather, atau isi "
        "JEJAK_TELEGRAM_BOT_USERNAME dengan username bot."
    ),
    "invite_bot_unreachable": (
        "Tidak bisa menanyakan username bot ke Telegram ({reason}). Periksa koneksi internet "
        "dan JEJAK_TELEGRAM_TOKEN (serta JEJAK_TELEGRAM_API_URL jika dipakai), atau isi "
        "JEJAK_TELEGRAM_BOT_USERNAME dengan username bot."
    ),
    "invite_cannot_write": (
        "Tidak bisa menulis {path} ({reason}). Periksa bahwa foldernya ada dan boleh ditulis, "
        "dan bahwa file itu tidak sedang dibuka di Excel."
    ),
    "invite_progress": "Menulis link undangan",
    "invite_written": "{count} link undangan survei {id} ditulis ke {path}.",
    "invite_written_qr": (
        "{count} link undangan survei {id} ditulis ke {path}, kode QR-nya di folder {qr}."
    ),
    "invite_personal_data": (
        "Perhatian: file ini berisi data pribadi dan link pribadi setiap alumni. Bagikan hanya "
        "kepada wali kelas/BKK; setiap link atau kode QR hanya untuk alumni pemiliknya."
    ),
    "invite_nisn_not_in_cohort": (
        "NISN {nisn} tidak ada di antara lulusan {cohort} yang diundang survei {id}. Periksa "
        "NISN-nya di daftar alumni (`jejak roster list`) dan nomor surveinya."
    ),
    "invite_none_for_alumnus": (
        "NISN {nisn} belum punya link undangan survei {id}: tidak ada yang perlu dicabut. "
        "Buat link baru dengan `jejak invite reissue --survey {id} --nisn {nisn}`."
    ),
    "invite_revoked": (
        "Link undangan NISN {nisn} untuk survei {id} dicabut: link itu tidak berlaku lagi, dan "
        "chat yang membukanya tidak lagi terhubung. Link baru: `jejak invite reissue`."
    ),
    "invite_reissued": (
        "Link undangan baru NISN {nisn} untuk survei {id} (link lama tidak berlaku lagi):"
    ),
    # --- CLI: survey export (jejak export) and its files ----------------------------------
    "status_not_started": "belum mulai",
    "export_col_alumni_nisn": "NISN (dari daftar alumni)",
    "export_col_alumni_nim": "NIM (dari daftar alumni)",
    "export_col_alumni_no_peserta": "Nomor peserta atau NIK (dari daftar peserta)",
    "export_col_alumni_nama": "Nama (dari daftar alumni)",
    "export_col_alumni_kelas": "Kelas/rombel (dari daftar alumni)",
    "export_col_alumni_jurusan": "Jurusan/program (dari daftar alumni)",
    "export_col_respons_status": "Status pengisian survei",
    "export_col_respons_mulai": "Waktu mulai mengisi (waktu setempat)",
    "export_col_respons_selesai": "Waktu selesai mengisi (waktu setempat)",
    "export_col_respons_sumber": (
        "Asal jawaban: chat (alumni sendiri), phone (dicatat staf dari telepon), import (berkas)"
    ),
    "export_col_respons_dicatat_oleh": "Staf yang mencatat jawaban lewat telepon atau berkas",
    "export_sheet_answers": "Jawaban",
    "export_sheet_labels": "Label",
    "export_sheet_info": "Info",
    "export_label_code": "kode",
    "export_label_question": "pertanyaan",
    "export_label_value": "nilai",
    "export_label_label": "arti",
    "export_info_survey": "Survei",
    "export_info_institution": "Institusi",
    "export_info_questionnaire": "Kuesioner",
    "export_info_classes": "Kelas",
    "export_info_all_classes": "semua kelas",
    "export_info_generated": "Dibuat",
    "export_info_rows": "Jumlah alumni (baris)",
    "export_info_status": "Status: {status}",
    "export_info_note": (
        "Berisi data pribadi alumni (UU PDP No. 27/2022): simpan di tempat aman, bagikan hanya "
        "kepada yang berwenang, dan hapus bila tidak diperlukan lagi."
    ),
    "export_class_not_found": (
        "Kelas '{name}' tidak ada di institusi {institution}. Kelas yang ada: {classes}."
    ),
    "export_file_exists": (
        "File {path} sudah ada. Pilih nama lain dengan --output, atau timpa dengan --force."
    ),
    "export_cannot_write": (
        "Tidak bisa menulis {path} ({reason}). Periksa bahwa foldernya boleh ditulis dan file itu "
        "tidak sedang dibuka di Excel."
    ),
    "export_progress": "Menyusun baris ekspor",
    "export_writing": "Menulis file",
    "export_written": "{count} baris hasil survei {id} ditulis ke {path}.",
    "export_layout_written": (
        "{count} jawaban lengkap survei {id} ditulis ke {path} dalam format unggah {layout}."
    ),
    "export_layout_invalid": "Format unggah {layout} tidak bisa dipakai:\n{problems}",
    "export_layout_mismatch": (
        "Format unggah {layout} tidak cocok dengan kuesioner survei {id}:\n{problems}"
    ),
    "export_status_line": "  {status}: {count}",
    "export_personal_data": (
        "Perhatian: file ini berisi data pribadi dan jawaban alumni. Simpan di tempat aman dan "
        "bagikan hanya kepada yang berwenang (BKK, wali kelas, pimpinan)."
    ),
    # --- answers gathered elsewhere (jejak responses import) ------------------------------------
    "responses_file_missing": (
        "{path} tidak ada; periksa nama file dan foldernya (perintah dijalankan dari folder "
        "yang berbeda?)"
    ),
    "responses_is_directory": (
        "{path} adalah folder, bukan file; tulis nama file jawabannya, mis. {path}/jawaban.xlsx"
    ),
    "responses_no_permission": (
        "{path} tidak bisa dibuka karena tidak ada izin membacanya; periksa izin file, atau "
        "tutup dulu jika sedang dibuka di Excel"
    ),
    "responses_unknown_extension": (
        "jenis file '{extension}' tidak didukung; simpan sebagai .xlsx atau .csv"
    ),
    "responses_unreadable": (
        "file tidak bisa dibaca ({detail}); buka di Excel lalu simpan ulang sebagai .xlsx "
        "atau CSV UTF-8"
    ),
    "responses_empty": (
        "file kosong; baris 1 harus berisi kode kolom seperti file dari `jejak export` "
        "({column}, lalu kode pertanyaan), satu alumni per baris di bawahnya"
    ),
    "responses_no_key_column": (
        "tidak ada kolom '{column}'; baris 1 harus berisi kode kolom seperti file dari "
        "`jejak export`, dengan kolom {column} berisi nomor alumni dari daftar alumni"
    ),
    "responses_duplicate_column": (
        "kolom ini muncul dua kali (kolom {first} dan {second}); hapus salah satunya"
    ),
    "responses_unknown_column": (
        "kolom '{column}' bukan kode kolom kuesioner {questionnaire}, tetapi terisi di {count} "
        "baris (baris {lines}); hapus kolom itu atau perbaiki kodenya (lihat lembar Label file "
        "ekspor survei ini)"
    ),
    "responses_no_rows": "hanya ada baris judul kolom, tidak ada jawaban alumni di bawahnya",
    "responses_blank_key": (
        "kosong, padahal baris ini berisi jawaban; isi {column} alumni itu dari daftar alumni"
    ),
    "responses_unknown_alumnus": (
        "'{value}' tidak ada di daftar alumni lulusan {year} institusi {institution}; periksa "
        "nomornya, atau impor dulu daftar alumninya (jejak roster import)"
    ),
    "responses_duplicate_alumnus": (
        "'{value}' sudah ada di baris {first}; satu alumni satu baris, hapus salah satunya"
    ),
    "responses_bad_status": (
        "'{value}' bukan status yang dikenal; tulis '{completed}' untuk jawaban yang lengkap, "
        "atau kosongkan"
    ),
    "responses_bad_time": (
        "'{value}' bukan waktu; tulis seperti 2025-09-01 11:00 (waktu setempat), atau kosongkan"
    ),
    "responses_future_time": "{value} belum terjadi; periksa tanggalnya, atau kosongkan",
    "responses_time_order": (
        "waktu mulai {started} sesudah waktu selesai {completed}; periksa keduanya"
    ),
    "responses_bad_flag": (
        "'{value}' bukan 1 atau 0; isi 1 jika pilihan ini dipilih, 0 atau kosong jika tidak"
    ),
    "responses_bad_choice": (
        "'{value}' bukan kode pilihan pertanyaan ini; kodenya: {choices} (artinya ada di lembar "
        "Label file ekspor)"
    ),
    "responses_bad_place": (
        "'{value}' bukan kode wilayah resmi (Kemendagri); tulis kodenya seperti di file ekspor, "
        "mis. 63 untuk Kalimantan Selatan atau 6371 untuk Kota Banjarmasin"
    ),
    "responses_rejected": "'{value}' tidak diterima: {reason}",
    "responses_other_missing": (
        "kosong, padahal pilihan {choice} (lainnya) dipilih; tulis jawaban 'lainnya' di sini"
    ),
    "responses_other_unused": (
        "terisi, padahal pilihan 'lainnya' ({choice}) tidak dipilih; pilih {choice} atau "
        "kosongkan sel ini"
    ),
    "responses_required": (
        "kosong, padahal pertanyaan ini wajib dijawab oleh alumni ini (menurut jawaban "
        "sebelumnya); isi jawabannya, kodenya ada di lembar Label file ekspor"
    ),
    "responses_hidden": (
        "terisi, padahal menurut jawaban sebelumnya pertanyaan ini tidak ditanyakan kepada "
        "alumni ini; kosongkan sel ini, atau perbaiki jawaban yang menentukannya"
    ),
    "responses_not_accepted": (
        "'{value}' tidak diterima sebagai jawaban pertanyaan ini; periksa nilainya"
    ),
    "responses_not_completed": (
        "jawaban baris ini tidak bisa diselesaikan; periksa kolom-kolomnya dengan lembar Label"
    ),
    "responses_refused": "{file} tidak diimpor; tidak ada jawaban yang disimpan:",
    "responses_nothing_imported": (
        "Tidak ada yang disimpan. Perbaiki {count} kesalahan di atas, lalu jalankan lagi."
    ),
    "responses_bad_source": (
        "Sumber '{value}' tidak dikenal; pakai --source import (file) atau --source phone (telepon)"
    ),
    "responses_staff_required": (
        'Jawaban lewat telepon perlu nama yang mencatatnya: --staff "NAMA"'
    ),
    "responses_bad_staff": "Nama petugas (--staff) paling banyak {max} huruf",
    "responses_progress_check": "Memeriksa {file}",
    "responses_progress_store": "Menyimpan jawaban",
    "responses_source_import": "impor file",
    "responses_source_phone": "telepon, dicatat oleh {staff}",
    "responses_summary": "{count} jawaban lengkap dari {file} disimpan ke survei {id} ({source}).",
    "responses_summary_counts": (
        "  baru: {created}; menggantikan jawaban yang belum lengkap atau impor sebelumnya: "
        "{replaced}"
    ),
    "responses_skipped_chat": (
        "  dilewati {count} (baris {lines}): alumni sudah selesai mengisi lewat chat, "
        "jawabannya tidak ditimpa"
    ),
    "responses_skipped_opted_out": (
        "  dilewati {count} (baris {lines}): alumni meminta berhenti atau menghapus datanya"
    ),
    "responses_skipped_unfinished": (
        "  dilewati {count} (baris {lines}): statusnya di file belum selesai; jika jawabannya "
        "sudah lengkap, ubah statusnya menjadi '{completed}' atau kosongkan"
    ),
    "responses_skipped_blank": "  dilewati {count} baris tanpa jawaban",
    # --- staff and reminder policy (jejak staff, jejak survey reminders) ------------------------
    "staff_bad_role": "Peran '{value}' tidak dikenal. Pilih salah satu: {roles}",
    "staff_no_name": 'Tulis nama staf dengan --name, mis. --name "Bu Sari"',
    "staff_operator_scope": "Operator melihat semua lembaga: tanpa --institution atau --class",
    "staff_needs_institution": (
        "Peran {role} perlu --institution KODE (boleh diulang untuk beberapa lembaga)"
    ),
    "staff_homeroom_scope": (
        "Wali kelas perlu tepat satu --institution dan setidaknya satu --class, "
        'mis. --institution 99999901 --class "XII AKL 1"'
    ),
    "staff_classes_only_homeroom": "--class hanya untuk peran homeroom (wali kelas)",
    "staff_bad_language": "Bahasa '{value}' tidak dikenal: pakai id atau en",
    "staff_class_not_found": (
        "Kelas '{name}' tidak ada di lembaga {code}. Kelas yang ada: {classes}"
    ),
    "staff_added": "Staf {id} ({name}, {role}) ditambahkan. Tautan sekali pakai untuk Telegram:",
    "staff_bad_phone": "'{value}' bukan nomor WhatsApp; tulis mis. 081234567890",
    "staff_whatsapp_linked": "WhatsApp {phone} terhubung: perintah staf bisa diketik di sana.",
    "staff_link_note": (
        "Kirim tautan ini hanya kepada orangnya: berlaku 7 hari dan hanya untuk satu chat. "
        "Tautan baru: jejak staff link ID"
    ),
    "staff_none": (
        "Belum ada staf. Tambahkan dengan: jejak staff add --role bkk --name ... --institution KODE"
    ),
    "staff_col_id": "ID",
    "staff_col_name": "Nama",
    "staff_col_role": "Peran",
    "staff_col_scope": "Cakupan",
    "staff_col_chat": "Chat",
    "staff_linked": "terhubung",
    "staff_not_linked": "belum terhubung",
    "staff_removed": "dicabut",
    "staff_scope_all": "semua lembaga",
    "staff_not_found": "Tidak ada staf dengan ID {id}. Lihat daftarnya: jejak staff list",
    "staff_removed_done": "Akses staf {id} dicabut; perintahnya tidak dijawab lagi.",
    "reminder_bad_days": "'{value}' bukan daftar hari; tulis mis. 3,7,14 (paling banyak 3)",
    "reminder_bad_hours": "'{value}' bukan rentang jam; tulis mis. 8-20 (waktu setempat)",
    "reminder_bad_policy": "Aturan pengingat tidak bisa dipakai: {reason}",
    "reminder_policy": (
        "Survei {id}: pengingat {days} hari setelah undangan, hanya pukul {start}.00-{end}.00 "
        "({zone})"
    ),
    # --- CLI and documents: jejak report (indicators) -----------------------------------------
    "bad_province": (
        "{option}: '{province}' bukan provinsi yang dikenal; tulis namanya (mis. Jawa Barat), "
        "singkatannya (Jabar) atau kodenya (32)."
    ),
    "institution_province": "Provinsi: {code} {province}.",
    "col_province": "Provinsi",
    "report_progress": "Membaca jawaban alumni",
    "report_written": "Laporan ditulis ke {path}.",
    "report_cannot_write": (
        "{option}: tidak bisa menulis {path} ({reason}). Pilih file di folder yang boleh ditulis, "
        "mis. --out laporan.xlsx, dan pastikan file itu tidak sedang dibuka di Excel."
    ),
    "report_umk_missing": (
        "{option}: file UMK {path} tidak bisa dibaca. Periksa nama dan foldernya, atau jalankan "
        "tanpa {option} untuk memakai UMP bawaan."
    ),
    "report_umk_refused": ("{option}: file UMK {path} tidak dipakai, perbaiki dulu:\n{problems}"),
    "report_survey_not_found": (
        "{option}: survei {id} tidak ada. Lihat nomor survei dengan `jejak survey list`."
    ),
    "report_institution_not_found": (
        "{option}: institusi dengan kode {code} belum terdaftar. Lihat kodenya dengan "
        "`jejak institution list`."
    ),
    "report_scope_missing": (
        "Pilih cakupan laporan: --survey ID (lihat `jejak survey list`), --institution KODE "
        "[--cohort TAHUN], atau --province NAMA [--cohort TAHUN]."
    ),
    "report_scope_conflict": (
        "Pakai satu cakupan saja: --survey, --institution atau --province (bukan gabungannya)."
    ),
    "report_cohort_with_survey": (
        "--cohort tidak dipakai bersama --survey: survei sudah menentukan angkatannya. Hapus "
        "--cohort, atau pakai --institution KODE --cohort TAHUN."
    ),
    "report_no_survey": (
        "Institusi {scope} belum punya survei untuk angkatan {cohort}. Lihat surveinya dengan "
        "`jejak survey list --institution {code}`, atau ubah --cohort."
    ),
    "report_no_province_survey": (
        "Belum ada survei angkatan {cohort} di lembaga-lembaga provinsi {scope}. Lembaga masuk "
        "provinsi bila diberi provinsi: `jejak institution add --code KODE --name … "
        '--province "{scope}"`; atau ubah --cohort.'
    ),
    "report_mixed_questionnaires": (
        "Survei angkatan {cohort} di {scope} memakai kuesioner berbeda: {found}. Angka dari "
        "kuesioner berbeda tidak digabung; pilih satu dengan --questionnaire NAMA."
    ),
    "report_several_surveys": (
        "Institusi {code} punya lebih dari satu survei angkatan {cohort}: yang dipakai survei "
        "{new} (terbaru), bukan {old}. Pilih yang lain dengan --survey ID."
    ),
    "report_title": "Laporan Indikator Tracer Study",
    "report_sheet_summary": "Ringkasan",
    "report_sheet_class": "Per kelas",
    "report_sheet_programme": "Per jurusan",
    "report_sheet_institution": "Per lembaga",
    "report_sheet_ranking": "Peringkat",
    "report_sheet_charts": "Grafik",
    "report_scope_survey": "Survei",
    "report_scope_institution": "Lembaga",
    "report_scope_province": "Provinsi",
    "report_scope_cohort": "Angkatan (tahun lulus)",
    "report_scope_questionnaire": "Kuesioner",
    "report_scope_classes": "Kelas",
    "report_scope_generated": "Dibuat (UTC)",
    "report_scope_wage": "Upah minimum",
    "report_wage_line": (
        "{level} {year}; {used} dari {available} baris data upah dipakai; bila tempat kerja tidak "
        "diketahui: provinsi lembaga ({fallback})"
    ),
    "report_wage_none": (
        "tidak ada upah minimum {year} yang cocok (provinsi lembaga: {fallback}); penghasilan "
        "tidak dibandingkan"
    ),
    "report_wage_unused": (
        "{year}: belum ada penghasilan untuk dibandingkan; bila tempat kerja tidak diketahui "
        "dipakai provinsi lembaga ({fallback})"
    ),
    "report_col_figure": "Angka",
    "report_col_value": "Nilai",
    "report_col_definition": "Definisi",
    "report_section_response": "Respons",
    "report_section_outcome": "Kegiatan utama (yang selesai mengisi)",
    "report_section_waiting_time_months": "Masa tunggu kerja pertama (bulan)",
    "report_section_income": "Penghasilan per bulan",
    "report_section_alignment": "Keselarasan pekerjaan dengan jurusan",
    "report_section_job_source": "Cara mendapat pekerjaan",
    "report_section_quality": "Kualitas data",
    "report_fig_alumni": "Alumni dalam daftar",
    "report_fig_completed": "Selesai mengisi",
    "report_fig_response_rate": "Tingkat respons",
    "report_fig_bmw_rate": "Keterserapan (BMW)",
    "report_fig_n": "Jumlah yang menjawab (n)",
    "report_fig_mean": "Rata-rata",
    "report_fig_median": "Median",
    "report_fig_within_3": "Dalam 3 bulan",
    "report_fig_within_6": "Dalam 6 bulan",
    "report_fig_at_least_minimum_wage": "Setara upah minimum atau lebih",
    "report_fig_not_comparable": "Tanpa data upah minimum tempatnya",
    "report_fig_aligned_share": "Selaras (dua nilai terbaik)",
    "report_fig_pkl_share": "Diterima di tempat PKL",
    "report_fig_unreadable": "Jawaban tersimpan yang tak terbaca",
    "report_not_declared": "tidak ditanyakan kuesioner ini",
    "report_no_data": "belum ada data",
    "report_no_group": "(tidak diisi)",
    "report_legend": (
        "–: belum ada data. *: disembunyikan karena kurang dari {n} alumni selesai mengisi "
        "(privasi)."
    ),
    "report_privacy_note": (
        "Hanya angka gabungan. Kelompok dengan kurang dari {n} alumni yang selesai mengisi hanya "
        "ditampilkan jumlahnya, tanpa angka penghasilan, masa tunggu atau keselarasan."
    ),
    "report_col_alumni": "Alumni",
    "report_col_completed": "Selesai",
    "report_col_response_rate": "Respons",
    "report_col_bmw_rate": "BMW",
    "report_col_waiting_mean": "Masa tunggu rata-rata (bln)",
    "report_col_within_6": "Kerja ≤ 6 bln",
    "report_col_income_median": "Median penghasilan",
    "report_col_minimum_wage": "≥ upah minimum",
    "report_col_aligned_share": "Selaras",
    "report_col_rank": "Peringkat",
    "report_group_class": "Kelas",
    "report_group_programme": "Jurusan",
    "report_group_institution": "Lembaga",
    "report_ranking_response_rate": "Menurut tingkat respons",
    "report_ranking_bmw_rate": "Menurut keterserapan (BMW)",
    "report_without_survey": "Lembaga tanpa survei angkatan ini: {list}",
    "report_chart_outcome": "Kegiatan utama lulusan (n = {n})",
    "report_chart_outcome_axis": "% dari yang selesai mengisi",
    "report_chart_bmw": "Keterserapan (BMW) per {group}",
    "report_chart_bmw_axis": "% bekerja, wirausaha atau melanjutkan (jumlah selesai)",
    "report_chart_more_groups": "dan {count} lainnya, lihat tabel",
    "report_chart_waiting": "Masa tunggu kerja pertama (n = {n})",
    "report_chart_waiting_axis": "% dari yang bekerja sebagai karyawan",
    "report_chart_no_data": "Belum ada data",
    "report_band_3": "≤ 3 bulan",
    "report_band_6": "4–6 bulan",
    "report_band_more": "> 6 bulan",
    "report_alt_outcome": "Grafik kegiatan utama lulusan",
    "report_alt_bmw": "Grafik keterserapan per kelompok",
    "report_alt_waiting": "Grafik masa tunggu kerja pertama",
    "export_sheet_figures": "Angka",
    # --- #17 parents: per-institution switch for parents' messages ---
    "institution_guardian_contact_on": (
        "{code}: nomor orang tua atau wali di daftar alumni boleh dikirimi satu pesan yang "
        "meminta mereka meneruskan tautan alumni, setelah saluran alumni sendiri tidak berhasil."
    ),
    "institution_guardian_contact_off": "{code}: nomor orang tua tidak akan pernah dihubungi.",
    # --- #17 link: class links and posters (jejak invite class-link / poster) ---
    "class_link_choose_institution": (
        "Ada beberapa institusi; sebutkan satu dengan --institution KODE. Kode yang ada: {codes}."
    ),
    "class_link_made": "Tautan kelas {name} ({institution}):",
    "class_link_renewed": (
        "Tautan kelas {name} ({institution}) diperbarui; tautan dan poster lama tidak berlaku lagi:"
    ),
    "class_link_share": (
        "Bagikan di kelas atau grup WhatsApp kelas. Siswa tetap harus mengetik NISN dan tanggal "
        "lahir, jadi tautan ini boleh tersebar di kelas."
    ),
    "poster_bad_output": (
        "--output {path}: poster hanya bisa ditulis sebagai .pdf atau .png. Contoh: "
        "--output poster.pdf"
    ),
    "poster_written": "Poster kelas {name} ditulis ke {path}.",
    # --- #17 opening: a survey's opening day ---
    "survey_opens_on": "Dibuka {opens}: {basis}.",
    "survey_opens_basis_given": "tanggal dari --opens",
    "survey_opens_basis_roster": (
        "{months} bulan setelah kelulusan terakhir di roster ({graduated}); "
        "ubah dengan jejak survey set --opens"
    ),
    "survey_opens_basis_usual": (
        "{months} bulan setelah {graduated} (roster tidak memuat tanggal lulus); "
        "ubah dengan jejak survey set --opens"
    ),
    "survey_opens_basis_past": (
        "hari ini, karena {months} bulan setelah kelulusan ({graduated}) sudah lewat"
    ),
    "survey_dates": "Survei {id}: dibuka {opens}, ditutup {closes} ({zone}).",
    "survey_opens_after_answers": (
        "Survei {id} sudah punya {count} jawaban: tanggal bukanya tidak bisa dipindah ke hari "
        "yang akan datang."
    ),
}

_EN: dict[str, str] = {
    "roster_cell": "row {row}, column '{column}'",
    "roster_row": "row {row}",
    "roster_rows_span": "rows {first}–{last}",
    "roster_required": "is empty; this column is required for every alumnus",
    "roster_bad_nisn": "'{value}' is not a NISN; a NISN has 10 digits, e.g. 0061234567",
    "roster_short_nisn": (
        "'{value}' has only {digits} digits; a NISN has 10. If Excel removed leading zeros, "
        "format the column as Text and type them again, e.g. 0061234567"
    ),
    "roster_bad_nik": "'{value}' is not a NIK; a NIK has 16 digits, or leave it empty",
    "roster_bad_identifier": "'{value}' is not a usable {label}. {rule}",
    "roster_bad_npwp": (
        "'{value}' is not an NPWP; an NPWP has 15 or 16 digits (dots and dashes allowed), or "
        "leave it empty"
    ),
    "roster_nik_number": (
        "NIK {value} is stored as a number, and Excel keeps only 15 digits, so its last digit may "
        "be wrong; format the NIK column as Text and type the NIK again"
    ),
    "roster_nik_scientific": (
        "the NIK shows as {value}: Excel turned it into scientific notation and its last digits "
        "are lost; format the NIK column as Text and type the NIK again"
    ),
    "roster_bad_email": "'{value}' is not an e-mail address (e.g. name@example.sch.id)",
    "roster_left_out": "this value was left out and the row imported without it",
    "roster_bad_date": "'{value}' is not a date; write it like 17-08-2006",
    "roster_implausible_birth_date": (
        "{value} cannot be an alumnus's birth date; check the year (e.g. 17-08-2006)"
    ),
    "roster_implausible_end_date": (
        "{value} cannot be a graduation or training end date; its year is from {min} to {max}"
    ),
    "roster_bad_gender": "'{value}' is not a gender; write L (male) or P (female)",
    "roster_bad_year": (
        "'{value}' is not a graduation year; write a 4-digit year between {min} and {max}, "
        "e.g. 2025"
    ),
    "roster_bad_phone": "'{value}' is not a phone number; write it like 081234567890",
    "roster_phone_letter": (
        "'{value}' has the letter '{letter}' in it; a phone number is digits only (the letter O "
        "is not the digit 0), write it like 081234567890"
    ),
    "roster_phone_confirmed_kept": (
        "{value} not used: the alumnus confirmed their own number, {kept}, in the chat. That "
        "number is kept; the row was imported without changing it"
    ),
    "roster_phone_too_short": (
        "'{value}' is missing digits; an Indonesian mobile number has {min}–{max} digits, "
        "write it like 081234567890"
    ),
    "roster_phone_too_long": (
        "'{value}' has too many digits; an Indonesian mobile number has {min}–{max} digits, one "
        "number per cell, write it like 081234567890"
    ),
    "roster_phone_landline": (
        "'{value}' is a landline and cannot receive WhatsApp; write a mobile number "
        "(e.g. 081234567890) or leave it empty"
    ),
    "roster_bad_language": "'{value}' is not a known language; write id (Indonesian) or en",
    "roster_too_long": "is too long ({length} characters); at most {max} characters",
    "roster_cell_too_long": (
        "is far too long ({length} characters) for this column; check the cell holds only its value"
    ),
    "roster_duplicate_nisn": (
        "{heading} {nisn} appears in row {first_row} and row {row} with different values "
        "({differ}); "
        "one row per alumnus: delete or correct one of them"
    ),
    "roster_class_no_programme": (
        "class '{value}' names no programme the institution knows ({known}); add a programme "
        "(jurusan) column, or name the programmes with --programme, e.g. --programme AKL"
    ),
    "roster_class_programme_ambiguous": (
        "class '{value}' could mean more than one programme ({matches}); add a programme "
        "(jurusan) column"
    ),
    "roster_homeroom_conflict": (
        "class '{class_name}' has homeroom teacher '{value}', but row {first_row} says "
        "'{first}'; a class has one homeroom teacher"
    ),
    "roster_missing_columns": (
        "required columns not found: {columns}. The column names were read from {rows} "
        "({headers}); name the columns e.g. {example}"
    ),
    "roster_missing_columns_year": (
        "required columns not found: {columns}. The column names were read from {rows} "
        "({headers}); name the columns e.g. {example}. With no "
        "graduation-year column, pass --graduation-year YEAR, e.g. --graduation-year 2025"
    ),
    "roster_no_graduation_year": (
        "there is no graduation-year column (Dapodik downloads have none); pass "
        "--graduation-year YEAR, e.g. --graduation-year 2025, to give it to every row, or add a "
        "graduation_year column"
    ),
    "roster_bad_year_option": (
        "--graduation-year {value} is not a graduation year; write a 4-digit year between "
        "{min} and {max}"
    ),
    "roster_duplicate_columns": (
        "columns '{first}' and '{second}' both mean {field}; delete one of them"
    ),
    "roster_empty": (
        "the file is empty; put the column names (nisn, name, graduation_year…) in row 1 and "
        "one alumnus per row below"
    ),
    "roster_no_rows": "there are column names ({rows}) but no alumni below them",
    "roster_unreadable": (
        "the file cannot be read ({detail}); open it in Excel and save it again as .xlsx "
        "or CSV UTF-8"
    ),
    "roster_utf16": (
        'this file is UTF-16 text (Excel\'s "Unicode Text") without a byte order mark; open '
        'it in Excel and use Save As > "CSV UTF-8 (Comma delimited)" or .xlsx'
    ),
    "roster_file_missing": (
        "{path} does not exist; check the file name and its folder (is the command run from "
        "another folder?)"
    ),
    "roster_is_directory": (
        "{path} is a folder, not a file; name the roster file in it, e.g. {path}/alumni.xlsx"
    ),
    "roster_no_permission": (
        "{path} cannot be opened: there is no permission to read it; check the file's "
        "permissions, or close it first if Excel has it open"
    ),
    "roster_unknown_extension": (
        "'{extension}' files are not supported; save the roster as .xlsx or .csv"
    ),
    "roster_unknown_institution": (
        "no institution has code {code} yet; add it first with "
        '`jejak institution add --code {code} --name "…" --kind smk`'
    ),
    "roster_no_class_column": (
        "no class (rombel) column: per-class and homeroom-teacher summaries will not include "
        "these alumni"
    ),
    "roster_header_row": "the column names were read from {rows}; the rows above it were skipped",
    "roster_programme_unknown": (
        "no programme (jurusan) column and no programmes known yet, so programmes are left "
        "empty; to take them from the class names (XII AKL 1 → AKL), name them with "
        "--programme AKL --programme TKJ …"
    ),
    "roster_duplicate_merged": (
        "repeats row {first_row} ({heading} {nisn}) apart from empty cells: merged and imported "
        "once"
    ),
    "roster_summary_warned": "{count} rows imported with a warning (listed above)",
    "roster_summary": (
        "{created} new alumni, {updated} updated, {unchanged} unchanged, "
        "{rejected} rows rejected, {class_groups_created} new classes"
    ),
    "roster_nothing_imported": (
        "{count} errors found, so nothing was imported. Fix the file and import it again, "
        "or use --skip-invalid to import only the correct rows"
    ),
    "roster_rejected_written": (
        "{count} rejected rows were saved to {path}, with the reason in column '{column}'"
    ),
    "roster_reason_column": "reason",
    "roster_field_nisn": "nisn",
    "roster_field_nik": "nik",
    "roster_field_name": "name",
    "roster_field_birth_date": "birth_date",
    "roster_field_gender": "gender",
    "roster_field_graduation_year": "graduation_year",
    "roster_field_programme": "programme",
    "roster_field_class_name": "class",
    "roster_field_homeroom_teacher": "homeroom_teacher",
    "roster_field_phone": "phone",
    "roster_field_guardian_phone": "guardian_phone",
    "roster_field_email": "email",
    "roster_field_language": "language",
    "roster_field_nim": "nim",
    "roster_field_participant": "participant_number (or nik)",
    "roster_field_npwp": "npwp",
    "roster_field_programme_code": "programme_code",
    "roster_field_finished_on": "graduation_date/end_date",
    "roster_field_batch": "batch",
    # --- CLI: database, settings ----------------------------------------------------------------
    "db_upgraded": "Database ready (revision {revision}).",
    "database_at": "Database: {path}",
    "db_current": "Database revision: {revision}; latest: {head} {ok}",
    "db_backed_up": "Database backup written: {path} ({size} bytes, readable by its owner only).",
    "db_backup_exists": (
        "{path} already exists: choose a new file name so no backup is overwritten."
    ),
    "db_backup_missing": "The database {path} does not exist: check JEJAK_DATABASE_URL.",
    "db_backup_cannot_write": "Cannot write {path} ({reason}): check its folder.",
    "db_backup_not_sqlite": (
        "This database is {backend}, not a SQLite file: back it up with the server's tools, e.g. "
        "`pg_dump --format=custom --file=jejak.dump <database>` (see docs/operations.md)."
    ),
    "db_not_ready": (
        "The database is not set up or is out of date. Run `jejak db upgrade`, then this command "
        "again (or `jejak demo` to try Jejak on sample data)."
    ),
    "db_unreachable": (
        "Cannot use the database {url} ({reason}). Check JEJAK_DATABASE_URL, and that the "
        "database server is running and reachable."
    ),
    "col_setting": "Setting",
    "col_value": "Value",
    # --- CLI: institutions -------------------------------------------------------------------
    "institution_saved": "Institution {code} ({name}) saved, time zone {timezone}.",
    "institution_not_found": (
        "No institution has code {code}. See them with `jejak institution list`, or add it with "
        "`jejak institution add --code {code} …`."
    ),
    "bad_kind": "Unknown institution kind '{kind}'; use smk, blk or university.",
    "bad_timezone": (
        "Unknown time zone '{zone}'; use WIB, WITA, WIT or a zone name such as Asia/Jakarta, "
        "Asia/Makassar, Asia/Jayapura."
    ),
    "col_code": "Code",
    "col_name": "Name",
    "col_kind": "Kind",
    "col_timezone": "Time zone",
    "col_alumni": "Alumni",
    # --- CLI: rosters -------------------------------------------------------------------------
    "roster_progress": "Importing {file}",
    "roster_refused": "{file} was not imported:",
    "roster_refused_hint": (
        "Row numbers are as Excel shows them (the column names are in {rows})."
    ),
    "roster_list_empty": (
        "Institution {code} has no alumni yet. Import a roster with "
        "`jejak roster import FILE --institution {code}`."
    ),
    "col_class": "Class",
    "status_not_invited": "not invited",
    "status_invited": "invited",
    "status_started": "answering",
    "status_completed": "completed",
    "status_declined": "declined",
    "status_opted_out": "stopped",
    # --- CLI: surveys and questionnaires -----------------------------------------------------
    "survey_created": (
        "Survey {id} '{name}' created for {code}: questionnaire {questionnaire} version "
        "{version}, class of {cohort}."
    ),
    "survey_closes_before_opens": (
        "The closing day {closes} must come after the opening day {opens}; check --opens and "
        "--closes."
    ),
    "bad_date_option": "'{value}' is not a date; write it like 2026-12-31 (year-month-day).",
    "col_id": "ID",
    "col_institution": "Institution",
    "col_questionnaire": "Questionnaire",
    "col_cohort": "Class of",
    "col_opens": "Opens",
    "col_closes": "Closes",
    "col_completed": "Completed",
    "col_started": "Answering",
    "col_version": "Version",
    "col_title": "Title",
    "col_file": "File",
    "questionnaire_ok": (
        "✓ {file}: questionnaire {id} version {version}, {questions} questions, no problems."
    ),
    "questionnaire_broken": (
        "A questionnaire has problems; Jejak will not run until the file is fixed "
        "(check it with `jejak questionnaire check FILE`):"
    ),
    "questionnaire_has_problems": "(has problems: run jejak questionnaire check)",
    # --- CLI: chat simulator -----------------------------------------------------------------
    "chat_intro_stored": (
        "Chat simulator: answer as an alumnus would on WhatsApp/Telegram. Every answer is saved "
        "as you give it. Ctrl-D leaves; run the same command to continue."
    ),
    "chat_intro_draft": "Questionnaire pilot: answers are NOT saved (no --as). Ctrl-D leaves.",
    "chat_saved": "Answers saved. Run the same command to continue.",
    "chat_needs_who": (
        "Choose who answers: --as NISN/NIM (an alumnus from the roster; see `jejak roster list "
        "--institution CODE`), or --questionnaire NAME to pilot without saving."
    ),
    "alumnus_not_found": (
        "No alumnus has {identifier} {nisn}. Check the number, or see the list with "
        "`jejak roster list --institution CODE`."
    ),
    "alumnus_ambiguous": (
        "{nisn} is on more than one institution's roster; add --institution CODE."
    ),
    "no_open_survey": (
        "No survey is open for this alumnus's institution. Create one with "
        "`jejak survey create --institution CODE --questionnaire smk`."
    ),
    "several_surveys": "Several surveys are open: {surveys}. Choose one with --survey ID.",
    "bad_language": "Language '{choice}' is not available; choose one of: {languages}.",
    # --- CLI: sample data and demo -----------------------------------------------------------
    "sample_loaded": "Sample data ready (fictional institutions, rosters and surveys):",
    "sample_broken": (
        "The sample file {file} cannot be imported; this Jejak install is incomplete. Reinstall it."
    ),
    "demo_intro": (
        "You are now a sample alumnus (NISN {nisn}) answering the SMK questionnaire. Also try: "
        "`jejak chat --as {nisn} --lang en`, `jejak chat --as {nim} --institution {code}` (a "
        "university graduate, by NIM), `jejak roster list --institution 99999901`, "
        "`jejak --help`."
    ),
    # --- CLI: jejak run ---------------------------------------------------------------------
    "run_no_token": (
        "No channel is configured. Set JEJAK_TELEGRAM_TOKEN to the bot token from @BotFather, "
        "and/or JEJAK_TWILIO_ACCOUNT_SID, JEJAK_TWILIO_AUTH_TOKEN and JEJAK_TWILIO_WHATSAPP_FROM "
        "for WhatsApp (in the environment or a .env file), then run `jejak run` again. To try a "
        "questionnaire without a bot: `jejak chat --as NISN` or `jejak demo`."
    ),
    "run_whatsapp_needs_public_url": (
        "WhatsApp needs a public address so that Twilio can reach Jejak: set JEJAK_PUBLIC_URL "
        "(e.g. https://jejak.school.sch.id) and point the WhatsApp sender's webhook in Twilio to "
        "<address>/whatsapp/inbound."
    ),
    "run_bad_token": (
        "Telegram refused the bot token ({reason}). Check JEJAK_TELEGRAM_TOKEN (from @BotFather) "
        "and JEJAK_TELEGRAM_API_URL if you use your own Bot API server."
    ),
    "run_telegram_unreachable": (
        "Telegram cannot be reached ({host}, {reason}): check this server's network, proxy "
        "(HTTPS_PROXY) and DNS, and JEJAK_TELEGRAM_API_URL if you use your own Bot API server; "
        "trying again in {seconds} s (Ctrl-C stops)."
    ),
    "run_telegram_refused": (
        "Telegram refused Jejak's request at start-up ({reason}). Check JEJAK_TELEGRAM_TOKEN and "
        "JEJAK_TELEGRAM_API_URL, then run `jejak run` again."
    ),
    "run_port_in_use": (
        "HTTP port {host}:{port} is already in use by another program (perhaps another `jejak "
        "run`). Stop that program, or choose another port with JEJAK_HTTP_PORT."
    ),
    "run_port_unusable": (
        "Cannot open HTTP on {host}:{port} ({reason}). Check JEJAK_HTTP_HOST (an address of this "
        "server, e.g. 0.0.0.0) and JEJAK_HTTP_PORT (ports below 1024 need root)."
    ),
    "run_started": "Jejak is running: Telegram ({mode}), HTTP on {host}:{port}. Ctrl-C stops it.",
    # --- CLI: invitations -------------------------------------------------------------------
    "survey_not_found": "There is no survey {id}. See survey ids with `jejak survey list`.",
    "invite_class_not_found": (
        "Institution {institution} has no class '{name}'. Its classes: {classes}."
    ),
    "invite_no_alumni": (
        "Survey {id} is for the class of {cohort}, but institution {institution}'s roster has no "
        "graduates of {cohort}. Import them first with "
        "`jejak roster import FILE --institution {institution}`."
    ),
    "invite_no_alumni_in_class": (
        "Class '{name}' has no graduates of {cohort}, so survey {id} has no invitations for it."
    ),
    "invite_no_bot": (
        "Invitation links need the Telegram bot's username. Set JEJAK_TELEGRAM_BOT_USERNAME "
        "(the bot's username without @, e.g. JejakTracerBot), or JEJAK_TELEGRAM_TOKEN (the "
        "token from @BotFather) so Jejak can ask Telegram for it."
    ),
    "invite_bad_bot_username": (
        "JEJAK_TELEGRAM_BOT_USERNAME '{value}' is not a bot username. Write just the username, "
        "without @ or t.me/, e.g. JejakTracerBot."
    ),
    "invite_bot_token_refused": (
        "Telegram refused JEJAK_TELEGRAM_TOKEN. Copy the token from @BotFather again, or set "
        "JEJAK_TELEGRAM_BOT_USERNAME to the bot's username."
    ),
    "invite_bot_unreachable": (
        "Could not ask Telegram for the bot's username ({reason}). Check the internet "
        "connection and JEJAK_TELEGRAM_TOKEN (and JEJAK_TELEGRAM_API_URL if used), or set "
        "JEJAK_TELEGRAM_BOT_USERNAME to the bot's username."
    ),
    "invite_cannot_write": (
        "Cannot write {path} ({reason}). Check that the folder exists and is writable, and that "
        "the file is not open in Excel."
    ),
    "invite_progress": "Writing invitation links",
    "invite_written": "{count} invitation links of survey {id} written to {path}.",
    "invite_written_qr": (
        "{count} invitation links of survey {id} written to {path}, their QR codes to {qr}."
    ),
    "invite_personal_data": (
        "Note: this file holds personal data and each alumnus's personal link. Share it only "
        "with homeroom teachers/BKK; each link or QR code is for its own alumnus only."
    ),
    "invite_nisn_not_in_cohort": (
        "NISN {nisn} is not among the class of {cohort} invited to survey {id}. Check the NISN "
        "in the roster (`jejak roster list`) and the survey id."
    ),
    "invite_none_for_alumnus": (
        "NISN {nisn} has no invitation link for survey {id}: nothing to revoke. Make one with "
        "`jejak invite reissue --survey {id} --nisn {nisn}`."
    ),
    "invite_revoked": (
        "The invitation link of NISN {nisn} for survey {id} is revoked: it works no more, and "
        "the chat that opened it is unlinked. A new link: `jejak invite reissue`."
    ),
    "invite_reissued": "New invitation link of NISN {nisn} for survey {id} (the old one is void):",
    # --- CLI: survey export (jejak export) and its files ----------------------------------
    "status_not_started": "not started",
    "export_col_alumni_nisn": "NISN (from the roster)",
    "export_col_alumni_nim": "NIM (from the roster)",
    "export_col_alumni_no_peserta": "Participant number or NIK (from the roster)",
    "export_col_alumni_nama": "Name (from the roster)",
    "export_col_alumni_kelas": "Class group (from the roster)",
    "export_col_alumni_jurusan": "Programme (from the roster)",
    "export_col_respons_status": "Survey status",
    "export_col_respons_mulai": "Started answering (local time)",
    "export_col_respons_selesai": "Finished answering (local time)",
    "export_col_respons_sumber": (
        "Where the answers came from: chat (the alumnus), phone (staff, from a call), "
        "import (a file)"
    ),
    "export_col_respons_dicatat_oleh": "The staff member who wrote the answers down (phone, file)",
    "export_sheet_answers": "Answers",
    "export_sheet_labels": "Labels",
    "export_sheet_info": "Info",
    "export_label_code": "code",
    "export_label_question": "question",
    "export_label_value": "value",
    "export_label_label": "meaning",
    "export_info_survey": "Survey",
    "export_info_institution": "Institution",
    "export_info_questionnaire": "Questionnaire",
    "export_info_classes": "Classes",
    "export_info_all_classes": "all classes",
    "export_info_generated": "Generated",
    "export_info_rows": "Alumni (rows)",
    "export_info_status": "Status: {status}",
    "export_info_note": (
        "Holds alumni's personal data (Law No. 27/2022 on personal data protection): keep it "
        "safe, share it only with those entitled to it, and delete it when no longer needed."
    ),
    "export_class_not_found": (
        "Institution {institution} has no class '{name}'. Its classes: {classes}."
    ),
    "export_file_exists": (
        "{path} already exists. Choose another name with --output, or overwrite it with --force."
    ),
    "export_cannot_write": (
        "Cannot write {path} ({reason}). Check that the folder is writable and that the file is "
        "not open in Excel."
    ),
    "export_progress": "Building export rows",
    "export_writing": "Writing the file",
    "export_written": "{count} rows of survey {id} results written to {path}.",
    "export_layout_written": (
        "{count} completed responses of survey {id} written to {path} in the {layout} upload "
        "layout."
    ),
    "export_layout_invalid": "The {layout} upload layout cannot be used:\n{problems}",
    "export_layout_mismatch": (
        "The {layout} upload layout does not fit survey {id}'s questionnaire:\n{problems}"
    ),
    "export_status_line": "  {status}: {count}",
    "export_personal_data": (
        "Note: this file holds alumni's personal data and answers. Keep it safe and share it only "
        "with those entitled to it (BKK, homeroom teachers, school leaders)."
    ),
    # --- answers gathered elsewhere (jejak responses import) ------------------------------------
    "responses_file_missing": (
        "{path} does not exist; check the file name and its folder (was the command run from "
        "another folder?)"
    ),
    "responses_is_directory": (
        "{path} is a folder, not a file; give the answers file in it, e.g. {path}/answers.xlsx"
    ),
    "responses_no_permission": (
        "{path} cannot be opened: no permission to read it; check the file's permissions, or "
        "close it first if it is open in Excel"
    ),
    "responses_unknown_extension": (
        "files of type '{extension}' are not supported; save it as .xlsx or .csv"
    ),
    "responses_unreadable": (
        "the file cannot be read ({detail}); open it in Excel and save it again as .xlsx or "
        "CSV UTF-8"
    ),
    "responses_empty": (
        "the file is empty; row 1 must hold column codes as in a file from `jejak export` "
        "({column}, then the question codes), with one alumnus per row below"
    ),
    "responses_no_key_column": (
        "there is no column '{column}'; row 1 must hold column codes as in a file from "
        "`jejak export`, with a column {column} holding each alumnus's number from the roster"
    ),
    "responses_duplicate_column": (
        "this column appears twice (columns {first} and {second}); delete one of them"
    ),
    "responses_unknown_column": (
        "column '{column}' is not a column of questionnaire {questionnaire}, yet {count} rows "
        "fill it (rows {lines}); delete the column or correct its code (see the Labels sheet of "
        "this survey's export)"
    ),
    "responses_no_rows": "there is only the header row, no alumni's answers below it",
    "responses_blank_key": (
        "empty, yet the row holds answers; fill in the alumnus's {column} from the roster"
    ),
    "responses_unknown_alumnus": (
        "'{value}' is not on the roster of institution {institution}'s {year} graduates; check "
        "the number, or import the roster first (jejak roster import)"
    ),
    "responses_duplicate_alumnus": (
        "'{value}' is already on row {first}; one row per alumnus, delete one of them"
    ),
    "responses_bad_status": (
        "'{value}' is not a known status; write '{completed}' for a complete response, or leave "
        "it empty"
    ),
    "responses_bad_time": (
        "'{value}' is not a time; write e.g. 2025-09-01 11:00 (local time), or leave it empty"
    ),
    "responses_future_time": "{value} has not happened yet; check the date, or leave it empty",
    "responses_time_order": (
        "the start time {started} is after the finish time {completed}; check both"
    ),
    "responses_bad_flag": (
        "'{value}' is neither 1 nor 0; write 1 when this option was chosen, 0 or nothing when not"
    ),
    "responses_bad_choice": (
        "'{value}' is not a choice code of this question; its codes: {choices} (their meaning "
        "is on the export's Labels sheet)"
    ),
    "responses_bad_place": (
        "'{value}' is not an official region code (Kemendagri); write the code as the export "
        "does, e.g. 63 for Kalimantan Selatan or 6371 for Kota Banjarmasin"
    ),
    "responses_rejected": "'{value}' is not accepted: {reason}",
    "responses_other_missing": (
        "empty, yet choice {choice} (other) is chosen; write the 'other' answer here"
    ),
    "responses_other_unused": (
        "filled in, yet the 'other' choice ({choice}) is not chosen; choose {choice} or empty "
        "this cell"
    ),
    "responses_required": (
        "empty, yet this alumnus must answer this question (given their earlier answers); fill "
        "in the answer, its codes are on the export's Labels sheet"
    ),
    "responses_hidden": (
        "filled in, yet given the earlier answers this question is not asked of this alumnus; "
        "empty this cell, or correct the answer that decides it"
    ),
    "responses_not_accepted": "'{value}' is not accepted as an answer to this question; check it",
    "responses_not_completed": (
        "this row's answers cannot be completed; check its columns against the Labels sheet"
    ),
    "responses_refused": "{file} was not imported; no answers were stored:",
    "responses_nothing_imported": (
        "Nothing was stored. Correct the {count} errors above, then run it again."
    ),
    "responses_bad_source": (
        "Unknown source '{value}'; use --source import (a file) or --source phone"
    ),
    "responses_staff_required": (
        'Answers taken on the phone need the name of who took them: --staff "NAME"'
    ),
    "responses_bad_staff": "The staff member's name (--staff) has at most {max} characters",
    "responses_progress_check": "Checking {file}",
    "responses_progress_store": "Storing the answers",
    "responses_source_import": "file import",
    "responses_source_phone": "phone, taken by {staff}",
    "responses_summary": "{count} complete responses from {file} stored in survey {id} ({source}).",
    "responses_summary_counts": (
        "  new: {created}; replacing unfinished responses or an earlier import: {replaced}"
    ),
    "responses_skipped_chat": (
        "  skipped {count} (rows {lines}): the alumnus already completed it in a chat; their "
        "answers are not overwritten"
    ),
    "responses_skipped_opted_out": (
        "  skipped {count} (rows {lines}): the alumnus asked to stop or to have their data erased"
    ),
    "responses_skipped_unfinished": (
        "  skipped {count} (rows {lines}): the file's status says unfinished; if the answers are "
        "complete, change the status to '{completed}' or empty it"
    ),
    "responses_skipped_blank": "  skipped {count} rows without answers",
    # --- staff and reminder policy (jejak staff, jejak survey reminders) ------------------------
    "staff_bad_role": "Unknown role '{value}'. Choose one of: {roles}",
    "staff_no_name": 'Give the staff member\'s name with --name, e.g. --name "Bu Sari"',
    "staff_operator_scope": "An operator sees every institution: give no --institution or --class",
    "staff_needs_institution": (
        "Role {role} needs --institution CODE (repeat it for several institutions)"
    ),
    "staff_homeroom_scope": (
        "A homeroom teacher needs exactly one --institution and at least one --class, "
        'e.g. --institution 99999901 --class "XII AKL 1"'
    ),
    "staff_classes_only_homeroom": "--class is only for the homeroom role",
    "staff_bad_language": "Unknown language '{value}': use id or en",
    "staff_class_not_found": (
        "There is no class '{name}' at institution {code}. Classes there: {classes}"
    ),
    "staff_added": "Staff member {id} ({name}, {role}) added. One-time Telegram link:",
    "staff_bad_phone": "'{value}' is not a WhatsApp number; write e.g. 081234567890",
    "staff_whatsapp_linked": "WhatsApp {phone} linked: staff commands can be typed there.",
    "staff_link_note": (
        "Send this link to that person only: it lasts 7 days and links one chat. "
        "A new link: jejak staff link ID"
    ),
    "staff_none": (
        "No staff yet. Add one with: jejak staff add --role bkk --name ... --institution CODE"
    ),
    "staff_col_id": "ID",
    "staff_col_name": "Name",
    "staff_col_role": "Role",
    "staff_col_scope": "Scope",
    "staff_col_chat": "Chat",
    "staff_linked": "linked",
    "staff_not_linked": "not linked",
    "staff_removed": "removed",
    "staff_scope_all": "every institution",
    "staff_not_found": "There is no staff member {id}. See the list: jejak staff list",
    "staff_removed_done": "Staff member {id}'s access is removed; their commands get no answer.",
    "reminder_bad_days": "'{value}' is not a list of days; write e.g. 3,7,14 (at most 3 reminders)",
    "reminder_bad_hours": "'{value}' is not an hour range; write e.g. 8-20 (local time)",
    "reminder_bad_policy": "That reminder policy cannot be used: {reason}",
    "reminder_policy": (
        "Survey {id}: reminders {days} days after the invitation, only {start}:00-{end}:00 ({zone})"
    ),
    # --- CLI and documents: jejak report (indicators) -----------------------------------------
    "bad_province": (
        "{option}: '{province}' is not a known province; write its name (e.g. Jawa Barat), its "
        "short name (Jabar) or its code (32)."
    ),
    "institution_province": "Province: {code} {province}.",
    "col_province": "Province",
    "report_progress": "Reading alumni's answers",
    "report_written": "Report written to {path}.",
    "report_cannot_write": (
        "{option}: cannot write {path} ({reason}). Choose a file in a folder you may write to, "
        "e.g. --out report.xlsx, and make sure the file is not open in Excel."
    ),
    "report_umk_missing": (
        "{option}: cannot read the UMK file {path}. Check its name and folder, or run without "
        "{option} to use the shipped UMP."
    ),
    "report_umk_refused": "{option}: the UMK file {path} is not used; fix it first:\n{problems}",
    "report_survey_not_found": (
        "{option}: there is no survey {id}. See survey ids with `jejak survey list`."
    ),
    "report_institution_not_found": (
        "{option}: no institution has code {code}. See the codes with `jejak institution list`."
    ),
    "report_scope_missing": (
        "Choose what to report on: --survey ID (see `jejak survey list`), --institution CODE "
        "[--cohort YEAR], or --province NAME [--cohort YEAR]."
    ),
    "report_scope_conflict": (
        "Use one scope only: --survey, --institution or --province (not together)."
    ),
    "report_cohort_with_survey": (
        "--cohort does not go with --survey: the survey fixes its cohort. Drop --cohort, or use "
        "--institution CODE --cohort YEAR."
    ),
    "report_no_survey": (
        "Institution {scope} has no survey of the {cohort} cohort. See its surveys with "
        "`jejak survey list --institution {code}`, or change --cohort."
    ),
    "report_no_province_survey": (
        "No institution in {scope} has a survey of the {cohort} cohort. An institution is in a "
        "province once given one: `jejak institution add --code CODE --name … "
        '--province "{scope}"`; or change --cohort.'
    ),
    "report_mixed_questionnaires": (
        "The {cohort} surveys in {scope} use different questionnaires: {found}. Figures of "
        "different questionnaires are not added up; choose one with --questionnaire NAME."
    ),
    "report_several_surveys": (
        "Institution {code} has more than one survey of the {cohort} cohort: using survey {new} "
        "(the latest), not {old}. Choose another with --survey ID."
    ),
    "report_title": "Tracer Study Indicators Report",
    "report_sheet_summary": "Summary",
    "report_sheet_class": "By class",
    "report_sheet_programme": "By programme",
    "report_sheet_institution": "By institution",
    "report_sheet_ranking": "Ranking",
    "report_sheet_charts": "Charts",
    "report_scope_survey": "Survey",
    "report_scope_institution": "Institution",
    "report_scope_province": "Province",
    "report_scope_cohort": "Cohort (graduation year)",
    "report_scope_questionnaire": "Questionnaire",
    "report_scope_classes": "Classes",
    "report_scope_generated": "Generated (UTC)",
    "report_scope_wage": "Minimum wage",
    "report_wage_line": (
        "{level} {year}; {used} of {available} wage rows used; where the place of work is not "
        "known: the institution's province ({fallback})"
    ),
    "report_wage_none": (
        "no {year} minimum wage matched (institution's province: {fallback}); incomes are not "
        "compared"
    ),
    "report_wage_unused": (
        "{year}: no income to compare yet; where the place of work is not known, the "
        "institution's province ({fallback})"
    ),
    "report_col_figure": "Figure",
    "report_col_value": "Value",
    "report_col_definition": "Definition",
    "report_section_response": "Response",
    "report_section_outcome": "Main status (completed responses)",
    "report_section_waiting_time_months": "Waiting time for the first job (months)",
    "report_section_income": "Monthly income",
    "report_section_alignment": "Fit of the work with the programme",
    "report_section_job_source": "How the job was found",
    "report_section_quality": "Data quality",
    "report_fig_alumni": "Alumni on the roster",
    "report_fig_completed": "Completed",
    "report_fig_response_rate": "Response rate",
    "report_fig_bmw_rate": "BMW rate",
    "report_fig_n": "Answered (n)",
    "report_fig_mean": "Mean",
    "report_fig_median": "Median",
    "report_fig_within_3": "Within 3 months",
    "report_fig_within_6": "Within 6 months",
    "report_fig_at_least_minimum_wage": "At least the minimum wage",
    "report_fig_not_comparable": "No minimum wage known for the place",
    "report_fig_aligned_share": "Aligned (two best points)",
    "report_fig_pkl_share": "Hired by the PKL place",
    "report_fig_unreadable": "Stored answers that could not be read",
    "report_not_declared": "not asked by this questionnaire",
    "report_no_data": "no data yet",
    "report_no_group": "(not given)",
    "report_legend": (
        "–: no data yet. *: hidden because fewer than {n} alumni completed (privacy)."
    ),
    "report_privacy_note": (
        "Aggregates only. Groups with fewer than {n} completed responses show counts only, no "
        "income, waiting time or alignment figures."
    ),
    "report_col_alumni": "Alumni",
    "report_col_completed": "Completed",
    "report_col_response_rate": "Response",
    "report_col_bmw_rate": "BMW",
    "report_col_waiting_mean": "Mean wait (months)",
    "report_col_within_6": "Job ≤ 6 months",
    "report_col_income_median": "Median income",
    "report_col_minimum_wage": "≥ minimum wage",
    "report_col_aligned_share": "Aligned",
    "report_col_rank": "Rank",
    "report_group_class": "Class",
    "report_group_programme": "Programme",
    "report_group_institution": "Institution",
    "report_ranking_response_rate": "By response rate",
    "report_ranking_bmw_rate": "By BMW rate",
    "report_without_survey": "Institutions without a survey of this cohort: {list}",
    "report_chart_outcome": "Graduates' main status (n = {n})",
    "report_chart_outcome_axis": "% of completed responses",
    "report_chart_bmw": "BMW rate by {group}",
    "report_chart_bmw_axis": "% working, in business or studying (completed responses)",
    "report_chart_more_groups": "and {count} more, see the table",
    "report_chart_waiting": "Waiting time for the first job (n = {n})",
    "report_chart_waiting_axis": "% of those working as employees",
    "report_chart_no_data": "No data yet",
    "report_band_3": "≤ 3 months",
    "report_band_6": "4–6 months",
    "report_band_more": "> 6 months",
    "report_alt_outcome": "Chart of graduates' main status",
    "report_alt_bmw": "Chart of the BMW rate by group",
    "report_alt_waiting": "Chart of the waiting time for the first job",
    "export_sheet_figures": "Figures",
    # --- #17 parents: per-institution switch for parents' messages ---
    "institution_guardian_contact_on": (
        "{code}: a parent's or guardian's number on the roster may get one message asking them "
        "to pass on the alumnus's link, once the alumnus's own channels are spent."
    ),
    "institution_guardian_contact_off": "{code}: parents' numbers are never written to.",
    # --- #17 link: class links and posters (jejak invite class-link / poster) ---
    "class_link_choose_institution": (
        "There are several institutions; name one with --institution CODE. Codes: {codes}."
    ),
    "class_link_made": "Class link of {name} ({institution}):",
    "class_link_renewed": (
        "Class link of {name} ({institution}) renewed; the old link and poster no longer work:"
    ),
    "class_link_share": (
        "Share it in class or in the class's WhatsApp group. Students still type their NISN and "
        "birth date, so the link may go round the class."
    ),
    "poster_bad_output": (
        "--output {path}: a poster is written as .pdf or .png only. For example: "
        "--output poster.pdf"
    ),
    "poster_written": "Poster of class {name} written to {path}.",
    # --- #17 opening: a survey's opening day ---
    "survey_opens_on": "Opens {opens}: {basis}.",
    "survey_opens_basis_given": "the day given with --opens",
    "survey_opens_basis_roster": (
        "{months} months after the roster's latest graduation ({graduated}); "
        "change it with jejak survey set --opens"
    ),
    "survey_opens_basis_usual": (
        "{months} months after {graduated} (the roster has no graduation days); "
        "change it with jejak survey set --opens"
    ),
    "survey_opens_basis_past": (
        "today, as {months} months after graduation ({graduated}) have already passed"
    ),
    "survey_dates": "Survey {id}: opens {opens}, closes {closes} ({zone}).",
    "survey_opens_after_answers": (
        "Survey {id} already has {count} answers: its opening day cannot move to a day still "
        "to come."
    ),
}

STAFF_MESSAGES: dict[str, dict[str, str]] = {"id": _ID, "en": _EN}


def staff_text(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language` (Indonesian when unknown), filled with `params`."""
    return fill(STAFF_MESSAGES, language, key, **params)
