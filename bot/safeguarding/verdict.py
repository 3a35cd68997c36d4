"""Which safety reply a message needs: the curated patterns and the trained model together.

- `crisis`: the child tells of harm or danger to themself;
- `self_harm`: suicidal thoughts or self-harm;
- `friend`: harm or danger to another child they know;
- `check_in`: sadness or fear without a disclosure (answered by a warm check-in), or an unsure
  case (`unsure=True`: the question is answered, with one gentle line about the helpline after).
The model (classifier.py) decides. The curated patterns (detector.py) are one of its inputs: a
match is a strong signal, but "my dad always beats me at chess lol" matches too, so the model
weighs it against the rest of the message. A bare call for help ("help", "SOS") always counts.
The thresholds were chosen by leaving out each training author in turn (never the held-out
authors): see `opic-bot safety report`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.safeguarding.classifier import SafetyModel, Scores, default_safety_model
from bot.safeguarding.detector import Concern, detect, is_help_word

CRISIS, SELF_HARM, FRIEND, CHECK_IN = "crisis", "self_harm", "friend", "check_in"
FULL_REPLIES = (CRISIS, SELF_HARM, FRIEND)
"""The replies for which `safeguarding` is true."""

ALARM = 0.3
"""Model probability of a disclosure from which the full safety reply is given."""
UNSURE = 0.2
"""From here to ALARM: the question is answered, with a gentle line about the helpline."""
DISTRESS = 0.5
"""Model probability of sadness or fear from which the check-in is given."""
ABOUT_OTHER = 0.5
SELF_HARM_SHARE = 0.5


@dataclass(frozen=True)
class Verdict:
    """The safety reply a message needs (None: none), and why."""

    safety: str | None
    category: str | None = None
    unsure: bool = False
    pattern: str | None = None
    """The id of the pattern that matched, if one did."""

    @property
    def full(self) -> bool:
        return self.safety in FULL_REPLIES


NO_CONCERN = Verdict(None)


def assess(text: str, model: SafetyModel | None = None) -> Verdict:
    """The verdict on one message."""
    concern = detect(text)
    help_word = is_help_word(text)
    scores = (model or default_safety_model()).scores(text, concern)
    return decide(concern, help_word, scores)


def decide(concern: Concern | None, help_word: bool, scores: Scores) -> Verdict:
    """Combine what the patterns found with what the model scored."""
    if help_word:
        return Verdict(CRISIS, "immediate_danger", pattern="help_word")
    if scores.disclosure >= ALARM:
        category = concern.category if concern else scores.category
        pattern = concern.pattern if concern else None
        return Verdict(_full_reply(category, scores), category, pattern=pattern)
    if scores.distress >= DISTRESS:
        return Verdict(CHECK_IN)
    if scores.disclosure >= UNSURE:
        return Verdict(CHECK_IN, scores.category, unsure=True)
    return NO_CONCERN


def _full_reply(category: str, scores: Scores) -> str:
    if scores.about_other >= ABOUT_OTHER:
        return FRIEND
    if category == "self_harm_suicide" or scores.self_harm >= SELF_HARM_SHARE:
        return SELF_HARM
    return CRISIS
