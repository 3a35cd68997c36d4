"""Keeping children's data minimal: hashed conversation keys and redacted text.

Nothing a child writes reaches the tracker store or the logs with their channel id or with
an email address, phone number, street address or ID number in it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from pathlib import Path

KEY_PREFIX = "c-"
REDACTED = {
    "email": "[email]",
    "phone": "[phone]",
    "address": "[address]",
    "id": "[id number]",
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A date as a child writes it ("12/03/2020", "2019-05-01") is an answer, not a phone number.
DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")
PHONE = re.compile(r"(?<![\w+])\+?\d[\d ().-]{5,}\d(?!\w)")
STREET_WORDS = (
    r"street|st|road|rd|avenue|ave|lane|drive|boulevard|blvd|way|close|"
    r"rue|avenue|boulevard|chemin|allee|impasse|place|"
    r"calle|avenida|avda|paseo|camino|plaza|carrera|rua"
)
NOT_NAMES = r"(?:the|a|an|in|on|at|my|our|of|to|and|kids|children|people|years)"
ADDRESS = re.compile(
    rf"\b\d{{1,5}}[a-z]?\s*,?\s+(?:(?!{NOT_NAMES}\b)[\w'-]+\s+){{0,3}}(?:{STREET_WORDS})\b"
    r"(?:\s+(?:de la|de|du|des|del)\s+[\w'-]+|\s+[\w'-]+)?"
    rf"|\b(?:{STREET_WORDS})\s+(?:(?:de|del|de la|des|du|la|le)\s+)?[\w'-]+(?:\s+[\w'-]+){{0,2}}"
    rf"\s*,?\s*(?:n[oº°.]*\s*)?\d{{1,5}}\b",
    re.IGNORECASE,
)
# Letters and digits mixed, or 8+ digits in a row: passports, national IDs, IBANs, card numbers.
ID_NUMBER = re.compile(
    r"\b(?=(?:[A-Z]*\d){3})(?=[A-Z0-9]*[A-Z])[A-Z0-9]{7,34}\b|\b\d{8,}\b", re.IGNORECASE
)


def conversation_key(sender_id: str, salt: bytes) -> str:
    """The name a conversation is stored under: a keyed hash of the channel's sender id."""
    digest = hmac.new(salt, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{KEY_PREFIX}{digest[:40]}"


def load_or_create_salt(path: Path) -> bytes:
    """A secret salt kept in a file (created on first use, readable by the owner only)."""
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    salt = secrets.token_hex(32).encode()
    path.write_bytes(salt)
    path.chmod(0o600)
    return salt


def _phone(match: re.Match[str]) -> str:
    found = match.group(0)
    digits = sum(ch.isdigit() for ch in found)
    if DATE.fullmatch(found.strip()) or digits < 7:
        return found
    return REDACTED["phone"]


def redact(text: str) -> str:
    """The text with emails, street addresses, phone and ID numbers replaced by placeholders."""
    text = EMAIL.sub(REDACTED["email"], text)
    text = ADDRESS.sub(REDACTED["address"], text)
    text = PHONE.sub(_phone, text)
    return ID_NUMBER.sub(_id_number, text)


def _id_number(match: re.Match[str]) -> str:
    found = match.group(0)
    if found.isalpha() or DATE.fullmatch(found):
        return found
    return REDACTED["id"]
