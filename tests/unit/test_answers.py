"""bot/answers.py: what the assistant says, from the knowledge base, texts and States table."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answers import MENU_TOPICS, MORE_PAYLOAD, Answerer, default_answerer
from bot.knowledge.loader import Button, KnowledgeBase, default_knowledge_base, payload_for
from bot.states import default_states_table
from bot.texts import Texts, default_texts


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return default_answerer()


@pytest.fixture(scope="module")
def kb():
    return default_knowledge_base()


@pytest.fixture(scope="module")
def texts():
    return default_texts()


def menu(kb) -> list[Button]:
    return [Button(kb.text(t, "en").title, payload_for(t)) for t in MENU_TOPICS]


def test_topic_answer_carries_topic_language_and_text(answerer, kb):
    answer = answerer.topic("duration", "en")
    assert answer.topic == "duration"
    assert answer.language == "en"
    assert answer.text == kb.text("duration", "en").answer
    assert answer.safeguarding is False


def test_topic_answer_offers_follow_ups_then_tell_me_more(answerer, kb):
    answer = answerer.topic("duration", "en")
    assert answer.buttons == [*kb.buttons("duration", "en"), Button("Tell me more", MORE_PAYLOAD)]


def test_topic_answer_in_another_language_keeps_that_language(answerer, kb):
    answer = answerer.topic("duration", "fr")
    assert answer.language == "fr"
    assert answer.text == kb.text("duration", "fr").answer


def test_safeguarding_answer_is_flagged(answerer):
    assert answerer.topic("safeguarding", "en").safeguarding is True


def test_no_tell_me_more_without_more_text(kb, texts):
    facts = dict(kb.facts)
    english = dict(kb.texts["en"])
    english["duration"] = english["duration"].copy(update={"more": None})
    answerer = Answerer(KnowledgeBase(facts, {"en": english}), texts, default_states_table())
    assert MORE_PAYLOAD not in [b.payload for b in answerer.topic("duration", "en").buttons]


def test_more_gives_the_more_text_and_the_follow_ups(answerer, kb):
    answer = answerer.more("duration", "en")
    assert answer.text == kb.text("duration", "en").more
    assert answer.topic == "duration"
    assert answer.buttons == kb.buttons("duration", "en")


def test_more_without_a_topic_points_to_the_menu(answerer, kb, texts):
    answer = answerer.more(None, "en")
    assert answer.text == texts.get("more_none", "en")
    assert answer.topic is None
    assert answer.buttons == menu(kb)


def test_more_of_an_unknown_topic_points_to_the_menu(answerer, texts):
    assert answerer.more("not_a_topic", "en").text == texts.get("more_none", "en")


def test_country_status_of_a_party_with_a_date(answerer, texts):
    answer = answerer.country_status("en", ["Spain"], "")
    assert answer.topic == "country_status"
    assert answer.text.startswith(
        texts.get("country_party", "en", country="Spain", since="14 April 2014")
    )
    assert "7 February 2024" in answer.text  # the as-of date of Spain's row


def test_country_status_of_a_party_without_a_date(answerer, texts):
    answer = answerer.country_status("en", ["Panama"], "")
    assert answer.text.startswith(texts.get("country_party_no_date", "en", country="Panama"))
    assert "as of 2021." in answer.text  # an as-of that is not a full date is shown as written


def test_country_status_of_a_signatory(answerer, texts):
    answer = answerer.country_status("en", ["Austria"], "")
    assert answer.text.startswith(texts.get("country_signatory", "en", country="Austria"))
    assert "25 September 2024" in answer.text


def test_country_status_of_a_non_party(answerer, texts):
    answer = answerer.country_status("en", ["USA"], "")
    sentence = texts.get("country_not_party", "en", country="United States")
    assert answer.text.startswith(sentence)


def test_country_status_offers_the_topic_buttons(answerer, kb):
    answer = answerer.country_status("en", ["Spain"], "")
    assert answer.buttons == kb.buttons("country_status", "en")


def test_country_status_names_the_country_in_the_answer_language(answerer):
    assert "Allemagne" in answerer.country_status("fr", ["Germany"], "").text


def test_country_status_reads_the_country_from_the_text(answerer):
    assert "Brazil" in answerer.country_status("en", [], "has brasil joined?").text


def test_country_status_prefers_an_entity_over_the_text(answerer):
    assert "Spain" in answerer.country_status("en", ["Atlantis", "Spain"], "is france in?").text


def test_country_status_without_a_country_asks_which(answerer, kb, texts):
    answer = answerer.country_status("en", [], "has it joined?")
    assert answer.topic == "country_status"
    assert answer.text == kb.text("country_status", "en").answer
    assert "name of your country" in answer.text
    assert answer.buttons == answerer.topic("country_status", "en").buttons


def test_country_status_of_an_unknown_country_asks_which(answerer, kb):
    answer = answerer.country_status("en", ["Atlantis"], "is atlantis a party?")
    assert answer.text == kb.text("country_status", "en").answer


def test_country_status_of_which_states_have_joined_asks_which(answerer, kb):
    answer = answerer.country_status("en", [], "which states have joined OPIC?")
    assert answer.text == kb.text("country_status", "en").answer


@pytest.mark.parametrize("intent", ["greet", "goodbye", "thanks", "affirm", "deny"])
def test_small_talk_answers_its_intent_with_the_menu(answerer, kb, texts, intent):
    answer = answerer.small_talk(intent, "en")
    assert answer.text == texts.get(intent, "en")
    assert answer.topic is None
    assert answer.buttons == menu(kb)


def test_small_talk_with_an_unexpected_intent_does_not_crash(answerer, texts):
    answer = answerer.small_talk("ask_duration", "en")
    assert answer.text == texts.get("affirm", "en")
    assert answer.topic is None


@pytest.mark.parametrize(
    "day, expected",
    [(date(2014, 4, 14), "14 April 2014"), (date(2024, 12, 1), "1 December 2024")],
)
def test_format_date(answerer, day, expected):
    assert answerer.format_date(day, "en") == expected


def test_format_date_uses_the_language_months_and_format(kb):
    texts = Texts(
        {
            "en": default_texts().by_language["en"],
            "fr": {
                "months": "janvier février mars avril mai juin juillet août septembre "
                "octobre novembre décembre",
                "date_format": "le {day} {month} {year}",
            },
        }
    )
    answerer = Answerer(kb, texts, default_states_table())
    assert answerer.format_date(date(2014, 4, 14), "fr") == "le 14 avril 2014"


def test_country_answers_show_the_as_of_date_and_the_un_page(answerer):
    from bot.states import UN_TREATY_PAGE

    for country in ("Spain", "Panama", "Austria", "Brazil", "United States", "Japan"):
        text = answerer.country_status("en", [country], "").text
        assert UN_TREATY_PAGE in text, country
        assert "up to date as of" in text, country
