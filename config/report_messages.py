"""Text of staff reports (statistics, homeroom summaries, the weekly chart), one catalogue per
language: Indonesian, English.

`stats_`, `daily_` and `weekly_` templates are Telegram HTML: scheduler.reports escapes every
param before filling them. `outcome_` and `chart_` templates are plain text (chart labels).
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
}

REPORT_MESSAGES: dict[str, dict[str, str]] = {"id": _ID, "en": _EN}


def report_text(language: str, key: str, **params: Any) -> str:
    """The report text `key` in `language` (Indonesian when unknown), filled with `params`."""
    return fill(REPORT_MESSAGES, language, key, **params)
