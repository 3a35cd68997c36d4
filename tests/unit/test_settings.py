"""bot/settings.py: safe defaults, OPIC_* overrides, validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings, get_settings


def test_defaults_are_safe_for_a_laptop(make_settings):
    settings = make_settings()
    assert settings.host == "127.0.0.1"
    assert settings.port == 8000
    assert settings.tracker_store == "sqlite"
    assert settings.action_endpoint is None
    assert settings.default_language == "en"
    assert settings.max_body_bytes == 16 * 1024


def test_privacy_defaults_send_and_log_nothing(make_settings):
    settings = make_settings()
    assert settings.telemetry is False
    assert settings.log_message_text is False


def test_tracker_db_is_a_sqlite_file_in_the_data_dir(make_settings, tmp_path):
    settings = make_settings(data_dir=tmp_path)
    assert settings.tracker_db == tmp_path / "conversations.sqlite"


def test_environment_overrides_the_port(monkeypatch, make_settings):
    monkeypatch.setenv("OPIC_PORT", "9001")
    assert make_settings().port == 9001


def test_environment_overrides_booleans_and_choices(monkeypatch, make_settings):
    monkeypatch.setenv("OPIC_TELEMETRY", "true")
    monkeypatch.setenv("OPIC_TRACKER_STORE", "memory")
    settings = make_settings()
    assert settings.telemetry is True
    assert settings.tracker_store == "memory"


def test_empty_action_endpoint_means_in_process(monkeypatch, make_settings):
    monkeypatch.setenv("OPIC_ACTION_ENDPOINT", "")
    assert make_settings().action_endpoint is None


def test_action_endpoint_url_is_kept(monkeypatch, make_settings):
    monkeypatch.setenv("OPIC_ACTION_ENDPOINT", "http://127.0.0.1:5055/webhook")
    assert str(make_settings().action_endpoint) == "http://127.0.0.1:5055/webhook"


def test_action_endpoint_must_be_a_url(make_settings):
    with pytest.raises(ValidationError):
        make_settings(action_endpoint="not a url")


@pytest.mark.parametrize("port", ["0", "65536", "-1", "eighty"])
def test_invalid_port_in_environment_is_rejected(monkeypatch, make_settings, port):
    monkeypatch.setenv("OPIC_PORT", port)
    with pytest.raises(ValidationError):
        make_settings()


@pytest.mark.parametrize(
    "field, value",
    [
        ("port", 0),
        ("max_body_bytes", 100),
        ("rate_limit_messages", 0),
        ("rate_limit_window_seconds", 0),
        ("tracker_store", "postgres"),
        ("default_language", "de"),
        ("log_level", "TRACE"),
    ],
)
def test_out_of_range_values_are_rejected(make_settings, field, value):
    with pytest.raises(ValidationError):
        make_settings(**{field: value})


def test_get_settings_reads_the_environment_once(monkeypatch):
    get_settings.cache_clear()
    try:
        monkeypatch.setenv("OPIC_PORT", "9002")
        first = get_settings()
        monkeypatch.setenv("OPIC_PORT", "9003")
        assert first.port == 9002
        assert get_settings() is first
    finally:
        get_settings.cache_clear()


def test_settings_is_the_pydantic_settings_class():
    assert Settings.Config.env_prefix == "OPIC_"


def test_the_privacy_notice_states_the_default_retention():
    from bot.knowledge.loader import default_knowledge_base
    from bot.settings import Settings

    days = Settings(_env_file=None).retention_days
    about = default_knowledge_base().text("bot_about", "en")
    assert f"{days} days" in about.answer
    assert f"{days} days" in (about.more or "")


def test_a_dot_env_file_is_read_like_the_environment(tmp_path):
    """The README's `.env` file works (python-dotenv is installed) and .env.example loads."""
    from bot import PROJECT_ROOT

    env = tmp_path / ".env"
    env.write_text('OPIC_PORT=9100\nOPIC_FACILITATORS={"amina": "' + "a" * 64 + '"}\n')
    settings = Settings(_env_file=env)
    assert settings.port == 9100
    assert settings.facilitators == {"amina": "a" * 64}
    assert Settings(_env_file=PROJECT_ROOT / ".env.example").public_url.startswith("http")


@pytest.mark.parametrize(
    "accounts",
    [{"Amina Smith": "a" * 64}, {"amina": "not-a-hash"}, {"amina": "a" * 63}, {"": "a" * 64}],
)
def test_facilitator_accounts_need_a_simple_name_and_a_token_hash(accounts):
    with pytest.raises(ValueError, match=r"facilitator|SHA-256"):
        Settings(_env_file=None, facilitators=accounts)


def test_fewer_than_three_participants_never_unlock_unanswered_questions():
    with pytest.raises(ValueError):
        Settings(_env_file=None, workshop_min_participants=2)


def test_empty_json_settings_mean_none(monkeypatch):
    """compose files pass unset variables as empty strings."""
    monkeypatch.setenv("OPIC_FACILITATORS", "")
    monkeypatch.setenv("OPIC_CORS_ORIGINS", " ")
    settings = Settings(_env_file=None)
    assert settings.facilitators == {} and settings.cors_origins == []


def test_the_deployment_files_use_real_settings():
    """Every OPIC_ variable the compose file sets is a setting of this code."""
    import re

    from bot import PROJECT_ROOT

    compose = (PROJECT_ROOT / "deploy" / "compose.yml").read_text()
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    names = set(re.findall(r"\bOPIC_([A-Z_]+)\b", compose + dockerfile))
    assert names and {name.lower() for name in names} <= set(Settings.__fields__)
