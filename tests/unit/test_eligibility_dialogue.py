"""The eligibility conversation without Rasa: question order, what answers mean, the Case."""

from __future__ import annotations

from datetime import date

import pytest

from bot.eligibility import assess
from bot.eligibility_dialogue import (
    QUESTIONS,
    UNKNOWN,
    answer_words,
    next_question,
    questions_to_ask,
    to_case,
    understand,
    wants_to_restart,
    wants_to_stop,
)
from bot.states import default_states_table

STATES = default_states_table()
TODAY = date(2026, 11, 28)


def value(question: str, text: str) -> str | None:
    return understand(question, text, TODAY, STATES).value


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("country", "Spain", "ESP"),
        ("country", "i live in brasil", "BRA"),
        ("country", "Allemagne", "DEU"),
        ("country", "usa", "USA"),
        ("country", "narnia", None),
        ("event_date", "last year", "2025"),
        ("event_date", "march 2021", "2021-03"),
        ("event_date", "hace 2 años", "2024"),
        ("event_date", "idk", UNKNOWN),
        ("event_date", "next year", None),
        ("event_date", "2030", None),  # the future is not an answer
        ("event_date", "banana", None),
        ("ongoing", "yes", "yes"),
        ("ongoing", "nope", "no"),
        ("ongoing", "oui", "yes"),
        ("ongoing", "si", "yes"),
        ("ongoing", "je sais pas", UNKNOWN),
        ("ongoing", "no sé", UNKNOWN),
        ("ongoing", "yes and no", None),
        ("ongoing", "purple", None),
        ("domestic_remedies", "exhausted", "exhausted"),
        ("domestic_remedies", "the court made a final decision", "exhausted"),
        ("domestic_remedies", "we never tried", "not_tried"),
        ("domestic_remedies", "still waiting for the judge", "in_progress"),
        (
            "domestic_remedies",
            "there is no court for this, impossible",
            "not_available_or_ineffective",
        ),
        ("domestic_remedies", "no lo se", UNKNOWN),
        ("acting_for", "self", "self"),
        ("acting_for", "me", "self"),
        ("acting_for", "my whole class, we", "group"),
        ("acting_for", "my mum, she said yes", "other_with_consent"),
        ("acting_for", "my teacher without consent", "other_without_consent"),
        ("acting_for", "blah", None),
    ],
)
def test_answers_are_understood(question: str, text: str, expected: str | None) -> None:
    assert value(question, text) == expected


def test_the_final_decision_date_is_asked_only_after_exhausted_remedies() -> None:
    assert "final_decision_date" not in questions_to_ask({"domestic_remedies": "not_tried"})
    assert "final_decision_date" in questions_to_ask({"domestic_remedies": "exhausted"})


def test_questions_come_one_at_a_time_in_order() -> None:
    answers: dict[str, str | None] = {}
    asked = []
    replies = {"domestic_remedies": "exhausted", "country": "ESP", "event_date": "2020"}
    while (question := next_question(answers)) is not None:
        asked.append(question)
        answers[question] = replies.get(question, "2024-01" if "date" in question else "no")
    assert asked == list(QUESTIONS)


def test_a_full_conversation_gives_a_case_the_rules_judge() -> None:
    answers = {
        "country": "ESP",
        "event_date": "2019-05",
        "ongoing": "no",
        "child_at_time": "yes",
        "domestic_remedies": "exhausted",
        "final_decision_date": "2026-02",
        "examined_elsewhere": "no",
        "named_ok": "yes",
        "acting_for": "self",
    }
    assert assess(to_case(answers, STATES, TODAY)).outcome == "likely_admissible"
    unsure = to_case({**answers, "child_at_time": UNKNOWN}, STATES, TODAY)
    assert unsure.child_at_time is None
    assert assess(unsure).outcome == "needs_advice"


def test_every_word_list_is_text() -> None:
    lists = [answer_words()[k] for k in ("yes", "no", UNKNOWN)]
    lists += [v for k in ("domestic_remedies", "acting_for") for v in answer_words()[k].values()]
    assert all(isinstance(word, str) and word for words in lists for word in words)


def test_agreeing_to_be_named_is_the_opposite_of_anonymous() -> None:
    base = {"country": "ESP", "event_date": "2020"}
    assert to_case({**base, "named_ok": "yes"}, STATES, TODAY).anonymous is False
    assert to_case({**base, "named_ok": "no"}, STATES, TODAY).anonymous is True
    assert to_case({**base, "named_ok": UNKNOWN}, STATES, TODAY).anonymous is None


def test_a_date_in_the_future_is_not_understood_and_says_why() -> None:
    future = understand("event_date", "in 2030", TODAY, STATES)
    assert not future.ok
    assert future.problem == "future"
    assert understand("event_date", "banana", TODAY, STATES).problem is None


@pytest.mark.parametrize(
    "text", ["stop", "Stop!", "stop please", "STOP the check", "arrête", "para", "basta por favor"]
)
def test_stop_is_a_whole_message(text: str) -> None:
    assert wants_to_stop(text)
    assert not wants_to_restart(text)


@pytest.mark.parametrize(
    "text", ["it does not stop", "they stop me from going to school", "yes", "2019", "stopped"]
)
def test_stop_inside_an_answer_is_not_a_command(text: str) -> None:
    assert not wants_to_stop(text)


@pytest.mark.parametrize(
    "text", ["start again", "Start over please", "recommencer", "empezar de nuevo", "restart"]
)
def test_start_again_in_every_language(text: str) -> None:
    assert wants_to_restart(text)
    assert not wants_to_stop(text)
