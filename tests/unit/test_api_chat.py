"""POST /api/chat (api/routers/chat.py) as spec/api.md describes it."""

from __future__ import annotations

import json

import pytest

from bot.assistant import AssistantUnavailable
from bot.texts import default_texts

REQUEST = {"sender_id": "web-3f2a", "message": "can kids complain to the UN??", "language": "en"}


def chat(client, **changes):
    return client.post("/api/chat", json={**REQUEST, **changes})


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body


def test_reply_has_exactly_the_shape_of_the_spec(client):
    response = chat(client)
    assert response.status_code == 200
    assert response.json() == {
        "sender_id": "web-3f2a",
        "language": "en",
        "messages": [
            {
                "text": "Any child can complain.",
                "buttons": [{"title": "Can I complain?", "payload": "/eligibility_check"}],
            }
        ],
        "topic": "who_can_complain",
        "intent": {"name": "ask_who_can_complain", "confidence": 0.97},
        "safeguarding": False,
        "safety": None,
    }


def test_the_assistant_gets_sender_text_and_language(client, fake_assistant):
    chat(client, message="  hello  ", language="fr")
    assert fake_assistant.calls == [("web-3f2a", "hello", "fr")]


def test_language_is_optional(client, fake_assistant):
    response = client.post("/api/chat", json={"sender_id": "web-3f2a", "message": "hi"})
    assert response.status_code == 200
    assert fake_assistant.calls[-1][2] is None


def test_a_button_payload_is_a_valid_message(client, fake_assistant):
    assert chat(client, message="/eligibility_check").status_code == 200
    assert fake_assistant.calls[-1][1] == "/eligibility_check"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"sender_id": "web-3f2a"},
        {"message": "hi"},
        {**REQUEST, "message": ""},
        {**REQUEST, "message": "   \n\t "},
        {**REQUEST, "message": "a" * 2001},
        {**REQUEST, "message": 42},
        {**REQUEST, "message": ["hi"]},
        {**REQUEST, "message": None},
        {**REQUEST, "sender_id": "web 3f2a"},
        {**REQUEST, "sender_id": "web/3f2a"},
        {**REQUEST, "sender_id": ""},
        {**REQUEST, "sender_id": "x" * 129},
        {**REQUEST, "language": "de"},
        [REQUEST],
        "hello",
    ],
    ids=[
        "empty",
        "no-message",
        "no-sender",
        "empty-message",
        "whitespace-message",
        "2001-chars",
        "message-number",
        "message-list",
        "message-null",
        "sender-space",
        "sender-slash",
        "sender-empty",
        "sender-129",
        "language-de",
        "body-list",
        "body-string",
    ],
)
def test_invalid_bodies_are_422_json(client, fake_assistant, body):
    assert_error(client.post("/api/chat", json=body), 422, "invalid_request")
    assert fake_assistant.calls == []


def test_the_422_message_names_the_field(client):
    body = assert_error(chat(client, language="de"), 422)
    assert "language" in body["error"]["message"]


def test_invalid_json_is_422_json(client):
    response = client.post(
        "/api/chat",
        content=b'{"sender_id": "a", "message": ',
        headers={"content-type": "application/json"},
    )
    assert_error(response, 422, "invalid_request")


def test_a_non_json_body_is_422_json(client):
    response = client.post(
        "/api/chat", content=b"sender_id=a&message=hi", headers={"content-type": "text/plain"}
    )
    assert_error(response, 422, "invalid_request")


def test_a_form_body_is_422_json(client):
    assert_error(client.post("/api/chat", data={"sender_id": "a", "message": "hi"}), 422)


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe{}", b"[" * 5000 + b"]" * 5000],
    ids=["invalid-utf8", "deeply-nested"],
)
def test_unparseable_bodies_are_a_4xx_json_error_not_a_500(client, content):
    response = client.post(
        "/api/chat", content=content, headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code)


def test_128_character_sender_id_is_accepted(client):
    assert chat(client, sender_id="A.b_c:d-" + "x" * 120).status_code == 200


def test_2000_character_message_is_accepted(client):
    assert chat(client, message="é" * 2000).status_code == 200


@pytest.mark.parametrize(
    "message",
    [
        "can kids complain? 👧🏽🧒",
        "هل يمكن للأطفال تقديم شكوى؟",
        "מה זה OPIC?",
        "hi\x00 there\x07",
        "\u202eabc",
    ],
    ids=["emoji", "arabic", "hebrew", "control-chars", "rtl-override"],
)
def test_unusual_but_readable_messages_are_accepted(client, message):
    assert chat(client, message=message).status_code == 200


def test_control_characters_do_not_reach_the_assistant(client, fake_assistant):
    chat(client, message="hi\x00 there\x1b")
    assert fake_assistant.calls[-1][1] == "hi there"


def test_a_message_of_only_control_characters_is_422(client, fake_assistant):
    assert_error(chat(client, message="\x00\x01\x1b\x7f"), 422, "invalid_request")
    assert fake_assistant.calls == []


def test_a_sender_over_the_rate_limit_gets_429_with_retry_after(make_client, fake_assistant):
    client = make_client(fake_assistant, rate_limit_messages=3, rate_limit_window_seconds=60)
    assert [chat(client).status_code for _ in range(3)] == [200, 200, 200]
    response = chat(client)
    assert_error(response, 429, "too_many_requests")
    assert int(response.headers["retry-after"]) >= 1
    assert len(fake_assistant.calls) == 3


def test_another_sender_is_not_limited(make_client, fake_assistant):
    client = make_client(fake_assistant, rate_limit_messages=3, rate_limit_window_seconds=60)
    for _ in range(4):
        chat(client)
    assert chat(client, sender_id="someone-else").status_code == 200


def test_invalid_messages_do_not_count_against_the_limit(make_client, fake_assistant):
    client = make_client(fake_assistant, rate_limit_messages=1)
    chat(client, message="")
    assert chat(client).status_code == 200


def test_an_assistant_error_gives_a_kind_reply_without_details(make_client, make_assistant):
    client = make_client(make_assistant(error=RuntimeError("secret stack detail")))
    response = chat(client, language="fr")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "sender_id": "web-3f2a",
        "language": "fr",
        "messages": [{"text": default_texts().get("action_failed", "fr"), "buttons": []}],
        "topic": None,
        "intent": None,
        "safeguarding": False,
        "safety": None,
    }
    assert "secret" not in response.text
    assert "Traceback" not in response.text


def test_an_unavailable_assistant_gives_503_json(make_client, make_assistant):
    client = make_client(make_assistant(error=AssistantUnavailable("store down")))
    body = assert_error(chat(client), 503, "unavailable")
    assert "store down" not in json.dumps(body)


def test_no_assistant_yet_gives_503_with_retry_after(make_client):
    response = chat(make_client(None))
    assert_error(response, 503, "unavailable")
    assert response.headers["retry-after"] == "5"
