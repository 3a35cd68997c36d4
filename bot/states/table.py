"""Load the States table (countries.csv joined with opic_states.csv) and look countries up."""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Extra, constr, validator

from bot.states.names import normalise, split_aliases, variants, word_ngrams

STATES_DIR = Path(__file__).resolve().parent
Status = Literal["party", "signatory", "none"]
MIN_FUZZY_LENGTH = 5
FUZZY_CUTOFF = 0.84
# Words too common in questions about OPIC to be read as a misspelt country name.
NOT_COUNTRIES = frozenset(
    [
        "state",
        "states",
        "united",
        "nation",
        "nations",
        "republic",
        "country",
        "countries",
        "island",
        "islands",
        "party",
        "parties",
        "children",
        "child",
        "rights",
        "right",
        "committee",
    ]
)


class State(BaseModel):
    """One country and where it stands with OPIC."""

    iso2: constr(regex=r"^[A-Z]{2}$")  # type: ignore[valid-type]
    iso3: constr(regex=r"^[A-Z]{3}$")  # type: ignore[valid-type]
    names: dict[str, str]
    """Display name per language code."""
    status: Status = "none"
    signed: date | None = None
    ratification_date: date | None = None
    entry_into_force: date | None = None
    source: str | None = None
    as_of: str | None = None

    class Config:
        extra = Extra.forbid
        allow_mutation = False

    @validator("signed", "ratification_date", "entry_into_force", pre=True)
    def _blank_is_none(cls, value: object) -> object:
        return value or None

    @property
    def party(self) -> bool:
        return self.status == "party"

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]


def _names(row: dict) -> dict[str, str]:
    """A country's names by language, from the `name_<code>` columns that are filled in."""
    return {
        column.removeprefix("name_"): (text or "").strip()
        for column, text in row.items()
        if column.startswith("name_") and (text or "").strip()
    }


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


class StatesTable:
    """Every country, with OPIC status where it has one, findable by code or by name."""

    def __init__(self, states: Iterable[State], names: dict[str, Iterable[str]]):
        self.states: dict[str, State] = {s.iso3: s for s in states}
        self._by_code = {code: s for s in self.states.values() for code in (s.iso2, s.iso3)}
        self._by_name, self._ambiguous = self._index_names(names)

    def _index_names(self, names: dict[str, Iterable[str]]) -> tuple[dict[str, State], set[str]]:
        """Every normalised name -> its State, and the short forms two States share (left out)."""
        primary: dict[str, State] = {}
        derived: dict[str, set] = {}
        for iso3, own in names.items():
            for name in own:
                forms = list(variants(name))
                primary[normalise(forms[0])] = self.states[iso3]
                for form in forms[1:]:
                    derived.setdefault(normalise(form), set()).add(iso3)
        index = {
            key: self.states[next(iter(codes))] for key, codes in derived.items() if len(codes) == 1
        }
        ambiguous = {key for key, codes in derived.items() if len(codes) > 1} - set(primary)
        index.update(primary)
        index.pop("", None)
        return index, ambiguous

    def all(self) -> list[State]:
        return sorted(self.states.values(), key=lambda s: s.names["en"])

    def by_code(self, code: str) -> State | None:
        code = code.strip()
        return self._by_code.get(code.upper()) if code.isascii() else None

    def lookup(self, query: str) -> State | None:
        """A State by ISO code or by a name in any language, with or without accents."""
        cleaned = query.strip()
        by_code = self.by_code(cleaned) if cleaned.isalpha() and len(cleaned) in (2, 3) else None
        if by_code:
            return by_code
        key = normalise(cleaned)
        return self._by_name.get(key) or self._fuzzy(key)

    def find_in_text(self, text: str) -> State | None:
        """The first country named in a sentence ("has brasil joined?"), tolerating typos."""
        grams = word_ngrams(text)
        for gram in grams:
            if gram in self._by_name:
                return self._by_name[gram]
        for gram in grams:
            found = self._fuzzy(gram)
            if found:
                return found
        return None

    def _fuzzy(self, key: str) -> State | None:
        """A close spelling of a known name, never for common words, short words or shared names."""
        words = key.split()
        if (
            len(key) < MIN_FUZZY_LENGTH
            or key in self._ambiguous
            or any(len(word) < 3 or word in NOT_COUNTRIES for word in words)
        ):
            return None
        close = difflib.get_close_matches(key, self._by_name.keys(), n=1, cutoff=FUZZY_CUTOFF)
        return self._by_name[close[0]] if close else None

    @cached_property
    def latest_as_of(self) -> str | None:
        """The newest "as of" date of the OPIC rows: how fresh the list of non-parties is."""
        dates = [s.as_of for s in self.states.values() if s.as_of and len(s.as_of) == 10]
        return max(dates, default=None)

    def name_forms(self) -> list[str]:
        """Every name the table knows (normalised), e.g. for an NLU lookup table."""
        return sorted(self._by_name)


def load_states_table(directory: Path = STATES_DIR) -> StatesTable:
    """Join the world list with the OPIC status table; validated by the State model."""
    opic = {row["iso3"]: row for row in _rows(directory / "opic_states.csv")}
    states, names = [], {}
    for row in _rows(directory / "countries.csv"):
        status_row = opic.get(row["iso3"], {})
        states.append(
            State(
                iso2=row["iso2"],
                iso3=row["iso3"],
                names=_names(row),
                status=status_row.get("status", "none"),
                signed=status_row.get("signature_date"),
                ratification_date=status_row.get("ratification_or_accession_date"),
                entry_into_force=status_row.get("entry_into_force_for_state"),
                source=status_row.get("source"),
                as_of=status_row.get("as_of"),
            )
        )
        names[row["iso3"]] = [row["name_en"], row["name_fr"], row["name_es"], row["official_en"]]
        names[row["iso3"]] += list(split_aliases(row["aliases"]))
        if status_row:
            names[row["iso3"]].append(status_row["state"])
    missing = set(opic) - {s.iso3 for s in states}
    if missing:
        raise ValueError(f"opic_states.csv names unknown ISO codes: {sorted(missing)}")
    return StatesTable(states, {k: [n for n in v if n] for k, v in names.items()})


@lru_cache(maxsize=1)
def default_states_table() -> StatesTable:
    return load_states_table()
