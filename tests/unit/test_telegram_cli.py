"""`opic-bot telegram`: the sub-command, --set-webhook against the stand-in Bot API, and polling."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from bot.safe_assistant import SafeAssistant
from bot.texts import default_texts
from channels.telegram import ALLOWED_UPDATES, TelegramChannel, build_application
from cli.main import build_parser
from cli.telegram import cmd_telegram
from tests.telegram_stub import SECRET, Updates, settings_for

URL = "https://opic.example.org/telegram/webhook"


def run(argv: list[str], settings: Any) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args, settings)


@pytest.mark.parametrize(
    "argv", [["telegram", "--polling"], ["telegram", "--set-webhook", URL, "--model", "m.tar.gz"]]
)
def test_the_sub_command_is_registered(argv):
    args = build_parser().parse_args(argv)
    assert args.run is cmd_telegram


@pytest.mark.parametrize("argv", [["telegram"], ["telegram", "--polling", "--set-webhook", URL]])
def test_exactly_one_mode_is_required(argv, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(argv)


def test_without_a_token_it_says_what_to_set(make_settings, capsys):
    assert run(["telegram", "--polling"], make_settings()) == 2
    assert "OPIC_TELEGRAM_TOKEN" in capsys.readouterr().err


def test_several_workers_take_telegram_by_webhook_only(make_settings, capsys):
    settings = make_settings(telegram_token="123:abc", redis_url="redis://127.0.0.1:6379/0")
    assert run(["telegram", "--polling"], settings) == 2
    assert "webhook only" in capsys.readouterr().err


def test_set_webhook_registers_the_url_with_the_secret(stub, make_settings, capsys):
    settings = make_settings(**settings_for(stub))
    assert run(["telegram", "--set-webhook", URL], settings) == 0
    [call] = stub.calls_to("setWebhook")
    assert call == {"url": URL, "secret_token": SECRET, "allowed_updates": ALLOWED_UPDATES}
    assert ALLOWED_UPDATES == ["message", "callback_query"]
    out = capsys.readouterr().out
    assert URL in out and SECRET not in out and stub.token not in out


@pytest.mark.parametrize("secret", [None, "has spaces", "x" * 257])
def test_set_webhook_needs_a_valid_secret(stub, make_settings, capsys, secret):
    settings = make_settings(**{**settings_for(stub), "telegram_secret_token": secret})
    assert run(["telegram", "--set-webhook", URL], settings) == 2
    assert "OPIC_TELEGRAM_SECRET_TOKEN" in capsys.readouterr().err
    assert stub.calls_to("setWebhook") == []


def test_set_webhook_reports_a_refusal(stub, make_settings, capsys):
    stub.fail("setWebhook", 400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
    settings = make_settings(**settings_for(stub))
    assert run(["telegram", "--set-webhook", "http://insecure"], settings) == 1
    assert "https url must be provided" in capsys.readouterr().err.lower()


def test_a_wrong_token_is_reported(stub, make_settings, capsys):
    settings = make_settings(**{**settings_for(stub), "telegram_token": "1:wrong"})
    assert run(["telegram", "--set-webhook", URL], settings) == 1
    err = capsys.readouterr().err
    assert "OPIC_TELEGRAM_TOKEN" in err and "1:wrong" not in err


async def _until(found: Callable[[], Any], timeout: float = 15.0) -> Any:
    for _ in range(int(timeout / 0.05)):
        if result := found():
            return result
        await asyncio.sleep(0.05)
    raise TimeoutError("nothing arrived")


async def test_polling_answers_the_updates_it_fetches(stub, make_settings, fake_assistant):
    """The Application of `--polling` (with its updater) over getUpdates, with a fake assistant."""
    assistant = SafeAssistant(fake_assistant, b"salt")
    channel = TelegramChannel(lambda: assistant, default_texts())
    application = build_application(make_settings(**settings_for(stub)), channel, polling=True)
    updater = application.updater
    assert updater is not None
    stub.push_update(Updates().message("what is opic?", user_id=5))
    async with application:
        await updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=1)
        await application.start()
        sent = await _until(lambda: stub.calls_to("sendMessage"))
        await updater.stop()
        await application.stop()
    assert sent[0]["text"] == "Any child can complain."
    assert [text for _, text, _ in fake_assistant.calls] == ["what is opic?"]
    assert stub.calls_to("getUpdates")[0]["allowed_updates"] == ALLOWED_UPDATES
    assert stub.calls_to("deleteWebhook")  # polling and a webhook cannot both be set
