"""GET /healthz and /readyz (api/routers/health.py)."""

from __future__ import annotations


def test_healthz_is_200_without_an_assistant(make_client):
    response = make_client(None).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_503_json_without_an_assistant(make_client):
    response = make_client(None).get("/readyz")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert response.headers["retry-after"] == "5"


def test_readyz_is_200_with_a_ready_assistant(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_readyz_is_503_while_the_assistant_is_not_ready(make_client, make_assistant):
    response = make_client(make_assistant(ready=False)).get("/readyz")
    assert response.status_code == 503


def test_readyz_follows_the_assistant_as_it_becomes_ready(make_client, make_assistant):
    assistant = make_assistant(ready=False)
    client = make_client(assistant)
    assert client.get("/readyz").status_code == 503
    assistant.ready = True
    assert client.get("/readyz").status_code == 200


def test_readyz_is_503_when_the_readiness_check_fails(make_client):
    class Broken:
        async def is_ready(self) -> bool:
            raise RuntimeError("store down")

    client = make_client(Broken())
    client.raise_server_exceptions = False
    assert client.get("/readyz").status_code == 503
