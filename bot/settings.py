"""All configuration in one place: environment variables prefixed OPIC_, or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AnyHttpUrl, BaseSettings, Field, validator

from bot import PROJECT_ROOT

Language = Literal["en", "fr", "es"]


class Settings(BaseSettings):
    """Safe defaults that run on a laptop; override with OPIC_<NAME> environment variables."""

    project_root: Path = PROJECT_ROOT
    models_dir: Path = PROJECT_ROOT / "models"
    data_dir: Path = PROJECT_ROOT / "var"

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)

    tracker_store: Literal["sqlite", "memory"] = "sqlite"
    action_endpoint: AnyHttpUrl | None = None
    """URL of a separate rasa_sdk action server; empty means actions run in-process."""

    default_language: Language = "en"
    max_body_bytes: int = Field(16 * 1024, ge=1024)
    rate_limit_messages: int = Field(20, ge=1)
    """Messages one sender may send per rate-limit window."""
    rate_limit_window_seconds: float = Field(10.0, gt=0)

    telemetry: bool = False
    """Rasa's usage telemetry: off, a children's service sends nothing to third parties."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_message_text: bool = False
    """Whether logs may contain what users wrote. Off by default."""

    class Config:
        env_prefix = "OPIC_"
        env_file = ".env"

    @validator("action_endpoint", pre=True)
    def _empty_is_none(cls, value: object) -> object:
        return value or None

    @property
    def tracker_db(self) -> Path:
        """The SQLite file that holds conversations in the default set-up."""
        return self.data_dir / "conversations.sqlite"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
