"""The small pure parts of the Telegram channel: callback data, keyboards, ids, languages."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, User

from bot.knowledge.loader import Button
from channels.telegram import chunks, join_code, language_hint, sender_id
from channels.telegram_keyboard import (
    ButtonKeys,
    fits,
    keyboard,
    language_keyboard,
    language_of,
    pressed_title,
)


@pytest.mark.parametrize("payload", ["/eligibility_check", "stop", "in 2019", "x" * 64, "é" * 32])
def test_short_payloads_are_their_own_callback_data(payload):
    keys = ButtonKeys()
    assert keys.encode(payload) == payload
    assert keys.decode(payload) == payload


@pytest.mark.parametrize("payload", ["x" * 65, "é" * 33, "/inform_country" + "{}" * 30])
def test_long_payloads_become_short_keys_that_resolve(payload):
    keys = ButtonKeys()
    data = keys.encode(payload)
    assert data.startswith("b:") and fits(data)
    assert len(data) == len("b:") + 10
    assert keys.decode(data) == payload
    assert keys.encode(payload) == data  # stable


@pytest.mark.parametrize("payload", ["b:abc", "lang:en"])
def test_payloads_that_look_like_our_own_data_are_keyed_too(payload):
    keys = ButtonKeys()
    data = keys.encode(payload)
    assert data != payload
    assert keys.decode(data) == payload


def test_an_unknown_key_or_empty_data_resolves_to_none():
    assert ButtonKeys().decode("b:0123456789") is None
    assert ButtonKeys().decode("") is None


def test_only_the_most_recent_long_payloads_are_kept():
    keys = ButtonKeys(capacity=2)
    first, second, third = (keys.encode(str(n) * 70) for n in range(3))
    assert keys.decode(first) is None
    assert keys.decode(second) == "1" * 70
    assert keys.decode(third) == "2" * 70


def test_a_keyboard_has_one_button_per_row():
    markup = keyboard([Button("A", "/ask_a"), Button("B", "y" * 80)], ButtonKeys())
    assert markup is not None
    rows = markup.inline_keyboard
    assert [len(row) for row in rows] == [1, 1]
    assert rows[0][0].text == "A" and rows[0][0].callback_data == "/ask_a"
    assert str(rows[1][0].callback_data).startswith("b:")


def test_no_buttons_no_keyboard():
    assert keyboard([], ButtonKeys()) is None


def test_language_buttons_and_their_data():
    markup = language_keyboard({"en": "English", "fr": "Français"})
    assert [row[0].callback_data for row in markup.inline_keyboard] == ["lang:en", "lang:fr"]
    assert language_of("lang:fr") == "fr"
    assert language_of("/greet") is None


def test_the_pressed_title_is_found_in_the_keyboard():
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Yes", callback_data="yes")],
            [InlineKeyboardButton("No", callback_data="no")],
        ]
    )
    assert pressed_title(markup, "no") == "No"
    assert pressed_title(markup, "maybe") is None
    assert pressed_title(None, "no") is None


def test_one_conversation_per_chat_and_person():
    assert sender_id(-1001, 7) == "tg--1001-7"
    assert sender_id(-1001, 7) != sender_id(-1001, 8) != sender_id(8, 8)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "en"), ("fr", "fr"), ("es-419", "es"), ("FR-ca", "fr"), ("de", None), ("", None)],
)
def test_language_hint_from_telegram(code, expected):
    assert language_hint(User(1, "Sam", False, language_code=code)) == expected


def test_no_user_or_no_language_means_no_hint():
    assert language_hint(None) is None
    assert language_hint(User(1, "Sam", False)) is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["WS-42"], "WS-42"), (["a_b", "c"], "a_b"), ([], None), (None, None), (["no way!"], None)],
)
def test_join_code_parsing(args, expected):
    assert join_code(args) == expected


def test_chunks_keep_every_character_within_the_limit():
    text = "a" * 9000
    pieces = chunks(text)
    assert [len(p) for p in pieces] == [4096, 4096, 808]
    assert "".join(pieces) == text
    assert chunks("") == [""]
