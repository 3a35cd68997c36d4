"""The one interface every channel talks to: a message in, the assistant's reply out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.knowledge.loader import Button


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: list[Button] = field(default_factory=list)


@dataclass(frozen=True)
class Intent:
    name: str
    confidence: float


@dataclass(frozen=True)
class ActivityEvent:
    """What a group activity recorded in one reply: a quiz answer or a case-card vote."""

    kind: str
    """"quiz" or "case"."""
    item: str
    """The question or card id."""
    correct: bool
    choice: str = ""
    """The case-card vote ("yes", "no", "unsure"); empty for quiz answers."""


@dataclass(frozen=True)
class Reply:
    """What the assistant answered to one message, and what it understood."""

    sender_id: str
    language: str
    messages: list[BotMessage]
    topic: str | None
    intent: Intent | None
    safeguarding: bool = False
    """True exactly when the full safety reply was given (crisis, self_harm, friend)."""
    activity: ActivityEvent | None = None
    """Set when the reply judged a quiz answer or a case-card vote."""
    safety: str | None = None
    """Which safety reply was given: crisis, self_harm, friend, check_in, or None."""


class AssistantUnavailable(RuntimeError):
    """The assistant cannot answer right now (no model loaded, store down): try again later."""


class Assistant(Protocol):
    """Implemented by the in-process Rasa agent (engine/) and by small fakes in tests."""

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        """Handle one user message in the sender's conversation."""

    async def forget(self, sender_id: str) -> None:
        """Delete the sender's conversation, leaving nothing behind."""

    async def is_ready(self) -> bool:
        """True once a model is loaded and answers."""

    async def conversation_language(self, sender_id: str) -> str | None:
        """The language the conversation has been held in so far; None for a new one."""


class AssistantLayer:
    """An Assistant in front of another: passes everything on, except what a subclass changes."""

    def __init__(self, inner: Assistant) -> None:
        self.inner = inner

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        return await self.inner.reply(sender_id, text, language)

    async def conversation_language(self, sender_id: str) -> str | None:
        return await self.inner.conversation_language(sender_id)

    async def forget(self, sender_id: str) -> None:
        await self.inner.forget(sender_id)

    async def is_ready(self) -> bool:
        return await self.inner.is_ready()
