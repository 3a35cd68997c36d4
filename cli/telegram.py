"""`opic-bot telegram`: talk on Telegram by polling (on a laptop), or register the webhook."""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sys
from pathlib import Path

from pydantic import SecretStr

from bot.rate_limit import make_rate_limiter
from bot.settings import Settings

logger = logging.getLogger(__name__)
SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
"""What Telegram accepts as a webhook secret_token."""


def add_telegram_command(commands: argparse._SubParsersAction) -> None:
    """Register `opic-bot telegram --polling | --set-webhook URL`."""
    telegram = commands.add_parser("telegram", help="run the Telegram bot or set its webhook")
    mode = telegram.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--polling", action="store_true", help="fetch updates from Telegram (no public URL needed)"
    )
    mode.add_argument(
        "--set-webhook",
        metavar="URL",
        help="tell Telegram to POST updates to URL (https://<host>/telegram/webhook), then exit",
    )
    telegram.add_argument(
        "--model", help="model archive for --polling (default: the current data's)"
    )
    telegram.set_defaults(run=cmd_telegram)


def cmd_telegram(args: argparse.Namespace, settings: Settings) -> int:
    if not _secret(settings.telegram_token):
        print("Set OPIC_TELEGRAM_TOKEN to the token @BotFather gave you.", file=sys.stderr)
        return 2
    if args.set_webhook:
        return asyncio.run(set_webhook(settings, args.set_webhook))
    if settings.redis_url:
        print(
            "With OPIC_REDIS_URL (several workers) Telegram runs by webhook only, so that any"
            " worker can take any update: use --set-webhook https://<host>/telegram/webhook.",
            file=sys.stderr,
        )
        return 2
    from cli.main import ensure_model

    run_polling(settings, ensure_model(settings, args.model))
    return 0


async def set_webhook(settings: Settings, url: str) -> int:
    """setWebhook with the configured secret and only the updates the bot handles."""
    from telegram import Bot
    from telegram.error import InvalidToken, TelegramError

    from channels.telegram import ALLOWED_UPDATES, quiet_libraries

    secret = _secret(settings.telegram_secret_token)
    if not SECRET_TOKEN.match(secret):
        print(
            "Set OPIC_TELEGRAM_SECRET_TOKEN to 1-256 letters, digits, _ or - "
            "(for example: openssl rand -hex 32).",
            file=sys.stderr,
        )
        return 2
    quiet_libraries()
    bot = Bot(_secret(settings.telegram_token), base_url=settings.telegram_api_url)
    try:
        async with bot:
            await bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:  # its message repeats the token: say it without
        print("Telegram did not accept OPIC_TELEGRAM_TOKEN.", file=sys.stderr)
        return 1
    except TelegramError as error:
        print(f"Telegram refused the webhook: {error}", file=sys.stderr)
        return 1
    print(f"webhook set: {url}")
    return 0


def run_polling(settings: Settings, model: Path) -> None:
    """The whole assistant in this process, fetching updates from Telegram until Ctrl-C."""
    from bot.pipeline import build_assistant, workshop_store
    from bot.texts import default_texts
    from channels.telegram import ALLOWED_UPDATES, TelegramChannel, build_application
    from engine.rasa_assistant import RasaAssistant

    engine = RasaAssistant.load(model, settings)
    workshops = workshop_store(settings)
    assistant = build_assistant(engine, settings, workshops)
    application = build_application(
        settings,
        TelegramChannel(
            lambda: assistant,
            default_texts(),
            make_rate_limiter(
                settings,
                settings.rate_limit_messages,
                settings.rate_limit_window_seconds,
                "telegram",
            ),
            lambda: workshops,
        ),
        polling=True,
    )

    async def purge_expired(_: object) -> None:  # `serve` purges every few hours; this runs once
        try:
            purged = await engine.purge_expired()
            logger.info("retention: %d expired conversations deleted", purged)
        except Exception as error:
            logger.warning("retention purge failed: %s", type(error).__name__)

    application.post_init = purge_expired
    print("opic-bot is listening on Telegram (polling). Press Ctrl-C to stop.", flush=True)
    application.run_polling(allowed_updates=ALLOWED_UPDATES)


def _secret(value: SecretStr | None) -> str:
    """The text of a SecretStr setting, or "" when unset."""
    return value.get_secret_value() if value is not None else ""
