"""GET /api/states and /api/states/{code}: the States table the assistant answers from."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel

from api.errors import ApiError
from api.models import ErrorBody
from bot.states import State, default_states_table

router = APIRouter(prefix="/api/states", tags=["states"])


class StateOut(BaseModel):
    name: str
    iso2: str
    iso3: str
    party: bool
    signed: date | None
    """Signature date, when known (accession has none)."""
    ratification_date: date | None
    entry_into_force: date | None
    status: str
    """party, signatory or none."""
    as_of: str | None

    @classmethod
    def of(cls, state: State) -> StateOut:
        return cls(
            name=state.name("en"),
            iso2=state.iso2,
            iso3=state.iso3,
            party=state.party,
            signed=state.signed,
            ratification_date=state.ratification_date,
            entry_into_force=state.entry_into_force,
            status=state.status,
            as_of=state.as_of,
        )


@router.get("", response_model=list[StateOut])
async def list_states() -> list[StateOut]:
    """Every country, with where it stands with OPIC."""
    return [StateOut.of(state) for state in default_states_table().all()]


@router.get("/{code}", response_model=StateOut, responses={404: {"model": ErrorBody}})
async def get_state(code: str) -> StateOut:
    """One country by ISO alpha-2 or alpha-3 code."""
    state = default_states_table().by_code(code) if code.isalpha() else None
    if state is None:
        raise ApiError(404, f"No country has the code {code[:8]!r}.", "unknown_country")
    return StateOut.of(state)
