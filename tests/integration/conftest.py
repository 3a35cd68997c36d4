"""A model trained once per test session, and real opic-bot servers started over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot import PROJECT_ROOT
from bot.settings import Settings

OPIC_BOT = str(Path(sys.executable).parent / "opic-bot")
START_TIMEOUT = 180.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def model_path() -> Path:
    """Train (or reuse) the model for the current data, once per test session."""
    from engine.training import train

    return train(Settings())


def wait_until_ready(url: str, process: subprocess.Popen, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} was not ready after {timeout} s")


class Server:
    """`opic-bot serve` in a subprocess, exactly as operators start it."""

    def __init__(self, model: Path, tmp: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"serve-{self.port}.log"
        self.data_dir = tmp / "var"
        environment = {**os.environ, "OPIC_DATA_DIR": str(self.data_dir), **(env or {})}
        self.process = subprocess.Popen(
            [
                OPIC_BOT,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--model",
                str(model),
            ],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        wait_until_ready(self.url, self.process)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def server(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(
        model_path,
        tmp_path_factory.mktemp("server"),
        {"OPIC_RATE_LIMIT_MESSAGES": "1000", "OPIC_RATE_LIMIT_IP_MESSAGES": "100000"},
    )
    yield running
    running.stop()


@pytest.fixture(scope="session")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


class Child:
    """One conversation: sends messages and keeps the last reply."""

    def __init__(self, client: httpx.Client, language: str | None = None) -> None:
        self.client = client
        self.sender = f"child-{uuid.uuid4().hex[:12]}"
        self.language = language
        self.reply: dict = {}

    def says(self, message: str) -> dict:
        body = {"sender_id": self.sender, "message": message}
        if self.language:
            body["language"] = self.language
        response = self.client.post("/api/chat", json=body)
        assert response.status_code == 200, response.text
        self.reply = response.json()
        return self.reply

    @property
    def texts(self) -> list[str]:
        return [m["text"] for m in self.reply["messages"]]

    @property
    def last(self) -> dict:
        return self.reply["messages"][-1]

    def payloads(self) -> list[str]:
        return [b["payload"] for b in self.last.get("buttons") or []]

    def presses(self, title: str) -> dict:
        """Press the button with this title on the last message."""
        buttons = {b["title"]: b["payload"] for b in self.last.get("buttons") or []}
        assert title in buttons, (title, list(buttons))
        return self.says(buttons[title])
