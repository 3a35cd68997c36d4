"""The safeguarding gate through the real server and model: every disclosure in the evaluation
set (tests/safeguarding/messages.yml) gets the safety reply first, and no ordinary message does.

This checks the whole path a child's message takes: patterns, then the NLU's own
`safeguarding` intent, then the dialogue.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest
import yaml

from bot.language import LANGUAGES

pytestmark = pytest.mark.integration
MESSAGES = yaml.safe_load(
    (Path(__file__).parents[1] / "safeguarding" / "messages.yml").read_text(encoding="utf-8")
)


def reply_to(client: httpx.Client, message: str, language: str) -> dict:
    body = {"sender_id": f"gate-{uuid.uuid4().hex[:12]}", "message": message, "language": language}
    response = client.post("/api/chat", json=body)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_disclosure_gets_help_first(client: httpx.Client, language: str) -> None:
    disclosures = [m for ms in MESSAGES[language]["disclosures"].values() for m in ms]
    assert len(disclosures) >= 20
    missed = [m for m in disclosures if not reply_to(client, m, language)["safeguarding"]]
    assert missed == [], f"{len(missed)}/{len(disclosures)} disclosures missed"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_ordinary_message_raises_an_alarm(client: httpx.Client, language: str) -> None:
    ordinary = MESSAGES[language]["ordinary"]
    assert len(ordinary) >= 20
    alarms = [m for m in ordinary if reply_to(client, m, language)["safeguarding"]]
    assert alarms == [], f"{len(alarms)}/{len(ordinary)} ordinary messages raised an alarm"
