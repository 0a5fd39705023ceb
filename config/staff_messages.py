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
    "col_nisn": "NISN",
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
    "export_status_line": "  {status}: {count}",
    "export_personal_data": (
        "Perhatian: file ini berisi data pribadi dan jawaban alumni. Simpan di tempat aman dan "
        "bagikan hanya kepada yang berwenang (BKK, wali kelas, pimpinan)."
    ),
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
    "col_nisn": "NISN",
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
    "export_status_line": "  {status}: {count}",
    "export_personal_data": (
        "Note: this file holds alumni's personal data and answers. Keep it safe and share it only "
        "with those entitled to it (BKK, homeroom teachers, school leaders)."
    ),
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
}

STAFF_MESSAGES: dict[str, dict[str, str]] = {"id": _ID, "en": _EN}


def staff_text(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language` (Indonesian when unknown), filled with `params`."""
    return fill(STAFF_MESSAGES, language, key, **params)
