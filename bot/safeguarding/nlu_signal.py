"""When to trust the NLU model's own `safeguarding` intent, beside the curated patterns.

The patterns (detector.py) catch disclosures in every language; messages they match reach the
engine as the `/safeguarding` payload. The NLU model is a second net for English phrasings the
patterns miss. It is trusted only when sure and only in English, because a false alarm turns a
child's question into a crisis reply: in French and Spanish it took idioms ("me muero de risa",
"je me suis coupé les cheveux") for disclosures with confidence >= 0.7.
"""

from __future__ import annotations

from bot.language import detect_language

PAYLOAD = "/safeguarding"
NLU_CONFIDENCE = 0.7
MIN_WORDS = 3
NLU_LANGUAGES = ("en",)


def nlu_heard_disclosure(text: str, confidence: float, conversation_language: str) -> bool:
    """The NLU said `safeguarding` about an English message, surely enough.

    The message's language is the one its words show, else the conversation's: "me duele la
    cabeza" has no marker word, but in a Spanish conversation it is Spanish.
    """
    if text.strip().startswith(PAYLOAD):
        return True
    if confidence < NLU_CONFIDENCE or len(text.split()) < MIN_WORDS:
        return False
    return (detect_language(text) or conversation_language) in NLU_LANGUAGES
