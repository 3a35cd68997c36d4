"""Actions that answer questions from the knowledge base."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import answerer, conversation_language, latest_intent, remember_country, send
from bot.intents import topic_for_intent
from bot.safeguarding.nlu_signal import nlu_heard_disclosure

SECOND_CHOICE_CONFIDENCE = 0.15


def heard_disclosure(tracker: Tracker) -> bool:
    intent = tracker.latest_message.get("intent") or {}
    text = tracker.latest_message.get("text") or ""
    confidence = float(intent.get("confidence") or 0.0)
    return nlu_heard_disclosure(text, confidence, conversation_language(tracker))


def next_best_topic(tracker: Tracker) -> str:
    """The NLU's best other topic for a message it wrongly thought a disclosure."""
    for ranked in tracker.latest_message.get("intent_ranking") or []:
        topic = topic_for_intent(ranked.get("name"))
        if topic and topic != "safeguarding":
            confident = float(ranked.get("confidence") or 0.0) >= SECOND_CHOICE_CONFIDENCE
            return topic if confident else "out_of_scope"
    return "out_of_scope"


class ActionAnswerTopic(Action):
    """Answer the topic the user's intent asks about (out_of_scope when unclear)."""

    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        topic = topic_for_intent(latest_intent(tracker)) or "out_of_scope"
        language = conversation_language(tracker)
        if topic == "safeguarding":
            if heard_disclosure(tracker):
                answer = answerer().safeguarding(language, tracker.get_slot("country"))
                return send(dispatcher, answer)
            topic = next_best_topic(tracker)
        return send(dispatcher, answerer().topic(topic, language))


class ActionAnswerMore(Action):
    """ "Tell me more" about the topic answered last."""

    def name(self) -> str:
        return "action_answer_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answer = answerer().more(tracker.get_slot("topic"), conversation_language(tracker))
        return send(dispatcher, answer)


class ActionAnswerCountryStatus(Action):
    """Whether a named country has joined OPIC, or a question asking which country."""

    def name(self) -> str:
        return "action_answer_country_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        names = [str(v) for v in tracker.get_latest_entity_values("country")]
        text = tracker.latest_message.get("text") or ""
        answer = answerer().country_status(conversation_language(tracker), names, text)
        return [*send(dispatcher, answer), *remember_country(answer.country)]


class ActionAnswerSmallTalk(Action):
    """Greetings, thanks, yes and no."""

    def name(self) -> str:
        return "action_answer_small_talk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = latest_intent(tracker) or "greet"
        return send(dispatcher, answerer().small_talk(intent, conversation_language(tracker)))
