"""The workshop API (api/routers/workshops.py): facilitator tokens, ownership, validation, joining,
reports after real chats through /api/chat, QR codes, handouts and the facilitator page."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from bot.activities.loader import default_activities
from bot.assistant import BotMessage, Intent, Reply
from bot.knowledge.loader import default_knowledge_base
from bot.language import LANGUAGES
from bot.pipeline import build_assistant, workshop_store
from bot.settings import Settings
from bot.texts import default_texts
from bot.workshops.facilitators import token_hash
from bot.workshops.handout import KEY_TOPICS
from bot.workshops.store import MAX_HOURS, WorkshopStore

TOKENS = {"amina": "amina-token-0123456789abcdefghij", "bruno": "bruno-token-0123456789abcdefghij"}
PUBLIC_URL = "https://ngo.example/chat"
BOT_USERNAME = "opic_test_bot"
TEXTS = default_texts()
KB = default_knowledge_base()
ACTIVITIES = default_activities()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TOPICS = {"how long do I have?": "time_limit", "who can complain?": "who_can_complain"}


class Engine:
    """Stands in for the Rasa engine behind every layer: topics it knows, out_of_scope otherwise."""

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        topic = None if text.startswith("/") else TOPICS.get(text, "out_of_scope")
        intent = Intent(f"ask_{topic}", 0.9) if topic else None
        return Reply(sender_id, language or "en", [BotMessage("An answer.")], topic, intent)

    async def conversation_language(self, sender_id: str) -> str | None:
        return None

    async def forget(self, sender_id: str) -> None:
        return None

    async def is_ready(self) -> bool:
        return True


def bearer(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[name]}"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=tmp_path,
        sender_salt="test-salt",
        facilitators={name: token_hash(token) for name, token in TOKENS.items()},
        public_url=PUBLIC_URL,
        telegram_bot_username=BOT_USERNAME,
    )


@pytest.fixture
def store(settings: Settings) -> WorkshopStore:
    return workshop_store(settings)


@pytest.fixture
def make_app_client() -> Callable[..., TestClient]:
    """make_app_client(settings, store) -> a TestClient over the whole pipeline and that store."""

    def make(settings: Settings, store: WorkshopStore | None) -> TestClient:
        app = create_app(settings, assistant=build_assistant(Engine(), settings, store))
        if store is not None:
            app.state.workshops = store
        return TestClient(app)

    return make


@pytest.fixture
def client(make_app_client, settings, store) -> TestClient:
    return make_app_client(settings, store)


def create(client: TestClient, who: str = "amina", **body: Any) -> dict[str, Any]:
    response = client.post(
        "/api/workshops", json={"title": "Class 6B", **body}, headers=bearer(who)
    )
    assert response.status_code == 201, response.text
    return response.json()


def join(client: TestClient, code: str, sender: str, **body: Any):
    return client.post("/api/workshops/join", json={"sender_id": sender, "code": code, **body})


def chat(client: TestClient, sender: str, message: str) -> dict[str, Any]:
    response = client.post("/api/chat", json={"sender_id": sender, "message": message})
    assert response.status_code == 200, response.text
    return response.json()


def assert_error(response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body


# Facilitator tokens

ROUTES = [
    ("GET", "/api/workshops"),
    ("POST", "/api/workshops"),
    ("GET", "/api/workshops/{code}"),
    ("POST", "/api/workshops/{code}/end"),
    ("DELETE", "/api/workshops/{code}"),
    ("GET", "/api/workshops/{code}/report"),
    ("GET", "/api/workshops/{code}/report.csv"),
    ("GET", "/api/workshops/{code}/qr/web.svg"),
    ("GET", "/api/workshops/{code}/qr/telegram.png"),
]
BAD_HEADERS = [
    {},
    {"Authorization": "Bearer not-a-token"},
    {"Authorization": f"Bearer {TOKENS['amina']}x"},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer "},
    {"Authorization": TOKENS["amina"]},
    {"Authorization": f"Token {TOKENS['amina']}"},
    {"Authorization": "Basic YW1pbmE6c2VjcmV0"},
    {"Authorization": f"Bearer {token_hash(TOKENS['amina'])}"},
]


@pytest.mark.parametrize("headers", BAD_HEADERS)
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_facilitator_routes_need_a_valid_token(client, method, path, headers):
    code = create(client)["code"]
    response = client.request(
        method, path.format(code=code), json={"title": "Class"}, headers=headers
    )
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_scheme_is_case_insensitive(client):
    response = client.get("/api/workshops", headers={"Authorization": f"bearer {TOKENS['bruno']}"})
    assert response.status_code == 200


def test_without_facilitator_accounts_nobody_signs_in(make_app_client, tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, sender_salt="test-salt")
    client = make_app_client(settings, None)
    for headers in ({}, {"Authorization": "Bearer "}, bearer("amina")):
        assert_error(client.get("/api/workshops", headers=headers), 401)


def test_a_rejected_request_creates_nothing(client, store):
    client.post("/api/workshops", json={"title": "Sneaky"}, headers={"Authorization": "Bearer x"})
    assert store.list_of("amina") == store.list_of("bruno") == []


# Ownership


@pytest.mark.parametrize(("method", "path"), [route for route in ROUTES if "{code}" in route[1]])
def test_another_facilitators_workshop_is_not_found(client, method, path):
    code = create(client, "amina")["code"]
    response = client.request(method, path.format(code=code), headers=bearer("bruno"))
    assert_error(response, 404)
    mine = client.get(f"/api/workshops/{code}", headers=bearer("amina"))
    assert mine.status_code == 200 and mine.json()["open"] is True


def test_each_facilitator_lists_only_their_own_workshops(client):
    first = create(client, "amina", title="Morning")["code"]
    second = create(client, "amina", title="Afternoon")["code"]
    theirs = create(client, "bruno", title="Bruno's class")["code"]
    amina = client.get("/api/workshops", headers=bearer("amina")).json()
    bruno = client.get("/api/workshops", headers=bearer("bruno")).json()
    assert {w["code"] for w in amina} == {first, second}
    assert [w["code"] for w in bruno] == [theirs]


def test_an_unknown_code_and_anothers_code_look_the_same(client):
    code = create(client, "amina")["code"]
    theirs = client.get(f"/api/workshops/{code}", headers=bearer("bruno")).json()
    unknown = client.get("/api/workshops/ZZZZZZ", headers=bearer("bruno")).json()
    assert theirs == unknown


# Creating


def test_a_new_workshop_has_a_code_links_and_handouts(client, settings):
    workshop = create(client, title="  Class 6B  ", language="fr", hours=2)
    code = workshop["code"]
    assert workshop["title"] == "Class 6B"
    assert workshop["language"] == "fr"
    assert workshop["open"] is True and workshop["participants"] == 0
    created = datetime.fromisoformat(workshop["created_at"])
    expires = datetime.fromisoformat(workshop["expires_at"])
    assert expires - created == timedelta(hours=2)
    assert workshop["web_link"] == f"{PUBLIC_URL}?join={code}"
    assert workshop["telegram_link"] == f"https://t.me/{BOT_USERNAME}?start={code}"
    assert workshop["handout_links"] == {
        language: f"/handout/{language}?code={code}" for language in LANGUAGES
    }


def test_a_new_workshop_lasts_three_hours_in_english_by_default(client):
    workshop = create(client)
    assert workshop["language"] == "en"
    created = datetime.fromisoformat(workshop["created_at"])
    assert datetime.fromisoformat(workshop["expires_at"]) - created == timedelta(hours=3)


@pytest.mark.parametrize(
    "body",
    [
        {"title": ""},
        {"title": "   "},
        {"title": "\u0000\u0007"},
        {"title": "x" * 81},
        {"title": "x" * 10_000},
        {"title": 123},
        {"title": ["Class"]},
        {"title": None},
        {},
        {"title": "Class", "hours": 0},
        {"title": "Class", "hours": -1},
        {"title": "Class", "hours": MAX_HOURS + 0.5},
        {"title": "Class", "hours": 24 * 365},
        {"title": "Class", "hours": 1e308},
        {"title": "Class", "hours": "three"},
        {"title": "Class", "hours": None},
        {"title": "Class", "language": "de"},
        {"title": "Class", "language": "EN"},
        {"title": "Class", "language": 1},
    ],
)
def test_a_bad_workshop_is_refused_with_422(client, store, body):
    response = client.post("/api/workshops", json=body, headers=bearer("amina"))
    assert_error(response, 422, "invalid_request")
    assert store.list_of("amina") == []


@pytest.mark.parametrize("body", ["[]", "not json", '"Class"', "{"])
def test_a_body_that_is_not_an_object_is_refused_with_422(client, body):
    response = client.post(
        "/api/workshops",
        content=body,
        headers={**bearer("amina"), "Content-Type": "application/json"},
    )
    assert_error(response, 422)


@pytest.mark.parametrize(
    "title", ["Atelier 🙂🌍", "ورشة عمل الصف السادس", "Taller «niñ@s» <b>6B</b>", "x" * 80]
)
def test_any_script_or_emoji_makes_a_title(client, title):
    assert create(client, title=title)["title"] == title


def test_the_longest_workshop_is_accepted(client):
    workshop = create(client, hours=MAX_HOURS)
    created = datetime.fromisoformat(workshop["created_at"])
    assert datetime.fromisoformat(workshop["expires_at"]) - created == timedelta(hours=MAX_HOURS)


# Joining


def test_joining_welcomes_in_the_workshop_language_with_both_activities(client):
    workshop = create(client, title="Classe 6B", language="fr")
    response = join(client, workshop["code"], "web-child-1")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["title"], body["language"]) == (workshop["code"], "Classe 6B", "fr")
    [welcome] = body["messages"]
    assert welcome["text"] == TEXTS.get("workshop_joined", "fr", title="Classe 6B")
    assert welcome["buttons"] == [
        {"title": TEXTS.get("button_quiz", "fr"), "payload": "/quiz"},
        {"title": TEXTS.get("button_cases", "fr"), "payload": "/cases"},
    ]


def test_a_child_may_join_in_their_own_language(client):
    workshop = create(client, language="fr")
    body = join(client, workshop["code"], "web-child-1", language="es").json()
    assert body["language"] == "es"
    assert body["messages"][0]["text"] == TEXTS.get("workshop_joined", "es", title="Class 6B")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_code_gets_a_kind_404_in_the_childs_language(client, language):
    body = assert_error(
        join(client, "ZZZZZZ", "web-child-1", language=language), 404, "unknown_workshop"
    )
    assert body["error"]["message"] == TEXTS.get("workshop_unknown", language)


@pytest.mark.parametrize(
    "code",
    ["", "!!!", "K0QX2M", "ZZZZZ", "ZZZZZZZ", "x" * 33, "🙂🙂🙂🙂🙂🙂", "كودكود", 123, None, []],
)
def test_a_malformed_code_is_refused_without_a_server_error(client, code):
    response = join(client, code, "web-child-1")
    assert response.status_code in (404, 422), response.text
    assert_error(response, response.status_code)


@pytest.mark.parametrize("sender", ["", "a b", "x" * 129, 42, "tg-1\n"])
def test_a_malformed_sender_is_refused_with_422(client, sender):
    code = create(client)["code"]
    assert_error(join(client, code, sender), 422)


@pytest.mark.parametrize("typed", ["{lower}", "{dashed}", " {lower} ", "{spaced}"])
def test_a_code_typed_loosely_still_joins(client, typed):
    code = create(client)["code"]
    lower = code.lower()
    text = typed.format(
        lower=lower, dashed=f"{lower[:3]}-{lower[3:]}", spaced=f"{code[:3]} {code[3:]}"
    )
    response = join(client, text, "web-child-1")
    assert response.status_code == 200, response.text
    assert response.json()["code"] == code


def test_each_sender_is_counted_once(client):
    code = create(client)["code"]
    for sender in ["web-child-1", "web-child-1", "web-child-2", "web-child-1"]:
        assert join(client, code, sender).status_code == 200
    workshop = client.get(f"/api/workshops/{code}", headers=bearer("amina")).json()
    assert workshop["participants"] == 2


def test_joining_is_rate_limited_like_the_chat(make_app_client, settings, store):
    client = make_app_client(settings.copy(update={"rate_limit_messages": 2}), store)
    code = create(client)["code"]
    assert join(client, code, "web-child-1").status_code == 200
    assert join(client, "ZZZZZZ", "web-child-1").status_code == 404
    response = join(client, code, "web-child-1")
    assert_error(response, 429)
    assert int(response.headers["retry-after"]) >= 1
    assert join(client, code, "web-child-2").status_code == 200


# Reports after real chats


def test_the_report_counts_what_the_group_did_through_the_chat(client):
    code = create(client, title="Class 6B")["code"]
    right = ACTIVITIES.quiz[ACTIVITIES.quiz_ids[0]].correct
    for child in ("web-child-1", "web-child-2", "web-child-3"):
        assert join(client, code, child).status_code == 200
    chat(client, "web-child-1", "how long do I have?")
    chat(client, "web-child-2", "how long do I have?")
    chat(client, "web-child-3", "who can complain?")
    quiz = chat(client, "web-child-1", "/quiz")
    assert quiz["messages"][1]["buttons"][right - 1]["payload"] == f"/quiz 1 0 {right}"
    chat(client, "web-child-1", f"/quiz 1 0 {right}")
    chat(client, "web-child-2", "/cases 1 no")
    chat(client, "web-child-3", "my email is sam@example.org, can my cat complain?")
    chat(client, "web-outsider", "who can complain?")
    response = client.get(f"/api/workshops/{code}/report", headers=bearer("amina"))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    report = response.json()
    assert (report["code"], report["title"], report["open"]) == (code, "Class 6B", True)
    assert report["participants"] == 3
    assert report["messages"] == 7
    assert [(t["topic"], t["count"]) for t in report["topics"]] == [
        ("time_limit", 2),
        ("who_can_complain", 1),
    ]
    assert [(q["question"], q["answered"], q["correct"]) for q in report["quiz"]] == [
        (ACTIVITIES.quiz_ids[0], 1, 1)
    ]
    [case] = report["cases"]
    assert (case["case"], case["answered"], case["votes"]["no"]) == (ACTIVITIES.case_ids[0], 1, 1)
    assert report["unanswered"] == ["my email is [email], can my cat complain?"]
    assert report["min_participants"] == 3


def test_the_report_hides_questions_while_too_few_joined(client):
    code = create(client)["code"]
    join(client, code, "web-child-1")
    join(client, code, "web-child-2")
    chat(client, "web-child-1", "can my cat complain?")
    report = client.get(f"/api/workshops/{code}/report", headers=bearer("amina")).json()
    assert report["unanswered"] is None
    assert report["participants"] == 2 and report["messages"] == 1


def test_the_csv_export_is_a_downloadable_table(client):
    code = create(client)["code"]
    for child in ("web-child-1", "web-child-2", "web-child-3"):
        join(client, code, child)
    chat(client, "web-child-1", "how long do I have?")
    chat(client, "web-child-2", "=1+1 can my cat complain?")
    response = client.get(f"/api/workshops/{code}/report.csv", headers=bearer("amina"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == f'attachment; filename="workshop-{code}.csv"'
    assert response.headers["cache-control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["section", "id", "label", "count", "correct"]
    assert ["participants", "", "", "3", ""] in rows
    assert ["topic", "time_limit", KB.text("time_limit", "en").title, "1", ""] in rows
    assert ["unanswered", "", "'=1+1 can my cat complain?", "", ""] in rows


# QR codes


@pytest.mark.parametrize("channel", ["web", "telegram"])
def test_qr_codes_come_as_svg_and_png(client, channel):
    code = create(client)["code"]
    svg = client.get(f"/api/workshops/{code}/qr/{channel}.svg", headers=bearer("amina"))
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert ET.fromstring(svg.content).tag.endswith("svg")
    assert code in svg.text
    png = client.get(f"/api/workshops/{code}/qr/{channel}.png", headers=bearer("amina"))
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    assert png.content[:8] == PNG_SIGNATURE


@pytest.mark.parametrize("name", ["web.gif", "sms.svg", "web", "telegram.svg.png"])
def test_an_unknown_qr_is_not_found(client, name):
    code = create(client)["code"]
    assert_error(client.get(f"/api/workshops/{code}/qr/{name}", headers=bearer("amina")), 404)


def test_no_telegram_qr_without_a_bot_username(make_app_client, settings, store):
    client = make_app_client(settings.copy(update={"telegram_bot_username": None}), store)
    workshop = create(client)
    assert workshop["telegram_link"] is None
    response = client.get(
        f"/api/workshops/{workshop['code']}/qr/telegram.svg", headers=bearer("amina")
    )
    assert_error(response, 404)


# Handouts


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_has_the_key_answers_in_its_language(client, language):
    response = client.get(f"/handout/{language}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "content-security-policy" in response.headers
    page = response.text
    assert f'<html lang="{language}">' in page
    assert escape(TEXTS.get("handout_title", language)) in page
    assert len(KEY_TOPICS) == 6
    for topic in KEY_TOPICS:
        assert escape(KB.text(topic, language).title) in page
    assert "data:image/svg+xml" not in page


def test_a_handout_in_french_is_not_the_english_one(client):
    assert client.get("/handout/fr").text != client.get("/handout/en").text


def test_a_handout_with_an_open_workshops_code_has_its_qr_codes(client):
    code = create(client)["code"]
    page = client.get(f"/handout/es?code={code.lower()}").text
    assert escape(TEXTS.get("handout_code", "es", code=code)) in page
    assert page.count("data:image/svg+xml;base64,") == 2
    assert f"{PUBLIC_URL}?join={code}" in page
    assert f"https://t.me/{BOT_USERNAME}?start={code}" in page


@pytest.mark.parametrize("code", ["ZZZZZZ", "!!!", "x" * 32, "🙂"])
def test_a_handout_for_an_unknown_code_is_not_found(client, code):
    assert_error(client.get("/handout/en", params={"code": code}), 404)


def test_a_handout_code_that_is_too_long_is_refused(client):
    response = client.get("/handout/en", params={"code": "x" * 33})
    assert response.status_code in (404, 422)


@pytest.mark.parametrize("language", ["de", "EN", "xx", "..%2Fetc"])
def test_a_handout_in_an_unknown_language_is_not_found(client, language):
    assert_error(client.get(f"/handout/{language}"), 404)


# The facilitator page


def test_the_facilitator_page_has_a_content_security_policy(client):
    response = client.get("/workshop")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("facilitator.js", "text/javascript"),
        ("facilitator.css", "text/css"),
        ("handout.css", "text/css"),
    ],
)
def test_the_facilitator_pages_assets_are_served(client, name, kind):
    response = client.get(f"/workshop/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{kind}; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("name", ["widget.js", "labels.yml", "..%2Fpyproject.toml", "x.css"])
def test_other_files_are_not_served_under_workshop(client, name):
    assert_error(client.get(f"/workshop/{name}"), 404)


# Ending and deleting


def test_an_ended_workshop_refuses_joins_but_keeps_its_report(client):
    code = create(client)["code"]
    join(client, code, "web-child-1")
    chat(client, "web-child-1", "how long do I have?")
    ended = client.post(f"/api/workshops/{code}/end", headers=bearer("amina"))
    assert ended.status_code == 200
    assert ended.json()["open"] is False
    assert_error(join(client, code, "web-child-2"), 404, "unknown_workshop")
    chat(client, "web-child-1", "who can complain?")
    report = client.get(f"/api/workshops/{code}/report", headers=bearer("amina"))
    assert report.status_code == 200
    body = report.json()
    assert body["open"] is False
    assert (body["participants"], body["messages"]) == (1, 1)
    assert (
        client.get(f"/api/workshops/{code}/report.csv", headers=bearer("amina")).status_code == 200
    )
    assert_error(client.get("/handout/en", params={"code": code}), 404)


def test_ending_twice_keeps_the_first_end(client):
    code = create(client)["code"]
    first = client.post(f"/api/workshops/{code}/end", headers=bearer("amina")).json()
    second = client.post(f"/api/workshops/{code}/end", headers=bearer("amina")).json()
    assert second["expires_at"] == first["expires_at"]
    assert second["open"] is False


def test_a_deleted_workshop_is_gone_everywhere(client, store):
    code = create(client)["code"]
    join(client, code, "web-child-1")
    chat(client, "web-child-1", "how long do I have?")
    response = client.delete(f"/api/workshops/{code}", headers=bearer("amina"))
    assert response.status_code == 204 and response.content == b""
    for path in ("", "/report", "/report.csv", "/qr/web.svg"):
        assert_error(client.get(f"/api/workshops/{code}{path}", headers=bearer("amina")), 404)
    assert_error(client.delete(f"/api/workshops/{code}", headers=bearer("amina")), 404)
    assert_error(join(client, code, "web-child-2"), 404)
    assert client.get("/api/workshops", headers=bearer("amina")).json() == []
    assert store.counts(code) == {} and store.participants(code) == 0
