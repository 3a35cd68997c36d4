"""What the assistant says: plain functions over the knowledge base, texts and States table.

Rasa actions call these and send what they return; nothing here knows about Rasa.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from bot.intents import SMALL_TALK
from bot.knowledge.loader import Button, KnowledgeBase, default_knowledge_base, payload_for
from bot.states import UN_TREATY_PAGE, State, StatesTable, default_states_table
from bot.texts import Texts, default_texts

MORE_PAYLOAD = "/ask_more"
MENU_TOPICS = ("opic_what", "who_can_complain", "eligibility_check")


@dataclass(frozen=True)
class Answer:
    """One reply: a text with buttons, and the topic and language it answers in."""

    text: str
    language: str
    topic: str | None = None
    buttons: list[Button] = field(default_factory=list)
    safeguarding: bool = False
    country: str | None = None
    """The ISO alpha-3 code of the country the answer is about, if any."""
    safety: str | None = None
    """Which safety reply this is (crisis, self_harm, friend, check_in), if one."""


class Answerer:
    """Builds answers from content; one instance serves every conversation."""

    def __init__(self, kb: KnowledgeBase, texts: Texts, states: StatesTable):
        self.kb = kb
        self.texts = texts
        self.states = states

    def topic(self, topic: str, language: str) -> Answer:
        """The short answer of a knowledge-base topic, with its follow-up buttons."""
        buttons = self.kb.buttons(topic, language)
        if self.kb.has_more(topic, language):
            buttons.append(Button(self.texts.get("more_button", language), MORE_PAYLOAD))
        return Answer(
            text=self.kb.text(topic, language).answer,
            language=language,
            topic=topic,
            buttons=buttons,
            safeguarding=topic == "safeguarding",
        )

    def more(self, topic: str | None, language: str) -> Answer:
        """The "tell me more" text of the last topic, or a pointer elsewhere when there is none."""
        if not topic or not self.kb.has_more(topic, language):
            return Answer(
                self.texts.get("more_none", language), language, topic, self._menu(language)
            )
        more = self.kb.text(topic, language).more or ""
        return Answer(more, language, topic, self.kb.buttons(topic, language))

    def country_status(self, language: str, names: Iterable[str], text: str) -> Answer:
        """Whether the named country has joined OPIC; asks which country when none is named."""
        state = self._find_state(names, text)
        if state is None:  # the general answer ends by asking for the country's name
            return self.topic("country_status", language)
        return Answer(
            self._status_sentence(state, language),
            language,
            "country_status",
            self.kb.buttons("country_status", language),
            country=state.iso3,
        )

    def small_talk(self, intent: str, language: str) -> Answer:
        """Greetings, thanks and the like: no topic, but always a way to go on."""
        key = intent if intent in SMALL_TALK else "affirm"
        return Answer(self.texts.get(key, language), language, None, self._menu(language))

    def _find_state(self, names: Iterable[str], text: str) -> State | None:
        for name in names:
            state = self.states.lookup(name)
            if state:
                return state
        return self.states.find_in_text(text)

    def _status_sentence(self, state: State, language: str) -> str:
        country = state.name(language)
        if state.party and state.entry_into_force:
            sentence = self.texts.get(
                "country_party",
                language,
                country=country,
                since=self.format_date(state.entry_into_force, language),
            )
        elif state.party:
            sentence = self.texts.get("country_party_no_date", language, country=country)
        elif state.status == "signatory":
            sentence = self.texts.get("country_signatory", language, country=country)
        else:
            sentence = self.texts.get("country_not_party", language, country=country)
        as_of = state.as_of or self.states.latest_as_of
        if as_of:
            sentence += " " + self.texts.get(
                "country_as_of",
                language,
                as_of=self._readable_as_of(as_of, language),
                url=UN_TREATY_PAGE,
            )
        return sentence

    def _readable_as_of(self, as_of: str, language: str) -> str:
        try:
            return self.format_date(date.fromisoformat(as_of), language)
        except ValueError:
            return as_of

    def format_date(self, day: date, language: str) -> str:
        months = self.texts.get("months", language).split()
        return self.texts.get(
            "date_format", language, day=day.day, month=months[day.month - 1], year=day.year
        )

    def _menu(self, language: str) -> list[Button]:
        """The starting questions offered after small talk."""
        return [
            Button(self.kb.text(topic, language).title, payload_for(topic)) for topic in MENU_TOPICS
        ]


def default_answerer() -> Answerer:
    """The answerer over the content shipped with opic-bot (each part is loaded once)."""
    return Answerer(default_knowledge_base(), default_texts(), default_states_table())
