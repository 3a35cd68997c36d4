"""The way in for every channel: safety first, hashed conversation keys, redacted text.

Wraps any Assistant (the Rasa engine, or a fake in tests). Channels (HTTP API, Telegram, the
widget) call this, never the engine directly, so every message gets the same protection.
"""

from __future__ import annotations

import json
from dataclasses import replace

from bot.assistant import Assistant, BotMessage, Reply
from bot.eligibility_chat import BUTTONS
from bot.privacy import conversation_key, redact
from bot.safeguarding.nlu_signal import PAYLOAD
from bot.safeguarding.replies import default_safety_replies
from bot.safeguarding.verdict import NO_CONCERN, Verdict, assess

BUTTON_ANSWERS = frozenset(payload for choices in BUTTONS.values() for _, payload in choices)
"""The eligibility check's button payloads ("not_tried", "self"): answers, not messages to judge."""
SAFEGUARDING_PAYLOAD = PAYLOAD
"""Sent to the engine instead of a disclosure: the safety reply comes first, even in a form,
and what the child wrote about being hurt is never stored."""


def judge(text: str) -> Verdict:
    """The safety verdict on a message; a button's payload ("/ask_more") needs none."""
    if text.lstrip().startswith("/") or text.strip() in BUTTON_ANSWERS:
        return NO_CONCERN
    return assess(text)


def safety_message(verdict: Verdict) -> str:
    """What the engine is sent instead of the child's words: `/safeguarding{...}`."""
    entities = {"safety": verdict.safety, "concern": verdict.category or ""}
    return PAYLOAD + json.dumps(entities, separators=(",", ":"))


class SafeAssistant:
    """An Assistant that protects children before the one it wraps sees anything."""

    def __init__(self, inner: Assistant, salt: bytes) -> None:
        self.inner = inner
        self.salt = salt

    def key(self, sender_id: str) -> str:
        return conversation_key(sender_id, self.salt)

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        verdict = judge(text)
        message = (
            redact(text) if verdict.safety is None or verdict.unsure else safety_message(verdict)
        )
        reply = await self.inner.reply(self.key(sender_id), message, language)
        if verdict.unsure and reply.safety is None:
            reply = self._with_gentle_line(reply)
        return replace(reply, sender_id=sender_id)

    @staticmethod
    def _with_gentle_line(reply: Reply) -> Reply:
        """An ordinary answer, then one line with a way to talk to someone (before a question
        with buttons that ends the reply, so that the question stays last)."""
        line = BotMessage(default_safety_replies().gentle_line(reply.language).text)
        messages = list(reply.messages)
        at = len(messages) - 1 if len(messages) > 1 and messages[-1].buttons else len(messages)
        messages.insert(at, line)
        return replace(reply, messages=messages, safety="check_in")

    async def forget(self, sender_id: str) -> None:
        """Delete the sender's conversation now ("forget me")."""
        await self.inner.forget(self.key(sender_id))

    async def conversation_language(self, sender_id: str) -> str | None:
        return await self.inner.conversation_language(self.key(sender_id))

    async def is_ready(self) -> bool:
        return await self.inner.is_ready()
