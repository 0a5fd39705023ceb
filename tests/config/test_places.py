"""The shipped provinces file, and text people type matched to one province or to none."""

from __future__ import annotations

import csv
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from config.places import (
    PROVINCES_FILE,
    load_provinces,
    match_province,
    place_key,
    province_by_code,
    provinces,
)


def shipped_rows() -> list[dict[str, str]]:
    with PROVINCES_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_shipped_file_has_the_38_provinces_with_unique_codes_and_names() -> None:
    found = provinces()
    assert len(found) == 38
    assert len({p.code for p in found}) == 38
    assert len({p.name for p in found}) == 38
    assert all(len(p.code) == 2 and p.code.isdigit() for p in found)


@pytest.mark.parametrize(
    ("code", "name", "zone"),
    [
        ("11", "Aceh", "Asia/Jakarta"),
        ("31", "DKI Jakarta", "Asia/Jakarta"),
        ("32", "Jawa Barat", "Asia/Jakarta"),
        ("61", "Kalimantan Barat", "Asia/Pontianak"),
        ("51", "Bali", "Asia/Makassar"),
        ("81", "Maluku", "Asia/Jayapura"),
        ("93", "Papua Selatan", "Asia/Jayapura"),
        ("94", "Papua Tengah", "Asia/Jayapura"),
        ("95", "Papua Pegunungan", "Asia/Jayapura"),
        ("96", "Papua Barat Daya", "Asia/Jayapura"),
    ],
)
def test_a_code_gives_its_province_and_time_zone(code: str, name: str, zone: str) -> None:
    province = province_by_code(code)
    assert province is not None
    assert (province.name, province.timezone) == (name, zone)


def test_every_province_row_names_a_source_a_date_and_a_real_zone() -> None:
    for row in shipped_rows():
        assert row["source"].strip() and row["source_date"].strip(), row["code"]
        ZoneInfo(row["timezone"])


def test_every_alias_in_the_file_finds_its_own_province() -> None:
    # An alias two provinces shared would match neither: this is where that shows.
    for row in shipped_rows():
        for alias in filter(None, row["aliases"].split("|")):
            found = match_province(alias)
            assert found is not None and found.code == row["code"], alias


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Prov. Jawa Barat", "32"),
        ("jawa barat", "32"),
        ("JABAR", "32"),
        ("32", "32"),
        (" 32 ", "32"),
        ("Jawa-Barat", "32"),
        ("Provinsi Jawa Barat", "32"),
        ("dki", "31"),
        ("Jakarta", "31"),
        ("DKI Jakarta", "31"),
        ("Daerah Khusus Jakarta", "31"),
        ("DIY", "34"),
        ("jogja", "34"),
        ("Yogyakarta", "34"),
        ("D.I. Yogyakarta", "34"),
        ("Daerah Istimewa Yogyakarta", "34"),
        ("N.T.B.", "52"),
        ("ntt", "53"),
        ("sumut", "12"),
        ("Sumatra Utara", "12"),
        ("  Sumatera   Utara ", "12"),
        ("kaltim", "64"),
        ("Papua", "91"),
        ("Papua Barat", "92"),
        ("Provinsi Papua Barat Daya", "96"),
        ("west java", "32"),
    ],
)
def test_names_aliases_and_codes_match_in_any_case_and_punctuation(text: str, code: str) -> None:
    found = match_province(text)
    assert found is not None and found.code == code


@pytest.mark.parametrize(
    "text",
    ["Kalimantan", "Jawa", "Sulawesi", "Bandung", "Atlantis", "", "   ", "99", "3273", "Prov."],
)
def test_unknown_or_ambiguous_text_matches_no_province(text: str) -> None:
    assert match_province(text) is None


def test_an_unknown_code_has_no_province() -> None:
    assert province_by_code("99") is None
    assert province_by_code("") is None


HEADER = "code,name,aliases,timezone,source,source_date\n"


def test_an_alias_two_provinces_claim_matches_neither(tmp_path: Path) -> None:
    path = tmp_path / "provinces.csv"
    path.write_text(
        HEADER
        + "61,Kalimantan Barat,kalbar|borneo,Asia/Pontianak,Kepmendagri,2025-04-25\n"
        + "64,Kalimantan Timur,kaltim|borneo,Asia/Makassar,Kepmendagri,2025-04-25\n",
        encoding="utf-8",
    )
    table = load_provinces(path)
    assert table.by_key["borneo"] is None
    assert table.by_key["kalbar"] == table.by_code["61"]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("3,Jawa Barat,jabar,Asia/Jakarta,Kepmendagri,2025-04-25", "code"),
        ("32,,jabar,Asia/Jakarta,Kepmendagri,2025-04-25", "name"),
        ("32,Jawa Barat,jabar,Asia/Bandung,Kepmendagri,2025-04-25", "timezone"),
        ("32,Jawa Barat,jabar,Asia/Jakarta,,2025-04-25", "source"),
        ("32,Jawa Barat,jabar,Asia/Jakarta,Kepmendagri,25 April 2025", "source_date"),
    ],
)
def test_a_bad_province_row_names_the_file_row_and_column(
    tmp_path: Path, row: str, column: str
) -> None:
    path = tmp_path / "provinces.csv"
    path.write_text(HEADER + "31,DKI Jakarta,,Asia/Jakarta,Kepmendagri,2025-04-25\n" + row + "\n")
    with pytest.raises(ValueError) as caught:
        load_provinces(path)
    assert str(path) in str(caught.value)
    assert f"row 3, column {column}" in str(caught.value)


@pytest.mark.parametrize(
    ("place", "key"),
    [
        ("Kota Bandung", ("kota", "bandung")),
        ("KOTA  BANDUNG", ("kota", "bandung")),
        ("Kab. Bandung Barat", ("kabupaten", "bandungbarat")),
        ("Kabupaten Bandung", ("kabupaten", "bandung")),
        ("Kota Administrasi Jakarta Selatan", ("kota", "jakartaselatan")),
        ("Bandung", (None, "bandung")),
        ("Kota", (None, "kota")),
    ],
)
def test_a_place_name_is_compared_without_its_kota_or_kabupaten(
    place: str, key: tuple[str | None, str]
) -> None:
    assert place_key(place) == key
