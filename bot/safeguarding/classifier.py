"""A trained model that tells, for any message, how likely it discloses harm or distress.

Framework-free (scikit-learn, which Rasa already installs). Three logistic regressions over one
set of character and word n-grams of the folded text (computed once per message):
- `kind`: `none`, `distress` (sad or scared, no harm told) or `disclosure`;
- `category`: which of the detector's CATEGORIES a disclosure is about;
- `subject`: whether a disclosure is about the writer or another child ("my friend...").
It learns from the corpus (bot/safeguarding/corpus.py) in a few seconds, and is kept in
`build/safety/` under a fingerprint of the corpus, this file and scikit-learn's version.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import joblib
import sklearn
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from bot import PROJECT_ROOT
from bot.safeguarding.corpus import CorpusItem, corpus_files, load_corpus, load_repo_set
from bot.safeguarding.detector import PATTERNS_DIR, Concern, detect

logger = logging.getLogger(__name__)
MODEL_DIR = PROJECT_ROOT / "build" / "safety"
NONE, DISTRESS, DISCLOSURE = "none", "distress", "disclosure"

_EMOTICONS = re.compile(r"(?:[:;=]'?-?[(\[c/]|</3|\bt_t\b|\b;_;|:'\()", re.IGNORECASE)
_REPEATED = re.compile(r"(\w)\1{2,}")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase words without accents or punctuation; emoji kept as words, ":(" as `sadface`.

    Letters repeated three times or more are written twice ("nooooo" -> "noo").
    """
    text = _EMOTICONS.sub(" sadface ", text)
    out = []
    for char in unicodedata.normalize("NFKD", text.lower()):
        kind = unicodedata.category(char)
        if kind.startswith("M"):
            continue
        if kind.startswith(("L", "N")):
            out.append(char)
        elif kind == "So":  # an emoji or another symbol: a word of its own
            out.append(f" {char} ")
        else:
            out.append(" ")
    return _SPACES.sub(" ", _REPEATED.sub(r"\1\1", "".join(out))).strip()


MARKERS_FILE = Path(__file__).resolve().parent / "markers.yml"


@lru_cache(maxsize=1)
def _markers() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(MARKERS_FILE.read_text(encoding="utf-8"))
    return {group: tuple(fold(p) for p in phrases) for group, phrases in data.items()}


def with_signals(text: str, concern: Concern | None) -> str:
    """The folded text, then one word per marker group present and the pattern that matched:
    "my mum will kill me lol" -> "... __laugh__ __pattern__ __pattern_violence__"."""
    folded = fold(text)
    padded = f" {folded} "
    signals = [f"__{group}__" for group, phrases in _markers().items()
               if any(f" {p} " in padded for p in phrases)]  # fmt: skip
    if concern is not None:
        signals += ["__pattern__", f"__pattern_{concern.category}__"]
    return " ".join([folded or "_", *signals])


def _features() -> FeatureUnion:
    return FeatureUnion(
        [
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
            ),
            (
                "words",
                TfidfVectorizer(
                    analyzer="word",
                    token_pattern=r"\S+",
                    ngram_range=(1, 2),
                    min_df=1,
                    sublinear_tf=True,
                ),
            ),
        ]
    )


def _classifier(c: float = 32.0) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000)


@dataclass(frozen=True)
class Scores:
    """What the model makes of one message."""

    disclosure: float
    """Probability that the message discloses harm or danger."""
    distress: float
    """Probability that it tells sadness or fear without a disclosure."""
    category: str
    """The most likely category if it is a disclosure."""
    self_harm: float
    """Probability, among disclosures, that it is about suicide or self-harm."""
    about_other: float
    """Probability, among disclosures, that it is about another child."""


class SafetyModel:
    """The three classifiers over one set of features, trained together on labelled messages."""

    def __init__(
        self,
        features: FeatureUnion,
        kind: LogisticRegression,
        category: LogisticRegression,
        subject: LogisticRegression,
    ) -> None:
        self.features = features
        self.kind = kind
        self.category = category
        self.subject = subject

    @classmethod
    def train(cls, items: Sequence[CorpusItem]) -> SafetyModel:
        features = _features()
        matrix = features.fit_transform([with_signals(i.text, detect(i.text)) for i in items])
        disclosures = [n for n, item in enumerate(items) if item.kind == "disclosure"]
        told = matrix[disclosures]
        kind = _classifier().fit(matrix, [_kind_label(item) for item in items])
        category = _classifier().fit(told, [items[n].category for n in disclosures])
        subject = _classifier().fit(told, [items[n].about_other for n in disclosures])
        return cls(features, kind, category, subject)

    def scores(self, text: str, concern: Concern | None = None) -> Scores:
        return self.scores_many([text], [concern])[0]

    def scores_many(
        self, texts: Sequence[str], concerns: Sequence[Concern | None] | None = None
    ) -> list[Scores]:
        """Scores per text; `concerns` are the patterns' findings (found again when not given)."""
        found = concerns if concerns is not None else [detect(t) for t in texts]
        matrix = self.features.transform(
            [with_signals(t, c) for t, c in zip(texts, found, strict=True)]
        )
        kind = self.kind.predict_proba(matrix)
        category = self.category.predict_proba(matrix)
        subject = self.subject.predict_proba(matrix)
        kinds = list(self.kind.classes_)
        categories = list(self.category.classes_)
        other = list(self.subject.classes_).index(True)
        self_harm = categories.index("self_harm_suicide")
        return [
            Scores(
                disclosure=float(kind[n][kinds.index(DISCLOSURE)]),
                distress=float(kind[n][kinds.index(DISTRESS)]),
                category=categories[int(category[n].argmax())],
                self_harm=float(category[n][self_harm]),
                about_other=float(subject[n][other]),
            )
            for n in range(len(texts))
        ]


def _kind_label(item: CorpusItem) -> str:
    return {"disclosure": DISCLOSURE, "distress": DISTRESS}.get(item.kind, NONE)


def training_items() -> tuple[CorpusItem, ...]:
    """Everything the shipped model learns from: every author of the corpus and the first set."""
    return load_corpus() + load_repo_set()


def fingerprint() -> str:
    """Changes when the training data, this code or scikit-learn changes."""
    digest = hashlib.sha256(sklearn.__version__.encode())
    sources = [
        Path(__file__),
        MARKERS_FILE,
        *sorted(PATTERNS_DIR.glob("*.yml")),
        *corpus_files(),
        PROJECT_ROOT / "tests/safeguarding/messages.yml",
    ]
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODEL_DIR / f"safety-{fingerprint()}.joblib"


def train_and_save(path: Path | None = None) -> Path:
    """Train on every item and keep the model; returns where it is."""
    path = path or model_path()
    model = SafetyModel.train(training_items())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    joblib.dump(model, tmp)
    tmp.replace(path)
    logger.info("safety model trained: %s", path.name)
    return path


@lru_cache(maxsize=1)
def default_safety_model() -> SafetyModel:
    """The shipped model: loaded from build/safety/, trained first when it is not there."""
    path = model_path()
    if not path.exists():
        train_and_save(path)
    return joblib.load(path)
