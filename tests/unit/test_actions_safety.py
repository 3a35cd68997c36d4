"""actions/safety.py and the safety paths of the other actions, on built Trackers."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerCountryStatus, ActionAnswerTopic
from actions.eligibility import PAUSED_SLOT, ActionStartEligibility, ValidateEligibilityForm
from actions.safety import FOLLOW_UP_SLOT
from bot.texts import default_texts

TEXTS = default_texts()
PAYLOAD = '/safeguarding{"safety":"crisis","concern":"abuse"}'
ENTITIES = [{"entity": "safety", "value": "crisis"}, {"entity": "concern", "value": "abuse"}]


def slot(events, name):
    return [e["value"] for e in events if e.get("event") == "slot" and e["name"] == name]


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action().run(dispatcher, tracker, {})
    return dispatcher.messages, events


async def test_the_safety_payload_gets_the_crisis_reply_and_asks_the_country(make_tracker):
    messages, events = await run(ActionAnswerTopic, make_tracker("safeguarding", PAYLOAD, ENTITIES))
    assert messages[0]["custom"]["safety"] == "crisis"
    assert messages[0]["custom"]["safeguarding"] is True
    assert slot(events, FOLLOW_UP_SLOT) == ["country:crisis:abuse"]


async def test_a_country_right_after_is_the_follow_up_not_the_opic_status(make_tracker):
    tracker = make_tracker(
        "ask_country_status", "im in brazil", **{FOLLOW_UP_SLOT: "country:crisis:abuse"}
    )
    messages, events = await run(ActionAnswerCountryStatus, tracker)
    assert messages[0]["text"].startswith("Call 100 now")
    assert slot(events, "country") == ["BRA"]
    assert slot(events, FOLLOW_UP_SLOT) == ["numbers:crisis:abuse"]


async def test_another_question_ends_the_follow_up_and_is_answered(make_tracker):
    tracker = make_tracker("ask_duration", "how long?", **{FOLLOW_UP_SLOT: "numbers:crisis:abuse"})
    messages, events = await run(ActionAnswerTopic, tracker)
    assert messages[0]["custom"]["topic"] == "duration"
    assert slot(events, FOLLOW_UP_SLOT) == [None]


async def test_help_in_the_check_pauses_it_with_a_way_back(make_tracker):
    tracker = make_tracker(
        "safeguarding",
        PAYLOAD,
        ENTITIES,
        requested_slot="case_ongoing",
        case_ongoing=PAYLOAD,
        case_country="ESP",
        country="ESP",
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateEligibilityForm().run(dispatcher, tracker, {})
    texts = [m["text"] for m in dispatcher.messages]
    assert "116 111" in texts[0]
    assert texts[-1] == TEXTS.get("safety_back_to_check", "en")
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == "/eligibility_check"
    assert slot(events, PAUSED_SLOT) == [True]
    assert slot(events, "case_ongoing") == [None]  # the payload is not an answer
    assert slot(events, "requested_slot") == [None]


async def test_back_to_the_check_keeps_the_answers(make_tracker):
    tracker = make_tracker("eligibility_check", "/eligibility_check", case_country="ESP",
                           **{PAUSED_SLOT: True})  # fmt: skip
    messages, events = await run(ActionStartEligibility, tracker)
    assert messages == []
    assert slot(events, PAUSED_SLOT) == [False]
    assert slot(events, "case_country") == []  # not forgotten
