"""Named dependencies of the routes: assistant, settings, limits, workshops, facilitators."""

from __future__ import annotations

from fastapi import FastAPI, Header, Request

from api.errors import ApiError
from bot.assistant import Assistant
from bot.rate_limit import Limiter
from bot.settings import Settings
from bot.texts import Texts
from bot.workshops.facilitators import facilitator_for
from bot.workshops.store import WorkshopStore


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_texts(request: Request) -> Texts:
    return request.app.state.texts


def get_rate_limiter(request: Request) -> Limiter:
    return request.app.state.rate_limiter


def check_rate_limits(request: Request, sender_id: str) -> None:
    """429 with a kind message when this sender, or this IP address, sends too fast."""
    state = request.app.state
    ip = request.client.host if request.client else "unknown"
    for limiter, key in ((state.rate_limiter, sender_id), (state.ip_rate_limiter, ip)):
        if not limiter.allow(key):
            raise ApiError(
                429,
                state.texts.get("too_fast", "en"),
                headers={"Retry-After": str(limiter.retry_after(key))},
            )


def get_assistant(request: Request) -> Assistant:
    """The loaded assistant, or 503 while the model is still loading."""
    assistant = getattr(request.app.state, "assistant", None)
    if assistant is None:
        raise ApiError(
            503,
            "The assistant is starting. Please try again in a moment.",
            headers={"Retry-After": "5"},
        )
    return assistant


def workshops_of(app: FastAPI) -> WorkshopStore:
    """The app's workshop store, opened on first use (app.state.workshops)."""
    store = getattr(app.state, "workshops", None)
    if store is None:
        from bot.pipeline import workshop_store

        store = app.state.workshops = workshop_store(app.state.settings)
    return store


def get_workshops(request: Request) -> WorkshopStore:
    return workshops_of(request.app)


def get_facilitator(request: Request, authorization: str | None = Header(None)) -> str:
    """The facilitator named by `Authorization: Bearer <token>`; 401 for anyone else."""
    scheme, _, token = (authorization or "").partition(" ")
    accounts = request.app.state.settings.facilitators
    name = facilitator_for(token.strip(), accounts) if scheme.lower() == "bearer" else None
    if name is None:
        raise ApiError(
            401,
            "Sign in with your facilitator token (Authorization: Bearer <token>).",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return name
