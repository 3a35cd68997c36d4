"""bot/intents.py: how NLU intents map to knowledge-base topics and back."""

from __future__ import annotations

import pytest

from bot.intents import SMALL_TALK, intent_for_topic, topic_for_intent
from bot.knowledge.loader import default_knowledge_base


@pytest.mark.parametrize(
    "intent, topic",
    [
        ("ask_duration", "duration"),
        ("ask_who_can_complain", "who_can_complain"),
        ("eligibility_check", "eligibility_check"),
        ("safeguarding", "safeguarding"),
        ("out_of_scope", "out_of_scope"),
        ("nlu_fallback", "out_of_scope"),
        ("inform_country", "country_status"),
    ],
)
def test_topic_for_intent(intent, topic):
    assert topic_for_intent(intent) == topic


@pytest.mark.parametrize("intent", [None, "", "ask_more", "greet", "unknown_intent", *SMALL_TALK])
def test_small_talk_more_and_unknown_intents_have_no_topic(intent):
    assert topic_for_intent(intent) is None


@pytest.mark.parametrize(
    "topic, intent",
    [
        ("duration", "ask_duration"),
        ("eligibility_check", "eligibility_check"),
        ("out_of_scope", "out_of_scope"),
        ("safeguarding", "safeguarding"),
    ],
)
def test_intent_for_topic(topic, intent):
    assert intent_for_topic(topic) == intent


def test_every_knowledge_base_topic_round_trips_through_its_intent():
    for topic in default_knowledge_base().facts:
        assert topic_for_intent(intent_for_topic(topic)) == topic
