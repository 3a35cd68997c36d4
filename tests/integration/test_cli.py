"""The `opic-bot` command as a newcomer uses it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from tests.integration.conftest import OPIC_BOT

pytestmark = pytest.mark.integration


def run(
    *args: str, stdin: str | None = None, timeout: float = 300, env: dict | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [OPIC_BOT, *args],
        cwd=PROJECT_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("train", "serve", "chat", "kb", "actions", "purge"):
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


def test_purge_deletes_expired_conversations(tmp_path: Path) -> None:
    env = {"OPIC_DATA_DIR": str(tmp_path)}
    assert "deleted 0 conversation(s)" in run("purge", env=env).stdout  # creates the store
    old, recent = time.time() - 40 * 86400, time.time()
    with sqlite3.connect(tmp_path / "conversations.sqlite") as db:
        db.executemany(
            "insert into events (sender_id, type_name, timestamp, data) "
            "values (?, 'user', ?, '{}')",
            [("c-old", old), ("c-recent", recent)],
        )
    result = run("purge", env=env)
    assert "deleted 1 conversation(s) untouched for more than 30 days" in result.stdout
    with sqlite3.connect(tmp_path / "conversations.sqlite") as db:
        assert db.execute("select distinct sender_id from events").fetchall() == [("c-recent",)]
