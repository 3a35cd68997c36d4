"""The TF-IDF intent model: trains, blends with the ranking before it, survives save and load."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from engine.components.tfidf_intent_classifier import TfidfIntentClassifier

EXAMPLES = {
    "ask_duration": ["how long does it take", "how many years until a decision", "is it slow"],
    "ask_cost_and_lawyer": ["does it cost money", "do i need a lawyer", "is it free"],
    "greet": ["hello", "hi there", "hey"],
}


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


@pytest.fixture
def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def trained(
    storage: LocalModelStorage, context: ExecutionContext, **config
) -> TfidfIntentClassifier:
    component = TfidfIntentClassifier.create(config, storage, Resource("tfidf"), context)
    messages = [
        Message(data={TEXT: text, INTENT: intent})
        for intent, texts in EXAMPLES.items()
        for text in texts
    ]
    component.train(TrainingData(training_examples=messages))
    return component


def parse(component: TfidfIntentClassifier, text: str, ranking: list | None = None) -> Message:
    message = Message(data={TEXT: text})
    if ranking is not None:
        message.set("intent_ranking", ranking)
    component.process([message])
    return message


def test_alone_it_classifies_unseen_wording(storage, context) -> None:
    component = trained(storage, context)
    assert parse(component, "how long will it take").get(INTENT)["name"] == "ask_duration"
    assert parse(component, "is a lawyer needed").get(INTENT)["name"] == "ask_cost_and_lawyer"


def test_probabilities_sum_to_one(storage, context) -> None:
    ranking = parse(trained(storage, context, ranking_length=0), "hello").get("intent_ranking")
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_it_blends_with_the_previous_ranking(storage, context) -> None:
    component = trained(storage, context, blend_weight=0.5)
    alone = parse(component, "hello").get(INTENT)["confidence"]
    blended = parse(component, "hello", [{"name": "ask_duration", "confidence": 1.0}])
    confidences = {r["name"]: r["confidence"] for r in blended.get("intent_ranking")}
    assert confidences["greet"] == pytest.approx(alone / 2)
    assert confidences["ask_duration"] > 0.5


def test_weight_one_ignores_the_previous_ranking(storage, context) -> None:
    component = trained(storage, context, blend_weight=1.0)
    message = parse(component, "hello", [{"name": "ask_duration", "confidence": 1.0}])
    assert message.get(INTENT)["name"] == "greet"


def test_saved_and_loaded_model_gives_the_same_answers(storage, context) -> None:
    component = trained(storage, context)
    loaded = TfidfIntentClassifier.load({}, storage, Resource("tfidf"), context)
    for text in ["how long", "do i pay", "hey there"]:
        assert parse(loaded, text).get("intent_ranking") == parse(component, text).get(
            "intent_ranking"
        )


def test_an_untrained_model_leaves_messages_alone(storage, context) -> None:
    component = TfidfIntentClassifier.create({}, storage, Resource("empty"), context)
    assert parse(component, "hello").get(INTENT) is None


def test_with_strip_accents_a_message_without_accents_reads_the_same(storage, context) -> None:
    config = {"strip_accents": "unicode"}
    component = trained(storage, context, **config)
    loaded = TfidfIntentClassifier.load(config, storage, Resource("tfidf"), context)
    for model in (component, loaded):
        with_accents = model.probabilities(["cuánto tiempo tarda"])[0]
        without = model.probabilities(["cuanto tiempo tarda"])[0]
        assert with_accents.tolist() == pytest.approx(without.tolist())
    plain = trained(storage, context)
    assert plain.probabilities(["cuánto"]).tolist() != plain.probabilities(["cuanto"]).tolist()
