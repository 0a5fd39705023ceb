"""One-line definitions of every figure, in Indonesian and English, for reports to print beside it.

Keys are the figures' keys in FiguresBuilder.result(), nested ones dotted
(`income.median`, `outcome.working`); each group entry uses the same keys as the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# key -> (Indonesian, English)
FIGURE_DEFINITIONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "alumni": (
            "Jumlah alumni angkatan ini dalam daftar, diundang atau belum.",
            "Alumni of the cohort on the roster, invited or not.",
        ),
        "completed": (
            "Alumni yang jawabannya lengkap (termasuk yang diimpor); isian sebagian tak dihitung.",
            "Alumni with a complete response (imported ones included); partial ones don't count.",
        ),
        "response_rate": (
            "Persentase tracer study: yang selesai dibagi jumlah alumni.",
            "Response rate: completed responses divided by alumni.",
        ),
        "outcome": (
            "Jumlah yang selesai menurut kegiatan utama; kegiatan kedua tidak mengubahnya.",
            "Completed responses by main status; a second activity does not change it.",
        ),
        "outcome.working": ("Bekerja.", "Working."),
        "outcome.entrepreneur": ("Berwirausaha.", "Running a business."),
        "outcome.studying": ("Melanjutkan pendidikan.", "Continuing studies."),
        "outcome.looking": ("Belum bekerja dan mencari kerja.", "Not working, looking for work."),
        "outcome.not_yet": ("Belum dapat bekerja.", "Not yet able to work."),
        "outcome.unknown": (
            "Kegiatan utama tidak diketahui (tidak dipetakan, kosong, atau tak terbaca).",
            "Main status unknown (not mapped, missing or unreadable).",
        ),
        "bmw_rate": (
            "Keterserapan (BMW): bekerja + wirausaha + melanjutkan, dibagi yang selesai.",
            "BMW rate: working + entrepreneur + studying, divided by completed responses.",
        ),
        "waiting_time_months": (
            "Masa tunggu kerja pertama (bulan), bagi yang bekerja sebagai karyawan.",
            "Months to the first job, over those who work as an employee.",
        ),
        "waiting_time_months.n": (
            "Jumlah karyawan yang masa tunggunya diketahui.",
            "Employees whose waiting time is known.",
        ),
        "waiting_time_months.mean": (
            "Rata-rata masa tunggu (bulan); 0 bila bekerja sebelum lulus.",
            "Mean waiting time in months; 0 when the job came before graduation.",
        ),
        "waiting_time_months.median": (
            "Median masa tunggu (bulan).",
            "Median waiting time in months.",
        ),
        "waiting_time_months.within_3": (
            "Bagian yang mendapat kerja dalam 3 bulan atau kurang.",
            "Share who found the job within 3 months.",
        ),
        "waiting_time_months.within_6": (
            "Bagian yang mendapat kerja dalam 6 bulan atau kurang.",
            "Share who found the job within 6 months.",
        ),
        "income": (
            "Penghasilan bersih per bulan dari pekerjaan atau usaha (boleh dilewati).",
            "Monthly net income from a job or a business (skipping was allowed).",
        ),
        "income.n": (
            "Jumlah yang menjawab penghasilan (sekali per orang, pekerjaan lebih dulu).",
            "Those who gave an income (once each, the job's first).",
        ),
        "income.mean": ("Rata-rata penghasilan (Rp).", "Mean income (Rp)."),
        "income.median": ("Median penghasilan (Rp).", "Median income (Rp)."),
        "income.at_least_minimum_wage": (
            "Bagian yang berpenghasilan setidaknya upah minimum tempat kerjanya (UMK, atau UMP).",
            "Share earning at least the minimum wage of the place of work (UMK, else UMP).",
        ),
        "income.not_comparable": (
            "Penghasilan yang tidak dapat dibandingkan: upah minimum tempatnya tidak diketahui.",
            "Incomes not compared: no minimum wage is known for their place.",
        ),
        "alignment": (
            "Keselarasan pekerjaan atau usaha dengan jurusan, pada skala seperti ditanyakan.",
            "Fit of the job or business with the programme, on the scale as asked.",
        ),
        "alignment.n": ("Jumlah yang menjawab keselarasan.", "Those who rated the fit."),
        "alignment.mean": ("Rata-rata nilai keselarasan.", "Mean fit score."),
        "alignment.aligned_share": (
            "Bagian pada dua nilai terbaik skala (mis. 4-5, atau 1-2 untuk f14).",
            "Share in the two best points of the scale (e.g. 4-5, or 1-2 for f14).",
        ),
        "job_source": (
            "Cara mendapat pekerjaan: jumlah per jawaban.",
            "How the job was found: counts per answer.",
        ),
        "pkl_share": (
            "Bagian yang mendapat kerja dari tempat PKL-nya.",
            "Share hired by their PKL (internship) place.",
        ),
        "unreadable": (
            "Jawaban tersimpan yang tak terbaca; status yang tak terbaca dihitung tidak diketahui.",
            "Stored answers that could not be read; an unreadable status counts as unknown.",
        ),
        "groups": ("Angka per kelas dan per jurusan.", "Figures per class and per programme."),
        "name": ("Nama kelas atau jurusan.", "Name of the class or programme."),
        "suppressed": (
            "Terlalu sedikit yang selesai (bawaan: < 5): hanya jumlah, tanpa rata-rata/persentase.",
            "Too few completed (by default < 5): counts only, no means, medians or shares.",
        ),
    }
)
