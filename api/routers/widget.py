"""The embeddable chat widget (/widget.js) and the demo page (/) that embeds it as an NGO would."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["widget"])
