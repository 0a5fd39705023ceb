"""Place questions as the files declare them: the loader's checks, and the templates' work place
asked from the official lists through the engine."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime

import pytest

from config.loader import QuestionnaireError, load_questionnaire, parse_questionnaire
from config.places import province_places, regency_places
from config.templates import TEMPLATE_DIR
from conversations import engine
from conversations.events import AnswerRecorded, QuestionAsked
from conversations.inputs import TextReply
from conversations.questionnaire import LEVEL_PROVINCE, LEVEL_REGENCY, Questionnaire, QuestionType
from conversations.render import render_text
from conversations.state import Answer

NOW = datetime(2026, 11, 23, tzinfo=UTC)
HEAD = """\
id: demo
version: "1"
title: {id: Demo, en: Demo}
languages: [id, en]
consent: {id: Setuju, en: Agree}
sections:
  - id: s
    title: {id: S, en: S}
    questions:
"""


def parse(questions: str) -> Questionnaire:
    source = HEAD + textwrap.indent(textwrap.dedent(questions), " " * 6)
    return parse_questionnaire(source, "d.yaml")


def problems(questions: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse(questions)
    return [p.rsplit(" [line", 1)[0] for p in caught.value.problems]


PROVINCE = """\
- code: prov
  type: place
  level: province
  label: {id: Provinsi, en: Province}
"""


def test_a_province_question_lists_the_38_provinces_then_its_own_choices() -> None:
    q = parse(
        PROVINCE
        + "  choices: [{value: LN, label: {id: Luar negeri, en: Abroad}, other: true}]\n"
        + """\
- code: kota
  type: place
  level: regency
  within: prov
  label: {id: Kota, en: City}
"""
    )
    prov, kota = q.question("prov"), q.question("kota")
    assert prov.type is QuestionType.PLACE and prov.place is not None
    assert prov.place.level == LEVEL_PROVINCE and prov.place.places is province_places()
    assert len(prov.choices) == 39 and prov.choices[-1].value == "LN"
    assert prov.choices[0].value == "11" and prov.choices[0].label == {"id": "Aceh", "en": "Aceh"}
    assert kota.place is not None and kota.place.level == LEVEL_REGENCY
    assert kota.place.within == "prov" and kota.place.places is regency_places()
    assert kota.choices == ()


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        (
            "- {code: p, type: place, label: {id: P, en: P}}\n",
            "d.yaml: question 'p' is a place question with no level; add level: province or "
            "level: regency",
        ),
        (
            "- {code: p, type: place, level: city, label: {id: P, en: P}}\n",
            "d.yaml: question 'p' is a place question with 'city'; add level: province or "
            "level: regency",
        ),
        (
            "- {code: t, type: text, level: province, label: {id: P, en: P}}\n",
            "d.yaml: question 't' has 'level', which only place questions take, not text; "
            "remove it or use type: place",
        ),
        (
            PROVINCE + "  within: prov\n",
            "d.yaml: question 'prov' has 'within', but only a regency question lies within a "
            "province; remove it",
        ),
        (
            "- {code: k, type: place, level: regency, within: nowhere, label: {id: K, en: K}}\n",
            "d.yaml: question 'k' lies within 'nowhere', which is not a place question with "
            "level: province asked before it; name that question's code",
        ),
        (
            PROVINCE + "  choices: [{value: '63', label: {id: Lain, en: Other}}]\n",
            "d.yaml: question 'prov' choice value '63' is the code of Kalimantan Selatan; give "
            "your own choice another code",
        ),
    ],
)
def test_a_wrong_place_question_is_reported_with_its_fix(questions: str, expected: str) -> None:
    assert expected in problems(questions)


def test_a_regency_question_may_not_lie_within_a_later_province() -> None:
    found = problems(
        "- {code: k, type: place, level: regency, within: prov, label: {id: K, en: K}}\n" + PROVINCE
    )
    assert any("lies within 'prov', which is not a place question" in p for p in found)


# --- the templates ---------------------------------------------------------------------------


def walk_to(q: Questionnaire, code: str, replies: dict[str, str]) -> engine.Step:
    """Answer the walkers' way (tests/walkers.py) until `code` is asked."""
    from walkers import typed_answer

    step = engine.resume(q, engine.start(q, NOW).state, TextReply("ya"), NOW)
    for _ in range(200):
        if step.state.current == code:
            return step
        asked = [e for e in step.events if isinstance(e, QuestionAsked)]
        reply = "ya" if not asked else typed_answer(asked[-1].question, replies)
        step = engine.resume(q, step.state, TextReply(reply), NOW)
    raise AssertionError(f"{code} was never asked")


@pytest.mark.parametrize(
    ("name", "province", "city", "route"),
    [
        ("dikti", "f5a1", "f5a2", {"f8": "1", "f502": "0", "f505": "5 juta"}),
        ("smk", "provinsi_kerja", "kota_kerja",
         {"nisn": "0051234567", "tahun_lulus": "2025", "status": "1", "status_juga": "Tidak ada",
          "mulai_kerja": "1", "lokasi_kerja": "1"}),
    ],
)  # fmt: skip
def test_the_templates_ask_the_work_place_from_the_official_lists(
    name: str, province: str, city: str, route: dict[str, str]
) -> None:
    q = load_questionnaire(TEMPLATE_DIR / f"{name}.yaml")
    assert q.question(province).place is not None and q.question(city).place is not None
    step = walk_to(q, province, route)
    assert "Kalimantan Selatan" in (render_text(q, step.events[-1], "id") or "")
    step = engine.resume(q, step.state, TextReply("Kalimantan Selatan"), NOW)
    assert step.state.answers[province] == Answer(
        "63", "Kalimantan Selatan", None, step.state.answers[province].answered_at
    )
    step = engine.resume(q, step.state, TextReply("banjarmasin"), NOW)
    [recorded] = [e for e in step.events if isinstance(e, AnswerRecorded)]
    assert (recorded.code, recorded.value, recorded.display) == (city, "6371", "Kota Banjarmasin")


def test_bandung_in_the_dikti_template_asks_kota_or_kabupaten() -> None:
    q = load_questionnaire(TEMPLATE_DIR / "dikti.yaml")
    step = walk_to(q, "f5a1", {"f8": "1", "f502": "0", "f505": "5 juta"})
    step = engine.resume(q, step.state, TextReply("jabar"), NOW)
    step = engine.resume(q, step.state, TextReply("bandung"), NOW)
    shown = "\n".join(render_text(q, e, "id") or "" for e in step.events)
    assert "Yang Anda maksud yang mana?\n1. Kabupaten Bandung\n2. Kota Bandung" in shown
    step = engine.resume(q, step.state, TextReply("kabupaten"), NOW)
    assert step.state.answers["f5a2"].value == "3204"


def test_the_dikti_work_place_abroad_keeps_the_country_and_skips_the_city() -> None:
    q = load_questionnaire(TEMPLATE_DIR / "dikti.yaml")
    step = walk_to(q, "f5a1", {"f8": "1", "f502": "0", "f505": "5 juta"})
    step = engine.resume(q, step.state, TextReply("39"), NOW)  # the last of the list: abroad
    step = engine.resume(q, step.state, TextReply("Jepang"), NOW)
    answer = step.state.answers["f5a1"]
    assert (answer.value, answer.other_text) == ("LN", "Jepang")
    assert step.state.current == "f1101"  # f5a2 does not apply abroad
