"""What staff read in their chats when they run commands (/statistik, /belum …), id and en.

Telegram HTML: the caller escapes every name it puts in a param. Same keys and placeholders in
both languages (a test checks).
"""

from __future__ import annotations

from typing import Any

from conversations.messages import fill

_ID: dict[str, str] = {
    "help": "<b>Perintah staf Jejak</b>",
    "help_stats": "/statistik [kelas]: respons, persentase selesai, status lulusan",
    "help_missing": "/belum [kelas]: siapa yang belum selesai",
    "help_resend": "/kirimulang kelas|NISN/NIM/no. peserta|semua: kirim pengingat sekarang",
    "help_remind": "/pengingat: jalankan satu putaran pengingat sekarang",
    "help_export": "/ekspor [kelas]: file Excel berisi semua jawaban",
    "help_link_group": (
        "/sambungkan kode [nama]: (di grup) grup ini menerima ringkasan mingguan dan /statistik; "
        "dengan nama, anggotanya juga melihat nama di /belum"
    ),
    "help_report": (
        "/laporan [kelas] [xlsx]: indikator (keterserapan, masa tunggu, upah minimum) dengan "
        "grafik; dengan xlsx, file Excel laporannya"
    ),
    "help_classes": "Nama kelas ditulis seperti di daftar, mis. /belum XII AKL 1",
    "linked": "Halo {name}! Chat ini sekarang terhubung sebagai {role} untuk {scope}.",
    "link_invalid": (
        "Tautan staf ini tidak berlaku lagi (sudah dipakai atau kedaluwarsa). Minta operator "
        "membuat tautan baru dengan: jejak staff link"
    ),
    "role_operator": "operator",
    "role_bkk": "BKK",
    "role_homeroom": "wali kelas",
    "role_viewer": "pemantau",
    "scope_everything": "semua lembaga",
    "not_allowed": "Perintah ini di luar wewenang Anda.",
    "staff_only": "Perintah ini hanya untuk staf yang terdaftar. Minta tautan staf ke operator.",
    "group_usage": (
        "Tulis di grup staf: /sambungkan kode-lembaga, mis. /sambungkan 99999901 "
        "(atau /sambungkan 99999901 nama agar anggota grup boleh melihat nama alumni)"
    ),
    "group_private": "Perintah /sambungkan dipakai di grup staf, bukan di chat pribadi.",
    "group_linked": "Grup ini kini menerima ringkasan mingguan {institution} setiap Senin pagi.",
    "group_names": "Anggota grup ini boleh melihat nama alumni (/belum); file tetap lewat pribadi.",
    "group_no_names": (
        "Di grup ini hanya angka (/statistik); daftar nama (/belum) dan file (/ekspor) dikirim "
        "ke chat pribadi yang meminta."
    ),
    "group_not_linked": (
        "Grup ini belum terhubung. Staf BKK dapat menghubungkannya dulu dengan /sambungkan "
        "kode-lembaga."
    ),
    "group_outside_scope": "Grup ini terhubung dengan lembaga di luar cakupan Anda.",
    "sent_to_person": "Jawabannya berisi nama atau file: saya kirim lewat chat pribadi Anda.",
    "open_private_chat": (
        "Jawabannya berisi nama atau file, jadi hanya dikirim lewat chat pribadi. Buka chat "
        "pribadi dengan bot ini, tekan Mulai, lalu ulangi perintahnya."
    ),
    "not_in_scope": "“{name}” tidak ada dalam cakupan Anda. Pilihan: {choices}",
    "choose_institution": (
        "Anda memegang beberapa lembaga: tulis kodenya dulu, mis. /{command} {example}. "
        "Kode: {codes}"
    ),
    "no_survey": (
        "Belum ada survei yang dibuka untuk {institution}. Operator membukanya dengan: "
        "jejak survey create"
    ),
    "scope_all": "seluruh {institution}",
    "missing_header": "<b>Belum selesai: {survey}</b>, {scope} ({count} alumni)",
    "missing_line": (
        "• {name} ({identifier} {nisn}, {group}): {status}, {reach}, pesan terakhir {last}"
    ),
    "missing_guessed": (
        "  ⚠ terlalu banyak percobaan {identifier} dan tanggal lahir yang salah untuk alumni ini; "
        "kirimkan tautan undangannya (jejak invite reissue bila tautan lama tersebar)"
    ),
    "missing_more": "… dan {count} lainnya. Daftar lengkap: /ekspor",
    "missing_none": "Semua alumni di {scope} sudah selesai mengisi. Terima kasih! 🎉",
    "status_not_started": "belum mulai",
    "status_invited": "belum mulai",
    "status_started": "sedang mengisi",
    "status_declined": "menolak mengisi",
    "status_opted_out": "minta berhenti",
    "reach_reachable": "bisa dihubungi",
    "reach_no_chat": "belum membuka bot",
    "reach_blocked": "memblokir bot",
    "reach_opted_out": "tidak menerima pengingat",
    "reach_declined": "tidak menerima pengingat",
    "never": "belum pernah",
    "last_delivery": "{at}: {state}",
    "delivery_sent": "terkirim",
    "delivery_delivered": "diterima",
    "delivery_read": "dibaca",
    "failure_needs_template": "tidak terkirim, WhatsApp perlu template",
    "failure_not_whatsapp": "gagal, nomor tidak aktif di WhatsApp",
    "failure_blocked": "gagal, diblokir oleh penerima",
    "failure_other": "gagal terkirim",
    "no_class": "tanpa kelas",
    "resend_usage": (
        "Tulis: /kirimulang kelas, /kirimulang NISN (atau NIM, nomor peserta), atau "
        "/kirimulang semua"
    ),
    "resend_confirm": (
        "Kirim pengingat sekarang ke {count} alumni ({target})? "
        "Tekan tombol, atau ketik /kirimulang {target} ya"
    ),
    "resend_button": "Ya, kirim ke {count} alumni",
    "resend_done": (
        "Pengingat untuk {count} alumni dijadwalkan dan terkirim dalam beberapa menit "
        "(hanya pukul {start}.00–{end}.00 waktu setempat)."
    ),
    "resend_already": "{count} alumni sudah dikirimi pengingat hari ini; tidak dikirim lagi.",
    "resend_unreachable": (
        "{count} alumni belum bisa dihubungi lewat chat (belum membuka bot atau memblokirnya): "
        "bagikan tautan undangan pribadi mereka (jejak invite links)."
    ),
    "resend_nobody": "Tidak ada alumni di {target} yang bisa dan perlu diingatkan sekarang.",
    "nisn_unknown": "Tidak ada alumni dengan {identifier} {nisn} dalam cakupan Anda.",
    "remind_done": (
        "Putaran pengingat {scope}: {planned} alumni akan diingatkan. "
        "{recent} baru diingatkan dalam 2 hari terakhir, {capped} sudah menerima semua pengingat."
    ),
    "export_caption": "Ekspor {survey}: {rows} alumni ({scope}).",
    "export_busy": "Menyiapkan file ekspor…",
    "file_not_sent": (
        "Maaf, file {file} tidak dapat dikirim lewat WhatsApp. Operator dapat membuatnya di "
        "server dengan: jejak export --survey nomor-survei"
    ),
    "failed": "Maaf, perintah itu gagal dijalankan. Coba lagi sebentar lagi.",
    "target_all": "semua",
    "compare_header": "📊 <b>Perbandingan lembaga</b> (survei terakhir masing-masing)",
    "compare_line": "{institution}: {completed}/{alumni} selesai ({rate}%)",
    "compare_no_survey": "{institution}: belum ada survei",
    "compare_hint": "Rincian per kelas: /statistik kode-lembaga",
    "menu_stats": "Respons, persentase selesai, status lulusan",
    "menu_missing": "Siapa yang belum selesai",
    "menu_resend": "Kirim pengingat sekarang: kelas, NISN/NIM, atau semua",
    "menu_remind": "Satu putaran pengingat sekarang",
    "menu_export": "File Excel berisi semua jawaban",
    "menu_report": "Indikator lulusan dengan grafik; /laporan xlsx untuk file Excel",
    "report_header": "📊 <b>Laporan {survey}</b> · {scope}",
    "report_response": (
        "Angkatan {cohort}: <b>{completed}/{alumni}</b> alumni selesai mengisi (tingkat respons "
        "{rate})"
    ),
    "report_bmw": "Keterserapan (BMW: bekerja, melanjutkan, wirausaha): <b>{rate}</b>",
    "report_waiting": "Masa tunggu kerja pertama (median): {months}",
    "report_wage": "Penghasilan setara upah minimum atau lebih: {share}",
    "report_iku": "IKU lulusan (definisi {definition}): {share} ({count} dari {n})",
    "report_trend": "Angkatan sebelumnya (respons · BMW): {cohorts}",
    "report_trend_item": "{cohort}: {response} · {bmw}",
    "report_no_data": "belum ada data",
    "report_small": (
        "Kurang dari {n} alumni selesai mengisi: hanya jumlah yang ditampilkan, tanpa masa tunggu "
        "dan penghasilan (privasi)."
    ),
    "report_xlsx_hint": "File Excel laporan lengkap: /laporan xlsx",
    "report_xlsx_caption": "Laporan indikator {survey} ({scope}).",
    "report_ranking_header": "📊 <b>Peringkat lembaga</b> · angkatan {cohort} ({count} lembaga)",
    "report_ranking_response_rate": "<b>Menurut tingkat respons</b>",
    "report_ranking_bmw_rate": "<b>Menurut keterserapan (BMW)</b>",
    "report_ranking_line": "{rank}. {institution}: {value} ({completed}/{alumni} selesai)",
    "report_ranking_more": "… dan {count} lembaga lainnya (lengkap: /laporan xlsx)",
    "report_ranking_hint": "Rincian satu lembaga: /laporan kode-lembaga",
    "report_without_survey": "Belum ada survei angkatan ini: {institutions}",
    "report_other_questionnaires": (
        "Hanya lembaga dengan kuesioner {chosen} yang diperingkat; lembaga dengan kuesioner lain "
        "({others}): /laporan kode-lembaga"
    ),
    "report_ranking_caption": "Peringkat lembaga angkatan {cohort} ({count} lembaga).",
    "report_none": "Belum ada survei untuk lembaga dalam cakupan Anda.",
    # --- #17 parents: the routes tried on /belum ---
    "missing_tried": "  ↳ {routes}",
    "route_telegram": "Telegram",
    "route_whatsapp": "WA",
    "route_parent": "ortu",
    "route_attempt": "{route} {at}: {result}",
    "route_no_date": "{route}: {result}",
    "tried_failed": "gagal",
    "tried_blocked": "diblokir",
    "tried_wrong_number": "salah nomor",
    "tried_not_whatsapp": "nomor tak aktif",
    "tried_needs_template": "perlu template",
    "tried_opted_out": "minta berhenti",
    # --- #17 link: /tautan, class links before graduation ---
    "help_class_links": (
        "/tautan [kelas]: tautan kelas untuk siswa kelas XII, dan siapa yang belum terhubung"
    ),
    "menu_classlink": "Tautan kelas XII dan siswa yang belum terhubung",
    "menu_phone": "Isi jawaban alumni yang dihubungi lewat telepon: /telepon NISN/NIM",
    "class_links_header": "🔗 <b>Tautan kelas</b> · {institution}",
    "class_links_class": (
        "<b>{name}</b> (lulus {cohort}): {linked} dari {students} siswa sudah terhubung"
    ),
    "class_links_unlinked": "Belum terhubung: {names}",
    "class_links_more": "dan {count} lainnya",
    "class_links_none": "Belum ada kelas dalam cakupan Anda.",
    "class_links_hint": (
        "Nama siswa yang belum terhubung: /{command} nama kelas, mis. /{command} XII AKL 1"
    ),
    "class_links_poster": (
        "Bagikan tautan di grup kelas. Poster A4 dengan kode QR: minta operator menjalankan "
        'jejak invite poster --class "nama kelas" --output poster.pdf'
    ),
    # --- #17 phone: answers given by phone (/telepon, bot/staff/phone.py) ---
    "help_phone": (
        "/telepon NISN: isi kuesioner atas nama alumni yang Anda hubungi lewat telepon; "
        "/selesai untuk kembali"
    ),
    # Short: /belum's list nearly fills one WhatsApp message (1,600 characters).
    "missing_phone_hint": "📞 Dijawab lewat telepon? Ketik /telepon {identifier}",
    "missing_phone_button": "📞 {name}: dijawab lewat telepon",
    "phone_usage": "Tulis: /telepon {identifier} alumni, mis. dari daftar /belum.",
    "phone_private": "Jawaban lewat telepon diisi di chat pribadi Anda dengan bot, bukan di grup.",
    "phone_not_started": "Baik, tidak jadi. Tidak ada yang diubah.",
    "phone_no_survey": "Tidak ada survei yang sedang dibuka untuk angkatan {name}.",
    "phone_already_completed": "{name} sudah selesai mengisi kuesioner. Terima kasih!",
    "phone_opted_out": (
        "{name} sudah minta berhenti dihubungi. Jawaban tidak bisa diisi atas nama mereka; "
        "hanya alumni sendiri yang bisa mulai lagi dari chat mereka."
    ),
    "phone_declined": (
        "{name} sudah menolak mengisi kuesioner di chat. Jawaban tidak bisa diisi atas nama mereka."
    ),
    "phone_taken": "Staf lain sedang mengisi jawaban {name} lewat telepon saat ini.",
    "phone_confirm": (
        "📞 Anda akan mengisi kuesioner <b>{survey}</b> atas nama <b>{name}</b> ({group}). "
        "Sudah mendapat persetujuan alumni di telepon?\n"
        "Tekan tombol, atau ketik /{yes} (tidak jadi: /{no})"
    ),
    "phone_button": "📞 Ya, sudah setuju: mulai",
    "phone_started": (
        "📞 Mulai. Semua yang Anda tulis di chat ini sekarang menjadi jawaban <b>{name}</b>, "
        "seperti yang mereka katakan di telepon. Jawaban disimpan atas nama Anda.\n"
        "{done}: selesai dan kembali ke perintah staf. {cancel}: berhenti di sini (jawaban yang "
        "sudah diisi tetap tersimpan)."
    ),
    "phone_busy": (
        "Anda sedang mengisi jawaban <b>{name}</b> lewat telepon. Jawab pertanyaan terakhir, "
        "atau ketik {done} untuk kembali ke perintah staf ({cancel}: berhenti di sini)."
    ),
    "phone_alumnus_only": (
        "Berhenti dihubungi dan hapus data hanya bisa diminta alumni sendiri, dari chat mereka. "
        'Kalau alumni tidak mau mengisi, jawab "tidak" pada pertanyaan persetujuan.'
    ),
    "phone_done": (
        "📞 Mode telepon untuk <b>{name}</b> selesai (status: {status}). Jawaban yang sudah "
        "diisi tersimpan; lanjutkan kapan saja dengan /{command} {nisn}. Perintah staf bisa "
        "dipakai lagi."
    ),
    "phone_cancel": (
        "📞 Dihentikan. Jawaban <b>{name}</b> yang sudah diisi tetap tersimpan (status: {status}); "
        "lanjutkan kapan saja dengan /{command} {nisn}. Perintah staf bisa dipakai lagi."
    ),
    "phone_finished": (
        "📞 Terima kasih! Jawaban <b>{name}</b> tersimpan sebagai jawaban lewat telepon atas nama "
        "Anda (status: {status}). Perintah staf bisa dipakai lagi."
    ),
    "phone_closed": (
        "📞 {name} sudah mengisi di chat mereka sendiri (status: {status}); pesan Anda tidak "
        "dicatat sebagai jawaban. Mode telepon selesai, perintah staf bisa dipakai lagi."
    ),
    "phone_status_completed": "selesai",
    "phone_status_declined": "menolak mengisi",
    "phone_status_opted_out": "minta berhenti",
}

_EN: dict[str, str] = {
    "help": "<b>Jejak staff commands</b>",
    "help_stats": "/stats [class]: responses, completion rate, graduates' status",
    "help_missing": "/missing [class]: who has not finished",
    "help_resend": "/resend class|NISN/NIM/participant no.|all: send a reminder now",
    "help_remind": "/remind: run a reminder round now",
    "help_export": "/export [class]: an Excel file with every answer",
    "help_link_group": (
        "/connect code [names]: (in a group) this group gets the weekly summary and /stats; "
        "with names, its members also see names in /missing"
    ),
    "help_report": (
        "/report [class] [xlsx]: the indicators (BMW rate, waiting time, minimum wage) with a "
        "chart; with xlsx, the report's Excel file"
    ),
    "help_classes": "Write class names as on the roster, e.g. /missing XII AKL 1",
    "linked": "Hello {name}! This chat is now linked as {role} for {scope}.",
    "link_invalid": (
        "This staff link is no longer valid (already used or expired). Ask the operator for a "
        "new one: jejak staff link"
    ),
    "role_operator": "operator",
    "role_bkk": "BKK",
    "role_homeroom": "homeroom teacher",
    "role_viewer": "viewer",
    "scope_everything": "every institution",
    "not_allowed": "This command is outside your role.",
    "staff_only": "This command is for registered staff only. Ask the operator for a staff link.",
    "group_usage": (
        "Write in the staff group: /connect institution-code, e.g. /connect 99999901 "
        "(or /connect 99999901 names to let the group's members see alumni's names)"
    ),
    "group_private": "Use /connect in a staff group, not in a private chat.",
    "group_linked": "This group now gets {institution}'s weekly summary every Monday morning.",
    "group_names": "Members of this group may see alumni's names (/missing); files go privately.",
    "group_no_names": (
        "This group gets figures only (/stats); name lists (/missing) and files (/export) go to "
        "the private chat of whoever asks."
    ),
    "group_not_linked": (
        "This group is not linked yet. A BKK staff member can link it first with /connect "
        "institution-code."
    ),
    "group_outside_scope": "This group is linked to an institution outside your scope.",
    "sent_to_person": "The answer holds names or a file: I sent it to you in a private chat.",
    "open_private_chat": (
        "The answer holds names or a file, so it goes to a private chat only. Open a private "
        "chat with this bot, press Start, then send the command again."
    ),
    "not_in_scope": "“{name}” is not in your scope. Choices: {choices}",
    "choose_institution": (
        "You hold several institutions: write the code first, e.g. /{command} {example}. "
        "Codes: {codes}"
    ),
    "no_survey": (
        "No survey has opened for {institution} yet. The operator opens one with: "
        "jejak survey create"
    ),
    "scope_all": "all of {institution}",
    "missing_header": "<b>Not finished: {survey}</b>, {scope} ({count} alumni)",
    "missing_line": (
        "• {name} ({identifier} {nisn}, {group}): {status}, {reach}, last message {last}"
    ),
    "missing_guessed": (
        "  ⚠ too many wrong {identifier} and birth date attempts for this alumnus; send them their "
        "invitation link (jejak invite reissue if the old one went round)"
    ),
    "missing_more": "… and {count} more. Full list: /export",
    "missing_none": "Every alumnus in {scope} has finished. Thank you! 🎉",
    "status_not_started": "not started",
    "status_invited": "not started",
    "status_started": "in progress",
    "status_declined": "declined",
    "status_opted_out": "asked to stop",
    "reach_reachable": "reachable",
    "reach_no_chat": "never opened the bot",
    "reach_blocked": "blocked the bot",
    "reach_opted_out": "gets no reminders",
    "reach_declined": "gets no reminders",
    "never": "never",
    "last_delivery": "{at}: {state}",
    "delivery_sent": "sent",
    "delivery_delivered": "delivered",
    "delivery_read": "read",
    "failure_needs_template": "not sent, WhatsApp needs a template",
    "failure_not_whatsapp": "failed, the number is not on WhatsApp",
    "failure_blocked": "failed, blocked by the recipient",
    "failure_other": "failed",
    "no_class": "no class",
    "resend_usage": (
        "Write: /resend class, /resend NISN (or NIM, participant number), or /resend all"
    ),
    "resend_confirm": (
        "Send a reminder now to {count} alumni ({target})? "
        "Tap the button, or type /resend {target} yes"
    ),
    "resend_button": "Yes, send to {count} alumni",
    "resend_done": (
        "Reminders for {count} alumni are scheduled and go out within minutes "
        "(only {start}:00–{end}:00 local time)."
    ),
    "resend_already": "{count} alumni already got a reminder today; not sent again.",
    "resend_unreachable": (
        "{count} alumni cannot be reached by chat (never opened the bot, or blocked it): "
        "share their personal invitation links (jejak invite links)."
    ),
    "resend_nobody": "Nobody in {target} can or needs to be reminded now.",
    "nisn_unknown": "No alumnus with {identifier} {nisn} is in your scope.",
    "remind_done": (
        "Reminder round for {scope}: {planned} alumni will be reminded. "
        "{recent} were reminded in the last 2 days, {capped} have had every reminder."
    ),
    "export_caption": "Export of {survey}: {rows} alumni ({scope}).",
    "export_busy": "Preparing the export file…",
    "file_not_sent": (
        "Sorry, the file {file} could not be sent over WhatsApp. The operator can make it on "
        "the server with: jejak export --survey survey-number"
    ),
    "failed": "Sorry, that command failed. Please try again in a moment.",
    "target_all": "all",
    "compare_header": "📊 <b>Institutions compared</b> (each one's latest survey)",
    "compare_line": "{institution}: {completed}/{alumni} completed ({rate}%)",
    "compare_no_survey": "{institution}: no survey yet",
    "compare_hint": "Per class: /stats institution-code",
    "menu_stats": "Responses, completion rate, graduates' status",
    "menu_missing": "Who has not finished",
    "menu_resend": "Send a reminder now: class, NISN/NIM or all",
    "menu_remind": "Run a reminder round now",
    "menu_export": "An Excel file with every answer",
    "menu_report": "Graduates' indicators with a chart; /report xlsx for the Excel file",
    "report_header": "📊 <b>Report {survey}</b> · {scope}",
    "report_response": (
        "Cohort {cohort}: <b>{completed}/{alumni}</b> alumni completed (response rate {rate})"
    ),
    "report_bmw": "BMW rate (working, studying, entrepreneur): <b>{rate}</b>",
    "report_waiting": "Waiting time for the first job (median): {months}",
    "report_wage": "Income at least the minimum wage: {share}",
    "report_iku": "Graduates' IKU ({definition} definition): {share} ({count} of {n})",
    "report_trend": "Earlier cohorts (response · BMW): {cohorts}",
    "report_trend_item": "{cohort}: {response} · {bmw}",
    "report_no_data": "no data yet",
    "report_small": (
        "Fewer than {n} alumni completed: counts only, no waiting time or income (privacy)."
    ),
    "report_xlsx_hint": "The full report as an Excel file: /report xlsx",
    "report_xlsx_caption": "Indicators report {survey} ({scope}).",
    "report_ranking_header": (
        "📊 <b>Institutions ranked</b> · cohort {cohort} ({count} institutions)"
    ),
    "report_ranking_response_rate": "<b>By response rate</b>",
    "report_ranking_bmw_rate": "<b>By BMW rate</b>",
    "report_ranking_line": "{rank}. {institution}: {value} ({completed}/{alumni} completed)",
    "report_ranking_more": "… and {count} more institutions (all of them: /report xlsx)",
    "report_ranking_hint": "One institution in detail: /report institution-code",
    "report_without_survey": "No survey of this cohort yet: {institutions}",
    "report_other_questionnaires": (
        "Only institutions on the {chosen} questionnaire are ranked; those on another "
        "({others}): /report institution-code"
    ),
    "report_ranking_caption": "Institutions ranked, cohort {cohort} ({count} institutions).",
    "report_none": "No survey yet for the institutions in your scope.",
    # --- #17 parents: the routes tried on /missing ---
    "missing_tried": "  ↳ {routes}",
    "route_telegram": "Telegram",
    "route_whatsapp": "WA",
    "route_parent": "parent",
    "route_attempt": "{route} {at}: {result}",
    "route_no_date": "{route}: {result}",
    "tried_failed": "failed",
    "tried_blocked": "blocked",
    "tried_wrong_number": "wrong number",
    "tried_not_whatsapp": "number not on WA",
    "tried_needs_template": "needs a template",
    "tried_opted_out": "opted out",
    # --- #17 link: /classlink, class links before graduation ---
    "help_class_links": (
        "/classlink [class]: class links for final-year students, and who has not linked yet"
    ),
    "menu_classlink": "Final-year class links and students not linked yet",
    "menu_phone": "Record an alumnus's answers given by phone: /phone NISN/NIM",
    "class_links_header": "🔗 <b>Class links</b> · {institution}",
    "class_links_class": (
        "<b>{name}</b> (graduating {cohort}): {linked} of {students} students linked"
    ),
    "class_links_unlinked": "Not linked yet: {names}",
    "class_links_more": "and {count} more",
    "class_links_none": "There is no class in your scope yet.",
    "class_links_hint": (
        "Names of students not linked yet: /{command} class name, e.g. /{command} XII AKL 1"
    ),
    "class_links_poster": (
        "Share the link in the class group. An A4 poster with a QR code: ask the operator to run "
        'jejak invite poster --class "class name" --output poster.pdf'
    ),
    # --- #17 phone: answers given by phone (/phone, bot/staff/phone.py) ---
    "help_phone": (
        "/phone NISN: answer the questionnaire for an alumnus you reached by phone; /done to "
        "come back"
    ),
    "missing_phone_hint": "📞 Answered by phone? Type /phone {identifier}",
    "missing_phone_button": "📞 {name}: answered by phone",
    "phone_usage": "Write: /phone and the alumnus's {identifier}, e.g. from the /missing list.",
    "phone_private": "Answers given by phone are typed in your own chat with the bot, not a group.",
    "phone_not_started": "All right, not started. Nothing was changed.",
    "phone_no_survey": "No survey is open for {name}'s cohort.",
    "phone_already_completed": "{name} has already completed the questionnaire. Thank you!",
    "phone_opted_out": (
        "{name} asked not to be contacted. Answers cannot be given for them; only the alumnus "
        "can start again, from their own chat."
    ),
    "phone_declined": (
        "{name} declined the questionnaire in the chat. Answers cannot be given for them."
    ),
    "phone_taken": "Another staff member is answering for {name} by phone right now.",
    "phone_confirm": (
        "📞 You are about to answer the questionnaire <b>{survey}</b> for <b>{name}</b> "
        "({group}). Did the alumnus agree on the phone?\n"
        "Tap the button, or type /{yes} (not now: /{no})"
    ),
    "phone_button": "📞 Yes, they agreed: start",
    "phone_started": (
        "📞 Started. Everything you write in this chat is now <b>{name}</b>'s answer, as they "
        "said on the phone. The answers are recorded under your name.\n"
        "{done}: finish and return to staff commands. {cancel}: stop here (what was answered is "
        "kept)."
    ),
    "phone_busy": (
        "You are answering for <b>{name}</b> by phone. Answer the last question, or type {done} "
        "to return to staff commands ({cancel}: stop here)."
    ),
    "phone_alumnus_only": (
        "Only the alumnus can ask to stop being contacted or to erase their data, from their own "
        'chat. If they do not want to take part, answer "no" to the consent question.'
    ),
    "phone_done": (
        "📞 Phone mode for <b>{name}</b> ended (status: {status}). What was answered is kept; "
        "continue any time with /{command} {nisn}. Staff commands work again."
    ),
    "phone_cancel": (
        "📞 Stopped. What <b>{name}</b> answered is kept (status: {status}); continue any time "
        "with /{command} {nisn}. Staff commands work again."
    ),
    "phone_finished": (
        "📞 Thank you! <b>{name}</b>'s answers are saved as given by phone, under your name "
        "(status: {status}). Staff commands work again."
    ),
    "phone_closed": (
        "📞 {name} answered in their own chat meanwhile (status: {status}); your message was not "
        "recorded as an answer. Phone mode ended, staff commands work again."
    ),
    "phone_status_completed": "completed",
    "phone_status_declined": "declined",
    "phone_status_opted_out": "asked to stop",
}

CATALOGUES = {"id": _ID, "en": _EN}


def desk_text(language: str, key: str, **params: Any) -> str:
    """The staff chat message `key` in `language` (else Indonesian), filled with `params`."""
    return fill(CATALOGUES, language, key, **params)
