"""Rate limits per sender and per IP address: a sliding window of message times, kept in this
process, or in Redis when several workers share it."""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError

from bot.shared_store import redis_client

if TYPE_CHECKING:
    from bot.settings import Settings

logger = logging.getLogger(__name__)


class RateLimiter:
    """Allows `limit` events per key in any `window` seconds."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Record one event for `key`; False when the key is over its limit."""
        now = self.clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        self._forget_idle(now)
        return True

    def retry_after(self, key: str) -> int:
        events = self._events.get(key)
        if not events:
            return 0
        return max(1, int(self.window - (self.clock() - events[0])) + 1)

    def _forget_idle(self, now: float) -> None:
        if len(self._events) > 10_000:
            idle = [k for k, v in self._events.items() if not v or now - v[-1] >= self.window]
            for key in idle:
                del self._events[key]


# One check, atomic in Redis and timed by Redis' clock (workers' clocks may differ): drop the
# events older than the window, refuse when `limit` remain, else record this one.
SLIDING_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
return 1
"""


class RedisRateLimiter:
    """The same limit shared by every worker, kept in Redis under hashed keys.

    When Redis cannot be reached it lets messages through (and logs it): the limit protects the
    service, and the assistant itself answers "try again" while its store is down.
    """

    def __init__(self, client: Any, limit: int, window: float, name: str) -> None:
        self.client = client
        self.limit = limit
        self.window = window
        self.name = name
        self._check = client.register_script(SLIDING_WINDOW)

    def _key(self, key: str) -> str:
        digest = hashlib.sha256(f"{self.name}:{key}".encode()).hexdigest()[:32]
        return f"opic:rate:{self.name}:{digest}"

    def allow(self, key: str) -> bool:
        try:
            member = f"{time.time():.6f}-{secrets.token_hex(4)}"
            return bool(self._check(keys=[self._key(key)], args=[self.window, self.limit, member]))
        except RedisError as error:
            logger.warning("rate limit not checked (Redis): %s", type(error).__name__)
            return True

    def retry_after(self, key: str) -> int:
        try:
            oldest = self.client.zrange(self._key(key), 0, 0, withscores=True)
            seconds, micros = self.client.time()
        except RedisError:
            return 1
        if not oldest:
            return 0
        now = seconds + micros / 1_000_000
        return max(1, int(self.window - (now - oldest[0][1])) + 1)


Limiter = RateLimiter | RedisRateLimiter


def make_rate_limiter(settings: Settings, limit: int, window: float, name: str) -> Limiter:
    """In this process by default; in Redis, shared by every worker, when OPIC_REDIS_URL is set."""
    if not settings.redis_url:
        return RateLimiter(limit, window)
    return RedisRateLimiter(redis_client(settings.redis_url), limit, window, name)
