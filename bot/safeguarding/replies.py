"""The safety replies, written for a child: crisis, self-harm, a friend in danger, a check-in.

Framework-free. Each reply puts the number to call first, as a tap-to-call button too
(`tel:` payloads), and asks for the country when it does not know it; the next message is then
read as the answer (`follow_up`). Sentences live in bot/texts/<language>.yml (`safety_*`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml

from bot.answers import Answer
from bot.knowledge.loader import Button
from bot.safeguarding.helplines import FALLBACK_URL
from bot.safeguarding.lines import DAYS, Line, LineChoice, LineFinder, Period, default_line_finder
from bot.safeguarding.verdict import CHECK_IN, CRISIS, FRIEND, SELF_HARM
from bot.states import State, StatesTable, default_states_table
from bot.states.names import normalise
from bot.texts import Texts, default_texts

PHRASES_FILE = Path(__file__).resolve().parent / "followup_phrases.yml"
TEL = "tel:"
PARENT_IS_SAFE = frozenset({"violence", "sexual_exploitation"})
"""Categories after which a parent may be suggested; after the others (harm at home, neglect,
forced marriage...) the bot suggests adults outside the home."""
ASK_COUNTRY, GAVE_NUMBERS = "country", "numbers"


@dataclass(frozen=True)
class Pending:
    """What the next message may answer after a safety reply; kept in the conversation."""

    need: str  # ASK_COUNTRY or GAVE_NUMBERS
    safety: str
    category: str = ""

    def encode(self) -> str:
        return f"{self.need}:{self.safety}:{self.category}"

    @classmethod
    def decode(cls, value: object) -> Pending | None:
        parts = str(value or "").split(":")
        if len(parts) != 3 or parts[0] not in (ASK_COUNTRY, GAVE_NUMBERS):
            return None
        return cls(*parts)


@dataclass(frozen=True)
class SafetyTurn:
    """The messages of a safety reply, what the next message may answer, and the country."""

    say: list[Answer] = field(default_factory=list)
    pending: Pending | None = None
    country: str | None = None


def tel_button(title: str, number: str) -> Button:
    return Button(title, TEL + number.replace(" ", ""))


@lru_cache(maxsize=1)
def _phrases() -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))


def says(text: str, what: str, language: str) -> bool:
    """The message holds one of the follow-up phrases (numbers, person, no_country)."""
    joined = text.replace("'", "").replace("’", "")  # "don't" -> "dont", as well as "don t"
    forms = [f" {normalise(f'x {t}')[2:]} " for t in (text, joined)]
    languages = [language, *(code for code in _phrases() if code != language)]
    phrases = [p for code in languages for p in _phrases()[code][what]]
    return any(f" {p} " in form for form in forms for p in phrases)


class SafetyReplies:
    """Builds each safety reply from the texts, the States table and the helplines."""

    def __init__(self, texts: Texts, states: StatesTable, lines: LineFinder) -> None:
        self.texts = texts
        self.states = states
        self.lines = lines

    def reply(
        self, safety: str, category: str, language: str, country: str | None, now: datetime
    ) -> SafetyTurn:
        """The whole reply; asks for the country when it is not known."""
        state = self.states.by_code(country) if country else None
        if state is None:
            return self._ask_country(safety, category, language)
        numbers = self._numbers(safety, language, state, now)
        rest = [] if safety == CHECK_IN else [self._adults(safety, category, language)]
        return SafetyTurn([*numbers, *rest], Pending(GAVE_NUMBERS, safety, category), state.iso3)

    def follow_up(
        self, pending: Pending, text: str, countries: Iterable[str], language: str, now: datetime,
        country: str | None = None,
    ) -> SafetyTurn | None:  # fmt: skip
        """The answer to a message sent right after a safety reply, or None if it is not one:
        a country gives its numbers; asking for the number or for a person gives them again."""
        named = self._country_in(text, countries)
        if named is not None:
            return self._numbers_turn(pending, language, named, now)
        if says(text, "no_country", language) and pending.need == ASK_COUNTRY:
            return SafetyTurn([self._say("safety_no_country", language, url=FALLBACK_URL)])
        person = says(text, "person", language)
        if not (person or says(text, "numbers", language)):
            return None
        known = self.states.by_code(country) if country else None
        if known is None:
            turn = self._ask_country(pending.safety, pending.category, language)
        else:
            turn = self._numbers_turn(pending, language, known, now)
        if person:
            first = turn.say[0]
            text = f"{self.texts.get('safety_person', language)} {first.text}"
            turn.say[0] = self._answer(text, language, pending.safety, first.buttons)
        return turn

    def _numbers_turn(
        self, pending: Pending, language: str, state: State, now: datetime
    ) -> SafetyTurn:
        numbers = self._numbers(pending.safety, language, state, now)
        return SafetyTurn(
            numbers, Pending(GAVE_NUMBERS, pending.safety, pending.category), state.iso3
        )

    def gentle_line(self, language: str) -> Answer:
        """One line after an ordinary answer when the message might hide a worry."""
        return Answer(self.texts.get("safety_gentle_line", language), language, safety=CHECK_IN)

    def back_to_check(self, language: str) -> Answer:
        button = Button(self.texts.get("button_back_to_check", language), "/eligibility_check")
        return Answer(self.texts.get("safety_back_to_check", language), language, None, [button])

    # -----------------------------------------------------------------------------------------

    def _answer(self, text: str, language: str, safety: str, buttons: list[Button]) -> Answer:
        full = safety != CHECK_IN
        topic = "safeguarding" if full else None
        return Answer(text, language, topic, buttons, full, safety=safety)

    def _ask_country(self, safety: str, category: str, language: str) -> SafetyTurn:
        names = self.texts.get("safety_country_buttons", language).split("|")
        buttons = [Button(name, name) for name in names]
        no_country = self.texts.get("button_no_country", language)
        buttons.append(Button(no_country, no_country))
        text = self.texts.get(f"safety_{safety}_ask_country", language)
        if safety == CHECK_IN:
            text = f"{self.texts.get('safety_check_in', language)} {text}"
        return SafetyTurn(
            [self._answer(text, language, safety, buttons)], Pending(ASK_COUNTRY, safety, category)
        )

    def _numbers(self, safety: str, language: str, state: State, now: datetime) -> list[Answer]:
        """What to call now, first, with tap-to-call buttons; then when a closed line opens."""
        choice = self.lines.choose(state.iso3, language, now) or LineChoice(None)
        opening = {FRIEND: "safety_friend_start", CHECK_IN: "safety_check_in"}.get(safety)
        sentences = [self.texts.get(opening, language)] if opening else []
        buttons: list[Button] = []
        emergency = self._emergency(safety, language, choice.emergency)
        if emergency and choice.call_now is None:  # no line open: the emergency number first
            sentences.append(emergency)
        if choice.call_now is not None:
            sentences.append(self._call(safety, language, choice.call_now))
            buttons.append(self._call_button(language, choice.call_now.number))
        elif choice.closed is None:
            sentences.append(self.texts.get("safety_no_line", language, url=FALLBACK_URL))
        if emergency and choice.call_now is not None:
            limited = self.texts.get("safety_limited", language, emergency=choice.emergency)
            sentences.append(limited if choice.limited else emergency)
        if emergency:
            title = self.texts.get("button_call_emergency", language, number=choice.emergency)
            buttons.append(tel_button(title, choice.emergency))
        end = {CRISIS: "safety_crisis_end", SELF_HARM: "safety_self_harm_end"}.get(safety)
        if end:
            sentences.append(self.texts.get(end, language))
        first = self._answer(" ".join(sentences), language, safety, buttons)
        if choice.call_now is None and choice.closed is not None:
            return [
                first,
                self._answer(self._closed(language, choice.closed), language, safety, []),
            ]
        return [first]

    def _emergency(self, safety: str, language: str, number: str) -> str:
        """The sentence with the emergency number (none in a check-in, or when unknown)."""
        if not number or safety == CHECK_IN:
            return ""
        key = {SELF_HARM: "safety_self_harm_emergency", FRIEND: "safety_friend_emergency"}
        return self.texts.get(key.get(safety, "safety_emergency"), language, emergency=number)

    def _call(self, safety: str, language: str, line: Line) -> str:
        key = {
            SELF_HARM: "safety_self_harm_call",
            FRIEND: "safety_friend_call",
            CHECK_IN: "safety_check_in_call",
        }.get(safety, "safety_call")
        return self.texts.get(key, language, helpline=line.number)

    def _call_button(self, language: str, number: str) -> Button:
        return tel_button(self.texts.get("button_call", language, number=number), number)

    def _closed(self, language: str, line: Line) -> str:
        hours = "; ".join(self._period(language, p) for p in line.periods)
        return self.texts.get("safety_closed", language, helpline=line.number, hours=hours)

    def _period(self, language: str, period: Period) -> str:
        names = self.texts.get("weekdays", language).split()
        first, last = period.days[0], period.days[-1]
        if len(period.days) == len(DAYS):
            days = self.texts.get("hours_every_day", language)
        elif first == last:
            days = names[first]
        else:
            days = self.texts.get("hours_day_range", language, first=names[first], last=names[last])
        opens, closes = period.opens.strftime("%H:%M"), period.closes.strftime("%H:%M")
        return self.texts.get("hours_period", language, days=days, opens=opens, closes=closes)

    def _adults(self, safety: str, category: str, language: str) -> Answer:
        if safety == FRIEND:
            key = "safety_friend_how"
        elif category in PARENT_IS_SAFE:
            key = "safety_adult"
        else:
            key = "safety_adult_outside_home"
        return self._answer(self.texts.get(key, language), language, safety, [])

    def _country_in(self, text: str, countries: Iterable[str]) -> State | None:
        for name in countries:
            if state := self.states.lookup(name):
                return state
        return self.states.find_in_text(text)

    def _say(self, key: str, language: str, **fields: object) -> Answer:
        return Answer(self.texts.get(key, language, **fields), language)


@lru_cache(maxsize=1)
def default_safety_replies() -> SafetyReplies:
    return SafetyReplies(default_texts(), default_states_table(), default_line_finder())


__all__ = ["Pending", "SafetyReplies", "SafetyTurn", "default_safety_replies", "says"]
