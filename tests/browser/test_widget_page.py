"""The widget on a host page: strict CSP, no third-party requests, theming through data-*
attributes, style isolation, phone layout, target sizes, an axe-core audit and a screenshot."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AXE_JS, RESULTS

pytestmark = pytest.mark.browser

SMALL_TARGETS = """() => {
  const root = document.querySelector("opic-bot-widget").shadowRoot;
  return [...root.querySelectorAll("button, input, [tabindex]")]
    .filter((el) => el.getClientRects().length)
    .map((el) => [el.getAttribute("aria-label") || el.textContent, el.getBoundingClientRect()])
    .filter(([, box]) => box.width < 44 || box.height < 44)
    .map(([name, box]) => `${name}: ${box.width}x${box.height}`);
}"""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def test_the_demo_page_works_under_a_strict_csp_with_no_third_party_request(widget) -> None:
    response = widget.goto()
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    script = widget.page.request.get(widget.base + "/widget.js")
    assert script.headers["cache-control"] == "public, max-age=3600"
    widget.open()
    widget.ask("what is OPIC?")
    widget.host.get_by_role("button", name="FR – Français").click()
    expect(widget.host.locator(".send")).to_have_text("Envoyer")
    assert widget.csp_violations() == []
    assert widget.console_errors == []
    outside = [r.url for r in widget.requests if not r.url.startswith(widget.base + "/")]
    assert outside == []
    # The styles did apply (constructable stylesheet in the shadow root, allowed by the CSP).
    position = widget.launcher.evaluate("el => getComputedStyle(el).position")
    assert position == "fixed"


def test_the_widget_works_on_another_site_under_its_strict_csp(widget, ngo_site) -> None:
    api = widget.base  # allowed by OPIC_CORS_ORIGINS; the NGO's CSP allows only it besides itself
    csp = (
        f"default-src 'self'; script-src 'self' {api}; connect-src {api}; "
        "style-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
    )
    page = widget.ngo_html(src=api + "/widget.js", lang="es")
    widget.page.goto(ngo_site.serve("/ninos.html", page, csp))
    widget.open()
    expect(widget.launcher).to_contain_text("Pregúntame")
    widget.ask("what is OPIC?")
    with widget.page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        widget.host.get_by_role("button", name="Olvídame").click()
    assert deleted.value.status == 204
    assert widget.csp_violations() == []
    assert widget.console_errors == []
    origins = {"/".join(r.url.split("/")[:3]) for r in widget.requests}
    assert origins == {ngo_site.origin, api}


def test_data_attributes_theme_the_widget(widget) -> None:
    widget.route_ngo_page(
        "/ngo-fr",
        lang="fr",
        title="Mon association",
        color="#ffd400",
        position="left",
        storage="local",
        open="true",
    )
    widget.goto("/ngo-fr")
    expect(widget.panel).to_be_visible()  # data-open
    widget.bot_messages.first.wait_for()
    widget.wait_idle()
    assert widget.focused() is None  # opening by itself does not steal the page's focus
    expect(widget.host.locator("h2")).to_have_text("Mon association")
    expect(widget.launcher).to_contain_text("Pose ta question")
    launcher = widget.launcher.bounding_box()
    assert launcher["x"] < 100  # data-position="left"
    colors = widget.launcher.evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]"
    )
    assert colors == ["rgb(255, 212, 0)", "rgb(17, 17, 17)"]  # dark text on a light accent
    widget.ask("what is OPIC?")
    assert widget.stored("localStorage")["lang"] == "fr"
    assert widget.stored("sessionStorage") is None


def test_data_storage_none_keeps_nothing_in_the_browser(widget) -> None:
    widget.route_ngo_page("/ngo-none", storage="none", color="not a colour; }")
    widget.goto("/ngo-none")
    widget.open()
    widget.ask("what is OPIC?")
    assert widget.page.evaluate("() => localStorage.length + sessionStorage.length") == 0
    background = widget.launcher.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(29, 78, 216)"  # an invalid colour falls back to the default


def test_styles_do_not_leak_into_or_out_of_the_widget(widget) -> None:
    hostile = "* { font-family: monospace !important; } p, button { color: red; font-size: 40px; }"
    widget.page.route(
        widget.base + "/hostile.css",
        lambda route: route.fulfill(body=hostile, content_type="text/css"),
    )
    widget.route_ngo_page("/ngo-styled", head='<link rel="stylesheet" href="/hostile.css">')
    widget.goto("/ngo-styled")
    widget.open()
    page_p = widget.page.locator("main p").first
    assert page_p.evaluate("el => getComputedStyle(el).color") == "rgb(255, 0, 0)"
    bot_p = widget.bot_messages.first.locator("p")
    style = bot_p.evaluate("el => [getComputedStyle(el).color, getComputedStyle(el).fontSize]")
    assert style == ["rgb(26, 26, 26)", "16px"]
    font = widget.launcher.evaluate("el => getComputedStyle(el).fontFamily")
    assert "monospace" not in font
    # The widget's own h2 (18px) does not restyle the page's h2 (the browser's 1.5em).
    sizes = widget.page.locator("main h2").first.evaluate(
        "el => [el, document.body].map((e) => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes[0] == 1.5 * sizes[1]


def test_on_a_phone_the_panel_fills_the_screen(make_widget) -> None:
    widget = make_widget(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    widget.goto()
    widget.open()
    widget.ask("can kids complain to the UN?")
    assert widget.panel.bounding_box() == {"x": 0, "y": 0, "width": 360, "height": 740}
    expect(widget.launcher).to_be_hidden()
    assert widget.page.evaluate(SMALL_TARGETS) == []
    overflow = widget.page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 360


def test_every_control_is_at_least_44_by_44_pixels(widget) -> None:
    widget.goto()
    assert widget.page.evaluate(SMALL_TARGETS) == []
    widget.open()
    widget.ask("what is OPIC?")
    assert widget.page.evaluate(SMALL_TARGETS) == []


def run_axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                      resultTypes: ["violations"]})""",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_or_critical_violation(make_widget) -> None:
    assert AXE_JS.exists(), "scripts/install_browser.sh installs axe-core"
    widget = make_widget(bypass_csp=True)  # only so that axe itself can be injected
    widget.goto()
    assert run_axe(widget.page) == []  # launcher only
    widget.open()
    widget.ask("what is OPIC?")
    widget.press("Who can complain?")
    assert run_axe(widget.page) == []  # open panel with a conversation (axe enters shadow DOM)
    widget.host.get_by_role("button", name="ES – Español").click()
    expect(widget.host.locator(".send")).to_have_text("Enviar")
    widget.status.evaluate("el => { el.textContent = 'Test: a status message.'; }")
    assert run_axe(widget.page) == []


def test_screenshot_of_a_conversation(make_widget) -> None:
    widget = make_widget(viewport={"width": 1100, "height": 760})
    widget.goto()
    widget.open()
    widget.ask("can kids complain to the UN?")
    widget.page.mouse.move(0, 0)
    RESULTS.mkdir(exist_ok=True)
    shot = RESULTS / "widget.png"
    widget.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000  # docs/widget.png, the README's picture, is a copy
