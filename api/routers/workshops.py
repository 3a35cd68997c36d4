"""Workshops: facilitators create and follow them (token required); children join with a code.

The facilitator page (/workshop) and the printable handout (/handout/<language>) are here too.
A facilitator only ever sees their own workshops: another's code answers 404, as an unknown one.
"""

from __future__ import annotations

from datetime import datetime, timezone

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import check_rate_limits, get_facilitator, get_settings, get_texts, get_workshops
from api.errors import ApiError
from api.models import (
    ButtonOut,
    ErrorBody,
    JoinRequest,
    MessageOut,
    WorkshopCreate,
    WorkshopJoined,
    WorkshopOut,
    WorkshopReportOut,
)
from api.routers.widget import read_web_file
from bot.activities.cases import START as CASES_START
from bot.activities.loader import default_activities
from bot.activities.quiz import START as QUIZ_START
from bot.knowledge.loader import default_knowledge_base
from bot.language import LANGUAGES
from bot.settings import Settings
from bot.texts import Texts
from bot.workshops.handout import handout_html
from bot.workshops.join import qr_png, qr_svg, telegram_join_link, web_join_link
from bot.workshops.report import WorkshopReport, build_report, report_csv
from bot.workshops.store import Workshop, WorkshopStore

router = APIRouter(tags=["workshops"])
NO_STORE = {"Cache-Control": "no-store"}
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'none'"
)
FACILITATOR_ERRORS = {
    401: {"model": ErrorBody, "description": "No facilitator token, or a wrong one"},
    404: {"model": ErrorBody, "description": "None of your workshops has this code"},
}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _links(settings: Settings, code: str) -> tuple[str, str | None]:
    web = web_join_link(settings.public_url, code)
    telegram = (
        telegram_join_link(settings.telegram_bot_username, code)
        if settings.telegram_bot_username
        else None
    )
    return web, telegram


def _out(workshop: Workshop, store: WorkshopStore, settings: Settings) -> WorkshopOut:
    web, telegram = _links(settings, workshop.code)
    return WorkshopOut(
        code=workshop.code,
        title=workshop.title,
        language=workshop.language,
        created_at=workshop.created_at,
        expires_at=workshop.expires_at,
        open=workshop.is_open(_now()),
        participants=store.participants(workshop.code),
        web_link=web,
        telegram_link=telegram,
        handout_links={lang: f"/handout/{lang}?code={workshop.code}" for lang in LANGUAGES},
    )


def own_workshop(
    code: str,
    facilitator: str = Depends(get_facilitator),
    store: WorkshopStore = Depends(get_workshops),
) -> Workshop:
    """The facilitator's workshop with this code; 404 for an unknown code or another's."""
    workshop = store.of_facilitator(facilitator, code)
    if workshop is None:
        raise ApiError(404, "None of your workshops has this code.")
    return workshop


# Children


@router.post(
    "/api/workshops/join",
    response_model=WorkshopJoined,
    responses={404: {"model": ErrorBody, "description": "Unknown or ended workshop"}},
)
async def join_workshop(
    body: JoinRequest,
    request: Request,
    store: WorkshopStore = Depends(get_workshops),
    texts: Texts = Depends(get_texts),
) -> WorkshopJoined:
    """Count this conversation in the workshop with this code (as typed, any case or dashes)."""
    check_rate_limits(request, body.sender_id)
    workshop = store.join_sender(body.code, body.sender_id)
    if workshop is None:
        message = texts.get("workshop_unknown", body.language or "en")
        raise ApiError(404, message, code="unknown_workshop")
    language = body.language or workshop.language
    buttons = [
        ButtonOut(title=texts.get("button_quiz", language), payload=QUIZ_START),
        ButtonOut(title=texts.get("button_cases", language), payload=CASES_START),
    ]
    welcome = texts.get("workshop_joined", language, title=workshop.title)
    return WorkshopJoined(
        code=workshop.code,
        title=workshop.title,
        language=language,
        messages=[MessageOut(text=welcome, buttons=buttons)],
    )


# Facilitators


@router.get("/api/workshops", response_model=list[WorkshopOut], responses=FACILITATOR_ERRORS)
async def list_workshops(
    facilitator: str = Depends(get_facilitator),
    store: WorkshopStore = Depends(get_workshops),
    settings: Settings = Depends(get_settings),
) -> list[WorkshopOut]:
    """Your workshops, newest first (open ones, and ended ones until they are purged)."""
    return [_out(w, store, settings) for w in store.list_of(facilitator)]


@router.post(
    "/api/workshops", status_code=201, response_model=WorkshopOut, responses=FACILITATOR_ERRORS
)
async def create_workshop(
    body: WorkshopCreate,
    facilitator: str = Depends(get_facilitator),
    store: WorkshopStore = Depends(get_workshops),
    settings: Settings = Depends(get_settings),
) -> WorkshopOut:
    """A new workshop: its join code, links and handouts."""
    workshop = store.create(facilitator, body.title, body.language, body.hours)
    return _out(workshop, store, settings)


@router.get("/api/workshops/{code}", response_model=WorkshopOut, responses=FACILITATOR_ERRORS)
async def get_workshop(
    workshop: Workshop = Depends(own_workshop),
    store: WorkshopStore = Depends(get_workshops),
    settings: Settings = Depends(get_settings),
) -> WorkshopOut:
    return _out(workshop, store, settings)


@router.post("/api/workshops/{code}/end", response_model=WorkshopOut, responses=FACILITATOR_ERRORS)
async def end_workshop(
    workshop: Workshop = Depends(own_workshop),
    store: WorkshopStore = Depends(get_workshops),
    settings: Settings = Depends(get_settings),
) -> WorkshopOut:
    """Stop joining and counting now; the report stays until the retention period ends."""
    store.end(workshop.code)
    ended = store.of_facilitator(workshop.facilitator, workshop.code)
    return _out(ended or workshop, store, settings)


@router.delete(
    "/api/workshops/{code}", status_code=204, response_class=Response, responses=FACILITATOR_ERRORS
)
async def delete_workshop(
    workshop: Workshop = Depends(own_workshop), store: WorkshopStore = Depends(get_workshops)
) -> Response:
    """Delete the workshop and everything counted in it, now."""
    store.delete(workshop.code)
    return Response(status_code=204)


def _report(request: Request, workshop: Workshop, store: WorkshopStore) -> WorkshopReport:
    settings: Settings = request.app.state.settings
    return build_report(
        store,
        workshop,
        default_knowledge_base(),
        default_activities(),
        settings.workshop_min_participants,
        _now(),
    )


@router.get(
    "/api/workshops/{code}/report", response_model=WorkshopReportOut, responses=FACILITATOR_ERRORS
)
async def workshop_report(
    request: Request,
    workshop: Workshop = Depends(own_workshop),
    store: WorkshopStore = Depends(get_workshops),
) -> Response:
    """Counts of what the group did; unanswered questions only once enough have joined."""
    report = _report(request, workshop, store)
    body = WorkshopReportOut(
        code=report.code,
        title=report.title,
        language=report.language,
        expires_at=report.expires_at,
        open=report.is_open,
        participants=report.participants,
        messages=report.messages,
        topics=[vars(t) for t in report.topics],
        quiz=[vars(q) for q in report.quiz],
        cases=[vars(c) for c in report.cases],
        unanswered=report.unanswered,
        min_participants=report.min_participants,
    )
    return Response(body.json(), media_type="application/json", headers=NO_STORE)


@router.get("/api/workshops/{code}/report.csv", responses=FACILITATOR_ERRORS)
async def workshop_report_csv(
    request: Request,
    workshop: Workshop = Depends(own_workshop),
    store: WorkshopStore = Depends(get_workshops),
) -> Response:
    """The report as CSV, for a spreadsheet."""
    report = _report(request, workshop, store)
    name = f"workshop-{workshop.code}.csv"
    return Response(
        report_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/api/workshops/{code}/qr/{channel}.{kind}", responses=FACILITATOR_ERRORS)
async def workshop_qr(
    channel: str,
    kind: str,
    workshop: Workshop = Depends(own_workshop),
    settings: Settings = Depends(get_settings),
) -> Response:
    """The join QR code for the web widget or Telegram, as SVG or PNG."""
    web, telegram = _links(settings, workshop.code)
    link = {"web": web, "telegram": telegram}.get(channel)
    if link is None or kind not in ("svg", "png"):
        raise ApiError(404, "Ask for qr/web.svg, qr/web.png, qr/telegram.svg or qr/telegram.png.")
    if kind == "svg":
        return Response(qr_svg(link), media_type="image/svg+xml", headers=NO_STORE)
    return Response(qr_png(link), media_type="image/png", headers=NO_STORE)


# Pages


@router.get("/workshop", include_in_schema=False)
async def facilitator_page() -> HTMLResponse:
    """The facilitator's page: sign in with the token, create workshops, watch the dashboard."""
    return HTMLResponse(
        read_web_file("facilitator.html"), headers={**NO_STORE, "Content-Security-Policy": PAGE_CSP}
    )


@router.get("/workshop/{name}", include_in_schema=False)
async def facilitator_asset(name: str) -> Response:
    types = {
        "facilitator.js": "text/javascript",
        "facilitator.css": "text/css",
        "handout.css": "text/css",
    }
    if name not in types:
        raise ApiError(404, "No such file.")
    return Response(read_web_file(name), media_type=f"{types[name]}; charset=utf-8")


@router.get("/handout/{language}", include_in_schema=False)
async def handout(
    language: str,
    code: str | None = Query(None, max_length=32),
    store: WorkshopStore = Depends(get_workshops),
    settings: Settings = Depends(get_settings),
    texts: Texts = Depends(get_texts),
) -> HTMLResponse:
    """The printable handout; with the code of an open workshop, its join QR codes too."""
    if language not in LANGUAGES:
        raise ApiError(404, f"Handouts exist in {', '.join(LANGUAGES)}.")
    workshop = store.find(code) if code else None
    if code and workshop is None:
        raise ApiError(404, "No open workshop has this code.", code="unknown_workshop")
    web = telegram = None
    if workshop:
        web, telegram = _links(settings, workshop.code)
    page = handout_html(
        default_knowledge_base(),
        texts,
        language,
        workshop.code if workshop else None,
        web,
        telegram,
    )
    return HTMLResponse(page, headers={"Content-Security-Policy": PAGE_CSP})
