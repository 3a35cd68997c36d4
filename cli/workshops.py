"""`opic-bot workshop ...` and `opic-bot facilitator add`: workshops from the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.language import LANGUAGES
from bot.settings import FACILITATOR_NAME, Settings


def add_workshop_commands(commands: argparse._SubParsersAction) -> None:
    """Register `opic-bot workshop create|list|end` and `opic-bot facilitator add`."""
    workshop = commands.add_parser("workshop", help="create and list workshops for facilitators")
    actions = workshop.add_subparsers(dest="workshop_command", required=True)

    create = actions.add_parser("create", help="create a workshop: join code, links, QR codes")
    create.add_argument("--facilitator", required=True, help="a name of OPIC_FACILITATORS")
    create.add_argument("--title", required=True, help='e.g. "Class 6B, 3 March"')
    create.add_argument("--language", default="en", choices=LANGUAGES)
    create.add_argument("--hours", type=float, default=3.0, help="how long children can join")
    create.add_argument("--qr-dir", type=Path, help="write join QR codes (SVG and PNG) here")
    create.set_defaults(run=cmd_workshop_create)

    listing = actions.add_parser("list", help="a facilitator's workshops and participants")
    listing.add_argument("--facilitator", required=True)
    listing.set_defaults(run=cmd_workshop_list)

    end = actions.add_parser("end", help="close a workshop now (its report stays)")
    end.add_argument("code")
    end.add_argument("--facilitator", required=True)
    end.set_defaults(run=cmd_workshop_end)

    facilitator = commands.add_parser("facilitator", help="facilitator accounts")
    accounts = facilitator.add_subparsers(dest="facilitator_command", required=True)
    add = accounts.add_parser("add", help="make a token for a facilitator")
    add.add_argument("name", help="1-40 of a-z 0-9 _ . -")
    add.set_defaults(run=cmd_facilitator_add)


def _known(settings: Settings, name: str) -> bool:
    if name in settings.facilitators:
        return True
    print(
        f"{name!r} is not a facilitator here. Add one with `opic-bot facilitator add {name}`.",
        file=sys.stderr,
    )
    return False


def cmd_workshop_create(args: argparse.Namespace, settings: Settings) -> int:
    from bot.pipeline import workshop_store
    from bot.workshops.join import qr_png, qr_svg, telegram_join_link, web_join_link

    if not _known(settings, args.facilitator):
        return 2
    try:
        workshop = workshop_store(settings).create(
            args.facilitator, args.title, args.language, args.hours
        )
    except ValueError as error:
        print(f"cannot create the workshop: {error}", file=sys.stderr)
        return 2
    links = {"web": web_join_link(settings.public_url, workshop.code)}
    if settings.telegram_bot_username:
        links["telegram"] = telegram_join_link(settings.telegram_bot_username, workshop.code)
    print(f"join code: {workshop.code}")
    print(f"open until: {workshop.expires_at:%Y-%m-%d %H:%M} UTC")
    for channel, link in links.items():
        print(f"{channel} link: {link}")
    server = f"http://{settings.host}:{settings.port}"
    print(f"handout: {server}/handout/{workshop.language}?code={workshop.code} (print it)")
    if args.qr_dir:
        args.qr_dir.mkdir(parents=True, exist_ok=True)
        for channel, link in links.items():
            stem = args.qr_dir / f"{workshop.code}-{channel}"
            stem.with_suffix(".svg").write_text(qr_svg(link), encoding="utf-8")
            stem.with_suffix(".png").write_bytes(qr_png(link))
        print(f"QR codes: {args.qr_dir}")
    return 0


def cmd_workshop_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.pipeline import workshop_store

    if not _known(settings, args.facilitator):
        return 2
    store = workshop_store(settings)
    for workshop in store.list_of(args.facilitator):
        print(
            f"{workshop.code}  {workshop.language}  until {workshop.expires_at:%Y-%m-%d %H:%M}  "
            f"{store.participants(workshop.code):>4} joined  {workshop.title}"
        )
    return 0


def cmd_workshop_end(args: argparse.Namespace, settings: Settings) -> int:
    from bot.pipeline import workshop_store

    if not _known(settings, args.facilitator):
        return 2
    store = workshop_store(settings)
    workshop = store.of_facilitator(args.facilitator, args.code)
    if workshop is None:
        print(f"none of {args.facilitator}'s workshops has the code {args.code}", file=sys.stderr)
        return 1
    store.end(workshop.code)
    print(f"workshop {workshop.code} ended; its report stays for {settings.retention_days} days")
    return 0


def cmd_facilitator_add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.workshops.facilitators import new_token, token_hash

    if not FACILITATOR_NAME.fullmatch(args.name):
        print("a facilitator name is 1-40 of a-z 0-9 _ . - (starting with a letter or digit)")
        return 2
    token = new_token()
    accounts = {**settings.facilitators, args.name: token_hash(token)}
    print(f"token for {args.name} (give it to them privately; it is not stored here):")
    print(f"  {token}")
    print("then set, for every server process:")
    print(f"  OPIC_FACILITATORS='{json.dumps(accounts)}'")
    return 0
