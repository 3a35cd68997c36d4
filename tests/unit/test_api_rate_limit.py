"""api/rate_limit.py: a sliding window of message times per sender."""

from __future__ import annotations

import pytest

from bot.rate_limit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limiter(clock) -> RateLimiter:
    return RateLimiter(limit=2, window=10.0, clock=clock)


def test_allows_up_to_the_limit_then_refuses(limiter):
    assert limiter.allow("a")
    assert limiter.allow("a")
    assert not limiter.allow("a")


def test_senders_are_counted_apart(limiter):
    limiter.allow("a")
    limiter.allow("a")
    assert limiter.allow("b")


def test_window_slides(limiter, clock):
    limiter.allow("a")  # t=0
    clock.now += 4
    limiter.allow("a")  # t=4
    clock.now += 5.9
    assert not limiter.allow("a")  # t=9.9: both still in the window
    clock.now += 0.1
    assert limiter.allow("a")  # t=10: the first has left the window
    assert not limiter.allow("a")  # t=4 and t=10 remain
    clock.now += 4
    assert limiter.allow("a")  # t=14: t=4 has left


def test_refused_messages_do_not_extend_the_wait(limiter, clock):
    limiter.allow("a")
    limiter.allow("a")
    for _ in range(5):
        clock.now += 1
        assert not limiter.allow("a")
    clock.now += 5
    assert limiter.allow("a")


def test_retry_after_counts_down_to_the_oldest_message_leaving(limiter, clock):
    limiter.allow("a")
    limiter.allow("a")
    clock.now += 2
    assert limiter.retry_after("a") == 9
    clock.now += 7.5
    assert limiter.retry_after("a") == 1


def test_retry_after_is_at_least_one_second(limiter, clock):
    limiter.allow("a")
    limiter.allow("a")
    clock.now += 9.999
    assert limiter.retry_after("a") >= 1
    clock.now += 100
    assert limiter.retry_after("a") >= 1


def test_retry_after_of_an_unknown_sender_is_zero(limiter):
    assert limiter.retry_after("nobody") == 0


def test_idle_senders_are_forgotten_when_there_are_many(clock):
    limiter = RateLimiter(limit=1, window=1.0, clock=clock)
    for sender in range(10_001):
        limiter.allow(str(sender))
    clock.now += 2
    limiter.allow("new")
    assert len(limiter._events) < 10
    assert limiter.allow("0")


def test_default_clock_is_monotonic():
    import time

    assert RateLimiter(1, 1.0).clock is time.monotonic
