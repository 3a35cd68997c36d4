"""An Assistant layer that counts what a workshop's participants do, and nothing about who.

It sits below the SafeAssistant, so it sees hashed conversation keys and redacted text only.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from bot.assistant import Assistant, AssistantLayer, Reply
from bot.workshops.store import Workshop, WorkshopStore

logger = logging.getLogger(__name__)
REMEMBERED = 10_000


class WorkshopRecorder(AssistantLayer):
    """Passes every message on; when the conversation joined an open workshop, records the turn."""

    def __init__(self, inner: Assistant, store: WorkshopStore) -> None:
        super().__init__(inner)
        self.store = store
        self._spoken: OrderedDict[str, None] = OrderedDict()
        """Conversations known to have a language already (bounded), to skip looking it up."""

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        workshop = self._workshop(sender_id)
        if workshop and language is None and not await self._has_language(sender_id):
            language = workshop.language  # a new conversation starts in the workshop's language
        reply = await self.inner.reply(sender_id, text, language)
        if workshop is not None:
            self._remember_language(sender_id)
            try:
                self.store.record(workshop, reply, text)
            except Exception as error:  # counting must never cost a child their answer
                logger.error("workshop recording failed: %s", type(error).__name__)
        return reply

    async def _has_language(self, sender_id: str) -> bool:
        if sender_id in self._spoken:
            return True
        return bool(await self.conversation_language(sender_id))

    def _remember_language(self, sender_id: str) -> None:
        self._spoken[sender_id] = None
        self._spoken.move_to_end(sender_id)
        if len(self._spoken) > REMEMBERED:
            self._spoken.popitem(last=False)

    def _workshop(self, sender_id: str) -> Workshop | None:
        try:
            return self.store.workshop_of(sender_id)
        except Exception as error:  # the store is unavailable: the child still gets an answer
            logger.error("workshop lookup failed: %s", type(error).__name__)
            return None

    async def forget(self, sender_id: str) -> None:
        """Forget the conversation, and which workshop it was in (the counts stay)."""
        await self.inner.forget(sender_id)
        self.store.leave(sender_id)
        self._spoken.pop(sender_id, None)
