"""Safety replies in Rasa: the `/safeguarding` message, and the follow-up right after it.

The safety layer (bot/safe_assistant.py) sends `/safeguarding{"safety": ..., "concern": ...}`
instead of a child's disclosure. The reply asks for the country when it is unknown; the next
message, whatever its intent, is first read as an answer to that (`answer_follow_up`).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import conversation_language, remember_country, send
from bot.clock import now
from bot.safeguarding.replies import Pending, SafetyTurn, default_safety_replies
from bot.safeguarding.verdict import CRISIS

FOLLOW_UP_SLOT = "safety_followup"


def _entity(tracker: Tracker, name: str) -> str | None:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value) if value else None


def _said(dispatcher: CollectingDispatcher, turn: SafetyTurn) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for answer in turn.say:
        events += send(dispatcher, answer)
    pending = turn.pending.encode() if turn.pending else None
    return [*events, SlotSet(FOLLOW_UP_SLOT, pending), *remember_country(turn.country)]


def answer_safety(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The safety reply the safety layer asked for (a crisis reply when it did not say)."""
    safety = _entity(tracker, "safety") or CRISIS
    concern = _entity(tracker, "concern") or ""
    turn = default_safety_replies().reply(
        safety, concern, conversation_language(tracker), tracker.get_slot("country"), now()
    )
    return _said(dispatcher, turn)


def answer_follow_up(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """The answer to a message right after a safety reply, or None when it is not one
    (then the follow-up is over: the caller answers as usual and clears the slot)."""
    pending = Pending.decode(tracker.get_slot(FOLLOW_UP_SLOT))
    if pending is None:
        return None
    turn = default_safety_replies().follow_up(
        pending,
        tracker.latest_message.get("text") or "",
        [str(v) for v in tracker.get_latest_entity_values("country")],
        conversation_language(tracker),
        now(),
        tracker.get_slot("country"),
    )
    return None if turn is None else _said(dispatcher, turn)


def follow_up_over(tracker: Tracker) -> list[dict[str, Any]]:
    """Clears the follow-up once a message was not one."""
    return [SlotSet(FOLLOW_UP_SLOT, None)] if tracker.get_slot(FOLLOW_UP_SLOT) else []
