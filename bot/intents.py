"""How NLU intents map to knowledge-base topics. Intents are `ask_<topic>` unless listed here."""

from __future__ import annotations

SMALL_TALK = ("greet", "goodbye", "thanks", "affirm", "deny")
SPECIAL_TOPIC_INTENTS = {
    "eligibility_check": "eligibility_check",
    "out_of_scope": "out_of_scope",
    "nlu_fallback": "out_of_scope",
    "safeguarding": "safeguarding",
    "inform_country": "country_status",
}
TOPICS_WITH_OWN_INTENT = ("eligibility_check", "out_of_scope", "safeguarding")


def intent_for_topic(topic: str) -> str:
    """The NLU intent that asks about a topic."""
    return topic if topic in TOPICS_WITH_OWN_INTENT else f"ask_{topic}"


def topic_for_intent(intent: str | None) -> str | None:
    """The topic an intent asks about, or None for small talk and unknown intents."""
    if not intent:
        return None
    if intent in SPECIAL_TOPIC_INTENTS:
        return SPECIAL_TOPIC_INTENTS[intent]
    if intent.startswith("ask_") and intent != "ask_more":
        return intent[len("ask_") :]
    return None
