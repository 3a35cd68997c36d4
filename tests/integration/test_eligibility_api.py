"""/api/eligibility and /api/states through the real server over HTTP."""

from __future__ import annotations

import httpx
import pytest

from tests.spec_examples import ELIGIBILITY_EXAMPLE

pytestmark = pytest.mark.integration


def test_eligibility_spec_example(client: httpx.Client) -> None:
    body = ELIGIBILITY_EXAMPLE
    reply = client.post("/api/eligibility", json=body).json()
    assert reply["outcome"] == "likely_admissible"
    late = client.post("/api/eligibility", json={**body, "as_of": "2025-06-01"}).json()
    assert late["outcome"] == "not_admissible"
    assert [r["code"] for r in late["reasons"]] == ["late_submission"]


def test_unknown_country_is_422(client: httpx.Client) -> None:
    response = client.post("/api/eligibility", json={"country": "Narnia"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_country"


def test_states_table_is_served(client: httpx.Client) -> None:
    assert client.get("/api/states/FR").json()["entry_into_force"] == "2016-04-07"
    assert client.get("/api/states/ZZZ").status_code == 404
    assert "/api/eligibility" in client.get("/openapi.json").json()["paths"]
