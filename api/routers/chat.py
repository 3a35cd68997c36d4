"""POST /api/chat: one message in, the assistant's replies out."""

from __future__ import annotations

import logging
import time

from fastapi import APIRouter, Depends, Request

from api.deps import check_rate_limits, get_assistant, get_texts
from api.errors import ApiError
from api.models import ChatReply, ChatRequest, ErrorBody, MessageOut
from bot.assistant import Assistant, AssistantUnavailable
from bot.safe_assistant import SafeAssistant
from bot.texts import Texts

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["chat"])

ERRORS = {
    413: {"model": ErrorBody, "description": "Body over 16 KiB"},
    422: {"model": ErrorBody, "description": "Body does not validate"},
    429: {"model": ErrorBody, "description": "This sender sends too fast"},
    503: {"model": ErrorBody, "description": "The assistant is starting or unavailable"},
}


@router.post("/chat", response_model=ChatReply, responses=ERRORS)
async def chat(
    request: ChatRequest,
    http_request: Request,
    assistant: Assistant = Depends(get_assistant),
    texts: Texts = Depends(get_texts),
) -> ChatReply:
    """Send one user message to the sender's conversation and get the replies."""
    check_rate_limits(http_request, request.sender_id)
    started = time.perf_counter()
    try:
        reply = await assistant.reply(request.sender_id, request.message, request.language)
    except AssistantUnavailable as unavailable:
        raise ApiError(
            503, "The assistant is not available right now. Please try again soon."
        ) from unavailable
    except Exception as error:  # the child still gets a kind answer and can go on
        logger.error("chat failed: %s", type(error).__name__)
        language = request.language or "en"
        return ChatReply(
            sender_id=request.sender_id,
            language=language,
            messages=[MessageOut(text=texts.get("action_failed", language))],
            topic=None,
            intent=None,
            safeguarding=False,
        )
    intent = reply.intent.name if reply.intent else None
    ms = round((time.perf_counter() - started) * 1000, 1)
    key = assistant.key(request.sender_id) if isinstance(assistant, SafeAssistant) else None
    logger.info(
        "chat intent=%s topic=%s ms=%.1f",
        intent,
        reply.topic,
        ms,
        extra={"conversation": key, "intent": intent, "topic": reply.topic, "ms": ms},
    )
    return ChatReply.from_reply(reply)
