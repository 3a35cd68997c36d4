"""Recording a workshop through every layer (bot/pipeline.py): counts of what joined children
did, nothing about who they are, nothing from a call for help, and never at the cost of a reply."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest

from bot.activities.loader import default_activities
from bot.assistant import BotMessage, Intent, Reply
from bot.pipeline import build_assistant, workshop_store
from bot.safe_assistant import SafeAssistant
from bot.settings import Settings
from bot.workshops.store import MAX_QUESTION_CHARS, WorkshopStore

ACTIVITIES = default_activities()
QUIZ = ACTIVITIES.quiz_ids
CASES = ACTIVITIES.case_ids
TOPICS = {"how long do I have?": "time_limit", "who can complain?": "who_can_complain"}
PRIVATE = "my email is sam.jones@example.org and my phone is +44 7700 900123, can I sue my school?"


class Engine:
    """Stands in for the Rasa engine: a topic for the questions it knows, out_of_scope otherwise."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str | None]] = []
        self.forgotten: list[str] = []

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        self.calls.append((sender_id, text, language))
        if text.startswith("/safeguarding"):
            topic, safe = "safeguarding", True
        elif text.startswith("/"):
            topic, safe = None, False
        else:
            topic, safe = TOPICS.get(text, "out_of_scope"), False
        intent = Intent(f"ask_{topic}", 0.9) if topic else None
        return Reply(sender_id, language or "en", [BotMessage("An answer.")], topic, intent, safe)

    async def conversation_language(self, sender_id: str) -> str | None:
        return None

    async def forget(self, sender_id: str) -> None:
        self.forgotten.append(sender_id)

    async def is_ready(self) -> bool:
        return True


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, sender_salt="test-salt")


@pytest.fixture
def store(settings: Settings) -> WorkshopStore:
    return workshop_store(settings)


@pytest.fixture
def engine() -> Engine:
    return Engine()


@pytest.fixture
def assistant(engine: Engine, settings: Settings, store: WorkshopStore) -> SafeAssistant:
    return build_assistant(engine, settings, store)


@pytest.fixture
def code(store: WorkshopStore) -> str:
    return store.create("fac-1", "Class 6B", "en", hours=3).code


def say(assistant: SafeAssistant, sender: str, *texts: str) -> list[Reply]:
    return [asyncio.run(assistant.reply(sender, text)) for text in texts]


def stored_bytes(directory: Path) -> bytes:
    """Everything SQLite wrote for the workshops: the database and its write-ahead log."""
    return b"".join(path.read_bytes() for path in sorted(directory.glob("workshops.sqlite*")))


def test_a_child_who_joined_is_counted_with_their_messages(assistant, store, code):
    store.join_sender(code, "web-child-1")
    say(assistant, "web-child-1", "hello", "/greet", "who can complain?")
    assert store.participants(code) == 1
    assert store.counts(code)[("messages", "")] == 3


def test_topics_are_counted_per_topic(assistant, store, code):
    store.join_sender(code, "web-child-1")
    store.join_sender(code, "web-child-2")
    say(assistant, "web-child-1", "how long do I have?", "who can complain?")
    say(assistant, "web-child-2", "how long do I have?")
    counts = store.counts(code)
    assert counts[("topic", "time_limit")] == 2
    assert counts[("topic", "who_can_complain")] == 1
    assert counts[("messages", "")] == 3


def test_quiz_answers_are_counted_right_and_wrong(assistant, engine, store, code):
    store.join_sender(code, "web-child-1")
    store.join_sender(code, "web-child-2")
    right = ACTIVITIES.quiz[QUIZ[0]].correct
    wrong = 1 if right != 1 else 2
    say(assistant, "web-child-1", "/quiz", f"/quiz 1 0 {right}")
    say(assistant, "web-child-2", f"/quiz 1 0 {wrong}")
    counts = store.counts(code)
    assert counts[("quiz_answered", QUIZ[0])] == 2
    assert counts[("quiz_correct", QUIZ[0])] == 1
    assert counts[("messages", "")] == 3
    assert engine.calls == []  # the activities never reach the engine


def test_case_votes_are_counted_by_vote_and_agreement(assistant, store, code):
    store.join_sender(code, "web-child-1")
    store.join_sender(code, "web-child-2")
    expected = ACTIVITIES.cases[CASES[0]].expected
    assert expected == "likely_admissible"
    say(assistant, "web-child-1", "/cases", "/cases 1 yes")
    say(assistant, "web-child-2", "/cases 1 no")
    counts = store.counts(code)
    assert counts[("case_answered", CASES[0])] == 2
    assert counts[("case_correct", CASES[0])] == 1
    assert counts[("case_yes", CASES[0])] == 1
    assert counts[("case_no", CASES[0])] == 1
    assert ("case_unsure", CASES[0]) not in counts


def test_a_child_who_did_not_join_records_nothing(assistant, store, code, settings):
    replies = say(assistant, "web-stranger", "how long do I have?", PRIVATE, "/quiz 1 0 1")
    assert all(reply.messages for reply in replies)
    assert store.counts(code) == {}
    assert store.unanswered(code) == []
    with sqlite3.connect(settings.workshops_db) as db:
        assert db.execute("SELECT COUNT(*) FROM counts").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM unanswered").fetchone() == (0,)


def test_each_child_counts_in_their_own_workshop(assistant, store, code):
    other = store.create("fac-2", "Other school", "fr", hours=3).code
    store.join_sender(code, "web-child-1")
    store.join_sender(other, "web-child-2")
    say(assistant, "web-child-1", "how long do I have?")
    say(assistant, "web-child-2", "who can complain?")
    assert store.counts(code) == {("messages", ""): 1, ("topic", "time_limit"): 1}
    assert store.counts(other) == {("messages", ""): 1, ("topic", "who_can_complain"): 1}


def test_a_call_for_help_counts_as_a_message_and_leaves_nothing_else(
    assistant, engine, store, code, tmp_path
):
    store.join_sender(code, "web-child-1")
    [reply] = say(assistant, "web-child-1", "someone is hurting me")
    assert reply.safeguarding
    assert engine.calls[-1][1].startswith("/safeguarding")
    assert store.counts(code) == {("messages", ""): 1}
    assert store.unanswered(code) == []
    assert b"hurting" not in stored_bytes(tmp_path)


def test_an_unanswered_question_is_kept_redacted_only(assistant, engine, store, code, tmp_path):
    store.join_sender(code, "web-child-1")
    say(assistant, "web-child-1", PRIVATE)
    [kept] = store.unanswered(code)
    assert "can I sue my school?" in kept
    assert "[email]" in kept and "[phone]" in kept
    assert ("topic", "out_of_scope") not in store.counts(code)
    written = stored_bytes(tmp_path)
    assert b"can I sue my school?" in written  # the check below reads the right bytes
    for secret in (b"sam.jones@example.org", b"example.org", b"7700 900123", b"900123"):
        assert secret not in written
    assert "sam.jones" not in engine.calls[-1][1]


def test_an_unanswered_question_is_kept_short(assistant, store, code):
    store.join_sender(code, "web-child-1")
    say(assistant, "web-child-1", "can i ask about the un " * 100)
    [kept] = store.unanswered(code)
    assert len(kept) == MAX_QUESTION_CHARS


def test_a_button_payload_the_engine_did_not_know_is_not_kept_as_a_question(
    assistant, engine, store, code
):
    async def unknown(sender_id, text, language=None):
        return Reply(sender_id, "en", [], "out_of_scope", None)

    engine.reply = unknown
    store.join_sender(code, "web-child-1")
    say(assistant, "web-child-1", "/ask_something_old")
    assert store.unanswered(code) == []
    assert store.counts(code) == {("messages", ""): 1}


def test_a_child_who_forgets_is_no_longer_recorded(assistant, engine, store, code):
    store.join_sender(code, "web-child-1")
    say(assistant, "web-child-1", "how long do I have?")
    asyncio.run(assistant.forget("web-child-1"))
    assert engine.forgotten  # the engine forgot the conversation too
    say(assistant, "web-child-1", "who can complain?", PRIVATE)
    assert store.counts(code) == {("messages", ""): 1, ("topic", "time_limit"): 1}
    assert store.unanswered(code) == []
    assert store.participants(code) == 1  # the count of people stays


def test_nothing_is_recorded_after_the_workshop_ends(assistant, store, code):
    store.join_sender(code, "web-child-1")
    say(assistant, "web-child-1", "how long do I have?")
    store.end(code)
    replies = say(assistant, "web-child-1", "who can complain?", PRIVATE, "/quiz 1 0 1")
    assert all(reply.messages for reply in replies)
    assert store.counts(code) == {("messages", ""): 1, ("topic", "time_limit"): 1}
    assert store.unanswered(code) == []


def test_nothing_is_recorded_after_the_workshop_is_deleted(assistant, store, code, settings):
    store.join_sender(code, "web-child-1")
    say(assistant, "web-child-1", "how long do I have?")
    store.delete(code)
    say(assistant, "web-child-1", "who can complain?")
    with sqlite3.connect(settings.workshops_db) as db:
        assert db.execute("SELECT COUNT(*) FROM counts").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM members").fetchone() == (0,)


def test_a_dropped_table_never_costs_a_child_their_answer(assistant, store, code, settings, caplog):
    store.join_sender(code, "web-child-1")
    with sqlite3.connect(settings.workshops_db) as db:
        db.execute("DROP TABLE counts")
    caplog.set_level(logging.ERROR)
    [reply] = say(assistant, "web-child-1", PRIVATE)
    assert reply.messages[0] == BotMessage("An answer.")
    assert "recording failed" in caplog.text
    assert "sue" not in caplog.text and "[email]" not in caplog.text


def test_a_broken_store_file_never_costs_a_child_their_answer(assistant, store, code, settings):
    store.join_sender(code, "web-child-1")
    for path in settings.data_dir.glob("workshops.sqlite*"):
        path.unlink()
    settings.workshops_db.write_bytes(b"this is not a database" * 100)
    [reply] = say(assistant, "web-child-1", "how long do I have?")
    assert reply.topic == "time_limit"
    [quiz] = say(assistant, "web-child-1", "/quiz")
    assert quiz.messages


def test_without_a_store_the_pipeline_records_nothing_and_still_plays(engine, settings, tmp_path):
    assistant = build_assistant(engine, settings)
    [reply] = say(assistant, "web-child-1", "/quiz")
    assert reply.messages
    assert not list(tmp_path.glob("workshops.sqlite*"))
