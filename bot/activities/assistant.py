"""An Assistant layer that plays the group activities and passes everything else on.

`/quiz ...` and `/cases ...` (typed, or sent by their buttons) are answered here, from data,
without the NLU; every other message goes to the assistant it wraps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.activities.cases import is_cases, play_cases
from bot.activities.loader import Activities
from bot.activities.quiz import is_quiz, play_quiz
from bot.assistant import Assistant, AssistantLayer, Reply
from bot.states import StatesTable
from bot.texts import Texts


def is_activity(text: str) -> bool:
    return is_quiz(text) or is_cases(text)


class ActivityAssistant(AssistantLayer):
    """Quiz and case cards in front of another Assistant."""

    def __init__(
        self,
        inner: Assistant,
        activities: Activities,
        texts: Texts,
        states: StatesTable,
        default_language: str = "en",
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(inner)
        self.activities = activities
        self.texts = texts
        self.states = states
        self.default_language = default_language
        self.today = today

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        if not is_activity(text):
            return await self.inner.reply(sender_id, text, language)
        language = (
            language or await self.inner.conversation_language(sender_id) or self.default_language
        )
        if is_quiz(text):
            played = play_quiz(self.activities, self.texts, language, text)
        else:
            played = play_cases(
                self.activities, self.texts, self.states, language, text, self.today()
            )
        return Reply(
            sender_id=sender_id,
            language=language,
            messages=played.messages,
            topic=None,
            intent=None,
            activity=played.event,
        )
