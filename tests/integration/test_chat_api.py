"""/api/chat through the real app over HTTP with the real trained model, for every topic."""

from __future__ import annotations

import uuid

import httpx
import pytest

from bot.intents import intent_for_topic
from bot.knowledge.check import spec_topic_ids
from bot.knowledge.loader import default_knowledge_base

pytestmark = pytest.mark.integration
TOPICS = spec_topic_ids()

# One plain question per topic, as a child might type it.
QUESTIONS = {
    "opic_what": "what is opic",
    "crc_what": "what is the convention on the rights of the child",
    "committee_what": "who is the committee on the rights of the child",
    "who_can_complain": "can kids complain to the UN??",
    "which_rights": "which rights can a complaint be about",
    "country_status": "has my country joined opic",
    "country_not_party": "my country did not join opic what can i do",
    "domestic_remedies": "do i have to go to court in my country first",
    "time_limit": "is there a deadline to send a complaint",
    "how_to_submit": "how do i send a complaint to the committee",
    "cost_and_lawyer": "does it cost money and do i need a lawyer",
    "after_submission": "what happens after i send my complaint",
    "duration": "how long does it take to get an answer",
    "committee_decision": "does my country have to do what the committee says",
    "urgent_measures": "what if i am in danger of serious harm while my case waits",
    "protection_privacy": "will people find out my name if i complain",
    "inquiry_procedure": "can the un investigate when lots of kids are hurt in a country",
    "interstate": "can one country complain about another country",
    "case_examples": "can u give me examples of real cases",
    "get_help": "who can help me with a complaint",
    "opic_history": "when did opic start",
    "eligibility_check": "could my case go to the committee",
    "bot_about": "are you a robot",
    "out_of_scope": "whats the best pizza topping",
    "safeguarding": "my dad hits me and i am scared",
}


def new_sender() -> str:
    return f"it-{uuid.uuid4().hex[:12]}"


def chat(client: httpx.Client, message: str, sender: str | None = None, **extra: str) -> dict:
    response = client.post(
        "/api/chat", json={"sender_id": sender or new_sender(), "message": message, **extra}
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_every_contract_topic_has_a_question() -> None:
    assert set(QUESTIONS) == set(TOPICS)


@pytest.mark.parametrize("topic", TOPICS)
def test_button_payload_answers_its_topic(client: httpx.Client, topic: str) -> None:
    reply = chat(client, f"/{intent_for_topic(topic)}")
    assert reply["topic"] == topic
    assert reply["safeguarding"] is (topic == "safeguarding")
    assert reply["messages"] and reply["messages"][0]["text"]


@pytest.mark.parametrize("topic", TOPICS)
def test_plain_question_answers_its_topic(client: httpx.Client, topic: str) -> None:
    reply = chat(client, QUESTIONS[topic])
    assert reply["topic"] == topic, (QUESTIONS[topic], reply["intent"])


def test_reply_has_the_contract_shape(client: httpx.Client) -> None:
    sender = new_sender()
    reply = chat(client, "can kids complain to the UN??", sender)
    assert set(reply) == {
        "sender_id",
        "language",
        "messages",
        "topic",
        "intent",
        "safeguarding",
        "safety",
    }
    assert reply["sender_id"] == sender and reply["language"] == "en"
    assert reply["intent"]["name"] == "ask_who_can_complain"
    assert 0.0 <= reply["intent"]["confidence"] <= 1.0
    first = reply["messages"][0]
    kb = default_knowledge_base()
    assert first["text"] == kb.text("who_can_complain", "en").answer
    payloads = [b["payload"] for b in first["buttons"]]
    assert payloads[: len(kb.facts["who_can_complain"].follow_ups)] == [
        f"/{intent_for_topic(t)}" for t in kb.facts["who_can_complain"].follow_ups
    ]


def test_pressing_every_button_of_an_answer_works(client: httpx.Client) -> None:
    sender = new_sender()
    for button in chat(client, "/ask_opic_what", sender)["messages"][0]["buttons"]:
        reply = chat(client, button["payload"], sender)
        assert reply["messages"], button


def test_small_talk_has_no_topic_but_offers_a_way_on(client: httpx.Client) -> None:
    reply = chat(client, "hello")
    assert reply["topic"] is None
    assert reply["intent"]["name"] == "greet"
    assert reply["messages"][0]["buttons"]


def test_tell_me_more_follows_the_last_topic(client: httpx.Client) -> None:
    sender = new_sender()
    chat(client, "/ask_time_limit", sender)
    reply = chat(client, "/ask_more", sender)
    assert reply["topic"] == "time_limit"
    assert reply["messages"][0]["text"] == default_knowledge_base().text("time_limit", "en").more


def test_country_status_for_a_named_party(client: httpx.Client) -> None:
    reply = chat(client, "has spain joined opic?")
    assert reply["topic"] == "country_status"
    text = reply["messages"][0]["text"]
    assert "Spain" in text and "14 April 2014" in text


def test_country_status_asks_which_country_then_answers(client: httpx.Client) -> None:
    sender = new_sender()
    first = chat(client, "/ask_country_status", sender)
    assert "name of your country" in first["messages"][0]["text"]
    second = chat(client, "kenya", sender)
    assert second["topic"] == "country_status"
    assert "Kenya has not joined" in second["messages"][0]["text"]


def test_conversations_are_kept_apart(client: httpx.Client) -> None:
    a, b = new_sender(), new_sender()
    chat(client, "/ask_duration", a)
    chat(client, "/ask_interstate", b)
    assert chat(client, "/ask_more", a)["topic"] == "duration"
    assert chat(client, "/ask_more", b)["topic"] == "interstate"


@pytest.mark.parametrize(
    "message",
    [
        "🙂🙂🙂",
        "مرحبا كيف حالك",
        "x" * 2000,
        "'; DROP TABLE events; --",
        "/not_an_intent",
        "/ask_more",
    ],
)
def test_odd_messages_get_a_kind_reply(client: httpx.Client, message: str) -> None:
    reply = chat(client, message)
    assert reply["messages"] and reply["messages"][0]["text"]


def test_bad_input_is_a_json_4xx(client: httpx.Client) -> None:
    for body, status in [
        ({"sender_id": "a", "message": ""}, 422),
        ({"sender_id": "bad id!", "message": "hi"}, 422),
        ({"sender_id": "a", "message": "hi", "language": "de"}, 422),
        ({"sender_id": "a", "message": "x" * 17000}, 413),
    ]:
        response = client.post("/api/chat", json=body)
        assert response.status_code == status
        assert set(response.json()["error"]) == {"code", "message"}
    response = client.post(
        "/api/chat", content=b"\xff\xfe\x00binary", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


def test_health_readiness_and_docs(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
    assert client.get("/docs").status_code == 200
    assert "/api/chat" in client.get("/openapi.json").json()["paths"]
