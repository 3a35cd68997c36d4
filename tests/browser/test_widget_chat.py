"""A child's conversations through the widget on the demo page: questions, buttons, the
eligibility check, reload, keyboard only, errors, start again, forget me and quick exit."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def chat_bodies(widget) -> list[dict]:
    return [
        json.loads(r.post_data)
        for r in widget.requests
        if r.method == "POST" and r.url.endswith("/api/chat")
    ]


def test_a_question_and_a_bot_button_are_answered(widget) -> None:
    widget.goto()
    widget.open()
    expect(widget.bot_messages.first).to_contain_text("I'm opic-bot")
    assert "UN treaty" in widget.ask("what is OPIC?")
    assert "A child can send a complaint" in widget.press("Who can complain?")
    # The buttons of earlier messages stay on screen.
    expect(widget.host.get_by_role("button", name="What is OPIC?", exact=True)).to_be_visible()
    expect(widget.host.locator(".msg.bot:has(.choices)")).to_have_count(3)
    expect(widget.user_messages).to_have_text(["You: what is OPIC?", "You: Who can complain?"])
    sender_ids = {body["sender_id"] for body in chat_bodies(widget)}
    assert len(sender_ids) == 1
    assert sender_ids.pop().startswith("web-")


def test_the_eligibility_check_runs_to_a_result(widget) -> None:
    widget.goto()
    widget.open()
    assert "Which country" in widget.press("Could my case go to the UN?")
    assert "When did it happen" in widget.ask("Spain")
    assert "still going on" in widget.ask("March 2025")
    assert "under 18" in widget.press("No")
    assert "court" in widget.press("Yes")
    assert "last decision" in widget.press("Yes, there was a final decision")
    assert "international body" in widget.ask("June 2026")
    assert "Is that OK?" in widget.press("No")
    assert "Who would send" in widget.press("Yes")
    result = widget.press("Me, the child")
    assert "From what you told me" in result
    assert "OPIC, article" in result or "adult you trust" in result


def test_the_conversation_survives_a_reload_in_the_same_tab(widget) -> None:
    widget.goto()
    widget.open()
    widget.ask("what is OPIC?")
    before = widget.stored()
    widget.page.reload()
    widget.launcher.wait_for()
    expect(widget.panel).to_be_visible()  # it was open: it opens again
    expect(widget.user_messages).to_have_text(["You: what is OPIC?"])
    expect(widget.bot_messages.nth(1)).to_contain_text("UN treaty")
    assert widget.stored()["id"] == before["id"]
    assert widget.stored("localStorage") is None  # sessionStorage by default
    widget.press("Who can complain?")  # the old buttons still work after the reload
    assert {body["sender_id"] for body in chat_bodies(widget)} == {before["id"]}


def test_keyboard_only(widget) -> None:
    widget.goto()
    page = widget.page
    for _ in range(20):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if widget.focused() and "Ask me" in widget.focused():
            break
    assert "Ask me" in widget.focused()
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    widget.bot_messages.first.wait_for()
    widget.wait_idle()
    assert widget.focused() == "Your message"  # focus moved into the panel, on the text box
    order = []
    for _ in range(9):
        page.keyboard.press("Shift+Tab")
        order.append(widget.focused())
    assert order[:3] == [
        "Could my case go to the UN?",
        "Who can complain?",
        "What is OPIC?",
    ]
    assert order[3:] == [
        "Chat messages",
        "Forget me: delete this chat here and on our server",
        "Start again: clear this chat and begin a new one",
        "Cases: decide with your group if a made-up case could go to the UN",
        "Quiz: test what you know about complaining to the UN",
        "ES – Español",
    ]
    for _ in range(9):
        page.keyboard.press("Tab")
    assert widget.focused() == "Your message"
    page.keyboard.type("what is OPIC?")
    before = widget.bot_messages.count()
    page.keyboard.press("Enter")
    expect(widget.bot_messages.nth(before)).to_contain_text("UN treaty")
    widget.wait_idle()
    page.keyboard.press("Shift+Tab")  # back onto the answer's last button: Tell me more
    assert widget.focused() == "Tell me more"
    before = widget.bot_messages.count()
    page.keyboard.press("Space")
    expect(widget.bot_messages).not_to_have_count(before)
    widget.wait_idle()
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert "Ask me" in widget.focused()  # focus back on the launcher
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    assert widget.focused() == "Your message"


@pytest.mark.parametrize(
    ("status", "label"),
    [(429, "That was very fast"), (503, "I am just waking up"), (None, "I can't reach the chat")],
)
def test_an_error_shows_a_kind_label_and_keeps_the_typed_text(widget, status, label) -> None:
    widget.goto()
    widget.open()
    chat_url = widget.base + "/api/chat"

    def fail(route) -> None:
        if status is None:
            route.abort("internetdisconnected")
        else:
            body = json.dumps({"error": {"code": "x", "message": "x"}})
            route.fulfill(status=status, body=body, content_type="application/json")

    widget.page.route(chat_url, fail)
    widget.input.fill("can kids complain?")
    widget.input.press("Enter")
    expect(widget.status).to_contain_text(label)
    expect(widget.input).to_have_value("can kids complain?")
    expect(widget.user_messages).to_have_count(0)  # the failed message is not shown as sent
    widget.page.unroute(chat_url)
    widget.input.press("Enter")
    expect(widget.user_messages).to_have_text(["You: can kids complain?"])
    expect(widget.input).to_have_value("")
    expect(widget.status).to_be_empty()


def test_bot_text_is_shown_as_text_never_as_html(widget) -> None:
    widget.goto()
    widget.open()
    evil = '<img src=x onerror="window.__pwned=1"><b>bold</b> Help: https://example.org/help.'
    reply = {
        "sender_id": "web-x",
        "language": "en",
        "messages": [{"text": evil, "buttons": [{"title": "<i>x</i>", "payload": "/greet"}]}],
        "topic": None,
        "intent": None,
        "safeguarding": False,
    }
    widget.page.route(
        widget.base + "/api/chat",
        lambda route: route.fulfill(body=json.dumps(reply), content_type="application/json"),
    )
    widget.ask("hello")
    last = widget.bot_messages.last
    expect(last.locator("p")).to_contain_text('<img src=x onerror="window.__pwned=1"><b>bold</b>')
    expect(last.get_by_role("button", name="<i>x</i>")).to_be_visible()
    assert widget.host.locator("img, b, i").count() == 0
    assert widget.page.evaluate("() => window.__pwned") is None
    expect(last.get_by_role("link")).to_have_attribute("href", "https://example.org/help")


def test_start_again_clears_the_chat_and_greets(widget) -> None:
    widget.goto()
    widget.open()
    widget.ask("what is OPIC?")
    old_id = widget.stored()["id"]
    with widget.page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        widget.host.get_by_role("button", name="Start again").click()
    assert deleted.value.status == 204
    assert deleted.value.url.endswith(f"/api/conversations/{old_id}")
    expect(widget.bot_messages).to_have_count(1)
    expect(widget.bot_messages.first).to_contain_text("I'm opic-bot")
    expect(widget.user_messages).to_have_count(0)
    widget.wait_idle()
    assert widget.stored()["id"] not in (old_id, None)


def test_forget_me_deletes_the_conversation_everywhere(widget) -> None:
    widget.goto()
    widget.open()
    widget.ask("what is OPIC?")
    old_id = widget.stored()["id"]
    with widget.page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        widget.host.get_by_role("button", name="Forget me").click()
    assert deleted.value.status == 204
    assert deleted.value.url == f"{widget.base}/api/conversations/{old_id}"
    expect(widget.status).to_have_text("Done. I deleted this chat. Nobody can read it now.")
    expect(widget.host.locator(".msg")).to_have_count(0)
    assert widget.stored() is None
    widget.ask("what is OPIC?")  # a new conversation, under a new id
    assert chat_bodies(widget)[-1]["sender_id"] != old_id


def test_quick_exit_leaves_at_once_and_clears_everything(widget) -> None:
    widget.route_ngo_page("/ngo", exit_url="/healthz")
    widget.goto("/ngo")
    widget.open()
    widget.ask("what is OPIC?")
    sender_id = widget.stored()["id"]
    widget.input.fill("something private")
    widget.host.get_by_role("button", name="Quick exit").click()
    widget.page.wait_for_url(widget.base + "/healthz")
    assert widget.stored() is None
    assert widget.page.evaluate("() => sessionStorage.length") == 0
    deletes = [r.url for r in widget.requests if r.method == "DELETE"]
    assert deletes == [f"{widget.base}/api/conversations/{sender_id}"]
    widget.page.go_back()  # location.replace: Back does not return to the chat
    assert not widget.page.url.endswith("/ngo")


def test_the_language_switch_changes_labels_and_the_api_language(widget) -> None:
    widget.goto()
    widget.open()
    widget.host.get_by_role("button", name="FR – Français").click()
    expect(widget.host.locator(".send")).to_have_text("Envoyer")
    expect(widget.launcher).to_contain_text("Pose ta question")
    expect(widget.host.get_by_role("button", name="FR – Français")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(widget.input).to_have_attribute("placeholder", "Écris ta question ici")
    widget.ask("c'est quoi OPIC ?")
    assert chat_bodies(widget)[-1]["language"] == "fr"
    widget.page.reload()
    expect(widget.host.locator(".send")).to_have_text("Envoyer")  # the choice is remembered
    widget.host.get_by_role("button", name="ES – Español").click()
    expect(widget.host.locator(".send")).to_have_text("Enviar")
    widget.ask("¿qué es OPIC?")
    assert chat_bodies(widget)[-1]["language"] == "es"
