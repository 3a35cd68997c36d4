"""POST /telegram/webhook: Telegram updates in, through the same assistant as every channel."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["telegram"])
