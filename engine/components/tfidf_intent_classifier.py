"""A word and character TF-IDF logistic-regression intent model, blended with DIET's ranking.

DIET fits the training sentences very closely; on messages written by other people a linear
model over TF-IDF n-grams generalises better. Placed after DIETClassifier in config.yml, this
component trains such a model and replaces the intent ranking with a weighted average of both:
`blend_weight` * linear + (1 - `blend_weight`) * DIET. The learned vocabularies and weights are
stored as plain arrays (no pickles) in the model archive.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

VECTORIZERS = {
    "words": {"analyzer": "word", "ngram_range": (1, 2)},
    "chars": {"analyzer": "char_wb", "ngram_range": (2, 5)},
}


def _vectorizer(kind: str, strip_accents: str | None) -> TfidfVectorizer:
    return TfidfVectorizer(
        sublinear_tf=True, lowercase=True, strip_accents=strip_accents, **VECTORIZERS[kind]
    )


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(IntentClassifier, GraphComponent):
    """Linear TF-IDF intent model whose probabilities are blended with the ranking before it."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # strip_accents "unicode": children often leave accents out ("que es" for "qué es").
        return {
            "blend_weight": 0.5,
            "C": 10.0,
            "max_iter": 3000,
            "ranking_length": 10,
            "strip_accents": None,
        }

    def __init__(self, config: dict[str, Any], storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self.storage = storage
        self.resource = resource
        self.vectorizers: dict[str, TfidfVectorizer] = {}
        self.classes: list[str] = []
        self.coef = np.zeros((0, 0))
        self.intercept = np.zeros(0)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]
        texts = [m.get(TEXT) for m in examples]
        self.vectorizers = {kind: self._new_vectorizer(kind).fit(texts) for kind in VECTORIZERS}
        model = LogisticRegression(C=self.config["C"], max_iter=self.config["max_iter"])
        model.fit(self._features(texts), [m.get(INTENT) for m in examples])
        self.classes = [str(c) for c in model.classes_]
        self.coef, self.intercept = model.coef_, model.intercept_
        self.persist()
        return self.resource

    def _new_vectorizer(self, kind: str) -> TfidfVectorizer:
        return _vectorizer(kind, self.config["strip_accents"])

    def _features(self, texts: list[str]) -> Any:
        from scipy.sparse import hstack

        return hstack([self.vectorizers[kind].transform(texts) for kind in VECTORIZERS]).tocsr()

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Class probabilities (rows: texts, columns: self.classes)."""
        return _softmax(self._features(texts) @ self.coef.T + self.intercept)

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.classes:
            return messages
        for message in messages:
            if not message.get(TEXT):
                continue
            scores = self.probabilities([message.get(TEXT)])[0]
            linear = dict(zip(self.classes, scores, strict=True))
            self._set_blended_intent(message, linear)
        return messages

    def _set_blended_intent(self, message: Message, linear: dict[str, float]) -> None:
        previous = {r["name"]: r["confidence"] for r in message.get("intent_ranking") or []}
        weight = self.config["blend_weight"] if previous else 1.0
        names = set(linear) | set(previous)
        blended = {
            name: float(weight * linear.get(name, 0.0) + (1 - weight) * previous.get(name, 0.0))
            for name in names
        }
        ranking = [
            {"name": name, "confidence": confidence}
            for name, confidence in sorted(blended.items(), key=lambda item: -item[1])
        ]
        message.set(INTENT, ranking[0], add_to_output=True)
        length = self.config["ranking_length"]  # 0 keeps every intent, as in Rasa's classifiers
        message.set("intent_ranking", ranking[:length] if length else ranking, add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def persist(self) -> None:
        with self.storage.write_to(self.resource) as directory:
            np.savez(
                directory / "weights.npz",
                coef=self.coef,
                intercept=self.intercept,
                **{f"idf_{kind}": v.idf_ for kind, v in self.vectorizers.items()},
            )
            state = {
                "classes": self.classes,
                "vocabularies": {
                    kind: {term: int(i) for term, i in v.vocabulary_.items()}
                    for kind, v in self.vectorizers.items()
                },
            }
            (directory / "state.json").write_text(json.dumps(state))

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfIntentClassifier:
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                state = json.loads((directory / "state.json").read_text())
                weights = np.load(directory / "weights.npz")
                component.classes = state["classes"]
                component.coef, component.intercept = weights["coef"], weights["intercept"]
                for kind, vocabulary in state["vocabularies"].items():
                    vectorizer = component._new_vectorizer(kind)
                    vectorizer.vocabulary_ = vocabulary
                    vectorizer.idf_ = weights[f"idf_{kind}"]
                    component.vectorizers[kind] = vectorizer
        except ValueError:  # nothing was trained (e.g. a core-only model)
            pass
        return component
