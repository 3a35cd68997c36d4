"""DELETE /api/conversations/{sender_id}, per-IP limits and CORS (fake assistant)."""

from __future__ import annotations


def test_forget_me_deletes_the_conversation(make_client, fake_assistant):
    client = make_client(fake_assistant)
    response = client.delete("/api/conversations/web-3f2a")
    assert response.status_code == 204
    assert response.content == b""
    assert fake_assistant.forgotten == ["web-3f2a"]


def test_forget_me_rejects_a_bad_sender_id(make_client, fake_assistant):
    client = make_client(fake_assistant)
    response = client.delete("/api/conversations/" + "x" * 200)
    assert response.status_code == 422
    assert response.json()["error"]["code"]
    assert fake_assistant.forgotten == []


def test_one_ip_address_is_limited_across_senders(make_client, fake_assistant):
    client = make_client(fake_assistant, rate_limit_ip_messages=3)
    codes = [
        client.post("/api/chat", json={"sender_id": f"s{i}", "message": "hi"}).status_code
        for i in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]


def test_cors_only_for_configured_origins(make_client, fake_assistant):
    client = make_client(fake_assistant, cors_origins=["https://ngo.example"])
    preflight = {"Access-Control-Request-Method": "POST"}
    allowed = client.options("/api/chat", headers={"Origin": "https://ngo.example", **preflight})
    assert allowed.headers["access-control-allow-origin"] == "https://ngo.example"
    other = client.options("/api/chat", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
    closed = make_client(fake_assistant).post(
        "/api/chat",
        json={"sender_id": "a", "message": "hi"},
        headers={"Origin": "https://ngo.example"},
    )
    assert "access-control-allow-origin" not in closed.headers
