"""The quiz as chat turns, without memory: every button carries where the player is.

`/quiz` starts; `/quiz <number> <score>` shows a question; `/quiz <number> <score> <option>`
answers it. The score travels in the buttons, so any worker can take any turn.
"""

from __future__ import annotations

import re

from bot.activities.loader import Activities
from bot.activities.played import Played
from bot.assistant import ActivityEvent, BotMessage
from bot.knowledge.loader import Button
from bot.texts import Texts

START = "/quiz"
COMMAND = re.compile(r"^/quiz(?:\s+(\d{1,3})\s+(\d{1,3})(?:\s+(\d))?)?$")
CASES_START = "/cases"


def is_quiz(text: str) -> bool:
    return COMMAND.match(text.strip()) is not None


def question_message(
    activities: Activities, texts: Texts, language: str, number: int, score: int
) -> BotMessage:
    """Question `number` (from 1) with one button per option."""
    ids = activities.quiz_ids
    text = activities.question(ids[number - 1], language)
    return BotMessage(
        texts.get("quiz_question", language, number=number, total=len(ids), question=text.question),
        [
            Button(option, f"{START} {number} {score} {choice}")
            for choice, option in enumerate(text.options, 1)
        ],
    )


def _start(activities: Activities, texts: Texts, language: str) -> Played:
    intro = BotMessage(texts.get("quiz_intro", language, total=len(activities.quiz_ids)))
    return Played([intro, question_message(activities, texts, language, 1, 0)])


def _answer(
    activities: Activities, texts: Texts, language: str, number: int, score: int, choice: int
) -> Played:
    question_id = activities.quiz_ids[number - 1]
    facts = activities.quiz[question_id]
    text = activities.question(question_id, language)
    right = choice == facts.correct
    verdict = (
        texts.get("quiz_right", language)
        if right
        else texts.get("quiz_wrong", language, answer=text.options[facts.correct - 1])
    )
    score += right
    total = len(activities.quiz_ids)
    if number < total:
        after = [Button(texts.get("quiz_next", language), f"{START} {number + 1} {score}")]
        messages = [BotMessage(f"{verdict} {text.explanation}", after)]
    else:
        done = texts.get("quiz_done", language, score=score, total=total)
        messages = [
            BotMessage(f"{verdict} {text.explanation}"),
            BotMessage(done, [Button(texts.get("button_cases", language), CASES_START)]),
        ]
    return Played(messages, ActivityEvent("quiz", question_id, right))


def play_quiz(activities: Activities, texts: Texts, language: str, command: str) -> Played:
    """One quiz turn; a button from another version of the quiz starts again kindly."""
    match = COMMAND.match(command.strip())
    if match is None or match.group(1) is None:
        return _start(activities, texts, language)
    number, score = int(match.group(1)), int(match.group(2))
    choice = int(match.group(3)) if match.group(3) else None
    total = len(activities.quiz_ids)
    valid = 1 <= number <= total and score < number
    if valid and choice is not None:
        valid = 1 <= choice <= activities.quiz[activities.quiz_ids[number - 1]].options
    if not valid:
        restart = _start(activities, texts, language)
        return Played([BotMessage(texts.get("activity_old_button", language)), *restart.messages])
    if choice is None:
        return Played([question_message(activities, texts, language, number, score)])
    return _answer(activities, texts, language, number, score, choice)
