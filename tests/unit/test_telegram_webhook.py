"""POST /telegram/webhook: authentication, errors that never make Telegram resend, lifecycle.

The real app and the real python-telegram-bot code, against the stand-in Bot API server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from bot.safe_assistant import SafeAssistant
from bot.texts import default_texts
from channels.telegram_webhook import SECRET_HEADER
from tests.telegram_stub import SECRET, TelegramStub, settings_for

SALT = b"test-salt"
WEBHOOK = "/telegram/webhook"


@pytest.fixture
def make_webhook(
    stub: TelegramStub, make_settings: Callable[..., Any]
) -> Iterator[Callable[..., TestClient]]:
    """make_webhook(assistant, **settings) -> a started TestClient (lifespan run) over the app."""
    clients: list[TestClient] = []

    def make(assistant: Any, **overrides: Any) -> TestClient:
        settings = make_settings(**{**settings_for(stub), **overrides})
        safe = SafeAssistant(assistant, SALT) if assistant is not None else None
        client = TestClient(create_app(settings, assistant=safe))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def post(client: TestClient, update: Any, secret: str | None = SECRET) -> Any:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return client.post(WEBHOOK, json=update, headers=headers)


def test_not_configured_is_404(make_client, fake_assistant, updates):
    response = make_client(fake_assistant).post(
        WEBHOOK, json=updates.message("hi"), headers={SECRET_HEADER: SECRET}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_token_without_a_webhook_secret_is_not_configured(make_webhook, fake_assistant, updates):
    client = make_webhook(fake_assistant, telegram_secret_token=None)
    assert post(client, updates.message("hi")).status_code == 404


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET[:-1]])
def test_a_missing_or_wrong_secret_is_403(make_webhook, fake_assistant, stub, updates, secret):
    client = make_webhook(fake_assistant)
    response = post(client, updates.message("hi"), secret=secret)
    assert response.status_code == 403
    assert response.json() == {
        "error": {"code": "forbidden", "message": "The secret token is missing or wrong."}
    }
    assert fake_assistant.calls == []
    assert stub.calls_to("sendMessage") == []


def test_a_valid_update_is_answered_200(make_webhook, fake_assistant, stub, updates):
    response = post(make_webhook(fake_assistant), updates.message("what is opic?"))
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert len(stub.calls_to("sendMessage")) == 1


def test_the_application_starts_with_the_app_and_stops_with_it(
    make_settings, fake_assistant, stub, updates
):
    app = create_app(make_settings(**settings_for(stub)), assistant=fake_assistant)
    with TestClient(app) as client:
        stub.wait_for("getMe", timeout=10)
        post(client, updates.message("hi"))
        post(client, updates.message("hi again"))
        assert len(stub.calls_to("getMe")) == 1  # initialised once, then reused
    assert app.state.telegram is None


def test_a_failing_assistant_still_answers_200_and_kindly(
    make_webhook, make_assistant, stub, updates, caplog
):
    client = make_webhook(make_assistant(error=RuntimeError("boom: my secret words")))
    with caplog.at_level(logging.INFO):
        response = post(client, updates.message("my secret words"))
    assert response.status_code == 200
    [sent] = stub.calls_to("sendMessage")
    assert sent["text"] == default_texts().get("action_failed", "en")
    assert "RuntimeError" in caplog.text
    assert "secret words" not in caplog.text


def test_a_failing_bot_api_still_answers_200(make_webhook, fake_assistant, stub, updates, caplog):
    stub.fail("sendMessage", 400, "Bad Request: chat not found")
    with caplog.at_level(logging.INFO):
        response = post(make_webhook(fake_assistant), updates.message("my private words"))
    assert response.status_code == 200
    assert "BadRequest" in caplog.text
    assert "private words" not in caplog.text


def test_telegram_unreachable_still_answers_200(make_settings, fake_assistant, updates, caplog):
    overrides = settings_for(TelegramStub())  # never started: nothing listens on its URL
    overrides["telegram_api_url"] = "http://127.0.0.1:9/bot"
    app = create_app(make_settings(**overrides), assistant=fake_assistant)
    with TestClient(app) as client, caplog.at_level(logging.WARNING):
        assert post(client, updates.message("hi")).status_code == 200
    assert "NetworkError" in caplog.text


@pytest.mark.parametrize(
    "body", [b"not json", b"[1, 2]", b'{"update_id": "not a number", "message": 5}']
)
def test_a_body_that_is_not_an_update_is_answered_200(make_webhook, fake_assistant, stub, body):
    client = make_webhook(fake_assistant)
    response = client.post(
        WEBHOOK, content=body, headers={SECRET_HEADER: SECRET, "content-type": "application/json"}
    )
    assert response.status_code == 200
    assert fake_assistant.calls == []


def test_an_update_it_does_not_handle_is_ignored(make_webhook, fake_assistant, stub, updates):
    edited = updates.message("edited text")
    edited["edited_message"] = edited.pop("message")
    assert post(make_webhook(fake_assistant), edited).status_code == 200
    assert fake_assistant.calls == []
    assert stub.methods() == []


def test_while_the_model_loads_the_child_is_asked_to_try_again(make_webhook, stub, updates):
    response = post(make_webhook(None), updates.message("hello"))
    assert response.status_code == 200
    [sent] = stub.calls_to("sendMessage")
    assert sent["text"] == default_texts().get("telegram_unavailable", "en")


def test_the_webhook_is_in_the_api_docs(make_webhook, fake_assistant):
    paths = make_webhook(fake_assistant).get("/openapi.json").json()["paths"]
    assert "post" in paths[WEBHOOK]
