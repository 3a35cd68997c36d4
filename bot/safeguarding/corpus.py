"""The safeguarding corpus: messages written by independent authors, each item labelled.

`data/safeguarding/<language>/<author>.yml` holds one author's messages in one language (see
`data/safeguarding/README.md`). The detector's model learns from some authors and is measured on
an author it never saw, so each item keeps its author.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Extra, Field, constr, root_validator

from bot import PROJECT_ROOT
from bot.language import LANGUAGES
from bot.safeguarding.detector import CATEGORIES

CORPUS_DIR = PROJECT_ROOT / "data" / "safeguarding"
KINDS = ("disclosure", "lookalike", "distress")
LOOKALIKE_CATEGORIES = (
    "idiom",
    "game",
    "school",
    "rights_question",
    "story",
    "past_resolved",
    "check_answer",
    "other",
)
DISTRESS_CATEGORIES = ("sadness", "fear", "loneliness", "worry", "emoji")
CHECK_QUESTIONS = (
    "country",
    "event_date",
    "still_going_on",
    "child_at_time",
    "courts",
    "decision_date",
    "elsewhere",
    "anonymous",
    "who_sends",
)
Who = Literal["self", "friend", "sibling", "classmate", "other_child"]
Register = Literal["direct", "indirect", "euphemistic", "slang", "typos", "no_accents", "emoji"]
Moment = Literal["first", "mid_check", "after_question"]


class CorpusItem(BaseModel):
    """One message and what the bot must make of it."""

    text: constr(min_length=1, max_length=2000)  # type: ignore[valid-type]
    kind: Literal[KINDS]  # type: ignore[valid-type]
    category: str
    who: Who = "self"
    register_: Register = Field("direct", alias="register")
    moment: Moment = "first"
    check_question: str | None = None
    author: str = ""
    language: str = ""

    class Config:
        extra = Extra.forbid
        allow_mutation = False
        allow_population_by_field_name = True

    @root_validator(skip_on_failure=True)
    def _consistent(cls, values: dict) -> dict:
        allowed = {
            "disclosure": CATEGORIES,
            "lookalike": LOOKALIKE_CATEGORIES,
            "distress": DISTRESS_CATEGORIES,
        }[values["kind"]]
        if values["category"] not in allowed:
            raise ValueError(f"{values['kind']} category {values['category']!r} not in {allowed}")
        question = values.get("check_question")
        if question is not None and question not in CHECK_QUESTIONS:
            raise ValueError(f"check_question {question!r} not in {CHECK_QUESTIONS}")
        return values

    @property
    def about_other(self) -> bool:
        return self.who != "self"

    @property
    def expected_safety(self) -> str | None:
        """The reply this message should get: crisis, self_harm, friend, check_in or None."""
        if self.kind == "lookalike":
            return None
        if self.kind == "distress":
            return "check_in"
        if self.about_other:
            return "friend"
        return "self_harm" if self.category == "self_harm_suicide" else "crisis"


class CorpusFile(BaseModel):
    language: str
    author: constr(regex=r"^[a-z]{2}-[a-z0-9_]+$")  # type: ignore[valid-type]
    items: list[CorpusItem]

    class Config:
        extra = Extra.forbid


def load_file(path: Path) -> list[CorpusItem]:
    """One author's file, validated; every item is stamped with its author and language."""
    data = CorpusFile.parse_obj(yaml.safe_load(path.read_text(encoding="utf-8")))
    if data.language not in LANGUAGES or path.parent.name != data.language:
        raise ValueError(f"{path}: language {data.language!r} does not match its folder")
    return [
        item.copy(update={"author": data.author, "language": data.language}) for item in data.items
    ]


def corpus_files(root: Path = CORPUS_DIR) -> list[Path]:
    return sorted(root.glob("*/*.yml"))


@lru_cache(maxsize=4)
def load_corpus(root: Path = CORPUS_DIR) -> tuple[CorpusItem, ...]:
    """Every author's items, in file order."""
    return tuple(item for path in corpus_files(root) for item in load_file(path))


def authors(items: Iterable[CorpusItem]) -> list[str]:
    return sorted({item.author for item in items})


REPO_SET = PROJECT_ROOT / "tests" / "safeguarding" / "messages.yml"
"""The first evaluation set, written with the patterns (by the same hands): training data only."""


def load_repo_set(path: Path = REPO_SET) -> tuple[CorpusItem, ...]:
    """tests/safeguarding/messages.yml as corpus items of author `<language>-repo`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = []
    for language, sets in data.items():
        common = {"author": f"{language}-repo", "language": language}
        for category, texts in sets["disclosures"].items():
            items += [
                CorpusItem(text=t, kind="disclosure", category=category, **common) for t in texts
            ]
        items += [
            CorpusItem(text=t, kind="lookalike", category="other", **common)
            for t in sets["ordinary"]
        ]
    return tuple(items)
