"""NLU quality gate on held-out messages (tests/nlu/, never trained on).

The trained model must reach 0.90 intent accuracy and must not fall below a TF-IDF +
logistic-regression baseline trained on the same data in the same run.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

from bot import PROJECT_ROOT
from bot.nlu_data import read_examples
from bot.settings import Settings

pytestmark = pytest.mark.integration
MIN_ACCURACY = 0.90
HELD_OUT = PROJECT_ROOT / "tests" / "nlu" / "en.yml"
RESULTS = PROJECT_ROOT / "results"


def baseline_predictions(train: list, texts: list) -> list:
    """TF-IDF on words (1-2) and characters (2-5) with logistic regression."""
    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )
    model = make_pipeline(features, LogisticRegression(max_iter=3000, C=10))
    model.fit([text for _, text in train], [intent for intent, _ in train])
    return list(model.predict(texts))


def model_predictions(model_path: Path, texts: list) -> list:
    from engine.rasa_assistant import RasaAssistant

    assistant = RasaAssistant.load(model_path, Settings(tracker_store="memory"))

    async def parse_all() -> list:
        return [(await assistant.parse(text))["intent"]["name"] for text in texts]

    # The fallback intent is answered as out_of_scope, so it counts as that.
    return ["out_of_scope" if p == "nlu_fallback" else p for p in asyncio.run(parse_all())]


def accuracy(predicted: list, expected: list) -> float:
    return sum(p == e for p, e in zip(predicted, expected, strict=False)) / len(expected)


def test_held_out_set_is_big_enough_and_unseen() -> None:
    held_out = read_examples([HELD_OUT])
    per_intent = Counter(intent for intent, _ in held_out)
    topic_intents = [i for i in per_intent if i.startswith("ask_") and i != "ask_more"]
    assert all(per_intent[i] >= 8 for i in topic_intents)
    trained = {text.lower() for _, text in read_examples([PROJECT_ROOT / "nlu"])}
    assert not [text for _, text in held_out if text.lower() in trained]


def test_intent_accuracy_beats_threshold_and_baseline(model_path: Path) -> None:
    held_out = read_examples([HELD_OUT])
    texts = [text for _, text in held_out]
    expected = [intent for intent, _ in held_out]
    model = accuracy(model_predictions(model_path, texts), expected)
    baseline = accuracy(
        baseline_predictions(read_examples([PROJECT_ROOT / "nlu"]), texts), expected
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "nlu_quality.json").write_text(
        json.dumps(
            {"examples": len(texts), "model": round(model, 4), "baseline": round(baseline, 4)}
        )
    )
    print(f"held-out intent accuracy: model {model:.3f}, TF-IDF baseline {baseline:.3f}")
    assert model >= MIN_ACCURACY
    assert model >= baseline
