"""api/app.py: create_app() wires routes, security headers, docs and settings."""

from __future__ import annotations

import json

import pytest

from api.app import SECURITY_HEADERS, create_app

REQUEST = {"sender_id": "web-3f2a", "message": "hi"}


def assert_security_headers(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name


def test_security_headers_are_expected():
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"
    assert SECURITY_HEADERS["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/no/such/page"])
def test_security_headers_on_get(client, path):
    assert_security_headers(client.get(path))


def test_security_headers_on_chat_replies_and_errors(client):
    assert_security_headers(client.post("/api/chat", json=REQUEST))
    assert_security_headers(client.post("/api/chat", json={}))


def test_security_headers_on_413(client):
    response = client.post(
        "/api/chat",
        content=b"x" * (17 * 1024),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert_security_headers(response)


def test_docs_are_served(client):
    response = client.get("/docs")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]


def test_openapi_describes_the_contract(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "opic-bot"
    assert {"/api/chat", "/healthz", "/readyz"} <= set(schema["paths"])
    responses = schema["paths"]["/api/chat"]["post"]["responses"]
    assert {"200", "413", "422", "429", "503"} <= set(responses)


def test_app_keeps_settings_and_assistant(make_settings, fake_assistant):
    settings = make_settings(rate_limit_messages=7, rate_limit_window_seconds=3)
    app = create_app(settings, assistant=fake_assistant)
    assert app.state.settings is settings
    assert app.state.assistant is fake_assistant
    assert (app.state.rate_limiter.limit, app.state.rate_limiter.window) == (7, 3)


def test_lifespan_without_a_model_keeps_the_given_assistant(make_client, fake_assistant):
    with make_client(fake_assistant) as client:
        assert client.get("/readyz").status_code == 200


def test_lifespan_without_assistant_or_model_stays_unready(make_client):
    with make_client(None) as client:
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").status_code == 200


def test_reply_is_utf8_json(client):
    response = client.post("/api/chat", json={**REQUEST, "message": "¿Qué es la OPIC? 👋"})
    assert response.headers["content-type"] == "application/json"
    assert json.loads(response.content.decode("utf-8"))["sender_id"] == "web-3f2a"
