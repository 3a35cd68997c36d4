"""engine/conversations.py: deleting conversations from real Rasa tracker stores."""

from __future__ import annotations

import sqlite3
import time

import pytest
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from engine.conversations import DAY_SECONDS, delete_conversation, purge_expired


def stores(tmp_path):
    return {
        "sqlite": SQLTrackerStore(None, dialect="sqlite", db=str(tmp_path / "t.sqlite")),
        "memory": InMemoryTrackerStore(None),
    }


async def save(store, key: str, text: str, when: float) -> None:
    tracker = DialogueStateTracker.from_events(key, [UserUttered(text, timestamp=when)])
    await store.save(tracker)


@pytest.mark.parametrize("kind", ["sqlite", "memory"])
async def test_forget_deletes_one_conversation_and_keeps_the_others(tmp_path, kind):
    store = stores(tmp_path)[kind]
    await save(store, "c-one", "my secret", time.time())
    await save(store, "c-two", "hello", time.time())
    await delete_conversation(store, "c-one")
    assert set(await store.keys()) == {"c-two"}
    await delete_conversation(store, "c-one")  # twice is fine
    if kind == "sqlite":
        with sqlite3.connect(tmp_path / "t.sqlite") as db:
            rows = db.execute("select sender_id, data from events").fetchall()
        assert rows and all(sender == "c-two" and "my secret" not in data for sender, data in rows)


@pytest.mark.parametrize("kind", ["sqlite", "memory"])
async def test_purge_deletes_only_conversations_past_the_retention(tmp_path, kind):
    store = stores(tmp_path)[kind]
    now = time.time()
    await save(store, "c-old", "old", now - 31 * DAY_SECONDS)
    await save(store, "c-recent", "recent", now - 29 * DAY_SECONDS)
    assert await purge_expired(store, retention_days=30, now=now) == 1
    assert set(await store.keys()) == {"c-recent"}
    assert await purge_expired(store, retention_days=30, now=now) == 0
