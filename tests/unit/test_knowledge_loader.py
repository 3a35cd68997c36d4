"""bot/knowledge/loader.py: the shipped knowledge base and how it is joined and read."""

from __future__ import annotations

import re

import pytest
import yaml

from bot import PROJECT_ROOT
from bot.knowledge.loader import (
    Button,
    KnowledgeBase,
    default_knowledge_base,
    load_knowledge_base,
    payload_for,
)
from bot.knowledge.schema import TopicFacts, TopicText

TOPIC_LINE = re.compile(r"^  ([a-z][a-z_]*):", re.MULTILINE)


def spec_topics() -> list[str]:
    text = (PROJECT_ROOT / "spec" / "topics.yml").read_text(encoding="utf-8")
    return TOPIC_LINE.findall(text.split("topics:", 1)[1])


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return default_knowledge_base()


def test_the_spec_lists_topics():
    topics = spec_topics()
    assert len(topics) >= 25
    assert {"opic_what", "country_status", "out_of_scope", "safeguarding"} <= set(topics)


def test_shipped_knowledge_base_loads():
    kb = load_knowledge_base()
    assert kb.facts and "en" in kb.texts
    assert kb.languages[0] == "en"


@pytest.mark.parametrize("topic", spec_topics())
def test_every_spec_topic_has_facts_and_english_text(kb, topic):
    assert topic in kb.facts
    english = kb.texts["en"][topic]
    assert english.title and english.answer


def test_only_bot_about_out_of_scope_and_safeguarding_rest_on_no_article(kb):
    without_articles = {t for t, f in kb.facts.items() if not f.articles}
    assert without_articles <= {"bot_about", "out_of_scope", "safeguarding"}


def test_every_button_asks_a_known_topic(kb):
    allowed = re.compile(r"^/(ask_[a-z_]+|eligibility_check)$")
    domain_intents = set(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["intents"])
    for topic in kb.facts:
        for button in kb.buttons(topic, "en"):
            assert allowed.match(button.payload), (topic, button)
            assert button.payload[1:] in domain_intents, (topic, button)
            assert button.payload != payload_for(topic), f"{topic} offers itself"


def test_button_titles_are_the_target_topics_titles(kb):
    for topic, facts in kb.facts.items():
        titles = [b.title for b in kb.buttons(topic, "en")]
        assert titles == [kb.text(t, "en").title for t in facts.follow_ups]


def test_payload_for_topics():
    assert payload_for("duration") == "/ask_duration"
    assert payload_for("eligibility_check") == "/eligibility_check"


def small_kb() -> KnowledgeBase:
    facts = {
        name: TopicFacts(articles=["1"], source="https://example.org", follow_ups=follow_ups)
        for name, follow_ups in {"a": ["b", "gone"], "b": ["a"]}.items()
    }
    english = {
        "a": TopicText(
            title="Topic A", answer="The answer to A.", more="More about A.", reviewed="2026-01-01"
        ),
        "b": TopicText(title="Topic B", answer="The answer to B.", reviewed="2026-01-01"),
    }
    french = {"a": TopicText(title="Sujet A", answer="La réponse à A.", reviewed="2026-01-01")}
    return KnowledgeBase(facts, {"en": english, "fr": french})


def test_text_in_a_language_without_a_file_is_english():
    assert small_kb().text("a", "es").title == "Topic A"


def test_text_of_a_topic_missing_in_a_language_is_english():
    assert small_kb().text("b", "fr").title == "Topic B"
    assert small_kb().text("a", "fr").title == "Sujet A"


def test_buttons_skip_follow_ups_to_unknown_topics():
    assert small_kb().buttons("a", "en") == [Button("Topic B", "/ask_b")]


def test_has_more():
    kb = small_kb()
    assert kb.has_more("a", "en")
    assert not kb.has_more("b", "en")
    assert not kb.has_more("a", "fr")
    assert not kb.has_more(None, "en")
    assert not kb.has_more("unknown", "en")


def test_languages_put_known_languages_first():
    assert small_kb().languages == ["en", "fr"]


def test_articles_is_a_copy(kb):
    kb.articles("opic_what").append("99")
    assert "99" not in kb.articles("opic_what")


def write_yaml(path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_language_file_must_say_its_own_language(kb_dir):
    english = yaml.safe_load((kb_dir / "en.yml").read_text(encoding="utf-8"))
    write_yaml(kb_dir / "fr.yml", english)  # still says language: en
    with pytest.raises(ValueError, match=r"fr\.yml says language 'en'"):
        load_knowledge_base(kb_dir)


def test_english_is_required(kb_dir):
    english = yaml.safe_load((kb_dir / "en.yml").read_text(encoding="utf-8"))
    (kb_dir / "en.yml").unlink()
    write_yaml(kb_dir / "fr.yml", {**english, "language": "fr"})
    with pytest.raises(ValueError, match="English"):
        load_knowledge_base(kb_dir)


def test_a_second_language_file_is_loaded(kb_dir):
    english = yaml.safe_load((kb_dir / "en.yml").read_text(encoding="utf-8"))
    english["topics"]["opic_what"]["title"] = "Qu'est-ce que l'OPIC ?"
    (kb_dir / "es.yml").unlink(missing_ok=True)
    write_yaml(kb_dir / "fr.yml", {**english, "language": "fr"})
    kb = load_knowledge_base(kb_dir)
    assert kb.languages == ["en", "fr"]
    assert kb.text("opic_what", "fr").title == "Qu'est-ce que l'OPIC ?"
