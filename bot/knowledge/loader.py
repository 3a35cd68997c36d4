"""Load and join the knowledge-base files: topics.yml (facts) and <language>.yml (text)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import parse_obj_as

from bot.intents import intent_for_topic
from bot.knowledge.schema import LanguageFile, TopicFacts, TopicText
from bot.language import LANGUAGES

KNOWLEDGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


def payload_for(topic: str) -> str:
    """The message a button sends to ask about a topic (an intent payload Rasa understands)."""
    return f"/{intent_for_topic(topic)}"


class KnowledgeBase:
    """Topic facts plus the text of every language that has a file."""

    def __init__(self, facts: dict[str, TopicFacts], texts: dict[str, dict[str, TopicText]]):
        self.facts = facts
        self.texts = texts

    @property
    def languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if lang in self.texts] + sorted(
            set(self.texts) - set(LANGUAGES)
        )

    def text(self, topic: str, language: str) -> TopicText:
        """A topic's text in a language, falling back to English where it is missing."""
        by_topic = self.texts.get(language) or self.texts["en"]
        return by_topic.get(topic) or self.texts["en"][topic]

    def buttons(self, topic: str, language: str) -> list[Button]:
        """The follow-up buttons offered after a topic's answer."""
        return [
            Button(self.text(target, language).title, payload_for(target))
            for target in self.facts[topic].follow_ups
            if target in self.facts
        ]

    def articles(self, topic: str) -> list[str]:
        return list(self.facts[topic].articles)

    def has_more(self, topic: str | None, language: str) -> bool:
        return bool(topic and topic in self.facts and self.text(topic, language).more)


def read_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_facts(directory: Path) -> dict[str, TopicFacts]:
    return parse_obj_as(dict[str, TopicFacts], read_yaml(directory / "topics.yml"))


def load_texts(directory: Path) -> dict[str, dict[str, TopicText]]:
    texts: dict[str, dict[str, TopicText]] = {}
    for path in sorted(directory.glob("*.yml")):
        if path.name == "topics.yml":
            continue
        parsed = LanguageFile.parse_obj(read_yaml(path))
        if parsed.language != path.stem:
            raise ValueError(f"{path.name} says language {parsed.language!r}")
        texts[parsed.language] = dict(parsed.topics)
    if "en" not in texts:
        raise ValueError("the English knowledge base (en.yml) is missing")
    return texts


def load_knowledge_base(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Read and validate the knowledge base; raises pydantic.ValidationError on bad data."""
    return KnowledgeBase(load_facts(directory), load_texts(directory))


@lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    """The knowledge base shipped in this package, loaded once per process."""
    return load_knowledge_base()
