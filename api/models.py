"""Request and reply bodies of the HTTP API (spec/api.md)."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, constr, validator

from bot.assistant import Reply
from bot.settings import Language

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SENDER_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


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

    @validator("sender_id")
    def _whole_id(cls, value: str) -> str:
        if not SENDER_ID.fullmatch(value):
            raise ValueError("use 1-128 characters of A-Z, a-z, 0-9, _ . : -")
        return value

    @validator("message")
    def _printable(cls, value: str) -> str:
        cleaned = CONTROL_CHARACTERS.sub("", value).strip()
        if not cleaned:
            raise ValueError("the message has no readable text")
        return cleaned


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
        )


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error: `{"error": {"code": ..., "message": ...}}`."""

    error: ErrorDetail


class Health(BaseModel):
    status: str
