"""Short join codes a group can read off a board and type: no 0/O, 1/I/L or other look-alikes."""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6
_NOT_CODE = re.compile(r"[\s\-_.]")


def new_code() -> str:
    """A random code, e.g. "K7QX2M" (31^6: about 900 million codes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str) -> str | None:
    """The code a person typed ("k7q-x2m ", "k7qx2m"), or None when it cannot be one."""
    code = _NOT_CODE.sub("", text).upper()
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code
