"""engine/actions_in_process.py: custom actions run in the serve process, answered like HTTP."""

from __future__ import annotations

import json

import pytest
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from engine.actions_in_process import InProcessActionEndpoint


def action_call(action: str, intent: str = "ask_duration", text: str = "how long?") -> dict:
    return {
        "next_action": action,
        "sender_id": "test-sender",
        "tracker": {
            "sender_id": "test-sender",
            "slots": {"topic": None, "language": None},
            "latest_message": {
                "intent": {"name": intent, "confidence": 0.9},
                "entities": [],
                "text": text,
                "metadata": {},
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": {},
        "version": "3.6.21",
    }


@pytest.fixture(scope="module")
def endpoint() -> InProcessActionEndpoint:
    return InProcessActionEndpoint()


def test_it_is_an_endpoint_config_with_selective_domain(endpoint):
    assert isinstance(endpoint, EndpointConfig)
    assert endpoint.kwargs.get("enable_selective_domain") is True


def test_it_registers_every_action_of_the_package(endpoint):
    assert set(endpoint.executor.actions) >= {
        "action_answer_topic",
        "action_answer_more",
        "action_answer_country_status",
        "action_answer_small_talk",
    }


async def test_request_runs_a_real_action(endpoint):
    result = await endpoint.request(json=action_call("action_answer_topic"))
    assert set(result) == {"events", "responses"}
    assert [(e["event"], e["name"], e["value"]) for e in result["events"]] == [
        ("slot", "language", "en"),
        ("slot", "topic", "duration"),
    ]
    [response] = result["responses"]
    assert response["custom"]["topic"] == "duration"
    assert response["text"]


async def test_request_accepts_the_arguments_rasa_passes(endpoint):
    result = await endpoint.request(
        method="post",
        subpath=None,
        content_type="application/json",
        compress=True,
        json=action_call("action_answer_small_talk", "greet", "hello"),
    )
    assert result["responses"][0]["custom"]["topic"] is None


async def test_result_is_json_serialisable(endpoint):
    result = await endpoint.request(json=action_call("action_answer_country_status"))
    assert json.loads(json.dumps(result)) == result


async def test_unknown_action_is_a_404(endpoint):
    with pytest.raises(ClientResponseError) as raised:
        await endpoint.request(json=action_call("action_does_not_exist"))
    assert raised.value.status == 404
    body = json.loads(raised.value.text)
    assert body["action_name"] == "action_does_not_exist"
    assert "action_does_not_exist" in body["error"]


async def test_a_call_without_an_action_returns_nothing(endpoint):
    call = action_call("action_answer_topic")
    del call["next_action"]
    assert await endpoint.request(json=call) is None
