"""The Assistant interface implemented by a Rasa agent loaded in this process."""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.tracker_store import TrackerStore
from rasa.utils.endpoints import EndpointConfig

from bot.assistant import AssistantUnavailable, BotMessage, Intent, Reply
from bot.knowledge.loader import Button
from bot.settings import Settings
from bot.texts import default_texts
from engine import rasa_speedups
from engine.actions_in_process import InProcessActionEndpoint
from engine.conversations import delete_conversation, purge_expired
from engine.stores import STORE_ERRORS, make_lock_store, make_tracker_store, stores_are_healthy

logger = logging.getLogger(__name__)
READY_CHECK_TEXT = "hello"


class CollectingChannel(OutputChannel):
    """Keeps each bot message whole (text, buttons and the custom topic data) for one reply."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    @classmethod
    def name(cls) -> str:
        return "opic"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.messages.append(message)


def make_action_endpoint(settings: Settings) -> EndpointConfig:
    """Custom actions in-process, or on a separate rasa_sdk server when one is configured."""
    if settings.action_endpoint:
        return EndpointConfig(url=str(settings.action_endpoint))
    return InProcessActionEndpoint()


def to_reply(
    sender_id: str, parse: dict[str, Any], sent: list[dict[str, Any]], fallback_language: str
) -> Reply:
    """Turn what Rasa sent into a Reply; topic and language come from our actions' custom data."""
    custom = [m.get("custom") or {} for m in sent]
    topics = [c["topic"] for c in custom if c.get("topic")]
    languages = [c["language"] for c in custom if c.get("language")]
    intent = parse.get("intent") or {}
    return Reply(
        sender_id=sender_id,
        language=languages[-1] if languages else fallback_language,
        messages=[
            BotMessage(
                text=m.get("text") or "",
                buttons=[Button(b["title"], b["payload"]) for b in m.get("buttons") or []],
            )
            for m in sent
            if m.get("text")
        ],
        topic=topics[-1] if topics else None,
        intent=Intent(intent["name"], float(intent.get("confidence") or 0.0))
        if intent.get("name")
        else None,
        safeguarding=any(c.get("safeguarding") for c in custom),
        safety=next((c["safety"] for c in custom if c.get("safety")), None),
    )


class RasaAssistant:
    """One trained model, its tracker store and the custom actions, answering messages."""

    def __init__(self, agent: Agent, settings: Settings, store: TrackerStore) -> None:
        self.agent = agent
        self.settings = settings
        self.store = store

    @classmethod
    def load(cls, model_path: Path, settings: Settings) -> RasaAssistant:
        os.chdir(settings.project_root)  # the model names its spaCy pipeline by a relative path
        rasa_speedups.install()
        store = make_tracker_store(settings)
        agent = Agent.load(
            str(model_path),
            tracker_store=store,
            lock_store=make_lock_store(settings),
            action_endpoint=make_action_endpoint(settings),
        )
        logger.info("model loaded: %s", model_path.name)
        return cls(agent, settings, store)

    async def parse(self, text: str) -> dict[str, Any]:
        """NLU only: intent, entities and confidence for a text."""
        return await self.agent.processor.parse_message(UserMessage(text))  # type: ignore[union-attr]

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        if not self.agent.is_ready():
            raise AssistantUnavailable("no model is loaded")
        parse = await self.parse(text)
        channel = CollectingChannel()
        message = UserMessage(
            text,
            channel,
            sender_id,
            parse_data=parse,
            input_channel=channel.name(),
            metadata={"language": language} if language else None,
        )
        try:
            await self.agent.handle_message(message)
        except STORE_ERRORS as error:  # Redis or the database is down: try again soon
            logger.warning("conversation store unavailable: %s", type(error).__name__)
            raise AssistantUnavailable("the conversation store is unreachable") from error
        reply = to_reply(
            sender_id, parse, channel.messages, language or self.settings.default_language
        )
        if not reply.messages:  # an action failed (e.g. the action server is down)
            logger.warning("no reply for intent %s", reply.intent.name if reply.intent else None)
            kind = BotMessage(default_texts().get("action_failed", reply.language))
            return replace(reply, messages=[kind])
        return reply

    async def conversation_language(self, sender_id: str) -> str | None:
        try:
            tracker = await self.store.retrieve(sender_id)
        except STORE_ERRORS as error:
            raise AssistantUnavailable("the conversation store is unreachable") from error
        language = tracker.get_slot("language") if tracker else None
        return language if isinstance(language, str) else None

    async def forget(self, sender_id: str) -> None:
        await delete_conversation(self.store, sender_id)

    async def purge_expired(self) -> int:
        """Delete conversations older than the retention period; how many were deleted."""
        return await purge_expired(self.store, self.settings.retention_days)

    async def is_ready(self) -> bool:
        """A model that answers, and stores that answer (raises when a store is down)."""
        if not self.agent.is_ready():
            return False
        await stores_are_healthy(self.store, self.agent.lock_store)
        parse = await self.parse(READY_CHECK_TEXT)
        return bool(parse.get("intent", {}).get("name"))
