"""How a group joins a workshop: a link for the web widget, a Telegram deep link, QR codes.

QR codes are drawn here (segno, pure Python): nothing is sent to an outside service.
"""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import segno

from bot.workshops.codes import normalise_code

TELEGRAM_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def _checked(code: str) -> str:
    checked = normalise_code(code)
    if checked is None:
        raise ValueError(f"not a workshop code: {code!r}")
    return checked


def web_join_link(public_url: str, code: str) -> str:
    """The page embedding the widget, with the code: https://ngo.example/chat?join=K7QX2M."""
    if not public_url.startswith(("https://", "http://")):
        raise ValueError("the public URL must start with https:// or http://")
    separator = "&" if "?" in public_url else "?"
    return f"{public_url}{separator}join={quote(_checked(code))}"


def telegram_join_link(bot_username: str, code: str) -> str:
    """Telegram's deep link: opening it sends `/start K7QX2M` to the bot."""
    username = bot_username.removeprefix("@")
    if not TELEGRAM_USERNAME.fullmatch(username):
        raise ValueError(f"not a Telegram bot username: {bot_username!r}")
    return f"https://t.me/{username}?start={_checked(code)}"


def qr_svg(link: str) -> str:
    """A QR code of the link as an SVG document (scales to any print size)."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="svg", scale=8, border=4, title=link)
    return buffer.getvalue().decode("utf-8")


def qr_png(link: str, scale: int = 10) -> bytes:
    """A QR code of the link as a PNG image."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
