"""engine/stores.py: the tracker and lock stores that settings choose."""

from __future__ import annotations

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, SQLTrackerStore

from bot.settings import Settings
from bot.shared_store import redis_parts
from engine.redis_lock import RedisTicketLockStore
from engine.stores import make_lock_store, make_tracker_store


@pytest.mark.parametrize(
    ("url", "parts"),
    [
        (
            "redis://127.0.0.1:6380/2",
            {"host": "127.0.0.1", "port": 6380, "db": 2, "username": None, "password": None},
        ),
        (
            "redis://:s%40cret@cache.internal",
            {
                "host": "cache.internal",
                "port": 6379,
                "db": 0,
                "username": None,
                "password": "s@cret",
            },
        ),
        (
            "rediss://opic:pw@redis.example:6390/0",
            {"host": "redis.example", "port": 6390, "db": 0, "username": "opic", "password": "pw"},
        ),
    ],
)
def test_redis_urls_are_read(url, parts):
    assert redis_parts(url) == {**parts, "use_ssl": url.startswith("rediss")}


def test_one_machine_keeps_sqlite_and_in_process_locks(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert isinstance(make_tracker_store(settings), SQLTrackerStore)
    assert isinstance(make_lock_store(settings), InMemoryLockStore)
    assert (tmp_path / "conversations.sqlite").exists()


def test_redis_holds_conversations_and_locks_with_the_retention_as_expiry(tmp_path):
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path,
        tracker_store="redis",
        redis_url="redis://127.0.0.1:6399/3",
        retention_days=7,
    )
    store = make_tracker_store(settings)
    assert isinstance(store, RedisTrackerStore)
    assert store.record_exp == 7 * 24 * 3600
    assert store.key_prefix == "opic:tracker:"
    assert store.red.connection_pool.connection_kwargs["socket_timeout"] == 2.0
    locks = make_lock_store(settings)
    assert isinstance(locks, RedisTicketLockStore)
    assert locks.prefix == "opic:lock:"


def test_a_redis_url_alone_shares_the_locks(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, redis_url="redis://127.0.0.1:6399/0")
    assert isinstance(make_lock_store(settings), RedisTicketLockStore)


def test_memory_for_tests_and_the_terminal(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, tracker_store="memory")
    assert isinstance(make_tracker_store(settings), InMemoryTrackerStore)


@pytest.mark.parametrize(
    "overrides",
    [
        {"tracker_store": "redis"},
        {"tracker_store": "postgresql"},
        {"redis_url": "http://127.0.0.1:6379"},
        {"postgres_url": "mysql://x@y/z"},
    ],
)
def test_a_shared_store_needs_a_proper_address(overrides):
    with pytest.raises(ValueError):
        Settings(_env_file=None, **overrides)
