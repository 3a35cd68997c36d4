"""Free-text answers to "when did it happen?" in English, French and Spanish."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dates import parse_when
from bot.eligibility import PartialDate

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("in 2019", PartialDate(2019)),
        ("2019", PartialDate(2019)),
        ("march 2021", PartialDate(2021, 3)),
        ("March of 2021", PartialDate(2021, 3)),
        ("12 mars 2020", PartialDate(2020, 3, 12)),
        ("en février 2018", PartialDate(2018, 2)),
        ("marzo de 2021", PartialDate(2021, 3)),
        ("el 3 de agosto de 2022", PartialDate(2022, 8, 3)),
        ("15/03/2022", PartialDate(2022, 3, 15)),
        ("03/2022", PartialDate(2022, 3)),
        ("2019-05", PartialDate(2019, 5)),
        ("2019-05-01", PartialDate(2019, 5, 1)),
        ("last year", PartialDate(2025)),
        ("l'année dernière", PartialDate(2025)),
        ("el año pasado", PartialDate(2025)),
        ("this year", PartialDate(2026)),
        ("cette année", PartialDate(2026)),
        ("este año", PartialDate(2026)),
        ("2 years ago", PartialDate(2024)),
        ("a year ago", PartialDate(2025)),
        ("il y a trois ans", PartialDate(2023)),
        ("hace 2 años", PartialDate(2024)),
        ("last month", PartialDate(2026, 10)),
        ("le mois dernier", PartialDate(2026, 10)),
        ("yesterday", PartialDate(2026, 11, 27)),
        ("hier", PartialDate(2026, 11, 27)),
        ("ayer", PartialDate(2026, 11, 27)),
        ("today", PartialDate(2026, 11, 28)),
    ],
)
def test_understood_answers(answer: str, expected: PartialDate) -> None:
    assert parse_when(answer, TODAY) == expected


@pytest.mark.parametrize(
    "answer",
    ["i dont know", "je sais pas", "no sé", "when i was little", "", "🙂", "it may be", "13/2020"],
)
def test_answers_that_are_not_dates(answer: str) -> None:
    assert parse_when(answer, TODAY) is None


def test_last_month_in_january_is_december_of_last_year() -> None:
    assert parse_when("last month", date(2026, 1, 15)) == PartialDate(2025, 12)
