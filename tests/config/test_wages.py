"""The shipped provincial minimum wages, an institution's UMK file and looking a wage up."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from config.places import DATA_DIR, province_by_code, provinces
from config.wages import (
    WAGES_FILE,
    MinimumWage,
    MinimumWages,
    load_bundled,
    load_regional,
    parse_rupiah,
)


def shipped_rows() -> list[dict[str, str]]:
    with WAGES_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_wage_row_names_a_source_a_date_and_a_known_province() -> None:
    rows = shipped_rows()
    assert rows
    for row in rows:
        province = province_by_code(row["province_code"])
        assert province is not None and province.name == row["province"], row
        assert row["source"].strip(), row
        date.fromisoformat(row["source_date"])


def test_2025_has_one_ump_for_each_of_the_38_provinces() -> None:
    rows = [r for r in shipped_rows() if r["year"] == "2025"]
    assert len(rows) == 38
    assert {r["province_code"] for r in rows} == {p.code for p in provinces()}
    assert {r["level"] for r in rows} == {"UMP"}


def test_every_province_missing_a_2026_wage_is_listed_in_the_readme() -> None:
    having = {r["province_code"] for r in shipped_rows() if r["year"] == "2026"}
    missing = [p for p in provinces() if p.code not in having]
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert len(missing) <= 2
    for province in missing:
        assert f"**{province.name} 2026 — missing.**" in readme


@pytest.mark.parametrize(
    ("year", "province", "amount"),
    [
        (2025, "DKI Jakarta", 5_396_761),
        (2025, "Jawa Barat", 2_191_238),
        (2025, "Jawa Tengah", 2_169_349),
        (2025, "Sumatera Utara", 2_992_559),
        (2026, "DKI Jakarta", 5_729_876),
        (2026, "Jawa Barat", 2_317_601),
        (2026, "Papua Tengah", 4_285_848),
        # The decree's Rp 2.446.880,68 counts as the next whole rupiah.
        (2026, "Jawa Timur", 2_446_881),
    ],
)
def test_published_figures_come_back_from_the_shipped_file(
    year: int, province: str, amount: int
) -> None:
    wage = MinimumWages.bundled().lookup(year, province)
    assert wage is not None
    assert (wage.amount, wage.level, wage.year) == (amount, "UMP", year)
    assert wage.source


def test_the_province_may_be_written_as_an_alias_or_a_code() -> None:
    wages = MinimumWages.bundled()
    assert wages.lookup(2025, "dki") == wages.lookup(2025, "31") == wages.lookup(2025, "Jakarta")
    assert wages.lookup(2025, "dki") is not None


@pytest.mark.parametrize(
    ("year", "province"),
    [(2025, "Atlantis"), (2025, "Kalimantan"), (2031, "DKI Jakarta"), (2025, None)],
)
def test_an_unknown_place_or_year_has_no_wage(year: int, province: str | None) -> None:
    assert MinimumWages.bundled().lookup(year, province) is None


@pytest.mark.parametrize(
    ("text", "rupiah"),
    [
        ("5.396.761", 5_396_761),
        ("Rp 5,396,761", 5_396_761),
        ("Rp5.396.761,-", 5_396_761),
        ("IDR 5396761", 5_396_761),
        ("5396761", 5_396_761),
        ("3.100.881,40", 3_100_882),
        ("3100881.40", 3_100_882),
        ("3,100,881.40", 3_100_882),
        ("3.686.138", 3_686_138),
    ],
)
def test_rupiah_are_read_as_indonesians_and_spreadsheets_write_them(text: str, rupiah: int) -> None:
    assert parse_rupiah(text) == rupiah


@pytest.mark.parametrize("text", ["5,4 juta", "abc", "", "5.39.761", "1.2.3", "-5000000"])
def test_text_that_is_not_an_amount_is_not_read_as_one(text: str) -> None:
    assert parse_rupiah(text) is None


# Made-up amounts and sources: these tests are about reading the file, not about Bandung.
UMK_FILE = """province,city/regency,year,amount,source
Jawa Barat,Kota Bandung,2026,"Rp 4.000.000",contoh kota
jabar,Kabupaten Bandung,2026,3.800.000,contoh kabupaten
33,Kota Semarang,2026,"3,700,000",contoh semarang
"""


@pytest.fixture
def regional(tmp_path: Path) -> MinimumWages:
    path = tmp_path / "umk.csv"
    path.write_text(UMK_FILE, encoding="utf-8")
    return MinimumWages.with_regional(path)


@pytest.mark.parametrize(
    ("province", "city", "amount", "level"),
    [
        ("Jawa Barat", "Kota Bandung", 4_000_000, "UMK"),
        ("jabar", "KOTA BANDUNG", 4_000_000, "UMK"),
        ("32", "Kab. Bandung", 3_800_000, "UMK"),
        ("Jawa Barat", "Kabupaten Bandung", 3_800_000, "UMK"),
        # Kota and Kabupaten Bandung are both listed: "Bandung" names neither.
        ("Jawa Barat", "Bandung", 2_317_601, "UMP"),
        ("Jawa Barat", "Kota Depok", 2_317_601, "UMP"),
        ("Jawa Tengah", "Semarang", 3_700_000, "UMK"),
        (None, "Kota Semarang", 3_700_000, "UMK"),
        # A city of another province is not this province's.
        ("Jawa Tengah", "Kota Bandung", 2_327_387, "UMP"),
    ],
)
def test_a_citys_umk_takes_precedence_over_the_ump(
    regional: MinimumWages, province: str | None, city: str, amount: int, level: str
) -> None:
    wage = regional.lookup(2026, province, city)
    assert wage is not None
    assert (wage.amount, wage.level) == (amount, level)


def test_a_umk_keeps_the_place_and_source_the_institution_wrote(regional: MinimumWages) -> None:
    assert regional.lookup(2026, "jabar", "kota bandung") == MinimumWage(
        4_000_000, "UMK", "32", "Kota Bandung", 2026, "contoh kota"
    )


def test_the_institutions_umk_replaces_an_earlier_one_for_the_same_city(tmp_path: Path) -> None:
    path = tmp_path / "umk.csv"
    path.write_text(UMK_FILE, encoding="utf-8")
    earlier = MinimumWage(3_900_000, "UMK", "32", "Kota Bandung", 2026, "shipped")
    wages = MinimumWages.with_regional(path, base=MinimumWages([earlier]))
    wage = wages.lookup(2026, "Jawa Barat", "Kota Bandung")
    assert wage is not None and (wage.amount, wage.source) == (4_000_000, "contoh kota")
    assert earlier not in wages.wages


def test_a_umk_for_one_year_leaves_other_years_on_the_ump(regional: MinimumWages) -> None:
    wage = regional.lookup(2025, "Jawa Barat", "Kota Bandung")
    assert wage is not None and (wage.level, wage.amount) == ("UMP", 2_191_238)


def test_a_city_without_a_province_that_no_file_knows_has_no_wage(regional: MinimumWages) -> None:
    assert regional.lookup(2026, None, "Kota Atlantis") is None


def test_a_spreadsheet_saved_with_semicolons_and_indonesian_headers_is_read(tmp_path: Path) -> None:
    path = tmp_path / "umk.csv"
    path.write_text(
        "\ufeffProvinsi;Kabupaten/Kota;Tahun;UMK;Sumber\n"
        "DI Yogyakarta;Kota Yogyakarta;2026;Rp 2.800.000,-;contoh\n",
        encoding="utf-8",
    )
    [wage] = load_regional(path)
    assert (wage.province_code, wage.place, wage.amount) == ("34", "Kota Yogyakarta", 2_800_000)


def test_a_bad_umk_file_names_every_bad_row_and_column_and_loads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "umk.csv"
    path.write_text(
        "province,city/regency,year,amount,source\n"
        "Jawa Barat,Kota Bandung,2026,4.000.000,Kepgub\n"
        "Jawa Barta,Kota Bogor,2026,5.000.000,Kepgub\n"
        "Jawa Barat,,2026,5.000.000,Kepgub\n"
        "Jawa Barat,Kota Depok,26,5.000.000,Kepgub\n"
        'Jawa Barat,Kota Bekasi,2026,"5,6 juta",Kepgub\n'
        "Jawa Barat,Kota Cimahi,2026,5.396,Kepgub\n"
        "Jawa Barat,Kota Banjar,2026,3.000.000,\n"
        "Jawa Barat,KOTA BANDUNG,2026,4.000.000,Kepgub\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError) as caught:
        MinimumWages.with_regional(path)
    message = str(caught.value)
    assert message.count(str(path)) == 7
    for expected in [
        "row 3, column province: 'Jawa Barta' is not a province; write its name",
        "row 4, column city/regency: '' is empty",
        "row 5, column year: '26' is not a year",
        "row 6, column amount: '5,6 juta' is not a monthly wage; write the full rupiah",
        "row 7, column amount: '5.396' is not a monthly wage",
        "row 8, column source: '' is empty",
        "row 9, column city/regency: 'KOTA BANDUNG' is also on row 2",
    ]:
        assert expected in message


def test_a_umk_file_without_a_needed_column_says_which(tmp_path: Path) -> None:
    path = tmp_path / "umk.csv"
    path.write_text("province,city,amount,source\nJawa Barat,Kota Bandung,4.000.000,Kepgub\n")
    with pytest.raises(ValueError) as caught:
        load_regional(path)
    assert str(path) in str(caught.value)
    assert "row 1 has no year column" in str(caught.value)


def test_a_umk_file_that_is_not_utf8_text_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "umk.csv"
    path.write_bytes(b"province,city,year,amount,source\n\xffJawa Barat,Bandung,2026,1,x\n")
    with pytest.raises(ValueError, match="not UTF-8 text"):
        load_regional(path)


WAGES_HEADER = "province_code,province,year,level,place_code,place,amount,source,source_date\n"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("99,Atlantis,2026,UMP,99,Atlantis,5000000,Kepgub,2025-12-24", "province_code"),
        ("31,Jawa Barat,2026,UMP,31,DKI Jakarta,5000000,Kepgub,2025-12-24", "province_code"),
        ("31,DKI Jakarta,2026,UMR,31,DKI Jakarta,5000000,Kepgub,2025-12-24", "level"),
        ("31,DKI Jakarta,2026,UMP,3171,Jakarta Pusat,5000000,Kepgub,2025-12-24", "level"),
        ("31,DKI Jakarta,26,UMP,31,DKI Jakarta,5000000,Kepgub,2025-12-24", "year"),
        ("31,DKI Jakarta,2026,UMP,31,DKI Jakarta,5.729.876,Kepgub,2025-12-24", "amount"),
        ("31,DKI Jakarta,2026,UMP,31,DKI Jakarta,5729876,,2025-12-24", "source"),
        ("31,DKI Jakarta,2026,UMP,31,DKI Jakarta,5729876,Kepgub,24/12/2025", "source_date"),
        ("31,DKI Jakarta,2025,UMP,31,DKI Jakarta,5396761,Kepgub,2025-12-24", "place_code"),
    ],
)
def test_a_bad_row_in_a_wages_file_names_the_file_row_and_column(
    tmp_path: Path, row: str, column: str
) -> None:
    path = tmp_path / "minimum_wages.csv"
    good = "31,DKI Jakarta,2025,UMP,31,DKI Jakarta,5396761,Kepgub,2025-12-24\n"
    path.write_text(WAGES_HEADER + good + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_bundled(path)
    assert f"{path}: row 3, column {column}:" in str(caught.value)


def test_a_wages_file_with_other_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "minimum_wages.csv"
    path.write_text("province,year,amount\nDKI Jakarta,2025,5396761\n", encoding="utf-8")
    with pytest.raises(ValueError, match="the first row must be the columns province_code"):
        load_bundled(path)
