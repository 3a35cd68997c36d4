"""engine/rasa_speedups.py: the cached validator accepts and rejects exactly as Rasa's own."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from engine import rasa_speedups

VALID = {
    "events": [{"event": "slot", "timestamp": None, "name": "language", "value": "en"}],
    "responses": [{"text": "Hi", "buttons": [], "custom": {"topic": None}}],
}
RESULTS = [
    VALID,
    {},
    {"events": [], "responses": []},
    {"events": [{"event": 5}]},
    {"events": [{}]},
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"responses": [1]},
]


@pytest.fixture
def original(monkeypatch):
    """Rasa's own validator; restored after the test whatever install() did."""
    own = rasa_speedups.RASA_VALIDATE_ACTION_RESULT
    monkeypatch.setattr(RemoteAction, "_validate_action_result", own)
    return own


@pytest.fixture
def action(original) -> RemoteAction:
    rasa_speedups.install()
    return RemoteAction("action_answer_topic", None)


def test_install_replaces_the_validator(original):
    rasa_speedups.install()
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result
    assert RemoteAction._validate_action_result is not original


def test_a_valid_result_is_accepted(action):
    assert action._validate_action_result(VALID) is True


def test_an_invalid_event_is_rejected(action):
    with pytest.raises(ValidationError) as raised:
        action._validate_action_result({"events": [{"event": 5}]})
    assert "Failed to validate Action server response" in raised.value.message


@pytest.mark.parametrize("result", RESULTS)
def test_it_decides_like_rasa(original, action, result):
    def outcome(validate):
        try:
            return validate(action, result)
        except ValidationError:
            return "rejected"

    assert outcome(rasa_speedups._validate_action_result) == outcome(original)


def test_the_validator_is_built_once():
    assert rasa_speedups._action_result_validator() is rasa_speedups._action_result_validator()
