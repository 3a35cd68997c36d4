"""Pydantic models of the activity files; unknown fields are errors.

Like the knowledge base, each activity has one file of facts shared by every language
(`quiz.yml`, `cases.yml`) and one file of words per language (`quiz/<lang>.yml`,
`cases/<lang>.yml`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import conint, conlist, constr, validator

from bot.eligibility import ActingFor, Outcome, Remedies
from bot.knowledge.schema import LANGUAGE_CODE, TOPIC_ID, Strict

ITEM_ID = constr(regex=r"^[a-z][a-z0-9_]{1,30}$")
Vote = Literal["yes", "no", "unsure"]


class QuizFacts(Strict):
    """One question, the same in every language: the topic it comes from and the right option."""

    topic: TOPIC_ID  # type: ignore[valid-type]
    options: conint(ge=2, le=4)  # type: ignore[valid-type]
    correct: conint(ge=1, le=4)  # type: ignore[valid-type]
    """Which option is right, counting from 1."""

    @validator("correct")
    def _an_option(cls, value: int, values: dict) -> int:
        if "options" in values and value > values["options"]:
            raise ValueError("the right option must be one of the options")
        return value


class QuizText(Strict):
    """One question in one language."""

    question: constr(strip_whitespace=True, min_length=10, max_length=160)  # type: ignore[valid-type]
    options: conlist(  # type: ignore[valid-type]
        constr(strip_whitespace=True, min_length=1, max_length=60), min_items=2, max_items=4
    )
    explanation: constr(strip_whitespace=True, min_length=20, max_length=320)  # type: ignore[valid-type]


class QuizFile(Strict):
    """bot/activities/quiz/<language>.yml."""

    language: LANGUAGE_CODE  # type: ignore[valid-type]
    questions: dict[ITEM_ID, QuizText]  # type: ignore[valid-type]


class CaseFacts(Strict):
    """A fictional case as the eligibility check would hear it; None means "the card does not say".

    Times count back from the day the card is played, so a card never goes stale.
    """

    country: constr(regex=r"^[A-Z]{3}$")  # type: ignore[valid-type]
    event_months_ago: conint(ge=0, le=600) | None = None  # type: ignore[valid-type]
    ongoing: bool | None = None
    child_at_time: bool | None = None
    domestic_remedies: Remedies | None = None
    decision_months_ago: conint(ge=0, le=600) | None = None  # type: ignore[valid-type]
    examined_elsewhere: bool | None = None
    anonymous: bool | None = None
    acting_for: ActingFor | None = None
    expected: Outcome
    """What the eligibility rules say; a test checks it, so a change of rules shows here."""


class CaseText(Strict):
    """One case card in one language."""

    title: constr(strip_whitespace=True, min_length=2, max_length=40)  # type: ignore[valid-type]
    story: constr(strip_whitespace=True, min_length=40, max_length=600)  # type: ignore[valid-type]


class CaseFile(Strict):
    """bot/activities/cases/<language>.yml."""

    language: LANGUAGE_CODE  # type: ignore[valid-type]
    cases: dict[ITEM_ID, CaseText]  # type: ignore[valid-type]
