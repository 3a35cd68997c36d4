"""The `opic-bot` command as a newcomer uses it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from tests.integration.conftest import OPIC_BOT

pytestmark = pytest.mark.integration


def run(*args: str, stdin: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [OPIC_BOT, *args],
        cwd=PROJECT_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("train", "serve", "chat", "kb", "actions"):
        assert command in result.stdout


def test_kb_check_passes_on_the_shipped_content() -> None:
    result = run("kb", "check", "-v")
    assert result.returncode == 0, result.stdout
    assert "knowledge base: OK" in result.stdout
    assert "en/opic_what:" in result.stdout  # the verbose figures


def test_train_reuses_the_model_for_unchanged_data(model_path: Path) -> None:
    result = run("train")
    assert result.returncode == 0, result.stderr[-2000:]
    assert str(model_path) in result.stdout


def test_chat_answers_in_the_terminal(model_path: Path) -> None:
    result = run("chat", "--model", str(model_path), stdin="what is opic\n/ask_more\n")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count("bot> ") >= 2
    assert "OPIC" in result.stdout
    assert "(/ask_who_can_complain)" in result.stdout  # buttons are shown with their payloads
