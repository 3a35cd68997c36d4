"""DELETE /api/conversations/{sender_id}: "forget me", at once and completely."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request, Response

from api.deps import check_rate_limits, get_assistant
from api.models import ErrorBody
from bot.assistant import Assistant

router = APIRouter(prefix="/api", tags=["privacy"])


@router.delete(
    "/conversations/{sender_id}",
    status_code=204,
    response_class=Response,
    responses={
        422: {"model": ErrorBody, "description": "Not a valid sender_id"},
        429: {"model": ErrorBody, "description": "This sender sends too fast"},
        503: {"model": ErrorBody, "description": "The assistant is starting or unavailable"},
    },
)
async def forget_conversation(
    request: Request,
    sender_id: str = Path(..., pattern=r"^[A-Za-z0-9_.:-]{1,128}$"),
    assistant: Assistant = Depends(get_assistant),
) -> Response:
    """Delete everything kept about this sender's conversation. Deleting twice is fine."""
    check_rate_limits(request, sender_id)
    await assistant.forget(sender_id)
    return Response(status_code=204)
