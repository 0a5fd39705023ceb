"""No reply text reaches the logs, even when a parser breaks its promise."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from conversations import engine, parsing
from conversations.events import AnswerRejected
from conversations.inputs import TextReply
from conversations.questionnaire import Question, Questionnaire, QuestionType, Section

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PAY = Question("gaji", QuestionType.MONEY, {"id": "Gaji?", "en": "Pay?"})
Q = Questionnaire(
    id="uji", version="1", title={"id": "Uji", "en": "Test"}, languages=("id", "en"),
    consent={"id": "Boleh?", "en": "May we?"},
    sections=(Section("s", {"id": "S", "en": "S"}, (PAY,)),),
)  # fmt: skip


def test_a_parser_bug_is_logged_without_the_reply(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(text: str) -> int:
        raise ValueError(f"cannot read {text!r}")  # as int() would: quoting the input

    monkeypatch.setattr(parsing, "parse_money", broken)
    state = engine.resume(Q, engine.start(Q, NOW).state, TextReply("ya"), NOW).state
    with caplog.at_level(logging.DEBUG):
        step = engine.resume(Q, state, TextReply("Rp 7.654.321 dari Budi"), NOW)
    rejected = [e for e in step.events if isinstance(e, AnswerRejected)]
    assert [e.key for e in rejected] == ["answer_not_understood"]
    assert "parser failed" in caplog.text and "gaji" in caplog.text
    assert "7.654.321" not in caplog.text and "Budi" not in caplog.text
