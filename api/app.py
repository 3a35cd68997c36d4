"""The FastAPI application: create_app(settings) wires routes, errors, limits and the assistant."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.deps import workshops_of
from api.errors import BodySizeLimit, SecurityHeaders, install_error_handlers
from api.metrics import RequestMetrics
from api.metrics import router as metrics_router
from api.routers import (
    chat,
    conversations,
    eligibility,
    health,
    states,
    telegram,
    widget,
    workshops,
)
from bot.assistant import Assistant
from bot.pipeline import build_assistant
from bot.rate_limit import make_rate_limiter
from bot.settings import Settings, get_settings
from bot.texts import default_texts

logger = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


PURGE_EVERY_SECONDS = 6 * 3600


async def _load_rasa_assistant(app: FastAPI, model_path: Path, settings: Settings) -> None:
    """Load the model off the event loop so /healthz answers while it loads, then keep
    deleting conversations and workshops older than the retention period."""
    from bot.safeguarding.classifier import default_safety_model
    from engine.rasa_assistant import RasaAssistant

    try:
        await asyncio.to_thread(default_safety_model)  # trained here if missing: seconds
        engine = await asyncio.to_thread(RasaAssistant.load, model_path, settings)
    except Exception:
        logger.exception("the model could not be loaded from %s", model_path)
        return
    store = workshops_of(app)
    app.state.assistant = build_assistant(engine, settings, store)
    keep = timedelta(days=settings.retention_days)
    while True:
        try:
            purged = await engine.purge_expired()
            ended = store.purge_expired(keep=keep)
            logger.info("retention: %d conversations, %d workshops deleted", purged, ended)
        except Exception as error:  # the store may be briefly unavailable: try again later
            logger.warning("retention purge failed: %s", type(error).__name__)
        await asyncio.sleep(PURGE_EVERY_SECONDS)


def create_app(
    settings: Settings | None = None,
    assistant: Assistant | None = None,
    model_path: Path | None = None,
) -> FastAPI:
    """The whole HTTP app. Give an assistant (tests) or a model path to load in the background."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loading = None
        if assistant is None and model_path is not None:
            loading = asyncio.create_task(_load_rasa_assistant(app, model_path, settings))
        yield
        if loading and not loading.done():
            loading.cancel()

    app = FastAPI(
        title="opic-bot",
        version="0.1.0",
        description="A child-friendly guide to OPIC, the UN complaints procedure for children.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.assistant = assistant
    app.state.texts = default_texts()
    window = settings.rate_limit_window_seconds
    app.state.rate_limiter = make_rate_limiter(
        settings, settings.rate_limit_messages, window, "sender"
    )
    app.state.ip_rate_limiter = make_rate_limiter(
        settings, settings.rate_limit_ip_messages, window, "ip"
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(metrics_router)
    app.include_router(chat.router)
    app.include_router(eligibility.router)
    app.include_router(states.router)
    app.include_router(conversations.router)
    app.include_router(telegram.router)
    app.include_router(widget.router)
    app.include_router(workshops.router)

    if settings.cors_origins:  # only the NGO sites that embed the widget
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type"],
        )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestMetrics)
    app.add_middleware(SecurityHeaders, headers=SECURITY_HEADERS)  # outermost: on every reply
    return app
