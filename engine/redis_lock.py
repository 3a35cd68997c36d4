"""One sender's messages handled one at a time, in arrival order, across workers sharing Redis.

Rasa 3.6's RedisLockStore keeps each lock as a JSON value that every worker reads, changes and
writes back; two workers issuing tickets at the same moment overwrite each other, and a message
then fails with LockError (measured: 2 of 8 simultaneous messages to two workers). This lock
store does each step as one atomic Redis script instead:

- a ticket is `INCR next`; tickets are served in order (`serving`);
- a waiting or working ticket keeps an `alive` marker; a ticket whose marker expired (its worker
  was killed, or it finished) is skipped, so a dead worker never blocks a conversation for
  longer than `lifetime`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from rasa.core.lock_store import LockError, LockStore

ISSUE = """
local ticket = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SET', KEYS[3] .. ticket, 1, 'PX', ARGV[1])
if redis.call('SET', KEYS[2], ticket, 'NX', 'PX', ARGV[2]) == false then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return ticket
"""
# 1: this ticket's turn; 0: wait; -1: this ticket was skipped (its worker seemed dead).
TURN = """
local ticket = tonumber(ARGV[1])
redis.call('PEXPIRE', KEYS[2] .. ticket, ARGV[2])
local serving = tonumber(redis.call('GET', KEYS[1]) or ticket)
while serving < ticket and redis.call('EXISTS', KEYS[2] .. serving) == 0 do
  serving = serving + 1
  redis.call('SET', KEYS[1], serving, 'PX', ARGV[3])
end
if serving == ticket then return 1 end
if serving > ticket then return -1 end
return 0
"""
RELEASE = """
local ticket = tonumber(ARGV[1])
redis.call('DEL', KEYS[2] .. ticket)
if tonumber(redis.call('GET', KEYS[1]) or -1) == ticket then
  redis.call('SET', KEYS[1], ticket + 1, 'PX', ARGV[2])
end
return 1
"""


class RedisTicketLockStore(LockStore):
    """Rasa's lock store interface (`lock(conversation_id)`), with atomic Redis scripts."""

    def __init__(
        self,
        client: aioredis.Redis,
        prefix: str = "opic:lock:",
        lifetime: float = 10.0,
        poll: float = 0.02,
        give_up: float = 60.0,
    ) -> None:
        self.red = client
        self.prefix = prefix
        self.lifetime_ms = int(lifetime * 1000)
        self.keep_ms = self.lifetime_ms * 30
        self.poll = poll
        self.give_up = give_up
        self._issue = client.register_script(ISSUE)
        self._turn = client.register_script(TURN)
        self._release = client.register_script(RELEASE)

    def _keys(self, conversation_id: str) -> tuple[str, str, str]:
        base = f"{self.prefix}{conversation_id}:"
        return base + "next", base + "serving", base + "alive:"

    @asynccontextmanager
    async def lock(  # type: ignore[override]
        self, conversation_id: str, *args: object, **kwargs: object
    ) -> AsyncGenerator[None, None]:
        """Wait for this message's turn, hold it while the message is handled, then pass it on."""
        following, serving, alive = self._keys(conversation_id)
        ticket = int(
            await self._issue(
                keys=[following, serving, alive], args=[self.lifetime_ms, self.keep_ms]
            )
        )
        try:
            deadline = time.monotonic() + self.give_up
            while True:
                turn = int(
                    await self._turn(
                        keys=[serving, alive], args=[ticket, self.lifetime_ms, self.keep_ms]
                    )
                )
                if turn == 1:
                    break
                if turn == -1 or time.monotonic() > deadline:
                    raise LockError(f"message of {conversation_id} could not get its turn")
                await asyncio.sleep(self.poll)
            yield None
        finally:
            await self._release(keys=[serving, alive], args=[ticket, self.keep_ms])
