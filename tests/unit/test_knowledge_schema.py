"""bot/knowledge/schema.py: the knowledge-base files are validated; unknown fields are errors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.knowledge.schema import LanguageFile, TopicFacts, TopicText

SOURCE = "https://www.ohchr.org/en/treaty-bodies/crc"
TEXT = {"title": "What is OPIC?", "answer": "OPIC is a UN treaty.", "reviewed": "2026-11-28"}


def facts(**changes):
    return TopicFacts.parse_obj(
        {"articles": ["5"], "source": SOURCE, "follow_ups": ["opic_what"], **changes}
    )


def text(**changes):
    return TopicText.parse_obj({**TEXT, **changes})


def test_valid_facts_parse():
    parsed = facts(articles=["5", "7(e)", "5(2)", "20"], follow_ups=["a", "b_c", "d"])
    assert parsed.articles == ["5", "7(e)", "5(2)", "20"]


@pytest.mark.parametrize("article", ["7(z)", "art 5", "7e", "7(E)", "123", "", "5 "])
def test_bad_article_strings_are_rejected(article):
    with pytest.raises(ValidationError, match="OPIC article"):
        facts(articles=[article])


@pytest.mark.parametrize("follow_ups", [[], ["a", "b", "c", "d"]])
def test_zero_or_four_follow_ups_are_rejected(follow_ups):
    with pytest.raises(ValidationError):
        facts(follow_ups=follow_ups)


@pytest.mark.parametrize("follow_ups", [["a"], ["a", "b", "c"]])
def test_one_to_three_follow_ups_are_accepted(follow_ups):
    assert facts(follow_ups=follow_ups).follow_ups == follow_ups


@pytest.mark.parametrize("topic_id", ["Opic", "ask-more", "1st", ""])
def test_follow_ups_must_be_topic_ids(topic_id):
    with pytest.raises(ValidationError):
        facts(follow_ups=[topic_id])


def test_source_must_be_a_url():
    with pytest.raises(ValidationError):
        facts(source="the UN website")


def test_unknown_fact_field_is_rejected():
    with pytest.raises(ValidationError, match="extra fields not permitted"):
        facts(notes="a typo of a field name")


def test_unknown_text_field_is_rejected():
    with pytest.raises(ValidationError, match="extra fields not permitted"):
        text(answr="a typo")


def test_unknown_language_file_field_is_rejected():
    with pytest.raises(ValidationError, match="extra fields not permitted"):
        LanguageFile.parse_obj({"language": "en", "topics": {}, "version": 2})


def test_text_is_stripped_and_more_is_optional():
    parsed = text(answer="  OPIC is a UN treaty.  ")
    assert parsed.answer == "OPIC is a UN treaty."
    assert parsed.more is None


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "x"},
        {"title": "x" * 41},
        {"answer": "Too short"},
        {"more": "short"},
        {"reviewed": "yesterday"},
    ],
)
def test_bad_text_values_are_rejected(changes):
    with pytest.raises(ValidationError):
        text(**changes)


def test_text_requires_a_review_date():
    with pytest.raises(ValidationError):
        TopicText.parse_obj({"title": "What is OPIC?", "answer": "OPIC is a UN treaty."})


@pytest.mark.parametrize("language", ["EN", "e", "english", "e1"])
def test_language_code_form(language):
    with pytest.raises(ValidationError):
        LanguageFile.parse_obj({"language": language, "topics": {}})


def test_language_file_topic_ids_are_checked():
    with pytest.raises(ValidationError):
        LanguageFile.parse_obj({"language": "en", "topics": {"Bad-Id": TEXT}})


def test_parsed_models_are_immutable():
    parsed = facts()
    with pytest.raises(TypeError):
        parsed.articles = ["1"]
