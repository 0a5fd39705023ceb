"""Export layouts as data: the shipped Dikti layout, and every problem a layout file can have,
named with its file, place and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.layouts import (
    LAYOUT_DIR,
    LayoutError,
    check_against,
    find_layout,
    layout_names,
    load_layout,
    parse_layout,
)
from config.loader import load_questionnaire
from config.templates import TEMPLATE_DIR

# The national upload's 86 columns, in order (the domain notes' list, written out).
DIKTI = [
    *("kdptimsmh", "kdpstmsmh", "nimhsmsmh", "nmmhsmsmh", "telpomsmh", "emailmsmh"),
    *("tahun_lulus", "nik", "npwp"),
    *("f8", "f502", "f505", "f5a1", "f5a2", "f1101", "f1102", "f5b", "f5c", "f5d"),
    *("f18a", "f18b", "f18c", "f18d", "f1201", "f1202", "f14", "f15"),
    *("f1761", "f1762", "f1763", "f1764", "f1765", "f1766", "f1767"),
    *("f1768", "f1769", "f1770", "f1771", "f1772", "f1773", "f1774"),
    *("f21", "f22", "f23", "f24", "f25", "f26", "f27", "f301", "f302", "f303"),
    *("f401", "f402", "f403", "f404", "f405", "f406", "f407", "f408"),
    *("f409", "f410", "f411", "f412", "f413", "f414", "f415", "f416"),
    *("f6", "f7", "f7a", "f1001", "f1002"),
    *("f1601", "f1602", "f1603", "f1604", "f1605", "f1606", "f1607"),
    *("f1608", "f1609", "f1610", "f1611", "f1612", "f1613", "f1614"),
]


def test_the_dikti_layout_has_exactly_the_86_columns_in_order() -> None:
    layout = load_layout(LAYOUT_DIR / "dikti.yaml")
    assert list(layout.header) == DIKTI and len(DIKTI) == 86
    assert (layout.id, layout.version, layout.questionnaire) == ("dikti", "2024", "dikti")
    assert "f504" not in layout.header  # dropped in the 2024 layout
    assert layout.date_format == "%d/%m/%Y" and layout.source


def test_the_dikti_layout_fits_the_dikti_template() -> None:
    layout = load_layout(LAYOUT_DIR / "dikti.yaml")
    assert check_against(layout, load_questionnaire(TEMPLATE_DIR / "dikti.yaml")) == []


def test_multiple_choices_become_one_column_per_option_and_identity_comes_from_the_roster() -> None:
    columns = {c.name: c for c in load_layout(LAYOUT_DIR / "dikti.yaml").columns}
    assert [(columns[f"f{n}"].question, columns[f"f{n}"].chosen) for n in (401, 415)] == [
        ("f4", "401"),
        ("f4", "415"),
    ]
    assert columns["f1613"].chosen == "1613" and columns["f1614"].question == "f1614"
    assert columns["nimhsmsmh"].roster == "student_number"
    assert (columns["telpomsmh"].question, columns["telpomsmh"].roster) == ("telpomsmh", "phone")
    assert columns["f18d"].format == "date" and columns["f5a1"].recoded == {"LN": ""}


def test_the_shipped_layouts_are_listed_and_found_by_name() -> None:
    assert "dikti" in layout_names()
    assert find_layout("dikti") == LAYOUT_DIR / "dikti.yaml"
    assert find_layout("nope") is None and find_layout("../dikti") is None


HEAD = """\
id: demo
version: "1"
title: Demo
questionnaire: dikti
source: a test
columns:
"""


def problems(columns: str, head: str = HEAD) -> list[str]:
    with pytest.raises(LayoutError) as caught:
        parse_layout(head + columns, "demo.yaml")
    return caught.value.problems


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            "  - {name: nim, roster: nim}\n",
            "demo.yaml: columns[0] (nim) roster 'nim' is not a roster field; use one of: "
            "institution_code, programme_code, student_number, name, phone, email, "
            "graduation_year, nik, npwp [line 7]",
        ),
        (
            "  - {name: f8}\n",
            "demo.yaml: columns[0] (f8) names no source; add question:, roster: or value: [line 7]",
        ),
        (
            "  - {name: f401, chosen: '401'}\n",
            "demo.yaml: columns[0] (f401) uses chosen or other without a question; add "
            "question: [line 7]",
        ),
        (
            "  - {name: f8, question: f8, format: percent}\n",
            "demo.yaml: columns[0] (f8) format 'percent'; use one of: code, text, number, "
            "digits, date, phone_local [line 7]",
        ),
        (
            "  - {name: f8, question: f8, colour: red}\n",
            "demo.yaml: columns[0] has 'colour'; a column takes: name, roster, question, value, "
            "chosen, other, format, recode, zero_when [line 7]",
        ),
        (
            "  - {name: f8, question: f8}\n  - {name: f8, question: f8}\n",
            "demo.yaml: columns[1] repeats the column 'f8' of columns[0]; each name appears "
            "once [line 8]",
        ),
        (
            "  - {name: k, value: X, roster: name}\n",
            "demo.yaml: columns[0] (k) has a value and reads the roster or a question; keep one "
            "[line 7]",
        ),
        (
            "  - {name: f502, question: f502, zero_when: {question: f8}}\n",
            'demo.yaml: columns[0] (f502) zero_when must be {question: code, values: ["1"]} '
            "[line 7]",
        ),
        (
            "  - {name: f401, question: f4, chosen: '401', format: number}\n",
            "demo.yaml: columns[0] (f401) is a 0/1 column; remove its format [line 7]",
        ),
        (
            "  []\n",
            "demo.yaml: columns must be a list of columns, e.g. - {name: f8, question: f8} "
            "[line 7]",
        ),
    ],
)
def test_a_wrong_column_is_reported_with_its_place_and_fix(columns: str, expected: str) -> None:
    assert expected in problems(columns)


def test_missing_and_unknown_top_keys_are_each_reported() -> None:
    found = problems("  - {name: f8, question: f8}\n", head="id: Demo\npages: 3\ncolumns:\n")
    assert (
        "demo.yaml: 'pages' is not a layout key; use one of: id, version, title, "
        "questionnaire, source, date_format, sheet, csv_delimiter, columns [line 2]"
    ) in found
    assert "demo.yaml: id 'Demo' must be lower case letters, digits and _ [line 1]" in found
    for key in ("version", "title", "questionnaire", "source"):
        assert f"demo.yaml: {key} is missing; add {key}: ... [line 1]" in found


def test_bad_yaml_and_a_missing_file_say_so(tmp_path: Path) -> None:
    assert problems("  - {name: f8, question: f8\n")[0].startswith("demo.yaml: YAML syntax error")
    with pytest.raises(LayoutError, match=r"nope.yaml: no such file"):
        load_layout(tmp_path / "nope.yaml")


def test_a_layout_that_does_not_fit_the_questionnaire_says_each_column() -> None:
    layout = parse_layout(
        HEAD
        + "  - {name: f499, question: f4, chosen: '499'}\n"
        + "  - {name: f9, question: f9}\n"
        + "  - {name: f8d, question: f8, format: date}\n"
        + "  - {name: f8o, question: f8, other: true}\n"
        + "  - {name: f502, question: f502, zero_when: {question: f8, values: ['9']}}\n",
        "demo.yaml",
    )
    dikti = load_questionnaire(TEMPLATE_DIR / "dikti.yaml")
    found = check_against(layout, dikti)
    assert found[0].startswith("demo.yaml: column f499: 'f4' has no choice '499'; use one of: 401")
    assert found[1:] == [
        "demo.yaml: column f9: 'f9' is not a question of dikti 2026.5; use a question code of "
        "that questionnaire",
        "demo.yaml: column f8d: format date needs a date question, and 'f8' is single_choice; "
        "use another format",
        "demo.yaml: column f8o: 'f8' has no \"please specify\" choice; remove other: true or "
        "read the question that holds the text",
        "demo.yaml: column f502: zero_when: 'f8' has no choice '9'; use one of: 1, 2, 3, 4, 5",
    ]
    smk = load_questionnaire(TEMPLATE_DIR / "smk.yaml")
    assert check_against(layout, smk) == [
        "demo.yaml: the layout reads the 'dikti' questionnaire, not 'smk'; export a survey of "
        "'dikti' with it"
    ]
