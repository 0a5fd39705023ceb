"""The shipped regencies and cities file, and typed names matched to one, to several, or to none."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from config.places import (
    REGENCIES_FILE,
    Ambiguous,
    Regency,
    load_provinces,
    load_regencies,
    match_regency,
    province_places,
    provinces,
    regencies,
    regency_by_code,
    regency_places,
)
from conversations.places import Likely


def shipped_rows() -> list[dict[str, str]]:
    with REGENCIES_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_file_has_all_514_regencies_and_cities_with_unique_codes() -> None:
    found = regencies()
    assert len(found) == 514
    assert len({r.code for r in found}) == 514
    kinds = Counter(r.kind for r in found)
    assert kinds == {"kabupaten": 416, "kota": 98}  # Kepmendagri 300.2.2-2138/2025


def test_every_province_has_its_regencies_and_every_code_starts_with_its_province() -> None:
    per_province = Counter(r.province_code for r in regencies())
    assert set(per_province) == {p.code for p in provinces()}  # all 38, none left out
    assert all(r.code.startswith(r.province_code) and len(r.code) == 4 for r in regencies())
    # Counts that are well known: Java's provinces, the capital, the newest Papua province.
    assert per_province["35"] == 38  # Jawa Timur: 29 kabupaten, 9 kota
    assert per_province["33"] == 35  # Jawa Tengah
    assert per_province["32"] == 27  # Jawa Barat
    assert per_province["31"] == 6  # DKI Jakarta: 5 kota administrasi and Kepulauan Seribu
    assert per_province["34"] == 5  # DI Yogyakarta
    assert per_province["63"] == 13  # Kalimantan Selatan
    assert per_province["93"] == 4  # Papua Selatan
    assert all(1 <= n <= 40 for n in per_province.values())


def test_every_row_names_its_source_and_date() -> None:
    for row in shipped_rows():
        assert row["source"].strip(), row["code"]
        assert row["source_date"] == "2025-04-25", row["code"]


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        ("6371", "Kota Banjarmasin", "kota"),
        ("6372", "Kota Banjarbaru", "kota"),
        ("6303", "Kabupaten Banjar", "kabupaten"),
        ("3273", "Kota Bandung", "kota"),
        ("3204", "Kabupaten Bandung", "kabupaten"),
        ("3578", "Kota Surabaya", "kota"),
        ("3174", "Kota Administrasi Jakarta Selatan", "kota"),
        ("1101", "Kabupaten Aceh Selatan", "kabupaten"),
        ("9671", "Kota Sorong", "kota"),
    ],
)
def test_a_code_gives_its_regency(code: str, name: str, kind: str) -> None:
    regency = regency_by_code(code)
    assert regency is not None and (regency.name, regency.kind) == (name, kind)


def test_a_code_may_be_written_as_kemendagri_writes_it() -> None:
    assert regency_by_code("63.71") == regency_by_code("6371")
    assert regency_by_code("9999") is None


def test_every_regency_is_found_by_its_own_name_in_its_province() -> None:
    for regency in regencies():
        assert match_regency(regency.name, regency.province_code) == regency, regency.name


def test_every_alias_finds_its_own_regency() -> None:
    for regency in regencies():
        for alias in regency.aliases:
            assert match_regency(alias) == regency, alias


@pytest.mark.parametrize(
    ("text", "province", "code"),
    [
        ("banjarmasin", None, "6371"),
        ("Banjarmasin", "Kalimantan Selatan", "6371"),
        ("KOTA BANJARMASIN", "63", "6371"),
        ("kota bandung", None, "3273"),
        ("Kab. Bandung", None, "3204"),
        ("kabupaten bandung", "jabar", "3204"),
        ("Bandung Barat", None, "3217"),
        ("solo", None, "3372"),
        ("Jakarta Selatan", None, "3174"),
        ("jaksel", "DKI", "3174"),
        ("Kota Adm. Jakarta Pusat", None, "3171"),
        ("Kepulauan Seribu", None, "3101"),
        ("6371", None, "6371"),
        ("Palangka Raya", None, "6271"),  # written "Palangkaraya" in the source: same key
        ("Kota Baubau", None, "7472"),  # "Bau Bau"
    ],
)
def test_typed_names_find_their_regency(text: str, province: str | None, code: str) -> None:
    found = match_regency(text, province)
    assert isinstance(found, Regency) and found.code == code


def test_bandung_is_ambiguous_between_the_city_and_the_regency() -> None:
    found = match_regency("bandung")
    assert isinstance(found, Ambiguous)
    assert {(p.code, p.kind) for p in found.candidates} == {
        ("3204", "kabupaten"),
        ("3273", "kota"),
    }


def test_banjar_names_a_regency_in_kalimantan_selatan_and_a_city_in_jawa_barat() -> None:
    found = match_regency("banjar")
    assert isinstance(found, Ambiguous)
    assert {p.code for p in found.candidates} == {"3279", "6303"}
    within = match_regency("banjar", "kalsel")
    assert isinstance(within, Regency) and within.code == "6303"


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("surabaya", "Jawa Barat"),  # a real city, in another province
        ("banjarmsin", None),  # a typo: the engine asks back, a data file is not guessed
        ("jakarta", None),  # the start of five names: none exactly
        ("Atlantis", None),
        ("", None),
        ("Kota", None),
        ("banjarmasin", "Narnia"),  # an unknown province
    ],
)
def test_text_that_names_no_regency_exactly_matches_none(text: str, province: str | None) -> None:
    assert match_regency(text, province) is None


def test_the_engine_lists_ask_back_typos_and_starts_of_names() -> None:
    typo = regency_places().match("banjarmsin")
    assert isinstance(typo, Likely) and typo.place.code == "6371"
    start = regency_places().match("jakarta")
    assert isinstance(start, Ambiguous) and len(start.candidates) == 5
    java = province_places().match("jawa")
    assert isinstance(java, Ambiguous) and {p.code for p in java.candidates} == {"32", "33", "35"}
    assert province_places().match("Prov. Kalimantan Selatan") == province_places().get("63")


HEADER = "province_code,code,kind,name,aliases,source,source_date\n"
GOOD = "63,6371,kota,Kota Banjarmasin,,Kepmendagri,2025-04-25\n"
PROVINCES = "code,name,aliases,timezone,source,source_date\n" + (
    "63,Kalimantan Selatan,kalsel,Asia/Makassar,Kepmendagri,2025-04-25\n"
)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("99,9971,kota,Kota Atlantis,,Kepmendagri,2025-04-25", "province_code"),
        ("63,3271,kota,Kota Bogor,,Kepmendagri,2025-04-25", "code"),
        ("63,637,kota,Kota Banjarbaru,,Kepmendagri,2025-04-25", "code"),
        ("63,6372,city,Kota Banjarbaru,,Kepmendagri,2025-04-25", "kind"),
        ("63,6372,kota,Banjarbaru,,Kepmendagri,2025-04-25", "name"),
        ("63,6372,kabupaten,Kota Banjarbaru,,Kepmendagri,2025-04-25", "name"),
        ("63,6372,kota,Kota Banjarbaru,,,2025-04-25", "source"),
        ("63,6372,kota,Kota Banjarbaru,,Kepmendagri,April 2025", "source_date"),
        ("63,6371,kota,Kota Banjarmasin,,Kepmendagri,2025-04-25", "code"),  # twice
    ],
)
def test_a_bad_regency_row_names_the_file_row_and_column(
    tmp_path: Path, row: str, column: str
) -> None:
    provinces_file = tmp_path / "provinces.csv"
    provinces_file.write_text(PROVINCES, encoding="utf-8")
    path = tmp_path / "regencies.csv"
    path.write_text(HEADER + GOOD + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_regencies(path, load_provinces(provinces_file))
    assert str(path) in str(caught.value)
    assert f"row 3, column {column}" in str(caught.value)


def test_a_file_with_other_columns_says_which_columns_it_needs(tmp_path: Path) -> None:
    path = tmp_path / "regencies.csv"
    path.write_text("kode,nama\n6371,Kota Banjarmasin\n", encoding="utf-8")
    with pytest.raises(ValueError, match="province_code,code,kind,name,aliases"):
        load_regencies(path)
