"""`jejak chat`: a questionnaire in the terminal, on the same engine (and database) as the bots."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from rich.console import Console
from rich.markup import escape

from bot.alumni.runner import ConversationRunner, Turn
from config.clock import utc_now
from config.staff_messages import staff_text
from conversations import engine
from conversations.events import (
    AnswerRecorded,
    AnswerRejected,
    Completed,
    DataErased,
    Declined,
    Event,
    Notice,
    QuestionAsked,
    Stopped,
)
from conversations.inputs import Reply, TextReply
from conversations.questionnaire import Questionnaire
from conversations.render import render_text
from conversations.state import ConversationState

Clock = Callable[[], datetime]


class Conversation(Protocol):
    """Where the terminal's turns go: the database (a roster alumnus) or memory (a draft)."""

    stored: bool

    async def open(self) -> Turn: ...

    async def send(self, reply: Reply) -> Turn: ...


@dataclass
class StoredConversation:
    """An alumnus from the roster answering a survey; every answer is committed as given."""

    runner: ConversationRunner
    survey_id: int
    alumnus_id: int
    language: str | None = None
    clock: Clock = utc_now
    stored: bool = True

    async def open(self) -> Turn:
        # --lang is an explicit choice: it also switches a session already under way.
        return await self.runner.open(
            self.survey_id, self.alumnus_id, self.clock(), self.language, switch_language=True
        )

    async def send(self, reply: Reply) -> Turn:
        return await self.runner.reply(self.survey_id, self.alumnus_id, reply, self.clock())


@dataclass
class DraftConversation:
    """A draft questionnaire piloted without a roster: answers live in memory only."""

    questionnaire: Questionnaire
    language: str | None = None
    clock: Clock = utc_now
    stored: bool = False
    state: ConversationState | None = None

    async def open(self) -> Turn:
        step = engine.start(self.questionnaire, self.clock(), self.language)
        self.state = step.state
        return Turn(self.questionnaire, step.state, step.events)

    async def send(self, reply: Reply) -> Turn:
        assert self.state is not None, "open() first"
        step = engine.resume(self.questionnaire, self.state, reply, self.clock())
        self.state = step.state
        return Turn(self.questionnaire, step.state, step.events)


# Events after which the session is over for now: the terminal closes instead of waiting.
_CLOSING = (Completed, Declined, Stopped, DataErased)


def show(console: Console, turn: Turn) -> None:
    """Print a turn's events, styled by what they are; user text is never read as markup."""
    language = turn.state.language
    for event in turn.events:
        text = render_text(turn.questionnaire, event, language)
        if not text:
            continue
        console.print(_style(event, escape(text)))
        if isinstance(event, QuestionAsked):
            console.print()


def _style(event: Event, text: str) -> str:
    match event:
        case QuestionAsked():
            return f"[bold]{text}[/bold]"
        case AnswerRejected():
            return f"[yellow]{text}[/yellow]"
        case AnswerRecorded():
            return f"[green]✓ {text}[/green]"
        case Completed() | Declined() | Stopped() | DataErased():
            return f"[bold green]{text}[/bold green]"
        case Notice():
            return f"[cyan]{text}[/cyan]"
        case _:
            return text


def closes(events: Iterable[Event]) -> bool:
    return any(isinstance(e, _CLOSING) for e in events)


async def run_chat(
    conversation: Conversation, console: Console, staff_language: str, read: Callable[[], str]
) -> ConversationState:
    """Drive one conversation until it completes, is declined or stopped, or input ends."""
    key = "chat_intro_stored" if conversation.stored else "chat_intro_draft"
    console.print(f"[dim]{escape(staff_text(staff_language, key))}[/dim]\n")
    turn = await conversation.open()
    show(console, turn)
    while not (turn.state.phase.is_final or closes(turn.events)):
        try:
            line = await asyncio.to_thread(read)
        except (EOFError, KeyboardInterrupt):
            console.print()
            break
        if not line.strip():
            continue
        turn = await conversation.send(TextReply(line))
        show(console, turn)
    if conversation.stored:
        console.print(f"[dim]{escape(staff_text(staff_language, 'chat_saved'))}[/dim]")
    return turn.state
