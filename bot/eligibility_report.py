"""The eligibility result in words for children: outcome, reasons with articles, next steps."""

from __future__ import annotations

from dataclasses import dataclass

from bot.eligibility import Assessment, Reason
from bot.states import State
from bot.texts import Texts

NEXT_STEPS = {
    "likely_admissible": ("next_trusted_adult", "next_how_to_submit"),
    "needs_advice": ("next_trusted_adult", "next_get_advice"),
    "not_admissible": ("next_trusted_adult", "next_other_routes"),
}


@dataclass(frozen=True)
class Report:
    summary: str
    reasons: list[tuple[Reason, str]]
    next_steps: list[str]


def reason_key(reason: Reason) -> str:
    """The text key for a reason: plain, `_unsure` for unknown answers, `_ongoing` for art. 7(g)."""
    if reason.unsure:
        return f"reason_{reason.code}_unsure"
    if reason.code == "before_entry_into_force" and not reason.blocking:
        return "reason_before_entry_into_force_ongoing"
    return f"reason_{reason.code}"


def report(assessment: Assessment, state: State, language: str, texts: Texts) -> Report:
    country = state.name(language)
    return Report(
        summary=texts.get(f"outcome_{assessment.outcome}", language),
        reasons=[
            (r, texts.get(reason_key(r), language, country=country)) for r in assessment.reasons
        ],
        next_steps=[texts.get(key, language) for key in NEXT_STEPS[assessment.outcome]],
    )
