"""The safeguarding corpus (data/safeguarding) and the safety model trained on it."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from pydantic import ValidationError

from bot.safeguarding import classifier
from bot.safeguarding.classifier import SafetyModel, fold, with_signals
from bot.safeguarding.corpus import CORPUS_DIR, CorpusItem, authors, load_corpus, load_file
from bot.safeguarding.detector import CATEGORIES, Concern

ITEMS = load_corpus()
LANGUAGES = ("en", "fr", "es")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_400_disclosures_and_400_lookalikes_by_several_authors(language):
    mine = [i for i in ITEMS if i.language == language]
    kinds = Counter(i.kind for i in mine)
    assert kinds["disclosure"] >= 400 and kinds["lookalike"] >= 400 and kinds["distress"] >= 100
    assert len(authors(mine)) >= 4
    assert f"{language}-d" in authors(mine)  # the held-out author of the gate


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_category_who_register_and_moment_is_covered(language):
    disclosures = [i for i in ITEMS if i.language == language and i.kind == "disclosure"]
    assert {i.category for i in disclosures} == set(CATEGORIES)
    assert {i.who for i in disclosures} == {"self", "friend", "sibling", "classmate", "other_child"}
    assert {i.register_ for i in disclosures} >= {"direct", "indirect", "slang", "typos", "emoji"}
    assert {i.moment for i in disclosures} == {"first", "mid_check", "after_question"}
    answers = [i for i in ITEMS if i.language == language and i.category == "check_answer"]
    assert len(answers) >= 60


def test_each_item_says_which_reply_it_needs():
    expected = Counter(i.expected_safety for i in ITEMS)
    assert set(expected) == {"crisis", "self_harm", "friend", "check_in", None}


def test_an_item_with_an_unknown_category_or_field_is_refused():
    with pytest.raises(ValidationError):
        CorpusItem(text="x", kind="disclosure", category="bad_day")
    with pytest.raises(ValidationError):
        CorpusItem(text="x", kind="lookalike", category="idiom", mood="sad")


def test_a_file_in_the_wrong_language_folder_is_refused(tmp_path):
    (tmp_path / "fr").mkdir()
    source = CORPUS_DIR / "en" / "en-a.yml"
    shutil.copy(source, tmp_path / "fr" / "en-a.yml")
    with pytest.raises(ValueError, match="does not match its folder"):
        load_file(tmp_path / "fr" / "en-a.yml")


def test_folding_keeps_emoji_and_sad_faces_as_words():
    assert fold("Mon BEAU-PÈRE 😢 :( ") == "mon beau pere 😢 sadface"
    assert fold("noooooo") == "noo"


def test_the_patterns_and_marker_words_become_signals():
    signals = with_signals("my mum will kill me lol", Concern("violence", "en", "x"))
    assert signals.endswith("__laugh__ __pattern__ __pattern_violence__")
    assert "__hypothetical__" in with_signals("what if a teacher hits a kid?", None)


def test_a_small_model_learns_and_scores_in_every_way():
    items = [i for i in ITEMS if i.author in ("en-a", "es-a")]
    model = SafetyModel.train(items)
    hurt, fine = model.scores_many(["he hits me every night", "what is the un committee"])
    assert hurt.disclosure > fine.disclosure
    assert 0.0 <= hurt.about_other <= 1.0 and hurt.category in CATEGORIES


def test_the_fingerprint_changes_with_the_corpus(tmp_path, monkeypatch):
    before = classifier.fingerprint()
    extra = tmp_path / "en" / "en-z.yml"
    extra.parent.mkdir()
    extra.write_text("language: en\nauthor: en-z\nitems: []\n", encoding="utf-8")
    files = classifier.corpus_files()
    monkeypatch.setattr(classifier, "corpus_files", lambda: [*files, extra])
    assert classifier.fingerprint() != before
