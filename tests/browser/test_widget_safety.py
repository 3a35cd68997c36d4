"""The crisis reply on a 360 px phone: the numbers are big tap-to-call links (tel:), shown
first; the country buttons work; docs/crisis-reply-phone.png is a copy of the screenshot."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import RESULTS

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def test_the_crisis_reply_shows_tap_to_call_buttons_on_a_phone(make_widget) -> None:
    widget = make_widget(**PHONE)
    widget.goto()
    widget.open()
    asked = widget.ask("my dad hits me and i am scared")
    assert "Which country are you in?" in asked
    said = widget.press("United Kingdom")
    assert "0800 1111" in said
    calls = widget.host.locator("a.call")
    expect(calls).to_have_count(2)
    assert calls.nth(0).get_attribute("href") == "tel:08001111"
    assert calls.nth(1).get_attribute("href") == "tel:999"
    for index in range(2):
        box = calls.nth(index).bounding_box()
        assert box["height"] >= 48 and box["width"] >= 200  # a big target for a thumb
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    expect(calls.nth(0)).to_be_in_viewport()
    widget.page.mouse.move(0, 0)
    RESULTS.mkdir(exist_ok=True)
    shot = RESULTS / "crisis-reply-phone.png"
    widget.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
