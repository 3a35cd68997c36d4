"""bot/assistant.py: the reply every channel gets, and the 'try again later' error."""

from __future__ import annotations

import dataclasses

import pytest

from bot.assistant import AssistantUnavailable, BotMessage, Reply


def test_unavailable_is_a_runtime_error():
    # api/routers/chat.py must catch it before its catch-all for other errors.
    assert issubclass(AssistantUnavailable, RuntimeError)


def test_reply_defaults():
    reply = Reply("s", "en", [BotMessage("hi")], None, None)
    assert reply.safeguarding is False
    assert reply.messages[0].buttons == []


def test_reply_is_immutable():
    reply = Reply("s", "en", [], None, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        reply.topic = "x"  # type: ignore[misc]
