"""/api/eligibility and /api/states through the real server over HTTP."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.integration


def test_eligibility_spec_example(client: httpx.Client) -> None:
    body = {
        "country": "ES",
        "event_date": "2019-05-01",
        "ongoing": False,
        "child_at_time": True,
        "domestic_remedies": "exhausted",
        "final_decision_date": "2024-02-10",
        "examined_elsewhere": False,
        "anonymous": False,
        "acting_for": "self",
        "as_of": "2024-06-01",
    }
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
