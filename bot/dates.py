"""Understand a child's answer to "when did it happen?" in English, French or Spanish.

"in 2019", "march 2021", "12 mars 2020", "el año pasado", "2 years ago", "hier" ... become a
PartialDate (a day, a month or a year) relative to today; anything else is None (not understood).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.eligibility import PartialDate
from bot.states.names import normalise

MONTHS = {
    1: "january jan janvier janv enero ene",
    2: "february feb fevrier fev febrero",
    3: "march mar mars marzo",
    4: "april apr avril abril abr",
    5: "may mai mayo",
    6: "june jun juin junio",
    7: "july jul juillet juil julio",
    8: "august aug aout agosto ago",
    9: "september sept sep septembre septiembre set setiembre",
    10: "october oct octobre octubre",
    11: "november nov novembre noviembre",
    12: "december dec decembre diciembre dic",
}
MONTH_OF = {word: number for number, words in MONTHS.items() for word in words.split()}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "un": 1, "une": 1, "uno": 1, "una": 1,
    "two": 2, "deux": 2, "dos": 2, "three": 3, "trois": 3, "tres": 3,
    "four": 4, "quatre": 4, "cuatro": 4, "five": 5, "cinq": 5, "cinco": 5,
    "six": 6, "seis": 6, "seven": 7, "sept": 7, "siete": 7, "eight": 8, "huit": 8, "ocho": 8,
    "nine": 9, "neuf": 9, "nueve": 9, "ten": 10, "dix": 10, "diez": 10,
}  # fmt: skip
# Phrases, after normalise() (lowercase ASCII), naming a period relative to today.
THIS_YEAR = ("this year", "cette annee", "cet annee", "este ano", "este anio")
LAST_YEAR = (
    "last year",
    "l annee derniere",
    "l an dernier",
    "annee derniere",
    "el ano pasado",
    "ano pasado",
)
THIS_MONTH = ("this month", "ce mois", "ce mois ci", "este mes")
LAST_MONTH = ("last month", "le mois dernier", "mois dernier", "el mes pasado", "mes pasado")
TODAY = ("today", "aujourd hui", "hoy")
YESTERDAY = ("yesterday", "hier", "ayer")
AGO = re.compile(r"(?:(\w+) years? ago|il y a (\w+) ans?|hace (\w+) anos?)")
ISO = re.compile(r"\b(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\b")
NUMERIC = re.compile(
    r"\b(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})\b"
)  # [day/]month/year, as in fr/es
YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def _relative(text: str, today: date) -> PartialDate | None:
    if any(p in text for p in TODAY):
        return PartialDate(today.year, today.month, today.day)
    if any(p in text for p in YESTERDAY):
        day = today - timedelta(days=1)
        return PartialDate(day.year, day.month, day.day)
    if any(p in text for p in LAST_MONTH):
        last = today.replace(day=1) - timedelta(days=1)
        return PartialDate(last.year, last.month)
    if any(p in text for p in THIS_MONTH):
        return PartialDate(today.year, today.month)
    if any(p in text for p in LAST_YEAR):
        return PartialDate(today.year - 1)
    if any(p in text for p in THIS_YEAR):
        return PartialDate(today.year)
    match = AGO.search(text)
    if match:
        years = _count(next(g for g in match.groups() if g))
        return PartialDate(today.year - years) if years is not None else None
    return None


def _month_year(words: list[str]) -> PartialDate | None:
    """'12 march 2021', 'marzo de 2021', 'mars 2021'."""
    for i, word in enumerate(words):
        month = MONTH_OF.get(word)
        if month is None:
            continue
        after = [w for w in words[i + 1 : i + 3] if w not in ("de", "del", "of")]
        if not after or not YEAR.fullmatch(after[0]):
            continue
        before = [w for w in words[max(0, i - 2) : i] if w not in ("de", "of", "the")]
        day = before[-1] if before and before[-1].isdigit() else None
        return _checked(int(after[0]), month, int(day) if day else None)
    return None


def _checked(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    try:
        parsed = PartialDate(year, month, day)
        parsed.earliest()
        return parsed
    except ValueError:
        return None


def parse_when(answer: str, today: date) -> PartialDate | None:
    """A PartialDate for a free-text answer, or None when it cannot be understood."""
    text = normalise(answer)
    relative = _relative(text, today)
    if relative:
        return relative
    numeric = NUMERIC.search(answer)
    if numeric:
        day, month, year = numeric.groups()
        return _checked(int(year), int(month), int(day) if day else None)
    iso = ISO.search(answer)
    if iso and iso.group(2):
        year, month, day = iso.groups()
        return _checked(int(year), int(month), int(day) if day else None)
    named = _month_year(text.split())
    if named:
        return named
    year = YEAR.search(text)
    return _checked(int(year.group(1))) if year else None
