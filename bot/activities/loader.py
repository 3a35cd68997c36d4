"""Reading and cross-checking the activity files: the quiz and the case cards.

A language without its own file plays in English, as fixed texts do; `opic-bot kb check` lists
what a language still lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.activities.schema import CaseFacts, CaseFile, CaseText, QuizFacts, QuizFile, QuizText
from bot.knowledge.loader import read_yaml

ACTIVITIES_DIR = Path(__file__).resolve().parent
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Activities:
    """Quiz questions and case cards in file order, with their words by language."""

    quiz: dict[str, QuizFacts]
    quiz_texts: dict[str, dict[str, QuizText]]
    cases: dict[str, CaseFacts]
    case_texts: dict[str, dict[str, CaseText]]

    @property
    def quiz_ids(self) -> list[str]:
        return list(self.quiz)

    @property
    def case_ids(self) -> list[str]:
        return list(self.cases)

    def question(self, question_id: str, language: str) -> QuizText:
        texts = self.quiz_texts.get(language) or self.quiz_texts[FALLBACK_LANGUAGE]
        return texts[question_id]

    def case(self, case_id: str, language: str) -> CaseText:
        texts = self.case_texts.get(language) or self.case_texts[FALLBACK_LANGUAGE]
        return texts[case_id]


def _mapping(path: Path) -> dict:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} must be a mapping")
    return data


def _load_quiz(directory: Path) -> tuple[dict[str, QuizFacts], dict[str, dict[str, QuizText]]]:
    facts = {key: QuizFacts(**value) for key, value in _mapping(directory / "quiz.yml").items()}
    texts: dict[str, dict[str, QuizText]] = {}
    for path in sorted((directory / "quiz").glob("*.yml")):
        file = QuizFile(**_mapping(path))
        if file.language != path.stem:
            raise ValueError(f"quiz/{path.name} says language {file.language}")
        if set(file.questions) != set(facts):
            raise ValueError(f"quiz/{path.name} must have exactly the questions of quiz.yml")
        for key, text in file.questions.items():
            if len(text.options) != facts[key].options:
                raise ValueError(f"quiz/{path.name}: {key} needs {facts[key].options} options")
        texts[file.language] = file.questions
    return facts, texts


def _load_cases(directory: Path) -> tuple[dict[str, CaseFacts], dict[str, dict[str, CaseText]]]:
    facts = {key: CaseFacts(**value) for key, value in _mapping(directory / "cases.yml").items()}
    texts: dict[str, dict[str, CaseText]] = {}
    for path in sorted((directory / "cases").glob("*.yml")):
        file = CaseFile(**_mapping(path))
        if file.language != path.stem:
            raise ValueError(f"cases/{path.name} says language {file.language}")
        if set(file.cases) != set(facts):
            raise ValueError(f"cases/{path.name} must have exactly the cards of cases.yml")
        texts[file.language] = file.cases
    return facts, texts


def load_activities(directory: Path = ACTIVITIES_DIR) -> Activities:
    """Both activities, validated; raises ValueError naming the file at fault."""
    quiz, quiz_texts = _load_quiz(directory)
    cases, case_texts = _load_cases(directory)
    for kind, texts in (("quiz", quiz_texts), ("cases", case_texts)):
        if FALLBACK_LANGUAGE not in texts:
            raise ValueError(f"{kind}/{FALLBACK_LANGUAGE}.yml is missing")
    if not quiz or not cases:
        raise ValueError("the quiz and the case cards need at least one item each")
    return Activities(quiz, quiz_texts, cases, case_texts)


@lru_cache(maxsize=1)
def default_activities() -> Activities:
    return load_activities()
