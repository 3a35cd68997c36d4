"""Could a case go to the Committee? OPIC's admissibility conditions as plain rules.

Arts. 1, 5, 7 and 20 of OPIC, reduced to what a child can answer. Used by the chat flow and by
POST /api/eligibility alike. An orientation, never legal advice: unknown answers lead to
`needs_advice`, never to a guess.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from bot.states import State

Outcome = Literal["likely_admissible", "not_admissible", "needs_advice"]
Remedies = Literal["exhausted", "not_tried", "in_progress", "not_available_or_ineffective"]
ActingFor = Literal["self", "group", "other_with_consent", "other_without_consent"]
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A day, a month or a year: "2019-05-01", "2019-05" or "2019"."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = PARTIAL_DATE.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(part) if part else None for part in match.groups())
        if month == 0 or day == 0:
            raise ValueError(f"{text!r} has no month or day 0")
        parsed = cls(year, month, day)
        parsed.earliest()  # raises ValueError for impossible months and days
        return parsed

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True)
class Case:
    """What the child (or the adult helping) told us; None means "I don't know"."""

    state: State
    as_of: date
    event_date: PartialDate | None = None
    ongoing: bool | None = None
    child_at_time: bool | None = None
    domestic_remedies: Remedies | None = None
    final_decision_date: PartialDate | None = None
    examined_elsewhere: bool | None = None
    anonymous: bool | None = None
    acting_for: ActingFor | None = None


@dataclass(frozen=True)
class Reason:
    code: str
    article: str
    blocking: bool
    unsure: bool = False
    """True when the reason comes from an unknown or unclear answer."""


@dataclass(frozen=True)
class Assessment:
    outcome: Outcome
    reasons: list[Reason] = field(default_factory=list)


def one_year_after(day: date) -> date:
    """The same day a year later (28 February when the day was 29 February; at most date.max)."""
    if day.year == date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _state_reasons(case: Case) -> list[Reason]:
    state = case.state
    if not state.party:
        return [Reason("state_not_party", "1", blocking=True)]
    joined = state.entry_into_force or state.ratification_date
    if joined and joined > case.as_of:
        return [Reason("state_not_party", "1", blocking=True)]
    return []


def _timing_reasons(case: Case) -> list[Reason]:
    """Art. 7(g) and art. 20: only facts after OPIC applied to the State, unless they go on."""
    in_force = case.state.entry_into_force
    if not case.state.party:
        return []
    if case.event_date is None or in_force is None:
        return [Reason("before_entry_into_force", "7(g)", blocking=False, unsure=True)]
    if case.event_date.latest() < in_force:
        return [Reason("before_entry_into_force", "7(g)", blocking=case.ongoing is not True)]
    if case.event_date.earliest() < in_force:  # the month or year straddles the date
        return [Reason("before_entry_into_force", "7(g)", blocking=False, unsure=True)]
    return []


def _child_reasons(case: Case) -> list[Reason]:
    if case.child_at_time is None:
        return [Reason("not_a_child_at_time", "5", blocking=False, unsure=True)]
    return [] if case.child_at_time else [Reason("not_a_child_at_time", "5", blocking=True)]


def _remedy_reasons(case: Case) -> list[Reason]:
    """Art. 7(e) national remedies first, and art. 7(h) within one year of the final decision."""
    remedies = case.domestic_remedies
    if remedies is None:
        return [Reason("domestic_remedies_not_exhausted", "7(e)", blocking=False, unsure=True)]
    if remedies in ("not_tried", "in_progress"):
        return [Reason("domestic_remedies_not_exhausted", "7(e)", blocking=True)]
    if remedies == "not_available_or_ineffective":
        return [Reason("domestic_remedies_unavailable", "7(e)", blocking=False)]
    decided = case.final_decision_date
    if decided is None:
        return [Reason("late_submission", "7(h)", blocking=False, unsure=True)]
    if one_year_after(decided.latest()) < case.as_of:
        return [Reason("late_submission", "7(h)", blocking=True)]
    if one_year_after(decided.earliest()) < case.as_of:
        return [Reason("late_submission", "7(h)", blocking=False, unsure=True)]
    return []


def _yes_no_reason(answer: bool | None, code: str, article: str) -> list[Reason]:
    if answer is None:
        return [Reason(code, article, blocking=False, unsure=True)]
    return [Reason(code, article, blocking=True)] if answer else []


def _author_reasons(case: Case) -> list[Reason]:
    if case.acting_for is None:
        return [Reason("no_consent", "5(2)", blocking=False, unsure=True)]
    if case.acting_for == "other_without_consent":
        return [Reason("no_consent", "5(2)", blocking=False)]
    return []


def assess(case: Case) -> Assessment:
    """Apply every condition; any blocking reason means not admissible, any other means advice."""
    reasons = [
        *_state_reasons(case),
        *_timing_reasons(case),
        *_child_reasons(case),
        *_remedy_reasons(case),
        *_yes_no_reason(case.examined_elsewhere, "examined_elsewhere", "7(d)"),
        *_yes_no_reason(case.anonymous, "anonymous", "7(a)"),
        *_author_reasons(case),
    ]
    if any(r.blocking for r in reasons):
        return Assessment("not_admissible", reasons)
    return Assessment("needs_advice" if reasons else "likely_admissible", reasons)
