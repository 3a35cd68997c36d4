"""Workshops in a SQLite file: the default, for one machine (its processes share the file)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from bot.workshops.store import MAX_QUESTIONS, Count, Workshop, WorkshopStore, utc

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


class SQLiteWorkshopStore(WorkshopStore):
    """Workshops, participants and counts in tables of one SQLite file (WAL mode)."""

    def __init__(self, path: Path, salt: bytes) -> None:
        super().__init__(salt)
        self.path = path
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

    def _insert(self, workshop: Workshop) -> bool:
        try:
            with self._db() as db:
                db.execute(
                    "INSERT INTO workshops VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        workshop.code,
                        workshop.facilitator,
                        workshop.title,
                        workshop.language,
                        workshop.created_at.isoformat(),
                        workshop.expires_at.isoformat(),
                    ),
                )
            return True
        except sqlite3.IntegrityError:  # the code is taken
            return False

    def _get(self, code: str) -> Workshop | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM workshops WHERE code = ?", (code,)).fetchone()
        return _workshop(row) if row else None

    def list_of(self, facilitator: str) -> list[Workshop]:
        with self._db() as db:
            rows = db.execute(
                "SELECT * FROM workshops WHERE facilitator = ? ORDER BY created_at DESC",
                (facilitator,),
            ).fetchall()
        return [_workshop(row) for row in rows]

    def end(self, code: str, now: datetime | None = None) -> None:
        moment = utc(now).isoformat()
        with self._db() as db:
            db.execute(
                "UPDATE workshops SET expires_at = ? WHERE code = ? AND expires_at > ?",
                (moment, code, moment),
            )
            db.execute("DELETE FROM members WHERE code = ?", (code,))

    def delete(self, code: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM workshops WHERE code = ?", (code,))

    def _add(self, workshop: Workshop, participant: str, member: str, now: datetime) -> None:
        with self._db() as db:
            db.execute(
                "INSERT OR IGNORE INTO participants VALUES (?, ?, ?)",
                (workshop.code, participant, now.isoformat()),
            )
            db.execute("INSERT OR REPLACE INTO members VALUES (?, ?)", (member, workshop.code))

    def _code_of(self, member: str) -> str | None:
        with self._db() as db:
            row = db.execute("SELECT code FROM members WHERE member = ?", (member,)).fetchone()
        return row[0] if row else None

    def _remove_member(self, member: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM members WHERE member = ?", (member,))

    def _record(self, workshop: Workshop, counts: list[Count], question: str | None) -> None:
        code = workshop.code
        with self._db() as db:
            for kind, item in counts:
                db.execute(COUNT, (code, kind, item))
            if question is None:
                return
            kept = db.execute("SELECT COUNT(*) FROM unanswered WHERE code = ?", (code,)).fetchone()
            if kept[0] < MAX_QUESTIONS:
                db.execute("INSERT INTO unanswered VALUES (?, ?)", (code, question))

    def counts(self, code: str) -> dict[Count, int]:
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
        with self._db() as db:
            cursor = db.execute(
                "DELETE FROM workshops WHERE expires_at <= ?", ((utc(now) - keep).isoformat(),)
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
