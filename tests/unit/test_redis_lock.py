"""The lock that makes workers take one sender's messages one at a time, on a real Redis."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import redis.asyncio as aioredis

from engine.redis_lock import RedisTicketLockStore
from tests.services import RedisServer


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path_factory.mktemp("redis"))
    yield running
    running.stop()


def worker(redis_server: RedisServer, lifetime: float = 10.0) -> RedisTicketLockStore:
    """One worker's lock store (its own connection)."""
    client = aioredis.Redis(host="127.0.0.1", port=redis_server.port)
    return RedisTicketLockStore(client, lifetime=lifetime, poll=0.005)


async def test_two_workers_handle_one_senders_messages_one_at_a_time_in_order(redis_server):
    workers = [worker(redis_server), worker(redis_server)]
    log: list[str] = []

    async def message(number: int) -> None:
        await asyncio.sleep(number * 0.002)  # they arrive in this order
        async with workers[number % 2].lock("c-same"):
            log.append(f"start {number}")
            await asyncio.sleep(0.01)
            log.append(f"end {number}")

    await asyncio.gather(*(message(n) for n in range(8)))
    assert log == [entry for n in range(8) for entry in (f"start {n}", f"end {n}")]


async def test_other_senders_do_not_wait(redis_server):
    store = worker(redis_server)
    async with store.lock("c-first"):
        began = time.monotonic()
        async with store.lock("c-second"):
            assert time.monotonic() - began < 0.5


async def test_a_killed_worker_holds_a_conversation_no_longer_than_the_lifetime(redis_server):
    dead = worker(redis_server, lifetime=0.3)
    holding = dead.lock("c-orphan")
    await holding.__aenter__()  # the worker takes the turn, then dies without passing it on
    alive = worker(redis_server, lifetime=0.3)
    began = time.monotonic()
    async with alive.lock("c-orphan"):
        waited = time.monotonic() - began
    assert 0.2 < waited < 2.0


async def test_a_released_turn_passes_at_once(redis_server):
    store = worker(redis_server)
    async with store.lock("c-quick"):
        pass
    began = time.monotonic()
    async with store.lock("c-quick"):
        assert time.monotonic() - began < 0.2
