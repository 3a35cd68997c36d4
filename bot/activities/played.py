"""What one activity turn says, and what it records for a workshop."""

from __future__ import annotations

from dataclasses import dataclass

from bot.assistant import ActivityEvent, BotMessage


@dataclass(frozen=True)
class Played:
    messages: list[BotMessage]
    event: ActivityEvent | None = None
