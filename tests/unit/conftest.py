"""Shared fixtures of the fast unit tests: no trained model, no network, no files outside tmp."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rasa_sdk import Tracker

from api.app import create_app
from bot.assistant import BotMessage, Intent, Reply
from bot.knowledge.loader import KNOWLEDGE_DIR, Button
from bot.settings import Settings
from tests.telegram_stub import TelegramStub, Updates


@pytest.fixture(autouse=True)
def _no_opic_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts from the code's defaults, whatever OPIC_* the shell exports."""
    for name in list(os.environ):
        if name.upper().startswith("OPIC_"):
            monkeypatch.delenv(name)


class FakeAssistant:
    """An Assistant that answers one fixed reply (or raises), and remembers what it was asked."""

    def __init__(self, error: Exception | None = None, ready: bool = True) -> None:
        self.error = error
        self.ready = ready
        self.calls: list[tuple[str, str, str | None]] = []
        self.forgotten: list[str] = []

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        self.calls.append((sender_id, text, language))
        if self.error is not None:
            raise self.error
        return Reply(
            sender_id=sender_id,
            language=language or "en",
            messages=[
                BotMessage(
                    "Any child can complain.", [Button("Can I complain?", "/eligibility_check")]
                )
            ],
            topic="who_can_complain",
            intent=Intent("ask_who_can_complain", 0.97),
            safeguarding=False,
        )

    async def conversation_language(self, sender_id: str) -> str | None:
        return None

    async def forget(self, sender_id: str) -> None:
        if self.error is not None:
            raise self.error
        self.forgotten.append(sender_id)

    async def is_ready(self) -> bool:
        return self.ready


@pytest.fixture
def fake_assistant() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture
def make_assistant() -> type[FakeAssistant]:
    """make_assistant(error=..., ready=...) -> a FakeAssistant that raises or is not ready."""
    return FakeAssistant


def _settings(**overrides: Any) -> Settings:
    """Settings from code defaults plus overrides, never from a .env file."""
    return Settings(_env_file=None, **overrides)


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """make_settings(**overrides) -> Settings that ignore any .env file."""
    return _settings


@pytest.fixture
def make_client() -> Callable[..., TestClient]:
    """make_client(assistant, **settings) -> a TestClient over create_app()."""

    def make(assistant: Any, **overrides: Any) -> TestClient:
        return TestClient(create_app(_settings(**overrides), assistant=assistant))

    return make


@pytest.fixture
def client(make_client: Callable[..., TestClient], fake_assistant: FakeAssistant) -> TestClient:
    return make_client(fake_assistant)


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge-base files that a test may edit."""
    target = tmp_path / "knowledge"
    target.mkdir()
    for path in KNOWLEDGE_DIR.glob("*.yml"):
        shutil.copy(path, target / path.name)
    return target


def _tracker(
    intent: str | None = None,
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
    **slots: Any,
) -> Tracker:
    """A rasa_sdk Tracker as an action receives it after one user message."""
    return Tracker(
        "test-sender",
        {"topic": None, "language": None, **slots},
        {
            "intent": {"name": intent, "confidence": 0.9} if intent else {},
            "entities": entities or [],
            "text": text,
            "metadata": metadata or {},
        },
        [],
        False,
        None,
        {},
        "action_listen",
    )


@pytest.fixture
def make_tracker() -> Callable[..., Tracker]:
    """make_tracker(intent, text, entities, metadata, **slots) -> a rasa_sdk Tracker."""
    return _tracker


@pytest.fixture(scope="module")
def _telegram_stub_server() -> Iterator[TelegramStub]:
    with TelegramStub() as running:
        yield running


@pytest.fixture
def stub(_telegram_stub_server: TelegramStub) -> TelegramStub:
    """The stand-in Telegram Bot API server (one per test module), with no calls recorded yet."""
    _telegram_stub_server.reset()
    return _telegram_stub_server


@pytest.fixture
def updates() -> Updates:
    """Builders of real Telegram update JSON."""
    return Updates()
