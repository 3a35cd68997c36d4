"""The layers every message goes through, from the channel to the engine.

SafeAssistant (safeguarding first, hashed keys, redaction) → MeasuredAssistant (metrics) →
WorkshopRecorder (counts for a workshop the conversation joined) → ActivityAssistant (quiz and
case cards) → the engine.
"""

from __future__ import annotations

from datetime import timedelta

from bot.activities.assistant import ActivityAssistant
from bot.activities.loader import default_activities
from bot.assistant import Assistant
from bot.metrics import MeasuredAssistant
from bot.safe_assistant import SafeAssistant
from bot.settings import Settings
from bot.states import default_states_table
from bot.texts import default_texts
from bot.workshops.recorder import WorkshopRecorder
from bot.workshops.sqlite_store import SQLiteWorkshopStore
from bot.workshops.store import WorkshopStore


def workshop_store(settings: Settings) -> WorkshopStore:
    """The workshops of this installation: a SQLite file in data_dir, or Redis when workers
    share it (kept for the retention period after they end)."""
    if settings.redis_url:
        from bot.shared_store import redis_client
        from bot.workshops.redis_store import RedisWorkshopStore

        client = redis_client(settings.redis_url, decode_responses=True)
        keep = timedelta(days=settings.retention_days)
        return RedisWorkshopStore(client, settings.salt(), keep)
    return SQLiteWorkshopStore(settings.workshops_db, settings.salt())


def build_assistant(
    engine: Assistant, settings: Settings, workshops: WorkshopStore | None = None
) -> SafeAssistant:
    """The engine wrapped in every layer; without a workshop store nothing is recorded."""
    inner: Assistant = ActivityAssistant(
        engine,
        default_activities(),
        default_texts(),
        default_states_table(),
        settings.default_language,
    )
    if workshops is not None:
        inner = WorkshopRecorder(inner, workshops)
    return SafeAssistant(MeasuredAssistant(inner), settings.salt())
