"""Where Rasa keeps conversations (tracker store) and how it serialises one sender's messages
(lock store), chosen by settings.

One machine: a SQLite file and in-process locks. Several workers or machines: Redis (or
PostgreSQL) for the conversations and Redis for the locks, so that any worker can take any
message and one sender's messages are still handled one at a time, in order.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import redis.asyncio as aioredis
import sqlalchemy as sa
from rasa.core.lock_store import InMemoryLockStore, LockError, LockStore, RedisLockStore
from rasa.core.tracker_store import (
    InMemoryTrackerStore,
    RedisTrackerStore,
    SQLTrackerStore,
    TrackerStore,
)
from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError

from bot.settings import Settings
from bot.shared_store import TIMEOUT_SECONDS, redis_client, redis_parts
from engine.redis_lock import RedisTicketLockStore

DAY_SECONDS = 24 * 3600
KEY_PREFIX = "opic"
"""Rasa's keys in Redis start with this (tracker: opic:tracker:<key>, locks: opic:lock:<key>)."""


def _postgres_parts(url: str) -> dict:
    parts = urlsplit(url)
    return {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "db": parts.path.strip("/") or "opic",
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
    }


def make_tracker_store(settings: Settings) -> TrackerStore:
    """The conversations' store: a local SQLite file by default."""
    if settings.tracker_store == "memory":
        return InMemoryTrackerStore(None)
    if settings.tracker_store == "redis" and settings.redis_url:
        # Redis forgets a conversation untouched for the retention period by itself.
        store = RedisTrackerStore(
            None,
            **redis_parts(settings.redis_url),
            record_exp=settings.retention_days * DAY_SECONDS,
            key_prefix=KEY_PREFIX,
        )
        store.red = redis_client(settings.redis_url, decode_responses=True)  # with time-outs
        return store
    if settings.tracker_store == "postgresql" and settings.postgres_url:
        parts = _postgres_parts(settings.postgres_url)
        return SQLTrackerStore(
            None,
            dialect="postgresql",
            host=parts["host"],
            port=parts["port"],
            db=parts["db"],
            username=parts["username"],
            password=parts["password"],
        )
    settings.tracker_db.parent.mkdir(parents=True, exist_ok=True)
    return SQLTrackerStore(None, dialect="sqlite", db=str(settings.tracker_db))


def make_lock_store(settings: Settings) -> LockStore:
    """In-process locks for one process; Redis locks as soon as workers share Redis."""
    if not settings.redis_url:
        return InMemoryLockStore()
    parts = redis_parts(settings.redis_url)
    ssl = parts.pop("use_ssl")
    client = aioredis.Redis(
        **parts, ssl=ssl, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )
    return RedisTicketLockStore(client, prefix=f"{KEY_PREFIX}:lock:")


STORE_ERRORS: tuple[type[Exception], ...] = (RedisError, DBAPIError, OSError, LockError)
"""What an unreachable store raises: the child is asked to try again (503), nothing is lost."""


async def stores_are_healthy(tracker_store: TrackerStore, lock_store: LockStore) -> bool:
    """True when the conversations' store and the lock store answer right now (else raises)."""
    for store in (tracker_store, lock_store):
        if isinstance(store, RedisTicketLockStore):
            await store.red.ping()
        elif isinstance(store, RedisTrackerStore | RedisLockStore):
            store.red.ping()
        elif isinstance(store, SQLTrackerStore):
            with store.session_scope() as session:
                session.execute(sa.text("SELECT 1"))
    return True
