"""Read Rasa's YAML NLU files as plain (intent, text) pairs, without Rasa."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

ENTITY_MARKUP = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def plain_text(example: str) -> str:
    """'has [spain](country) joined' -> 'has spain joined'."""
    return ENTITY_MARKUP.sub(r"\1", example)


def read_examples(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """Every (intent, text) pair in the given NLU files or folders of them."""
    pairs = []
    for path in paths:
        files = sorted(path.rglob("*.yml")) if path.is_dir() else [path]
        for file in files:
            for block in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("nlu", []):
                if "intent" not in block:
                    continue
                for line in block["examples"].splitlines():
                    if line.strip().startswith("- "):
                        pairs.append((block["intent"], plain_text(line.strip()[2:].strip())))
    return pairs
