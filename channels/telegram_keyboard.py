"""Telegram's inline keyboards: the assistant's buttons as callback data of at most 64 bytes."""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Iterable

import redis
from redis.exceptions import RedisError
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.knowledge.loader import Button
from bot.safeguarding.replies import TEL

CALLBACK_DATA_LIMIT = 64
"""Telegram refuses callback_data over 64 bytes (UTF-8)."""
KEY_PREFIX = "b:"
LANGUAGE_PREFIX = "lang:"
RESERVED_PREFIXES = (KEY_PREFIX, LANGUAGE_PREFIX)
logger = logging.getLogger(__name__)


class ButtonKeys:
    """Payloads as callback data: short ones as they are, long ones as `b:<sha1[:10]>` keys.

    The keys of long payloads are kept in memory (the most recent `capacity` of them) and
    resolved when the button is pressed; a key from before a restart resolves to None.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        """The callback data that stands for a payload."""
        if fits(payload) and not payload.startswith(RESERVED_PREFIXES):
            return payload
        key = KEY_PREFIX + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:10]
        self._remember(key, payload)
        return key

    def decode(self, data: str) -> str | None:
        """The payload a pressed button stands for, or None for a key this process never made."""
        if data.startswith(KEY_PREFIX):
            return self._recall(data)
        return data or None

    def _remember(self, key: str, payload: str) -> None:
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self.capacity:
            self._payloads.popitem(last=False)

    def _recall(self, key: str) -> str | None:
        return self._payloads.get(key)


class SharedButtonKeys(ButtonKeys):
    """The keys of long payloads kept in Redis, so that a button made by one worker works when
    another worker receives its press (for `days`; then it is an "old button")."""

    def __init__(self, client: redis.Redis, days: int = 30) -> None:
        super().__init__()
        self.red = client
        self.seconds = days * 24 * 3600

    def _remember(self, key: str, payload: str) -> None:
        try:
            self.red.set(f"opic:tg:{key}", payload, ex=self.seconds)
        except RedisError as error:  # the press will say "old button": kind, not broken
            logger.warning("button key not shared: %s", type(error).__name__)

    def _recall(self, key: str) -> str | None:
        try:
            return self.red.get(f"opic:tg:{key}")
        except RedisError as error:
            logger.warning("button key not read: %s", type(error).__name__)
            return None


def fits(data: str) -> bool:
    """Whether a string is valid callback data: 1 to 64 bytes in UTF-8."""
    return 0 < len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT


def keyboard(buttons: Iterable[Button], keys: ButtonKeys) -> InlineKeyboardMarkup | None:
    """One inline button per row, or None when there are no buttons. Tap-to-call buttons
    (`tel:`) are left out: Telegram cannot dial from a button, and the text has the numbers."""
    rows = [
        [InlineKeyboardButton(b.title, callback_data=keys.encode(b.payload))]
        for b in buttons
        if not b.payload.startswith(TEL)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def language_keyboard(names: dict[str, str]) -> InlineKeyboardMarkup:
    """One button per language code, each pressing `lang:<code>`."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(name, callback_data=LANGUAGE_PREFIX + code)]
            for code, name in names.items()
        ]
    )


def language_of(data: str) -> str | None:
    """The language code of a language button's callback data, else None."""
    return data[len(LANGUAGE_PREFIX) :] if data.startswith(LANGUAGE_PREFIX) else None


def pressed_title(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The title of the button in a keyboard whose callback data was pressed."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
