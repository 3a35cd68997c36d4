"""NLU quality gate on held-out messages (tests/nlu/, never trained on).

Per language, the trained model must reach that language's `min_nlu_accuracy`
(bot/languages.yml: English 0.90, French and Spanish 0.85) and must not fall below a TF-IDF +
logistic-regression baseline trained on the same data in the same run.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from bot import PROJECT_ROOT
from bot.intents import intent_for_topic
from bot.knowledge.loader import load_knowledge_base
from bot.language import LANGUAGES, language_specs
from bot.nlu_data import read_examples
from bot.settings import Settings

pytestmark = pytest.mark.integration
MIN_PER_TOPIC = 5
HELD_OUT = PROJECT_ROOT / "tests" / "nlu"
RESULTS = PROJECT_ROOT / "results"


def held_out(language: str) -> list:
    return read_examples([HELD_OUT / f"{language}.yml"])


def baseline_model(train: list) -> Pipeline:
    """TF-IDF on words (1-2) and characters (2-5) with logistic regression."""
    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )
    model = make_pipeline(features, LogisticRegression(max_iter=3000, C=10))
    model.fit([text for _, text in train], [intent for intent, _ in train])
    return model


@pytest.fixture(scope="module")
def baseline() -> Pipeline:
    return baseline_model(read_examples([PROJECT_ROOT / "nlu"]))


@pytest.fixture(scope="module")
def parse(model_path: Path) -> Callable[[list], list]:
    from engine.rasa_assistant import RasaAssistant

    assistant = RasaAssistant.load(model_path, Settings(tracker_store="memory"))

    def predictions(texts: list) -> list:
        async def parse_all() -> list:
            return [(await assistant.parse(text))["intent"]["name"] for text in texts]

        # The fallback intent is answered as out_of_scope, so it counts as that.
        return ["out_of_scope" if p == "nlu_fallback" else p for p in asyncio.run(parse_all())]

    return predictions


def accuracy(predicted: list, expected: list) -> float:
    return sum(p == e for p, e in zip(predicted, expected, strict=False)) / len(expected)


@pytest.mark.parametrize("language", LANGUAGES)
def test_held_out_set_is_big_enough_and_unseen(language: str) -> None:
    examples = held_out(language)
    per_intent = Counter(intent for intent, _ in examples)
    topic_intents = {intent_for_topic(topic) for topic in load_knowledge_base().facts}
    assert len(topic_intents) == 25
    assert {i: per_intent[i] for i in topic_intents if per_intent[i] < MIN_PER_TOPIC} == {}
    trained = {text.lower() for _, text in read_examples([PROJECT_ROOT / "nlu"])}
    assert not [text for _, text in examples if text.lower() in trained]


@pytest.mark.parametrize("language", LANGUAGES)
def test_intent_accuracy_beats_threshold_and_baseline(language: str, parse, baseline) -> None:
    examples = held_out(language)
    texts = [text for _, text in examples]
    expected = [intent for intent, _ in examples]
    model = accuracy(parse(texts), expected)
    base = accuracy(list(baseline.predict(texts)), expected)
    RESULTS.mkdir(exist_ok=True)
    figures = {"examples": len(texts), "model": round(model, 4), "baseline": round(base, 4)}
    (RESULTS / f"nlu_quality_{language}.json").write_text(json.dumps(figures))
    print(f"{language} held-out intent accuracy: model {model:.3f}, TF-IDF baseline {base:.3f}")
    assert model >= language_specs()[language].min_nlu_accuracy
    assert model >= base
