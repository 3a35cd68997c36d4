"""api/models.py: the request and reply bodies of spec/api.md."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.models import ChatReply, ChatRequest
from bot.assistant import BotMessage, Intent, Reply
from bot.knowledge.loader import Button


def request(**changes) -> ChatRequest:
    return ChatRequest.parse_obj({"sender_id": "web-3f2a", "message": "hi", **changes})


@pytest.mark.parametrize("sender_id", ["a", "web-3f2a", "A.b_c:d-9", "x" * 128])
def test_valid_sender_ids(sender_id):
    assert request(sender_id=sender_id).sender_id == sender_id


@pytest.mark.parametrize("sender_id", ["", "a b", "a/b", "é", "a;b", "x" * 129, 5])
def test_invalid_sender_ids(sender_id):
    with pytest.raises(ValidationError):
        request(sender_id=sender_id)


def test_a_sender_id_with_a_trailing_newline_is_invalid():
    with pytest.raises(ValidationError):
        request(sender_id="web\n")


def test_message_is_trimmed():
    assert request(message="  hello \n").message == "hello"


def test_2000_characters_after_trimming_are_allowed():
    assert len(request(message=" " + "a" * 2000 + " ").message) == 2000


def test_2001_characters_are_too_many():
    with pytest.raises(ValidationError):
        request(message="a" * 2001)


def test_control_characters_are_removed():
    assert request(message="hi\x00 there\x07").message == "hi there"


@pytest.mark.parametrize("message", ["\x00\x01", "\x7f", " \x00 ", ""])
def test_a_message_without_readable_text_is_invalid(message):
    with pytest.raises(ValidationError):
        request(message=message)


@pytest.mark.parametrize("message", [5, ["hi"], None, {"text": "hi"}])
def test_message_must_be_a_string(message):
    with pytest.raises(ValidationError):
        request(message=message)


@pytest.mark.parametrize("language", ["en", "fr", "es", None])
def test_languages(language):
    assert request(language=language).language == language


@pytest.mark.parametrize("language", ["de", "EN", ""])
def test_other_languages_are_invalid(language):
    with pytest.raises(ValidationError):
        request(language=language)


def test_reply_from_an_assistant_reply():
    reply = Reply(
        sender_id="s",
        language="en",
        messages=[BotMessage("Hi", [Button("Go", "/ask_opic_what")]), BotMessage("Bye")],
        topic="opic_what",
        intent=Intent("ask_opic_what", 0.987654),
        safeguarding=True,
        safety="crisis",
    )
    assert ChatReply.from_reply(reply).dict() == {
        "sender_id": "s",
        "language": "en",
        "messages": [
            {"text": "Hi", "buttons": [{"title": "Go", "payload": "/ask_opic_what"}]},
            {"text": "Bye", "buttons": []},
        ],
        "topic": "opic_what",
        "intent": {"name": "ask_opic_what", "confidence": 0.9877},
        "safeguarding": True,
        "safety": "crisis",
    }


def test_reply_without_an_intent():
    reply = Reply("s", "en", [BotMessage("Hi")], None, None)
    assert ChatReply.from_reply(reply).intent is None
