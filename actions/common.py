"""What every action shares: reading the language and sending a bot.answers.Answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import Answer, Answerer, default_answerer
from bot.language import choose_language


def answerer() -> Answerer:
    """The shared answerer; content is loaded on first use, not at import."""
    return default_answerer()


def conversation_language(tracker: Tracker) -> str:
    """The language asked for with this message, else the conversation's, else detected."""
    metadata: dict[str, Any] = tracker.latest_message.get("metadata") or {}
    return choose_language(
        metadata.get("language"),
        tracker.get_slot("language"),
        tracker.latest_message.get("text") or "",
    )


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def send(dispatcher: CollectingDispatcher, answer: Answer) -> list[dict[str, Any]]:
    """Utter an answer (its topic and language travel along for the API) and remember both."""
    dispatcher.utter_message(
        text=answer.text,
        buttons=[{"title": b.title, "payload": b.payload} for b in answer.buttons],
        json_message={
            "topic": answer.topic,
            "language": answer.language,
            "safeguarding": answer.safeguarding,
            "safety": answer.safety,
        },
    )
    events = [SlotSet("language", answer.language)]
    if answer.topic:
        events.append(SlotSet("topic", answer.topic))
    return events


def remember_country(code: str | None) -> list[dict[str, Any]]:
    """Keep the country the child named (only its code), so help can name local helplines."""
    return [SlotSet("country", code)] if code else []
