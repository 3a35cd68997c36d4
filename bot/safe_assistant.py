"""The way in for every channel: safeguarding first, hashed conversation keys, redacted text.

Wraps any Assistant (the Rasa engine, or a fake in tests). Channels (HTTP API, Telegram, the
widget) call this, never the engine directly, so every message gets the same protection.
"""

from __future__ import annotations

from dataclasses import replace

from bot.assistant import Assistant, Reply
from bot.privacy import conversation_key, redact
from bot.safeguarding.detector import detect, is_help_word
from bot.safeguarding.nlu_signal import PAYLOAD

SAFEGUARDING_PAYLOAD = PAYLOAD
"""Sent to the engine instead of a disclosure: the safety answer comes first, even in a form,
and what the child wrote about being hurt is never stored."""


def needs_help(text: str) -> bool:
    """A disclosure of harm or danger, or a bare call for help ("help", "SOS", "ayuda")."""
    return is_help_word(text) or detect(text) is not None


class SafeAssistant:
    """An Assistant that protects children before the one it wraps sees anything."""

    def __init__(self, inner: Assistant, salt: bytes) -> None:
        self.inner = inner
        self.salt = salt

    def key(self, sender_id: str) -> str:
        return conversation_key(sender_id, self.salt)

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        message = SAFEGUARDING_PAYLOAD if needs_help(text) else redact(text)
        reply = await self.inner.reply(self.key(sender_id), message, language)
        return replace(reply, sender_id=sender_id)

    async def forget(self, sender_id: str) -> None:
        """Delete the sender's conversation now ("forget me")."""
        await self.inner.forget(self.key(sender_id))

    async def conversation_language(self, sender_id: str) -> str | None:
        return await self.inner.conversation_language(self.key(sender_id))

    async def is_ready(self) -> bool:
        return await self.inner.is_ready()
