"""Operators may run the custom actions as a separate rasa_sdk server; serve must use it."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx
import pytest

from bot import PROJECT_ROOT
from tests.integration.conftest import OPIC_BOT, Server, free_port

pytestmark = pytest.mark.integration


def wait_for_actions(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "action server exited"
        try:
            if httpx.get(f"{url}/actions", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise TimeoutError("action server did not start")


def test_serve_with_a_separate_action_server(model_path: Path, tmp_path: Path) -> None:
    port = free_port()
    actions = subprocess.Popen(
        [OPIC_BOT, "actions", "--port", str(port)],
        cwd=PROJECT_ROOT,
        stdout=(tmp_path / "actions.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    server = None
    try:
        wait_for_actions(f"http://127.0.0.1:{port}", actions)
        names = {a["name"] for a in httpx.get(f"http://127.0.0.1:{port}/actions").json()}
        assert "action_answer_topic" in names
        server = Server(
            model_path, tmp_path, {"OPIC_ACTION_ENDPOINT": f"http://127.0.0.1:{port}/webhook"}
        )
        reply = httpx.post(
            f"{server.url}/api/chat",
            json={"sender_id": "split-1", "message": "/ask_duration"},
            timeout=30,
        ).json()
        assert reply["topic"] == "duration"
        actions.terminate()
        actions.wait(timeout=20)
        down = httpx.post(
            f"{server.url}/api/chat",
            json={"sender_id": "split-1", "message": "/ask_duration"},
            timeout=30,
        )
        assert down.status_code == 200  # a kind message, not a 500
        assert down.json()["messages"][0]["text"]
    finally:
        if server:
            server.stop()
        if actions.poll() is None:
            actions.kill()
