"""The safety replies as a child reads them (bot/safeguarding/replies.py), at fixed times."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from bot.safeguarding.replies import (
    ASK_COUNTRY,
    GAVE_NUMBERS,
    TEL,
    Pending,
    default_safety_replies,
    says,
)

REPLIES = default_safety_replies()
NOON = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)  # a Tuesday afternoon in Europe
NIGHT = datetime(2026, 12, 1, 23, 30, tzinfo=timezone.utc)
LANGUAGES = ("en", "fr", "es")
KINDS = ("crisis", "self_harm", "friend", "check_in")
COUNTRIES = ("FRA", "ESP", "DEU", "BEL", "GBR", "BRA", "FIN", "CYP", "ARG", None)


def words(text: str) -> int:
    return len(text.split())


def first_number(text: str) -> int:
    match = re.search(r"\d", text)
    return match.start() if match else -1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("now", [NOON, NIGHT])
def test_the_first_message_is_short_and_every_number_is_a_tap_to_call_button(
    language, kind, country, now
):
    turn = REPLIES.reply(kind, "abuse", language, country, now)
    first = turn.say[0]
    assert words(first.text) <= 35, first.text
    assert first.safety == kind
    assert first.safeguarding is (kind != "check_in")
    for number in re.findall(r"(?<![\d:])\d[\d ]*\d(?![\d:])", first.text):
        assert TEL + number.replace(" ", "") in [b.payload for b in first.buttons], first.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_crisis_reply_gives_the_number_first(language):
    first = REPLIES.reply("crisis", "abuse", language, "FRA", NOON).say[0]
    assert 0 <= first_number(first.text) < 25, first.text  # the first sentence holds 119
    assert "119" in first.text and "112" in first.text
    assert [b.payload for b in first.buttons] == ["tel:119", "tel:112"]


def test_when_the_country_is_unknown_the_reply_asks_for_it_with_buttons():
    turn = REPLIES.reply("crisis", "abuse", "en", None, NOON)
    [asked] = turn.say
    assert "Which country are you in?" in asked.text
    assert {"United Kingdom", "I don't want to say"} <= {b.title for b in asked.buttons}
    assert turn.pending == Pending(ASK_COUNTRY, "crisis", "abuse")


@pytest.mark.parametrize(
    ("language", "text", "number"),
    [
        ("en", "im in brazil", "100"),
        ("fr", "je suis en belgique", "103"),
        ("es", "españa", "116 111"),
    ],
)
def test_the_next_message_gives_that_countrys_helpline_not_its_opic_status(language, text, number):
    turn = REPLIES.follow_up(Pending(ASK_COUNTRY, "crisis", "abuse"), text, [], language, NOON)
    assert turn is not None and number in turn.say[0].text
    assert "OPIC" not in turn.say[0].text
    assert turn.pending.need == GAVE_NUMBERS and turn.country


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "what number do i call"),
        ("en", "where can i get help"),
        ("fr", "quel numéro j'appelle ?"),
        ("fr", "je peux avoir de l'aide où, qui appeler"),
        ("es", "a quien llamo"),
        ("es", "donde consigo ayuda?"),
    ],
)
def test_asking_for_the_number_repeats_it(language, text):
    pending = Pending(GAVE_NUMBERS, "crisis", "violence")
    turn = REPLIES.follow_up(pending, text, [], language, NOON, country="ESP")
    assert "116 111" in turn.say[0].text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "can i talk to a person"),
        ("fr", "je peux parler à quelqu'un ?"),
        ("es", "puedo hablar con alguien"),
    ],
)
def test_asking_for_a_person_says_a_person_listens_and_gives_the_number(language, text):
    pending = Pending(GAVE_NUMBERS, "self_harm", "self_harm_suicide")
    turn = REPLIES.follow_up(pending, text, [], language, NOON, country="FRA")
    assert turn.say[0].text.startswith(REPLIES.texts.get("safety_person", language))
    assert "119" in turn.say[0].text


def test_asking_for_the_number_before_the_country_is_known_asks_for_it_again():
    turn = REPLIES.follow_up(Pending(ASK_COUNTRY, "crisis", "abuse"), "what number", [], "en", NOON)
    assert "Which country are you in?" in turn.say[0].text


def test_not_giving_the_country_points_to_the_directory():
    pending = Pending(ASK_COUNTRY, "crisis", "abuse")
    turn = REPLIES.follow_up(pending, "I don't want to say", [], "en", NOON)
    assert "childhelplineinternational.org" in turn.say[0].text
    assert turn.pending is None


def test_an_unrelated_message_is_not_a_follow_up():
    pending = Pending(GAVE_NUMBERS, "crisis", "abuse")
    assert REPLIES.follow_up(pending, "what is the committee", [], "en", NOON, "FRA") is None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("category", ["abuse", "neglect", "forced_marriage", "immediate_danger"])
def test_after_harm_at_home_no_parent_is_suggested(language, category):
    turn = REPLIES.reply("crisis", category, language, "FRA", NOON)
    adults = turn.say[1].text.lower()
    for parent in ("parent", "tu madre", "tu padre", "mum", "mom"):
        assert parent not in adults


def test_after_bullying_a_parent_may_be_suggested():
    assert "parent" in REPLIES.reply("crisis", "violence", "en", "FRA", NOON).say[1].text


NOT_IN_SELF_HARM = {
    "en": ("fault", "UN", "OPIC", "complaint", "Committee"),
    "fr": ("faute", "ONU", "OPIC", "plainte", "Comité"),
    "es": ("culpa", "ONU", "OPIC", "queja", "Comité"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_self_harm_reply_has_no_blame_talk_and_no_un_talk(language):
    for country in COUNTRIES:
        turn = REPLIES.reply("self_harm", "self_harm_suicide", language, country, NOON)
        text = " ".join(a.text for a in turn.say)
        for word in NOT_IN_SELF_HARM[language]:
            assert not re.search(rf"\b{word}\b", text), text


def test_the_friend_reply_says_telling_was_right_and_how_to_help():
    turn = REPLIES.reply("friend", "abuse", "en", "GBR", NOON)
    assert turn.say[0].text.startswith("You did the right thing telling me.")
    assert "0800 1111" in turn.say[0].text
    assert "trusted" in turn.say[1].text


def test_a_check_in_is_warm_and_never_an_alarm():
    [check_in] = REPLIES.reply("check_in", "", "en", "GBR", NOON).say
    assert not check_in.safeguarding and check_in.safety == "check_in"
    assert "Great" not in check_in.text and "999" not in check_in.text


def test_a_closed_line_says_its_hours_and_gives_the_emergency_number_first():
    first, closed, _ = (a.text for a in REPLIES.reply("crisis", "abuse", "en", "DEU", NIGHT).say)
    assert first.startswith("In danger right now? Call 112.")
    assert "closed now" in closed and "Monday to Saturday, 14:00 to 20:00" in closed


@pytest.mark.parametrize(
    ("language", "hours"),
    [("fr", "du lundi au samedi, de 14:00 à 20:00"), ("es", "de lunes a sábado, de 14:00 a 20:00")],
)
def test_opening_hours_are_said_in_the_childs_language(language, hours):
    assert hours in REPLIES.reply("crisis", "abuse", language, "DEU", NIGHT).say[1].text


def test_a_line_not_always_open_says_what_to_do_if_no_one_answers():
    first = REPLIES.reply("crisis", "abuse", "en", "FIN", NOON).say[0].text
    assert "If no one answers" in first and "112" in first


def test_pending_survives_the_conversation_store():
    pending = Pending(ASK_COUNTRY, "friend", "violence")
    assert Pending.decode(pending.encode()) == pending
    assert Pending.decode(None) is None and Pending.decode("garbage") is None


def test_follow_up_phrases_are_found_in_any_language():
    assert says("WHAT NUMBER??", "numbers", "en")
    assert says("quel numéro", "numbers", "en")
    assert not says("my number one question", "person", "en")


def test_the_gentle_line_offers_help_without_an_alarm():
    line = REPLIES.gentle_line("fr")
    assert line.safety == "check_in" and not line.safeguarding
    assert "aide" in line.text
