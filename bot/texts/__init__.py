"""Fixed sentences (small talk, country answers, errors) per language, from bot/texts/<lang>.yml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

TEXTS_DIR = Path(__file__).resolve().parent


class Texts:
    """Every fixed sentence the assistant says, by key and language."""

    def __init__(self, by_language: dict[str, dict[str, str]]):
        if "en" not in by_language:
            raise ValueError("English texts (en.yml) are missing")
        self.by_language = by_language

    def get(self, key: str, language: str, **fields: object) -> str:
        """The sentence for a key, in a language (English when missing), with {fields} filled in."""
        own = self.by_language.get(language, {})
        template = own.get(key) or self.by_language["en"][key]
        return template.format(**fields) if fields else template

    def keys(self, language: str) -> set:
        return set(self.by_language.get(language, {}))


def load_texts(directory: Path = TEXTS_DIR) -> Texts:
    by_language = {}
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValueError(f"{path.name} must map keys to sentences")
        by_language[path.stem] = data
    return Texts(by_language)


@lru_cache(maxsize=1)
def default_texts() -> Texts:
    return load_texts()
