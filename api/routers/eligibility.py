"""POST /api/eligibility: the eligibility check as one call, on the same rules as the chat."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, StrictBool, constr, validator

from api.deps import get_texts
from api.errors import ApiError
from api.models import ErrorBody
from bot.eligibility import ActingFor, Case, PartialDate, Remedies, assess
from bot.eligibility_report import report
from bot.settings import Language
from bot.states import State, default_states_table
from bot.texts import Texts

router = APIRouter(prefix="/api", tags=["eligibility"])
DATE_TEXT = constr(strict=True, strip_whitespace=True, max_length=10)


class EligibilityRequest(BaseModel):
    """The answers; a missing or null answer means "I don't know" (except the country)."""

    country: constr(strict=True, strip_whitespace=True, min_length=1, max_length=100) = Field(  # type: ignore[valid-type]
        ..., example="ES", description="ISO alpha-2/alpha-3 code or a name in en, fr or es."
    )
    event_date: DATE_TEXT | None = Field(None, example="2019-05-01")  # type: ignore[valid-type]
    ongoing: StrictBool | None = None
    child_at_time: StrictBool | None = None
    domestic_remedies: Remedies | None = None
    final_decision_date: DATE_TEXT | None = Field(None, example="2024-02-10")  # type: ignore[valid-type]
    examined_elsewhere: StrictBool | None = None
    anonymous: StrictBool | None = None
    acting_for: ActingFor | None = None
    as_of: date | None = Field(None, description="The date to judge on (default: today).")
    language: Language = "en"

    @validator("event_date", "final_decision_date")
    def _partial_date(cls, value: str | None) -> str | None:
        if value is not None:
            PartialDate.parse(value)
        return value


class ReasonOut(BaseModel):
    code: str
    article: str
    blocking: bool
    message: str


class StateSummary(BaseModel):
    name: str
    iso3: str
    party: bool
    entry_into_force: date | None


class EligibilityReply(BaseModel):
    outcome: str
    reasons: list[ReasonOut]
    next_steps: list[str]
    state: StateSummary


def _find_state(country: str) -> State:
    state = default_states_table().lookup(country)
    if state is None:
        raise ApiError(422, f"I don't know a country called {country[:100]!r}.", "unknown_country")
    return state


def _dates_not_after(as_of: date, **dates: str | None) -> None:
    for name, text in dates.items():
        if text and PartialDate.parse(text).earliest() > as_of:
            raise ApiError(422, f"{name} is after {as_of.isoformat()}.", "date_in_future")


@router.post(
    "/eligibility",
    response_model=EligibilityReply,
    responses={422: {"model": ErrorBody, "description": "Invalid answers or unknown country"}},
)
async def eligibility(
    request: EligibilityRequest, texts: Texts = Depends(get_texts)
) -> EligibilityReply:
    """Could this case go to the Committee? An orientation from OPIC arts. 1, 5, 7 and 20."""
    state = _find_state(request.country)
    as_of = request.as_of or date.today()
    _dates_not_after(
        as_of, event_date=request.event_date, final_decision_date=request.final_decision_date
    )
    case = Case(
        state=state,
        as_of=as_of,
        event_date=PartialDate.parse(request.event_date) if request.event_date else None,
        ongoing=request.ongoing,
        child_at_time=request.child_at_time,
        domestic_remedies=request.domestic_remedies,
        final_decision_date=PartialDate.parse(request.final_decision_date)
        if request.final_decision_date
        else None,
        examined_elsewhere=request.examined_elsewhere,
        anonymous=request.anonymous,
        acting_for=request.acting_for,
    )
    assessment = assess(case)
    words = report(assessment, state, request.language, texts)
    return EligibilityReply(
        outcome=assessment.outcome,
        reasons=[
            ReasonOut(code=r.code, article=r.article, blocking=r.blocking, message=message)
            for r, message in words.reasons
        ],
        next_steps=words.next_steps,
        state=StateSummary(
            name=state.name(request.language),
            iso3=state.iso3,
            party=state.party,
            entry_into_force=state.entry_into_force,
        ),
    )
