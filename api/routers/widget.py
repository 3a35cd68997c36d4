"""The embeddable chat widget (/widget.js) and the demo page (/) that embeds it as an NGO would."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.errors import ApiError
from api.models import ErrorBody
from bot import PROJECT_ROOT
from bot.language import LANGUAGES, language_names

WEB_DIR = PROJECT_ROOT / "web"
CACHE_AN_HOUR = "public, max-age=3600"
# The demo page proves the widget needs nothing more than this (no inline script or style).
DEMO_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'"
)

router = APIRouter(tags=["widget"])


@lru_cache(maxsize=8)
def read_web_file(name: str) -> str:
    """A file of web/, read once (not on every request)."""
    return (WEB_DIR / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_labels(path: Path = WEB_DIR / "labels.yml") -> dict[str, dict[str, str]]:
    """The widget's labels by language: {"en": {key: text}, "fr": ..., "es": ...}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_language: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}
    for key, texts in data.items():
        for language in LANGUAGES:
            text = (texts or {}).get(language)
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"web/labels.yml: {key!r} has no {language} text")
            by_language[language][key] = text
    return by_language


@router.api_route("/widget.js", methods=["GET", "HEAD"], include_in_schema=False)
async def widget_script() -> Response:
    """The widget: one script tag on any site, nothing else to load."""
    return Response(
        read_web_file("widget.js"),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": CACHE_AN_HOUR},
    )


@router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
async def demo_page() -> HTMLResponse:
    """A page that embeds the widget with the one-line snippet, under a strict CSP."""
    return HTMLResponse(read_web_file("demo.html"), headers={"Content-Security-Policy": DEMO_CSP})


@router.get("/api/widget/languages", response_model=dict[str, str])
async def widget_languages() -> JSONResponse:
    """Every language the widget offers, by code, each named in itself ({"fr": "Français"})."""
    return JSONResponse(language_names(), headers={"Cache-Control": CACHE_AN_HOUR})


@router.get(
    "/api/widget/labels/{language}",
    response_model=dict[str, str],
    responses={404: {"model": ErrorBody, "description": "Not a language of the widget"}},
)
async def widget_labels(language: str) -> JSONResponse:
    """The widget's own words (buttons, hints, errors) in one of its languages."""
    if language not in LANGUAGES:
        raise ApiError(404, f"The widget speaks {', '.join(LANGUAGES)} only.")
    return JSONResponse(load_labels()[language], headers={"Cache-Control": CACHE_AN_HOUR})
