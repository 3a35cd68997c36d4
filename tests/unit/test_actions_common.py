"""actions/common.py: the language of a conversation, the latest intent, sending an answer."""

from __future__ import annotations

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import answerer, conversation_language, latest_intent, send
from bot.answers import Answer, Answerer
from bot.knowledge.loader import Button


def test_metadata_language_wins_over_the_slot(make_tracker):
    tracker = make_tracker("greet", "hello", metadata={"language": "fr"}, language="es")
    assert conversation_language(tracker) == "fr"


def test_slot_language_wins_over_detection(make_tracker):
    tracker = make_tracker("greet", "Bonjour, je veux savoir mes droits", language="es")
    assert conversation_language(tracker) == "es"


def test_language_is_detected_from_the_text(make_tracker):
    tracker = make_tracker("greet", "Bonjour, je veux savoir mes droits")
    assert conversation_language(tracker) == "fr"


def test_language_defaults_to_english(make_tracker):
    assert conversation_language(make_tracker("affirm", "ok")) == "en"


def test_missing_metadata_and_text_are_tolerated(make_tracker):
    tracker = make_tracker("greet")
    tracker.latest_message["metadata"] = None
    tracker.latest_message["text"] = None
    assert conversation_language(tracker) == "en"


def test_latest_intent(make_tracker):
    assert latest_intent(make_tracker("ask_duration")) == "ask_duration"


def test_latest_intent_without_an_intent(make_tracker):
    tracker = make_tracker()
    assert latest_intent(tracker) is None
    tracker.latest_message["intent"] = None
    assert latest_intent(tracker) is None


def test_send_utters_text_buttons_and_custom_data():
    dispatcher = CollectingDispatcher()
    answer = Answer("Hello", "fr", "duration", [Button("More", "/ask_more")], safeguarding=True)
    send(dispatcher, answer)
    [message] = dispatcher.messages
    assert message["text"] == "Hello"
    assert message["buttons"] == [{"title": "More", "payload": "/ask_more"}]
    assert message["custom"] == {
        "topic": "duration",
        "language": "fr",
        "safeguarding": True,
        "safety": None,
    }


def test_send_remembers_language_and_topic():
    events = send(CollectingDispatcher(), Answer("Hello", "es", "duration"))
    assert events == [SlotSet("language", "es"), SlotSet("topic", "duration")]


def test_send_without_a_topic_keeps_the_topic_slot():
    events = send(CollectingDispatcher(), Answer("Hi", "en"))
    assert events == [SlotSet("language", "en")]


def test_answerer_is_an_answerer():
    assert isinstance(answerer(), Answerer)
