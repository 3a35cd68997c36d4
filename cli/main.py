"""`opic-bot`: train, serve, chat, kb check, purge, actions, telegram, workshop, facilitator."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.settings import Settings, get_settings


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    from bot.safeguarding.classifier import model_path as safety_model_path
    from bot.safeguarding.classifier import train_and_save
    from engine.training import train

    path = train(settings, force=args.force)
    print(f"model: {path}")
    safety = safety_model_path()
    print(f"safety model: {safety if safety.exists() and not args.force else train_and_save()}")
    return 0


def ensure_model(settings: Settings, model: str | None) -> Path:
    """The model to serve: the one given, else the one for the current data (trained if missing)."""
    if model:
        return Path(model).resolve()
    from engine.training import model_path_for, train

    path = model_path_for(settings)
    if not path.exists():
        print("no model for the current data yet: training one (a few minutes)...", file=sys.stderr)
        path = train(settings)
    return path


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app

    settings = settings.copy(
        update={"host": args.host or settings.host, "port": args.port or settings.port}
    )
    app = create_app(settings, model_path=ensure_model(settings, args.model))
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        ws="none",
        log_level="warning",
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    return 0


async def _chat_loop(settings: Settings, model: Path) -> None:
    from bot.pipeline import build_assistant
    from engine.rasa_assistant import RasaAssistant

    assistant = build_assistant(RasaAssistant.load(model, settings), settings)
    print("opic-bot is listening. Type a question (Ctrl-D to quit).")
    while True:
        try:
            text = input("you> ").strip()
        except EOFError:
            print()
            return
        if not text:
            continue
        reply = await assistant.reply("terminal", text)
        for message in reply.messages:
            print(f"bot> {message.text}")
            for number, button in enumerate(message.buttons, 1):
                print(f"     [{number}] {button.title}  ({button.payload})")


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    settings = settings.copy(update={"tracker_store": "memory"})
    asyncio.run(_chat_loop(settings, ensure_model(settings, args.model)))
    return 0


def cmd_kb_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.knowledge.check import run_checks

    report = run_checks(settings.project_root)
    if args.verbose:
        print("\n".join(report.notes))
    for problem in report.problems:
        print(f"PROBLEM {problem}")
    print(
        "knowledge base: OK" if report.ok else f"knowledge base: {len(report.problems)} problem(s)"
    )
    return 0 if report.ok else 1


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    from engine.conversations import purge_expired
    from engine.stores import make_tracker_store

    days = args.days or settings.retention_days
    purged = asyncio.run(purge_expired(make_tracker_store(settings), days))
    print(f"deleted {purged} conversation(s) untouched for more than {days} days")
    return 0


def cmd_actions(args: argparse.Namespace, settings: Settings) -> int:
    from rasa_sdk.endpoint import run

    run("actions", port=args.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="opic-bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="train the Rasa model if the data changed")
    train.add_argument("--force", action="store_true", help="train even if a model exists")
    train.set_defaults(run=cmd_train)

    serve = commands.add_parser("serve", help="serve the whole assistant over HTTP (one process)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    serve.add_argument("--model", help="model archive to serve (default: the current data's)")
    serve.set_defaults(run=cmd_serve)

    chat = commands.add_parser("chat", help="talk to the assistant in this terminal")
    chat.add_argument("--model", help="model archive (default: the current data's)")
    chat.set_defaults(run=cmd_chat)

    kb = commands.add_parser("kb", help="knowledge-base tools")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_commands.add_parser("check", help="validate content, coverage, buttons, readability")
    check.add_argument("-v", "--verbose", action="store_true", help="print each answer's figures")
    check.set_defaults(run=cmd_kb_check)

    purge = commands.add_parser("purge", help="delete conversations older than the retention")
    purge.add_argument("--days", type=int, help="retention in days (default OPIC_RETENTION_DAYS)")
    purge.set_defaults(run=cmd_purge)

    actions = commands.add_parser("actions", help="run the custom actions as a separate server")
    actions.add_argument("--port", type=int, default=5055)
    actions.set_defaults(run=cmd_actions)

    from cli.safety import add_safety_commands
    from cli.telegram import add_telegram_command
    from cli.workshops import add_workshop_commands

    add_safety_commands(commands)
    add_telegram_command(commands)
    add_workshop_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    from engine.environment import configure_environment

    configure_environment(settings)
    return args.run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
