"""Request and reply bodies of the HTTP API (spec/api.md)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, confloat, constr, validator

from bot.assistant import Reply
from bot.settings import Language

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SENDER_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


def whole_sender_id(value: str) -> str:
    """A sender id made of the allowed characters only (no trailing newline, which `$` lets in)."""
    if not SENDER_ID.fullmatch(value):
        raise ValueError("use 1-128 characters of A-Z, a-z, 0-9, _ . : -")
    return value


def readable(value: str) -> str:
    """The text without control characters; refused when nothing readable is left."""
    cleaned = CONTROL_CHARACTERS.sub("", value).strip()
    if not cleaned:
        raise ValueError("there is no readable text")
    return cleaned


class ChatRequest(BaseModel):
    """One user message."""

    sender_id: constr(strict=True, regex=r"^[A-Za-z0-9_.:-]{1,128}$") = Field(  # type: ignore[valid-type]
        ..., example="web-3f2a", description="One conversation per sender_id."
    )
    message: constr(strict=True, strip_whitespace=True, min_length=1, max_length=2000) = Field(  # type: ignore[valid-type]
        ..., example="can kids complain to the UN??"
    )
    language: Language | None = Field(
        None, description="Absent: the conversation's language so far, else detected, else en."
    )

    _whole_id = validator("sender_id", allow_reuse=True)(whole_sender_id)
    _readable = validator("message", allow_reuse=True)(readable)


class ButtonOut(BaseModel):
    title: str
    payload: str


class MessageOut(BaseModel):
    text: str
    buttons: list[ButtonOut] = []


class IntentOut(BaseModel):
    name: str
    confidence: float


class ChatReply(BaseModel):
    """The assistant's replies to one message and what it understood."""

    sender_id: str
    language: str
    messages: list[MessageOut]
    topic: str | None = Field(None, description="Topic id answered; null for small talk.")
    intent: IntentOut | None
    safeguarding: bool
    safety: Literal["crisis", "self_harm", "friend", "check_in"] | None = Field(
        None,
        description="Which safety reply was given; safeguarding is true for crisis, self_harm "
        "and friend. A button whose payload starts with tel: is a phone number to call.",
    )

    @classmethod
    def from_reply(cls, reply: Reply) -> ChatReply:
        return cls(
            sender_id=reply.sender_id,
            language=reply.language,
            messages=[
                MessageOut(
                    text=m.text,
                    buttons=[ButtonOut(title=b.title, payload=b.payload) for b in m.buttons],
                )
                for m in reply.messages
            ],
            topic=reply.topic,
            intent=IntentOut(name=reply.intent.name, confidence=round(reply.intent.confidence, 4))
            if reply.intent
            else None,
            safeguarding=reply.safeguarding,
            safety=reply.safety,
        )


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error: `{"error": {"code": ..., "message": ...}}`."""

    error: ErrorDetail


class Health(BaseModel):
    status: str


# Workshops (facilitators, and children joining with a code)


class JoinRequest(BaseModel):
    """A child joins a workshop with the code the facilitator gave."""

    sender_id: constr(strict=True, regex=r"^[A-Za-z0-9_.:-]{1,128}$")  # type: ignore[valid-type]
    code: constr(strict=True, min_length=1, max_length=32) = Field(..., example="K7Q-X2M")  # type: ignore[valid-type]
    language: Language | None = None

    _whole_id = validator("sender_id", allow_reuse=True)(whole_sender_id)


class WorkshopJoined(BaseModel):
    code: str
    title: str
    language: str
    messages: list[MessageOut]


class WorkshopCreate(BaseModel):
    title: constr(strict=True, strip_whitespace=True, min_length=1, max_length=80)  # type: ignore[valid-type]
    language: Language = "en"
    hours: confloat(gt=0, le=24 * 14) = Field(3, description="How long children can join.")  # type: ignore[valid-type]

    _readable = validator("title", allow_reuse=True)(readable)


class WorkshopOut(BaseModel):
    code: str
    title: str
    language: str
    created_at: datetime
    expires_at: datetime
    open: bool
    participants: int
    web_link: str
    telegram_link: str | None
    handout_links: dict[str, str]


class TopicCountOut(BaseModel):
    topic: str
    title: str
    count: int


class QuizResultOut(BaseModel):
    question: str
    text: str
    answered: int
    correct: int


class CaseResultOut(BaseModel):
    case: str
    title: str
    answered: int
    agreed: int
    votes: dict[str, int]


class WorkshopReportOut(BaseModel):
    code: str
    title: str
    language: str
    expires_at: datetime
    open: bool
    participants: int
    messages: int
    topics: list[TopicCountOut]
    quiz: list[QuizResultOut]
    cases: list[CaseResultOut]
    unanswered: list[str] | None = Field(
        None, description="Redacted; null until min_participants have joined."
    )
    min_participants: int
