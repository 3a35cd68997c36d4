"""Workshops: join codes, lifecycle, counting participants without knowing them, ownership."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.workshops.codes import ALPHABET, LENGTH, new_code, normalise_code
from bot.workshops.store import MAX_HOURS, WorkshopStore

START = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path: Path) -> WorkshopStore:
    return WorkshopStore(tmp_path / "workshops.sqlite", salt=b"test-salt")


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
    with sqlite3.connect(tmp_path / "workshops.sqlite") as db:
        stored = [row[0] for row in db.execute("SELECT participant FROM participants")]
    assert len(stored) == 2
    assert not [value for value in stored if "c-aaa" in value or "c-bbb" in value]


def test_the_same_child_in_two_workshops_cannot_be_linked(store, tmp_path):
    first = store.create("fac-1", "Morning", "en", hours=2, now=START)
    second = store.create("fac-1", "Afternoon", "en", hours=2, now=START)
    store.join(first.code, "c-aaa", now=START)
    store.join(second.code, "c-aaa", now=START)
    with sqlite3.connect(tmp_path / "workshops.sqlite") as db:
        stored = {row[0] for row in db.execute("SELECT participant FROM participants")}
    assert len(stored) == 2


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
