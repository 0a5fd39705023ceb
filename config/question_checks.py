"""Meaning checks on each question (codes, choices, scale, validation, show_if) and building it."""

from __future__ import annotations

import re

from config.check_types import Checking, Entry
from config.conditions import Target
from config.places import province_places, regency_places
from config.schema import QuestionModel, TextModel
from config.yamlsource import Path_
from conversations.places import PlaceList
from conversations.questionnaire import (
    LEVEL_PROVINCE,
    LEVEL_REGENCY,
    PLACE_LEVELS,
    PREFILL_FIELDS,
    UNITS,
    Choice,
    Condition,
    PlaceSpec,
    Question,
    QuestionType,
    RatingScale,
    Validation,
)

CODE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Chat buttons carry "<version tag>|<code>|<value>" in at most 64 bytes (Telegram's limit).
MAX_CODE_LENGTH = 32
MAX_VALUE_LENGTH = 16
TYPES = ", ".join(t.value for t in QuestionType)
# Which validation keys make sense for which question types.
NUMBER_TYPES = (QuestionType.INTEGER, QuestionType.MONEY)
LENGTH_TYPES = (QuestionType.TEXT,)
PATTERN_TYPES = (QuestionType.TEXT, QuestionType.PHONE, QuestionType.EMAIL)


def clean_text(text: TextModel) -> dict[str, str]:
    """Texts without surrounding blank space (block scalars end with a newline)."""
    return {language: value.strip() for language, value in text.items()}


def check_questions(checker: Checking, entries: list[Entry]) -> list[Question]:
    """Check every question (codes first, so conditions can see them all); build the good ones."""
    targets: dict[str, Target] = {}
    for index, entry in enumerate(entries):
        if entry.code is None:
            continue  # pydantic already said the code is missing or not text
        code_path = (*entry.path, "code")
        if not CODE_PATTERN.fullmatch(entry.code):
            checker.report(
                code_path,
                f"question '{entry.code}' code must start with a letter "
                "and use only letters, digits and _ (e.g. f8 or masa_tunggu)",
            )
        elif len(entry.code) > MAX_CODE_LENGTH:
            checker.report(
                code_path,
                f"question '{entry.code}' code is {len(entry.code)} characters long; "
                f"use at most {MAX_CODE_LENGTH} (it travels inside chat buttons)",
            )
        if entry.code in targets:
            first = entries[targets[entry.code].index].path
            line = checker.doc.line(first)
            also = f" (first on line {line})" if line else ""
            checker.report(
                code_path,
                f"question '{entry.code}' appears twice{also}; question "
                "codes must be unique in the file",
            )
            continue
        targets[entry.code] = _target(index, entry.model)
    # Place questions by code, for a regency question's `within`: (index, level).
    places = {
        e.code: (i, e.model.level)
        for i, e in enumerate(entries)
        if e.code is not None and e.model is not None and e.model.type == QuestionType.PLACE
    }
    questions = []
    for index, entry in enumerate(entries):
        question = _check_question(checker, entry, index, targets, places)
        if question is not None:
            questions.append(question)
    return questions


def _target(index: int, model: QuestionModel | None) -> Target:
    if model is None or model.type not in QuestionType.__members__.values():
        return Target(index, None)
    return Target(
        index,
        QuestionType(model.type),
        tuple(c.value for c in model.choices or ()),
        (model.scale.min, model.scale.max) if model.scale else None,
    )


def _check_question(
    checker: Checking,
    entry: Entry,
    index: int,
    targets: dict[str, Target],
    places: dict[str, tuple[int, str | None]],
) -> Question | None:
    model = entry.model
    if model is None:
        return None
    path, where = entry.path, checker.where(entry.path)
    try:
        qtype: QuestionType | None = QuestionType(model.type)
    except ValueError:
        checker.report((*path, "type"), f"{where} has type '{model.type}'; use one of: {TYPES}")
        qtype = None
    checker.check_text(model.label, (*path, "label"))
    checker.check_text(model.help, (*path, "help"))
    if qtype is QuestionType.NOTE and model.required:
        checker.report(
            (*path, "required"),
            f"{where} is a note, and notes are never required; remove 'required'",
        )
    _check_choices(checker, model, qtype, path, where)
    _check_scale(checker, model, qtype, path, where)
    _check_validation(checker, model, qtype, path, where)
    _check_unit(checker, model, qtype, path, where)
    _check_prefill(checker, model, qtype, path, where)
    place = _check_place(checker, model, qtype, path, where, index, places)
    show_if: Condition | None = None
    if model.show_if is not None:
        parsed = checker.parse_show_if(entry)
        if parsed is not None:
            show_if = checker.resolve(entry, parsed, index, targets)
    if qtype is None or (qtype is QuestionType.PLACE and place is None):
        return None
    validation = model.validation
    choices = tuple(
        Choice(c.value, clean_text(c.label), other=c.other, exclusive=c.exclusive)
        for c in model.choices or ()
    )
    if place is not None and place.level == LEVEL_PROVINCE:
        # The provinces are the choices, numbered as shown; the file's own (abroad…) follow.
        languages = checker.languages or ("id",)
        listed = tuple(Choice(p.code, {lang: p.name for lang in languages}) for p in place.places)
        choices = listed + choices
    return Question(
        code=model.code,
        type=qtype,
        label=clean_text(model.label),
        help=clean_text(model.help) if model.help else None,
        choices=choices,
        required=False if qtype is QuestionType.NOTE else model.required is not False,
        validation=Validation(
            min=_number(validation.min),
            max=_number(validation.max),
            min_length=validation.min_length,
            max_length=validation.max_length,
            pattern=validation.pattern,
            message=clean_text(validation.message) if validation.message else None,
            confirm_below=_number(validation.confirm_below),
        )
        if validation
        else Validation(),
        show_if=show_if,
        scale=RatingScale(
            model.scale.min,
            model.scale.max,
            clean_text(model.scale.min_label) if model.scale.min_label else None,
            clean_text(model.scale.max_label) if model.scale.max_label else None,
        )
        if model.scale
        else None,
        section=entry.section,
        unit=model.unit,
        prefill=model.prefill,
        place=place,
    )


def _check_choices(
    checker: Checking, model: QuestionModel, qtype: QuestionType | None, path: Path_, where: str
) -> None:
    choices = model.choices or []
    if qtype is QuestionType.PLACE:
        pass  # a place question may add its own choices to the list (e.g. abroad), or none
    elif qtype is not None and qtype.has_choices:
        if not choices:
            checker.report(
                path, f"{where} is a {qtype.value} question but has no choices; add at least 2"
            )
        elif len(choices) < 2:
            checker.report((*path, "choices"), f"{where} has only one choice; add at least 2")
    elif qtype is not None and model.choices is not None:
        checker.report(
            (*path, "choices"),
            f"{where} has choices, but a {qtype.value} question "
            "takes none; remove them or use single_choice, multiple_choice or place",
        )
    seen: set[str] = set()
    for i, choice in enumerate(choices):
        choice_path = (*path, "choices", i)
        if not choice.value.strip():
            checker.report(
                (*choice_path, "value"),
                f'{where} choice {i + 1} has an empty value; give it a code such as "1"',
            )
        elif len(choice.value.encode()) > MAX_VALUE_LENGTH:
            checker.report(
                (*choice_path, "value"),
                f"{where} choice value '{choice.value}' is too long; use a short code of at most "
                f"{MAX_VALUE_LENGTH} characters (labels can be long, values are codes)",
            )
        elif choice.value in seen:
            checker.report(
                (*choice_path, "value"),
                f"{where} has the choice value "
                f"'{choice.value}' twice; choice values must be unique",
            )
        seen.add(choice.value)
        checker.check_text(choice.label, (*choice_path, "label"))
        if choice.exclusive and qtype in (QuestionType.SINGLE_CHOICE, QuestionType.PLACE):
            checker.report(
                (*choice_path, "exclusive"),
                f"{checker.where(choice_path)} is "
                "exclusive, which only applies to multiple_choice; remove 'exclusive'",
            )


def _check_scale(
    checker: Checking, model: QuestionModel, qtype: QuestionType | None, path: Path_, where: str
) -> None:
    scale = model.scale
    if qtype is QuestionType.RATING and scale is None:
        checker.report(
            path, f"{where} is a rating but has no scale; add e.g. scale: {{min: 1, max: 5}}"
        )
    if scale is None:
        return
    if qtype is not None and qtype is not QuestionType.RATING:
        checker.report(
            (*path, "scale"),
            f"{where} has a scale, but only rating questions take "
            "one; remove it or use type: rating",
        )
    if scale.min >= scale.max:
        checker.report(
            (*path, "scale"), f"{where} scale min ({scale.min}) must be less than max ({scale.max})"
        )
    checker.check_text(scale.min_label, (*path, "scale", "min_label"))
    checker.check_text(scale.max_label, (*path, "scale", "max_label"))


def _check_validation(
    checker: Checking, model: QuestionModel, qtype: QuestionType | None, path: Path_, where: str
) -> None:
    rules = model.validation
    if rules is None:
        return
    vpath = (*path, "validation")
    if rules.min is not None and rules.max is not None and rules.min > rules.max:
        checker.report(
            vpath,
            f"{where} validation min ({_text(rules.min)}) is greater than max "
            f"({_text(rules.max)}); swap them",
        )
    for key in ("min_length", "max_length"):
        value = getattr(rules, key)
        if value is not None and value < 0:
            checker.report(
                (*vpath, key), f"{where} validation {key} ({value}) must not be negative"
            )
    if (
        rules.min_length is not None
        and rules.max_length is not None
        and rules.min_length > rules.max_length
    ):
        checker.report(
            vpath,
            f"{where} validation min_length ({rules.min_length}) is greater "
            f"than max_length ({rules.max_length}); swap them",
        )
    if rules.confirm_below is not None and rules.confirm_below < 0:
        checker.report(
            (*vpath, "confirm_below"),
            f"{where} validation confirm_below ({_text(rules.confirm_below)}) must not be "
            "negative; use 0 to never ask",
        )
    if rules.pattern is not None:
        try:
            re.compile(rules.pattern)
        except re.error as exc:
            checker.report(
                (*vpath, "pattern"),
                f"{where} validation pattern '{rules.pattern}' "
                f"does not compile ({exc}); fix the regular expression",
            )
    checker.check_text(rules.message, (*vpath, "message"))
    if qtype is None:
        return
    for keys, types, kinds in (
        (("min", "max"), NUMBER_TYPES, "integer and money"),
        (("min_length", "max_length"), LENGTH_TYPES, "text"),
        (("pattern",), PATTERN_TYPES, "text, phone and email"),
        (("confirm_below",), (QuestionType.MONEY,), "money"),
    ):
        for key in keys:
            if getattr(rules, key) is not None and qtype not in types:
                rating = qtype is QuestionType.RATING and key in ("min", "max")
                hint = " (a rating's range is its scale)" if rating else ""
                checker.report(
                    (*vpath, key),
                    f"{where} validation {key} applies to {kinds} "
                    f"questions, not {qtype.value}; remove it{hint}",
                )


def _check_unit(
    checker: Checking, model: QuestionModel, qtype: QuestionType | None, path: Path_, where: str
) -> None:
    if model.unit is None:
        return
    if model.unit not in UNITS:
        checker.report(
            (*path, "unit"),
            f"{where} has unit '{model.unit}'; use one of: {', '.join(UNITS)}",
        )
    elif qtype is not None and qtype is not QuestionType.INTEGER:
        checker.report(
            (*path, "unit"),
            f"{where} has a unit, but only integer questions take one, not {qtype.value}; "
            "remove it",
        )


def _check_prefill(
    checker: Checking, model: QuestionModel, qtype: QuestionType | None, path: Path_, where: str
) -> None:
    field = model.prefill
    if field is None:
        return
    if field not in PREFILL_FIELDS:
        checker.report(
            (*path, "prefill"),
            f"{where} has prefill '{field}', which the roster does not hold; use one of: "
            f"{', '.join(PREFILL_FIELDS)}",
        )
    elif qtype is not None and qtype not in PREFILL_FIELDS[field]:
        fits = " or ".join(t.value for t in PREFILL_FIELDS[field])
        checker.report(
            (*path, "prefill"),
            f"{where} is a {qtype.value} question, but prefill '{field}' only answers "
            f"{fits} questions; change the type or remove 'prefill'",
        )


def _check_place(
    checker: Checking,
    model: QuestionModel,
    qtype: QuestionType | None,
    path: Path_,
    where: str,
    index: int,
    places: dict[str, tuple[int, str | None]],
) -> PlaceSpec | None:
    """A place question's level, list and `within`; `level`/`within` elsewhere are reported."""
    if qtype is not QuestionType.PLACE:
        for key in ("level", "within"):
            if getattr(model, key) is not None and qtype is not None:
                checker.report(
                    (*path, key),
                    f"{where} has '{key}', which only place questions take, not "
                    f"{qtype.value}; remove it or use type: place",
                )
        return None
    level, within = model.level, model.within
    if level not in PLACE_LEVELS:
        shown = f"'{level}'" if level is not None else "no level"
        checker.report(
            (*path, "level") if level is not None else path,
            f"{where} is a place question with {shown}; add level: province or level: regency",
        )
        return None
    if within is not None and level != LEVEL_REGENCY:
        checker.report(
            (*path, "within"),
            f"{where} has 'within', but only a regency question lies within a province; remove it",
        )
        within = None
    if within is not None:
        found = places.get(within)
        if found is None or found[0] >= index or found[1] != LEVEL_PROVINCE:
            checker.report(
                (*path, "within"),
                f"{where} lies within '{within}', which is not a place question with level: "
                "province asked before it; name that question's code",
            )
            within = None
    try:
        listed: PlaceList = province_places() if level == LEVEL_PROVINCE else regency_places()
    except ValueError as exc:
        checker.report(path, f"{where} needs the list of places, which cannot be read: {exc}")
        return None
    for i, choice in enumerate(model.choices or ()):
        if listed.get(choice.value) is not None:
            checker.report(
                (*path, "choices", i, "value"),
                f"{where} choice value '{choice.value}' is the code of "
                f"{listed.by_code[choice.value].name}; give your own choice another code",
            )
    return PlaceSpec(level, listed, within)


def _number(value: float | None) -> float | None:
    """Whole numbers as int, so messages say "60", not "60.0"."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def _text(value: float) -> str:
    return str(_number(value))
