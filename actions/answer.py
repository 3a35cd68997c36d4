"""Actions that answer questions from the knowledge base."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import answerer, conversation_language, latest_intent, remember_country, send
from actions.safety import answer_follow_up, answer_safety, follow_up_over
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


class AnswerAction(Action, ABC):
    """An action that first reads the message as the answer to a safety reply's question."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        followed = answer_follow_up(dispatcher, tracker)
        if followed is not None:
            return followed
        return [*follow_up_over(tracker), *self.answer(dispatcher, tracker)]

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[dict[str, Any]]: ...


class ActionAnswerTopic(AnswerAction):
    """Answer the topic the user's intent asks about (out_of_scope when unclear)."""

    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if latest_intent(tracker) == "safeguarding" and heard_disclosure(tracker):
            return answer_safety(dispatcher, tracker)
        return await super().run(dispatcher, tracker, domain)

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        topic = topic_for_intent(latest_intent(tracker)) or "out_of_scope"
        if topic == "safeguarding":
            topic = next_best_topic(tracker)
        return send(dispatcher, answerer().topic(topic, conversation_language(tracker)))


class ActionAnswerMore(AnswerAction):
    """ "Tell me more" about the topic answered last."""

    def name(self) -> str:
        return "action_answer_more"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        answer = answerer().more(tracker.get_slot("topic"), conversation_language(tracker))
        return send(dispatcher, answer)


class ActionAnswerCountryStatus(AnswerAction):
    """Whether a named country has joined OPIC, or a question asking which country."""

    def name(self) -> str:
        return "action_answer_country_status"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        names = [str(v) for v in tracker.get_latest_entity_values("country")]
        text = tracker.latest_message.get("text") or ""
        answer = answerer().country_status(conversation_language(tracker), names, text)
        return [*send(dispatcher, answer), *remember_country(answer.country)]


class ActionAnswerSmallTalk(AnswerAction):
    """Greetings, thanks, yes and no."""

    def name(self) -> str:
        return "action_answer_small_talk"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        intent = latest_intent(tracker) or "greet"
        return send(dispatcher, answerer().small_talk(intent, conversation_language(tracker)))
