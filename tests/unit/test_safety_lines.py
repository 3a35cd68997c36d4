"""Helplines by language and opening hours (bot/safeguarding/lines.py), judged at fixed times."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.safeguarding.lines import (
    COLUMNS,
    LineFinder,
    default_line_finder,
    load_lines,
    parse_hours,
)

TUESDAY_NOON_UTC = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
TUESDAY_NIGHT_UTC = datetime(2026, 12, 1, 23, 30, tzinfo=timezone.utc)
SUNDAY_AFTERNOON_UTC = datetime(2026, 12, 6, 15, 0, tzinfo=timezone.utc)


def test_the_lines_file_loads_and_every_country_has_a_helplines_row():
    finder = default_line_finder()
    assert {"BEL", "DEU", "NLD", "CYP", "PRT", "SVN", "HRV", "FIN"} <= set(finder.lines)


def test_a_french_speaking_child_in_belgium_gets_103_and_a_dutch_speaking_one_102():
    finder = default_line_finder()
    assert finder.choose("BEL", "fr", TUESDAY_NOON_UTC).call_now.number == "103"
    assert finder.choose("BE", "nl", TUESDAY_NOON_UTC).call_now.number == "102"


def test_a_line_with_limited_hours_is_open_only_then():
    finder = default_line_finder()
    open_now = finder.choose("DEU", "de", TUESDAY_NOON_UTC)  # 13:00 in Berlin: closed until 14:00
    assert open_now.call_now is None and open_now.closed.number == "116 111"
    afternoon = finder.choose("DEU", "de", datetime(2026, 12, 1, 14, 30, tzinfo=timezone.utc))
    assert afternoon.call_now.number == "116 111"
    sunday = finder.choose("DEU", "de", SUNDAY_AFTERNOON_UTC)
    assert sunday.call_now is None and sunday.emergency == "112"


def test_when_the_childs_line_is_closed_a_line_open_day_and_night_is_given():
    cyprus = default_line_finder().choose("CYP", "en", TUESDAY_NIGHT_UTC)
    assert cyprus.call_now.number == "1466"
    assert cyprus.call_now.always_open


def test_a_line_open_day_and_night_is_preferred_when_both_are_open():
    cyprus = default_line_finder().choose("CYP", "en", TUESDAY_NOON_UTC)
    assert cyprus.call_now.number == "1466"


def test_hours_not_verified_are_said_to_be_limited():
    finland = default_line_finder().choose("FIN", "en", TUESDAY_NOON_UTC)
    assert finland.call_now.number == "116 111" and finland.limited


def test_a_country_without_lines_uses_its_helplines_row_with_unknown_hours():
    argentina = default_line_finder().choose("ARG", "es", TUESDAY_NIGHT_UTC)
    assert argentina.call_now.number == "102" and argentina.emergency == "911"
    assert not argentina.limited


def test_an_unknown_country_has_no_choice():
    assert default_line_finder().choose("XXX", "en", TUESDAY_NOON_UTC) is None


def test_hours_are_parsed_and_bad_hours_refused():
    [weekdays, saturday] = parse_hours("mon-fri 12:00-20:00; sat 09:30-14:00")
    assert weekdays.days == (0, 1, 2, 3, 4) and saturday.days == (5,)
    for bad in ("monday 9-5", "fri-mon 09:00-17:00", "mon 18:00-09:00", "mon 09:00"):
        with pytest.raises(ValueError):
            parse_hours(bad)


def write(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "lines.csv"
    path.write_text(",".join(COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "row",
    [
        "DEU,X,11a6,de,24/7,Europe/Berlin,src",
        "DEU,X,116,de,always,Europe/Berlin,src",
        "DEU,X,116,de,24/7,Mars/Olympus,src",
    ],
)
def test_a_bad_row_names_its_line(tmp_path, row):
    with pytest.raises(ValueError, match="line 2"):
        load_lines(write(tmp_path, row))


def test_lines_of_a_country_without_a_helplines_row_are_refused(tmp_path):
    lines = load_lines(write(tmp_path, "XKX,X,116,sq,24/7,Europe/Belgrade,src"))
    with pytest.raises(ValueError, match="XKX"):
        LineFinder(default_line_finder().helplines, lines)
