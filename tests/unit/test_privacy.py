"""bot/privacy.py: keyed hashes of sender ids and redaction of personal details."""

from __future__ import annotations

import pytest

from bot.privacy import conversation_key, load_or_create_salt, redact


def test_conversation_keys_are_stable_secret_and_valid_sender_ids():
    key = conversation_key("telegram-123456", b"salt-a")
    assert key == conversation_key("telegram-123456", b"salt-a")
    assert key != conversation_key("telegram-123456", b"salt-b")
    assert key != conversation_key("telegram-123457", b"salt-a")
    assert "123456" not in key
    assert key.startswith("c-") and len(key) == 42


def test_the_salt_file_is_created_once_and_private(tmp_path):
    path = tmp_path / "var" / "sender-salt"
    salt = load_or_create_salt(path)
    assert len(salt) == 64
    assert load_or_create_salt(path) == salt
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("my email is ana.lopez+1@gmail.com ok", "[email]", "ana.lopez"),
        ("call me on +34 612 345 678", "[phone]", "612 345"),
        ("mon numéro 06 12 34 56 78", "[phone]", "34 56"),
        ("mi numero es 612-34-56-78", "[phone]", "612-34"),
        ("I live at 221B Baker Street London", "[address]", "Baker"),
        ("j'habite 12 rue de la Paix à Paris", "[address]", "Paix"),
        ("vivo en calle Mayor 5, Madrid", "[address]", "Mayor"),
        ("my passport is X1234567A", "[id number]", "X1234567A"),
        ("DNI 12345678Z", "[id number]", "12345678Z"),
        ("iban ES9121000418450200051332", "[id number]", "ES912100"),
    ],
)
def test_personal_details_are_redacted(text, kept, gone):
    redacted = redact(text)
    assert kept in redacted
    assert gone not in redacted


@pytest.mark.parametrize(
    "text",
    [
        "it happened on 12/03/2020",
        "2019-05-01",
        "in march 2021",
        "I was 14 in 2018 and 15 in 2019",
        "we are 3 kids in the street",
        "article 7(e) of OPIC",
        "covid19 closed my school",
        "I am 12 years old",
        "can kids complain to the UN??",
        "¿Puedo quejarme a la ONU? 😊",
        "مرحبا كيف حالك",
    ],
)
def test_ordinary_messages_and_dates_are_left_alone(text):
    assert redact(text) == text
