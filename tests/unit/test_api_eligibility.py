"""POST /api/eligibility and GET /api/states as in spec/api.md."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.spec_examples import ELIGIBILITY_EXAMPLE

BODY = ELIGIBILITY_EXAMPLE


def post(client: TestClient, **change) -> dict:
    response = client.post("/api/eligibility", json={**BODY, **change})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_spec_example_is_likely_admissible(client: TestClient) -> None:
    reply = post(client)
    assert reply["outcome"] == "likely_admissible" and reply["reasons"] == []
    assert reply["state"] == {
        "name": "Spain",
        "iso3": "ESP",
        "party": True,
        "entry_into_force": "2014-04-14",
    }
    assert len(reply["next_steps"]) >= 2


@pytest.mark.parametrize("country", ["ES", "esp", "Spain", "España", "espagne", "Espana"])
def test_country_by_code_or_name(client: TestClient, country: str) -> None:
    assert post(client, country=country)["state"]["iso3"] == "ESP"


def test_reasons_carry_code_article_blocking_and_a_child_message(client: TestClient) -> None:
    reply = post(client, anonymous=True, acting_for="other_without_consent")
    assert reply["outcome"] == "not_admissible"
    reasons = {r["code"]: r for r in reply["reasons"]}
    assert reasons["anonymous"]["blocking"] is True and reasons["anonymous"]["article"] == "7(a)"
    assert reasons["no_consent"]["blocking"] is False
    assert "article" in reasons["anonymous"]["message"]


def test_a_non_party_is_answered_as_such(client: TestClient) -> None:
    reply = post(client, country="United States")
    assert reply["outcome"] == "not_admissible"
    assert reply["reasons"][0]["code"] == "state_not_party"
    assert "United States" in reply["reasons"][0]["message"]
    assert reply["state"]["party"] is False


def test_only_the_country_is_required(client: TestClient) -> None:
    response = client.post("/api/eligibility", json={"country": "Italy", "as_of": "2024-06-01"})
    assert response.status_code == 200
    assert response.json()["outcome"] == "needs_advice"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"country": "Atlantis"}, "unknown_country"),
        ({"event_date": "2024-07"}, "date_in_future"),
        ({"final_decision_date": "2025"}, "date_in_future"),
        ({"event_date": "2019-13-01"}, "invalid_request"),
        ({"event_date": "yesterday"}, "invalid_request"),
        ({"ongoing": "yes"}, "invalid_request"),
        ({"domestic_remedies": "maybe"}, "invalid_request"),
        ({"acting_for": "teacher"}, "invalid_request"),
        ({"country": ""}, "invalid_request"),
        ({"country": 5}, "invalid_request"),
        ({"as_of": "soon"}, "invalid_request"),
    ],
)
def test_bad_answers_are_a_json_422(client: TestClient, change: dict, code: str) -> None:
    response = client.post("/api/eligibility", json={**BODY, **change})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


def test_a_date_after_today_is_rejected_when_as_of_is_absent(client: TestClient) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    body = {k: v for k, v in BODY.items() if k != "as_of"}
    response = client.post("/api/eligibility", json={**body, "event_date": tomorrow})
    assert response.status_code == 422


def test_states_list_covers_every_country(client: TestClient) -> None:
    states = client.get("/api/states").json()
    assert len(states) >= 193
    assert set(states[0]) >= {
        "name",
        "iso2",
        "iso3",
        "party",
        "signed",
        "ratification_date",
        "entry_into_force",
    }
    assert sum(s["party"] for s in states) >= 51


@pytest.mark.parametrize("code", ["DE", "deu", "DEU"])
def test_state_by_code(client: TestClient, code: str) -> None:
    state = client.get(f"/api/states/{code}").json()
    assert state["iso3"] == "DEU" and state["entry_into_force"] == "2014-04-14"


@pytest.mark.parametrize("code", ["XX", "ABCD", "12", "%F0%9F%99%82"])
def test_unknown_state_code_is_404_json(client: TestClient, code: str) -> None:
    response = client.get(f"/api/states/{code}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_country"
