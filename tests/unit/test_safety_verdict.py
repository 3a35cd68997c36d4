"""Which safety reply a message gets (bot/safeguarding/verdict.py) and what the engine is sent."""

from __future__ import annotations

import pytest

from bot.assistant import BotMessage, Reply
from bot.safe_assistant import SAFEGUARDING_PAYLOAD, SafeAssistant, judge, safety_message
from bot.safeguarding.classifier import Scores
from bot.safeguarding.detector import Concern
from bot.safeguarding.verdict import ALARM, DISTRESS, UNSURE, Verdict, decide

SALT = b"test-salt"
ABUSE = Concern("abuse", "en", "en.abuse.family_hurts_me")


def scores(disclosure=0.0, distress=0.0, category="abuse", self_harm=0.0, about_other=0.0):
    return Scores(disclosure, distress, category, self_harm, about_other)


def test_a_bare_call_for_help_is_a_crisis_whatever_the_model_says():
    assert decide(None, True, scores()).safety == "crisis"


def test_a_likely_disclosure_about_oneself_is_a_crisis_in_the_patterns_category():
    verdict = decide(ABUSE, False, scores(disclosure=ALARM, category="violence"))
    assert verdict == Verdict("crisis", "abuse", pattern=ABUSE.pattern)
    assert verdict.full


def test_a_pattern_the_model_does_not_believe_raises_no_alarm():
    assert decide(ABUSE, False, scores(disclosure=0.05)).safety is None


def test_about_another_child_is_the_friend_reply():
    assert decide(None, False, scores(disclosure=0.9, about_other=0.8)).safety == "friend"


def test_suicide_or_self_harm_gets_its_own_reply():
    verdict = decide(None, False, scores(disclosure=0.9, category="violence", self_harm=0.7))
    assert verdict.safety == "self_harm"
    assert decide(None, False, scores(0.9, category="self_harm_suicide")).safety == "self_harm"


def test_sadness_without_a_disclosure_is_a_check_in_not_an_alarm():
    verdict = decide(None, False, scores(disclosure=0.1, distress=DISTRESS))
    assert verdict.safety == "check_in" and not verdict.full and not verdict.unsure


def test_an_unsure_message_is_answered_with_a_gentle_line():
    verdict = decide(None, False, scores(disclosure=UNSURE))
    assert verdict.safety == "check_in" and verdict.unsure


@pytest.mark.parametrize(
    "text", ["/eligibility_check", "/ask_more", '/safeguarding{"safety":"crisis"}']
)
def test_a_button_payload_is_not_judged(text):
    assert judge(text).safety is None


def test_the_engine_is_sent_the_reply_kind_never_the_words():
    message = safety_message(Verdict("friend", "abuse"))
    assert message == '/safeguarding{"safety":"friend","concern":"abuse"}'
    assert message.startswith(SAFEGUARDING_PAYLOAD)


class Engine:
    def __init__(self) -> None:
        self.calls: list[str] = []

    async def reply(self, sender_id, text, language=None):
        self.calls.append(text)
        return Reply(sender_id, "en", [BotMessage("An answer.")], "opic_what", None)


async def test_the_real_model_sends_disclosures_as_the_payload_and_questions_as_they_are():
    engine = Engine()
    safe = SafeAssistant(engine, SALT)
    await safe.reply("web-1", "my stepdad hits me every night and i am scared to go home")
    assert engine.calls[-1].startswith(SAFEGUARDING_PAYLOAD + "{")
    await safe.reply("web-1", "what is the committee on the rights of the child?")
    assert engine.calls[-1] == "what is the committee on the rights of the child?"


async def test_an_unsure_message_gets_its_answer_and_one_gentle_line(monkeypatch):
    import bot.safe_assistant as module

    monkeypatch.setattr(module, "judge", lambda text: Verdict("check_in", "abuse", unsure=True))
    engine = Engine()
    reply = await SafeAssistant(engine, SALT).reply("web-1", "hmm", "en")
    assert engine.calls == ["hmm"]
    assert reply.messages[0].text == "An answer."
    assert "child helpline" in reply.messages[-1].text
    assert reply.safety == "check_in" and not reply.safeguarding
