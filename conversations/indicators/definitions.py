"""One-line definitions of every figure, in Indonesian and English, for reports to print beside it.

Keys are the figures' keys in FiguresBuilder.result(), nested ones dotted
(`income.median`, `outcome.working`); each group entry uses the same keys as the total.
A year's accreditation tables and a placement row drop the year or the list from the key
(`accreditation.waiting_bands.n`, `placement.placed`); the bands and levels inside `counts` and
`shares` are defined once under their table (`accreditation.waiting_bands.under_6`), the
field-fit scale points by the question's own labels.
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
        "accreditation": (
            "Tabel akreditasi program studi per tahun lulus: masa tunggu, kesesuaian bidang, "
            "tingkat tempat kerja.",
            "The study programme's accreditation tables per graduation year: waiting time, "
            "field fit, workplace level.",
        ),
        "accreditation.alumni": (
            "Jumlah lulusan tahun itu dalam daftar.",
            "Graduates of that year on the roster.",
        ),
        "accreditation.respondents": (
            "Lulusan terlacak: yang jawabannya lengkap.",
            "Graduates traced: those with a complete response.",
        ),
        "accreditation.waiting_bands": (
            "Masa tunggu kerja pertama karyawan dalam tiga rentang (0 bila bekerja sebelum lulus).",
            "Employees' months to the first job in three bands (0 when before graduation).",
        ),
        "accreditation.waiting_bands.n": (
            "Jumlah karyawan yang masa tunggunya diketahui.",
            "Employees whose waiting time is known.",
        ),
        "accreditation.waiting_bands.counts": (
            "Jumlah per rentang masa tunggu.",
            "Counts per waiting time band.",
        ),
        "accreditation.waiting_bands.shares": (
            "Bagian per rentang, dari n.",
            "Share per band, of n.",
        ),
        "accreditation.waiting_bands.under_6": ("Kurang dari 6 bulan.", "Under 6 months."),
        "accreditation.waiting_bands.from_6_to_18": (
            "6 sampai 18 bulan.",
            "6 to 18 months, both included.",
        ),
        "accreditation.waiting_bands.over_18": ("Lebih dari 18 bulan.", "Over 18 months."),
        "accreditation.field_fit": (
            "Kesesuaian bidang kerja dengan bidang studi (f14), per nilai skala.",
            "Fit of the job's field with the field of study (f14), per point of the scale.",
        ),
        "accreditation.field_fit.n": (
            "Jumlah yang menjawab kesesuaian bidang.",
            "Those who rated the field fit.",
        ),
        "accreditation.field_fit.counts": (
            "Jumlah per nilai skala (f14: 1 sangat erat ... 5 tidak sama sekali).",
            "Counts per point of the scale (f14: 1 very closely ... 5 not at all).",
        ),
        "accreditation.field_fit.shares": (
            "Bagian per nilai skala, dari n.",
            "Share per point of the scale, of n.",
        ),
        "accreditation.field_fit.aligned_share": (
            "Bagian pada dua nilai terbaik skala (f14: 1-2, erat).",
            "Share in the two best points of the scale (f14: 1-2, close).",
        ),
        "accreditation.workplace_level": (
            "Tingkat tempat kerja (f5d), bagi yang bekerja atau berwiraswasta.",
            "Level of the workplace (f5d), over the working and the self-employed.",
        ),
        "accreditation.workplace_level.n": (
            "Jumlah yang menjawab tingkat tempat kerja.",
            "Those who gave the workplace level.",
        ),
        "accreditation.workplace_level.counts": (
            "Jumlah per tingkat tempat kerja.",
            "Counts per workplace level.",
        ),
        "accreditation.workplace_level.shares": (
            "Bagian per tingkat, dari n.",
            "Share per level, of n.",
        ),
        "accreditation.workplace_level.local": (
            "Lokal/wilayah, atau wiraswasta tidak berbadan hukum.",
            "Local/regional, or an unincorporated business.",
        ),
        "accreditation.workplace_level.national": (
            "Nasional, atau wiraswasta berbadan hukum.",
            "National, or an incorporated business.",
        ),
        "accreditation.workplace_level.multinational": (
            "Multinasional/internasional.",
            "Multinational/international.",
        ),
        "iku": (
            "Indikator kinerja utama lulusan (IKU) menurut definisi yang dipilih.",
            "The ministry's graduate performance indicator (IKU), by the chosen definition.",
        ),
        "iku.definition": (
            "2021: pekerjaan layak (< 6 bulan, gaji > 1,2x upah minimum), wirausaha, studi "
            "lanjut; 2025: bekerja, studi lanjut atau wirausaha dalam 12 bulan.",
            "2021: decent work (< 6 months, pay > 1.2x the minimum wage), self-employed, further "
            "study; 2025: working, studying or self-employed within 12 months.",
        ),
        "iku.n": (
            "Yang selesai, dikurangi yang tak dapat dibandingkan.",
            "Completed responses, less those not comparable.",
        ),
        "iku.count": (
            "Yang memenuhi definisi IKU.",
            "Those who meet the IKU definition.",
        ),
        "iku.share": ("Capaian IKU: count dibagi n.", "The IKU: count divided by n."),
        "iku.not_comparable": (
            "Pekerja yang gajinya tak dapat dibandingkan: upah minimum tempatnya tidak diketahui.",
            "Workers whose pay could not be compared: no minimum wage is known for their place.",
        ),
        "iku.source": (
            "Sumber definisi yang dipakai.",
            "The source of the definition used.",
        ),
        "placement": (
            "Penempatan alumni pelatihan per kejuruan dan angkatan.",
            "Placement of training graduates per programme (kejuruan) and batch (angkatan).",
        ),
        "placement.by": (
            "Satu baris per kejuruan dan angkatan; tanpa nama di akhir.",
            "One row per programme and batch; unnamed ones last.",
        ),
        "placement.total": ("Semua kejuruan dan angkatan.", "All programmes and batches."),
        "placement.programme": ("Kejuruan (program pelatihan).", "Programme (kejuruan)."),
        "placement.batch": ("Angkatan (gelombang) pelatihan.", "Training batch (angkatan)."),
        "placement.completed": (
            "Alumni yang jawabannya lengkap.",
            "Graduates with a complete response.",
        ),
        "placement.placed": (
            "Yang bekerja atau berwirausaha.",
            "Those working or self-employed.",
        ),
        "placement.placement_rate": (
            "Tingkat penempatan: bekerja + wirausaha, dibagi yang selesai.",
            "Placement rate: working + self-employed, divided by completed responses.",
        ),
        "placement.training_fit_n": (
            "Jumlah yang menilai kesesuaian pekerjaan atau usaha dengan pelatihan.",
            "Those who rated the fit of their job or business with the training.",
        ),
        "placement.training_fit_share": (
            "Bagian pada dua nilai terbaik kesesuaian (mis. 4-5).",
            "Share in the two best points of the fit (e.g. 4-5).",
        ),
        "placement.suppressed": (
            "Terlalu sedikit yang selesai (bawaan: < 5): tanpa persentase kesesuaian.",
            "Too few completed (by default < 5): no fit share.",
        ),
        "groups": ("Angka per kelas dan per jurusan.", "Figures per class and per programme."),
        "name": ("Nama kelas atau jurusan.", "Name of the class or programme."),
        "suppressed": (
            "Terlalu sedikit yang selesai (bawaan: < 5): hanya jumlah, tanpa rata-rata/persentase.",
            "Too few completed (by default < 5): counts only, no means, medians or shares.",
        ),
    }
)
