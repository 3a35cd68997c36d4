"""What a facilitator sees of a workshop: counts only, and unanswered questions (redacted, in
alphabetical order, not in the order they came) once enough children joined to hide who asked."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from bot.activities.loader import Activities
from bot.knowledge.loader import KnowledgeBase
from bot.workshops.store import Workshop, WorkshopStore

VOTES = ("yes", "no", "unsure")


@dataclass(frozen=True)
class TopicCount:
    topic: str
    title: str
    count: int


@dataclass(frozen=True)
class QuizResult:
    question: str
    text: str
    answered: int
    correct: int


@dataclass(frozen=True)
class CaseResult:
    case: str
    title: str
    answered: int
    agreed: int
    votes: dict[str, int]


@dataclass(frozen=True)
class WorkshopReport:
    code: str
    title: str
    language: str
    created_at: datetime
    expires_at: datetime
    is_open: bool
    participants: int
    messages: int
    topics: list[TopicCount] = field(default_factory=list)
    quiz: list[QuizResult] = field(default_factory=list)
    cases: list[CaseResult] = field(default_factory=list)
    unanswered: list[str] | None = None
    """None while fewer than `min_participants` joined: then the texts are not shown."""
    min_participants: int = 3


def build_report(
    store: WorkshopStore,
    workshop: Workshop,
    knowledge: KnowledgeBase,
    activities: Activities,
    min_participants: int,
    now: datetime,
) -> WorkshopReport:
    counts = store.counts(workshop.code)
    language = workshop.language
    participants = store.participants(workshop.code)

    def count(kind: str, item: str = "") -> int:
        return counts.get((kind, item), 0)

    topics = sorted(
        (
            TopicCount(item, knowledge.text(item, language).title, number)
            for (kind, item), number in counts.items()
            if kind == "topic" and item in knowledge.facts
        ),
        key=lambda found: (-found.count, found.title),
    )
    quiz = [
        QuizResult(
            question,
            activities.question(question, language).question,
            count("quiz_answered", question),
            count("quiz_correct", question),
        )
        for question in activities.quiz_ids
        if count("quiz_answered", question)
    ]
    cases = [
        CaseResult(
            case,
            activities.case(case, language).title,
            count("case_answered", case),
            count("case_correct", case),
            {vote: count(f"case_{vote}", case) for vote in VOTES},
        )
        for case in activities.case_ids
        if count("case_answered", case)
    ]
    shown = participants >= min_participants
    return WorkshopReport(
        code=workshop.code,
        title=workshop.title,
        language=language,
        created_at=workshop.created_at,
        expires_at=workshop.expires_at,
        is_open=workshop.is_open(now),
        participants=participants,
        messages=count("messages"),
        topics=topics,
        quiz=quiz,
        cases=cases,
        unanswered=sorted(store.unanswered(workshop.code), key=str.casefold) if shown else None,
        min_participants=min_participants,
    )


def report_csv(report: WorkshopReport) -> str:
    """The report as one CSV table: section, id, label, count, correct."""
    out = io.StringIO()
    rows = csv.writer(out)
    rows.writerow(["section", "id", "label", "count", "correct"])
    rows.writerow(["workshop", report.code, _safe_cell(report.title), "", ""])
    rows.writerow(["participants", "", "", report.participants, ""])
    rows.writerow(["messages", "", "", report.messages, ""])
    for topic in report.topics:
        rows.writerow(["topic", topic.topic, _safe_cell(topic.title), topic.count, ""])
    for result in report.quiz:
        rows.writerow(
            ["quiz", result.question, _safe_cell(result.text), result.answered, result.correct]
        )
    for case in report.cases:
        rows.writerow(["case", case.case, _safe_cell(case.title), case.answered, case.agreed])
        for vote, number in case.votes.items():
            rows.writerow(["case_vote", case.case, vote, number, ""])
    for text in report.unanswered or []:
        rows.writerow(["unanswered", "", _safe_cell(text), "", ""])
    return out.getvalue()


def _safe_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
