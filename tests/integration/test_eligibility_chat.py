"""The eligibility check as a conversation over /api/chat, through the real server and model."""

from __future__ import annotations

import httpx
import pytest

from bot.texts import default_texts
from tests.integration.conftest import Child

pytestmark = pytest.mark.integration
TEXTS = default_texts()


def en(key: str, **fields: object) -> str:
    return TEXTS.get(key, "en", **fields)


def asked(child: Child, question: str) -> bool:
    return child.texts[-1] == en(f"ask_{question}")


def test_straight_through_to_a_likely_admissible_result(client: httpx.Client) -> None:
    child = Child(client)
    child.says("/eligibility_check")
    assert child.reply["topic"] == "eligibility_check"
    assert asked(child, "country")
    child.says("Spain")
    assert child.texts == [en("eligibility_country_ok", country="Spain"), en("ask_event_date")]
    assert child.reply["topic"] is None
    child.says("in march 2025")
    assert asked(child, "ongoing")
    child.presses("No")
    assert asked(child, "child_at_time")
    child.presses("Yes")
    assert asked(child, "domestic_remedies")
    child.presses(en("button_remedies_exhausted"))
    assert asked(child, "final_decision_date")
    child.says("june 2026")
    assert asked(child, "examined_elsewhere")
    child.presses("No")
    assert asked(child, "named_ok")
    child.presses("Yes")
    assert asked(child, "acting_for")
    child.presses(en("button_acting_self"))
    assert child.texts[0] == en("outcome_likely_admissible")
    assert en("next_how_to_submit") in child.texts[-1]
    assert "/eligibility_check" in child.payloads()
    assert child.reply["topic"] is None
    # the check is over: a question is answered as usual
    assert child.says("how long does it take?")["topic"] == "duration"


def test_a_question_in_the_middle_is_answered_and_the_check_goes_on(client: httpx.Client) -> None:
    child = Child(client)
    child.says("could my case go to the committee?")
    child.says("France")
    child.says("how long does it take?")
    assert child.reply["topic"] == "duration"
    assert child.texts[-2:] == [en("eligibility_back"), en("ask_event_date")]
    child.says("2019")
    assert asked(child, "ongoing")


def test_i_dont_know_answers_lead_to_advice_with_the_reasons(client: httpx.Client) -> None:
    child = Child(client)
    child.says("/eligibility_check")
    child.says("I live in Brasil")
    for _ in range(6):  # event date, ongoing, child, remedies, elsewhere, named
        child.presses(en("button_unknown"))
    assert asked(child, "acting_for")
    child.presses(en("button_acting_group"))
    assert child.texts[0] == en("outcome_needs_advice")
    reasons = child.texts[1]
    assert "articles 7(g) and 20" in reasons
    assert "article 5)" in reasons
    assert "article 7(e)" in reasons
    assert en("next_get_advice") in child.texts[-1]


def test_a_country_that_has_not_joined_is_not_admissible(client: httpx.Client) -> None:
    child = Child(client)
    child.says("/eligibility_check")
    child.says("usa")
    answers = ["2024", "no", "yes", "not_tried", "no", "yes", "self"]
    for answer in answers:
        child.says(answer)
    assert child.texts[0] == en("outcome_not_admissible")
    assert "(OPIC, article 1)" in child.texts[1]
    assert en("next_other_routes") in child.texts[-1]


def test_unclear_answers_get_sorry_then_an_explanation_and_a_stop_button(
    client: httpx.Client,
) -> None:
    child = Child(client)
    child.says("/eligibility_check")
    child.says("Narnia")
    assert child.texts == [en("eligibility_sorry_country"), en("ask_country")]
    child.says("Narnia")
    assert child.texts == [en("help_country"), en("ask_country")]
    assert "stop" in child.payloads()
    child.says("Portugal")
    child.says("banana")
    assert child.texts == [en("eligibility_sorry"), en("ask_event_date")]
    assert "stop" not in child.payloads()


def test_stop_halfway_then_the_conversation_goes_on(client: httpx.Client) -> None:
    child = Child(client)
    child.says("/eligibility_check")
    child.says("Germany")
    child.says("last year")
    child.says("stop")
    assert child.texts == [en("eligibility_stopped")]
    assert child.says("who can complain?")["topic"] == "who_can_complain"
    child.says("/eligibility_check")  # a new check starts from the first question
    assert asked(child, "country")


def test_start_again_goes_back_to_the_first_question(client: httpx.Client) -> None:
    child = Child(client)
    child.says("/eligibility_check")
    child.says("Chile")
    child.says("start again")
    assert child.texts == [en("eligibility_restarted"), en("ask_country")]
    child.says("Peru")
    assert asked(child, "event_date")


def test_dates_in_spanish_and_french_and_a_future_date(client: httpx.Client) -> None:
    child = Child(client)
    child.says("/eligibility_check")
    child.says("Argentina")
    child.says("en 2031")
    assert child.texts[0] == en("eligibility_future_date")
    child.says("hace 2 años")
    assert asked(child, "ongoing")
    child.says("oui")
    child.says("si")
    child.says("exhausted")
    child.says("mars 2026")
    assert asked(child, "examined_elsewhere")


def test_two_children_keep_their_own_answers(client: httpx.Client) -> None:
    first, second = Child(client), Child(client)
    first.says("/eligibility_check")
    second.says("/eligibility_check")
    first.says("Spain")
    assert asked(first, "event_date")
    assert asked(second, "country") is True
    second.says("Italy")
    assert second.texts[0] == en("eligibility_country_ok", country="Italy")


def test_switching_language_in_the_middle_keeps_the_answers(client: httpx.Client) -> None:
    child = Child(client)
    child.says("/eligibility_check")
    child.says("Spain")
    child.says("2019")
    child.language = "fr"  # the widget's language switch, or Telegram's /language
    child.says("non")
    assert child.texts[-1] == TEXTS.get("ask_child_at_time", "fr")
    assert child.reply["language"] == "fr"
    child.language = "es"
    child.says("sí")
    assert child.texts[-1] == TEXTS.get("ask_domestic_remedies", "es")
    for answer in ("not_tried", "no", "yes", "self"):
        child.says(answer)
    assert child.texts[0] == TEXTS.get("outcome_not_admissible", "es")  # Spain was kept
