"""One engine call in progress: where the respondent is, what to ask next, what to show."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from conversations.answers import Rejection, display, read_answer
from conversations.commands import parse_command
from conversations.conditions import applicable_questions
from conversations.events import (
    AnswerConfirmationAsked,
    AnswerRecorded,
    AnswersDropped,
    AnswerValue,
    ConsentRequested,
    Event,
    Notice,
    QuestionAsked,
    ReviewItem,
    ReviewShown,
)
from conversations.inputs import Command, Reply, TextReply
from conversations.questionnaire import Question, Questionnaire, QuestionType
from conversations.state import Answer, ConversationState, Phase, Proposed, Step


class Sprint:
    """The state as it changes during one call, and the events gathered for the caller.

    goflow's word: one engine call is a sprint; a turn is what the channel's runner does around
    it (bot/alumni/runner.py). Internal to the engine: the engine's functions stay pure from
    outside, this only saves threading (state, events) through every helper.
    """

    def __init__(
        self, questionnaire: Questionnaire, state: ConversationState, now: datetime
    ) -> None:
        self.questionnaire = questionnaire
        self.state = state
        self.now = now
        self.events: list[Event] = []
        self._shown: tuple[dict[str, Answer] | None, tuple[Question, ...]] = (None, ())

    # --- basics -----------------------------------------------------------------------------

    @property
    def language(self) -> str:
        """The language the respondent reads now."""
        return self.state.language

    @property
    def question(self) -> Question:
        """The question being asked (QUESTION phase only)."""
        assert self.state.current is not None
        return self.questionnaire.question(self.state.current)

    def emit(self, *events: Event) -> None:
        """Add events for the caller, in order."""
        self.events.extend(events)

    def update(self, **changes: Any) -> None:
        """Replace fields of the (frozen) state."""
        self.state = self.state.with_(**changes)

    def notice(self, key: str, **params: Any) -> None:
        """Emit a Notice with a catalogue key."""
        self.emit(Notice(key, params))

    def result(self) -> Step:
        """The Step to hand back: the final state and every event, in order."""
        return Step(self.state, tuple(self.events))

    # --- where the respondent is -------------------------------------------------------------

    def shown(self) -> tuple[Question, ...]:
        """The questions that apply to the current answers, in order (notes included).

        Evaluated once per set of answers: a step asks several times (to count, to prune, to
        move on) and the answers are a new dict whenever they change (never edited in place).
        """
        answers, shown = self._shown
        if answers is not self.state.answers:
            shown = applicable_questions(self.questionnaire, self.state.answers)
            self._shown = (self.state.answers, shown)
        return shown

    def answerable(self) -> tuple[Question, ...]:
        """Questions that apply and take an answer, in order: what numbers and totals count."""
        return tuple(q for q in self.shown() if q.type.is_answerable)

    def unanswered(self) -> tuple[Question, ...]:
        """Applicable questions still without an answer (a skip counts as an answer)."""
        return tuple(q for q in self.answerable() if q.code not in self.state.answers)

    def stale_version(self, version: str) -> bool:
        """Whether a button was shown for another version of the questionnaire."""
        return bool(version) and version != self.state.version

    def edit_target(self, reference: str) -> str | None:
        """The answered question a reference names: its number ("3", as in "3/12") or code.

        Only answered questions (and the current one) can be edited: an unanswered question
        further on is reached by answering the ones before it.
        """
        reference = reference.strip()
        answerable = self.answerable()
        if re.fullmatch(r"\d{1,4}", reference, re.ASCII):
            number = int(reference)
            found = answerable[number - 1] if 1 <= number <= len(answerable) else None
        else:
            folded = reference.casefold()
            found = next((q for q in answerable if q.code.casefold() == folded), None)
        if found is None:
            return None
        editable = found.code in self.state.answers or found.code == self.state.current
        return found.code if editable else None

    # --- asking --------------------------------------------------------------------------------

    def go_to(self, code: str, *, editing: bool | None = None) -> None:
        """Ask a question afresh: ticks start from its current answer, no "other" text awaited."""
        answer = self.state.answers.get(code)
        question = self.questionnaire.question(code)
        pending: tuple[str, ...] = ()
        if (
            question.type is QuestionType.MULTIPLE_CHOICE
            and answer
            and isinstance(answer.value, list)
        ):
            pending = tuple(answer.value)
        self.update(
            phase=Phase.QUESTION,
            current=code,
            pending=pending,
            awaiting_other=None,
            proposed=None if answer else self._prefilled(question),
            editing=self.state.editing if editing is None else editing,
            history=_with(self.state.history, code),
        )
        self.reask()

    def reask(self) -> None:
        """Show the current question again, keeping ticks and any awaited "other" text.

        While a reading of the reply awaits a yes ("Rp 4.500.000?"), that is what is asked.
        """
        question = self.question
        proposed = self.state.proposed
        if proposed is not None:
            shown = display(self.questionnaire, question, proposed.value, None, self.language)
            self.emit(
                AnswerConfirmationAsked(
                    question.code, self.language, proposed.value, shown, proposed.prefill
                )
            )
            return
        answer = self.state.answers.get(question.code)
        answerable = self.answerable()
        codes = [q.code for q in answerable]
        self.emit(
            QuestionAsked(
                question=question,
                language=self.language,
                number=codes.index(question.code) + 1 if question.code in codes else 0,
                total=len(answerable),
                progress=self._progress(answerable),
                current=answer.value if answer else None,
                selected=self.state.pending,
                awaiting_other=self.state.awaiting_other,
            )
        )

    def _prefilled(self, question: Question) -> Proposed | None:
        """The roster's value for a prefilled question, if it is one its question accepts.

        A value the question would reject or ask back (a name too short, a malformed number)
        is not offered: the question is asked as usual.
        """
        field = question.prefill
        text = self.state.known.get(field) if field else None
        if text is None:
            return None
        result = read_answer(self.questionnaire, question, text, self.language, self.now.date())
        if isinstance(result, Rejection) or result.confirm or any(c.other for c in result.chosen):
            return None
        return Proposed(result.value, text, field)

    def _progress(self, answerable: tuple[Question, ...]) -> int:
        """The percentage to show, remembered so that it never goes backwards.

        "8/21" then "15/23" looked like the end moving away: a count of questions grows as skip
        logic opens branches. The share of applicable questions answered can fall for the same
        reason, so the highest share shown so far is kept in the state and shown instead.
        """
        answered = sum(1 for q in answerable if q.code in self.state.answers)
        share = answered * 100 // len(answerable) if answerable else 0
        shown = max(share, self.state.progress)
        if shown != self.state.progress:
            self.update(progress=shown)
        return shown

    def advance(self, after: str | None) -> None:
        """Move on from `after` (None: from the start) to the next question that needs input.

        That is the first applicable question after it that is unanswered, or a note not shown
        yet (notes are shown on the way, all in this step). Questions already answered are
        passed over: after BACK or an edit the respondent continues where input is missing.
        """
        start = 0 if after is None else self.questionnaire.order[after] + 1
        shown = self.shown()
        for question in shown:
            if self.questionnaire.order[question.code] < start:
                continue
            if not question.type.is_answerable:
                if question.code not in self.state.history:
                    self._show_note(question, shown)
                continue
            if question.code not in self.state.answers:
                self.go_to(question.code)
                return
        # An answer can make an earlier question apply (a show_if that looks ahead): ask it.
        missing = self.unanswered()
        if missing:
            self.go_to(missing[0].code)
        else:
            self.enter_review()

    def _show_note(self, note: Question, shown: tuple[Question, ...]) -> None:
        self.update(history=_with(self.state.history, note.code))
        total = sum(1 for q in shown if q.type.is_answerable)
        # Notes carry number 0: they are not counted among the questions.
        self.emit(QuestionAsked(question=note, language=self.language, number=0, total=total))

    # --- answers -----------------------------------------------------------------------------

    def record(
        self, code: str, value: AnswerValue | None, raw: str, other_text: str | None = None
    ) -> None:
        """Store an answer (None: skipped), echo it, and drop answers that no longer apply."""
        question = self.questionnaire.question(code)
        answers = dict(self.state.answers)
        answers[code] = Answer(value=value, raw=raw, other_text=other_text, answered_at=self.now)
        self.update(answers=answers, pending=(), awaiting_other=None, proposed=None)
        shown = display(self.questionnaire, question, value, other_text, self.language)
        self.emit(AnswerRecorded(code, value, raw, other_text, shown))
        self.prune()

    def prune(self) -> None:
        """Drop answers (and history) of questions that no longer apply."""
        still = {q.code for q in self.shown()} - self._outside_province()
        dropped = tuple(code for code in self.state.answers if code not in still)
        history = tuple(code for code in self.state.history if code in still)
        if dropped:
            answers = {c: a for c, a in self.state.answers.items() if c in still}
            self.update(answers=answers)
            self.emit(AnswersDropped(dropped))
        if history != self.state.history:
            self.update(history=history)

    def _outside_province(self) -> set[str]:
        """Regency answers that lie outside the province now answered before them.

        Changing the province (BACK, or an edit from the review) leaves "Kota Banjarmasin" under
        "Jawa Barat": that answer no longer applies, and is dropped and asked again.
        """
        outside = set()
        for code, answer in self.state.answers.items():
            question = self.questionnaire.by_code.get(code)
            spec = question.place if question else None
            if spec is None or spec.within is None or not isinstance(answer.value, str):
                continue
            place = spec.places.get(answer.value)
            province = self.state.answers.get(spec.within)
            # A skipped province narrows nothing, so nothing lies outside it.
            chosen = province.value if province is not None else None
            if place is not None and isinstance(chosen, str) and place.within != chosen:
                outside.add(code)
        return outside

    # --- review and prompts --------------------------------------------------------------------

    def review(self, *, complete: bool) -> ReviewShown:
        """The answers so far, numbered as the questions are ("3/12" is item 3)."""
        items = []
        for number, question in enumerate(self.answerable(), start=1):
            answer = self.state.answers.get(question.code)
            if answer is None:
                continue
            shown = display(
                self.questionnaire, question, answer.value, answer.other_text, self.language
            )
            label = self.questionnaire.text(question.label, self.language)
            items.append(ReviewItem(number, question.code, label, shown))
        return ReviewShown(self.language, tuple(items), complete)

    def enter_review(self) -> None:
        """Everything is answered: show the review, to submit or edit."""
        self.update(
            phase=Phase.REVIEW,
            current=None,
            editing=False,
            pending=(),
            awaiting_other=None,
            proposed=None,
        )
        self.emit(self.review(complete=True))

    def prompt(self) -> None:
        """Repeat what the respondent is expected to answer now, whatever the phase."""
        match self.state.phase:
            case Phase.CONSENT:
                self.emit(ConsentRequested(self.language))
            case Phase.QUESTION:
                self.reask()
            case Phase.REVIEW:
                self.emit(self.review(complete=True))
            case Phase.CONFIRM_RESTART:
                self.notice("confirm_restart")
            case Phase.CONFIRM_DELETE:
                self.notice("confirm_delete")
            case Phase.STOPPED:
                self.notice("stopped_hint")
            case Phase.COMPLETED:
                self.notice("already_completed")
            case Phase.DECLINED:
                self.notice("declined_final")


def command_of(reply: Reply) -> Command | None:
    """The command a reply stands for, if any (buttons never do)."""
    match reply:
        case Command():
            return reply
        case TextReply(text=text):
            return parse_command(text)
    return None


def _with(history: tuple[str, ...], code: str) -> tuple[str, ...]:
    return history if code in history else (*history, code)
