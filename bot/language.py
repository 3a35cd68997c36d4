"""Which language to answer in: asked for, else the conversation's, else guessed from the text."""

from __future__ import annotations

import re

from bot.states.names import normalise

# Short, frequent words that tell English, French and Spanish apart in children's messages.
# Words the languages share ("la", "que", "de", "me") are left out on purpose.
_MARKERS = {
    "en": "the is are what how can i my you do does who when why where to of and it whats pls "
    "please cant dont have has",
    "fr": "le les est qui quoi comment je j mon ma mes vous pour pas des une un du c qu peux puis "
    "faire enfant enfants droits bonjour salut merci ca ce cest suis beaucoup tres maintenant "
    "aussi mais avec",
    "es": "el los las es quien como yo mi mis para por una uno del puedo hacer nino ninos nina "
    "derechos hola gracias cual soy estoy mucho muy ahora tambien pero tengo esta con",
}
# Characters only one of the languages writes.
_LETTERS = {"es": "¿¡ñ", "fr": "çàèêœù"}
_WORDS = re.compile(r"[a-z']+")
_MARKER_SETS = {lang: set(normalise(words).split()) for lang, words in _MARKERS.items()}


def detect_language(text: str) -> str | None:
    """The likeliest of en/fr/es for a text, or None when nothing points either way."""
    words = _WORDS.findall(normalise(text))
    lowered = text.lower()
    scores = {
        lang: sum(word in markers for word in words) for lang, markers in _MARKER_SETS.items()
    }
    for lang, letters in _LETTERS.items():
        scores[lang] += 2 * sum(letter in lowered for letter in letters)
    best = max(scores, key=lambda lang: scores[lang])
    ranked = sorted(scores.values(), reverse=True)
    return best if ranked[0] > 0 and ranked[0] > ranked[1] else None


def choose_language(
    requested: str | None, previous: str | None, text: str, default: str = "en"
) -> str:
    """An explicit choice wins; otherwise the conversation keeps its language; else detection."""
    return requested or previous or detect_language(text) or default
