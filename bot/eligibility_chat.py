"""The eligibility check as chat turns: what to say and which answers to keep after each message.

Framework-free; the Rasa form (actions/eligibility.py) only moves slots in and out of this.
A turn is, in order: a request for help (safeguarding) is answered first; "stop" and "start
again" work at any point; an answer is kept when understood; a question about OPIC is answered
and the check goes on; anything else gets "sorry", then an explanation with buttons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.answers import Answer, Answerer
from bot.eligibility import assess
from bot.eligibility_dialogue import (
    QUESTIONS,
    UNKNOWN,
    YES_NO,
    is_unknown,
    to_case,
    unanswered,
    understand,
    wants_to_restart,
    wants_to_stop,
)
from bot.eligibility_report import report
from bot.intents import topic_for_intent
from bot.knowledge.loader import Button, payload_for
from bot.safeguarding.nlu_signal import nlu_heard_disclosure

START_PAYLOAD = payload_for("eligibility_check")
QUESTION_CONFIDENCE = 0.6
"""How sure the NLU must be that a message not understood as an answer is a question about OPIC."""
HELP_AFTER = 2
"""The unclear answer from which the question's explanation (and a stop button) is shown."""
BARE_ANSWER_WORDS = 3
"""An understood answer this short is an answer, even if the NLU heard a cry for help in it."""
NOT_QUESTIONS = ("eligibility_check", "out_of_scope", "country_status")
BUTTONS = {
    "yes_no": (("button_yes", "yes"), ("button_no", "no"), ("button_unknown", UNKNOWN)),
    "event_date": (
        ("button_this_year", "this year"),
        ("button_last_year", "last year"),
        ("button_unknown", UNKNOWN),
    ),
    "final_decision_date": (
        ("button_this_year", "this year"),
        ("button_last_year", "last year"),
        ("button_unknown", UNKNOWN),
    ),
    "domestic_remedies": (
        ("button_remedies_exhausted", "exhausted"),
        ("button_remedies_in_progress", "in_progress"),
        ("button_remedies_not_tried", "not_tried"),
        ("button_remedies_not_available", "not_available_or_ineffective"),
        ("button_unknown", UNKNOWN),
    ),
    "acting_for": (
        ("button_acting_self", "self"),
        ("button_acting_group", "group"),
        ("button_acting_with_consent", "other_with_consent"),
        ("button_acting_without_consent", "other_without_consent"),
    ),
}
RESULT_TOPICS = ("how_to_submit", "get_help")

Answers = dict[str, "str | None"]


@dataclass(frozen=True)
class Message:
    """What the user wrote, with what the NLU made of it."""

    text: str
    intent: str | None = None
    confidence: float = 0.0
    countries: tuple[str, ...] = ()


@dataclass
class Turn:
    """The outcome of one message: what to say, the answers to keep, and how the check goes on."""

    say: list[Answer] = field(default_factory=list)
    answers: Answers = field(default_factory=dict)
    unclear: int = 0
    stopped: bool = False
    needs_help: bool = False
    """The message asked for help: the safety reply comes first, and the check waits."""


class EligibilityChat:
    """Asks the questions, understands the answers and gives the result, in any language."""

    def __init__(self, answerer: Answerer):
        self.answerer = answerer
        self.texts = answerer.texts
        self.states = answerer.states

    def question(self, question: str, language: str, unclear: int = 0) -> Answer:
        """The question, with buttons for the usual answers (and "stop" after unclear answers)."""
        buttons = [
            Button(self.texts.get(key, language), payload)
            for key, payload in _buttons_for(question)
        ]
        if unclear >= HELP_AFTER:
            buttons.append(Button(self.texts.get("button_stop", language), "stop"))
        return Answer(self.texts.get(f"ask_{question}", language), language, None, buttons)

    def take(
        self, question: str, answers: Answers, message: Message, language: str, today: date,
        unclear: int = 0,
    ) -> Turn:  # fmt: skip
        """Handle one message sent while `question` was asked."""
        understood = understand(question, message.text, today, self.states, message.countries)
        if self._asks_for_help(message, understood.ok, language):
            return Turn(unclear=unclear, needs_help=True)
        if wants_to_stop(message.text):
            return Turn(stopped=True)
        if wants_to_restart(message.text) or message.intent == "eligibility_check":
            restart = self._say("eligibility_restarted", language)
            return Turn([restart], {q: None for q in QUESTIONS})
        if understood.ok:
            return Turn(
                self._confirm(question, understood.value, language), {question: understood.value}
            )
        topic = topic_for_intent(message.intent)
        if topic and topic not in NOT_QUESTIONS and message.confidence >= QUESTION_CONFIDENCE:
            return self._answer_question(topic, language, unclear)
        unclear += 1
        sorry = self._not_understood(question, message.text, understood.problem, language, unclear)
        return Turn([sorry], unclear=unclear)

    def result(self, answers: Answers, language: str, today: date) -> list[Answer]:
        """The outcome in one sentence, each reason with its article, and the next steps."""
        case = to_case(answers, self.states, today)
        said = report(assess(case), case.state, language, self.texts)
        messages = [Answer(said.summary, language)]
        if said.reasons:
            lines = "\n".join(f"• {text}" for _, text in said.reasons)
            messages.append(Answer(lines, language))
        buttons = [
            Button(self.answerer.kb.text(topic, language).title, payload_for(topic))
            for topic in RESULT_TOPICS
        ]
        buttons.append(Button(self.texts.get("button_restart", language), START_PAYLOAD))
        messages.append(Answer(" ".join(said.next_steps), language, None, buttons))
        return messages

    def stopped(self, language: str) -> Answer:
        """The check was stopped: nothing kept, and a way to go on."""
        menu = self.answerer.small_talk("affirm", language).buttons
        return Answer(self.texts.get("eligibility_stopped", language), language, None, menu)

    def _confirm(self, question: str, value: str | None, language: str) -> list[Answer]:
        """Name the country found, so a misread name is noticed at once."""
        state = self.states.by_code(value or "") if question == "country" else None
        if state is None:
            return []
        return [
            Answer(
                self.texts.get("eligibility_country_ok", language, country=state.name(language)),
                language,
            )
        ]

    @staticmethod
    def _asks_for_help(message: Message, is_an_answer: bool, language: str) -> bool:
        """A disclosure (the patterns' payload), or one the NLU is sure of in more than a bare
        answer ("me", "yes")."""
        if message.intent != "safeguarding":
            return False
        if not nlu_heard_disclosure(message.text, message.confidence, language):
            return False
        return not is_an_answer or len(message.text.split()) > BARE_ANSWER_WORDS

    def _answer_question(self, topic: str, language: str, unclear: int) -> Turn:
        answer = self.answerer.topic(topic, language)
        answer = Answer(answer.text, language, topic, [], answer.safeguarding)
        return Turn([answer, self._say("eligibility_back", language)], unclear=unclear)

    def _not_understood(
        self, question: str, text: str, problem: str | None, language: str, unclear: int
    ) -> Answer:
        if question == "country" and is_unknown(text):
            return self._say("eligibility_country_needed", language)
        if problem == "future":
            return self._say("eligibility_future_date", language)
        if unclear >= HELP_AFTER:
            return self._say(f"help_{question}", language)
        key = "eligibility_sorry_country" if question == "country" else "eligibility_sorry"
        return self._say(key, language)

    def _say(self, key: str, language: str) -> Answer:
        return Answer(self.texts.get(key, language), language)


def _buttons_for(question: str) -> tuple[tuple[str, str], ...]:
    """(text key, payload) of the usual answers; the country is typed."""
    if question == "country":
        return ()
    return BUTTONS["yes_no"] if question in YES_NO else BUTTONS[question]


def questions_left(answers: Answers, stopped: bool) -> list[str]:
    """The questions still to ask; none once the check was stopped."""
    return [] if stopped else unanswered(answers)
