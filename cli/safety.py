"""`opic-bot safety report|train`: the safety model, measured across authors and trained."""

from __future__ import annotations

import argparse

from bot.settings import Settings


def add_safety_commands(commands: argparse._SubParsersAction) -> None:
    """Register `opic-bot safety report` and `opic-bot safety train`."""
    safety = commands.add_parser("safety", help="safety detection: cross-author report, training")
    actions = safety.add_subparsers(dest="safety_command", required=True)

    report = actions.add_parser(
        "report", help="train without the held-out authors, measure on them (the CI gate)"
    )
    report.add_argument(
        "--each-author", action="store_true", help="also leave out each author in turn"
    )
    report.add_argument(
        "--list", action="store_true", help="list every miss, false alarm and wrong reply"
    )
    report.set_defaults(run=cmd_safety_report)

    train = actions.add_parser("train", help="train the shipped model on every author")
    train.set_defaults(run=cmd_safety_train)


def cmd_safety_report(args: argparse.Namespace, settings: Settings) -> int:
    from bot.safeguarding.corpus import authors, load_corpus, load_repo_set
    from bot.safeguarding.report import confusion, evaluate, gate_authors, gate_figures, table

    figures = gate_figures()
    items = load_corpus()
    held = ", ".join(gate_authors(items))
    print(table(figures, f"Held-out authors ({held}); trained on all the others"))
    if args.list:
        print("\n" + confusion(figures))
    if args.each_author:
        for author in authors(items):
            if author.endswith("-d"):
                continue
            print("\n" + table(evaluate(items, [author], load_repo_set()), f"Left out: {author}"))
    return 0 if all(f.passes_gate for f in figures.values()) else 1


def cmd_safety_train(args: argparse.Namespace, settings: Settings) -> int:
    from bot.safeguarding.classifier import train_and_save

    print(f"safety model: {train_and_save()}")
    return 0
