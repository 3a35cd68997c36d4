"""Workshops: join codes, lifecycle, counting participants without knowing them, ownership."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.assistant import ActivityEvent, Reply
from bot.shared_store import redis_client
from bot.workshops.codes import ALPHABET, LENGTH, new_code, normalise_code
from bot.workshops.redis_store import RedisWorkshopStore
from bot.workshops.sqlite_store import SQLiteWorkshopStore
from bot.workshops.store import MAX_HOURS, WorkshopStore
from tests.services import RedisServer

START = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path_factory.mktemp("redis"))
    yield running
    running.stop()


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> WorkshopStore:
    """Every test runs on both stores: the SQLite file and a real Redis."""
    if request.param == "sqlite":
        return SQLiteWorkshopStore(tmp_path / "workshops.sqlite", salt=b"test-salt")
    redis_server = request.getfixturevalue("redis_server")
    redis_server.client().flushdb()
    client = redis_client(redis_server.url, decode_responses=True)
    return RedisWorkshopStore(client, b"test-salt", keep=timedelta(days=3650))


def stored_participants(store: WorkshopStore) -> list[str]:
    """Every participant value the store holds, read from the store itself."""
    if isinstance(store, SQLiteWorkshopStore):
        with sqlite3.connect(store.path) as db:
            return [row[0] for row in db.execute("SELECT participant FROM participants")]
    red = store.red  # type: ignore[attr-defined]
    return [value for key in red.scan_iter("opic:ws:*:participants") for value in red.smembers(key)]


def test_codes_avoid_look_alike_characters():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert not set("01ILO") & set(ALPHABET)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("K7QX2M", "K7QX2M"),
        (" k7q-x2m ", "K7QX2M"),
        ("k7q x2m", "K7QX2M"),
        ("K7QX2", None),
        ("K7QX2MM", None),
        ("K0QX2M", None),  # 0 is never in a code
        ("", None),
        ("🙂🙂🙂🙂🙂🙂", None),
        ("كودكود", None),
    ],
)
def test_a_typed_code_is_read_kindly(typed, code):
    assert normalise_code(typed) == code


def test_a_workshop_is_found_by_its_code_until_it_expires(store):
    workshop = store.create("fac-1", "  Class 6B  ", "fr", hours=2, now=START)
    assert workshop.title == "Class 6B"
    assert store.find(workshop.code.lower(), now=START + timedelta(hours=1)) == workshop
    assert store.find(workshop.code, now=START + timedelta(hours=2)) is None
    assert store.find("ZZZZZZ", now=START) is None


@pytest.mark.parametrize("hours", [0, -1, MAX_HOURS + 1])
def test_a_workshop_length_is_bounded(store, hours):
    with pytest.raises(ValueError, match="hours"):
        store.create("fac-1", "Class", "en", hours=hours, now=START)


def test_a_workshop_needs_a_title_and_aware_times(store):
    with pytest.raises(ValueError, match="title"):
        store.create("fac-1", "   ", "en", hours=1, now=START)
    with pytest.raises(ValueError, match="time zone"):
        store.create("fac-1", "Class", "en", hours=1, now=datetime(2026, 11, 28, 9))


def test_participants_are_counted_once_and_not_stored_as_themselves(store, tmp_path):
    workshop = store.create("fac-1", "Class", "en", hours=2, now=START)
    for key in ["c-aaa", "c-bbb", "c-aaa"]:
        assert store.join(workshop.code, key, now=START) == workshop
    assert store.participants(workshop.code) == 2
    stored = stored_participants(store)
    assert len(stored) == 2
    assert not [value for value in stored if "c-aaa" in value or "c-bbb" in value]


def test_the_same_child_in_two_workshops_cannot_be_linked(store, tmp_path):
    first = store.create("fac-1", "Morning", "en", hours=2, now=START)
    second = store.create("fac-1", "Afternoon", "en", hours=2, now=START)
    store.join(first.code, "c-aaa", now=START)
    store.join(second.code, "c-aaa", now=START)
    assert len(set(stored_participants(store))) == 2


def test_joining_an_unknown_or_ended_workshop_does_nothing(store):
    workshop = store.create("fac-1", "Class", "en", hours=1, now=START)
    assert store.join("ZZZZZZ", "c-aaa", now=START) is None
    assert store.join(workshop.code, "c-aaa", now=START + timedelta(hours=1)) is None
    assert store.participants(workshop.code) == 0


def test_a_facilitator_sees_only_their_own_workshops(store):
    workshop = store.create("fac-1", "Class", "en", hours=MAX_HOURS)
    assert store.of_facilitator("fac-1", workshop.code) == workshop
    assert store.of_facilitator("fac-2", workshop.code) is None


def test_ended_workshops_are_purged_with_their_participants(store):
    ended = store.create("fac-1", "Old", "en", hours=1, now=START)
    running = store.create("fac-1", "Now", "en", hours=5, now=START)
    store.join(ended.code, "c-aaa", now=START)
    assert store.purge_expired(now=START + timedelta(hours=2)) == 1
    assert store.participants(ended.code) == 0
    assert store.find(running.code, now=START + timedelta(hours=2)) == running


def test_a_conversation_is_found_in_its_workshop_until_it_ends_or_leaves(store):
    workshop = store.create("fac-1", "Class", "en", hours=2, now=START)
    store.join(workshop.code, "c-aaa", now=START)
    assert store.workshop_of("c-aaa", now=START + timedelta(hours=1)) == workshop
    assert store.workshop_of("c-bbb", now=START) is None
    assert store.workshop_of("c-aaa", now=START + timedelta(hours=2)) is None
    store.leave("c-aaa")
    assert store.workshop_of("c-aaa", now=START) is None
    assert store.participants(workshop.code) == 1  # leaving keeps the count


def test_ending_deleting_and_listing(store):
    first = store.create("fac-1", "First", "en", hours=2, now=START)
    second = store.create("fac-1", "Second", "fr", hours=2, now=START + timedelta(minutes=1))
    store.create("fac-2", "Theirs", "es", hours=2, now=START)
    assert [w.code for w in store.list_of("fac-1")] == [second.code, first.code]
    store.end(first.code, now=START + timedelta(minutes=30))
    ended = store.of_facilitator("fac-1", first.code)
    assert ended.expires_at == START + timedelta(minutes=30)
    assert store.find(first.code, now=START + timedelta(minutes=31)) is None
    store.delete(second.code)
    assert store.of_facilitator("fac-1", second.code) is None
    assert [w.code for w in store.list_of("fac-1")] == [first.code]


def test_counts_and_questions_are_kept_per_workshop(store):
    workshop = store.create("fac-1", "Class", "en", hours=2, now=START)
    other = store.create("fac-1", "Other", "en", hours=2, now=START)
    quiz = Reply("s", "en", [], None, None, activity=ActivityEvent("quiz", "q1", True))
    store.record(workshop, quiz, "/quiz 1 0 2")
    store.record(workshop, Reply("s", "en", [], "time_limit", None), "how long")
    store.record(workshop, Reply("s", "en", [], "out_of_scope", None), "what is pizza")
    store.record(other, Reply("s", "en", [], "time_limit", None), "how long")
    assert store.counts(workshop.code) == {
        ("messages", ""): 3,
        ("quiz_answered", "q1"): 1,
        ("quiz_correct", "q1"): 1,
        ("topic", "time_limit"): 1,
    }
    assert store.unanswered(workshop.code) == ["what is pizza"]
    assert store.counts(other.code) == {("messages", ""): 1, ("topic", "time_limit"): 1}


def test_redis_forgets_a_workshop_by_itself_after_the_retention(redis_server):
    """Every key of a workshop expires `keep` after it ends: nothing stays behind in Redis."""
    redis_server.client().flushdb()
    client = redis_client(redis_server.url, decode_responses=True)
    store = RedisWorkshopStore(client, b"test-salt", keep=timedelta(seconds=30))
    now = datetime.now(timezone.utc)
    workshop = store.create("fac-1", "Class", "en", hours=1, now=now)
    store.join(workshop.code, "c-aaa", now=now)
    store.record(workshop, Reply("s", "en", [], "out_of_scope", None), "what is pizza")
    keys = client.keys("opic:ws:*")
    assert len(keys) == 6  # workshop, by:fac-1, participants, member, counts, unanswered
    for key in keys:
        assert 3600 < client.ttl(key) <= 3600 + 31
    store.end(workshop.code, now=now)
    # The workshop's own keys now go 30 s after its end; the member pointer and the
    # facilitator's list keep their first date (they point to a workshop that is gone by then).
    own = [key for key in client.keys("opic:ws:*") if key.startswith(f"opic:ws:{workshop.code}")]
    assert len(own) == 4
    assert all(0 < client.ttl(key) <= 31 for key in own)
