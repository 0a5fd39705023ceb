"""Inline keyboards for the engine's events (pure: no Bot API needed)."""

from __future__ import annotations

from bot.telegram.buttons import decode, keyboard
from conversations.events import AnswerConfirmationAsked
from conversations.inputs import BUTTON_CONSENT_NO, BUTTON_CONSENT_YES, ButtonPress
from conversations.questionnaire import Question, Questionnaire, QuestionType, Section

PAY = Question("gaji", QuestionType.MONEY, {"id": "Gaji?", "en": "Pay?"})
QUESTIONNAIRE = Questionnaire(
    "t", "2026.1", {"id": "T"}, ("id", "en"), {"id": "ok"}, (Section("s", {"id": "S"}, (PAY,)),)
)


def test_an_amount_asked_back_gets_yes_and_no_buttons_for_its_question() -> None:
    asked = AnswerConfirmationAsked("gaji", "id", 4_500_000, "Rp 4.500.000")
    markup = keyboard(QUESTIONNAIRE, asked)
    assert markup is not None
    (row,) = markup.inline_keyboard
    assert [b.text for b in row] == ["Ya", "Tidak"]
    presses = [decode(str(b.callback_data)) for b in row]
    assert [p.value if isinstance(p, ButtonPress) else None for p in presses] == [
        BUTTON_CONSENT_YES,
        BUTTON_CONSENT_NO,
    ]
    # Tied to the question: a tap after it was answered is recognised as stale.
    assert all(isinstance(p, ButtonPress) and p.question == "gaji" for p in presses)
