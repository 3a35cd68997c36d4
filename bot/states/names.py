"""Normalising country names so that "Brasil", "BRÉSIL" and "brazil!" can be compared."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_LEADING_ARTICLES = ("the ", "la ", "le ", "les ", "el ", "los ", "las ", "l ")


def normalise(name: str) -> str:
    """Lowercase ASCII words separated by single spaces, without a leading article."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = _NOT_WORD.sub(" ", folded.lower()).strip()
    for article in _LEADING_ARTICLES:
        if words.startswith(article):
            return words[len(article) :]
    return words


def variants(name: str) -> Iterator[str]:
    """A name plus the shorter forms people use: before a comma, without a bracket."""
    yield name
    if "(" in name:
        yield name.split("(")[0]
        yield name[name.index("(") + 1 :].rstrip(")")
    if ", " in name:
        head, tail = name.split(", ", 1)
        yield head
        yield f"{tail} {head}"


def word_ngrams(text: str, longest: int = 6) -> list[str]:
    """Every run of 1..longest consecutive words of a normalised text, longest first."""
    words = normalise(text).split()
    grams = []
    for size in range(min(longest, len(words)), 0, -1):
        grams += [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    return grams


def split_aliases(field: str) -> Iterable[str]:
    return (alias.strip() for alias in field.split(";") if alias.strip())
