"""Text of staff reports (statistics, homeroom summaries, the weekly chart), one catalogue per
language: Indonesian, English.

`stats_`, `daily_` and `weekly_` templates are Telegram HTML: scheduler.reports escapes every
param before filling them. `outcome_` and `chart_` templates are plain text (chart labels), and
so are `doc_` ones: the labels of the report's tables and charts across years, of the
accreditation, IKU and placement tables (bot/documents/report_tables.py).
Add a key to both catalogues (a test checks they match, placeholders included).
"""

from __future__ import annotations

from typing import Any

from conversations.messages import fill

_ID: dict[str, str] = {
    # --- shared ----------------------------------------------------------------------------
    "no_class": "(tanpa kelas)",
    "outcome_working": "Bekerja",
    "outcome_entrepreneur": "Wirausaha",
    "outcome_studying": "Melanjutkan studi",
    "outcome_looking": "Mencari kerja",
    "outcome_not_yet": "Belum dapat bekerja",
    "outcome_unknown": "Tidak diketahui",
    # --- statistics (staff command) --------------------------------------------------------
    "stats_header": "📊 <b>{survey}</b> · {scope}",
    "stats_total": "Selesai: <b>{completed}/{alumni}</b> ({rate}%)",
    "stats_progress": (
        "Sedang mengisi {started} · belum mulai {not_started} · menolak {declined} · "
        "berhenti {opted_out}"
    ),
    "stats_reminders": (
        "Undangan dan pengingat: {sent} terkirim · {delivered} diterima · {read} dibaca · "
        "{failed} gagal"
    ),
    "stats_classes": "<b>Per kelas</b>",
    "stats_class_line": "{name}: {completed}/{alumni} selesai ({rate}%)",
    "stats_more_classes": "… dan {count} kelas lainnya",
    "stats_outcomes": "<b>Status lulusan</b> (dari {completed} yang selesai)",
    "stats_outcome_line": "{label}: {count} ({rate}%)",
    "stats_no_alumni": "Belum ada alumni angkatan ini di cakupan ini.",
    "stats_no_completed": "Belum ada yang selesai mengisi.",
    # --- homeroom teacher's daily summary --------------------------------------------------
    "daily_header": "📋 <b>{survey}</b> · {class_name}",
    "daily_done": "Sudah selesai: <b>{completed}/{alumni}</b> ({rate}%)",
    "daily_change": "+{count} sejak kemarin",
    "daily_no_change": "belum ada tambahan sejak kemarin",
    "daily_missing": "Belum selesai ({count}):",
    "daily_more": "… dan {count} lainnya",
    "daily_all_done": "Semua alumni kelas ini sudah selesai mengisi. Terima kasih! 🎉",
    "daily_no_alumni": "Belum ada alumni kelas ini untuk survei ini.",
    # --- weekly chart caption --------------------------------------------------------------
    "weekly_header": "📈 <b>{survey}</b> · {institution}",
    "weekly_total": "Selesai: <b>{completed}/{alumni}</b> ({rate}%)",
    "weekly_change": "+{count} sejak laporan minggu lalu",
    "weekly_progress": "Sedang mengisi {started} · belum mulai {not_started}",
    "weekly_outcomes": "Status: {split}",
    "weekly_indicators": "Keterserapan (BMW) {bmw} · masa tunggu kerja (median) {waiting}",
    "weekly_months": "{months} bulan",
    "weekly_lowest": "Perlu didorong: {classes}",
    "weekly_no_alumni": "Belum ada alumni angkatan ini.",
    # --- chart (plain text) ----------------------------------------------------------------
    "chart_completion": "Kuesioner selesai per kelas · total {completed}/{alumni} ({rate}%)",
    "chart_completion_axis": "Selesai (%)",
    "chart_outcomes": "Status lulusan yang sudah mengisi (n = {count})",
    "chart_outcomes_axis": "Persentase dari yang selesai (%)",
    "chart_no_alumni": "Belum ada alumni di cakupan ini",
    "chart_no_completed": "Belum ada kuesioner yang selesai",
    "chart_no_outcome": "Kuesioner ini tidak memetakan status utama",
    "chart_more_classes": "+{count} kelas lainnya tidak ditampilkan",
    # --- report documents: across years, accreditation, IKU, placement (plain text) --------
    "doc_sheet_trend": "Per angkatan",
    "doc_table_trend": "Angkatan ini dibanding angkatan sebelumnya",
    "doc_col_cohort": "Angkatan",
    "doc_col_alumni": "Alumni",
    "doc_col_completed": "Selesai",
    "doc_col_response_rate": "Tingkat respons",
    "doc_col_bmw_rate": "Keterserapan (BMW)",
    "doc_chart_trend": "Respons dan keterserapan (BMW) per angkatan",
    "doc_chart_trend_axis": "% (tingkat respons: dari alumni; BMW: dari yang selesai)",
    "doc_chart_trend_single": "Belum ada angkatan sebelumnya untuk dibandingkan",
    "doc_alt_trend": "Grafik respons dan keterserapan per angkatan",
    "doc_chart_rank_response_rate": "Tingkat respons per lembaga",
    "doc_chart_rank_bmw_rate": "Keterserapan (BMW) per lembaga",
    "doc_chart_rank_axis": "% (jumlah selesai)",
    "doc_sheet_accreditation": "Akreditasi",
    "doc_table_waiting_bands": "Masa tunggu kerja pertama per tahun lulus",
    "doc_table_field_fit": "Kesesuaian bidang kerja dengan bidang studi (f14) per tahun lulus",
    "doc_table_workplace_level": "Tingkat tempat kerja (f5d) per tahun lulus",
    "doc_col_year": "Tahun lulus",
    "doc_col_respondents": "Responden",
    "doc_col_n": "n",
    "doc_col_share_of": "% {label}",
    "doc_col_aligned_share": "Sesuai (dua nilai terbaik)",
    "doc_band_under_6": "< 6 bulan",
    "doc_band_from_6_to_18": "6–18 bulan",
    "doc_band_over_18": "> 18 bulan",
    "doc_level_local": "Lokal/wilayah",
    "doc_level_national": "Nasional",
    "doc_level_multinational": "Multinasional/internasional",
    "doc_fit_point": "Nilai {point}",
    "doc_year_unknown": "(tidak diketahui)",
    "doc_sheet_iku": "IKU",
    "doc_table_iku": "Indikator kinerja utama lulusan (IKU), definisi {definition}",
    "doc_col_count": "Memenuhi",
    "doc_col_iku_share": "Capaian",
    "doc_col_not_comparable": "Tanpa upah minimum tempatnya",
    "doc_iku_source": "Sumber: {source}",
    "doc_sheet_placement": "Penempatan",
    "doc_table_placement": "Penempatan dan kesesuaian pelatihan per kejuruan dan angkatan",
    "doc_col_programme": "Kejuruan",
    "doc_col_batch": "Angkatan pelatihan",
    "doc_col_placed": "Ditempatkan",
    "doc_col_placement_rate": "Tingkat penempatan",
    "doc_col_fit_n": "Menilai kesesuaian",
    "doc_col_fit_share": "Sesuai",
    "doc_total": "Jumlah",
    "doc_legend": (
        "–: belum ada data. *: disembunyikan karena kurang dari {n} yang selesai mengisi."
    ),
    "doc_suppressed_totals": (
        "*: kelas-kelas ini bersama kurang dari {n} alumni yang selesai mengisi, jadi hanya "
        "jumlahnya yang ditampilkan (privasi)."
    ),
    # --- #17 classes: the class ranking in the daily summary, the weekly trend per class ---
    "daily_ranking": "🏆 Peringkat kelas (dari {count}): {ranks}",
    "daily_rank": "{rank}. {name} — {rate}%",
    "daily_rank_own": "<b>{rank}. {name} — {rate}%</b> (kelas Anda)",
    "weekly_gain_most": "Minggu ini naik terbanyak: {classes}",
    "weekly_gain_least": "paling sedikit: {classes}",
    "weekly_gain_none": "Minggu ini belum ada kelas yang bertambah.",
    "weekly_gain_class": "{name} (+{points} poin)",
    "chart_trend": "Tingkat respons per kelas di akhir tiap minggu ({first} – {last})",
}

_EN: dict[str, str] = {
    # --- shared ----------------------------------------------------------------------------
    "no_class": "(no class)",
    "outcome_working": "Working",
    "outcome_entrepreneur": "Entrepreneur",
    "outcome_studying": "Studying",
    "outcome_looking": "Looking for work",
    "outcome_not_yet": "Not yet able to work",
    "outcome_unknown": "Unknown",
    # --- statistics (staff command) --------------------------------------------------------
    "stats_header": "📊 <b>{survey}</b> · {scope}",
    "stats_total": "Completed: <b>{completed}/{alumni}</b> ({rate}%)",
    "stats_progress": (
        "In progress {started} · not started {not_started} · declined {declined} · "
        "stopped {opted_out}"
    ),
    "stats_reminders": (
        "Invitations and reminders: {sent} sent · {delivered} delivered · {read} read · "
        "{failed} failed"
    ),
    "stats_classes": "<b>By class</b>",
    "stats_class_line": "{name}: {completed}/{alumni} completed ({rate}%)",
    "stats_more_classes": "… and {count} more classes",
    "stats_outcomes": "<b>Main status</b> (of {completed} completed)",
    "stats_outcome_line": "{label}: {count} ({rate}%)",
    "stats_no_alumni": "No alumni of this cohort in this scope yet.",
    "stats_no_completed": "Nobody has completed the questionnaire yet.",
    # --- homeroom teacher's daily summary --------------------------------------------------
    "daily_header": "📋 <b>{survey}</b> · {class_name}",
    "daily_done": "Completed: <b>{completed}/{alumni}</b> ({rate}%)",
    "daily_change": "+{count} since yesterday",
    "daily_no_change": "none new since yesterday",
    "daily_missing": "Not completed yet ({count}):",
    "daily_more": "… and {count} more",
    "daily_all_done": "Everyone in this class has completed the questionnaire. Thank you! 🎉",
    "daily_no_alumni": "This class has no alumni in this survey yet.",
    # --- weekly chart caption --------------------------------------------------------------
    "weekly_header": "📈 <b>{survey}</b> · {institution}",
    "weekly_total": "Completed: <b>{completed}/{alumni}</b> ({rate}%)",
    "weekly_change": "+{count} since last week's report",
    "weekly_progress": "In progress {started} · not started {not_started}",
    "weekly_outcomes": "Status: {split}",
    "weekly_indicators": "BMW rate {bmw} · waiting time for a job (median) {waiting}",
    "weekly_months": "{months} months",
    "weekly_lowest": "Needs a push: {classes}",
    "weekly_no_alumni": "No alumni of this cohort yet.",
    # --- chart (plain text) ----------------------------------------------------------------
    "chart_completion": "Questionnaires completed per class · total {completed}/{alumni} ({rate}%)",
    "chart_completion_axis": "Completed (%)",
    "chart_outcomes": "Main status of those who completed (n = {count})",
    "chart_outcomes_axis": "Share of those who completed (%)",
    "chart_no_alumni": "No alumni in this scope yet",
    "chart_no_completed": "No questionnaire completed yet",
    "chart_no_outcome": "This questionnaire does not map a main status",
    "chart_more_classes": "+{count} more classes not shown",
    # --- report documents: across years, accreditation, IKU, placement (plain text) --------
    "doc_sheet_trend": "By cohort",
    "doc_table_trend": "This cohort compared with earlier ones",
    "doc_col_cohort": "Cohort",
    "doc_col_alumni": "Alumni",
    "doc_col_completed": "Completed",
    "doc_col_response_rate": "Response rate",
    "doc_col_bmw_rate": "BMW rate",
    "doc_chart_trend": "Response and BMW rate by cohort",
    "doc_chart_trend_axis": "% (response rate: of alumni; BMW: of those who completed)",
    "doc_chart_trend_single": "No earlier cohort to compare with yet",
    "doc_alt_trend": "Chart of response and BMW rate by cohort",
    "doc_chart_rank_response_rate": "Response rate by institution",
    "doc_chart_rank_bmw_rate": "BMW rate by institution",
    "doc_chart_rank_axis": "% (completed)",
    "doc_sheet_accreditation": "Accreditation",
    "doc_table_waiting_bands": "Waiting time for the first job by graduation year",
    "doc_table_field_fit": "Fit of the work with the field of study (f14) by graduation year",
    "doc_table_workplace_level": "Workplace level (f5d) by graduation year",
    "doc_col_year": "Graduation year",
    "doc_col_respondents": "Respondents",
    "doc_col_n": "n",
    "doc_col_share_of": "% {label}",
    "doc_col_aligned_share": "Fit (two best points)",
    "doc_band_under_6": "< 6 months",
    "doc_band_from_6_to_18": "6–18 months",
    "doc_band_over_18": "> 18 months",
    "doc_level_local": "Local/regional",
    "doc_level_national": "National",
    "doc_level_multinational": "Multinational/international",
    "doc_fit_point": "Point {point}",
    "doc_year_unknown": "(unknown)",
    "doc_sheet_iku": "IKU",
    "doc_table_iku": "Graduates' performance indicator (IKU), {definition} definition",
    "doc_col_count": "Meeting it",
    "doc_col_iku_share": "Achieved",
    "doc_col_not_comparable": "No minimum wage for the place",
    "doc_iku_source": "Source: {source}",
    "doc_sheet_placement": "Placement",
    "doc_table_placement": "Placement and training fit by programme and batch",
    "doc_col_programme": "Programme",
    "doc_col_batch": "Batch",
    "doc_col_placed": "Placed",
    "doc_col_placement_rate": "Placement rate",
    "doc_col_fit_n": "Rated the fit",
    "doc_col_fit_share": "Fit",
    "doc_total": "Total",
    "doc_legend": "–: no data yet. *: hidden, fewer than {n} completed responses.",
    "doc_suppressed_totals": (
        "*: these classes have fewer than {n} completed responses together, so only counts are "
        "shown (privacy)."
    ),
    # --- #17 classes: the class ranking in the daily summary, the weekly trend per class ---
    "daily_ranking": "🏆 Class ranking (of {count}): {ranks}",
    "daily_rank": "{rank}. {name} — {rate}%",
    "daily_rank_own": "<b>{rank}. {name} — {rate}%</b> (your class)",
    "weekly_gain_most": "Most gained this week: {classes}",
    "weekly_gain_least": "least: {classes}",
    "weekly_gain_none": "No class gained this week.",
    "weekly_gain_class": "{name} (+{points} points)",
    "chart_trend": "Response rate per class at the end of each week ({first} – {last})",
}

REPORT_MESSAGES: dict[str, dict[str, str]] = {"id": _ID, "en": _EN}


def report_text(language: str, key: str, **params: Any) -> str:
    """The report text `key` in `language` (Indonesian when unknown), filled with `params`."""
    return fill(REPORT_MESSAGES, language, key, **params)
