"""Per-sender rate limit: a sliding window of message times, kept in this process."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


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
