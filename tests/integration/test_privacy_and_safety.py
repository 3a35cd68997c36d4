"""Privacy and safeguarding through the real server: what reaches the tracker store, forget me,
and help first on every path (also in the middle of the eligibility check)."""

from __future__ import annotations

import sqlite3
import uuid

import httpx
import pytest

from bot.texts import default_texts
from tests.integration.conftest import Server

pytestmark = pytest.mark.integration
TEXTS = default_texts()


def chat(client: httpx.Client, sender: str, message: str) -> dict:
    response = client.post("/api/chat", json={"sender_id": sender, "message": message})
    assert response.status_code == 200, response.text
    return response.json()


def stored_events(server: Server) -> list[tuple[str, str]]:
    with sqlite3.connect(server.data_dir / "conversations.sqlite") as db:
        return db.execute("select sender_id, coalesce(data, '') from events").fetchall()


def test_the_store_never_sees_the_sender_id_or_personal_details(client, server):
    sender = f"web-{uuid.uuid4().hex[:10]}"
    chat(client, sender, "hi, my email is zebra.kid@example.org and my phone +34 612 345 678")
    events = stored_events(server)
    assert events
    assert all(sender not in key and sender not in data for key, data in events)
    everything = " ".join(data for _, data in events)
    assert "zebra.kid" not in everything
    assert "612 345 678" not in everything
    assert "[email]" in everything


def test_forget_me_leaves_nothing_behind(client, server):
    sender = f"web-{uuid.uuid4().hex[:10]}"
    chat(client, sender, "what is opic? quokka")
    assert any("quokka" in data for _, data in stored_events(server))
    response = client.delete(f"/api/conversations/{sender}")
    assert response.status_code == 204
    assert not any("quokka" in data for _, data in stored_events(server))
    # the conversation starts afresh and works
    assert chat(client, sender, "who can complain?")["topic"] == "who_can_complain"
    assert client.delete(f"/api/conversations/{sender}").status_code == 204


@pytest.mark.parametrize("message", ["my dad hits me every night", "SOS", "je veux mourir"])
def test_a_disclosure_gets_help_first_and_is_not_stored(client, server, message):
    sender = f"web-{uuid.uuid4().hex[:10]}"
    reply = chat(client, sender, message)
    assert reply["safeguarding"] is True
    assert reply["topic"] == "safeguarding"
    assert all(message not in data for _, data in stored_events(server))


def test_help_in_the_middle_of_the_check_pauses_it_and_names_local_helplines(client):
    sender = f"web-{uuid.uuid4().hex[:10]}"
    chat(client, sender, "/eligibility_check")
    chat(client, sender, "Spain")
    reply = chat(client, sender, "my stepfather beats me")
    assert reply["safeguarding"] is True
    texts = [m["text"] for m in reply["messages"]]
    assert "116 111" in texts[0]
    assert texts[-1] == TEXTS.get("safety_back_to_check", "en")
    reply = chat(client, sender, "/eligibility_check")
    assert reply["messages"][-1]["text"] == TEXTS.get("ask_event_date", "en")
    reply = chat(client, sender, "last year")  # the check goes on where it was
    assert reply["messages"][-1]["text"] == TEXTS.get("ask_ongoing", "en")


def test_a_question_about_violence_in_general_is_answered_not_treated_as_a_crisis(client):
    reply = chat(client, f"web-{uuid.uuid4().hex[:10]}", "can kids complain about police violence?")
    assert reply["topic"] != "safeguarding"
