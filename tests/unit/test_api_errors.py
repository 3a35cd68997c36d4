"""api/errors.py: every failure is JSON `{"error": {"code", "message"}}`; over 16 KiB is 413."""

from __future__ import annotations

import json

from api.errors import STATUS_CODES, ApiError, error_response

LIMIT = 16 * 1024


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


def padded_body(size: int) -> bytes:
    """A valid chat request of exactly `size` bytes (an extra field carries the padding)."""
    body = {"sender_id": "web-3f2a", "message": "hi", "padding": ""}
    body["padding"] = "x" * (size - len(json.dumps(body).encode()))
    encoded = json.dumps(body).encode()
    assert len(encoded) == size
    return encoded


def test_unknown_path_is_404_json(client):
    assert_error(client.get("/no/such/page"), 404, "not_found")


def test_get_on_chat_is_405_json(client):
    assert_error(client.get("/api/chat"), 405, "method_not_allowed")


def test_a_17_kib_body_is_413_json(client, fake_assistant):
    response = client.post(
        "/api/chat", content=padded_body(17 * 1024), headers={"content-type": "application/json"}
    )
    assert_error(response, 413, "payload_too_large")
    assert "16 KiB" in response.json()["error"]["message"]
    assert fake_assistant.calls == []


def test_a_body_at_the_limit_is_served(client):
    response = client.post(
        "/api/chat", content=padded_body(LIMIT), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200


def test_the_limit_follows_the_settings(make_client, fake_assistant):
    client = make_client(fake_assistant, max_body_bytes=2048)
    response = client.post(
        "/api/chat", content=padded_body(3000), headers={"content-type": "application/json"}
    )
    assert_error(response, 413, "payload_too_large")


def chunks(body: bytes, size: int = 1024):
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_a_17_kib_chunked_body_without_content_length_is_413(client, fake_assistant):
    response = client.post(
        "/api/chat",
        content=chunks(padded_body(17 * 1024)),
        headers={"content-type": "application/json"},
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_error(response, 413, "payload_too_large")


def test_a_17_kib_chunked_body_is_refused_before_the_assistant(client, fake_assistant):
    response = client.post(
        "/api/chat",
        content=chunks(padded_body(17 * 1024)),
        headers={"content-type": "application/json"},
    )
    assert 400 <= response.status_code < 500
    assert "error" in response.json()
    assert fake_assistant.calls == []


def test_a_small_chunked_body_is_served(client):
    response = client.post(
        "/api/chat",
        content=chunks(padded_body(4000)),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200


def test_error_response_shape_and_headers():
    response = error_response(429, "slow down", **{"Retry-After": "3"})
    assert response.status_code == 429
    assert json.loads(response.body) == {
        "error": {"code": "too_many_requests", "message": "slow down"}
    }
    assert response.headers["retry-after"] == "3"


def test_error_response_with_an_unlisted_status():
    assert json.loads(error_response(418, "teapot").body)["error"]["code"] == "error"


def test_every_listed_status_is_a_client_or_availability_error():
    assert all(400 <= status < 600 for status in STATUS_CODES)


def test_api_error_keeps_its_fields():
    error = ApiError(503, "later", headers={"Retry-After": "5"})
    assert (error.status, error.message, error.code, error.headers) == (
        503,
        "later",
        None,
        {"Retry-After": "5"},
    )
