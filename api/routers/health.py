"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.errors import ApiError
from api.models import ErrorBody, Health
from bot.assistant import Assistant

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """200 as soon as the process serves."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": ErrorBody}})
async def readyz(request: Request) -> Health:
    """200 only when the model is loaded and answers."""
    assistant = getattr(request.app.state, "assistant", None)
    if assistant is None or not await _answers(assistant):
        raise ApiError(503, "The assistant is not ready yet.", headers={"Retry-After": "5"})
    return Health(status="ready")


async def _answers(assistant: Assistant) -> bool:
    try:
        return await assistant.is_ready()
    except Exception:
        return False
