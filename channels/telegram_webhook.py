"""Webhook mode: one python-telegram-bot Application without a web server, fed update by update.

The HTTP app receives Telegram's POSTs itself; this gateway builds the Application (without an
updater), initialises it on first use (that calls getMe), hands it each update and shuts it down.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.rate_limit import make_rate_limiter
from bot.settings import Settings
from bot.shared_store import redis_client
from bot.texts import Texts
from channels.telegram import (
    AssistantSource,
    TelegramChannel,
    WorkshopSource,
    build_application,
)
from channels.telegram_keyboard import SharedButtonKeys

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_configured(settings: Settings) -> bool:
    """A webhook needs both the bot token and the secret Telegram sends back on every call."""
    return bool(
        settings.telegram_token
        and settings.telegram_token.get_secret_value()
        and settings.telegram_secret_token
        and settings.telegram_secret_token.get_secret_value()
    )


def secret_matches(settings: Settings, given: str | None) -> bool:
    """Constant-time check of the X-Telegram-Bot-Api-Secret-Token header."""
    if given is None or settings.telegram_secret_token is None:
        return False
    expected = settings.telegram_secret_token.get_secret_value()
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class TelegramGateway:
    """The webhook's Application: built at once, initialised lazily, shut down with the app."""

    def __init__(
        self,
        settings: Settings,
        assistant: AssistantSource,
        texts: Texts,
        workshops: WorkshopSource | None = None,
    ) -> None:
        limiter = make_rate_limiter(
            settings, settings.rate_limit_messages, settings.rate_limit_window_seconds, "telegram"
        )
        keys = (
            SharedButtonKeys(redis_client(settings.redis_url, decode_responses=True))
            if settings.redis_url
            else None
        )
        self.application: Application = build_application(
            settings, TelegramChannel(assistant, texts, limiter, workshops, keys)
        )
        self._lock = asyncio.Lock()
        self._started = False

    async def start(self) -> None:
        """Initialise the Application (calls getMe) unless that is done already."""
        async with self._lock:
            if not self._started:
                await self.application.initialize()
                self._started = True

    async def handle(self, data: dict[str, Any]) -> None:
        """Process one update from Telegram's JSON; handler errors are logged by the channel."""
        await self.start()
        update = Update.de_json(data, self.application.bot)
        await self.application.process_update(update)

    async def shutdown(self) -> None:
        async with self._lock:
            if self._started:
                self._started = False
                await self.application.shutdown()
