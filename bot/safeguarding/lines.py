"""Which helpline a child should call now: the line in their language, open at this hour.

`lines.csv` lists, for some countries, each line with its languages and opening hours (the
others have one line, from `helplines.csv`, whose hours are not known). `LineChoice` says what
to call now and, when the child's own line is closed, when it opens.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.safeguarding.helplines import SAFEGUARDING_DIR, Helpline, HelplineDirectory

LINES_CSV = SAFEGUARDING_DIR / "lines.csv"
COLUMNS = ("iso3", "line_name", "number", "languages", "hours", "timezone", "source")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALWAYS, LIMITED, UNKNOWN = "24/7", "limited", ""
_NUMBER = re.compile(r"^\+?[0-9][0-9 ]*$")
_PERIOD = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))? (\d\d:\d\d)-(\d\d:\d\d)$"
)


@dataclass(frozen=True)
class Period:
    """Open on these weekdays (0 = Monday) from `opens` to `closes`."""

    days: tuple[int, ...]
    opens: time
    closes: time

    def is_open(self, moment: datetime) -> bool:
        return moment.weekday() in self.days and self.opens <= moment.time() < self.closes


@dataclass(frozen=True)
class Line:
    """One number a child can call, in some languages, at some hours."""

    iso3: str
    name: str
    number: str
    languages: frozenset[str]  # empty: any language
    hours: str  # ALWAYS, LIMITED, UNKNOWN or the periods as written
    periods: tuple[Period, ...] = ()
    timezone: str = "UTC"
    source: str = ""

    def speaks(self, language: str) -> bool:
        return not self.languages or language in self.languages

    def is_open(self, now: datetime) -> bool | None:
        """True or False when the hours are known, None when they are not."""
        if self.hours == ALWAYS:
            return True
        if not self.periods:
            return None
        local = now.astimezone(ZoneInfo(self.timezone))
        return any(period.is_open(local) for period in self.periods)

    @property
    def always_open(self) -> bool:
        return self.hours == ALWAYS


@dataclass(frozen=True)
class LineChoice:
    """What to tell a child: the line to call now, and their own line if it is closed."""

    call_now: Line | None
    closed: Line | None = None
    """The line in the child's language, when it is closed now (say when it opens)."""
    limited: bool = False
    """The line to call is not always open and its hours are not known."""
    emergency: str = ""


def parse_hours(hours: str) -> tuple[Period, ...]:
    """ "mon-fri 12:00-20:00; sat 09:30-14:00" -> periods; 24/7, limited and "" have none."""
    if hours in (ALWAYS, LIMITED, UNKNOWN):
        return ()
    periods = []
    for part in (p.strip() for p in hours.split(";")):
        match = _PERIOD.match(part)
        if not match:
            raise ValueError(f"hours {part!r}: write e.g. 'mon-fri 09:00-17:00'")
        first, last, opens, closes = match.groups()
        start, end = DAYS.index(first), DAYS.index(last or first)
        if end < start or time.fromisoformat(opens) >= time.fromisoformat(closes):
            raise ValueError(f"hours {part!r}: days and times must run forwards")
        days = tuple(range(start, end + 1))
        periods.append(Period(days, time.fromisoformat(opens), time.fromisoformat(closes)))
    return tuple(periods)


def _line(row: dict[str, str], line_number: int) -> Line:
    where = f"{LINES_CSV.name} line {line_number}"
    if not _NUMBER.match(row["number"]):
        raise ValueError(f"{where}: {row['number']!r} is not a phone number")
    try:
        ZoneInfo(row["timezone"])
        periods = parse_hours(row["hours"])
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"{where}: {error}") from error
    languages = frozenset(row["languages"].split()) - {"*"}
    return Line(
        row["iso3"], row["line_name"], " ".join(row["number"].split()), languages,
        row["hours"], periods, row["timezone"], row["source"],
    )  # fmt: skip


def load_lines(path: Path = LINES_CSV) -> dict[str, tuple[Line, ...]]:
    """lines.csv, validated, by country."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    reader = csv.DictReader(rows)
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"{path.name}: the columns must be {','.join(COLUMNS)}")
    by_country: dict[str, list[Line]] = {}
    for number, row in enumerate(reader, start=2):
        by_country.setdefault(row["iso3"], []).append(_line(row, number))
    return {iso3: tuple(lines) for iso3, lines in by_country.items()}


class LineFinder:
    """Picks the line for a child from a country's lines and its helplines.csv row."""

    def __init__(self, helplines: HelplineDirectory, lines: dict[str, tuple[Line, ...]]):
        self.helplines = helplines
        self.lines = lines
        unknown = set(lines) - {h.iso3 for h in helplines}
        if unknown:
            raise ValueError(f"lines.csv: no helplines.csv row for {sorted(unknown)}")

    def lines_of(self, row: Helpline) -> tuple[Line, ...]:
        if row.iso3 in self.lines:
            return self.lines[row.iso3]
        if row.helpline_number:
            return (Line(row.iso3, row.helpline_name, row.helpline_number, frozenset(), UNKNOWN),)
        return ()

    def choose(self, iso3: str, language: str, now: datetime) -> LineChoice | None:
        """The line to call now in this country, or None when the country has no row."""
        row = self.helplines.for_country(iso3)
        if row is None:
            return None
        lines = self.lines_of(row)
        own = [line for line in lines if line.speaks(language)] or list(lines)
        open_own = [line for line in own if line.is_open(now) is not False]
        if open_own:
            best = min(open_own, key=lambda line: not line.always_open)
            limited = best.hours == LIMITED
            return LineChoice(best, None, limited, row.emergency_number)
        open_any = [line for line in lines if line.is_open(now)]
        closed = own[0] if own else None
        return LineChoice(open_any[0] if open_any else None, closed, False, row.emergency_number)


@lru_cache(maxsize=1)
def default_line_finder() -> LineFinder:
    from bot.safeguarding.helplines import default_helplines

    return LineFinder(default_helplines(), load_lines())
