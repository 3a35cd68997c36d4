"""`opic-bot kb check`: everything that must hold of the content before it reaches a child."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import textstat
import yaml
from pydantic import ValidationError

from bot import PROJECT_ROOT
from bot.intents import intent_for_topic
from bot.knowledge.loader import KNOWLEDGE_DIR, KnowledgeBase, load_knowledge_base, read_yaml
from bot.nlu_data import read_examples

TOPIC_LINE = re.compile(r"^  ([a-z][a-z_]*):", re.MULTILINE)
MAX_ANSWER_WORDS = 70
MAX_GRADE = 6.0
MIN_TRAINING_EXAMPLES = 30


def flesch_kincaid_grade(text: str) -> float:
    """US school grade needed to read an English text (textstat's Flesch-Kincaid)."""
    textstat.set_lang("en")
    return float(textstat.flesch_kincaid_grade(text))


# Per-language readability grade; a language without a measure here is not graded.
GRADERS: dict[str, Callable[[str], float]] = {"en": flesch_kincaid_grade}


@dataclass
class Report:
    problems: list[str]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def spec_topic_ids(root: Path = PROJECT_ROOT) -> list[str]:
    """The topic ids of the contract (spec/topics.yml).

    Read line by line: some descriptions in that file hold ": ", which strict YAML rejects.
    """
    text = (root / "spec" / "topics.yml").read_text(encoding="utf-8")
    return TOPIC_LINE.findall(text)


def check_coverage(kb: KnowledgeBase, topic_ids: Iterable[str]) -> list[str]:
    problems = [f"topic {t!r} has no entry in topics.yml" for t in topic_ids if t not in kb.facts]
    for language, texts in kb.texts.items():
        problems += [
            f"topic {t!r} is missing in {language}.yml" for t in kb.facts if t not in texts
        ]
        problems += [f"{language}.yml has unknown topic {t!r}" for t in texts if t not in kb.facts]
    return problems


def check_buttons(kb: KnowledgeBase) -> list[str]:
    problems = []
    for topic, facts in kb.facts.items():
        for target in facts.follow_ups:
            if target not in kb.facts:
                problems.append(f"{topic}: follow-up button points to unknown topic {target!r}")
            elif target == topic:
                problems.append(f"{topic}: follow-up button points to itself")
    return problems


def check_readability(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    problems, notes = [], []
    for language, texts in kb.texts.items():
        grade_of = GRADERS.get(language)
        for topic, text in texts.items():
            words = len(text.answer.split())
            if words > MAX_ANSWER_WORDS:
                problems.append(
                    f"{language}/{topic}: answer has {words} words (max {MAX_ANSWER_WORDS})"
                )
            if grade_of is None:
                continue
            grade = grade_of(text.answer)
            notes.append(f"{language}/{topic}: {words} words, grade {grade:.1f}")
            if grade > MAX_GRADE:
                problems.append(f"{language}/{topic}: reading grade {grade:.1f} (max {MAX_GRADE})")
    return problems, notes


def training_examples(nlu_dir: Path) -> dict[str, int]:
    """How many training examples each intent has across the NLU files."""
    return dict(Counter(intent for intent, _ in read_examples([nlu_dir])))


def rule_intents(stories_dir: Path) -> set:
    """Intents that start a rule in stories/."""
    intents = set()
    for path in sorted(stories_dir.rglob("*.yml")):
        for rule in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", []):
            intents.update(step["intent"] for step in rule.get("steps", []) if "intent" in step)
    return intents


def check_dialogue_data(kb: KnowledgeBase, root: Path) -> list[str]:
    """Every topic has an intent in the domain, a rule that answers it and enough examples."""
    domain_intents = set(read_yaml(root / "domain.yml")["intents"])  # type: ignore[index]
    examples = training_examples(root / "nlu")
    ruled = rule_intents(root / "stories")
    problems = []
    for topic in kb.facts:
        intent = intent_for_topic(topic)
        if intent not in domain_intents:
            problems.append(f"{topic}: intent {intent!r} is not in domain.yml")
        if intent not in ruled:
            problems.append(f"{topic}: no rule in stories/ answers intent {intent!r}")
        count = examples.get(intent, 0)
        if count < MIN_TRAINING_EXAMPLES:
            problems.append(f"{topic}: {count} training examples for {intent!r}")
    return problems


def run_checks(root: Path = PROJECT_ROOT, knowledge_dir: Path = KNOWLEDGE_DIR) -> Report:
    """Validate schema, coverage, buttons, readability and the Rasa data that serves each topic."""
    try:
        kb = load_knowledge_base(knowledge_dir)
    except (ValidationError, ValueError, OSError) as error:
        return Report([f"knowledge base does not load: {error}"], [])
    readability, notes = check_readability(kb)
    problems = (
        check_coverage(kb, spec_topic_ids(root))
        + check_buttons(kb)
        + readability
        + check_dialogue_data(kb, root)
    )
    return Report(problems, notes)
