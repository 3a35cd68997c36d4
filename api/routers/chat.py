"""POST /api/chat: one message in, the assistant's replies out."""

from __future__ import annotations

import logging
import time

from fastapi import APIRouter, Depends

from api.deps import get_assistant, get_rate_limiter, get_texts
from api.errors import ApiError
from api.models import ChatReply, ChatRequest, ErrorBody, MessageOut
from api.rate_limit import RateLimiter
from bot.assistant import Assistant, AssistantUnavailable
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
    assistant: Assistant = Depends(get_assistant),
    limiter: RateLimiter = Depends(get_rate_limiter),
    texts: Texts = Depends(get_texts),
) -> ChatReply:
    """Send one user message to the sender's conversation and get the replies."""
    if not limiter.allow(request.sender_id):
        raise ApiError(
            429,
            "You are sending messages very fast. Please wait a little and try again.",
            headers={"Retry-After": str(limiter.retry_after(request.sender_id))},
        )
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
    logger.info(
        "chat intent=%s topic=%s ms=%.1f",
        reply.intent.name if reply.intent else None,
        reply.topic,
        (time.perf_counter() - started) * 1000,
    )
    return ChatReply.from_reply(reply)
