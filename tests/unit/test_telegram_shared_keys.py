"""Long button payloads shared through a real Redis: a button one worker made works at another."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.shared_store import redis_client
from channels.telegram_keyboard import CALLBACK_DATA_LIMIT, SharedButtonKeys
from tests.services import RedisServer, free_port

LONG = '/inform_country{"country": "Bosnie-Herzégovine", "region": "République serbe"}'


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path_factory.mktemp("redis"))
    yield running
    running.stop()


def test_a_key_made_by_one_worker_is_read_by_another(redis_server):
    first = SharedButtonKeys(redis_client(redis_server.url, decode_responses=True))
    second = SharedButtonKeys(redis_client(redis_server.url, decode_responses=True))
    key = first.encode(LONG)
    assert len(key.encode()) <= CALLBACK_DATA_LIMIT
    assert second.decode(key) == LONG
    assert (
        second.decode("/ask_time_limit") == "/ask_time_limit"
    )  # short payloads travel as they are
    assert 0 < redis_server.client().ttl(f"opic:tg:{key}") <= 30 * 24 * 3600


def test_without_redis_a_press_is_an_old_button_not_an_error():
    keys = SharedButtonKeys(redis_client(f"redis://127.0.0.1:{free_port()}/0"))
    key = keys.encode(LONG)
    assert keys.decode(key) is None
