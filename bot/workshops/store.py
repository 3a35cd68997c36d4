"""Workshops in SQLite: created by a facilitator, joined with a code, expiring on their own.

Participants are stored only as a keyed hash of their (already hashed) conversation key, so a
workshop counts people without knowing who they are.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.workshops.codes import new_code, normalise_code

MAX_HOURS = 24 * 14
"""The longest a workshop may stay open."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS workshops (
    code TEXT PRIMARY KEY,
    facilitator TEXT NOT NULL,
    title TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
    code TEXT NOT NULL REFERENCES workshops(code) ON DELETE CASCADE,
    participant TEXT NOT NULL,
    joined_at TEXT NOT NULL,
    PRIMARY KEY (code, participant)
);
"""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(moment: datetime | None) -> datetime:
    """A moment in UTC (stored as ISO text, so that text order is time order)."""
    if moment is None:
        return _now()
    if moment.tzinfo is None:
        raise ValueError("give times with a time zone")
    return moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class Workshop:
    code: str
    facilitator: str
    title: str
    language: str
    created_at: datetime
    expires_at: datetime

    def is_open(self, now: datetime) -> bool:
        return now < self.expires_at


class WorkshopStore:
    """Create, find, join and end workshops; every read checks expiry."""

    def __init__(self, path: Path, salt: bytes) -> None:
        self.path = path
        self.salt = salt
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA foreign_keys = ON")
        try:
            with db:
                yield db
        finally:
            db.close()

    def create(
        self, facilitator: str, title: str, language: str, hours: float, now: datetime | None = None
    ) -> Workshop:
        """A new workshop with an unused code, open for `hours` (at most MAX_HOURS)."""
        if not 0 < hours <= MAX_HOURS:
            raise ValueError(f"a workshop lasts more than 0 and at most {MAX_HOURS} hours")
        if not title.strip():
            raise ValueError("a workshop needs a title")
        now = _utc(now)
        with self._db() as db:
            while True:
                workshop = Workshop(
                    new_code(),
                    facilitator,
                    title.strip(),
                    language,
                    now,
                    now + timedelta(hours=hours),
                )
                try:
                    db.execute(
                        "INSERT INTO workshops VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            workshop.code,
                            facilitator,
                            workshop.title,
                            language,
                            now.isoformat(),
                            workshop.expires_at.isoformat(),
                        ),
                    )
                    return workshop
                except sqlite3.IntegrityError:  # the code is taken: draw another
                    continue

    def find(self, typed_code: str, now: datetime | None = None) -> Workshop | None:
        """The open workshop with this code (as typed), else None."""
        code = normalise_code(typed_code)
        if code is None:
            return None
        with self._db() as db:
            row = db.execute("SELECT * FROM workshops WHERE code = ?", (code,)).fetchone()
        if row is None:
            return None
        workshop = Workshop(
            row[0],
            row[1],
            row[2],
            row[3],
            datetime.fromisoformat(row[4]),
            datetime.fromisoformat(row[5]),
        )
        return workshop if workshop.is_open(_utc(now)) else None

    def of_facilitator(self, facilitator: str, typed_code: str) -> Workshop | None:
        """The workshop, only if this facilitator created it (and it is open)."""
        workshop = self.find(typed_code)
        return workshop if workshop and workshop.facilitator == facilitator else None

    def _participant(self, code: str, conversation_key: str) -> str:
        return hmac.new(
            self.salt, f"{code}:{conversation_key}".encode(), hashlib.sha256
        ).hexdigest()

    def join(
        self, typed_code: str, conversation_key: str, now: datetime | None = None
    ) -> Workshop | None:
        """Count this conversation in the workshop; None when the code is unknown or expired."""
        now = _utc(now)
        workshop = self.find(typed_code, now)
        if workshop is None:
            return None
        with self._db() as db:
            db.execute(
                "INSERT OR IGNORE INTO participants VALUES (?, ?, ?)",
                (
                    workshop.code,
                    self._participant(workshop.code, conversation_key),
                    now.isoformat(),
                ),
            )
        return workshop

    def participants(self, code: str) -> int:
        with self._db() as db:
            return db.execute(
                "SELECT COUNT(*) FROM participants WHERE code = ?", (code,)
            ).fetchone()[0]

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete workshops that have ended, with everything counted in them."""
        with self._db() as db:
            cursor = db.execute(
                "DELETE FROM workshops WHERE expires_at <= ?", (_utc(now).isoformat(),)
            )
            return cursor.rowcount
