"""POST /telegram/webhook: Telegram updates in, through the same assistant as every channel.

The router's lifespan (merged into the app's by include_router) creates the webhook's
python-telegram-bot Application when Telegram is configured, warms it up in the background
(getMe) and shuts it down with the app. A request that arrives first creates it lazily.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Header, Request

from api.deps import workshops_of
from api.errors import ApiError
from api.models import ErrorBody
from bot.settings import Settings
from channels.telegram_webhook import (
    SECRET_HEADER,
    TelegramGateway,
    secret_matches,
    webhook_configured,
)

logger = logging.getLogger(__name__)


def get_gateway(app: FastAPI) -> TelegramGateway:
    """The app's Telegram gateway, created on first use (kept on app.state.telegram)."""
    gateway = getattr(app.state, "telegram", None)
    if gateway is None:
        gateway = TelegramGateway(
            app.state.settings,
            lambda: getattr(app.state, "assistant", None),
            app.state.texts,
            lambda: workshops_of(app),
        )
        app.state.telegram = gateway
    return gateway


async def _warm_up(gateway: TelegramGateway) -> None:
    try:
        await gateway.start()
    except Exception as error:  # Telegram unreachable now: the first update tries again
        logger.warning("telegram start failed: %s", type(error).__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    warming = None
    if webhook_configured(settings):
        warming = asyncio.create_task(_warm_up(get_gateway(app)))
    yield
    if warming is not None and not warming.done():
        warming.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await warming
    gateway = getattr(app.state, "telegram", None)
    if gateway is not None:
        await gateway.shutdown()
        app.state.telegram = None


router = APIRouter(tags=["telegram"], lifespan=lifespan)


@router.post(
    "/telegram/webhook",
    responses={
        403: {"model": ErrorBody, "description": "Secret token missing or wrong"},
        404: {"model": ErrorBody, "description": "Telegram is not configured"},
    },
)
async def telegram_webhook(
    request: Request,
    secret: str | None = Header(None, alias=SECRET_HEADER),
) -> dict[str, bool]:
    """One update from Telegram. Always 200 once authenticated, so Telegram never resends."""
    settings: Settings = request.app.state.settings
    if not webhook_configured(settings):
        raise ApiError(404, "Telegram is not configured on this server.")
    if not secret_matches(settings, secret):
        raise ApiError(403, "The secret token is missing or wrong.", code="forbidden")
    try:
        data = await request.json()
        if not isinstance(data, dict):
            raise ValueError("an update is a JSON object")
        await get_gateway(request.app).handle(data)
    except Exception as error:  # logged without content; Telegram must not resend it forever
        logger.error("telegram webhook failed: %s", type(error).__name__)
    return {"ok": True}
