"""Workshops on Telegram: `/start <code>` joins, `/quiz` and `/cases` play, buttons answer.

Real update JSON through the webhook, the real pipeline (bot/pipeline.py) over a fake engine,
a real workshop store in tmp_path, and the Bot API calls recorded by the stub.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from bot.activities.loader import default_activities
from bot.assistant import BotMessage, Intent, Reply
from bot.pipeline import build_assistant, workshop_store
from bot.privacy import conversation_key
from bot.settings import Settings
from bot.texts import default_texts
from bot.workshops.store import WorkshopStore
from channels.telegram_webhook import SECRET_HEADER
from tests.telegram_stub import SECRET, TelegramStub, settings_for

SALT = "test-salt"
TEXTS = default_texts()
ACTIVITIES = default_activities()
FIRST = ACTIVITIES.question(ACTIVITIES.quiz_ids[0], "en")
RIGHT = ACTIVITIES.quiz[ACTIVITIES.quiz_ids[0]].correct


class Engine:
    """Stands in for the Rasa engine: a greeting, an answer with a topic; remembers languages."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str | None]] = []
        self.languages: dict[str, str] = {}

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        self.calls.append((sender_id, text, language))
        if language:
            self.languages[sender_id] = language
        if text == "/greet":
            message = BotMessage(f"Hello ({language}).", [])
            return Reply(sender_id, language or "en", [message], None, Intent("greet", 1.0))
        return Reply(
            sender_id, language or "en", [BotMessage("One year.")], "time_limit", Intent("ask", 0.9)
        )

    async def conversation_language(self, sender_id: str) -> str | None:
        return self.languages.get(sender_id)

    async def forget(self, sender_id: str) -> None:
        return None

    async def is_ready(self) -> bool:
        return True


def key(chat_id: int, user_id: int) -> str:
    """The conversation key the engine sees for a Telegram user."""
    return conversation_key(f"tg-{chat_id}-{user_id}", SALT.encode())


@pytest.fixture
def settings(stub: TelegramStub, tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, sender_salt=SALT, **settings_for(stub))


@pytest.fixture
def store(settings: Settings) -> WorkshopStore:
    return workshop_store(settings)


@pytest.fixture
def engine() -> Engine:
    return Engine()


@pytest.fixture
def send(settings, store, engine) -> Iterator[Callable[[dict[str, Any]], None]]:
    """send(update): posts an update to the webhook of an app that knows the workshop store."""
    app = create_app(settings, build_assistant(engine, settings, store))
    app.state.workshops = store
    with TestClient(app) as client:

        def post(update: dict[str, Any]) -> None:
            response = client.post(
                "/telegram/webhook", json=update, headers={SECRET_HEADER: SECRET}
            )
            assert response.status_code == 200

        yield post


def test_start_with_a_code_joins_and_welcomes_with_the_activities(
    send, store, engine, stub, updates
):
    workshop = store.create("fac-1", "Class 6B", "en", hours=3)
    send(updates.message(f"/start {workshop.code}", user_id=21))
    assert store.participants(workshop.code) == 1
    assert engine.calls == [(key(21, 21), "/greet", "en")]
    greeting, welcome = stub.calls_to("sendMessage")
    assert greeting["text"] == "Hello (en)."
    assert welcome["chat_id"] == 21
    assert welcome["text"] == TEXTS.get("workshop_joined", "en", title="Class 6B")
    rows = welcome["reply_markup"]["inline_keyboard"]
    assert [(row[0]["text"], row[0]["callback_data"]) for row in rows] == [
        (TEXTS.get("button_quiz", "en"), "/quiz"),
        (TEXTS.get("button_cases", "en"), "/cases"),
    ]


def test_the_welcome_and_greeting_use_the_workshops_language(send, store, engine, stub, updates):
    workshop = store.create("fac-1", "Classe 6B", "fr", hours=3)
    send(updates.message(f"/start {workshop.code.lower()}", user_id=22, language_code="es"))
    assert engine.calls == [(key(22, 22), "/greet", "fr")]
    texts = [sent["text"] for sent in stub.calls_to("sendMessage")]
    assert TEXTS.get("workshop_joined", "fr", title="Classe 6B") in texts


def test_starting_twice_counts_the_child_once(send, store, updates):
    workshop = store.create("fac-1", "Class 6B", "en", hours=3)
    send(updates.message(f"/start {workshop.code}", user_id=23))
    send(updates.message(f"/start {workshop.code}", user_id=23))
    send(updates.message(f"/start {workshop.code}", user_id=24))
    assert store.participants(workshop.code) == 2


@pytest.mark.parametrize("code", ["ZZZZZZ", "WORKSHOP-42", "K0QX2M"])
def test_an_unknown_code_says_so_then_greets(send, store, engine, stub, updates, code):
    send(updates.message(f"/start {code}", user_id=25, language_code="fr"))
    unknown, greeting = stub.calls_to("sendMessage")
    assert unknown["text"] == TEXTS.get("workshop_unknown", "fr")
    assert greeting["text"] == "Hello (fr)."
    assert engine.calls == [(key(25, 25), "/greet", "fr")]


def test_an_ended_workshops_code_says_so_then_greets(send, store, stub, updates):
    workshop = store.create("fac-1", "Class 6B", "en", hours=3)
    store.end(workshop.code)
    send(updates.message(f"/start {workshop.code}", user_id=26))
    assert stub.calls_to("sendMessage")[0]["text"] == TEXTS.get("workshop_unknown", "en")
    assert store.participants(workshop.code) == 0


def test_a_broken_store_still_greets(send, store, engine, stub, updates, settings):
    for path in settings.data_dir.glob("workshops.sqlite*"):
        path.unlink()
    settings.workshops_db.write_bytes(b"this is not a database" * 100)
    send(updates.message("/start ZZZZZZ", user_id=27))
    assert [s["text"] for s in stub.calls_to("sendMessage")][-1] == "Hello (en)."


def test_quiz_shows_the_intro_and_a_question_with_its_options(send, engine, stub, updates):
    send(updates.message("/quiz", user_id=31))
    assert engine.calls == []
    intro, question = stub.calls_to("sendMessage")
    total = len(ACTIVITIES.quiz_ids)
    assert intro["text"] == TEXTS.get("quiz_intro", "en", total=total)
    assert FIRST.question in question["text"]
    rows = question["reply_markup"]["inline_keyboard"]
    assert [(row[0]["text"], row[0]["callback_data"]) for row in rows] == [
        (option, f"/quiz 1 0 {number}") for number, option in enumerate(FIRST.options, 1)
    ]


def test_pressing_an_answer_says_if_it_was_right_and_explains(send, stub, updates):
    send(updates.message("/quiz", user_id=32))
    keyboard = stub.calls_to("sendMessage")[-1]["reply_markup"]
    stub.reset()
    send(updates.press(f"/quiz 1 0 {RIGHT}", keyboard, user_id=32))
    assert stub.methods()[:2] == ["answerCallbackQuery", "editMessageReplyMarkup"]
    echo, answer = stub.calls_to("sendMessage")
    assert echo["text"] == "› " + FIRST.options[RIGHT - 1]
    assert answer["text"].startswith(TEXTS.get("quiz_right", "en"))
    assert FIRST.explanation in answer["text"]
    [[next_button]] = answer["reply_markup"]["inline_keyboard"]
    assert next_button["callback_data"] == "/quiz 2 1"


def test_a_wrong_answer_names_the_right_one(send, stub, updates):
    wrong = 1 if RIGHT != 1 else 2
    send(updates.press(f"/quiz 1 0 {wrong}", None, user_id=33))
    answer = stub.calls_to("sendMessage")[-1]
    right = FIRST.options[RIGHT - 1]
    assert answer["text"].startswith(TEXTS.get("quiz_wrong", "en", answer=right))


def test_a_new_conversations_quiz_plays_in_the_telegram_language(send, stub, updates):
    send(updates.message("/quiz", user_id=34, language_code="es"))
    intro, question = stub.calls_to("sendMessage")
    assert intro["text"] == TEXTS.get("quiz_intro", "es", total=len(ACTIVITIES.quiz_ids))
    assert ACTIVITIES.question(ACTIVITIES.quiz_ids[0], "es").question in question["text"]


def test_the_quiz_plays_in_the_language_the_child_chose(send, stub, updates):
    send(updates.press("lang:fr", None, user_id=37, language_code="es"))
    stub.reset()
    send(updates.message("/quiz", user_id=37, language_code="es"))
    intro, _ = stub.calls_to("sendMessage")
    assert intro["text"] == TEXTS.get("quiz_intro", "fr", total=len(ACTIVITIES.quiz_ids))


def test_the_quiz_after_joining_plays_in_the_workshops_language(send, store, stub, updates):
    workshop = store.create("fac-1", "Clase 6B", "es", hours=3)
    send(updates.message(f"/start {workshop.code}", user_id=38, language_code="en"))
    stub.reset()
    send(updates.message("/quiz", user_id=38, language_code="en"))
    intro, _ = stub.calls_to("sendMessage")
    assert intro["text"] == TEXTS.get("quiz_intro", "es", total=len(ACTIVITIES.quiz_ids))


def test_cases_shows_a_card_and_three_votes(send, engine, stub, updates):
    send(updates.message("/cases", user_id=35))
    assert engine.calls == []
    intro, story, question = stub.calls_to("sendMessage")
    assert intro["text"] == TEXTS.get("cases_intro", "en")
    assert ACTIVITIES.case(ACTIVITIES.case_ids[0], "en").story in story["text"]
    rows = question["reply_markup"]["inline_keyboard"]
    assert [row[0]["callback_data"] for row in rows] == [
        "/cases 1 yes",
        "/cases 1 no",
        "/cases 1 unsure",
    ]


def test_the_welcome_buttons_start_the_activities_and_the_workshop_counts_them(
    send, store, stub, updates
):
    workshop = store.create("fac-1", "Class 6B", "en", hours=3)
    send(updates.message(f"/start {workshop.code}", user_id=36))
    welcome = stub.calls_to("sendMessage")[-1]["reply_markup"]
    stub.reset()
    send(updates.press("/quiz", welcome, user_id=36))
    assert TEXTS.get("quiz_intro", "en", total=len(ACTIVITIES.quiz_ids)) in [
        s["text"] for s in stub.calls_to("sendMessage")
    ]
    send(updates.press(f"/quiz 1 0 {RIGHT}", None, user_id=36))
    send(updates.press("/cases 1 yes", None, user_id=36))
    send(updates.message("how long do I have?", user_id=36))
    counts = store.counts(workshop.code)
    assert counts[("quiz_answered", ACTIVITIES.quiz_ids[0])] == 1
    assert counts[("quiz_correct", ACTIVITIES.quiz_ids[0])] == 1
    assert counts[("case_yes", ACTIVITIES.case_ids[0])] == 1
    assert counts[("topic", "time_limit")] == 1
    assert counts[("messages", "")] == 5  # the greeting, /quiz, the answer, the vote, the question


def test_a_child_in_a_group_joins_as_themselves(send, store, updates):
    workshop = store.create("fac-1", "Class 6B", "en", hours=3)
    send(updates.message(f"/start@opic_test_bot {workshop.code}", user_id=41, chat_id=-1001))
    send(updates.message("how long do I have?", user_id=42, chat_id=-1001))
    assert store.participants(workshop.code) == 1
    assert store.counts(workshop.code)[("messages", "")] == 1  # the greeting, not the other child
