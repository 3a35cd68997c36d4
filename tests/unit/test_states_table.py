"""bot/states/table.py: the States table and country lookup."""

from __future__ import annotations

import csv
import re
from datetime import date

import pytest

from bot.states import default_states_table
from bot.states.names import normalise
from bot.states.table import STATES_DIR, State, load_states_table

OPIC_IN_FORCE = date(2014, 4, 14)


@pytest.fixture(scope="module")
def table():
    return default_states_table()


def opic_rows() -> list[dict]:
    with (STATES_DIR / "opic_states.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def iso3(state: State | None) -> str | None:
    return state.iso3 if state else None


@pytest.mark.parametrize(
    "code, expected",
    [("DE", "DEU"), ("de", "DEU"), ("DEU", "DEU"), ("deu", "DEU"), ("Fr", "FRA"), (" esp ", "ESP")],
)
def test_lookup_by_iso_code_in_any_case(table, code, expected):
    assert iso3(table.lookup(code)) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Germany", "DEU"),
        ("germany", "DEU"),
        ("Allemagne", "DEU"),
        ("ALLEMAGNE", "DEU"),
        ("Alemania", "DEU"),
        ("Brésil", "BRA"),
        ("Bresil", "BRA"),
        ("España", "ESP"),
        ("Espana", "ESP"),
        ("Espagne", "ESP"),
        ("États-Unis", "USA"),
        ("Etats-Unis", "USA"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Pérou", "PER"),
        ("Perú", "PER"),
        ("Royaume-Uni", "GBR"),
        ("Reino Unido", "GBR"),
        ("Suisse", "CHE"),
        ("the Netherlands", "NLD"),
        ("Bolivie", "BOL"),
    ],
)
def test_lookup_by_name_in_english_french_spanish_with_or_without_accents(table, name, expected):
    assert iso3(table.lookup(name)) == expected


@pytest.mark.parametrize(
    "alias, expected",
    [
        ("USA", "USA"),
        ("U.S.A.", "USA"),
        ("UK", "GBR"),
        ("Great Britain", "GBR"),
        ("Brasil", "BRA"),
        ("Allemagne", "DEU"),
        ("Ivory Coast", "CIV"),
        ("Turkey", "TUR"),
        ("DRC", "COD"),
        ("Holland", "NLD"),
    ],
)
def test_lookup_by_alias(table, alias, expected):
    assert iso3(table.lookup(alias)) == expected


@pytest.mark.parametrize(
    "typo, expected", [("germny", "DEU"), ("Brazill", "BRA"), ("Switzerlnd", "CHE")]
)
def test_lookup_tolerates_misspellings(table, typo, expected):
    assert iso3(table.lookup(typo)) == expected


@pytest.mark.parametrize("query", ["atlantis", "", "   ", "zz", "ZZZ", "narnia", "12"])
def test_lookup_of_unknown_names_is_none(table, query):
    assert table.lookup(query) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("has brasil joined?", "BRA"),
        ("is germny a party", "DEU"),
        ("i live in the united kingdom", "GBR"),
        ("¿España ha firmado?", "ESP"),
        ("est-ce que la Côte d'Ivoire a signé", "CIV"),
        ("what about new zealand", "NZL"),
        ("is guinea-bissau a party?", "GNB"),
    ],
)
def test_find_in_text_finds_a_country_inside_a_sentence(table, text, expected):
    assert iso3(table.find_in_text(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "can kids complain to the UN",
        "how long does it take",
        "what is the committee",
        "what is opic",
        "who can help me",
        "is it free",
        "has my country joined",
        "",
    ],
)
def test_find_in_text_finds_no_country_in_ordinary_questions(table, text):
    assert table.find_in_text(text) is None


@pytest.mark.parametrize(
    "text",
    ["which states have joined OPIC?", "what is a state party", "can you help us?"],
)
def test_find_in_text_finds_no_country_in_questions_about_states(table, text):
    assert table.find_in_text(text) is None


def test_find_in_text_does_not_read_to_go_as_togo(table):
    assert table.find_in_text("I want to go to the UN") is None


@pytest.mark.parametrize("row", opic_rows(), ids=lambda row: row["iso3"])
def test_every_opic_row_resolves_to_a_state_with_its_status(table, row):
    state = table.lookup(row["iso3"])
    assert state is not None
    assert state.status == row["status"]
    assert iso3(table.lookup(row["state"])) == row["iso3"]
    in_force = row["entry_into_force_for_state"]
    assert state.entry_into_force == (date.fromisoformat(in_force) if in_force else None)


def test_states_without_an_opic_row_are_not_parties(table):
    listed = {row["iso3"] for row in opic_rows()}
    unlisted = [s for s in table.all() if s.iso3 not in listed]
    assert unlisted
    assert all(s.status == "none" and not s.party for s in unlisted)


def test_entry_into_force_is_never_before_opic_or_ratification(table):
    for state in table.all():
        if state.entry_into_force is None:
            continue
        assert state.party, state.iso3
        assert state.entry_into_force >= OPIC_IN_FORCE, state.iso3
        if state.ratification_date:
            assert state.entry_into_force >= state.ratification_date, state.iso3


def test_status_dates_are_in_order(table):
    for state in table.all():
        if state.signed and state.ratification_date:
            assert state.signed <= state.ratification_date, state.iso3


@pytest.mark.parametrize("short_form", ["coree", "corea", "virgin islands", "saint martin"])
def test_short_forms_shared_by_two_states_are_not_indexed(table, short_form):
    assert short_form not in table.name_forms()


def test_a_short_form_shared_by_two_states_is_not_resolved(table):
    assert table.lookup("Corée") is None


def test_an_ambiguous_name_is_not_fuzzy_matched_to_a_third_country(table):
    assert iso3(table.lookup("Saint Martin")) in {None, "MAF", "SXM"}


def test_primary_name_wins_over_a_shared_short_form(table):
    # "Congo" is the Republic of the Congo's own name and a short form of the DRC's.
    assert iso3(table.lookup("Congo")) == "COG"


def test_by_code_is_case_insensitive(table):
    assert table.by_code("gb") is table.by_code("GBR")


def test_names_are_written_as_in_a_sentence(table):
    assert table.lookup("BOL").name("fr") == "Bolivie"
    assert table.lookup("COD").name("en") == "Democratic Republic of the Congo"
    inverted = re.compile(
        r", (the|la|le|el|république|republic|república|state|état|estado)\b", re.I
    )
    for state in table.all():
        for language in ("en", "fr", "es"):
            assert not inverted.search(state.name(language)), state.names


def test_name_falls_back_to_english(table):
    assert table.lookup("DEU").name("de") == "Germany"


def test_all_is_sorted_by_english_name(table):
    names = [s.names["en"] for s in table.all()]
    assert names == sorted(names)


def test_an_opic_row_with_an_unknown_code_is_rejected(tmp_path):
    (tmp_path / "countries.csv").write_text(
        (STATES_DIR / "countries.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    rows = (STATES_DIR / "opic_states.csv").read_text(encoding="utf-8").splitlines()
    rows.append("Atlantis,ATL,party,,,,unknown,unknown,made up,2024-01-01,")
    (tmp_path / "opic_states.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="ATL"):
        load_states_table(tmp_path)


def test_a_state_with_a_bad_status_is_rejected():
    with pytest.raises(ValueError):
        State(iso2="XX", iso3="XXX", names={"en": "X"}, status="member")


def expected_entry_into_force(deposited: date) -> date:
    """OPIC art. 19: 14 April 2014 for deposits up to 14 January 2014, else three months later."""
    if deposited <= date(2014, 1, 14):
        return OPIC_IN_FORCE
    month = deposited.month + 3
    return deposited.replace(year=deposited.year + (month - 1) // 12, month=(month - 1) % 12 + 1)


def test_entry_into_force_follows_article_19(table):
    checked = 0
    for state in table.all():
        if state.ratification_date and state.entry_into_force:
            expected = expected_entry_into_force(state.ratification_date)
            assert state.entry_into_force == expected, state.iso3
            checked += 1
    assert checked >= 35


def test_a_party_without_a_verified_deposit_has_no_entry_into_force(table):
    for state in table.all():
        if state.party and state.ratification_date is None:
            assert state.entry_into_force is None, state.iso3


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_state_of_the_world_resolves_by_its_name(table, language):
    for state in table.all():
        name = state.name(language)
        found = table.lookup(name)
        assert found is not None and found.iso3 == state.iso3, (language, name)
        assert iso3(table.lookup(normalise(name).upper())) == state.iso3, (language, name)


def test_every_state_of_the_world_resolves_by_both_codes(table):
    states = table.all()
    assert len(states) >= 193
    for state in states:
        assert iso3(table.lookup(state.iso2)) == state.iso3
        assert iso3(table.lookup(state.iso3.lower())) == state.iso3


def test_a_non_ascii_code_is_not_a_code(table):
    assert table.by_code("ß") is None  # "ß".upper() == "SS", South Sudan's code
    assert table.lookup("ß") is None
