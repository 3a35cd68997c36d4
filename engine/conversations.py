"""Deleting conversations from Rasa's tracker store: "forget me" and the retention period.

Rasa 3.6 has no API to delete a tracker (rasa#10719), so this works on the stores opic-bot
uses directly: SQL (SQLite, PostgreSQL), Redis and in-memory. Redis expires conversations by
itself (a time-to-live of the retention period, renewed by every message).
"""

from __future__ import annotations

import time
from typing import cast

import sqlalchemy as sa
from rasa.core.tracker_store import (
    InMemoryTrackerStore,
    RedisTrackerStore,
    SQLTrackerStore,
    TrackerStore,
)

DAY_SECONDS = 24 * 3600


async def delete_conversation(store: TrackerStore, key: str) -> None:
    """Remove every event of one conversation."""
    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == key).delete()
            session.commit()
    elif isinstance(store, RedisTrackerStore):
        store.red.delete(store.key_prefix + key)
    elif isinstance(store, InMemoryTrackerStore):
        store.store.pop(key, None)
    else:
        raise NotImplementedError(f"cannot delete from {type(store).__name__}")


async def purge_expired(store: TrackerStore, retention_days: int, now: float | None = None) -> int:
    """Delete conversations whose last event is older than the retention period; how many."""
    cutoff = (now or time.time()) - retention_days * DAY_SECONDS
    expired = await _expired_keys(store, cutoff)
    for key in expired:
        await delete_conversation(store, key)
    return len(expired)


async def _expired_keys(store: TrackerStore, cutoff: float) -> list[str]:
    if isinstance(store, RedisTrackerStore):
        return []  # Redis deletes them itself
    if isinstance(store, SQLTrackerStore):
        event = store.SQLEvent
        with store.session_scope() as session:
            rows = (
                session.query(event.sender_id)
                .group_by(event.sender_id)
                .having(sa.func.max(event.timestamp) < cutoff)
                .all()
            )
        return [cast(str, row[0]) for row in rows]
    expired = []
    for key in list(await store.keys()):
        tracker = await store.retrieve(key)
        if tracker is not None and tracker.events and tracker.events[-1].timestamp < cutoff:
            expired.append(key)
    return expired
