"""All configuration in one place: environment variables prefixed OPIC_, or a .env file."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AnyHttpUrl, BaseSettings, Field, SecretStr, root_validator, validator

from bot import PROJECT_ROOT
from bot.language import LANGUAGES

FACILITATOR_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,39}")
TOKEN_HASH = re.compile(r"[0-9a-f]{64}")
Language = Literal[LANGUAGES]  # type: ignore[valid-type]
"""A language code listed in bot/languages.yml, e.g. "fr"."""


class Settings(BaseSettings):
    """Safe defaults that run on a laptop; override with OPIC_<NAME> environment variables."""

    project_root: Path = PROJECT_ROOT
    models_dir: Path = PROJECT_ROOT / "models"
    data_dir: Path = PROJECT_ROOT / "var"

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)

    tracker_store: Literal["sqlite", "memory", "redis", "postgresql"] = "sqlite"
    """Where conversations are kept: a SQLite file (one machine), Redis or PostgreSQL (shared by
    several workers and machines), or memory (tests, `opic-bot chat`)."""
    redis_url: str | None = None
    """redis://[:password@]host:6379/0 — the store several workers share: with it, each sender's
    messages are processed one at a time across workers (Rasa's lock store). Needed for
    tracker_store=redis."""
    postgres_url: str | None = None
    """postgresql://user:password@host:5432/opic — for tracker_store=postgresql."""
    action_endpoint: AnyHttpUrl | None = None
    """URL of a separate rasa_sdk action server; empty means actions run in-process."""

    default_language: Language = "en"
    max_body_bytes: int = Field(16 * 1024, ge=1024)
    rate_limit_messages: int = Field(20, ge=1)
    """Messages one sender may send per rate-limit window."""
    rate_limit_window_seconds: float = Field(10.0, gt=0)

    rate_limit_ip_messages: int = Field(120, ge=1)
    """Messages one IP address may send per window (a school shares one address)."""
    forwarded_allow_ips: str = "127.0.0.1"
    """Proxies trusted to say the client's address (X-Forwarded-For), comma-separated, or "*"
    inside a private network: per-IP limits then count children, not the proxy."""
    cors_origins: list[str] = []
    """Web origins allowed to call the API from a browser (NGO sites embedding the widget)."""

    clock: datetime | None = None
    """A fixed time for the whole assistant (tests, demos), e.g. 2026-12-02T22:00:00+00:00;
    empty: the real time. Helpline opening hours and the check's dates are judged at it."""
    retention_days: int = Field(30, ge=1)
    """Conversations untouched for this long are deleted (`opic-bot purge`, and by `serve`)."""
    sender_salt: SecretStr | None = None
    """Secret for hashing sender ids; set it for several workers. Empty: a file in data_dir."""

    telegram_token: SecretStr | None = None
    """The bot token from @BotFather; empty: no Telegram."""
    telegram_secret_token: SecretStr | None = None
    """Checked on every webhook call (X-Telegram-Bot-Api-Secret-Token); required for webhooks."""
    telegram_api_url: str = "https://api.telegram.org/bot"
    """Bot API base URL (python-telegram-bot's base_url); tests point it at a local stand-in."""

    facilitators: dict[str, str] = {}
    """Facilitator accounts: name -> SHA-256 (hex) of their token. `opic-bot facilitator add NAME`
    makes a token and prints the entry, e.g. OPIC_FACILITATORS='{"amina": "9f86d0..."}'."""
    public_url: str = "http://127.0.0.1:8000/"
    """The page children open to chat (the NGO page embedding the widget); join links point here."""
    telegram_bot_username: str | None = None
    """The bot's @username, for Telegram join links (t.me/<username>?start=<code>)."""
    workshop_min_participants: int = Field(3, ge=3)
    """Questions a workshop's bot could not answer are shown once this many have joined."""

    telemetry: bool = False
    """Rasa's usage telemetry: off, a children's service sends nothing to third parties."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    """json: one JSON object per line, for log collectors."""
    log_message_text: bool = False
    """Whether logs may contain what users wrote. Off by default."""

    class Config:
        env_prefix = "OPIC_"
        env_file = ".env"

        @classmethod
        def parse_env_var(cls, field_name: str, raw_val: str) -> object:
            """JSON values (OPIC_FACILITATORS, OPIC_CORS_ORIGINS); empty means none."""
            if not raw_val.strip():
                return [] if field_name == "cors_origins" else {}
            return cls.json_loads(raw_val)  # type: ignore[attr-defined]

    @validator("action_endpoint", "telegram_bot_username", "redis_url", "postgres_url", pre=True)
    def _empty_is_none(cls, value: object) -> object:
        return value or None

    @validator("facilitators")
    def _token_hashes(cls, value: dict[str, str]) -> dict[str, str]:
        for name, digest in value.items():
            if not FACILITATOR_NAME.fullmatch(name):
                raise ValueError(f"facilitator name {name!r}: use 1-40 of a-z 0-9 _ . -")
            if not TOKEN_HASH.fullmatch(digest.lower()):
                raise ValueError(f"{name}: give the SHA-256 of the token (64 hex digits)")
        return {name: digest.lower() for name, digest in value.items()}

    @validator("redis_url")
    def _redis_address(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://")):
            raise ValueError("the Redis URL starts with redis:// or rediss://")
        return value

    @validator("postgres_url")
    def _postgres_address(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("the PostgreSQL URL starts with postgresql://")
        return value

    @root_validator(skip_on_failure=True)
    def _store_reachable(cls, values: dict) -> dict:
        store = values.get("tracker_store")
        if store == "redis" and not values.get("redis_url"):
            raise ValueError("tracker_store=redis needs OPIC_REDIS_URL")
        if store == "postgresql" and not values.get("postgres_url"):
            raise ValueError("tracker_store=postgresql needs OPIC_POSTGRES_URL")
        return values

    @validator("public_url")
    def _web_address(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("the public URL must start with https:// or http://")
        return value

    def salt(self) -> bytes:
        """The sender-id hashing secret: from OPIC_SENDER_SALT, else a file made on first use."""
        from bot.privacy import load_or_create_salt

        if self.sender_salt is not None:
            return self.sender_salt.get_secret_value().encode()
        return load_or_create_salt(self.data_dir / "sender-salt")

    @property
    def tracker_db(self) -> Path:
        """The SQLite file that holds conversations in the default set-up."""
        return self.data_dir / "conversations.sqlite"

    @property
    def workshops_db(self) -> Path:
        """The SQLite file that holds workshops and what their groups did, in aggregate."""
        return self.data_dir / "workshops.sqlite"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
