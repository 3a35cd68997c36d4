"""When to trust the NLU model's own `safeguarding` intent, beside the curated patterns.

The patterns (detector.py) catch disclosures in every language; messages they match reach the
engine as the `/safeguarding` payload. The NLU model is a second net for English phrasings the
patterns miss. It is trusted only where it was trained and only when sure, because a false
alarm turns a child's question into a crisis reply.
"""

from __future__ import annotations

from bot.language import detect_language

PAYLOAD = "/safeguarding"
NLU_CONFIDENCE = 0.7
MIN_WORDS = 3
NLU_LANGUAGES = ("en",)


def nlu_heard_disclosure(text: str, confidence: float) -> bool:
    """The NLU said `safeguarding` about a message in a language it knows, surely enough."""
    if text.strip() == PAYLOAD:
        return True
    if confidence < NLU_CONFIDENCE or len(text.split()) < MIN_WORDS:
        return False
    return (detect_language(text) or "en") in NLU_LANGUAGES
