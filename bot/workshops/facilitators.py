"""Facilitator tokens: made here, stored by the operator as SHA-256 hashes only, checked in
constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 24


def new_token() -> str:
    """A fresh facilitator token (32 URL-safe characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def facilitator_for(token: str, accounts: dict[str, str]) -> str | None:
    """The facilitator whose token this is, or None; every account is compared, in constant time."""
    if not token:
        return None
    digest = token_hash(token)
    found = None
    for name, expected in accounts.items():
        if hmac.compare_digest(digest, expected):
            found = name
    return found
