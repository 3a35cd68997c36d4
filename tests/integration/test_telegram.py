"""Telegram end to end: the real `opic-bot serve` (and `opic-bot telegram --polling`) with the
trained model, talking the Bot API protocol to the stand-in Telegram server."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot import PROJECT_ROOT
from bot.texts import default_texts
from bot.workshops.facilitators import token_hash
from channels.telegram_webhook import SECRET_HEADER
from tests.integration.conftest import OPIC_BOT, START_TIMEOUT, Server
from tests.telegram_stub import SECRET, TelegramStub, Updates, env_for

pytestmark = pytest.mark.integration
TEXTS = default_texts()
_chat_ids = itertools.count(910_001)
FACILITATOR_TOKEN = "telegram-test-facilitator-token"
FACILITATORS = json.dumps({"amina": token_hash(FACILITATOR_TOKEN)})


@pytest.fixture(scope="module")
def stub() -> Iterator[TelegramStub]:
    with TelegramStub() as running:
        yield running


@pytest.fixture(scope="module")
def telegram_server(
    model_path: Path, tmp_path_factory: pytest.TempPathFactory, stub: TelegramStub
) -> Iterator[Server]:
    env = {
        **env_for(stub),
        "OPIC_RATE_LIMIT_MESSAGES": "1000",
        "OPIC_FACILITATORS": FACILITATORS,
    }
    running = Server(model_path, tmp_path_factory.mktemp("telegram"), env)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def http(telegram_server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=telegram_server.url, timeout=60) as client:
        yield client


@pytest.fixture
def updates() -> Updates:
    return Updates()


@pytest.fixture
def chat_id() -> int:
    """A private chat of its own for each test (the stub records every test's calls)."""
    return next(_chat_ids)


def post(http: httpx.Client, update: dict[str, Any], secret: str = SECRET) -> httpx.Response:
    return http.post("/telegram/webhook", json=update, headers={SECRET_HEADER: secret})


def say(http: httpx.Client, update: dict[str, Any]) -> None:
    response = post(http, update)
    assert response.status_code == 200, response.text


def texts_to(stub: TelegramStub, chat: int) -> list[str]:
    return [call["text"] for call in stub.sent_to(chat)]


def test_a_wrong_secret_is_refused_over_http(http, updates):
    response = post(http, updates.message("hi"), secret="wrong")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_a_question_gets_the_models_answer(http, stub, updates, chat_id):
    say(http, updates.message("what is opic?", user_id=chat_id))
    [answer] = stub.sent_to(chat_id)
    assert "OPIC" in answer["text"]
    assert answer["reply_markup"]["inline_keyboard"]  # follow-up questions as buttons
    assert "parse_mode" not in answer


def test_start_then_a_menu_button(http, stub, updates, chat_id):
    say(http, updates.message("/start", user_id=chat_id))
    [greeting] = stub.sent_to(chat_id)
    assert greeting["text"] == TEXTS.get("greet", "en")
    keyboard = greeting["reply_markup"]
    button = next(
        row[0]
        for row in keyboard["inline_keyboard"]
        if row[0]["callback_data"] == "/ask_who_can_complain"
    )
    say(http, updates.press(button["callback_data"], keyboard, user_id=chat_id))
    echo, answer = stub.sent_to(chat_id)[1:]
    assert echo["text"] == "› " + button["text"]
    assert "child" in answer["text"].lower()
    assert stub.calls_to("answerCallbackQuery")


def test_a_disclosure_gets_the_helpline_first(http, stub, updates, chat_id):
    say(http, updates.message("my dad hits me", user_id=chat_id))
    first = texts_to(stub, chat_id)[0]
    assert "helpline" in first.lower()


def test_two_children_in_one_group_keep_their_own_conversations(http, stub, updates):
    group = -next(_chat_ids)
    say(http, updates.message("/check", user_id=11, chat_id=group))
    assert TEXTS.get("ask_country", "en") in " ".join(texts_to(stub, group))
    said = len(texts_to(stub, group))
    say(http, updates.message("what is opic?", user_id=22, chat_id=group))  # not in a check
    assert "OPIC" in " ".join(texts_to(stub, group)[said:])
    said = len(texts_to(stub, group))
    say(http, updates.message("Spain", user_id=11, chat_id=group))  # the check goes on
    assert "OK: Spain" in " ".join(texts_to(stub, group)[said:])


def test_forget_confirms(http, stub, updates, chat_id):
    say(http, updates.message("what is opic?", user_id=chat_id))
    say(http, updates.message("/forget", user_id=chat_id))
    assert texts_to(stub, chat_id)[-1] == TEXTS.get("telegram_forgotten", "en")


def test_choosing_a_language_greets_again(http, stub, updates, chat_id):
    say(http, updates.message("/language", user_id=chat_id))
    keyboard = stub.sent_to(chat_id)[0]["reply_markup"]
    say(http, updates.press("lang:fr", keyboard, user_id=chat_id))
    assert texts_to(stub, chat_id)[1] == "› Français"
    assert len(texts_to(stub, chat_id)) >= 3  # and a greeting


def test_polling_answers_from_the_laptop(model_path, tmp_path, stub, updates, chat_id):
    """`opic-bot telegram --polling` fetches updates with getUpdates and answers them."""
    env = {**os.environ, **env_for(stub), "OPIC_DATA_DIR": str(tmp_path / "var")}
    log = tmp_path / "polling.log"
    process = subprocess.Popen(
        [OPIC_BOT, "telegram", "--polling", "--model", str(model_path)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        stub.push_update(updates.message("who can complain?", user_id=chat_id))
        deadline = time.monotonic() + START_TIMEOUT
        while not stub.sent_to(chat_id) and process.poll() is None:
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)
        assert stub.sent_to(chat_id), log.read_text()[-3000:]
        assert "child" in texts_to(stub, chat_id)[0].lower()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0, log.read_text()[-3000:]
    assert stub.token not in log.read_text()


def test_the_server_log_holds_no_token_and_no_message_text(telegram_server, stub):
    """Runs after the conversations above: nothing they wrote, nor the bot token, was logged."""
    log = telegram_server.log.read_text()
    assert stub.token not in log
    assert SECRET not in log
    for words in ("my dad hits me", "what is opic?", "Spain"):
        assert words not in log


def test_a_workshop_made_with_the_cli_is_joined_by_deep_link(
    http, stub, updates, chat_id, telegram_server
):
    """`opic-bot workshop create`, then a child opens t.me/<bot>?start=<code>: welcome and
    greeting in the workshop's language, the quiz in it, and the facilitator's report counts."""
    env = {
        **os.environ,
        "OPIC_DATA_DIR": str(telegram_server.data_dir),
        "OPIC_FACILITATORS": FACILITATORS,
        "OPIC_TELEGRAM_BOT_USERNAME": "opic_test_bot",
    }
    created = subprocess.run(
        [
            OPIC_BOT,
            "workshop",
            "create",
            "--facilitator",
            "amina",
            "--title",
            "Taller 5A",
            "--language",
            "es",
            "--hours",
            "1",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    code = re.search(r"join code: ([A-Z0-9]{6})", created.stdout).group(1)
    assert f"https://t.me/opic_test_bot?start={code}" in created.stdout

    say(http, updates.message(f"/start {code}", user_id=chat_id))
    greeting, welcome = stub.sent_to(chat_id)
    assert greeting["text"] == TEXTS.get("greet", "es")
    assert "Taller 5A" in welcome["text"]
    titles = [row[0]["text"] for row in welcome["reply_markup"]["inline_keyboard"]]
    assert titles == [TEXTS.get("button_quiz", "es"), TEXTS.get("button_cases", "es")]

    say(http, updates.message("/quiz", user_id=chat_id))
    question = stub.sent_to(chat_id)[-1]
    assert question["text"].startswith("Pregunta 1 de 12")
    keyboard = question["reply_markup"]
    say(
        http,
        updates.press(
            keyboard["inline_keyboard"][1][0]["callback_data"], keyboard, user_id=chat_id
        ),
    )
    assert "¡Sí, es correcto!" in stub.sent_to(chat_id)[-1]["text"]

    report = http.get(
        f"/api/workshops/{code}/report", headers={"Authorization": f"Bearer {FACILITATOR_TOKEN}"}
    ).json()
    assert report["participants"] == 1
    assert report["quiz"][0]["answered"] == 1 and report["quiz"][0]["correct"] == 1
    assert report["messages"] == 3  # /start greeting, /quiz, the answer


def keyboard_data(call: dict) -> list[str]:
    markup = call.get("reply_markup") or {}
    return [button["callback_data"] for row in markup.get("inline_keyboard", []) for button in row]


def test_a_crisis_on_telegram_asks_the_country_and_gives_plain_numbers(
    http, stub, updates, chat_id
):
    say(http, updates.message("my stepdad hits me every night", user_id=chat_id))
    [asked, *_] = stub.sent_to(chat_id)
    assert "Which country are you in?" in asked["text"]
    assert "United Kingdom" in keyboard_data(asked)
    say(http, updates.message("im in the uk", user_id=chat_id))
    numbers = stub.sent_to(chat_id)[-1]
    assert numbers["text"].startswith("Call 0800 1111 now") and "999" in numbers["text"]
    assert not any(data.startswith("tel:") for data in keyboard_data(numbers))
    say(http, updates.message("what number do i call", user_id=chat_id))
    assert "0800 1111" in stub.sent_to(chat_id)[-1]["text"]


@pytest.mark.parametrize(
    ("message", "start"),
    [
        ("i wanna kms", "safety_self_harm_ask_country"),
        ("my friend told me her dad beats her every night", "safety_friend_ask_country"),
        ("im so sad today", "safety_check_in"),
    ],
)
def test_each_graded_reply_reaches_telegram(http, stub, updates, chat_id, message, start):
    say(http, updates.message(message, user_id=chat_id))
    assert stub.sent_to(chat_id)[0]["text"].startswith(TEXTS.get(start, "en")[:30])
