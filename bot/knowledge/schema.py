"""Pydantic models of the knowledge-base files; unknown fields are errors."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Extra, HttpUrl, conlist, constr, validator

ARTICLE = re.compile(r"^\d{1,2}(\(\d\)|\([a-h]\))*$")
TOPIC_ID = constr(regex=r"^[a-z][a-z_]*$")
LANGUAGE_CODE = constr(regex=r"^[a-z]{2,3}$")


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


class TopicFacts(Strict):
    """What one answer rests on, the same in every language."""

    articles: list[str]
    source: HttpUrl
    follow_ups: conlist(TOPIC_ID, min_items=1, max_items=3)  # type: ignore[valid-type]

    @validator("articles", each_item=True)
    def _article_form(cls, value: str) -> str:
        if not ARTICLE.match(value):
            raise ValueError(f"{value!r} is not an OPIC article like '5' or '7(e)'")
        return value


class TopicText(Strict):
    """One topic's words for children in one language."""

    title: constr(strip_whitespace=True, min_length=2, max_length=40)  # type: ignore[valid-type]
    answer: constr(strip_whitespace=True, min_length=10)  # type: ignore[valid-type]
    more: constr(strip_whitespace=True, min_length=10) | None = None  # type: ignore[valid-type]
    reviewed: date


class LanguageFile(Strict):
    """bot/knowledge/<language>.yml."""

    language: LANGUAGE_CODE  # type: ignore[valid-type]
    topics: dict[TOPIC_ID, TopicText]  # type: ignore[valid-type]
