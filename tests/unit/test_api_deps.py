"""api/deps.py: what routes take from the app state."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from api.deps import get_assistant, get_rate_limiter, get_settings, get_texts
from api.errors import ApiError


def request_with(**state) -> SimpleNamespace:
    return SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(**state)))


def test_get_assistant_returns_the_loaded_assistant(fake_assistant):
    assert get_assistant(request_with(assistant=fake_assistant)) is fake_assistant


@pytest.mark.parametrize("state", [{"assistant": None}, {}])
def test_get_assistant_is_503_while_loading(state):
    with pytest.raises(ApiError) as raised:
        get_assistant(request_with(**state))
    assert raised.value.status == 503
    assert raised.value.headers == {"Retry-After": "5"}


def test_state_getters():
    state = {"settings": object(), "texts": object(), "rate_limiter": object()}
    request = request_with(**state)
    assert get_settings(request) is state["settings"]
    assert get_texts(request) is state["texts"]
    assert get_rate_limiter(request) is state["rate_limiter"]
