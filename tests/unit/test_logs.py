"""JSON log lines: one object per line, known fields only, errors by kind without a trace."""

from __future__ import annotations

import json
import logging
import sys

from bot.logs import JsonFormatter


def record(message: str, exc_info: object = None, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("api.chat", logging.INFO, __file__, 1, message, (), exc_info)
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def test_a_line_is_one_json_object_with_the_hashed_conversation():
    line = JsonFormatter().format(
        record("chat intent=greet", conversation="c-1f2e", intent="greet", ms=12.5, other="x")
    )
    data = json.loads(line)
    assert data["message"] == "chat intent=greet"
    assert data["conversation"] == "c-1f2e" and data["ms"] == 12.5
    assert data["level"] == "INFO" and data["logger"] == "api.chat"
    assert "other" not in data  # only the known fields
    assert "\n" not in line


def test_an_error_is_logged_by_its_kind_only():
    try:
        raise ValueError("a child's words")
    except ValueError:
        line = JsonFormatter().format(record("failed", exc_info=sys.exc_info()))
    assert json.loads(line)["error"] == "ValueError"
    assert "a child's words" not in line
