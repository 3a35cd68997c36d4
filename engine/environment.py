"""Process settings Rasa and TensorFlow read from the environment; set before they start."""

from __future__ import annotations

import logging
import os
import warnings

from bot.logs import JsonFormatter
from bot.settings import Settings

# Loggers that may print what users wrote at INFO/DEBUG level.
CHATTY_LOGGERS = ("rasa", "rasa_sdk", "sanic", "apscheduler", "tensorflow", "absl", "matplotlib")


def configure_environment(settings: Settings) -> None:
    """Telemetry off unless asked for, quiet TensorFlow, and logs without message text."""
    os.environ["RASA_TELEMETRY_ENABLED"] = "true" if settings.telemetry else "false"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    os.environ.setdefault("LOG_LEVEL_LIBRARIES", "ERROR")
    for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning, UserWarning):
        warnings.filterwarnings("ignore", category=category)
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if settings.log_format == "json":
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
    quiet = logging.DEBUG if settings.log_message_text else logging.WARNING
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(max(quiet, logging.getLogger().level))
    # Rasa's structured logs print parsed messages at debug level; route them through the
    # standard loggers above so the same levels apply.
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(quiet)
