"""bot/safeguarding/helplines.py and helplines.csv: national child helplines, emergency numbers."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from bot.safeguarding.helplines import (
    COLUMNS,
    FALLBACK_URL,
    HELPLINES_CSV,
    Helpline,
    HelplineDirectory,
    default_helplines,
    load_helplines,
)
from bot.states import default_states_table

# Countries where the harmonised child helpline number 116 111 is in service (see the sources).
COUNTRIES_ON_116111 = [
    "ALB",
    "BGR",
    "CYP",
    "CZE",
    "DEU",
    "DNK",
    "ESP",
    "EST",
    "FIN",
    "GRC",
    "HRV",
    "HUN",
    "LTU",
    "LUX",
    "LVA",
    "MLT",
    "MNE",
    "NLD",
    "NOR",
    "POL",
    "PRT",
    "ROU",
    "SRB",
    "SVK",
    "SVN",
    "SWE",
    "UKR",
]
EU_MEMBER_STATES = [
    *(
        "AUT",
        "BEL",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "IRL",
    ),
    *("ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"),
]
GOOD_ROW = {
    "iso3": "DEU",
    "country": "Germany",
    "helpline_name": "Nummer gegen Kummer",
    "helpline_number": "116 111",
    "emergency_number": "112",
    "url": "https://www.nummergegenkummer.de",
    "source": "a test source",
    "as_of": "2024-05-17",
    "notes": "",
}


@pytest.fixture(scope="module")
def directory() -> HelplineDirectory:
    return default_helplines()


def raw_rows(path: Path = HELPLINES_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# a test file\n")
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- the data file --------------------------------------------------------------------------------


def test_the_file_loads(directory):
    assert len(directory) == len(raw_rows()) >= 60


def test_default_helplines_is_cached():
    assert default_helplines() is default_helplines()


def test_every_iso3_is_a_real_country(directory):
    states = default_states_table()
    for helpline in directory:
        state = states.by_code(helpline.iso3)
        assert state is not None and state.iso3 == helpline.iso3
        assert helpline.country == state.names["en"]


def test_no_country_has_two_rows():
    counts = Counter(row["iso3"] for row in raw_rows())
    assert [code for code, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("iso3", COUNTRIES_ON_116111)
def test_the_116111_countries_have_the_harmonised_number(directory, iso3):
    assert directory.for_country(iso3).helpline_number == "116 111"


def test_116111_is_always_written_the_same_way(directory):
    for helpline in directory:
        if helpline.helpline_number.replace(" ", "") == "116111":
            assert helpline.helpline_number == "116 111", helpline.iso3


@pytest.mark.parametrize("iso3", EU_MEMBER_STATES)
def test_every_eu_member_state_has_a_row_with_112(directory, iso3):
    helpline = directory.for_country(iso3)
    assert helpline is not None
    assert helpline.emergency_number == "112"
    assert helpline.helpline_number


def test_every_row_has_a_source_and_something_to_call(directory):
    for helpline in directory:
        assert helpline.source.strip(), helpline.iso3
        assert helpline.numbers, helpline.iso3


def test_a_few_numbers_everyone_knows(directory):
    assert directory.for_country("GBR").numbers == ["0800 1111", "999"]
    assert directory.for_country("USA").emergency_number == "911"
    assert directory.for_country("AUS").emergency_number == "000"
    assert directory.for_country("FRA").helpline_number == "119"


# --- lookups --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, expected",
    [
        ("DEU", "DEU"),
        ("deu", "DEU"),
        ("DE", "DEU"),
        ("de", "DEU"),
        (" gb ", "GBR"),
        ("Br", "BRA"),
        ("nzl", "NZL"),
    ],
)
def test_lookup_by_iso2_or_iso3_in_any_case(directory, code, expected):
    assert directory.for_country(code).iso3 == expected


@pytest.mark.parametrize(
    "code", ["XX", "ZZZ", "", "   ", "D", "DEUT", "Germany", "12", "JP", "JPN"]
)
def test_unknown_code_or_country_without_a_row_gives_none(directory, code):
    assert directory.for_country(code) is None


def test_the_fallback_is_child_helpline_internationals_directory():
    assert FALLBACK_URL == "https://childhelplineinternational.org/helplines/"


# --- validation -----------------------------------------------------------------------------


def test_a_good_row_is_accepted():
    helpline = Helpline(**GOOD_ROW)
    assert helpline.numbers == ["116 111", "112"]


@pytest.mark.parametrize("field", ["helpline_number", "emergency_number"])
@pytest.mark.parametrize("bad", ["116 1l1", "call 112", "0800-1111", "112!", "1+12", "(0)800 1111"])
def test_letters_or_signs_in_a_number_are_rejected(field, bad):
    with pytest.raises(ValueError):
        Helpline(**{**GOOD_ROW, field: bad})


def test_a_leading_plus_and_spaces_are_accepted():
    helpline = Helpline(**{**GOOD_ROW, "helpline_number": "+372  600 4434"})
    assert helpline.helpline_number == "+372 600 4434"


@pytest.mark.parametrize("bad", ["deu", "DE", "DEUT", "D3U", ""])
def test_iso3_must_be_three_uppercase_letters(bad):
    with pytest.raises(ValueError):
        Helpline(**{**GOOD_ROW, "iso3": bad})


@pytest.mark.parametrize(
    "changes",
    [
        {"source": ""},
        {"source": "   "},
        {"helpline_number": "", "emergency_number": ""},
        {"helpline_name": ""},
        {"as_of": "17 May 2024"},
        {"as_of": "2024-13-01"},
        {"url": "www.example.org"},
        {"colour": "blue"},
    ],
)
def test_other_bad_rows_are_rejected(changes):
    with pytest.raises(ValueError):
        Helpline(**{**GOOD_ROW, **changes})


@pytest.mark.parametrize("as_of", ["", "2024", "2024-05", "2024-05-17"])
def test_as_of_may_be_a_year_a_month_a_day_or_empty(as_of):
    assert Helpline(**{**GOOD_ROW, "as_of": as_of}).as_of == as_of


def test_a_file_with_good_rows_loads(tmp_path):
    rows = [GOOD_ROW, {**GOOD_ROW, "iso3": "FRA", "country": "France", "helpline_number": "119"}]
    directory = load_helplines(write_csv(tmp_path / "helplines.csv", rows))
    assert len(directory) == 2
    assert directory.for_country("fr").helpline_number == "119"


def test_letters_in_a_number_fail_the_load_with_the_line(tmp_path):
    path = write_csv(tmp_path / "helplines.csv", [{**GOOD_ROW, "helpline_number": "116 ABC"}])
    with pytest.raises(ValueError, match="line 3"):
        load_helplines(path)


@pytest.mark.parametrize("code", ["XYZ", "EUR"])
def test_an_unknown_country_code_fails_the_load(tmp_path, code):
    path = write_csv(tmp_path / "helplines.csv", [{**GOOD_ROW, "iso3": code}])
    with pytest.raises(ValueError, match="not an ISO 3166-1 alpha-3 code"):
        load_helplines(path)


def test_a_country_name_that_does_not_match_its_code_fails_the_load(tmp_path):
    path = write_csv(tmp_path / "helplines.csv", [{**GOOD_ROW, "country": "France"}])
    with pytest.raises(ValueError, match="Germany"):
        load_helplines(path)


def test_a_duplicate_country_fails_the_load(tmp_path):
    path = write_csv(
        tmp_path / "helplines.csv", [GOOD_ROW, {**GOOD_ROW, "helpline_number": "0800 111 0 333"}]
    )
    with pytest.raises(ValueError, match="more than one row"):
        load_helplines(path)


def test_wrong_columns_fail_the_load(tmp_path):
    path = tmp_path / "helplines.csv"
    path.write_text("iso3,country,number\nDEU,Germany,116 111\n", encoding="utf-8")
    with pytest.raises(ValueError, match="columns"):
        load_helplines(path)


def test_a_directory_rejects_duplicates_too():
    with pytest.raises(ValueError):
        HelplineDirectory([Helpline(**GOOD_ROW), Helpline(**GOOD_ROW)])
