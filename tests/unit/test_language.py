"""bot/language.py: which language to answer in."""

from __future__ import annotations

import pytest

from bot.language import choose_language, detect_language

FRENCH = "Bonjour, je veux savoir mes droits"


def test_explicit_choice_wins_over_everything():
    assert choose_language("fr", "es", "hello, what is the committee?") == "fr"


def test_previous_language_wins_over_detection():
    assert choose_language(None, "es", FRENCH) == "es"


def test_detection_is_used_without_a_choice_or_history():
    assert choose_language(None, None, FRENCH) == "fr"


def test_default_when_nothing_points_anywhere():
    assert choose_language(None, None, "ok") == "en"
    assert choose_language(None, None, "12345", default="es") == "es"


def test_empty_choice_counts_as_no_choice():
    assert choose_language("", "", FRENCH) == "fr"


@pytest.mark.parametrize(
    "text",
    [
        "can kids complain to the UN?",
        "What is the committee and how does it work?",
        "I need help",
    ],
)
def test_detects_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        FRENCH,
        "Comment est-ce que je peux porter plainte ?",
        "Qu'est-ce que l'OPIC ?",
        "Combien de temps ça prend ?",
    ],
)
def test_detects_french(text):
    assert detect_language(text) == "fr"


@pytest.mark.parametrize(
    "text",
    [
        "Hola, ¿cómo puedo hacer una queja?",
        "¿Quién puede presentar una denuncia?",
        "Mis derechos no se respetan",
        "¿Qué es el Comité?",
    ],
)
def test_detects_spanish(text):
    assert detect_language(text) == "es"


@pytest.mark.parametrize("text", ["ok", "OK", "12345", "42", "", "???", "👍"])
def test_nothing_detected_in_text_without_marker_words(text):
    assert detect_language(text) is None


def test_detects_spanish_what_is_opic():
    assert detect_language("¿Qué es la OPIC?") == "es"
