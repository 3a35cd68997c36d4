"""Two `opic-bot serve` workers sharing a real Redis (tracker store and lock store), as two
machines behind a load balancer would: a conversation moves between them message by message,
and one sender's messages arriving at both at once are all handled, one after the other."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bot.privacy import conversation_key
from bot.texts import default_texts
from bot.workshops.facilitators import token_hash
from tests.integration.conftest import Server
from tests.services import PostgresServer, RedisServer

pytestmark = pytest.mark.integration
TEXTS = default_texts()
SALT = "scale-out-test-salt"
TOKEN = "scale-out-facilitator-token"


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    running = RedisServer(tmp_path_factory.mktemp("redis"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def workers(
    model_path: Path, tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer
) -> Iterator[list[httpx.Client]]:
    env = {
        "OPIC_TRACKER_STORE": "redis",
        "OPIC_REDIS_URL": redis_server.url,
        "OPIC_SENDER_SALT": SALT,
        "OPIC_RATE_LIMIT_MESSAGES": "1000",
        "OPIC_RATE_LIMIT_IP_MESSAGES": "100000",
        "OPIC_FACILITATORS": json.dumps({"amina": token_hash(TOKEN)}),
    }
    servers = [Server(model_path, tmp_path_factory.mktemp(f"worker{i}"), env) for i in (1, 2)]
    clients = [httpx.Client(base_url=s.url, timeout=60) for s in servers]
    yield clients
    for client in clients:
        client.close()
    for server in servers:
        server.stop()


def stored_events(redis_server: RedisServer, sender_id: str) -> list[dict]:
    """The conversation as Redis holds it (under the hashed key, never the sender id)."""
    raw = redis_server.client().get(f"opic:tracker:{conversation_key(sender_id, SALT.encode())}")
    return json.loads(raw)["events"] if raw else []


def test_a_conversation_alternates_between_workers_through_the_check(workers, redis_server):
    sender = f"web-{uuid.uuid4().hex}"
    steps = [
        ("/eligibility_check", "ask_country"),
        ("Spain", "ask_event_date"),
        ("in march 2025", "ask_ongoing"),
        ("no", "ask_child_at_time"),
        ("yes", "ask_domestic_remedies"),
        ("exhausted", "ask_final_decision_date"),
        ("june 2026", "ask_examined_elsewhere"),
        ("no", "ask_named_ok"),
        ("yes", "ask_acting_for"),
        ("self", None),
    ]
    for number, (message, asked) in enumerate(steps):
        worker = workers[number % 2]  # every message goes to the other worker
        reply = worker.post("/api/chat", json={"sender_id": sender, "message": message}).json()
        texts = [m["text"] for m in reply["messages"]]
        if asked:
            assert texts[-1] == TEXTS.get(asked, "en"), (number, message, texts)
    assert texts[0] == TEXTS.get("outcome_likely_admissible", "en")
    assert sender not in redis_server.client().keys("*")  # stored under the hashed key only
    user_events = [e for e in stored_events(redis_server, sender) if e["event"] == "user"]
    assert len(user_events) == len(steps)


def test_one_senders_messages_at_both_workers_at_once_are_all_handled_in_turn(
    workers, redis_server
):
    sender = f"web-{uuid.uuid4().hex}"
    questions = [
        "what is opic",
        "who can complain",
        "do i need a lawyer",
        "how long does it take",
        "is it free",
        "what happens after",
        "who is the committee",
        "what rights count",
    ]

    def ask(number: int) -> int:
        worker = workers[number % 2]
        body = {"sender_id": sender, "message": questions[number]}
        return worker.post("/api/chat", json=body).status_code

    with ThreadPoolExecutor(len(questions)) as pool:
        statuses = list(pool.map(ask, range(len(questions))))
    assert statuses == [200] * len(questions)
    events = [e for e in stored_events(redis_server, sender) if e["event"] in ("user", "action")]
    said = [e["text"] for e in events if e["event"] == "user"]
    assert sorted(said) == sorted(questions)  # none lost
    # Handled one at a time: each message's actions end with action_listen before the next one.
    turns = [e["event"] if e["event"] == "user" else e["name"] for e in events]
    for position, kind in enumerate(turns):
        if kind == "user" and position:
            assert turns[position - 1] == "action_listen", turns


def test_forget_me_on_one_worker_deletes_what_the_other_stored(workers, redis_server):
    sender = f"web-{uuid.uuid4().hex}"
    workers[0].post("/api/chat", json={"sender_id": sender, "message": "what is opic"})
    assert stored_events(redis_server, sender)
    assert workers[1].delete(f"/api/conversations/{sender}").status_code == 204
    assert stored_events(redis_server, sender) == []


def test_a_workshop_is_shared_by_the_workers(workers, redis_server):
    """Created at one worker, joined and played at both, reported by the other."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    created = (
        workers[0]
        .post(
            "/api/workshops", json={"title": "Class 6B", "language": "en", "hours": 1}, headers=auth
        )
        .json()
    )
    children = [f"web-{uuid.uuid4().hex}" for _ in range(3)]
    for number, child in enumerate(children):
        body = {"sender_id": child, "code": created["code"]}
        assert workers[number % 2].post("/api/workshops/join", json=body).status_code == 200
        for turn, message in enumerate(["who can complain", "/quiz", "/quiz 1 0 2"]):
            worker = workers[(number + turn) % 2]
            worker.post("/api/chat", json={"sender_id": child, "message": message})
    report = workers[1].get(f"/api/workshops/{created['code']}/report", headers=auth).json()
    assert report["participants"] == 3
    assert report["messages"] == 9
    assert report["topics"][0] == {
        "topic": "who_can_complain",
        "title": "Who can complain?",
        "count": 3,
    }
    assert report["quiz"][0]["answered"] == 3 and report["quiz"][0]["correct"] == 3
    assert [w["code"] for w in workers[1].get("/api/workshops", headers=auth).json()] == [
        created["code"]
    ]


@pytest.fixture(scope="module")
def postgres_workers(
    model_path: Path, tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer
) -> Iterator[list[httpx.Client]]:
    """Two workers keeping conversations in a real PostgreSQL (locks still in Redis)."""
    postgres = PostgresServer()
    env = {
        "OPIC_TRACKER_STORE": "postgresql",
        "OPIC_POSTGRES_URL": postgres.url,
        "OPIC_REDIS_URL": redis_server.url,
        "OPIC_SENDER_SALT": SALT,
        "OPIC_RATE_LIMIT_MESSAGES": "1000",
    }
    servers = [Server(model_path, tmp_path_factory.mktemp(f"pg{i}"), env) for i in (1, 2)]
    clients = [httpx.Client(base_url=s.url, timeout=60) for s in servers]
    yield clients
    for client in clients:
        client.close()
    for server in servers:
        server.stop()
    postgres.stop()


def test_postgresql_keeps_a_conversation_that_alternates_between_workers(postgres_workers):
    sender = f"web-{uuid.uuid4().hex}"
    answers = ["/eligibility_check", "Canada", "2024", "no", "yes", "not_tried", "no", "yes"]
    for number, message in enumerate([*answers, "self"]):
        worker = postgres_workers[number % 2]
        reply = worker.post("/api/chat", json={"sender_id": sender, "message": message})
        assert reply.status_code == 200, reply.text
    texts = [m["text"] for m in reply.json()["messages"]]
    assert texts[0] == TEXTS.get("outcome_not_admissible", "en")
    assert postgres_workers[1].delete(f"/api/conversations/{sender}").status_code == 204
    restarted = postgres_workers[0].post("/api/chat", json={"sender_id": sender, "message": "self"})
    assert restarted.json()["messages"][0]["text"] != texts[0]  # forgotten: no check in progress


def test_while_redis_is_down_children_are_asked_to_try_again_then_it_resumes(workers, redis_server):
    """Last in this module: it stops and restarts the module's Redis."""
    sender = f"web-{uuid.uuid4().hex}"
    redis_server.stop()
    try:
        for worker in workers:
            reply = worker.post("/api/chat", json={"sender_id": sender, "message": "what is opic"})
            assert reply.status_code == 503, reply.text
            assert "try again" in reply.json()["error"]["message"].lower()
            assert worker.get("/readyz").status_code == 503
            assert worker.get("/healthz").status_code == 200  # the process itself is fine
    finally:
        redis_server.start()
    for worker in workers:
        assert worker.get("/readyz").status_code == 200
        reply = worker.post("/api/chat", json={"sender_id": sender, "message": "what is opic"})
        assert reply.status_code == 200
        assert reply.json()["topic"] == "opic_what"
