"""Workshop activities: quiz and case-card data, their turns, and the ActivityAssistant layer."""

from __future__ import annotations

import asyncio
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.activities.assistant import ActivityAssistant
from bot.activities.cases import VOTES, case_of, months_before, play_cases
from bot.activities.loader import ACTIVITIES_DIR, default_activities, load_activities
from bot.activities.quiz import play_quiz
from bot.assistant import ActivityEvent, BotMessage, Intent, Reply
from bot.eligibility import PartialDate, assess
from bot.knowledge.loader import default_knowledge_base
from bot.language import LANGUAGES
from bot.states import default_states_table
from bot.texts import default_texts

ACTIVITIES = default_activities()
TEXTS = default_texts()
STATES = default_states_table()
KB = default_knowledge_base()
QUIZ_IDS = ACTIVITIES.quiz_ids
CASE_IDS = ACTIVITIES.case_ids
TOTAL = len(QUIZ_IDS)
TODAY = date.today()
IN_TWO_YEARS = date(TODAY.year + 2, TODAY.month, min(TODAY.day, 28))
ARTICLE = re.compile(r"\d+(?:\([a-z]\))?")


def say(key: str, language: str = "en", **fields: object) -> str:
    return TEXTS.get(key, language, **fields)


def citations(text: str) -> list[str]:
    """Every "(OPIC, article 7(e))" of a text, balanced parentheses included."""
    found, start = [], text.find("(OPIC")
    while start != -1:
        depth = 0
        for end in range(start, len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
        found.append(text[start : end + 1])
        start = text.find("(OPIC", end)
    return found


def right_option(number: int) -> int:
    return ACTIVITIES.quiz[QUIZ_IDS[number - 1]].correct


def wrong_option(number: int) -> int:
    return 1 if right_option(number) != 1 else 2


def quiz(command: str, language: str = "en"):
    return play_quiz(ACTIVITIES, TEXTS, language, command)


def cases(command: str, language: str = "en", today: date = TODAY):
    return play_cases(ACTIVITIES, TEXTS, STATES, language, command, today)


# The data


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_at_least_ten_questions_and_every_card(language):
    assert len(ACTIVITIES.quiz_texts[language]) >= 10
    assert set(ACTIVITIES.quiz_texts[language]) == set(QUIZ_IDS)
    assert set(ACTIVITIES.case_texts[language]) == set(CASE_IDS)


@pytest.mark.parametrize("question", QUIZ_IDS)
def test_every_question_comes_from_a_knowledge_base_topic(question):
    assert ACTIVITIES.quiz[question].topic in KB.facts


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("question", QUIZ_IDS)
def test_every_explanation_cites_the_articles_of_its_topic(question, language):
    explanation = ACTIVITIES.quiz_texts[language][question].explanation
    cited = citations(explanation)
    assert cited, f"{language}/{question} cites no (OPIC, article ...)"
    articles = {a for citation in cited for a in ARTICLE.findall(citation)}
    listed = set(KB.articles(ACTIVITIES.quiz[question].topic))
    assert articles and articles <= listed, f"{language}/{question}: {articles} vs {listed}"


@pytest.mark.parametrize("case", CASE_IDS)
@pytest.mark.parametrize("today", [TODAY, IN_TWO_YEARS], ids=["today", "in-two-years"])
def test_every_card_expects_what_the_rules_say(case, today):
    facts = ACTIVITIES.cases[case]
    assert assess(case_of(facts, STATES, today)).outcome == facts.expected


def test_the_three_outcomes_each_have_a_card():
    assert {ACTIVITIES.cases[case].expected for case in CASE_IDS} == set(VOTES.values())


@pytest.mark.parametrize(
    ("today", "months", "month"),
    [
        (date(2026, 11, 28), 0, PartialDate(2026, 11)),
        (date(2026, 11, 28), 11, PartialDate(2025, 12)),
        (date(2026, 1, 31), 1, PartialDate(2025, 12)),
        (date(2026, 3, 1), 24, PartialDate(2024, 3)),
        (date(2026, 3, 1), None, None),
    ],
)
def test_months_ago_counts_back_from_the_day_played(today, months, month):
    assert months_before(today, months) == month


@pytest.fixture
def activities_dir(tmp_path: Path) -> Path:
    """A copy of the shipped activity files that a test may edit."""
    target = tmp_path / "activities"
    target.mkdir()
    for name in ("quiz.yml", "cases.yml"):
        shutil.copy(ACTIVITIES_DIR / name, target / name)
    for folder in ("quiz", "cases"):
        shutil.copytree(ACTIVITIES_DIR / folder, target / folder)
    return target


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_copied_files_load(activities_dir):
    assert load_activities(activities_dir).quiz_ids == QUIZ_IDS


def test_a_language_file_without_a_question_is_refused(activities_dir):
    edit(activities_dir / "quiz" / "fr.yml", lambda d: d["questions"].pop(QUIZ_IDS[3]))
    with pytest.raises(ValueError, match=r"fr\.yml"):
        load_activities(activities_dir)


def test_a_question_with_the_wrong_number_of_options_is_refused(activities_dir):
    edit(activities_dir / "quiz" / "es.yml", lambda d: d["questions"][QUIZ_IDS[0]]["options"].pop())
    with pytest.raises(ValueError, match=r"es\.yml"):
        load_activities(activities_dir)


@pytest.mark.parametrize(
    ("path", "change"),
    [
        ("quiz/en.yml", lambda d: d["questions"][QUIZ_IDS[0]].update(hint="Think!")),
        ("quiz/en.yml", lambda d: d.update(author="someone")),
        ("quiz.yml", lambda d: d[QUIZ_IDS[0]].update(points=2)),
        ("cases/fr.yml", lambda d: d["cases"][CASE_IDS[0]].update(moral="Be kind.")),
        ("cases.yml", lambda d: d[CASE_IDS[0]].update(age=12)),
    ],
)
def test_an_unknown_field_is_refused(activities_dir, path, change):
    edit(activities_dir / path, change)
    with pytest.raises(ValueError):
        load_activities(activities_dir)


@pytest.mark.parametrize(
    ("path", "change"),
    [
        ("quiz.yml", lambda d: d[QUIZ_IDS[0]].update(correct=4, options=3)),
        ("quiz.yml", lambda d: d[QUIZ_IDS[0]].update(topic="Not A Topic")),
        ("cases.yml", lambda d: d[CASE_IDS[0]].update(expected="maybe")),
        ("cases/es.yml", lambda d: d["cases"].pop(CASE_IDS[-1])),
        ("cases/fr.yml", lambda d: d.update(language="es")),
    ],
)
def test_other_broken_files_are_refused(activities_dir, path, change):
    edit(activities_dir / path, change)
    with pytest.raises(ValueError):
        load_activities(activities_dir)


def test_a_language_without_files_plays_in_english(activities_dir):
    (activities_dir / "quiz" / "es.yml").unlink()
    loaded = load_activities(activities_dir)
    assert loaded.question(QUIZ_IDS[0], "es") == ACTIVITIES.question(QUIZ_IDS[0], "en")


# Quiz turns


def test_the_quiz_starts_with_the_intro_and_question_one():
    intro, first = quiz("/quiz").messages
    assert intro.text == say("quiz_intro", total=TOTAL)
    question = ACTIVITIES.question(QUIZ_IDS[0], "en")
    assert question.question in first.text and "1" in first.text
    assert [b.title for b in first.buttons] == question.options
    assert [b.payload for b in first.buttons] == [
        f"/quiz 1 0 {n}" for n in range(1, len(question.options) + 1)
    ]


def test_a_question_shown_keeps_the_score_in_its_buttons():
    [shown] = quiz("/quiz 3 2").messages
    assert ACTIVITIES.question(QUIZ_IDS[2], "en").question in shown.text
    assert all(b.payload.startswith("/quiz 3 2 ") for b in shown.buttons)


def test_a_right_answer_says_so_explains_and_adds_a_point():
    played = quiz(f"/quiz 2 1 {right_option(2)}")
    [answer] = played.messages
    assert answer.text.startswith(say("quiz_right"))
    assert ACTIVITIES.question(QUIZ_IDS[1], "en").explanation in answer.text
    assert [b.payload for b in answer.buttons] == ["/quiz 3 2"]
    assert played.event == ActivityEvent("quiz", QUIZ_IDS[1], True)


def test_a_wrong_answer_names_the_right_option_and_keeps_the_score():
    played = quiz(f"/quiz 2 1 {wrong_option(2)}")
    [answer] = played.messages
    right = ACTIVITIES.question(QUIZ_IDS[1], "en").options[right_option(2) - 1]
    assert answer.text.startswith(say("quiz_wrong", answer=right))
    assert ACTIVITIES.question(QUIZ_IDS[1], "en").explanation in answer.text
    assert [b.payload for b in answer.buttons] == ["/quiz 3 1"]
    assert played.event == ActivityEvent("quiz", QUIZ_IDS[1], False)


@pytest.mark.parametrize(("correct", "score"), [(True, TOTAL), (False, TOTAL - 1)])
def test_the_last_answer_gives_the_score_and_offers_the_case_cards(correct, score):
    choice = right_option(TOTAL) if correct else wrong_option(TOTAL)
    answer, done = quiz(f"/quiz {TOTAL} {TOTAL - 1} {choice}").messages
    assert answer.buttons == []
    assert done.text == say("quiz_done", score=score, total=TOTAL)
    assert [(b.title, b.payload) for b in done.buttons] == [(say("button_cases"), "/cases")]


def test_following_the_buttons_with_every_answer_right_ends_with_a_full_score():
    shown = quiz("/quiz").messages[-1]
    for number in range(1, TOTAL + 1):
        assert ACTIVITIES.question(QUIZ_IDS[number - 1], "en").question in shown.text
        played = quiz(shown.buttons[right_option(number) - 1].payload)
        if number < TOTAL:
            [shown] = quiz(played.messages[0].buttons[0].payload).messages
    assert played.messages[-1].text == say("quiz_done", score=TOTAL, total=TOTAL)


@pytest.mark.parametrize(
    "command",
    [
        "/quiz 0 0",
        f"/quiz {TOTAL + 1} 0",
        "/quiz 999 0 1",
        "/quiz 1 0 0",
        "/quiz 1 0 5",
        f"/quiz 1 0 {ACTIVITIES.quiz[QUIZ_IDS[0]].options + 1}",
        "/quiz 3 5",
        "/quiz 3 4 1",
        "/quiz 2 2 1",
    ],
)
def test_an_impossible_turn_starts_again_kindly(command):
    played = quiz(command)
    old, intro, first = played.messages
    assert old.text == say("activity_old_button")
    assert intro.text == say("quiz_intro", total=TOTAL)
    assert first.buttons[0].payload == "/quiz 1 0 1"
    assert played.event is None


@pytest.mark.parametrize(
    "command", ["/quiz banana", "/quiz 1", "/quiz -1 0", "/quiz 1 0 1 1", "", "   ", "/quiz 1 0 12"]
)
def test_garbage_starts_the_quiz_and_never_raises(command):
    played = quiz(command)
    assert played.messages[-1].buttons[0].payload == "/quiz 1 0 1"
    assert played.event is None


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_quiz_turn_speaks_the_language_asked(language):
    intro, first = quiz("/quiz", language).messages
    assert intro.text == say("quiz_intro", language, total=TOTAL)
    question = ACTIVITIES.question(QUIZ_IDS[0], language)
    assert question.question in first.text
    assert [b.title for b in first.buttons] == question.options
    [right] = quiz(f"/quiz 1 0 {right_option(1)}", language).messages
    assert right.text.startswith(say("quiz_right", language))
    assert question.explanation in right.text
    assert right.buttons[0].title == say("quiz_next", language)
    [wrong] = quiz(f"/quiz 1 0 {wrong_option(1)}", language).messages
    answer = question.options[right_option(1) - 1]
    assert wrong.text.startswith(say("quiz_wrong", language, answer=answer))
    _, done = quiz(f"/quiz {TOTAL} 0 {right_option(TOTAL)}", language).messages
    assert done.text == say("quiz_done", language, score=1, total=TOTAL)
    assert done.buttons[0].title == say("button_cases", language)
    old, *_ = quiz("/quiz 99 0", language).messages
    assert old.text == say("activity_old_button", language)
    assert say("quiz_right", language) != say("quiz_right", "en")


# Case-card turns


def test_the_cards_start_with_the_intro_then_a_story_then_the_vote():
    intro, story, question = cases("/cases").messages
    assert intro.text == say("cases_intro")
    card = ACTIVITIES.case(CASE_IDS[0], "en")
    assert card.title in story.text and card.story in story.text and story.buttons == []
    assert question.text == say("case_question")
    assert [(b.title, b.payload) for b in question.buttons] == [
        (say("button_case_yes"), "/cases 1 yes"),
        (say("button_case_no"), "/cases 1 no"),
        (say("button_case_unsure"), "/cases 1 unsure"),
    ]


def test_a_card_asked_by_number_has_its_story_and_votes():
    story, question = cases(f"/cases {len(CASE_IDS)}").messages
    assert ACTIVITIES.case(CASE_IDS[-1], "en").story in story.text
    assert all(b.payload.startswith(f"/cases {len(CASE_IDS)} ") for b in question.buttons)


@pytest.mark.parametrize("number", range(1, len(CASE_IDS) + 1))
@pytest.mark.parametrize("vote", list(VOTES))
def test_a_vote_is_judged_by_the_rules_and_recorded(number, vote):
    case = CASE_IDS[number - 1]
    agreed = VOTES[vote] == ACTIVITIES.cases[case].expected
    played = cases(f"/cases {number} {vote}")
    lines = played.messages[0].text.split("\n")
    assert lines[0] == say("case_you_said", choice=say(f"button_case_{vote}"))
    assert lines[1] == say("case_agree" if agreed else "case_disagree")
    assert lines[2] == say(f"outcome_{ACTIVITIES.cases[case].expected}")
    assert played.event == ActivityEvent("case", case, agreed, vote)


@pytest.mark.parametrize("case", CASE_IDS)
def test_the_reasons_cite_opic_articles(case):
    number = CASE_IDS.index(case) + 1
    text = cases(f"/cases {number} unsure").messages[0].text
    reasons = [line for line in text.split("\n") if line.startswith("• ")]
    if ACTIVITIES.cases[case].expected != "likely_admissible":
        assert reasons
    assert all(citations(line) for line in reasons), reasons


def test_a_vote_before_the_last_card_offers_the_next_card():
    [judged] = cases("/cases 1 yes").messages
    assert [(b.title, b.payload) for b in judged.buttons] == [(say("case_next"), "/cases 2")]


def test_the_last_card_ends_and_offers_the_quiz():
    judged, done = cases(f"/cases {len(CASE_IDS)} no").messages
    assert judged.buttons == []
    assert done.text == say("cases_done")
    assert [(b.title, b.payload) for b in done.buttons] == [(say("button_quiz"), "/quiz")]


@pytest.mark.parametrize("command", ["/cases 0", f"/cases {len(CASE_IDS) + 1}", "/cases 999 yes"])
def test_a_card_that_does_not_exist_starts_again_kindly(command):
    played = cases(command)
    assert played.messages[0].text == say("activity_old_button")
    assert played.messages[-1].buttons[0].payload == "/cases 1 yes"
    assert played.event is None


@pytest.mark.parametrize("command", ["/cases maybe", "/cases 1 perhaps", "/cases -1", "nonsense"])
def test_garbage_shows_the_first_card_and_never_raises(command):
    played = cases(command)
    assert played.messages[-1].buttons[0].payload == "/cases 1 yes"
    assert played.event is None


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_card_turn_speaks_the_language_asked(language):
    intro, story, question = cases("/cases", language).messages
    assert intro.text == say("cases_intro", language)
    assert ACTIVITIES.case(CASE_IDS[0], language).story in story.text
    assert question.buttons[0].title == say("button_case_yes", language)
    expected = ACTIVITIES.cases[CASE_IDS[0]].expected
    vote = next(v for v, outcome in VOTES.items() if outcome == expected)
    [judged] = cases(f"/cases 1 {vote}", language).messages
    assert say("case_agree", language) in judged.text
    assert say(f"outcome_{expected}", language) in judged.text
    _, done = cases(f"/cases {len(CASE_IDS)} yes", language).messages
    assert done.text == say("cases_done", language)
    assert say("cases_intro", language) != say("cases_intro", "en")


# The ActivityAssistant layer


class Inner:
    """The assistant behind the activities: answers everything, knows a conversation language."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language
        self.calls: list[tuple[str, str, str | None]] = []
        self.forgotten: list[str] = []

    async def reply(self, sender_id: str, text: str, language: str | None = None) -> Reply:
        self.calls.append((sender_id, text, language))
        return Reply(
            sender_id, language or "en", [BotMessage("From the engine.")], "time_limit", None
        )

    async def conversation_language(self, sender_id: str) -> str | None:
        return self.language

    async def forget(self, sender_id: str) -> None:
        self.forgotten.append(sender_id)

    async def is_ready(self) -> bool:
        return True


def layer(inner: Inner, default: str = "en") -> ActivityAssistant:
    return ActivityAssistant(inner, ACTIVITIES, TEXTS, STATES, default, today=lambda: TODAY)


@pytest.mark.parametrize(
    "text", ["/quiz", " /quiz 1 0 2 ", "/quiz 99 0", "/cases", "/cases 3", "/cases 2 unsure"]
)
def test_activity_commands_never_reach_the_inner_assistant(text):
    inner = Inner()
    reply = asyncio.run(layer(inner).reply("c-1", text))
    assert inner.calls == []
    assert reply.messages and reply.topic is None and reply.sender_id == "c-1"


@pytest.mark.parametrize(
    "text", ["what is the quiz?", "/quizz", "/quiz me", "/cases please", "/greet", "hello"]
)
def test_other_messages_go_to_the_inner_assistant(text):
    inner = Inner()
    reply = asyncio.run(layer(inner).reply("c-1", text, "fr"))
    assert inner.calls == [("c-1", text, "fr")]
    assert reply.messages == [BotMessage("From the engine.")]


def test_a_judged_turn_carries_its_event_and_a_plain_turn_none():
    assistant = layer(Inner())
    answered = asyncio.run(assistant.reply("c-1", f"/quiz 1 0 {right_option(1)}"))
    assert answered.activity == ActivityEvent("quiz", QUIZ_IDS[0], True)
    voted = asyncio.run(assistant.reply("c-1", "/cases 4 no"))
    assert voted.activity == ActivityEvent(
        "case", CASE_IDS[3], ACTIVITIES.cases[CASE_IDS[3]].expected == "not_admissible", "no"
    )
    assert asyncio.run(assistant.reply("c-1", "/quiz")).activity is None


@pytest.mark.parametrize(
    ("explicit", "conversation", "default", "expected"),
    [
        ("es", "fr", "en", "es"),
        (None, "fr", "en", "fr"),
        (None, None, "es", "es"),
        (None, None, "en", "en"),
    ],
)
def test_the_activity_language_is_explicit_then_the_conversations_then_the_default(
    explicit, conversation, default, expected
):
    reply = asyncio.run(layer(Inner(conversation), default).reply("c-1", "/quiz", explicit))
    assert reply.language == expected
    assert reply.messages[0].text == say("quiz_intro", expected, total=TOTAL)


def test_forget_and_readiness_pass_through():
    inner = Inner("fr")
    assistant = layer(inner)
    asyncio.run(assistant.forget("c-9"))
    assert inner.forgotten == ["c-9"]
    assert asyncio.run(assistant.is_ready()) is True
    assert asyncio.run(assistant.conversation_language("c-9")) == "fr"


def test_an_inner_reply_keeps_its_topic_and_intent():
    class Topical(Inner):
        async def reply(self, sender_id, text, language=None):
            return Reply(sender_id, "en", [], "who_can_complain", Intent("ask", 0.9))

    reply = asyncio.run(layer(Topical()).reply("c-1", "who can complain"))
    assert reply.topic == "who_can_complain" and reply.intent == Intent("ask", 0.9)
