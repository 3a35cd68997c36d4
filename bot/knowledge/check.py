"""`opic-bot kb check`: everything that must hold of the content before it reaches a child."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import textstat
import yaml
from pydantic import ValidationError

from bot import PROJECT_ROOT
from bot.intents import intent_for_topic
from bot.knowledge.loader import KNOWLEDGE_DIR, KnowledgeBase, load_knowledge_base, read_yaml
from bot.language import LANGUAGES, language_specs
from bot.nlu_data import read_examples

TOPIC_LINE = re.compile(r"^  ([a-z][a-z_]*):", re.MULTILINE)
MIN_TRAINING_EXAMPLES = 30

# Answer length, in words (split on spaces): each language's `answer_words` in bot/languages.yml.
DEFAULT_ANSWER_WORDS = 80
MIN_EXAMPLES_PER_LANGUAGE = 25
"""Training examples each topic intent needs in every language's nlu/<code>/ folder."""

# Readability: "easy for a 10-12 year old" in each language, measured with textstat 0.7.4.
# Its syllables come from pyphen's hyphenation dictionaries, which ship with pyphen: nothing is
# downloaded. Hyphenation does not split a lone first vowel ("adul-to", "opic"), so fr/es counts
# run a little low and scores a few points high; the limits below keep a margin for that.
# - en: Flesch-Kincaid grade <= 6 (US grade 6, age 11-12).
# - fr: Kandel & Moles (1958), Flesch's formula refitted to French (textstat's
#   flesch_reading_ease with set_lang("fr")): 207 - 1.015 * words/sentence - 73.6 * syllables/word.
#   Same 0-100 scale as Flesch; >= 70 is "assez facile" (fairly easy), the band that matches a
#   Flesch-Kincaid grade of about 6 at our sentence lengths.
# - es: Fernandez-Huerta (1959; textstat's fernandez_huerta): 206.84 - 60 * syllables/word
#   - 1.02 * words/sentence; >= 70 is "bastante facil" (6th grade, about 12 years). And
#   Szigriszt-Pazos (1993; textstat's szigriszt_pazos): 206.835 - 62.3 * syllables/word
#   - words/sentence; >= 65 is "bastante facil" on the INFLESZ scale (Barrio-Cantalejo 2008:
#   primary school).
# The formulas are computed here from textstat's word, sentence and syllable counts: textstat
# rounds syllables/word to one decimal inside flesch_reading_ease and fernandez_huerta, which
# moves a score by up to 3-4 points.
MAX_GRADE = 6.0
MIN_EASE_FR = 70.0
MIN_EASE_ES_FERNANDEZ_HUERTA = 70.0
MIN_EASE_ES_SZIGRISZT_PAZOS = 65.0


def _counts(text: str, language: str) -> tuple[int, int, int]:
    """Words, sentences and syllables of a text, counted by textstat's rules for a language.

    textstat keeps its language in one shared object: it is always set back to English.
    """
    textstat.set_lang(language)
    try:
        words = textstat.lexicon_count(text)
        sentences = textstat.sentence_count(text)
        syllables = textstat.syllable_count(text)
    finally:
        textstat.set_lang("en")
    return max(words, 1), max(sentences, 1), syllables


def flesch_kincaid_grade(text: str) -> float:
    """US school grade needed to read an English text (textstat's Flesch-Kincaid)."""
    textstat.set_lang("en")
    return float(textstat.flesch_kincaid_grade(text))


def kandel_moles(text: str) -> float:
    """Reading ease of a French text, 0-100 and up: higher is easier."""
    words, sentences, syllables = _counts(text, "fr")
    return 207 - 1.015 * words / sentences - 73.6 * syllables / words


def fernandez_huerta(text: str) -> float:
    """Reading ease of a Spanish text (Fernandez-Huerta), 0-100 and up: higher is easier."""
    words, sentences, syllables = _counts(text, "es")
    return 206.84 - 60 * syllables / words - 1.02 * words / sentences


def szigriszt_pazos(text: str) -> float:
    """Perspicuity of a Spanish text (Szigriszt-Pazos, INFLESZ scale): higher is easier."""
    words, sentences, syllables = _counts(text, "es")
    return 206.835 - 62.3 * syllables / words - words / sentences


@dataclass(frozen=True)
class Measure:
    """One readability figure and the limit an answer must keep to."""

    name: str
    score: Callable[[str], float]
    limit: float
    higher_is_easier: bool

    def passes(self, value: float) -> bool:
        return value >= self.limit if self.higher_is_easier else value <= self.limit

    def describe_limit(self) -> str:
        return f"{'min' if self.higher_is_easier else 'max'} {self.limit}"


# Per-language readability; a language without measures here is only held to its word limit.
MEASURES: dict[str, tuple[Measure, ...]] = {
    "en": (Measure("grade", flesch_kincaid_grade, MAX_GRADE, higher_is_easier=False),),
    "fr": (Measure("Kandel-Moles", kandel_moles, MIN_EASE_FR, higher_is_easier=True),),
    "es": (
        Measure("Fernandez-Huerta", fernandez_huerta, MIN_EASE_ES_FERNANDEZ_HUERTA, True),
        Measure("Szigriszt-Pazos", szigriszt_pazos, MIN_EASE_ES_SZIGRISZT_PAZOS, True),
    ),
}


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


def language_files(root: Path, language: str) -> dict[str, Path]:
    """The files a language needs, besides its answers and its column in web/labels.yml."""
    return {
        "fixed texts": root / "bot" / "texts" / f"{language}.yml",
        "safeguarding patterns": root / "bot" / "safeguarding" / "patterns" / f"{language}.yml",
        "NLU training examples": root / "nlu" / language,
        "held-out NLU test messages": root / "tests" / "nlu" / f"{language}.yml",
        "quiz questions": root / "bot" / "activities" / "quiz" / f"{language}.yml",
        "case cards": root / "bot" / "activities" / "cases" / f"{language}.yml",
    }


def check_languages(
    kb: KnowledgeBase, root: Path, languages: Iterable[str] = LANGUAGES
) -> list[str]:
    """Every language of bot/languages.yml has all its files, and no other language has any."""
    problems = []
    labels = read_yaml(root / "web" / "labels.yml") or {}
    for language in languages:
        if language not in kb.texts:
            problems.append(f"{language}: answers missing (bot/knowledge/{language}.yml)")
        for what, path in language_files(root, language).items():
            if not path.exists():
                problems.append(f"{language}: {what} missing ({path.relative_to(root)})")
        missing = [key for key, texts in labels.items() if not (texts or {}).get(language)]
        if missing:
            problems.append(f"{language}: web/labels.yml has no text for {', '.join(missing)}")
        problems += check_training_examples(kb, root, language)
    problems += [
        f"{language}.yml: {language!r} is not in bot/languages.yml"
        for language in kb.texts
        if language not in languages
    ]
    return problems


def check_training_examples(kb: KnowledgeBase, root: Path, language: str) -> list[str]:
    """A language's NLU folder has enough examples of every topic intent."""
    folder = language_files(root, language)["NLU training examples"]
    if not folder.exists():
        return []
    examples = training_examples(folder)
    return [
        f"{language}: {examples.get(intent, 0)} training examples for {intent!r} "
        f"(at least {MIN_EXAMPLES_PER_LANGUAGE})"
        for intent in sorted({intent_for_topic(topic) for topic in kb.facts})
        if examples.get(intent, 0) < MIN_EXAMPLES_PER_LANGUAGE
    ]


def _figure(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _summary(language: str, figures: dict[str, list[float]]) -> str:
    parts = [
        f"{name} min {_figure(min(values))} median {_figure(median(values))} "
        f"max {_figure(max(values))}"
        for name, values in figures.items()
    ]
    return f"{language}: " + "; ".join(parts)


def check_readability(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """Word limits and readability per language; notes hold each answer's figures and a summary."""
    problems, notes = [], []
    for language in kb.languages:
        spec = language_specs().get(language)
        limit = spec.answer_words if spec else DEFAULT_ANSWER_WORDS
        measures = MEASURES.get(language, ())
        figures: dict[str, list[float]] = {"words": []}
        for topic, text in kb.texts[language].items():
            words = len(text.answer.split())
            figures["words"].append(words)
            if words > limit:
                problems.append(f"{language}/{topic}: answer has {words} words (max {limit})")
            scores = []
            for measure in measures:
                value = measure.score(text.answer)
                figures.setdefault(measure.name, []).append(value)
                scores.append(f"{measure.name} {value:.1f}")
                if not measure.passes(value):
                    problems.append(
                        f"{language}/{topic}: reading {measure.name} {value:.1f} "
                        f"({measure.describe_limit()})"
                    )
            if measures:
                notes.append(f"{language}/{topic}: {words} words, " + ", ".join(scores))
        if figures["words"]:
            notes.append(_summary(language, figures))
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


MIN_QUIZ_QUESTIONS = 10
CITED_ARTICLES = re.compile(r"\(OPIC,(.{0,60})")
"""What follows "(OPIC," in a text: the articles it cites."""


def check_activities(kb: KnowledgeBase, root: Path) -> list[str]:
    """The quiz and case cards load, rest on topics of the knowledge base and cite their
    articles, and every card's expected outcome is what the eligibility rules say today."""
    from datetime import date

    from bot.activities.cases import case_of
    from bot.activities.loader import load_activities
    from bot.eligibility import assess
    from bot.states import default_states_table

    try:
        activities = load_activities(root / "bot" / "activities")
    except (ValidationError, ValueError, OSError) as error:
        return [f"activities do not load: {error}"]
    problems = []
    if len(activities.quiz) < MIN_QUIZ_QUESTIONS:
        problems.append(f"quiz: {len(activities.quiz)} questions (at least {MIN_QUIZ_QUESTIONS})")
    for question, facts in activities.quiz.items():
        if facts.topic not in kb.facts:
            problems.append(f"quiz {question}: unknown topic {facts.topic!r}")
            continue
        for language, texts in activities.quiz_texts.items():
            cited = " ".join(CITED_ARTICLES.findall(texts[question].explanation))
            numbers = set(re.findall(r"\d{1,2}(?:\([a-h\d]\))*", cited))
            if not numbers & set(kb.articles(facts.topic)):
                problems.append(
                    f"quiz/{language}.yml {question}: cite an article of {facts.topic} "
                    f"({', '.join(kb.articles(facts.topic))}) as (OPIC, article ...)"
                )
    states = default_states_table()
    for card, facts in activities.cases.items():
        try:
            outcome = assess(case_of(facts, states, date.today())).outcome
        except ValueError as error:
            problems.append(f"case {card}: {error}")
            continue
        if outcome != facts.expected:
            problems.append(f"case {card}: the rules now say {outcome}, not {facts.expected}")
    return problems


def run_checks(root: Path = PROJECT_ROOT, knowledge_dir: Path = KNOWLEDGE_DIR) -> Report:
    """Validate schema, coverage, buttons, readability and the Rasa data that serves each topic."""
    try:
        kb = load_knowledge_base(knowledge_dir)
    except (ValidationError, ValueError, OSError) as error:
        return Report([f"knowledge base does not load: {error}"], [])
    readability, notes = check_readability(kb)
    problems = (
        check_languages(kb, root)
        + check_coverage(kb, spec_topic_ids(root))
        + check_buttons(kb)
        + readability
        + check_dialogue_data(kb, root)
        + check_activities(kb, root)
    )
    return Report(problems, notes)
