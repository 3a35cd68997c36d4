"""Workshops in Redis: the store several workers share (OPIC_REDIS_URL).

Keys (all under opic:ws:): <code> a hash of the workshop; <code>:participants a set of
participant hashes; <code>:counts a hash "kind|item" -> count; <code>:unanswered a list;
by:<facilitator> a sorted set of codes by creation time; member:<hash> the code a
conversation joined. Every key of a workshop expires `keep` after the workshop ends, so Redis
purges them by itself.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import redis

from bot.workshops.store import MAX_QUESTIONS, Count, Workshop, WorkshopStore, utc

PREFIX = "opic:ws:"
# In one step: add one to each counter, keep the question while fewer than MAX_QUESTIONS are.
RECORD = """
for i = 3, #ARGV do redis.call('HINCRBY', KEYS[1], ARGV[i], 1) end
if ARGV[1] ~= '' and redis.call('LLEN', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
end
return 1
"""


class RedisWorkshopStore(WorkshopStore):
    """Workshops, participants and counts in Redis, expiring with the retention period."""

    def __init__(self, client: redis.Redis, salt: bytes, keep: timedelta) -> None:
        super().__init__(salt)
        self.red = client
        self.keep = keep
        """How long a workshop's data stays after it ends."""
        self._record_script = client.register_script(RECORD)

    def _keys(self, code: str) -> list[str]:
        return [f"{PREFIX}{code}", *(f"{PREFIX}{code}:{part}" for part in PARTS)]

    def _expire_at(self, workshop: Workshop) -> int:
        return int((workshop.expires_at + self.keep).timestamp()) + 1

    def _insert(self, workshop: Workshop) -> bool:
        key = f"{PREFIX}{workshop.code}"
        fields = {
            "facilitator": workshop.facilitator,
            "title": workshop.title,
            "language": workshop.language,
            "created_at": workshop.created_at.isoformat(),
            "expires_at": workshop.expires_at.isoformat(),
        }
        if not self.red.hsetnx(key, "code", workshop.code):
            return False  # the code is taken
        pipe = self.red.pipeline()
        pipe.hset(key, mapping=fields)
        pipe.expireat(key, self._expire_at(workshop))
        by = f"{PREFIX}by:{workshop.facilitator}"
        pipe.zadd(by, {workshop.code: workshop.created_at.timestamp()})
        pipe.expireat(by, max(self._expire_at(workshop), self._ttl_end(by)))
        pipe.execute()
        return True

    def _ttl_end(self, key: str) -> int:
        """When the key expires now (epoch seconds; 0 when it has no expiry yet)."""
        ttl = self.red.ttl(key)
        return int(datetime.now().timestamp()) + ttl if ttl > 0 else 0

    def _get(self, code: str) -> Workshop | None:
        fields = self.red.hgetall(f"{PREFIX}{code}")
        if not fields or "expires_at" not in fields:
            return None
        return Workshop(
            code,
            fields["facilitator"],
            fields["title"],
            fields["language"],
            datetime.fromisoformat(fields["created_at"]),
            datetime.fromisoformat(fields["expires_at"]),
        )

    def list_of(self, facilitator: str) -> list[Workshop]:
        by = f"{PREFIX}by:{facilitator}"
        workshops = []
        for code in self.red.zrevrange(by, 0, -1):
            workshop = self._get(code)
            if workshop is None:
                self.red.zrem(by, code)  # purged by Redis: forget it here too
            else:
                workshops.append(workshop)
        return workshops

    def end(self, code: str, now: datetime | None = None) -> None:
        workshop = self._get(code)
        moment = utc(now)
        if workshop is None or not workshop.is_open(moment):
            return
        ended = replace(workshop, expires_at=moment)
        self.red.hset(f"{PREFIX}{code}", "expires_at", moment.isoformat())
        for key in self._keys(code):
            self.red.expireat(key, self._expire_at(ended))

    def delete(self, code: str) -> None:
        workshop = self._get(code)
        self.red.delete(*self._keys(code))
        if workshop is not None:
            self.red.zrem(f"{PREFIX}by:{workshop.facilitator}", code)

    def _add(self, workshop: Workshop, participant: str, member: str, now: datetime) -> None:
        pipe = self.red.pipeline()
        pipe.sadd(f"{PREFIX}{workshop.code}:participants", participant)
        pipe.expireat(f"{PREFIX}{workshop.code}:participants", self._expire_at(workshop))
        pipe.set(f"{PREFIX}member:{member}", workshop.code, exat=self._expire_at(workshop))
        pipe.execute()

    def _code_of(self, member: str) -> str | None:
        return self.red.get(f"{PREFIX}member:{member}")

    def _remove_member(self, member: str) -> None:
        self.red.delete(f"{PREFIX}member:{member}")

    def _record(self, workshop: Workshop, counts: list[Count], question: str | None) -> None:
        keys = [f"{PREFIX}{workshop.code}:counts", f"{PREFIX}{workshop.code}:unanswered"]
        fields = [f"{kind}|{item}" for kind, item in counts]
        pipe = self.red.pipeline(transaction=False)
        self._record_script(keys=keys, args=[question or "", MAX_QUESTIONS, *fields], client=pipe)
        for key in keys:
            pipe.expireat(key, self._expire_at(workshop))
        pipe.execute()

    def counts(self, code: str) -> dict[Count, int]:
        found = self.red.hgetall(f"{PREFIX}{code}:counts")
        return {tuple(field.split("|", 1)): int(value) for field, value in found.items()}  # type: ignore[misc]

    def unanswered(self, code: str) -> list[str]:
        return self.red.lrange(f"{PREFIX}{code}:unanswered", 0, -1)

    def participants(self, code: str) -> int:
        return self.red.scard(f"{PREFIX}{code}:participants")

    def purge_expired(self, now: datetime | None = None, keep: timedelta = timedelta()) -> int:
        """Redis deletes ended workshops by itself (their keys expire); this deletes the ones
        ended more than `keep` ago at once, e.g. when the retention was shortened."""
        cutoff = utc(now) - keep
        purged = 0
        for key in self.red.scan_iter(f"{PREFIX}by:*"):
            for code in self.red.zrange(key, 0, -1):
                workshop = self._get(code)
                if workshop is None or workshop.expires_at <= cutoff:
                    if workshop is not None:
                        self.delete(code)
                        purged += 1
                    self.red.zrem(key, code)
        return purged

    def is_healthy(self) -> bool:
        return bool(self.red.ping())


PARTS = ("participants", "counts", "unanswered")
