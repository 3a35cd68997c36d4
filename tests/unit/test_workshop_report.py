"""A workshop's report: counts sorted for the facilitator, unanswered questions only once enough
children joined (and never in the order they came), and a CSV a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.activities.loader import default_activities
from bot.assistant import ActivityEvent, Reply
from bot.knowledge.loader import default_knowledge_base
from bot.settings import Settings
from bot.workshops.report import build_report, report_csv
from bot.workshops.sqlite_store import SQLiteWorkshopStore
from bot.workshops.store import Workshop, WorkshopStore

START = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
KB = default_knowledge_base()
ACTIVITIES = default_activities()
QUIZ = ACTIVITIES.quiz_ids
CASES = ACTIVITIES.case_ids
HEADER = ["section", "id", "label", "count", "correct"]


@pytest.fixture
def store(tmp_path: Path) -> WorkshopStore:
    return SQLiteWorkshopStore(tmp_path / "workshops.sqlite", salt=b"test-salt")


@pytest.fixture
def workshop(store: WorkshopStore) -> Workshop:
    return store.create("fac-1", "Class 6B", "en", hours=3, now=START)


def reply(topic: str | None = None, activity: ActivityEvent | None = None) -> Reply:
    return Reply("c-x", "en", [], topic, None, activity=activity)


def join(store: WorkshopStore, workshop: Workshop, count: int) -> None:
    for number in range(count):
        store.join(workshop.code, f"c-child-{number}", now=START)


def report_of(store: WorkshopStore, workshop: Workshop, minimum: int = 3, now: datetime = START):
    return build_report(store, workshop, KB, ACTIVITIES, minimum, now)


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_an_empty_workshop_reports_zeroes(store, workshop):
    report = report_of(store, workshop)
    assert (report.code, report.title, report.language) == (workshop.code, "Class 6B", "en")
    assert (report.participants, report.messages) == (0, 0)
    assert report.topics == report.quiz == report.cases == []
    assert report.unanswered is None
    assert report.is_open


def test_topics_are_sorted_by_how_often_they_came_up(store, workshop):
    for topic, times in [("opic_what", 1), ("time_limit", 4), ("who_can_complain", 2)]:
        for _ in range(times):
            store.record(workshop, reply(topic), "a question")
    report = report_of(store, workshop)
    assert [(t.topic, t.count) for t in report.topics] == [
        ("time_limit", 4),
        ("who_can_complain", 2),
        ("opic_what", 1),
    ]
    assert report.topics[0].title == KB.text("time_limit", "en").title
    assert report.messages == 7


def test_topic_titles_are_in_the_workshop_language(store):
    workshop = store.create("fac-1", "Classe 6B", "fr", hours=3, now=START)
    store.record(workshop, reply("time_limit"), "combien de temps ?")
    [topic] = report_of(store, workshop).topics
    assert topic.title == KB.text("time_limit", "fr").title


def test_quiz_and_case_results_are_counted_per_item(store, workshop):
    store.record(workshop, reply(activity=ActivityEvent("quiz", QUIZ[2], True)), "/quiz")
    store.record(workshop, reply(activity=ActivityEvent("quiz", QUIZ[2], False)), "/quiz")
    store.record(workshop, reply(activity=ActivityEvent("case", CASES[1], True, "yes")), "/cases")
    store.record(
        workshop, reply(activity=ActivityEvent("case", CASES[1], False, "unsure")), "/cases"
    )
    report = report_of(store, workshop)
    [quiz] = report.quiz
    assert (quiz.question, quiz.answered, quiz.correct) == (QUIZ[2], 2, 1)
    assert quiz.text == ACTIVITIES.question(QUIZ[2], "en").question
    [case] = report.cases
    assert (case.case, case.answered, case.agreed) == (CASES[1], 2, 1)
    assert case.votes == {"yes": 1, "no": 0, "unsure": 1}
    assert case.title == ACTIVITIES.case(CASES[1], "en").title


def test_another_workshops_counts_never_show(store, workshop):
    other = store.create("fac-1", "Other", "en", hours=3, now=START)
    join(store, other, 5)
    store.record(other, reply("time_limit"), "how long?")
    store.record(other, reply("out_of_scope"), "secret of the other group")
    report = report_of(store, workshop)
    assert (report.participants, report.messages, report.topics) == (0, 0, [])


@pytest.mark.parametrize(("joined", "shown"), [(0, False), (2, False), (3, True), (4, True)])
def test_unanswered_questions_show_only_once_three_have_joined(store, workshop, joined, shown):
    join(store, workshop, joined)
    store.record(workshop, reply("out_of_scope"), "can my cat complain?")
    report = report_of(store, workshop)
    assert report.participants == joined
    assert report.unanswered == (["can my cat complain?"] if shown else None)


def test_unanswered_questions_are_alphabetical_not_in_arrival_order(store, workshop):
    join(store, workshop, 3)
    for text in ["zebra rights?", "Apples at school?", "mum's job?", "bus to school?"]:
        store.record(workshop, reply("out_of_scope"), text)
    assert report_of(store, workshop).unanswered == [
        "Apples at school?",
        "bus to school?",
        "mum's job?",
        "zebra rights?",
    ]


def test_a_higher_minimum_hides_the_questions_longer(store, workshop):
    join(store, workshop, 4)
    store.record(workshop, reply("out_of_scope"), "why?")
    assert report_of(store, workshop, minimum=5).unanswered is None
    assert report_of(store, workshop, minimum=5).min_participants == 5


@pytest.mark.parametrize("minimum", [0, 1, 2, -3])
def test_settings_refuse_a_minimum_below_three(minimum):
    with pytest.raises(ValidationError, match="workshop_min_participants"):
        Settings(_env_file=None, workshop_min_participants=minimum)
    assert Settings(_env_file=None).workshop_min_participants == 3


def test_an_ended_workshop_still_reports_as_ended(store, workshop):
    join(store, workshop, 3)
    store.end(workshop.code, now=START + timedelta(hours=1))
    ended = store.of_facilitator("fac-1", workshop.code)
    report = report_of(store, ended, now=START + timedelta(hours=2))
    assert not report.is_open
    assert report.participants == 3


def test_an_ended_report_is_kept_for_the_retention_period_then_purged(store, workshop):
    join(store, workshop, 3)
    store.record(workshop, reply("out_of_scope"), "can my cat complain?")
    store.end(workshop.code, now=START + timedelta(hours=1))
    keep = timedelta(days=30)
    assert store.purge_expired(now=START + timedelta(days=29), keep=keep) == 0
    assert report_of(store, workshop).unanswered == ["can my cat complain?"]
    assert store.purge_expired(now=START + timedelta(days=31), keep=keep) == 1
    assert store.of_facilitator("fac-1", workshop.code) is None
    assert store.counts(workshop.code) == {} and store.unanswered(workshop.code) == []
    assert store.participants(workshop.code) == 0


def test_the_csv_has_a_header_and_a_row_per_count(store, workshop):
    join(store, workshop, 3)
    store.record(workshop, reply("time_limit"), "how long?")
    store.record(workshop, reply(activity=ActivityEvent("quiz", QUIZ[0], True)), "/quiz")
    store.record(workshop, reply(activity=ActivityEvent("case", CASES[0], False, "no")), "/cases")
    store.record(workshop, reply("out_of_scope"), "can my cat complain?")
    table = rows(report_csv(report_of(store, workshop)))
    assert table[0] == HEADER
    assert all(len(row) == len(HEADER) for row in table)
    assert ["workshop", workshop.code, "Class 6B", "", ""] in table
    assert ["participants", "", "", "3", ""] in table
    assert ["messages", "", "", "4", ""] in table
    assert ["topic", "time_limit", KB.text("time_limit", "en").title, "1", ""] in table
    quiz_text = ACTIVITIES.question(QUIZ[0], "en").question
    assert ["quiz", QUIZ[0], quiz_text, "1", "1"] in table
    assert ["case", CASES[0], ACTIVITIES.case(CASES[0], "en").title, "1", "0"] in table
    assert ["case_vote", CASES[0], "no", "1", ""] in table
    assert ["unanswered", "", "can my cat complain?", "", ""] in table


def test_the_csv_leaves_out_questions_while_too_few_joined(store, workshop):
    join(store, workshop, 2)
    store.record(workshop, reply("out_of_scope"), "can my cat complain?")
    assert "cat" not in report_csv(report_of(store, workshop))


@pytest.mark.parametrize(
    "question",
    ['=HYPERLINK("http://x.example","click")', "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1+1"],
)
def test_a_question_a_spreadsheet_would_run_is_neutralised(store, workshop, question):
    join(store, workshop, 3)
    store.record(workshop, reply("out_of_scope"), question)
    [cell] = [
        row[2] for row in rows(report_csv(report_of(store, workshop))) if row[0] == "unanswered"
    ]
    assert cell == "'" + question


def test_an_ordinary_question_is_left_as_it_is(store, workshop):
    join(store, workshop, 3)
    store.record(workshop, reply("out_of_scope"), 'a "quoted", comma question = fine?')
    [cell] = [
        row[2] for row in rows(report_csv(report_of(store, workshop))) if row[0] == "unanswered"
    ]
    assert cell == 'a "quoted", comma question = fine?'


def test_a_workshop_title_a_spreadsheet_would_run_is_neutralised(store):
    workshop = store.create("fac-1", '=HYPERLINK("http://x.example","6B")', "en", hours=3)
    [row] = [row for row in rows(report_csv(report_of(store, workshop))) if row[0] == "workshop"]
    assert not row[2].startswith(("=", "+", "-", "@"))
