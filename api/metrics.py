"""Request metrics (count and latency by route and status) and `GET /metrics` for Prometheus."""

from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping
from typing import Any

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse
from starlette.types import ASGIApp

from bot.metrics import METRICS, Metrics

router = APIRouter(tags=["health"])
Scope = MutableMapping[str, Any]


class RequestMetrics:
    """Counts every HTTP request by its route's pattern (never its values: no codes, no ids)."""

    def __init__(self, app: ASGIApp, metrics: Metrics = METRICS) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            labels = {"route": route, "method": scope["method"]}
            self.metrics.count(
                "opic_requests_total", "HTTP requests.", **labels, status=str(status)
            )
            self.metrics.observe(
                "opic_request_seconds",
                "HTTP request duration.",
                time.perf_counter() - started,
                **labels,
            )


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics() -> PlainTextResponse:
    """This process' metrics in Prometheus' text format (no message text, no ids)."""
    return PlainTextResponse(
        METRICS.render(), media_type="text/plain; version=0.0.4; charset=utf-8"
    )
