"""The widget in real headless Chromium (Debian's, driven by playwright) against a real
`opic-bot serve` with the trained model. `bash scripts/install_browser.sh` installs them."""

from __future__ import annotations

import html
import importlib
import importlib.util
import json
import re
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.routers.widget import DEMO_CSP
from bot import PROJECT_ROOT
from bot.workshops.facilitators import token_hash
from tests.integration.conftest import Server, model_path  # noqa: F401 (model_path is a fixture)

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = PROJECT_ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = PROJECT_ROOT / "results"
STORE_KEY = "opic-bot-widget"
FACILITATOR_TOKENS = {"amina": "amina-test-token-1234567890", "jose": "jose-test-token-0987654321"}
TELEGRAM_BOT = "opic_test_bot"

# Records every Content-Security-Policy violation of the page, shadow roots included.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI), true);
"""
FOCUSED = """() => {
  const host = document.activeElement;
  if (!host || host.tagName !== "OPIC-BOT-WIDGET") return null;
  const el = host.shadowRoot.activeElement;
  return el && (el.getAttribute("aria-label") || el.textContent || el.tagName).trim();
}"""


@pytest.fixture(scope="package")
def server(
    model_path: Path,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
    ngo_site: NgoSite,
) -> Iterator[Server]:
    running = Server(
        model_path,
        tmp_path_factory.mktemp("widget-server"),
        {
            "OPIC_RATE_LIMIT_MESSAGES": "1000",
            "OPIC_RATE_LIMIT_IP_MESSAGES": "100000",
            "OPIC_CORS_ORIGINS": json.dumps([ngo_site.origin]),
            "OPIC_FACILITATORS": json.dumps(
                {name: token_hash(token) for name, token in FACILITATOR_TOKENS.items()}
            ),
            "OPIC_TELEGRAM_BOT_USERNAME": TELEGRAM_BOT,
        },
    )
    yield running
    running.stop()


def _install_browser() -> None:
    """Chromium, Playwright and axe-core, installed by the project's script when missing."""
    if CHROMIUM.exists() and AXE_JS.exists() and importlib.util.find_spec("playwright"):
        return
    subprocess.run(["bash", str(PROJECT_ROOT / "scripts" / "install_browser.sh")], check=True)
    importlib.invalidate_caches()


_install_browser()  # before the test modules import playwright


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


class Widget:
    """One browser tab with the widget: helpers that act as a child would and wait for the bot."""

    def __init__(self, page: Any, server: Server) -> None:
        self.page = page
        self.base = server.url
        self.console_errors: list[str] = []
        self.requests: list[Any] = []
        page.add_init_script(RECORD_CSP_VIOLATIONS)
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request))
        host = page.locator("opic-bot-widget")
        self.host = host
        self.launcher = host.locator(".launcher")
        self.panel = host.locator(".panel")
        self.input = host.get_by_role("textbox")
        self.status = host.locator(".status")
        self.bot_messages = host.locator(".msg.bot")
        self.user_messages = host.locator(".msg.user")

    def goto(self, path: str = "/") -> Any:
        response = self.page.goto(self.base + path)
        self.launcher.wait_for()
        return response

    def open(self) -> None:
        self.launcher.click()
        self.panel.wait_for()
        self.bot_messages.first.wait_for()
        self.wait_idle()

    def wait_idle(self) -> None:
        self.page.wait_for_function(
            """() => document.querySelector("opic-bot-widget").shadowRoot
                 .querySelector(".typing").hidden"""
        )

    def _after(self, action: Any) -> str:
        before = self.bot_messages.count()
        action()
        self.page.wait_for_function(
            """n => {
              const root = document.querySelector("opic-bot-widget").shadowRoot;
              return root.querySelectorAll(".msg.bot").length > n
                && root.querySelector(".typing").hidden;
            }""",
            arg=before,
        )
        return " ".join(
            self.bot_messages.nth(i).inner_text() for i in range(before, self.bot_messages.count())
        )

    def ask(self, text: str) -> str:
        """Type a message, press Enter; the bot's new messages as one text."""
        return self._after(lambda: (self.input.fill(text), self.input.press("Enter")))

    def press(self, title: str) -> str:
        """Press a button of the bot's latest message that has buttons; its new messages."""
        latest = self.host.locator(".msg.bot:has(.choices)").last
        button = latest.get_by_role("button", name=title, exact=True)
        return self._after(button.click)

    def stored(self, kind: str = "sessionStorage") -> dict | None:
        raw = self.page.evaluate(f"() => {kind}.getItem({json.dumps(STORE_KEY)})")
        return json.loads(raw) if raw else None

    def focused(self) -> str | None:
        return self.page.evaluate(FOCUSED)

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("() => window.__cspViolations || []")

    def ngo_html(self, src: str = "/widget.js", head: str = "", **attributes: str) -> str:
        """The real demo page with other data-* attributes on the snippet (and extra markup in
        its head): the widget embedded as another NGO would."""
        snippet = " ".join(
            f'data-{name.replace("_", "-")}="{html.escape(value)}"'
            for name, value in attributes.items()
        )
        return re.sub(
            r'<script src="/widget.js"[^>]*></script>',
            f'<script src="{src}" {snippet} defer></script>',
            httpx.get(self.base + "/").text,
        ).replace("</head>", head + "</head>")

    def route_ngo_page(self, path: str, head: str = "", **attributes: str) -> None:
        """Serve ngo_html() at `path` of the server's own origin, with the demo page's CSP."""
        body = self.ngo_html(head=head, **attributes)
        headers = {"content-type": "text/html; charset=utf-8", "content-security-policy": DEMO_CSP}
        self.page.route(self.base + path, lambda route: route.fulfill(body=body, headers=headers))


class NgoSite:
    """Another web site on its own origin (a port of 127.0.0.1) whose pages embed the widget
    from the opic-bot server's address, as a real NGO site does."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, dict[str, str]]] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body, headers = pages.get(self.path, ("not found", {}))
                self.send_response(200 if self.path in pages else 404)
                for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body.encode("utf-8"))

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def serve(self, path: str, body: str, csp: str) -> str:
        self.pages[path] = (body, {"Content-Security-Policy": csp})
        return self.origin + path

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="package")
def ngo_site() -> Iterator[NgoSite]:
    site = NgoSite()
    yield site
    site.stop()


@pytest.fixture
def make_widget(browser: Any, server: Server) -> Iterator[Any]:
    """make_widget(**context_options) -> a Widget in a fresh browser context (fresh storage)."""
    contexts = []

    def make(**options: Any) -> Widget:
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 800}, **options})
        contexts.append(context)
        return Widget(context.new_page(), server)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def widget(make_widget: Any) -> Widget:
    return make_widget()
