"""Place questions through the engine: a province from its list, a regency or city typed and
matched among that province's, asked back when it fits several or looks like a typo.

The engine is pure: these questionnaires carry small made-up lists built here, as config/ would
pass the official ones (tests/config/test_regencies.py checks those)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from conversations import engine
from conversations.events import (
    AnswerConfirmationAsked,
    AnswerRecorded,
    AnswerRejected,
    AnswersDropped,
    Event,
    Notice,
    QuestionAsked,
)
from conversations.inputs import TextReply
from conversations.places import KIND_CITY, KIND_REGENCY, Place, PlaceList
from conversations.questionnaire import (
    LEVEL_PROVINCE,
    LEVEL_REGENCY,
    Choice,
    Equals,
    Not,
    PlaceSpec,
    Question,
    Questionnaire,
    QuestionType,
    Section,
)
from conversations.render import render_text
from conversations.state import ConversationState, Phase, Step

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

PROVINCES = PlaceList(
    [
        Place("32", "Jawa Barat", aliases=("jabar",)),
        Place("35", "Jawa Timur", aliases=("jatim",)),
        Place("63", "Kalimantan Selatan", aliases=("kalsel",)),
    ],
    ignored_words=("provinsi", "prov"),
)
REGENCIES = PlaceList(
    [
        Place("3204", "Kabupaten Bandung", "32", KIND_REGENCY),
        Place("3273", "Kota Bandung", "32", KIND_CITY),
        Place("3279", "Kota Banjar", "32", KIND_CITY),
        Place("3515", "Kabupaten Sidoarjo", "35", KIND_REGENCY),
        Place("3578", "Kota Surabaya", "35", KIND_CITY),
        Place("6303", "Kabupaten Banjar", "63", KIND_REGENCY),
        Place("6371", "Kota Banjarmasin", "63", KIND_CITY),
        Place("6372", "Kota Banjarbaru", "63", KIND_CITY),
    ]
)


def T(text: str) -> dict[str, str]:
    return {"id": text, "en": text}


ABROAD = Choice("LN", T("Luar negeri"), other=True)
QUESTIONNAIRE = Questionnaire(
    id="tempat",
    version="1",
    title=T("Tempat kerja"),
    languages=("id", "en"),
    consent=T("Setuju?"),
    sections=(
        Section(
            "kerja",
            T("Kerja"),
            (
                Question(
                    "provinsi",
                    QuestionType.PLACE,
                    T("Di provinsi mana?"),
                    # config/ lists the provinces as choices, then the file's own (abroad).
                    choices=(*(Choice(p.code, T(p.name)) for p in PROVINCES), ABROAD),
                    place=PlaceSpec(LEVEL_PROVINCE, PROVINCES),
                ),
                Question(
                    "kota",
                    QuestionType.PLACE,
                    T("Di kabupaten/kota mana?"),
                    show_if=Not(Equals("provinsi", "LN")),
                    place=PlaceSpec(LEVEL_REGENCY, REGENCIES, within="provinsi"),
                ),
                Question("perusahaan", QuestionType.TEXT, T("Nama perusahaan?")),
            ),
        ),
    ),
)


class Chat:
    """One respondent typing replies; each step's events kept for the assertions."""

    def __init__(self) -> None:
        started = engine.start(QUESTIONNAIRE, NOW)
        self.step: Step = engine.resume(QUESTIONNAIRE, started.state, TextReply("ya"), NOW)

    def say(self, text: str) -> tuple[Event, ...]:
        self.step = engine.resume(QUESTIONNAIRE, self.step.state, TextReply(text), NOW)
        return self.step.events

    @property
    def state(self) -> ConversationState:
        return self.step.state

    def value(self, code: str) -> object:
        return self.state.answers[code].value

    def shown(self) -> str:
        """What a text channel shows for this step."""
        texts = (render_text(QUESTIONNAIRE, e, "id") for e in self.step.events)
        return "\n\n".join(t for t in texts if t)


def of(kind: type, events: tuple[Event, ...]) -> list:
    return [e for e in events if isinstance(e, kind)]


def test_the_province_list_is_numbered_and_a_number_picks_from_it() -> None:
    chat = Chat()
    shown = chat.shown()
    assert "1. Jawa Barat" in shown and "3. Kalimantan Selatan" in shown
    assert "4. Luar negeri" in shown
    assert "Balas dengan angka 1–4, atau tulis nama provinsinya." in shown
    chat.say("3")
    assert chat.value("provinsi") == "63"


@pytest.mark.parametrize("typed", ["kalsel", "Kalimantan Selatan", "Prov. Kalimantan-Selatan"])
def test_a_province_typed_by_name_or_alias_is_stored_as_its_code(typed: str) -> None:
    chat = Chat()
    [recorded] = of(AnswerRecorded, chat.say(typed))
    assert (recorded.value, recorded.raw, recorded.display) == ("63", typed, "Kalimantan Selatan")


def test_a_province_name_that_fits_several_lists_them_and_the_next_reply_picks() -> None:
    chat = Chat()
    chat.say("jawa")
    assert chat.state.pending == ("32", "35")
    assert "Yang Anda maksud yang mana?\n1. Jawa Barat\n2. Jawa Timur" in chat.shown()
    chat.say("2")
    assert chat.value("provinsi") == "35"
    assert chat.state.pending == ()


def test_a_city_typed_without_its_kind_is_found_in_the_province_chosen() -> None:
    chat = Chat()
    chat.say("kalsel")
    [recorded] = of(AnswerRecorded, chat.say("banjarmasin"))
    assert (recorded.value, recorded.raw, recorded.display) == ("6371", "banjarmasin",
                                                                "Kota Banjarmasin")  # fmt: skip
    assert chat.state.current == "perusahaan"


def test_banjar_is_the_regency_in_kalimantan_selatan_not_the_city_in_jawa_barat() -> None:
    chat = Chat()
    chat.say("kalsel")
    chat.say("banjar")
    assert chat.value("kota") == "6303"


def test_bandung_asks_kota_or_kabupaten_and_kota_answers_it() -> None:
    chat = Chat()
    chat.say("jabar")
    events = chat.say("bandung")
    assert not of(AnswerRecorded, events)
    [asked] = of(QuestionAsked, events)
    assert asked.selected == ("3204", "3273")
    assert "1. Kabupaten Bandung\n2. Kota Bandung\nBalas dengan angka 1–2." in chat.shown()
    chat.say("kota")
    assert chat.value("kota") == "3273"
    assert chat.state.answers["kota"].raw == "kota"


@pytest.mark.parametrize(("reply", "code"), [("1", "3204"), ("kab", "3204"), ("Kota Bandung",
                                                                              "3273")])  # fmt: skip
def test_any_way_of_naming_a_listed_candidate_picks_it(reply: str, code: str) -> None:
    chat = Chat()
    chat.say("jabar")
    chat.say("bandung")
    chat.say(reply)
    assert chat.value("kota") == code


def test_a_new_name_instead_of_a_pick_is_read_afresh() -> None:
    chat = Chat()
    chat.say("jabar")
    chat.say("bandung")
    chat.say("banjar")
    assert chat.value("kota") == "3279"


def test_a_number_outside_the_candidates_is_refused_and_they_are_listed_again() -> None:
    chat = Chat()
    chat.say("jabar")
    chat.say("bandung")
    events = chat.say("5")
    [rejected] = of(AnswerRejected, events)
    assert rejected.key == "choice_out_of_range" and rejected.params == {"count": 2}
    assert "1. Kabupaten Bandung" in chat.shown()


def test_a_typo_is_asked_back_and_a_yes_stores_the_place() -> None:
    chat = Chat()
    chat.say("kalsel")
    [asked] = of(AnswerConfirmationAsked, chat.say("banjarmsin"))
    assert (asked.value, asked.display) == ("6371", "Kota Banjarmasin")
    assert "Maksud Anda Kota Banjarmasin?" in chat.shown()
    chat.say("ya")
    assert chat.value("kota") == "6371"
    assert chat.state.answers["kota"].raw == "banjarmsin"


def test_a_no_to_the_guess_asks_for_the_name_again() -> None:
    chat = Chat()
    chat.say("kalsel")
    chat.say("banjarmsin")
    events = chat.say("tidak")
    assert [n.key for n in of(Notice, events)] == ["confirm_place_declined"]
    assert "kota" not in chat.state.answers and chat.state.current == "kota"


def test_a_city_of_another_province_says_where_it_is() -> None:
    chat = Chat()
    chat.say("jabar")
    [rejected] = of(AnswerRejected, chat.say("Kota Surabaya"))
    assert rejected.key == "place_elsewhere"
    assert rejected.params == {"place": "Kota Surabaya", "province": "Jawa Timur"}
    assert "Kota Surabaya ada di Jawa Timur." in chat.shown()


def test_a_misspelt_city_of_another_province_says_where_it_is_too() -> None:
    chat = Chat()
    chat.say("jabar")
    [rejected] = of(AnswerRejected, chat.say("surabya"))
    assert (rejected.key, rejected.params["place"]) == ("place_elsewhere", "Kota Surabaya")


def test_a_name_that_is_nowhere_names_the_province_searched() -> None:
    chat = Chat()
    chat.say("kalsel")
    [rejected] = of(AnswerRejected, chat.say("Atlantis"))
    assert (rejected.key, rejected.params) == ("place_not_found_in",
                                               {"province": "Kalimantan Selatan"})  # fmt: skip


def test_an_unknown_province_is_refused_with_the_list_size() -> None:
    chat = Chat()
    [rejected] = of(AnswerRejected, chat.say("Narnia"))
    assert (rejected.key, rejected.params) == ("province_not_found", {"count": 4})


def test_abroad_asks_for_the_country_and_skips_the_regency() -> None:
    chat = Chat()
    chat.say("luar negeri")
    assert chat.state.awaiting_other == "LN"
    chat.say("Jepang")
    answer = chat.state.answers["provinsi"]
    assert (answer.value, answer.other_text) == ("LN", "Jepang")
    assert chat.state.current == "perusahaan"  # kota does not apply abroad


def test_changing_the_province_drops_a_city_that_is_not_in_it() -> None:
    chat = Chat()
    chat.say("kalsel")
    chat.say("banjarmasin")
    chat.say("kembali")
    chat.say("kembali")
    assert chat.state.current == "provinsi"
    events = chat.say("jatim")
    [dropped] = of(AnswersDropped, events)
    assert dropped.codes == ("kota",)
    assert chat.state.current == "kota"
    chat.say("surabaya")
    assert (chat.value("provinsi"), chat.value("kota")) == ("35", "3578")


def test_keeping_the_province_keeps_the_city() -> None:
    chat = Chat()
    chat.say("kalsel")
    chat.say("banjarmasin")
    chat.say("kembali")
    chat.say("kembali")
    events = chat.say("Kalimantan Selatan")
    assert not of(AnswersDropped, events)
    assert chat.value("kota") == "6371"


def test_the_candidates_survive_a_save_and_resume() -> None:
    chat = Chat()
    chat.say("jabar")
    chat.say("bandung")
    saved = ConversationState.from_json(json.loads(json.dumps(chat.state.to_json())))
    step = engine.resume(QUESTIONNAIRE, saved, TextReply("2"), NOW)
    assert step.state.answers["kota"].value == "3273"


def test_the_review_shows_names_not_codes() -> None:
    chat = Chat()
    chat.say("kalsel")
    chat.say("banjarmasin")
    chat.say("PT Maju")
    assert chat.state.phase is Phase.REVIEW
    shown = chat.shown()
    assert "Kalimantan Selatan" in shown and "Kota Banjarmasin" in shown and "6371" not in shown
