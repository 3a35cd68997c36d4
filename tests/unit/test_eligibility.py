"""The eligibility rules (OPIC arts. 1, 5, 7, 20), table-driven."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.eligibility import Case, PartialDate, assess, one_year_after
from bot.states import default_states_table

STATES = default_states_table()
SPAIN = STATES.lookup("ES")  # in force 2014-04-14
ITALY = STATES.lookup("IT")  # in force 2016-05-04
USA = STATES.lookup("US")  # not a party
AUSTRIA = STATES.lookup("AT")  # signatory only
URUGUAY = STATES.lookup("UY")  # party, dates not verified
KAZAKHSTAN = STATES.lookup("KZ")  # in force 2024-05-07

GOOD = Case(
    state=SPAIN,
    as_of=date(2024, 6, 1),
    event_date=PartialDate.parse("2019-05-01"),
    ongoing=False,
    child_at_time=True,
    domestic_remedies="exhausted",
    final_decision_date=PartialDate.parse("2024-02-10"),
    examined_elsewhere=False,
    anonymous=False,
    acting_for="self",
)


def codes(case: Case) -> dict[str, bool]:
    return {r.code: r.blocking for r in assess(case).reasons}


def test_a_complete_good_case_is_likely_admissible() -> None:
    assert assess(GOOD).outcome == "likely_admissible"
    assert assess(GOOD).reasons == []


@pytest.mark.parametrize(
    ("change", "code", "blocking"),
    [
        ({"state": USA}, "state_not_party", True),
        ({"state": AUSTRIA}, "state_not_party", True),
        ({"child_at_time": False}, "not_a_child_at_time", True),
        ({"domestic_remedies": "not_tried"}, "domestic_remedies_not_exhausted", True),
        ({"domestic_remedies": "in_progress"}, "domestic_remedies_not_exhausted", True),
        (
            {"domestic_remedies": "not_available_or_ineffective"},
            "domestic_remedies_unavailable",
            False,
        ),
        ({"final_decision_date": PartialDate.parse("2023-01-10")}, "late_submission", True),
        ({"examined_elsewhere": True}, "examined_elsewhere", True),
        ({"anonymous": True}, "anonymous", True),
        ({"acting_for": "other_without_consent"}, "no_consent", False),
        ({"event_date": PartialDate.parse("2013-06-01")}, "before_entry_into_force", True),
        (
            {"event_date": PartialDate.parse("2013-06-01"), "ongoing": True},
            "before_entry_into_force",
            False,
        ),
    ],
)
def test_each_reason_code(change: dict, code: str, blocking: bool) -> None:
    case = replace(GOOD, **change)
    assert codes(case) == {code: blocking}
    assert assess(case).outcome == ("not_admissible" if blocking else "needs_advice")


@pytest.mark.parametrize("acting_for", ["self", "group", "other_with_consent"])
def test_authors_with_consent_are_fine(acting_for: str) -> None:
    assert assess(replace(GOOD, acting_for=acting_for)).outcome == "likely_admissible"


@pytest.mark.parametrize(
    "unknown",
    [
        "event_date",
        "child_at_time",
        "domestic_remedies",
        "final_decision_date",
        "examined_elsewhere",
        "anonymous",
        "acting_for",
    ],
)
def test_i_dont_know_needs_advice_and_never_guesses(unknown: str) -> None:
    assessment = assess(replace(GOOD, **{unknown: None}))
    assert assessment.outcome == "needs_advice"
    assert len(assessment.reasons) == 1 and assessment.reasons[0].unsure


def test_a_blocking_reason_wins_over_unknown_answers() -> None:
    case = replace(GOOD, anonymous=True, child_at_time=None)
    assert assess(case).outcome == "not_admissible"


def test_several_blocking_reasons_are_all_listed() -> None:
    case = replace(GOOD, state=USA, child_at_time=False, anonymous=True)
    assert set(codes(case)) == {"state_not_party", "not_a_child_at_time", "anonymous"}


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ("2014-04-14", {}),  # the day OPIC applied: counts
        ("2014-04-13", {"before_entry_into_force": True}),  # the day before: does not
        ("2014-03", {"before_entry_into_force": True}),  # the whole month lies before
        ("2013", {"before_entry_into_force": True}),  # the whole year lies before
        ("2014-04", {"before_entry_into_force": False}),  # the month straddles: unclear
        ("2014", {"before_entry_into_force": False}),  # the year straddles: unclear
        ("2014-05", {}),
        ("2015", {}),
    ],
)
def test_partial_dates_around_entry_into_force(event: str, expected: dict) -> None:
    assert codes(replace(GOOD, event_date=PartialDate.parse(event))) == expected


@pytest.mark.parametrize(
    ("decided", "as_of", "expected"),
    [
        ("2023-06-01", date(2024, 6, 1), {}),  # exactly one year: still in time
        ("2023-05-31", date(2024, 6, 1), {"late_submission": True}),  # a year and a day
        ("2023-06", date(2024, 6, 15), {"late_submission": False}),  # could be either: unclear
        ("2023-06", date(2024, 6, 1), {}),  # every day of June 2023 is within a year
        ("2023", date(2025, 1, 1), {"late_submission": True}),  # even 31 Dec 2023 is too long ago
        ("2024-02-29", date(2025, 2, 28), {}),  # leap day: one year later is 28 February
    ],
)
def test_one_year_limit_boundaries(decided: str, as_of: date, expected: dict) -> None:
    case = replace(GOOD, final_decision_date=PartialDate.parse(decided), as_of=as_of)
    assert codes(case) == expected


def test_as_of_before_the_state_joined_means_not_a_party_then() -> None:
    case = replace(GOOD, state=KAZAKHSTAN, event_date=PartialDate.parse("2024-06-01"))
    assert (
        codes(
            replace(case, as_of=date(2024, 8, 1), final_decision_date=PartialDate.parse("2024-07"))
        )
        == {}
    )
    past = replace(
        case, as_of=date(2023, 1, 1), event_date=PartialDate.parse("2022"), final_decision_date=None
    )
    assert "state_not_party" in codes(past)


def test_a_party_without_known_dates_needs_advice_not_a_guess() -> None:
    assessment = assess(replace(GOOD, state=URUGUAY))
    assert assessment.outcome == "needs_advice"
    assert codes(replace(GOOD, state=URUGUAY)) == {"before_entry_into_force": False}


@pytest.mark.parametrize("text", ["2019", "2019-05", "2019-05-01", " 2019-05-01 "])
def test_partial_dates_parse(text: str) -> None:
    assert PartialDate.parse(text).earliest().year == 2019


@pytest.mark.parametrize(
    "text", ["", "19", "2019-13", "2019-02-30", "2019/05/01", "May 2019", "2019-5"]
)
def test_bad_dates_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_partial_date_range() -> None:
    assert PartialDate.parse("2024-02").latest() == date(2024, 2, 29)
    assert PartialDate.parse("2023").latest() == date(2023, 12, 31)
    assert one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)


def test_entry_into_force_follows_article_19_for_every_dated_party() -> None:
    cutoff, first = date(2014, 1, 14), date(2014, 4, 14)
    for state in STATES.all():
        if not (state.party and state.ratification_date and state.entry_into_force):
            continue
        deposit = state.ratification_date
        if deposit <= cutoff:
            assert state.entry_into_force == first, state.iso3
        else:
            month = deposit.month + 3
            year = deposit.year + (month - 1) // 12
            expected = deposit.replace(year=year, month=(month - 1) % 12 + 1)
            assert state.entry_into_force == expected, state.iso3


def test_one_year_after_the_last_representable_year_stays_representable() -> None:
    assert one_year_after(date(9999, 12, 31)) == date(9999, 12, 31)
    assert one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)


@pytest.mark.parametrize("text", ["2019-00", "2019-02-00", "2019-00-00"])
def test_month_or_day_zero_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)
