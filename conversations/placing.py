"""Reading the answer to a place question: a province or a regency/city, as its official code.

A province question shows its provinces as a numbered list: a number picks from it, a name or an
alias is matched ("jatim", "Prov. Jawa Timur"). A regency question is typed and matched among the
regencies of the province answered before it (`within`): "banjarmasin" is Kota Banjarmasin; a
typo is asked back ("Kota Banjarmasin?", answered yes or no); a name that fits several ("bandung")
lists them and the next reply picks one ("kota", "2", "Kota Bandung"). The list comes with the
question (config/ gives it); the code is stored, the text as typed is kept beside it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from conversations import parsing
from conversations.answers import Parsed, Rejection
from conversations.places import Ambiguous, Likely, Place
from conversations.questionnaire import LEVEL_PROVINCE, Choice, PlaceSpec, Question, Questionnaire
from conversations.state import Answer

# Every rejection key this module produces, with its params (the catalogue test checks them).
PLACE_KEYS: dict[str, tuple[str, ...]] = {
    "province_not_found": ("count",),
    "place_not_found": (),
    "place_not_found_in": ("province",),
    "place_elsewhere": ("place", "province"),
    "confirm_place_declined": (),
}

# A reply that is only a number from the list shown ("2", "2.", "(2)"). Four digits are a code.
_POSITION = re.compile(r"\(?\d{1,3}[.)]?")


@dataclass(frozen=True, slots=True)
class Candidates:
    """Several places fit the reply: list them, and let the next reply pick one."""

    codes: tuple[str, ...]


def read_place(
    questionnaire: Questionnaire,
    question: Question,
    text: str,
    language: str,
    answers: Mapping[str, Answer],
    candidates: tuple[str, ...] = (),
) -> Parsed | Rejection | Candidates:
    """The place `text` names (Parsed, `confirm` for a typo), the ones it might name, or why not.

    `candidates` are the places listed after the last reply: a reply that picks one of them
    ("2", "kota") is that place; anything else is read afresh.
    """
    spec = question.place
    if spec is None:
        return Rejection("answer_not_understood")
    languages = (language, *(lang for lang in questionnaire.languages if lang != language))
    typed = parsing.normalize(text)
    if candidates:
        picked = _pick(spec, candidates, text, typed, languages)
        if picked is not None:
            return picked
    if question.choices and _POSITION.fullmatch(typed):
        return _listed(question.choices, text, languages)
    within = within_code(questionnaire, question, answers)
    found = spec.places.match(text, within)
    match found:
        case Place(code=code):
            return Parsed(code)
        case Likely(place=place):
            return Parsed(place.code, confirm=True)
        case Ambiguous(candidates=places):
            return Candidates(tuple(p.code for p in places))
    extras = tuple(c for c in question.choices if spec.places.get(c.value) is None)
    if extras:
        extra = _listed(extras, text, languages)
        if isinstance(extra, Parsed):
            return extra
    return _not_found(questionnaire, question, spec, text, within)


def within_code(
    questionnaire: Questionnaire, question: Question, answers: Mapping[str, Answer]
) -> str | None:
    """The province a regency question is narrowed to: the code answered to its `within`.

    None when there is none (no `within`, not answered, skipped, or an answer such as "abroad"
    that is no province): then every regency and city counts.
    """
    spec = question.place
    if spec is None or spec.within is None:
        return None
    answer = answers.get(spec.within)
    outer = questionnaire.by_code.get(spec.within)
    if answer is None or outer is None or outer.place is None:
        return None
    value = answer.value
    return value if isinstance(value, str) and outer.place.places.get(value) else None


def candidate_names(question: Question, codes: tuple[str, ...]) -> list[str]:
    """The names of listed candidates, in the order shown."""
    spec = question.place
    names = []
    for code in codes:
        place = spec.places.get(code) if spec else None
        names.append(place.name if place else code)
    return names


def _pick(
    spec: PlaceSpec,
    codes: tuple[str, ...],
    text: str,
    typed: str,
    languages: tuple[str, ...],
) -> Parsed | Rejection | None:
    """The listed candidate the reply picks, by number or by name; None when it picks none."""
    places = [p for code in codes if (p := spec.places.get(code)) is not None]
    choices = tuple(Choice(p.code, {lang: p.name for lang in languages}) for p in places)
    if not choices:
        return None
    if _POSITION.fullmatch(typed):
        return _listed(choices, text, languages)
    try:
        return Parsed(parsing.match_choice(text, choices, languages).value)
    except parsing.ReplyNotUnderstood:
        return None


def _listed(
    choices: tuple[Choice, ...], text: str, languages: tuple[str, ...]
) -> Parsed | Rejection:
    try:
        choice = parsing.match_choice(text, choices, languages)
    except parsing.ReplyNotUnderstood as error:
        return Rejection(error.key, dict(error.params))
    return Parsed(choice.value, (choice,))


def _not_found(
    questionnaire: Questionnaire,
    question: Question,
    spec: PlaceSpec,
    text: str,
    within: str | None,
) -> Rejection:
    if spec.level == LEVEL_PROVINCE:
        return Rejection("province_not_found", {"count": len(question.choices)})
    if within is None:
        return Rejection("place_not_found")
    province = _province_name(questionnaire, spec, within)
    # A place of another province, named or misspelt ("surabya" under Jawa Barat): say where.
    found = spec.places.match(text)
    elsewhere = found.place if isinstance(found, Likely) else found
    if isinstance(elsewhere, Place) and elsewhere.within != within:
        return Rejection(
            "place_elsewhere",
            {
                "place": elsewhere.name,
                "province": _province_name(questionnaire, spec, elsewhere.within),
            },
        )
    return Rejection("place_not_found_in", {"province": province})


def _province_name(questionnaire: Questionnaire, spec: PlaceSpec, code: str) -> str:
    outer = questionnaire.by_code.get(spec.within or "")
    place = outer.place.places.get(code) if outer and outer.place else None
    return place.name if place else code
