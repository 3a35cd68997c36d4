"""bot/states/names.py: normalising country names for comparison."""

from __future__ import annotations

import pytest

from bot.states.names import normalise, split_aliases, variants, word_ngrams


@pytest.mark.parametrize(
    "name, expected",
    [
        ("BRÉSIL", "bresil"),
        ("brazil!", "brazil"),
        ("Côte d'Ivoire", "cote d ivoire"),
        ("  United   Kingdom ", "united kingdom"),
        ("The Gambia", "gambia"),
        ("la France", "france"),
        ("Los Estados Unidos", "estados unidos"),
        ("Laos", "laos"),
        ("", ""),
    ],
)
def test_normalise(name, expected):
    assert normalise(name) == expected


def test_variants_of_a_bracketed_name():
    assert list(variants("Bolivia (Plurinational State of)")) == [
        "Bolivia (Plurinational State of)",
        "Bolivia ",
        "Plurinational State of",
    ]


def test_variants_of_a_comma_name():
    assert list(variants("Korea, Republic of")) == [
        "Korea, Republic of",
        "Korea",
        "Republic of Korea",
    ]


def test_variants_of_a_plain_name_is_the_name():
    assert list(variants("Spain")) == ["Spain"]


def test_word_ngrams_are_longest_first():
    assert word_ngrams("New Zealand now", longest=2) == [
        "new zealand",
        "zealand now",
        "new",
        "zealand",
        "now",
    ]


def test_word_ngrams_of_empty_text():
    assert word_ngrams("") == []


def test_split_aliases_skips_blanks():
    assert list(split_aliases("UK; U.K.;;Britain ")) == ["UK", "U.K.", "Britain"]
