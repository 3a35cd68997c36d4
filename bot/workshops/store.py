"""Workshops: created by a facilitator, joined with a code, expiring on their own.

Participants are kept only as keyed hashes of their (already hashed) conversation key: one per
workshop to count people without knowing who they are, and one to find the workshop a
conversation is in. What the group did is kept as counts, plus the redacted text of questions
the assistant could not answer. Everything goes when the workshop is purged.

WorkshopStore holds the rules; where the data lives is a subclass: a SQLite file on one machine
(bot/workshops/sqlite_store.py), Redis when several workers share it (redis_store.py).
"""

from __future__ import annotations

import hashlib
import hmac
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

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
Count = tuple[str, str]
"""(kind, item) of a counter: ("topic", "time_limit"), ("quiz_correct", "one_year_limit")."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def utc(moment: datetime | None) -> datetime:
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


def counts_of(reply: Reply, text: str) -> tuple[list[Count], str | None]:
    """What one message adds to a workshop: its counters, and the question to keep (redacted
    already) when the assistant could not answer it. A call for help adds one message only."""
    counts: list[Count] = [("messages", "")]
    if reply.safeguarding:
        return counts, None
    if reply.activity is not None:
        event = reply.activity
        counts.append((f"{event.kind}_answered", event.item))
        if event.correct:
            counts.append((f"{event.kind}_correct", event.item))
        if event.choice:
            counts.append((f"{event.kind}_{event.choice}", event.item))
    elif reply.topic == "out_of_scope" and not text.startswith("/"):
        return counts, text[:MAX_QUESTION_CHARS]
    elif reply.topic and reply.topic not in NOT_TOPICS:
        counts.append(("topic", reply.topic))
    return counts, None


class WorkshopStore(ABC):
    """Create, find, join, record and end workshops; every read checks expiry."""

    def __init__(self, salt: bytes) -> None:
        self.salt = salt

    # What every store keeps, each its own way

    @abstractmethod
    def _insert(self, workshop: Workshop) -> bool:
        """Store a new workshop; False when its code is taken."""

    @abstractmethod
    def _get(self, code: str) -> Workshop | None:
        """The workshop with this (normalised) code, open or ended, until it is purged."""

    @abstractmethod
    def list_of(self, facilitator: str) -> list[Workshop]:
        """This facilitator's workshops, newest first."""

    @abstractmethod
    def end(self, code: str, now: datetime | None = None) -> None:
        """Close the workshop now: nobody else can join; its report stays."""

    @abstractmethod
    def delete(self, code: str) -> None:
        """Delete the workshop and everything counted in it."""

    @abstractmethod
    def _add(self, workshop: Workshop, participant: str, member: str, now: datetime) -> None:
        """Count the participant once, and make the member's workshop this one."""

    @abstractmethod
    def _code_of(self, member: str) -> str | None:
        """The code of the workshop a member joined last."""

    @abstractmethod
    def _remove_member(self, member: str) -> None: ...

    @abstractmethod
    def _record(self, workshop: Workshop, counts: list[Count], question: str | None) -> None:
        """Add one to each counter; keep the question (at most MAX_QUESTIONS per workshop)."""

    @abstractmethod
    def counts(self, code: str) -> dict[Count, int]:
        """Every count of the workshop by (kind, item)."""

    @abstractmethod
    def unanswered(self, code: str) -> list[str]: ...

    @abstractmethod
    def participants(self, code: str) -> int: ...

    @abstractmethod
    def purge_expired(self, now: datetime | None = None, keep: timedelta = timedelta()) -> int:
        """Delete workshops that ended more than `keep` ago, with everything counted in them."""

    def is_healthy(self) -> bool:
        """True when the store answers (raises otherwise)."""
        self._get("AAAAAA")
        return True

    # The rules, the same for every store

    def create(
        self, facilitator: str, title: str, language: str, hours: float, now: datetime | None = None
    ) -> Workshop:
        """A new workshop with an unused code, open for `hours` (at most MAX_HOURS)."""
        if not 0 < hours <= MAX_HOURS:
            raise ValueError(f"a workshop lasts more than 0 and at most {MAX_HOURS} hours")
        if not title.strip():
            raise ValueError("a workshop needs a title")
        now = utc(now)
        while True:
            workshop = Workshop(
                new_code(), facilitator, title.strip(), language, now, now + timedelta(hours=hours)
            )
            if self._insert(workshop):
                return workshop

    def find(self, typed_code: str, now: datetime | None = None) -> Workshop | None:
        """The open workshop with this code (as typed), else None."""
        workshop = self._typed(typed_code)
        return workshop if workshop and workshop.is_open(utc(now)) else None

    def of_facilitator(self, facilitator: str, typed_code: str) -> Workshop | None:
        """The workshop, open or ended, only if this facilitator created it."""
        workshop = self._typed(typed_code)
        return workshop if workshop and workshop.facilitator == facilitator else None

    def join(
        self, typed_code: str, conversation_key: str, now: datetime | None = None
    ) -> Workshop | None:
        """Count this conversation in the workshop; None when the code is unknown or expired."""
        now = utc(now)
        workshop = self.find(typed_code, now)
        if workshop is None:
            return None
        participant = self._hash(f"{workshop.code}:{conversation_key}")
        self._add(workshop, participant, self._member(conversation_key), now)
        return workshop

    def join_sender(
        self, typed_code: str, sender_id: str, now: datetime | None = None
    ) -> Workshop | None:
        """join() for a channel's sender id (hashed as the SafeAssistant hashes it)."""
        return self.join(typed_code, conversation_key(sender_id, self.salt), now)

    def workshop_of(self, conversation_key: str, now: datetime | None = None) -> Workshop | None:
        """The open workshop this conversation joined, else None."""
        code = self._code_of(self._member(conversation_key))
        workshop = self._get(code) if code else None
        return workshop if workshop and workshop.is_open(utc(now)) else None

    def leave(self, conversation_key: str) -> None:
        """Forget which workshop the conversation is in (it stays counted)."""
        self._remove_member(self._member(conversation_key))

    def record(self, workshop: Workshop, reply: Reply, text: str) -> None:
        """Count one message of the workshop and what it led to (see counts_of)."""
        counts, question = counts_of(reply, text)
        self._record(workshop, counts, question)

    def _typed(self, typed_code: str) -> Workshop | None:
        code = normalise_code(typed_code)
        return self._get(code) if code else None

    def _hash(self, text: str) -> str:
        return hmac.new(self.salt, text.encode(), hashlib.sha256).hexdigest()

    def _member(self, conversation_key: str) -> str:
        return self._hash(f"member:{conversation_key}")
