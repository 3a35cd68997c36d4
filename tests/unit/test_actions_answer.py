"""actions/answer.py: every custom action, run with a CollectingDispatcher on a built Tracker."""

from __future__ import annotations

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.answer import (
    ActionAnswerCountryStatus,
    ActionAnswerMore,
    ActionAnswerSmallTalk,
    ActionAnswerTopic,
)
from bot import PROJECT_ROOT
from bot.answers import MORE_PAYLOAD
from bot.knowledge.loader import default_knowledge_base
from bot.texts import default_texts

ACTIONS = [ActionAnswerTopic, ActionAnswerMore, ActionAnswerCountryStatus, ActionAnswerSmallTalk]


async def run(action_class, tracker):
    dispatcher = CollectingDispatcher()
    events = await action_class().run(dispatcher, tracker, {})
    return dispatcher.messages, events


def only(messages):
    assert len(messages) == 1
    return messages[0]


def button_payloads(message):
    return [b["payload"] for b in message["buttons"]]


def test_the_actions_package_serves_exactly_the_domain_actions():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(domain["actions"])


async def test_answer_topic_answers_the_intent_topic(make_tracker):
    kb = default_knowledge_base()
    messages, events = await run(ActionAnswerTopic, make_tracker("ask_duration", "how long?"))
    message = only(messages)
    assert message["text"] == kb.text("duration", "en").answer
    assert button_payloads(message) == [
        *(b.payload for b in kb.buttons("duration", "en")),
        MORE_PAYLOAD,
    ]
    assert message["buttons"][-1]["title"] == "Tell me more"
    assert message["custom"] == {
        "topic": "duration",
        "language": "en",
        "safeguarding": False,
        "safety": None,
    }
    assert events == [SlotSet("language", "en"), SlotSet("topic", "duration")]


async def test_answer_topic_flags_safeguarding(make_tracker):
    messages, events = await run(ActionAnswerTopic, make_tracker("safeguarding", "/safeguarding"))
    assert only(messages)["custom"]["safeguarding"] is True
    assert SlotSet("topic", "safeguarding") in events


@pytest.mark.parametrize("intent", ["eligibility_check", "ask_bot_about", "ask_get_help"])
async def test_answer_topic_for_special_and_plain_intents(make_tracker, intent):
    messages, _ = await run(ActionAnswerTopic, make_tracker(intent, "hi"))
    expected = intent.removeprefix("ask_")
    assert only(messages)["custom"]["topic"] == expected


@pytest.mark.parametrize("intent", ["made_up_intent", "nlu_fallback", "greet", None])
async def test_answer_topic_with_an_unknown_intent_is_out_of_scope(make_tracker, intent):
    messages, events = await run(ActionAnswerTopic, make_tracker(intent, "blorp"))
    assert only(messages)["custom"]["topic"] == "out_of_scope"
    assert SlotSet("topic", "out_of_scope") in events


async def test_metadata_language_wins_over_the_slot(make_tracker):
    tracker = make_tracker("ask_duration", "how long?", metadata={"language": "fr"}, language="es")
    messages, events = await run(ActionAnswerTopic, tracker)
    assert only(messages)["custom"]["language"] == "fr"
    assert SlotSet("language", "fr") in events


async def test_slot_language_is_kept_without_metadata(make_tracker):
    tracker = make_tracker("ask_duration", "Combien de temps ça prend ?", language="es")
    messages, events = await run(ActionAnswerTopic, tracker)
    assert only(messages)["custom"]["language"] == "es"
    assert SlotSet("language", "es") in events


async def test_language_is_detected_for_a_new_conversation(make_tracker):
    tracker = make_tracker("ask_duration", "Combien de temps ça prend ?")
    messages, _ = await run(ActionAnswerTopic, tracker)
    assert only(messages)["custom"]["language"] == "fr"


async def test_more_answers_the_more_text_of_the_last_topic(make_tracker):
    kb = default_knowledge_base()
    tracker = make_tracker("ask_more", "tell me more", topic="duration")
    messages, events = await run(ActionAnswerMore, tracker)
    message = only(messages)
    assert message["text"] == kb.text("duration", "en").more
    assert MORE_PAYLOAD not in button_payloads(message)
    assert message["custom"]["topic"] == "duration"
    assert events == [SlotSet("language", "en"), SlotSet("topic", "duration")]


async def test_more_without_a_topic_offers_the_menu(make_tracker):
    messages, events = await run(ActionAnswerMore, make_tracker("ask_more", "tell me more"))
    message = only(messages)
    assert message["text"] == default_texts().get("more_none", "en")
    assert button_payloads(message) == [
        "/ask_opic_what",
        "/ask_who_can_complain",
        "/eligibility_check",
    ]
    assert message["custom"]["topic"] is None
    assert events == [SlotSet("language", "en")]


async def test_country_status_from_an_entity(make_tracker):
    tracker = make_tracker(
        "inform_country",
        "what about brasil",
        entities=[{"entity": "country", "value": "Brasil", "start": 11, "end": 17}],
    )
    messages, events = await run(ActionAnswerCountryStatus, tracker)
    message = only(messages)
    assert message["text"].startswith("Yes! Brazil has joined OPIC")
    assert "29 December 2017" in message["text"]
    assert message["custom"]["topic"] == "country_status"
    assert events == [
        SlotSet("language", "en"),
        SlotSet("topic", "country_status"),
        SlotSet("country", "BRA"),  # only the code, to name local helplines later
    ]


async def test_country_status_from_the_text(make_tracker):
    tracker = make_tracker("ask_country_status", "has germny joined?")
    messages, _ = await run(ActionAnswerCountryStatus, tracker)
    assert only(messages)["text"].startswith("Yes! Germany has joined OPIC")


async def test_country_status_of_a_non_party(make_tracker):
    tracker = make_tracker(
        "inform_country", "USA", entities=[{"entity": "country", "value": "USA"}]
    )
    messages, _ = await run(ActionAnswerCountryStatus, tracker)
    assert only(messages)["text"].startswith("United States has not joined OPIC")


async def test_country_status_without_a_country_asks_which(make_tracker):
    tracker = make_tracker("ask_country_status", "has my country joined?")
    messages, events = await run(ActionAnswerCountryStatus, tracker)
    message = only(messages)
    assert message["text"] == default_knowledge_base().text("country_status", "en").answer
    assert message["custom"]["topic"] == "country_status"
    assert SlotSet("topic", "country_status") in events


async def test_country_status_ignores_other_entities(make_tracker):
    tracker = make_tracker(
        "ask_country_status",
        "has my country joined?",
        entities=[{"entity": "person", "value": "Spain"}],
    )
    messages, _ = await run(ActionAnswerCountryStatus, tracker)
    assert only(messages)["text"] == default_knowledge_base().text("country_status", "en").answer


@pytest.mark.parametrize("intent", ["greet", "goodbye", "thanks", "affirm", "deny"])
async def test_small_talk_answers_with_the_menu_and_no_topic(make_tracker, intent):
    messages, events = await run(ActionAnswerSmallTalk, make_tracker(intent, "hi"))
    message = only(messages)
    assert message["text"] == default_texts().get(intent, "en")
    assert len(message["buttons"]) == 3
    assert message["custom"] == {
        "topic": None,
        "language": "en",
        "safeguarding": False,
        "safety": None,
    }
    assert events == [SlotSet("language", "en")]


async def test_small_talk_without_an_intent_greets(make_tracker):
    messages, _ = await run(ActionAnswerSmallTalk, make_tracker(None, ""))
    assert only(messages)["text"] == default_texts().get("greet", "en")


async def test_small_talk_with_an_unexpected_intent_does_not_crash(make_tracker):
    messages, _ = await run(ActionAnswerSmallTalk, make_tracker("ask_duration", "hm"))
    assert only(messages)["text"] == default_texts().get("affirm", "en")
