"""The rate limit shared by workers through a real Redis (started for these tests)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from bot.rate_limit import RateLimiter, RedisRateLimiter, make_rate_limiter
from bot.settings import Settings
from bot.shared_store import redis_client
from tests.services import RedisServer, free_port


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path_factory.mktemp("redis"))
    yield running
    running.stop()


@pytest.fixture
def settings(redis_server: RedisServer, tmp_path) -> Settings:
    redis_server.client().flushdb()
    return Settings(_env_file=None, data_dir=tmp_path, redis_url=redis_server.url)


def test_without_redis_the_limit_stays_in_the_process(tmp_path):
    limiter = make_rate_limiter(Settings(_env_file=None, data_dir=tmp_path), 3, 10, "sender")
    assert isinstance(limiter, RateLimiter)


def test_two_workers_share_one_limit(settings):
    first = make_rate_limiter(settings, 3, 10, "sender")
    second = make_rate_limiter(settings, 3, 10, "sender")
    assert isinstance(first, RedisRateLimiter)
    assert [first.allow("web-1"), second.allow("web-1"), first.allow("web-1")] == [True] * 3
    assert second.allow("web-1") is False
    assert 1 <= first.retry_after("web-1") <= 11
    assert second.allow("web-2") is True  # another sender has its own limit


def test_limits_of_different_kinds_do_not_mix(settings):
    senders = make_rate_limiter(settings, 1, 10, "sender")
    addresses = make_rate_limiter(settings, 1, 10, "ip")
    assert senders.allow("10.0.0.1") and addresses.allow("10.0.0.1")


def test_keys_in_redis_are_hashed_and_expire(settings, redis_server):
    make_rate_limiter(settings, 3, 10, "ip").allow("203.0.113.7")
    [key] = redis_server.client().keys("opic:rate:*")
    assert "203.0.113.7" not in key
    assert 0 < redis_server.client().pttl(key) <= 10_000


def test_an_old_message_leaves_the_window(settings):
    limiter = make_rate_limiter(settings, 1, 0.2, "sender")
    assert limiter.allow("web-1") is True
    assert limiter.allow("web-1") is False
    time.sleep(0.3)
    assert limiter.allow("web-1") is True


def test_an_unreachable_redis_lets_messages_through(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    limiter = RedisRateLimiter(redis_client(url), 1, 10, "sender")
    assert limiter.allow("web-1") is True
    assert limiter.allow("web-1") is True
    assert limiter.retry_after("web-1") == 1
