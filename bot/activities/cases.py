"""Case cards as chat turns: a made-up story, the group's vote, then the eligibility rules' view.

`/cases` starts; `/cases <number>` shows a card; `/cases <number> yes|no|unsure` is the group's
vote. The explanation comes from the same rules and texts as the eligibility check
(bot/eligibility.py, bot/eligibility_report.py), counted from the day the card is played.
"""

from __future__ import annotations

import re
from datetime import date

from bot.activities.loader import Activities
from bot.activities.played import Played
from bot.activities.quiz import START as QUIZ_START
from bot.activities.schema import CaseFacts
from bot.assistant import ActivityEvent, BotMessage
from bot.eligibility import Case, Outcome, PartialDate, assess
from bot.eligibility_report import report
from bot.knowledge.loader import Button
from bot.states import StatesTable
from bot.texts import Texts

START = "/cases"
COMMAND = re.compile(r"^/cases(?:\s+(\d{1,3})(?:\s+(yes|no|unsure))?)?$")
VOTES: dict[str, Outcome] = {
    "yes": "likely_admissible",
    "no": "not_admissible",
    "unsure": "needs_advice",
}


def is_cases(text: str) -> bool:
    return COMMAND.match(text.strip()) is not None


def months_before(day: date, months: int | None) -> PartialDate | None:
    """The month `months` before `day` ("30 months ago"), or None when the card does not say."""
    if months is None:
        return None
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return PartialDate(year, month + 1)


def case_of(facts: CaseFacts, states: StatesTable, today: date) -> Case:
    """The card as the eligibility check would hear it, played today."""
    state = states.by_code(facts.country)
    if state is None:
        raise ValueError(f"unknown country {facts.country}")
    return Case(
        state=state,
        as_of=today,
        event_date=months_before(today, facts.event_months_ago),
        ongoing=facts.ongoing,
        child_at_time=facts.child_at_time,
        domestic_remedies=facts.domestic_remedies,
        final_decision_date=months_before(today, facts.decision_months_ago),
        examined_elsewhere=facts.examined_elsewhere,
        anonymous=facts.anonymous,
        acting_for=facts.acting_for,
    )


def card_messages(
    activities: Activities, texts: Texts, language: str, number: int
) -> list[BotMessage]:
    """The story of card `number` (from 1), then the question with the three votes."""
    ids = activities.case_ids
    card = activities.case(ids[number - 1], language)
    heading = texts.get("case_card", language, number=number, total=len(ids), title=card.title)
    votes = [
        Button(texts.get(f"button_case_{vote}", language), f"{START} {number} {vote}")
        for vote in VOTES
    ]
    return [
        BotMessage(f"{heading}\n\n{card.story}"),
        BotMessage(texts.get("case_question", language), votes),
    ]


def _judge(
    activities: Activities,
    texts: Texts,
    states: StatesTable,
    language: str,
    number: int,
    vote: str,
    today: date,
) -> Played:
    case_id = activities.case_ids[number - 1]
    case = case_of(activities.cases[case_id], states, today)
    assessment = assess(case)
    words = report(assessment, case.state, language, texts)
    agreed = VOTES[vote] == assessment.outcome
    choice = texts.get(f"button_case_{vote}", language)
    lines = [
        texts.get("case_you_said", language, choice=choice),
        texts.get("case_agree" if agreed else "case_disagree", language),
        words.summary,
        *(f"• {text}" for _, text in words.reasons),
    ]
    total = len(activities.case_ids)
    if number < total:
        after = [Button(texts.get("case_next", language), f"{START} {number + 1}")]
        messages = [BotMessage("\n".join(lines), after)]
    else:
        quiz = [Button(texts.get("button_quiz", language), QUIZ_START)]
        messages = [
            BotMessage("\n".join(lines)),
            BotMessage(texts.get("cases_done", language), quiz),
        ]
    return Played(messages, ActivityEvent("case", case_id, agreed, vote))


def play_cases(
    activities: Activities,
    texts: Texts,
    states: StatesTable,
    language: str,
    command: str,
    today: date,
) -> Played:
    """One case-card turn; a card number that does not exist starts again kindly."""
    match = COMMAND.match(command.strip())
    total = len(activities.case_ids)
    if match is None or match.group(1) is None:
        intro = BotMessage(texts.get("cases_intro", language))
        return Played([intro, *card_messages(activities, texts, language, 1)])
    number = int(match.group(1))
    if not 1 <= number <= total:
        old = BotMessage(texts.get("activity_old_button", language))
        return Played([old, *card_messages(activities, texts, language, 1)])
    if match.group(2) is None:
        return Played(card_messages(activities, texts, language, number))
    return _judge(activities, texts, states, language, number, match.group(2), today)
