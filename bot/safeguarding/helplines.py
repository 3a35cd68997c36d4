"""National child helplines and emergency numbers (helplines.csv), validated, found by country.

When a child discloses harm, the bot gives the numbers of the child's country from this table; where
a country has no row, it points to Child Helpline International's directory (`FALLBACK_URL`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Extra, ValidationError, constr, root_validator, validator

from bot.states import StatesTable, default_states_table

SAFEGUARDING_DIR = Path(__file__).resolve().parent
HELPLINES_CSV = SAFEGUARDING_DIR / "helplines.csv"
FALLBACK_URL = "https://childhelplineinternational.org/helplines/"
"""Child Helpline International's directory of child helplines: shown when a country has no row."""

COLUMNS = (
    "iso3",
    "country",
    "helpline_name",
    "helpline_number",
    "emergency_number",
    "url",
    "source",
    "as_of",
    "notes",
)
_NUMBER = re.compile(r"^\+?[0-9][0-9 ]*$")
_AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class Helpline(BaseModel):
    """One country's free child helpline and general emergency number, with their source."""

    iso3: constr(regex=r"^[A-Z]{3}$")  # type: ignore[valid-type]
    country: constr(min_length=1)  # type: ignore[valid-type]
    helpline_name: str = ""
    helpline_number: str = ""
    """The free national child helpline as a child dials it ("116 111"); empty when not verified."""
    emergency_number: str = ""
    """The general emergency number a child should call ("112", "911"); empty when not verified."""
    url: str = ""
    source: constr(min_length=1)  # type: ignore[valid-type]
    """A short citation or URL for this row's facts."""
    as_of: str = ""
    """The date of the source: YYYY-MM-DD, YYYY-MM or YYYY; empty when the source is undated."""
    notes: str = ""

    class Config:
        extra = Extra.forbid
        allow_mutation = False
        anystr_strip_whitespace = True

    @validator("helpline_number", "emergency_number")
    def _phone_number(cls, value: str) -> str:
        if value and not _NUMBER.match(value):
            raise ValueError(
                f"{value!r}: a phone number may hold only digits, spaces and a leading +"
            )
        return " ".join(value.split())

    @validator("url")
    def _web_address(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r}: a url starts with https:// or http://")
        return value

    @validator("as_of")
    def _source_date(cls, value: str) -> str:
        if not value:
            return value
        if not _AS_OF.match(value):
            raise ValueError(f"{value!r}: as_of is YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = ([*map(int, value.split("-")), 1, 1])[:3]
        try:
            date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{value!r}: not a real date") from exc
        return value

    @root_validator(skip_on_failure=True)
    def _something_to_call(cls, values: dict) -> dict:
        if not values["helpline_number"] and not values["emergency_number"]:
            raise ValueError(f"{values['iso3']}: a row needs a helpline or an emergency number")
        if values["helpline_number"] and not values["helpline_name"]:
            raise ValueError(f"{values['iso3']}: a helpline number needs the helpline's name")
        return values

    @property
    def numbers(self) -> list[str]:
        """What a child can call, the child helpline first."""
        return [n for n in (self.helpline_number, self.emergency_number) if n]


class HelplineDirectory:
    """Every country's helplines, one row per country, found by ISO alpha-2 or alpha-3 code."""

    def __init__(self, helplines: Iterable[Helpline], states: StatesTable | None = None):
        self._states = states
        self._by_iso3: dict[str, Helpline] = {}
        for helpline in helplines:
            if helpline.iso3 in self._by_iso3:
                raise ValueError(f"{helpline.iso3}: more than one row for this country")
            self._by_iso3[helpline.iso3] = helpline

    @property
    def states(self) -> StatesTable:
        return self._states or default_states_table()

    def __len__(self) -> int:
        return len(self._by_iso3)

    def __iter__(self) -> Iterator[Helpline]:
        return iter(self.all())

    def all(self) -> list[Helpline]:
        return sorted(self._by_iso3.values(), key=lambda h: h.iso3)

    def for_country(self, code: str) -> Helpline | None:
        """The row of a country by ISO alpha-3 or alpha-2 code, in any case; None if none."""
        cleaned = code.strip().upper()
        if not (cleaned.isascii() and cleaned.isalpha() and len(cleaned) in (2, 3)):
            return None
        if cleaned in self._by_iso3:
            return self._by_iso3[cleaned]
        state = self.states.by_code(cleaned)
        return self._by_iso3.get(state.iso3) if state else None


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; lines starting with # are comments."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = ["\n" if line.startswith("#") else line for line in handle]
    reader = csv.reader(lines)
    header: list[str] | None = None
    for row in reader:
        if not row:
            continue
        if header is None:
            header = row
            if tuple(header) != COLUMNS:
                raise ValueError(f"{path.name}: the columns must be {','.join(COLUMNS)}")
            continue
        if len(row) != len(header):
            raise ValueError(
                f"{path.name} line {reader.line_num}: {len(row)} cells, not {len(header)}"
            )
        yield reader.line_num, dict(zip(header, row, strict=True))


def load_helplines(
    path: Path = HELPLINES_CSV, states: StatesTable | None = None
) -> HelplineDirectory:
    """Read and validate helplines.csv; bad numbers, unknown codes, duplicates raise ValueError."""
    table = states or default_states_table()
    helplines = []
    for line, row in _rows(path):
        try:
            helpline = Helpline(**{key: value or "" for key, value in row.items()})
        except ValidationError as exc:
            raise ValueError(f"{path.name} line {line}: {exc}") from exc
        state = table.by_code(helpline.iso3)
        if state is None or state.iso3 != helpline.iso3:
            raise ValueError(
                f"{path.name} line {line}: {helpline.iso3} is not an ISO 3166-1 alpha-3 code"
            )
        if helpline.country != state.names["en"]:
            raise ValueError(
                f"{path.name} line {line}: {helpline.iso3} is {state.names['en']!r}, "
                f"not {helpline.country!r}"
            )
        helplines.append(helpline)
    return HelplineDirectory(helplines, states)


@lru_cache(maxsize=1)
def default_helplines() -> HelplineDirectory:
    return load_helplines()


__all__ = [
    "FALLBACK_URL",
    "HELPLINES_CSV",
    "Helpline",
    "HelplineDirectory",
    "default_helplines",
    "load_helplines",
]
