"""bot/eligibility_chat.py: the check's turns without Rasa, over the shipped content."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answers import default_answerer
from bot.eligibility_chat import HELP_AFTER, EligibilityChat, Message, questions_left
from bot.eligibility_dialogue import QUESTIONS, UNKNOWN
from bot.texts import default_texts

TODAY = date(2026, 11, 28)
CHAT = EligibilityChat(default_answerer())
TEXTS = default_texts()
ADMISSIBLE = {
    "country": "ESP",
    "event_date": "2025-03",
    "ongoing": "no",
    "child_at_time": "yes",
    "domestic_remedies": "exhausted",
    "final_decision_date": "2026-06",
    "examined_elsewhere": "no",
    "named_ok": "yes",
    "acting_for": "self",
}


def take(question: str, text: str, intent: str | None = None, confidence: float = 0.9, **kw):
    answers = kw.pop("answers", {})
    return CHAT.take(question, answers, Message(text, intent, confidence), "en", TODAY, **kw)


def texts_of(turn) -> list[str]:
    return [answer.text for answer in turn.say]


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_question_has_a_text_and_buttons_except_the_country(question: str) -> None:
    asked = CHAT.question(question, "en")
    assert asked.text == TEXTS.get(f"ask_{question}", "en")
    assert asked.topic is None
    if question == "country":
        assert asked.buttons == []
    else:
        assert len(asked.buttons) >= 3
        assert all(len(button.payload.encode()) <= 64 for button in asked.buttons)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q != "country"])
def test_every_button_is_an_answer_the_chat_understands(question: str) -> None:
    for button in CHAT.question(question, "en").buttons:
        turn = take(question, button.payload)
        assert turn.answers.get(question), (question, button.payload)


def test_an_understood_answer_is_kept_and_nothing_is_said() -> None:
    turn = take("ongoing", "nope", "deny", unclear=1)
    assert turn.answers == {"ongoing": "no"}
    assert turn.say == []
    assert turn.unclear == 0
    assert not turn.stopped


def test_the_country_found_is_named_back() -> None:
    turn = take("country", "i live in brasil", "inform_country")
    assert turn.answers == {"country": "BRA"}
    assert texts_of(turn) == [TEXTS.get("eligibility_country_ok", "en", country="Brazil")]


def test_i_dont_know_is_accepted_except_for_the_country() -> None:
    assert take("ongoing", "I don't know").answers == {"ongoing": UNKNOWN}
    turn = take("country", "I don't know")
    assert turn.answers == {}
    assert texts_of(turn) == [TEXTS.get("eligibility_country_needed", "en")]


def test_a_question_in_the_middle_is_answered_then_the_check_goes_on() -> None:
    turn = take("ongoing", "how long does it take?", "ask_duration", 0.95)
    assert turn.answers == {}
    assert turn.say[0].topic == "duration"
    assert turn.say[0].text == default_answerer().kb.text("duration", "en").answer
    assert turn.say[0].buttons == []  # the question comes back with its own buttons
    assert turn.say[1].text == TEXTS.get("eligibility_back", "en")
    assert turn.unclear == 0


def test_an_answer_wins_over_a_likely_question() -> None:
    turn = take("country", "can kids in france complain?", "ask_country_status", 0.9)
    assert turn.answers == {"country": "FRA"}


def test_a_help_request_is_answered_first_even_when_it_looks_like_an_answer() -> None:
    turn = take("ongoing", "yes he hits me every day", "safeguarding", 0.8)
    assert turn.needs_help
    assert turn.say == []  # the safety reply is the action's (bot/safeguarding/replies.py)
    assert turn.answers == {}


def test_an_unclear_answer_gets_sorry_then_an_explanation_with_a_stop_button() -> None:
    first = take("ongoing", "purple", "out_of_scope", 0.4)
    assert texts_of(first) == [TEXTS.get("eligibility_sorry", "en")]
    assert first.unclear == 1
    second = take("ongoing", "purple", "out_of_scope", 0.4, unclear=first.unclear)
    assert texts_of(second) == [TEXTS.get("help_ongoing", "en")]
    assert second.unclear == HELP_AFTER
    asked = CHAT.question("ongoing", "en", second.unclear)
    assert asked.buttons[-1].payload == "stop"
    assert CHAT.question("ongoing", "en", 0).buttons[-1].payload != "stop"


def test_a_low_confidence_question_is_treated_as_unclear() -> None:
    turn = take("ongoing", "how long", "ask_duration", 0.2)
    assert texts_of(turn) == [TEXTS.get("eligibility_sorry", "en")]


def test_a_country_that_does_not_exist_is_explained() -> None:
    turn = take("country", "narnia", "out_of_scope", 0.5)
    assert texts_of(turn) == [TEXTS.get("eligibility_sorry_country", "en")]


def test_a_date_in_the_future_says_so() -> None:
    turn = take("event_date", "in 2031")
    assert texts_of(turn) == [TEXTS.get("eligibility_future_date", "en")]


def test_stop_ends_the_check_and_start_again_clears_every_answer() -> None:
    assert take("ongoing", "stop").stopped
    restart = take("ongoing", "start again", answers={"country": "ESP"})
    assert restart.answers == {q: None for q in QUESTIONS}
    assert texts_of(restart) == [TEXTS.get("eligibility_restarted", "en")]
    assert (
        take("ongoing", "/eligibility_check", "eligibility_check", 1.0).answers["country"] is None
    )


def test_questions_left_skip_the_final_decision_unless_remedies_were_used_up() -> None:
    answers = {**ADMISSIBLE, "domestic_remedies": "not_tried", "final_decision_date": None}
    assert questions_left(answers, stopped=False) == []
    assert questions_left({**ADMISSIBLE, "final_decision_date": None}, False) == [
        "final_decision_date"
    ]
    assert questions_left({}, stopped=True) == []


def test_the_result_gives_outcome_reasons_with_articles_and_next_steps() -> None:
    late = {**ADMISSIBLE, "final_decision_date": "2020-01"}
    summary, reasons, steps = CHAT.result(late, "en", TODAY)
    assert summary.text == TEXTS.get("outcome_not_admissible", "en")
    assert "article 7(h)" in reasons.text
    assert reasons.text.startswith("• ")
    assert TEXTS.get("next_other_routes", "en") in steps.text
    assert "/eligibility_check" in [b.payload for b in steps.buttons]


def test_a_likely_admissible_result_has_no_reasons_and_says_how_to_submit() -> None:
    summary, steps = CHAT.result(ADMISSIBLE, "en", TODAY)
    assert summary.text == TEXTS.get("outcome_likely_admissible", "en")
    assert TEXTS.get("next_how_to_submit", "en") in steps.text
    assert "/ask_how_to_submit" in [b.payload for b in steps.buttons]


def test_unknown_answers_lead_to_advice_never_a_guess() -> None:
    unsure = {**ADMISSIBLE, "event_date": UNKNOWN, "named_ok": UNKNOWN}
    messages = CHAT.result(unsure, "en", TODAY)
    assert messages[0].text == TEXTS.get("outcome_needs_advice", "en")
    assert "article 20" in messages[1].text.replace("articles 7(g) and 20", "article 20")


def test_stopping_says_so_and_offers_a_way_on() -> None:
    stopped = CHAT.stopped("en")
    assert stopped.text == TEXTS.get("eligibility_stopped", "en")
    assert stopped.buttons


def test_the_country_the_nlu_found_is_used_first() -> None:
    message = Message("the one next to portugal", "inform_country", 0.9, countries=("Espagne",))
    turn = CHAT.take("country", {}, message, "en", TODAY)
    assert turn.answers == {"country": "ESP"}


def test_a_misspelt_country_is_matched_fuzzily() -> None:
    assert take("country", "Argentinna").answers == {"country": "ARG"}


def test_a_bare_answer_is_not_taken_for_a_cry_for_help() -> None:
    assert take("acting_for", "me", "safeguarding", 0.67).answers == {"acting_for": "self"}


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q != "country"])
def test_every_english_button_title_is_understood_when_typed(question: str) -> None:
    for button in CHAT.question(question, "en").buttons:
        typed = take(question, button.title).answers.get(question)
        assert typed is not None and typed == take(question, button.payload).answers[question]
