"""actions/eligibility.py: the form's actions on built Trackers, without a Rasa model."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.eligibility import (
    ASK_ACTIONS,
    STOPPED_SLOT,
    UNCLEAR_SLOT,
    ActionEligibilityResult,
    ActionStartEligibility,
    ValidateEligibilityForm,
    slot_for,
)
from bot.eligibility_dialogue import QUESTIONS
from bot.texts import default_texts

TEXTS = default_texts()
ANSWERS = {
    "case_country": "ESP",
    "case_event_date": "2025-03",
    "case_ongoing": "no",
    "case_child_at_time": "yes",
    "case_domestic_remedies": "not_tried",
    "case_examined_elsewhere": "no",
    "case_named_ok": "yes",
    "case_acting_for": "self",
}


def slot_events(events, name):
    return [e["value"] for e in events if e.get("event") == "slot" and e["name"] == name]


async def validate(make_tracker, requested: str, text: str, intent="out_of_scope", **slots):
    """Run the validation action as Rasa does: the requested slot already holds the raw text."""
    tracker = make_tracker(intent, text, requested_slot=requested, **{requested: text}, **slots)
    dispatcher = CollectingDispatcher()
    events = await ValidateEligibilityForm().run(dispatcher, tracker, {})
    return dispatcher.messages, events


async def test_an_understood_answer_is_kept_and_the_next_question_requested(make_tracker):
    messages, events = await validate(make_tracker, "case_country", "Espagne", "inform_country")
    assert [m["text"] for m in messages] == [
        TEXTS.get("eligibility_country_ok", "en", country="Spain")
    ]
    assert slot_events(events, "case_country") == ["ESP"]
    assert slot_events(events, "requested_slot") == ["case_event_date"]
    assert slot_events(events, UNCLEAR_SLOT) == [0]


async def test_the_raw_text_of_an_unclear_answer_is_not_kept(make_tracker):
    messages, events = await validate(make_tracker, "case_ongoing", "purple", case_country="ESP")
    assert slot_events(events, "case_ongoing") == [None]
    assert slot_events(events, "requested_slot") == ["case_event_date"]
    assert [m["text"] for m in messages] == [TEXTS.get("eligibility_sorry", "en")]


async def test_the_final_decision_date_is_skipped_when_remedies_were_not_tried(make_tracker):
    slots = {k: v for k, v in ANSWERS.items() if k not in ("case_domestic_remedies",)}
    slots.pop("case_examined_elsewhere")
    _, events = await validate(make_tracker, "case_domestic_remedies", "not_tried", **slots)
    assert slot_events(events, "requested_slot") == ["case_examined_elsewhere"]


async def test_the_last_answer_ends_the_form(make_tracker):
    slots = {k: v for k, v in ANSWERS.items() if k != "case_acting_for"}
    _, events = await validate(make_tracker, "case_acting_for", "me", **slots)
    assert slot_events(events, "case_acting_for") == ["self"]
    assert slot_events(events, "requested_slot") == [None]


async def test_stop_ends_the_form_early(make_tracker):
    _, events = await validate(make_tracker, "case_ongoing", "stop", case_country="ESP")
    assert slot_events(events, STOPPED_SLOT) == [True]
    assert slot_events(events, "requested_slot") == [None]


async def test_a_question_in_the_middle_is_answered_and_the_topic_remembered(make_tracker):
    messages, events = await validate(
        make_tracker, "case_ongoing", "how long does it take", "ask_duration", case_country="ESP"
    )
    assert messages[0]["custom"]["topic"] == "duration"
    assert SlotSet("topic", "duration") in events
    assert slot_events(events, "requested_slot") == ["case_event_date"]


async def test_start_shows_the_intro_without_buttons_and_forgets_old_answers(make_tracker):
    dispatcher = CollectingDispatcher()
    events = await ActionStartEligibility().run(
        dispatcher, make_tracker("eligibility_check", "/eligibility_check", **ANSWERS), {}
    )
    (intro,) = dispatcher.messages
    assert intro["custom"]["topic"] == "eligibility_check"
    assert intro["buttons"] == []
    assert all(slot_events(events, slot_for(q)) == [None] for q in QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS)
async def test_every_question_has_an_ask_action(make_tracker, question):
    action = ASK_ACTIONS[question]()
    assert action.name() == f"action_ask_case_{question}"
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, make_tracker("affirm", "ok", language="en"), {})
    assert dispatcher.messages[0]["text"] == TEXTS.get(f"ask_{question}", "en")


async def test_the_result_is_given_and_every_answer_forgotten(make_tracker):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("affirm", "me", **ANSWERS)
    events = await ActionEligibilityResult().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == TEXTS.get("outcome_not_admissible", "en")
    assert "7(e)" in dispatcher.messages[1]["text"]
    assert all(slot_events(events, slot_for(q)) == [None] for q in QUESTIONS)
    assert all(m["custom"]["topic"] is None for m in dispatcher.messages)


async def test_a_stopped_check_says_so_instead_of_a_result(make_tracker):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("out_of_scope", "stop", case_country="ESP", **{STOPPED_SLOT: True})
    events = await ActionEligibilityResult().run(dispatcher, tracker, {})
    assert [m["text"] for m in dispatcher.messages] == [TEXTS.get("eligibility_stopped", "en")]
    assert slot_events(events, STOPPED_SLOT) == [False]
