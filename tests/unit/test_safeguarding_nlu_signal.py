"""When the NLU's `safeguarding` intent alone is trusted, and what is answered when it is not."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerTopic
from bot.safeguarding.nlu_signal import nlu_heard_disclosure


@pytest.mark.parametrize(
    ("text", "confidence", "language", "trusted"),
    [
        ("/safeguarding", 1.0, "es", True),  # the patterns already matched
        ("someone at home keeps hurting me", 0.9, "en", True),
        ("my stepdad keeps hurting me", 0.9, "fr", True),  # English words: English
        ("someone at home keeps hurting me", 0.5, "en", False),
        ("me", 0.99, "en", False),  # a bare answer
        ("ça me touche beaucoup que vous m'aidiez", 0.96, "en", False),  # French words
        ("me toca hacer la tarea ahora", 0.9, "en", False),
        ("me duele la cabeza", 0.9, "es", False),  # no marker word: the conversation's language
        ("me duele la cabeza", 0.9, "en", True),
    ],
)
def test_nlu_is_trusted_only_when_sure_in_english(text, confidence, language, trusted):
    assert nlu_heard_disclosure(text, confidence, language) is trusted


async def run_topic(make_tracker, text, ranking):
    tracker = make_tracker("safeguarding", text)
    tracker.latest_message["intent"]["confidence"] = ranking[0][1]
    tracker.latest_message["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    dispatcher = CollectingDispatcher()
    await ActionAnswerTopic().run(dispatcher, tracker, {})
    return dispatcher.messages[0]["custom"]


async def test_an_untrusted_alarm_answers_the_next_best_topic(make_tracker):
    ranking = [("safeguarding", 0.58), ("ask_which_rights", 0.22), ("out_of_scope", 0.07)]
    custom = await run_topic(make_tracker, "me toca hacer la tarea ahora", ranking)
    assert (custom["topic"], custom["safeguarding"]) == ("which_rights", False)


async def test_an_untrusted_alarm_with_no_good_second_choice_is_out_of_scope(make_tracker):
    ranking = [("safeguarding", 0.67), ("ask_more", 0.19), ("ask_duration", 0.04)]
    custom = await run_topic(make_tracker, "me", ranking)
    assert custom["topic"] == "out_of_scope"
    assert custom["safeguarding"] is False


async def test_the_patterns_payload_always_gets_the_safety_answer(make_tracker):
    custom = await run_topic(make_tracker, "/safeguarding", [("safeguarding", 1.0)])
    assert custom["topic"] == "safeguarding"
    assert custom["safeguarding"] is True
