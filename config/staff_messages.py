"""Text shown to staff (CLI, import reports), one catalogue per language: Indonesian, English.

Code raises or returns a key with params; the caller renders it in the operator's language with
`staff_text`. Add a key to both catalogues (a test checks they match, placeholders included).
"""

from __future__ import annotations

from typing import Any

DEFAULT_LANGUAGE = "id"

_ID: dict[str, str] = {
    # --- roster import: where -----------------------------------------------------------------
    "roster_cell": "baris {row}, kolom '{column}'",
    "roster_row": "baris {row}",
    # --- roster import: cell errors -----------------------------------------------------------
    "roster_required": "kosong; kolom ini wajib diisi untuk setiap alumni",
    "roster_bad_nisn": "'{value}' bukan NISN; NISN terdiri dari 10 angka, misalnya 0061234567",
    "roster_short_nisn": (
        "'{value}' hanya {digits} angka; NISN terdiri dari 10 angka. Jika Excel menghapus angka 0 "
        "di depan, ubah format kolom menjadi Teks lalu ketik ulang, misalnya 0061234567"
    ),
    "roster_bad_nik": "'{value}' bukan NIK; NIK terdiri dari 16 angka, atau kosongkan saja",
    "roster_bad_date": "'{value}' bukan tanggal; tulis seperti 17-08-2006",
    "roster_implausible_birth_date": (
        "{value} tidak mungkin tanggal lahir alumni; periksa tahunnya (misalnya 17-08-2006)"
    ),
    "roster_bad_gender": "'{value}' bukan jenis kelamin; tulis L (laki-laki) atau P (perempuan)",
    "roster_bad_year": (
        "'{value}' bukan tahun lulus; tulis tahun 4 angka antara {min} dan {max}, misalnya 2025"
    ),
    "roster_bad_phone": "'{value}' bukan nomor HP; tulis seperti 081234567890",
    "roster_bad_language": "'{value}' bukan bahasa yang dikenal; tulis id (Indonesia) atau en",
    "roster_too_long": "terlalu panjang ({length} karakter); paling banyak {max} karakter",
    "roster_duplicate_nisn": (
        "NISN {nisn} muncul di baris {first_row} dan baris {row}; satu alumni cukup satu baris: "
        "hapus atau perbaiki salah satunya"
    ),
    "roster_homeroom_conflict": (
        "kelas '{class_name}' punya wali kelas '{value}', padahal di baris {first_row} tertulis "
        "'{first}'; satu kelas hanya punya satu wali kelas"
    ),
    # --- roster import: file errors -----------------------------------------------------------
    "roster_missing_columns": (
        "kolom wajib tidak ditemukan: {columns}. Baris pertama harus berisi judul kolom, "
        "misalnya nisn, nama, tahun_lulus, kelas, no_hp"
    ),
    "roster_duplicate_columns": (
        "kolom '{first}' dan '{second}' sama-sama berarti {field}; hapus salah satunya"
    ),
    "roster_empty": (
        "file kosong; isi baris 1 dengan judul kolom (nisn, nama, tahun_lulus…) dan satu alumni "
        "per baris di bawahnya"
    ),
    "roster_no_rows": "hanya ada judul kolom, tidak ada data alumni di bawahnya",
    "roster_unreadable": (
        "file tidak bisa dibaca ({detail}); buka di Excel lalu simpan ulang sebagai .xlsx "
        "atau CSV UTF-8"
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
    "roster_field_language": "bahasa",
}

_EN: dict[str, str] = {
    "roster_cell": "row {row}, column '{column}'",
    "roster_row": "row {row}",
    "roster_required": "is empty; this column is required for every alumnus",
    "roster_bad_nisn": "'{value}' is not a NISN; a NISN has 10 digits, e.g. 0061234567",
    "roster_short_nisn": (
        "'{value}' has only {digits} digits; a NISN has 10. If Excel removed leading zeros, "
        "format the column as Text and type them again, e.g. 0061234567"
    ),
    "roster_bad_nik": "'{value}' is not a NIK; a NIK has 16 digits, or leave it empty",
    "roster_bad_date": "'{value}' is not a date; write it like 17-08-2006",
    "roster_implausible_birth_date": (
        "{value} cannot be an alumnus's birth date; check the year (e.g. 17-08-2006)"
    ),
    "roster_bad_gender": "'{value}' is not a gender; write L (male) or P (female)",
    "roster_bad_year": (
        "'{value}' is not a graduation year; write a 4-digit year between {min} and {max}, "
        "e.g. 2025"
    ),
    "roster_bad_phone": "'{value}' is not a phone number; write it like 081234567890",
    "roster_bad_language": "'{value}' is not a known language; write id (Indonesian) or en",
    "roster_too_long": "is too long ({length} characters); at most {max} characters",
    "roster_duplicate_nisn": (
        "NISN {nisn} appears in row {first_row} and row {row}; one row per alumnus: "
        "delete or correct one of them"
    ),
    "roster_homeroom_conflict": (
        "class '{class_name}' has homeroom teacher '{value}', but row {first_row} says "
        "'{first}'; a class has one homeroom teacher"
    ),
    "roster_missing_columns": (
        "required columns not found: {columns}. Row 1 must hold the column names, "
        "e.g. nisn, name, graduation_year, class, phone"
    ),
    "roster_duplicate_columns": (
        "columns '{first}' and '{second}' both mean {field}; delete one of them"
    ),
    "roster_empty": (
        "the file is empty; put the column names (nisn, name, graduation_year…) in row 1 and "
        "one alumnus per row below"
    ),
    "roster_no_rows": "there are column names but no alumni below them",
    "roster_unreadable": (
        "the file cannot be read ({detail}); open it in Excel and save it again as .xlsx "
        "or CSV UTF-8"
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
    "roster_field_language": "language",
}

STAFF_MESSAGES: dict[str, dict[str, str]] = {"id": _ID, "en": _EN}


class _KeepMissing(dict[str, Any]):
    """format_map helper: a missing placeholder stays visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def staff_text(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language` (Indonesian when unknown), filled with `params`."""
    catalogue = STAFF_MESSAGES.get(language, STAFF_MESSAGES[DEFAULT_LANGUAGE])
    template = catalogue.get(key)
    if template is None:
        template = STAFF_MESSAGES[DEFAULT_LANGUAGE][key]  # KeyError: an unknown key is a bug
    return template.format_map(_KeepMissing(params))
