"""A facilitator's workshop in a real browser: sign in with a token, create a workshop, children
join it through the widget (?join=<code>) and play, the dashboard follows live, the CSV export,
another facilitator sees nothing of it, and the handout prints on one A4 page per language."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from bot.language import LANGUAGES
from tests.browser.conftest import FACILITATOR_TOKENS, RESULTS, TELEGRAM_BOT
from tests.browser.test_widget_page import run_axe

pytestmark = pytest.mark.browser


class Dashboard:
    """The facilitator page in its own browser context."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def sign_in(self, token: str) -> None:
        self.page.goto(self.base + "/workshop")
        self.page.get_by_label("Facilitator token").fill(token)
        self.page.get_by_role("button", name="Sign in").click()

    def create(self, title: str, language: str, hours: str = "2") -> str:
        self.page.get_by_label("Title").fill(title)
        self.page.get_by_label("Language").select_option(language)
        self.page.get_by_label("Open for (hours)").fill(hours)
        self.page.get_by_role("button", name="Create workshop").click()
        code = self.page.locator("#dash-code")
        expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
        return code.inner_text()

    def number(self, name: str) -> Any:
        return self.page.locator(f"#{name}")


@pytest.fixture
def dashboard(browser: Any, server: Any) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    yield Dashboard(context.new_page(), server.url)
    context.close()


def child_joins(make_widget: Any, code: str) -> Any:
    """A child opens the workshop link: the widget opens by itself and says welcome."""
    widget = make_widget()
    widget.page.goto(f"{widget.base}/?join={code.lower()}")
    expect(widget.bot_messages.last).to_contain_text("Bienvenue dans l'atelier")
    widget.wait_idle()
    return widget


def test_no_token_or_a_wrong_one_shows_nothing(dashboard) -> None:
    dashboard.sign_in("not-a-token")
    expect(dashboard.page.locator("#sign-in-error")).to_contain_text("not accepted")
    expect(dashboard.page.locator("#workshops")).to_be_hidden()
    response = httpx.get(dashboard.base + "/api/workshops")
    assert response.status_code == 401


def test_a_workshop_from_creation_to_the_live_dashboard(dashboard, make_widget, browser) -> None:
    dashboard.sign_in(FACILITATOR_TOKENS["amina"])
    code = dashboard.create("Classe 6B", "fr")
    page = dashboard.page
    # Join code, links and both QR codes (drawn by the server) are shown.
    expect(page.locator("#web-link")).to_contain_text(f"?join={code}")
    expect(page.locator("#telegram-link")).to_have_text(f"https://t.me/{TELEGRAM_BOT}?start={code}")
    for image in ("#qr-web", "#qr-telegram"):
        page.wait_for_function("sel => document.querySelector(sel).naturalWidth > 100", arg=image)
    expect(dashboard.number("participants")).to_have_text("0")
    expect(page.locator("#unanswered-hidden")).to_contain_text("at least 3")

    first = child_joins(make_widget, code)
    assert "plainte" in first.ask("qui peut porter plainte ?")
    second = child_joins(make_widget, code)
    quiz = second._after(
        lambda: second.host.get_by_role("button", name="Quiz", exact=True).first.click()
    )
    assert "Question 1 sur 12" in quiz
    answer = second.press("Dire à l'ONU que leurs droits n'ont pas été respectés")
    assert "Oui, c'est juste" in answer
    second.ask("quelle est la couleur préférée de ma tortue ? écris-moi à lina@example.com")

    # Live: the dashboard follows without a reload, and hides the question with 2 participants.
    expect(dashboard.number("participants")).to_have_text("2", timeout=15000)
    expect(page.locator("#topics-chart rect")).to_have_count(1)
    expect(page.locator("#topics-chart")).to_contain_text("Qui peut porter plainte")
    expect(page.locator("#quiz-table tbody tr")).to_have_count(1)
    expect(page.locator("#quiz-table")).to_contain_text("100%")
    expect(page.locator("#unanswered li")).to_have_count(0)
    expect(page.locator("#unanswered-hidden")).to_be_visible()

    third = child_joins(make_widget, code)
    assert "Carte 1 sur 8" in third.press("Cartes de cas")  # the welcome's button
    third.press("Oui, il pourrait")
    expect(dashboard.number("participants")).to_have_text("3", timeout=15000)
    expect(page.locator("#unanswered li")).to_have_count(1)
    unanswered = page.locator("#unanswered li").inner_text()
    assert "[email]" in unanswered and "lina@example.com" not in unanswered
    expect(page.locator("#cases-table tbody tr")).to_have_count(1)
    assert int(dashboard.number("messages").inner_text()) >= 5

    # The CSV export downloads the same figures.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert ["participants", "", "", "3", ""] in rows
    assert any(row[0] == "quiz" and row[3:] == ["1", "1"] for row in rows)
    assert any(row[0] == "unanswered" and "[email]" in row[2] for row in rows)

    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "workshop_dashboard.png"), full_page=True)
    assert dashboard.errors == []

    # Another facilitator sees none of it, in the page or through the API.
    other = browser.new_context()
    try:
        theirs = Dashboard(other.new_page(), dashboard.base)
        theirs.sign_in(FACILITATOR_TOKENS["jose"])
        expect(theirs.page.locator("#workshops")).to_be_visible()
        expect(theirs.page.locator("#workshop-list")).not_to_contain_text(code)
    finally:
        other.close()
    token = {"Authorization": f"Bearer {FACILITATOR_TOKENS['jose']}"}
    report = httpx.get(f"{dashboard.base}/api/workshops/{code}/report", headers=token)
    assert report.status_code == 404

    # Ending the workshop: the dashboard says so, and a new child can no longer join.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="End the workshop now").click()
    expect(page.locator("#dash-status")).to_contain_text("Ended", timeout=10000)
    late = make_widget()
    late.page.goto(f"{late.base}/?join={code}")
    expect(late.bot_messages.last).to_contain_text("workshop code", timeout=15000)


def test_the_dashboard_passes_an_accessibility_audit(browser, server) -> None:
    context = browser.new_context(bypass_csp=True)  # only so that axe itself can be injected
    try:
        dashboard = Dashboard(context.new_page(), server.url)
        dashboard.sign_in(FACILITATOR_TOKENS["jose"])
        dashboard.create("Youth council", "es")
        expect(dashboard.number("participants")).to_have_text("0")
        assert run_axe(dashboard.page) == []
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_prints_on_one_a4_page(browser, server, language) -> None:
    token = {"Authorization": f"Bearer {FACILITATOR_TOKENS['amina']}"}
    created = httpx.post(
        f"{server.url}/api/workshops",
        json={"title": "Handout", "language": language, "hours": 1},
        headers=token,
    ).json()
    context = browser.new_context()
    try:
        page = context.new_page()
        violations: list[str] = []
        page.on(
            "console", lambda m: "Content Security Policy" in m.text and violations.append(m.text)
        )
        page.goto(f"{server.url}/handout/{language}?code={created['code']}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator(".code")).to_contain_text(created["code"])
        expect(page.locator(".qr img")).to_have_count(2)
        assert page.evaluate("[...document.images].every(i => i.naturalWidth > 100)")
        pdf = page.pdf(format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, f"{language}: {pages} pages"
        (RESULTS / f"handout_{language}.pdf").write_bytes(pdf)
        assert violations == []
    finally:
        context.close()


def test_an_ngo_page_on_another_site_joins_with_data_workshop(widget, ngo_site) -> None:
    """The snippet with data-workshop on an NGO's own site (CORS, its strict CSP): the child
    is welcomed in the workshop's language, and the facilitator's count goes up."""
    token = {"Authorization": f"Bearer {FACILITATOR_TOKENS['jose']}"}
    created = httpx.post(
        f"{widget.base}/api/workshops",
        json={"title": "Consejo juvenil", "language": "es", "hours": 1},
        headers=token,
    ).json()
    api = widget.base
    csp = (
        f"default-src 'self'; script-src 'self' {api}; connect-src {api}; "
        "style-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
    )
    page = widget.ngo_html(src=api + "/widget.js", lang="en", workshop=created["code"])
    widget.page.goto(ngo_site.serve("/taller.html", page, csp))
    expect(widget.bot_messages.last).to_contain_text("Consejo juvenil", timeout=15000)
    expect(widget.bot_messages.last).to_contain_text("Bienvenida o bienvenido")
    expect(widget.host.locator(".send")).to_have_text("Enviar")  # switched to Spanish
    assert widget.csp_violations() == []
    assert widget.console_errors == []
    report = httpx.get(f"{api}/api/workshops/{created['code']}/report", headers=token).json()
    assert report["participants"] == 1
    widget.page.reload()  # the same conversation does not join twice
    widget.launcher.wait_for()
    widget.wait_idle()
    welcomes = widget.host.locator(".msg.bot", has_text="Consejo juvenil")
    expect(welcomes).to_have_count(1)
