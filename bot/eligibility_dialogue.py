"""The eligibility check as a conversation, without Rasa: which question comes next, what an
answer means, and the Case the rules judge. The Rasa form calls these functions.

Answers are kept as plain strings (slot values): an ISO code for the country, "YYYY[-MM[-DD]]"
for dates, "yes" / "no" / "unknown", or one of the API's enum values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from bot.dates import parse_when
from bot.eligibility import Case, PartialDate
from bot.states import StatesTable
from bot.states.names import normalise

UNKNOWN = "unknown"
QUESTIONS = (
    "country",
    "event_date",
    "ongoing",
    "child_at_time",
    "domestic_remedies",
    "final_decision_date",
    "examined_elsewhere",
    "named_ok",
    "acting_for",
)
YES_NO = ("ongoing", "child_at_time", "examined_elsewhere", "named_ok")
DATES = ("event_date", "final_decision_date")

WORDS_FILE = Path(__file__).resolve().parent / "eligibility_words.yml"


def _normalised(words: object) -> object:
    if isinstance(words, dict):
        return {key: _normalised(value) for key, value in words.items()}
    return [normalise(str(word)) for word in words]  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def answer_words() -> dict:
    """The words that answer each question (bot/eligibility_words.yml), normalised once."""
    return _normalised(yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8")))  # type: ignore[return-value]


@dataclass(frozen=True)
class Understood:
    """An answer turned into a slot value, or None with the problem when it was not understood."""

    value: str | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None


def questions_to_ask(answers: dict[str, str | None]) -> list[str]:
    """The questions in order; the final-decision date only when national remedies were used up."""
    return [
        q
        for q in QUESTIONS
        if q != "final_decision_date" or answers.get("domestic_remedies") == "exhausted"
    ]


def unanswered(answers: dict[str, str | None]) -> list[str]:
    """The questions still to ask, in order."""
    return [q for q in questions_to_ask(answers) if not answers.get(q)]


def next_question(answers: dict[str, str | None]) -> str | None:
    """The first question without an answer, or None when the check can be judged."""
    return next(iter(unanswered(answers)), None)


def _says(text: str, phrases: list[str]) -> bool:
    padded = f" {normalise(text)} "
    return any(f" {phrase} " in padded for phrase in phrases)


def is_unknown(text: str) -> bool:
    return _says(text, answer_words()[UNKNOWN])


@lru_cache(maxsize=1)
def _fillers_longest_first() -> tuple[str, ...]:
    """Longer fillers go first, so "por favor" is dropped whole before "por"."""
    return tuple(sorted(answer_words()["fillers"], key=len, reverse=True))


def _is_command(text: str, command: str) -> bool:
    """The whole message is the command, perhaps with "please" or "the check" around it."""
    padded = f" {normalise(text)} "
    for filler in _fillers_longest_first():
        padded = padded.replace(f" {filler} ", " ")
    return " ".join(padded.split()) in answer_words()[command]


def wants_to_stop(text: str) -> bool:
    return _is_command(text, "stop")


def wants_to_restart(text: str) -> bool:
    return _is_command(text, "restart")


def yes_no(text: str) -> str | None:
    """'yes', 'no' or 'unknown' for a yes/no question, or None."""
    if is_unknown(text):
        return UNKNOWN
    said = [answer for answer in ("yes", "no") if _says(text, answer_words()[answer])]
    return said[0] if len(said) == 1 else None


def _choice(text: str, question: str) -> str | None:
    options: dict[str, list[str]] = answer_words()[question]
    if text.strip() in options:  # a button payload is the value itself
        return text.strip()
    if is_unknown(text):
        return UNKNOWN
    matches = [value for value, phrases in options.items() if _says(text, phrases)]
    return matches[0] if len(matches) == 1 else None


def understand(
    question: str, text: str, today: date, states: StatesTable, countries: Iterable[str] = ()
) -> Understood:
    """What an answer to one question means; `countries` are the names the NLU found in it."""
    if question == "country":
        found = (states.lookup(name) for name in [*countries, text])
        state = next((s for s in found if s), None) or states.find_in_text(text)
        return Understood(state.iso3 if state else None)
    if question in DATES:
        if is_unknown(text):
            return Understood(UNKNOWN)
        when = parse_when(text, today)
        if when is None:
            return Understood(None)
        if when.earliest() > today:
            return Understood(None, problem="future")
        return Understood(_iso(when))
    if question in YES_NO:
        return Understood(yes_no(text))
    if question in ("domestic_remedies", "acting_for"):
        return Understood(_choice(text, question))
    raise ValueError(f"unknown question {question!r}")


def _iso(when: PartialDate) -> str:
    parts = [f"{when.year:04d}"] + [f"{p:02d}" for p in (when.month, when.day) if p]
    return "-".join(parts)


def _known(value: str | None) -> str | None:
    return None if value in (None, UNKNOWN) else value


def _flag(value: str | None, yes: bool = True) -> bool | None:
    """True/False for "yes"/"no" (reversed with yes=False), None for "unknown"."""
    return {"yes": yes, "no": not yes}.get(value or "")


def to_case(answers: dict[str, str | None], states: StatesTable, today: date) -> Case:
    """The Case the rules judge; "unknown" answers become None (I don't know)."""
    state = states.by_code(answers["country"] or "")
    if state is None:
        raise ValueError("the country must be answered first")
    event, decided = _known(answers.get("event_date")), _known(answers.get("final_decision_date"))
    return Case(
        state=state,
        as_of=today,
        event_date=PartialDate.parse(event) if event else None,
        ongoing=_flag(answers.get("ongoing")),
        child_at_time=_flag(answers.get("child_at_time")),
        domestic_remedies=_known(answers.get("domestic_remedies")),  # type: ignore[arg-type]
        final_decision_date=PartialDate.parse(decided) if decided else None,
        examined_elsewhere=_flag(answers.get("examined_elsewhere")),
        anonymous=_flag(answers.get("named_ok"), yes=False),  # "OK to be named?" "no": anonymous
        acting_for=_known(answers.get("acting_for")),  # type: ignore[arg-type]
    )
