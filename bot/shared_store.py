"""The Redis several workers share: its address as keyword arguments, and a client."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote, urlsplit

import redis

TIMEOUT_SECONDS = 2.0
"""A message must not hang on an unreachable Redis: fail fast, answer "try again"."""


def redis_parts(url: str) -> dict:
    """redis://[user[:password]@]host[:port][/db] as keyword arguments (Rasa's names)."""
    parts = urlsplit(url)
    db = parts.path.strip("/")
    return {
        "host": parts.hostname or "localhost",
        "port": parts.port or 6379,
        "db": int(db) if db.isdigit() else 0,
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "use_ssl": parts.scheme == "rediss",
    }


@lru_cache(maxsize=16)
def redis_client(url: str, decode_responses: bool = False) -> redis.Redis:
    """The process' redis-py client for this address (one connection pool shared by the rate
    limits, workshops, tracker store and button keys), with short time-outs; answers as text
    with decode_responses."""
    parts = redis_parts(url)
    ssl = parts.pop("use_ssl")
    return redis.Redis(
        **parts,
        ssl=ssl,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
        decode_responses=decode_responses,
    )
