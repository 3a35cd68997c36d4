"""The eligibility check as a Rasa form: slots in, bot.eligibility_chat out.

The form `eligibility_form` asks one question per slot (`case_<question>`, filled from the
message text). `validate_eligibility_form` hands each message to EligibilityChat, which keeps
the answer, answers a question about OPIC, stops, starts again or explains the question.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.common import (
    answerer,
    conversation_language,
    latest_intent,
    remember_country,
    send,
)
from actions.safety import FOLLOW_UP_SLOT, answer_safety
from bot.clock import today
from bot.eligibility_chat import EligibilityChat, Message, questions_left
from bot.eligibility_dialogue import QUESTIONS, questions_to_ask
from bot.safeguarding.replies import default_safety_replies

SLOT_PREFIX = "case_"
UNCLEAR_SLOT = "eligibility_unclear"
STOPPED_SLOT = "eligibility_stopped"
PAUSED_SLOT = "eligibility_paused"


def slot_for(question: str) -> str:
    return f"{SLOT_PREFIX}{question}"


def question_for(slot: str | None) -> str | None:
    question = (slot or "").removeprefix(SLOT_PREFIX)
    return question if question in QUESTIONS else None


def answers_in(tracker: Tracker) -> dict[str, str | None]:
    return {q: tracker.get_slot(slot_for(q)) for q in QUESTIONS}


def unclear_in(tracker: Tracker) -> int:
    return int(tracker.get_slot(UNCLEAR_SLOT) or 0)


def forget_answers() -> list[dict[str, Any]]:
    """Slot events that clear every answer, so nothing about the case stays in the tracker."""
    events = [SlotSet(slot_for(q), None) for q in QUESTIONS]
    return [
        *events,
        SlotSet(UNCLEAR_SLOT, 0),
        SlotSet(STOPPED_SLOT, False),
        SlotSet(PAUSED_SLOT, False),
        SlotSet(FOLLOW_UP_SLOT, None),
    ]


@lru_cache(maxsize=1)
def eligibility_chat() -> EligibilityChat:
    return EligibilityChat(answerer())


class ActionStartEligibility(Action):
    """Says what the check is, with no answers from an earlier check kept; after a pause for
    help, the check goes on where it stopped, with its answers."""

    def name(self) -> str:
        return "action_start_eligibility"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot(PAUSED_SLOT):  # "Back to the check" after a safety reply
            return [SlotSet(PAUSED_SLOT, False), SlotSet(FOLLOW_UP_SLOT, None)]
        intro = answerer().topic("eligibility_check", conversation_language(tracker))
        intro = replace(intro, buttons=[])  # the first question follows with its own buttons
        return [*send(dispatcher, intro), *forget_answers()]


class ValidateEligibilityForm(FormValidationAction):
    """Understands each message sent while a question is asked."""

    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        if tracker.get_slot(STOPPED_SLOT) or tracker.get_slot(PAUSED_SLOT):
            return []
        return [slot_for(q) for q in questions_to_ask(answers_in(tracker))]

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Nothing to extract here: Rasa fills the asked slot with the message text."""
        return []

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        question = question_for(requested)
        if question is None:
            return []
        intent = tracker.latest_message.get("intent") or {}
        message = Message(
            tracker.latest_message.get("text") or "",
            latest_intent(tracker),
            float(intent.get("confidence") or 0.0),
            tuple(str(name) for name in tracker.get_latest_entity_values("country")),
        )
        language = conversation_language(tracker)
        turn = eligibility_chat().take(
            question, answers_in(tracker), message, language, today(), unclear_in(tracker)
        )
        if turn.needs_help:
            return pause_for_help(dispatcher, tracker, requested, language)
        events: list[dict[str, Any]] = []
        for answer in turn.say:
            events += send(dispatcher, answer)
        kept = {slot_for(q): value for q, value in turn.answers.items()}
        kept.setdefault(requested, None)  # the raw text is not an answer unless understood
        events += [SlotSet(slot, value) for slot, value in kept.items()]
        events += remember_country(turn.answers.get("country"))
        events += [SlotSet(UNCLEAR_SLOT, turn.unclear), SlotSet(STOPPED_SLOT, turn.stopped)]
        return events

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """Always decide the next question here: the final-decision date is not always asked."""
        stopped = bool(tracker.get_slot(STOPPED_SLOT) or tracker.get_slot(PAUSED_SLOT))
        left = questions_left(answers_in(tracker), stopped)
        return SlotSet(REQUESTED_SLOT, slot_for(left[0]) if left else None)


def pause_for_help(
    dispatcher: CollectingDispatcher, tracker: Tracker, requested: str, language: str
) -> list[dict[str, Any]]:
    """The safety reply first; the check waits with its answers and can be resumed."""
    events = answer_safety(dispatcher, tracker)
    events += send(dispatcher, default_safety_replies().back_to_check(language))
    return [*events, SlotSet(requested, None), SlotSet(PAUSED_SLOT, True)]


class ActionEligibilityResult(Action):
    """The result when every question was answered, or a goodbye to the check when stopped."""

    def name(self) -> str:
        return "action_eligibility_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot(PAUSED_SLOT):
            return []  # the check waits, with its answers, until "Back to the check"
        language = conversation_language(tracker)
        answers = answers_in(tracker)
        chat = eligibility_chat()
        events: list[dict[str, Any]] = []
        if tracker.get_slot(STOPPED_SLOT) or questions_left(answers, stopped=False):
            events += send(dispatcher, chat.stopped(language))
        else:
            for answer in chat.result(answers, language, today()):
                events += send(dispatcher, answer)
        return [*events, *forget_answers()]


class AskQuestion(Action, ABC):
    """Asks one question of the check (Rasa calls `action_ask_<slot>`)."""

    @property
    @abstractmethod
    def question(self) -> str: ...

    def name(self) -> str:
        return f"action_ask_{slot_for(self.question)}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        asked = eligibility_chat().question(
            self.question, conversation_language(tracker), unclear_in(tracker)
        )
        return send(dispatcher, asked)


def _ask_action(question: str) -> type[AskQuestion]:
    class_name = "AskCase" + "".join(part.title() for part in question.split("_"))
    return type(class_name, (AskQuestion,), {"question": question})


ASK_ACTIONS = {question: _ask_action(question) for question in QUESTIONS}
