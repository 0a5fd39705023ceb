"""Engine speed: questionnaire steps per second, typed replies, state through JSON each step.

Run: .venv/bin/python bench/engine_bench.py [--seconds 5]
Each step is what a channel does per inbound message, minus the database: load the state from
JSON, resume the engine with the reply, serialise the new state to JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

# The typed answers are the tests' own (tests/walkers.py), so both exercise the same replies.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from walkers import typed_answer

from config.loader import load_questionnaire
from config.templates import TEMPLATE_DIR
from conversations.engine import resume, start
from conversations.events import AnswerRejected, QuestionAsked
from conversations.inputs import TextReply
from conversations.questionnaire import Questionnaire
from conversations.state import ConversationState, Phase

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# Questions whose validation wants a particular shape.
BY_CODE = {"nisn": "0051234567"}


def reply_for(event: QuestionAsked) -> str:
    """A typed reply a real alumnus might send, as the tests' walkers type it."""
    if event.awaiting_other is not None:
        return "Lainnya"
    return typed_answer(event.question, BY_CODE)


def one_respondent(q: Questionnaire) -> int:
    """Consent to submission through JSON at every step; returns the number of steps."""
    step = start(q, NOW)
    stored = json.dumps(step.state.to_json())
    reply = "ya"
    steps = 0
    while True:
        state = ConversationState.from_json(json.loads(stored))
        step = resume(q, state, TextReply(reply), NOW)
        stored = json.dumps(step.state.to_json())
        steps += 1
        if step.state.phase is Phase.COMPLETED:
            return steps
        if step.state.phase is Phase.REVIEW:
            reply = "kirim"
            continue
        if any(isinstance(e, AnswerRejected) for e in step.events):
            raise SystemExit(f"the bench's reply {reply!r} was rejected: fix BY_CODE")
        asked = [e for e in step.events if isinstance(e, QuestionAsked)]
        reply = reply_for(asked[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per template")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, 1 process")
    for name in ("smk", "blk", "dikti"):
        q = load_questionnaire(TEMPLATE_DIR / f"{name}.yaml")
        steps = respondents = 0
        began = time.perf_counter()
        while time.perf_counter() - began < args.seconds:
            steps += one_respondent(q)
            respondents += 1
        elapsed = time.perf_counter() - began
        print(
            f"{name:6} {steps / elapsed:9,.0f} steps/s  "
            f"{respondents / elapsed:7,.1f} respondents/s  "
            f"({steps // respondents} steps each, {respondents} respondents in {elapsed:.1f} s)"
        )


if __name__ == "__main__":
    main()
