"""The languages opic-bot speaks (bot/languages.yml), and which one to answer a message in."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Extra, Field, confloat, conint

from bot.states.names import normalise

LANGUAGES_FILE = Path(__file__).resolve().parent / "languages.yml"
_WORDS = re.compile(r"[a-z']+")


class LanguageSpec(BaseModel, extra=Extra.forbid):
    """One language's entry in bot/languages.yml."""

    name: str = Field(..., min_length=1)
    answer_words: conint(ge=20, le=200) = 80  # type: ignore[valid-type]
    markers: str = ""
    letters: str = ""
    min_nlu_accuracy: confloat(ge=0.5, le=1.0) = 0.85  # type: ignore[valid-type]


@lru_cache(maxsize=1)
def language_specs(path: Path = LANGUAGES_FILE) -> dict[str, LanguageSpec]:
    """Every language, by code, in the file's order (English first: the fallback)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    specs = {str(code): LanguageSpec.parse_obj(entry) for code, entry in data.items()}
    bad = [code for code in specs if not re.fullmatch(r"[a-z]{2,3}", code)]
    if bad or "en" not in specs:
        raise ValueError(f"{path.name}: codes must be ISO 639 (e.g. fr) and include en; got {bad}")
    return specs


LANGUAGES: tuple[str, ...] = tuple(language_specs())
"""The code of every language opic-bot speaks, English first."""


def language_names() -> dict[str, str]:
    """Each language's own name by code, for language buttons: {"fr": "Français", ...}."""
    return {code: spec.name for code, spec in language_specs().items()}


@lru_cache(maxsize=1)
def _markers() -> dict[str, tuple[frozenset[str], str]]:
    """Per language: its marker words (normalised) and its own letters, built once."""
    return {
        code: (frozenset(normalise(spec.markers).split()), spec.letters)
        for code, spec in language_specs().items()
    }


def detect_language(text: str) -> str | None:
    """The likeliest language of a text, or None when nothing points either way."""
    words = _WORDS.findall(normalise(text))
    lowered = text.lower()
    scores = {
        code: sum(word in markers for word in words)
        + 2 * sum(letter in lowered for letter in letters)
        for code, (markers, letters) in _markers().items()
    }
    best = max(scores, key=lambda code: scores[code])
    ranked = sorted(scores.values(), reverse=True)
    runner_up = ranked[1] if len(ranked) > 1 else 0
    return best if ranked[0] > 0 and ranked[0] > runner_up else None


def choose_language(
    requested: str | None, previous: str | None, text: str, default: str = "en"
) -> str:
    """An explicit choice wins; otherwise the conversation keeps its language; else detection."""
    return requested or previous or detect_language(text) or default
