"""Which language to answer in: asked for, else the conversation's, else guessed from the text."""

from __future__ import annotations

import re

from bot.states.names import normalise

# Short, frequent words that tell English, French and Spanish apart in children's messages.
_MARKERS = {
    "en": "the is are what how can i my you do does who when why where to of and it whats pls "
    "please cant dont have has my me",
    "fr": "le la les est que qui quoi comment je j mon ma mes tu vous pour pas des une un du c "
    "qu peux puis faire enfant enfants droits bonjour salut merci ca ça",
    "es": "el los las es que qué quien quién como cómo yo mi mis tu para por una uno del puedo "
    "hacer niño niños niña derechos hola gracias qué cuál",
}
_WORDS = re.compile(r"[a-z']+")
_MARKER_SETS = {lang: set(normalise(words).split()) for lang, words in _MARKERS.items()}


def detect_language(text: str) -> str | None:
    """The likeliest of en/fr/es for a text, or None when nothing points either way."""
    words = _WORDS.findall(normalise(text))
    scores = {
        lang: sum(word in markers for word in words) for lang, markers in _MARKER_SETS.items()
    }
    best = max(scores, key=lambda lang: scores[lang])
    ranked = sorted(scores.values(), reverse=True)
    return best if ranked[0] > 0 and ranked[0] > ranked[1] else None


def choose_language(
    requested: str | None, previous: str | None, text: str, default: str = "en"
) -> str:
    """An explicit choice wins; otherwise the conversation keeps its language; else detection."""
    return requested or previous or detect_language(text) or default
