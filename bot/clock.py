"""The time the assistant judges by: the real time, or `OPIC_CLOCK` when one is set."""

from __future__ import annotations

from datetime import date, datetime, timezone

from bot.settings import get_settings


def now() -> datetime:
    """Now, with a time zone: OPIC_CLOCK if set (naive counts as UTC), else the real time."""
    fixed = get_settings().clock
    if fixed is None:
        return datetime.now(timezone.utc)
    return fixed if fixed.tzinfo else fixed.replace(tzinfo=timezone.utc)


def today() -> date:
    return now().date()
