"""The knowledge base in English, French and Spanish: same topics, same articles, easy to read."""

from __future__ import annotations

import re
import socket

import pytest
import textstat
import yaml

from bot.knowledge.check import (
    MEASURES,
    fernandez_huerta,
    kandel_moles,
    run_checks,
    spec_topic_ids,
    szigriszt_pazos,
)
from bot.knowledge.loader import load_knowledge_base
from bot.language import LANGUAGES

# "(OPIC, articles 7(g) and 20)", "(OPIC, articles 7(g) et 20)", "(OPIC, artículos 5, 7 y 20)"
CITATION = re.compile(
    r"\b(?:articles?|artículos?)\s+(\d{1,2}(?:\(\w\))*(?:(?:,\s*|\s+(?:and|et|y)\s+)\d{1,2}(?:\(\w\))*)*)"
)
ARTICLE = re.compile(r"\d{1,2}(?:\(\w\))*")

HARD = {
    "fr": (
        "Le Protocole facultatif établit des procédures internationales de communication "
        "permettant aux particuliers alléguant des violations d'obligations conventionnelles "
        "de soumettre des communications, nonobstant les considérations juridictionnelles "
        "afférentes à l'épuisement préalable des recours internes disponibles."
    ),
    "es": (
        "El Protocolo facultativo establece procedimientos internacionales de comunicación "
        "que permiten a los particulares que alegan violaciones de obligaciones convencionales "
        "presentar comunicaciones, independientemente de las consideraciones jurisdiccionales "
        "relativas al agotamiento previo de los recursos internos disponibles."
    ),
}
EASY = {
    "fr": "Le chat dort sur le lit. Il est content. Tu peux jouer avec lui.",
    "es": "El gato duerme en la cama. Está contento. Puedes jugar con él.",
}
SCORES = {"fr": (kandel_moles,), "es": (fernandez_huerta, szigriszt_pazos)}


def articles_cited(text: str) -> set:
    """The OPIC articles a text cites, like {"5", "7(e)", "20"}, in en, fr or es."""
    return {article for group in CITATION.findall(text) for article in ARTICLE.findall(group)}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def edit(path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def set_answer(kb_dir, language: str, topic: str, answer: str) -> None:
    edit(kb_dir / f"{language}.yml", lambda data: data["topics"][topic].update(answer=answer))


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("readability must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def textstat_language() -> str:
    """The language textstat's shared object is set to (a private attribute of textstat 0.7.4)."""
    return textstat.set_lang.__self__._textstatistics__lang


@pytest.mark.parametrize(
    "text, articles",
    [
        ("(OPIC, articles 1 and 5)", {"1", "5"}),
        ("(OPIC, article 7(e))", {"7(e)"}),
        ("(OPIC, articles 7(g) et 20)", {"7(g)", "20"}),
        ("(OPIC, artículos 5, 7 y 20)", {"5", "7", "20"}),
        ("(OPIC, artículo\n 5(2)). Tiene 18 años.", {"5(2)"}),
        ("Il y a 52 pays et 18 experts.", set()),
    ],
)
def test_articles_cited(text, articles):
    assert articles_cited(text) == articles


def test_every_language_has_a_file(kb):
    assert set(LANGUAGES) <= set(kb.texts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_topic_is_in_every_language(kb, language):
    assert sorted(kb.texts[language]) == sorted(kb.facts) == sorted(spec_topic_ids())


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_answers_cite_the_same_articles_as_english(kb, language):
    for topic, english in kb.texts["en"].items():
        own = kb.texts[language][topic]
        assert articles_cited(own.answer) == articles_cited(english.answer), (language, topic)
        assert articles_cited(own.more or "") == articles_cited(english.more or ""), (
            language,
            topic,
            "more",
        )
        assert bool(own.more) == bool(english.more), (language, topic)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_numbers_and_the_helpline_stay_the_same(kb, language):
    assert "116 111" in kb.texts[language]["safeguarding"].answer
    for topic, english in kb.texts["en"].items():
        own = kb.texts[language][topic]
        years = re.compile(r"\b(?:19|20)\d\d\b")
        assert set(years.findall(own.answer)) == set(years.findall(english.answer)), topic


@pytest.mark.parametrize("language", ["fr", "es"])
def test_readability_runs_offline_and_flags_a_hard_paragraph(offline, language):
    for measure in MEASURES[language]:
        assert measure.passes(measure.score(EASY[language])), measure.name
        assert not measure.passes(measure.score(HARD[language])), measure.name


@pytest.mark.parametrize("language", ["fr", "es"])
def test_measuring_leaves_textstat_in_english(language):
    for score in SCORES[language]:
        score(HARD[language])
        assert textstat_language() == "en"


def test_the_measures_agree_with_textstat(kb):
    """Same formulas as textstat's own, without its rounding of syllables per word."""
    french, spanish = kb.texts["fr"]["duration"].answer, kb.texts["es"]["duration"].answer
    try:
        textstat.set_lang("fr")
        textstat_fr = textstat.flesch_reading_ease(french)
        textstat.set_lang("es")
        textstat_fh, textstat_sp = (
            textstat.fernandez_huerta(spanish),
            textstat.szigriszt_pazos(spanish),
        )
    finally:
        textstat.set_lang("en")
    assert kandel_moles(french) == pytest.approx(textstat_fr, abs=4)
    assert fernandez_huerta(spanish) == pytest.approx(textstat_fh, abs=4)
    assert szigriszt_pazos(spanish) == pytest.approx(textstat_sp, abs=0.1)


def test_verbose_notes_give_figures_per_language():
    notes = run_checks().notes
    for language in LANGUAGES:
        assert len([n for n in notes if n.startswith(f"{language}/")]) == len(spec_topic_ids())
        assert any(n.startswith(f"{language}: words min") for n in notes), language
    assert any("Kandel-Moles" in n for n in notes if n.startswith("fr/"))
    assert any("Szigriszt-Pazos" in n for n in notes if n.startswith("es/"))


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_hard_answer_is_reported_per_language(kb_dir, language):
    set_answer(kb_dir, language, "duration", HARD[language])
    problems = run_checks(knowledge_dir=kb_dir).problems
    flagged = [p for p in problems if p.startswith(f"{language}/duration: reading ")]
    assert len(flagged) == len(MEASURES[language]), problems


FIVE_WORDS = {"fr": "Tu peux demander de l'aide. ", "es": "Puedes pedir ayuda a alguien. "}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_french_and_spanish_answers_may_have_80_words_not_90(kb_dir, language):
    set_answer(kb_dir, language, "duration", FIVE_WORDS[language] * 16)
    problems = run_checks(knowledge_dir=kb_dir).problems
    assert not [p for p in problems if "words" in p], problems
    set_answer(kb_dir, language, "duration", FIVE_WORDS[language] * 18)
    problems = run_checks(knowledge_dir=kb_dir).problems
    assert f"{language}/duration: answer has 90 words (max 80)" in problems


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_topic_missing_in_a_language_is_reported(kb_dir, language):
    edit(kb_dir / f"{language}.yml", lambda data: data["topics"].pop("interstate"))
    problems = run_checks(knowledge_dir=kb_dir).problems
    assert f"topic 'interstate' is missing in {language}.yml" in problems


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_missing_language_file_is_reported(kb_dir, language):
    (kb_dir / f"{language}.yml").unlink()
    expected = f"{language}: answers missing (bot/knowledge/{language}.yml)"
    assert expected in run_checks(knowledge_dir=kb_dir).problems
