"""Telegram conversations through the webhook: messages, buttons, commands, group chats.

Real update JSON in, the real python-telegram-bot code, the Bot API calls recorded by the stub.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from bot.assistant import BotMessage, Intent, Reply
from bot.knowledge.loader import Button
from bot.privacy import conversation_key
from bot.safe_assistant import SafeAssistant
from bot.texts import default_texts
from channels.telegram_webhook import SECRET_HEADER
from tests.telegram_stub import SECRET, TelegramStub, Updates, settings_for

SALT = b"test-salt"
TEXTS = default_texts()
LONG_PAYLOAD = '/inform_country{"country": "Bosnie-Herzégovine", "region": "République serbe"}'


class ScriptedAssistant:
    """An Assistant that answers the messages it is given, and records what it was asked."""

    def __init__(self, *messages: BotMessage) -> None:
        self.messages = list(messages) or [BotMessage("An answer.")]
        self.calls: list[tuple[str, str, str | None]] = []
        self.forgotten: list[str] = []

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        self.calls.append((sender_id, text, language))
        return Reply(sender_id, language or "en", self.messages, None, Intent("greet", 1.0))

    async def conversation_language(self, sender_id: str) -> str | None:
        return None

    async def forget(self, sender_id: str) -> None:
        self.forgotten.append(sender_id)

    async def is_ready(self) -> bool:
        return True


def key(chat_id: int, user_id: int) -> str:
    """The conversation key the assistant behind the SafeAssistant sees for a Telegram user."""
    return conversation_key(f"tg-{chat_id}-{user_id}", SALT)


@pytest.fixture
def chat(
    stub: TelegramStub, make_settings: Callable[..., Any], tmp_path: Path
) -> Iterator[Callable[..., Any]]:
    """chat(assistant) -> send(update): posts updates to a started app's webhook (its data,
    e.g. the workshop store that `/start <code>` opens, in tmp_path)."""
    clients: list[TestClient] = []

    def make(assistant: Any) -> Callable[[dict[str, Any]], None]:
        settings = make_settings(**settings_for(stub), data_dir=tmp_path)
        app = create_app(settings, SafeAssistant(assistant, SALT))
        client = TestClient(app)
        client.__enter__()
        clients.append(client)

        def send(update: dict[str, Any]) -> None:
            response = client.post(
                "/telegram/webhook", json=update, headers={SECRET_HEADER: SECRET}
            )
            assert response.status_code == 200

        return send

    yield make
    for client in clients:
        client.__exit__(None, None, None)


# Messages


def test_a_text_message_is_answered_with_an_inline_keyboard(chat, fake_assistant, stub, updates):
    chat(fake_assistant)(updates.message("can kids complain to the UN??", user_id=77))
    assert fake_assistant.calls == [(key(77, 77), "can kids complain to the UN??", None)]
    [sent] = stub.calls_to("sendMessage")
    assert sent["chat_id"] == 77
    assert sent["text"] == "Any child can complain."
    assert sent["reply_markup"] == {
        "inline_keyboard": [[{"text": "Can I complain?", "callback_data": "/eligibility_check"}]]
    }
    assert "parse_mode" not in sent


def test_each_button_is_a_row_and_each_message_a_send(chat, stub, updates):
    buttons = [Button("One", "/ask_a"), Button("Two", "/ask_b"), Button("Three", "stop")]
    assistant = ScriptedAssistant(BotMessage("First."), BotMessage("Second.", buttons))
    chat(assistant)(updates.message("hi"))
    first, second = stub.calls_to("sendMessage")
    assert first["text"] == "First." and "reply_markup" not in first
    rows = second["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [["One"], ["Two"], ["Three"]]


def test_a_very_long_answer_is_sent_in_pieces_with_the_buttons_last(chat, stub, updates):
    assistant = ScriptedAssistant(BotMessage("word " * 1000, [Button("More", "/ask_more")]))
    chat(assistant)(updates.message("hi"))
    pieces = stub.calls_to("sendMessage")
    assert len(pieces) == 2
    assert all(len(p["text"]) <= 4096 for p in pieces)
    assert "reply_markup" not in pieces[0] and "reply_markup" in pieces[1]


def test_buttons_without_text_get_a_prompt_and_empty_messages_are_skipped(chat, stub, updates):
    assistant = ScriptedAssistant(BotMessage("  "), BotMessage("", [Button("Go", "/ask_a")]))
    chat(assistant)(updates.message("hi"))
    [sent] = stub.calls_to("sendMessage")
    assert sent["text"] == TEXTS.get("menu_prompt", "en")
    assert sent["reply_markup"]["inline_keyboard"][0][0]["text"] == "Go"


def test_a_disclosure_reaches_the_assistant_as_the_safeguarding_payload(
    chat, fake_assistant, updates
):
    chat(fake_assistant)(updates.message("my dad hits me"))
    [(_, text, _)] = fake_assistant.calls
    assert text.startswith("/safeguarding{") and "hits" not in text


def test_personal_details_are_redacted_before_the_assistant(chat, fake_assistant, updates):
    chat(fake_assistant)(updates.message("my email is sam@example.org"))
    [(_, text, _)] = fake_assistant.calls
    assert "sam@example.org" not in text


def test_two_children_in_one_group_have_two_conversations(chat, fake_assistant, stub, updates):
    send = chat(fake_assistant)
    send(updates.message("what is opic?", user_id=11, chat_id=-1001))
    send(updates.message("who can complain?", user_id=22, chat_id=-1001))
    senders = [sender for sender, _, _ in fake_assistant.calls]
    assert senders == [key(-1001, 11), key(-1001, 22)]
    assert senders[0] != senders[1]
    assert [s["chat_id"] for s in stub.calls_to("sendMessage")] == [-1001, -1001]


def test_the_same_child_in_private_and_in_a_group_has_two_conversations(
    chat, fake_assistant, updates
):
    send = chat(fake_assistant)
    send(updates.message("hi", user_id=11))
    send(updates.message("hi", user_id=11, chat_id=-1001))
    assert fake_assistant.calls[0][0] != fake_assistant.calls[1][0]


def test_a_photo_in_a_private_chat_gets_a_kind_pointer_to_text(chat, fake_assistant, stub, updates):
    photo = [{"file_id": "AgAD", "file_unique_id": "AQAD", "width": 90, "height": 90}]
    chat(fake_assistant)(updates.message(None, photo=photo))
    assert fake_assistant.calls == []
    assert [s["text"] for s in stub.calls_to("sendMessage")] == [
        TEXTS.get("telegram_text_only", "en")
    ]


def test_a_group_event_that_is_not_text_gets_no_reply(chat, fake_assistant, stub, updates):
    joined = updates.message(None, chat_id=-1001, new_chat_members=[Updates.user(33)])
    chat(fake_assistant)(joined)
    assert stub.methods() == []


# Buttons


def test_a_pressed_button_is_acknowledged_echoed_and_answered(chat, fake_assistant, stub, updates):
    send = chat(fake_assistant)
    send(updates.message("hi", user_id=5))
    keyboard = stub.calls_to("sendMessage")[0]["reply_markup"]
    stub.reset()
    send(updates.press("/eligibility_check", keyboard, user_id=5, message_id=1000))
    assert stub.methods() == [
        "answerCallbackQuery",
        "editMessageReplyMarkup",
        "sendMessage",
        "sendMessage",
    ]
    assert stub.calls_to("editMessageReplyMarkup") == [{"chat_id": 5, "message_id": 1000}]
    echo, answer = stub.calls_to("sendMessage")
    assert echo["text"] == "› Can I complain?"
    assert answer["text"] == "Any child can complain."
    assert fake_assistant.calls[-1] == (key(5, 5), "/eligibility_check", None)


def test_a_press_by_another_child_in_a_group_goes_to_their_conversation(
    chat, fake_assistant, updates
):
    keyboard = {"inline_keyboard": [[{"text": "Who?", "callback_data": "/ask_who_can_complain"}]]}
    chat(fake_assistant)(
        updates.press("/ask_who_can_complain", keyboard, user_id=22, chat_id=-1001)
    )
    assert fake_assistant.calls == [(key(-1001, 22), "/ask_who_can_complain", None)]


def test_a_press_on_a_message_that_cannot_be_edited_still_works(
    chat, fake_assistant, stub, updates
):
    stub.fail("editMessageReplyMarkup", 400, "Bad Request: message can't be edited")
    keyboard = {"inline_keyboard": [[{"text": "Stop", "callback_data": "stop"}]]}
    chat(fake_assistant)(updates.press("stop", keyboard))
    assert [s["text"] for s in stub.calls_to("sendMessage")] == [
        "› Stop",
        "Any child can complain.",
    ]
    assert fake_assistant.calls[-1][1] == "stop"


def test_a_long_payload_travels_as_a_short_key(chat, stub, updates):
    assert len(LONG_PAYLOAD.encode("utf-8")) > 64
    assistant = ScriptedAssistant(BotMessage("Which country?", [Button("Bosnia", LONG_PAYLOAD)]))
    send = chat(assistant)
    send(updates.message("hi"))
    keyboard = stub.calls_to("sendMessage")[0]["reply_markup"]  # the stub refuses data > 64 B
    data = keyboard["inline_keyboard"][0][0]["callback_data"]
    assert data.startswith("b:") and len(data.encode("utf-8")) <= 64
    send(updates.press(data, keyboard))
    assert assistant.calls[-1][1] == LONG_PAYLOAD
    assert "› Bosnia" in [s["text"] for s in stub.calls_to("sendMessage")]


def test_an_unknown_short_key_asks_to_type_instead(chat, fake_assistant, stub, updates):
    keyboard = {"inline_keyboard": [[{"text": "Old", "callback_data": "b:0123456789"}]]}
    chat(fake_assistant)(updates.press("b:0123456789", keyboard))
    assert fake_assistant.calls == []
    assert stub.methods() == ["answerCallbackQuery", "sendMessage"]
    assert stub.calls_to("sendMessage")[0]["text"] == TEXTS.get("telegram_old_button", "en")


# Commands


@pytest.mark.parametrize(
    ("language_code", "expected"), [("fr", "fr"), ("es-MX", "es"), ("en", "en"), ("de", None)]
)
def test_start_greets_in_the_telegram_language(
    chat, fake_assistant, stub, updates, language_code, expected
):
    chat(fake_assistant)(updates.message("/start", user_id=8, language_code=language_code))
    assert fake_assistant.calls == [(key(8, 8), "/greet", expected)]
    assert stub.calls_to("sendMessage")[0]["reply_markup"]["inline_keyboard"]


@pytest.mark.parametrize(
    "text", ["/start WORKSHOP-42", "/start a b c", "/start ??!", "/start@opic_test_bot"]
)
def test_start_with_a_code_or_the_bot_name_greets_too(chat, fake_assistant, updates, text):
    chat(fake_assistant)(updates.message(text, language_code=None))
    assert [call[1:] for call in fake_assistant.calls] == [("/greet", None)]


def test_help_says_what_the_bot_can_do_and_where_help_is(chat, fake_assistant, stub, updates):
    chat(fake_assistant)(updates.message("/help"))
    [sent] = stub.calls_to("sendMessage")
    assert sent["text"] == TEXTS.get("telegram_help", "en")
    assert "/forget" in sent["text"] and "help" in sent["text"]
    assert fake_assistant.calls == []


def test_an_unknown_command_in_private_gets_the_help(chat, fake_assistant, stub, updates):
    chat(fake_assistant)(updates.message("/dance"))
    assert stub.calls_to("sendMessage")[0]["text"] == TEXTS.get("telegram_help", "en")


def test_check_starts_the_eligibility_check(chat, fake_assistant, updates):
    chat(fake_assistant)(updates.message("/check", user_id=9))
    assert fake_assistant.calls == [(key(9, 9), "/eligibility_check", None)]


def test_forget_deletes_the_conversation_and_says_so(chat, fake_assistant, stub, updates):
    chat(fake_assistant)(updates.message("/forget", user_id=9, chat_id=-1001))
    assert fake_assistant.forgotten == [key(-1001, 9)]
    assert stub.calls_to("sendMessage")[0]["text"] == TEXTS.get("telegram_forgotten", "en")


def test_forget_that_fails_does_not_claim_it_forgot(chat, make_assistant, stub, updates):
    chat(make_assistant(error=OSError("store down")))(updates.message("/forget"))
    assert [s["text"] for s in stub.calls_to("sendMessage")] == [TEXTS.get("action_failed", "en")]


def test_language_offers_three_buttons_and_a_press_sets_it(chat, fake_assistant, stub, updates):
    send = chat(fake_assistant)
    send(updates.message("/language", user_id=3))
    [prompt] = stub.calls_to("sendMessage")
    assert prompt["text"] == TEXTS.get("telegram_language_prompt", "en")
    rows = prompt["reply_markup"]["inline_keyboard"]
    assert [(r[0]["text"], r[0]["callback_data"]) for r in rows] == [
        ("English", "lang:en"),
        ("Français", "lang:fr"),
        ("Español", "lang:es"),
    ]
    stub.reset()
    send(updates.press("lang:es", prompt["reply_markup"], user_id=3))
    assert stub.methods()[:3] == ["answerCallbackQuery", "editMessageReplyMarkup", "sendMessage"]
    assert stub.calls_to("sendMessage")[0]["text"] == "› Español"
    assert fake_assistant.calls == [(key(3, 3), "/greet", "es")]


def test_an_unknown_language_button_keeps_the_conversation_language(chat, fake_assistant, updates):
    chat(fake_assistant)(updates.press("lang:de", None))
    assert [call[1:] for call in fake_assistant.calls] == [("/greet", None)]


# The same limits as the HTTP API


def test_a_message_over_2000_characters_gets_a_kind_reply(chat, fake_assistant, stub, updates):
    chat(fake_assistant)(updates.message("a" * 2001))
    assert fake_assistant.calls == []
    [sent] = stub.calls_to("sendMessage")
    assert sent["text"] == TEXTS.get("message_too_long", "en")


def test_one_person_sending_too_fast_is_slowed_down(
    chat, fake_assistant, stub, updates, make_settings
):
    send = chat(fake_assistant)
    for _ in range(25):  # the default limit is 20 messages per 10 seconds
        send(updates.message("hi", user_id=5))
    assert len(fake_assistant.calls) == 20
    assert stub.calls_to("sendMessage")[-1]["text"] == TEXTS.get("too_fast", "en")
