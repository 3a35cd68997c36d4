"""Log lines as JSON objects (OPIC_LOG_FORMAT=json) for log collectors; ids only as hashes."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

FIELDS = ("conversation", "intent", "topic", "ms", "status")
"""Extra fields a log call may add (`extra={...}`): the conversation as its hashed key only."""


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the known extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__  # the kind only: no trace, no values
        return json.dumps(line, ensure_ascii=False)
