"""Workshops in SQLite: created by a facilitator, joined with a code, expiring on their own.

Participants are stored only as keyed hashes of their (already hashed) conversation key: one
per workshop to count people without knowing who they are, and one to find the workshop a
conversation is in. What the group did is kept as counts, plus the redacted text of questions
the assistant could not answer. Everything goes when the workshop is purged.
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

from bot.assistant import Reply
from bot.privacy import conversation_key
from bot.workshops.codes import new_code, normalise_code

MAX_HOURS = 24 * 14
"""The longest a workshop may stay open."""
MAX_QUESTION_CHARS = 300
"""Unanswered questions are kept this long at most."""
MAX_QUESTIONS = 500
"""Unanswered questions kept per workshop at most."""
NOT_TOPICS = {"out_of_scope", "safeguarding"}

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
CREATE TABLE IF NOT EXISTS members (
    member TEXT PRIMARY KEY,
    code TEXT NOT NULL REFERENCES workshops(code) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS counts (
    code TEXT NOT NULL REFERENCES workshops(code) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    item TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (code, kind, item)
);
CREATE TABLE IF NOT EXISTS unanswered (
    code TEXT NOT NULL REFERENCES workshops(code) ON DELETE CASCADE,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS members_code ON members(code);
CREATE INDEX IF NOT EXISTS unanswered_code ON unanswered(code);
"""
COUNT = (
    "INSERT INTO counts VALUES (?, ?, ?, 1) "
    "ON CONFLICT (code, kind, item) DO UPDATE SET count = count + 1"
)


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
            db.execute("PRAGMA journal_mode = WAL")  # the dashboard reads while children write
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
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

    def _get(self, typed_code: str) -> Workshop | None:
        """The workshop with this code, open or ended (until it is purged)."""
        code = normalise_code(typed_code)
        if code is None:
            return None
        with self._db() as db:
            row = db.execute("SELECT * FROM workshops WHERE code = ?", (code,)).fetchone()
        return _workshop(row) if row else None

    def find(self, typed_code: str, now: datetime | None = None) -> Workshop | None:
        """The open workshop with this code (as typed), else None."""
        workshop = self._get(typed_code)
        return workshop if workshop and workshop.is_open(_utc(now)) else None

    def of_facilitator(self, facilitator: str, typed_code: str) -> Workshop | None:
        """The workshop, open or ended, only if this facilitator created it."""
        workshop = self._get(typed_code)
        return workshop if workshop and workshop.facilitator == facilitator else None

    def list_of(self, facilitator: str) -> list[Workshop]:
        """This facilitator's workshops, newest first."""
        with self._db() as db:
            rows = db.execute(
                "SELECT * FROM workshops WHERE facilitator = ? ORDER BY created_at DESC",
                (facilitator,),
            ).fetchall()
        return [_workshop(row) for row in rows]

    def end(self, code: str, now: datetime | None = None) -> None:
        """Close the workshop now: nobody else can join; its report stays."""
        moment = _utc(now).isoformat()
        with self._db() as db:
            db.execute(
                "UPDATE workshops SET expires_at = ? WHERE code = ? AND expires_at > ?",
                (moment, code, moment),
            )
            db.execute("DELETE FROM members WHERE code = ?", (code,))

    def delete(self, code: str) -> None:
        """Delete the workshop and everything counted in it."""
        with self._db() as db:
            db.execute("DELETE FROM workshops WHERE code = ?", (code,))

    def _hash(self, text: str) -> str:
        return hmac.new(self.salt, text.encode(), hashlib.sha256).hexdigest()

    def _participant(self, code: str, conversation_key: str) -> str:
        return self._hash(f"{code}:{conversation_key}")

    def _member(self, conversation_key: str) -> str:
        return self._hash(f"member:{conversation_key}")

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
            db.execute(
                "INSERT OR REPLACE INTO members VALUES (?, ?)",
                (self._member(conversation_key), workshop.code),
            )
        return workshop

    def join_sender(
        self, typed_code: str, sender_id: str, now: datetime | None = None
    ) -> Workshop | None:
        """join() for a channel's sender id (hashed as the SafeAssistant hashes it)."""
        return self.join(typed_code, conversation_key(sender_id, self.salt), now)

    def workshop_of(self, conversation_key: str, now: datetime | None = None) -> Workshop | None:
        """The open workshop this conversation joined, else None."""
        with self._db() as db:
            row = db.execute(
                "SELECT w.* FROM members m JOIN workshops w ON w.code = m.code "
                "WHERE m.member = ? AND w.expires_at > ?",
                (self._member(conversation_key), _utc(now).isoformat()),
            ).fetchone()
        return _workshop(row) if row else None

    def leave(self, conversation_key: str) -> None:
        """Forget which workshop the conversation is in (it stays counted)."""
        with self._db() as db:
            db.execute("DELETE FROM members WHERE member = ?", (self._member(conversation_key),))

    def record(self, code: str, reply: Reply, text: str) -> None:
        """Count one message of the workshop and what it led to; keep the (already redacted)
        text of a question the assistant could not answer. Nothing from a call for help."""
        with self._db() as db:
            db.execute(COUNT, (code, "messages", ""))
            if reply.safeguarding:
                return
            if reply.activity is not None:
                event = reply.activity
                db.execute(COUNT, (code, f"{event.kind}_answered", event.item))
                if event.correct:
                    db.execute(COUNT, (code, f"{event.kind}_correct", event.item))
                if event.choice:
                    db.execute(COUNT, (code, f"{event.kind}_{event.choice}", event.item))
            elif reply.topic == "out_of_scope" and not text.startswith("/"):
                kept = db.execute(
                    "SELECT COUNT(*) FROM unanswered WHERE code = ?", (code,)
                ).fetchone()[0]
                if kept < MAX_QUESTIONS:
                    db.execute(
                        "INSERT INTO unanswered VALUES (?, ?)", (code, text[:MAX_QUESTION_CHARS])
                    )
            elif reply.topic and reply.topic not in NOT_TOPICS:
                db.execute(COUNT, (code, "topic", reply.topic))

    def counts(self, code: str) -> dict[tuple[str, str], int]:
        """Every count of the workshop by (kind, item): ("topic", "time_limit") -> 4."""
        with self._db() as db:
            rows = db.execute(
                "SELECT kind, item, count FROM counts WHERE code = ?", (code,)
            ).fetchall()
        return {(kind, item): count for kind, item, count in rows}

    def unanswered(self, code: str) -> list[str]:
        with self._db() as db:
            rows = db.execute(
                "SELECT text FROM unanswered WHERE code = ? ORDER BY rowid", (code,)
            ).fetchall()
        return [row[0] for row in rows]

    def participants(self, code: str) -> int:
        with self._db() as db:
            return db.execute(
                "SELECT COUNT(*) FROM participants WHERE code = ?", (code,)
            ).fetchone()[0]

    def purge_expired(self, now: datetime | None = None, keep: timedelta = timedelta()) -> int:
        """Delete workshops that ended more than `keep` ago, with everything counted in them."""
        with self._db() as db:
            cursor = db.execute(
                "DELETE FROM workshops WHERE expires_at <= ?", ((_utc(now) - keep).isoformat(),)
            )
            return cursor.rowcount


def _workshop(row: tuple) -> Workshop:
    return Workshop(
        row[0],
        row[1],
        row[2],
        row[3],
        datetime.fromisoformat(row[4]),
        datetime.fromisoformat(row[5]),
    )
