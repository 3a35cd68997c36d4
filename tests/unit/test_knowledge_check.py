"""bot/knowledge/check.py: `opic-bot kb check` finds what must not reach a child."""

from __future__ import annotations

import pytest
import yaml

from bot.knowledge.check import flesch_kincaid_grade, run_checks, spec_topic_ids

HARD_ANSWER = (
    "The Optional Protocol establishes international communications procedures enabling "
    "individuals alleging violations of conventional obligations to submit communications "
    "notwithstanding jurisdictional considerations."
)


def edit(path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def set_answer(kb_dir, topic: str, answer: str) -> None:
    def change(data):
        data["topics"][topic]["answer"] = answer

    edit(kb_dir / "en.yml", change)


def set_follow_ups(kb_dir, topic: str, follow_ups: list[str]) -> None:
    def change(data):
        data[topic]["follow_ups"] = follow_ups

    edit(kb_dir / "topics.yml", change)


def test_the_shipped_content_passes():
    report = run_checks()
    assert report.ok, report.problems


def test_the_shipped_content_has_a_reading_grade_per_english_answer():
    report = run_checks()
    assert len([n for n in report.notes if n.startswith("en/")]) == len(spec_topic_ids())


def test_an_unchanged_copy_passes(kb_dir):
    report = run_checks(knowledge_dir=kb_dir)
    assert report.ok, report.problems


def test_a_missing_topic_is_reported(kb_dir):
    edit(kb_dir / "topics.yml", lambda data: data.pop("duration"))
    edit(kb_dir / "en.yml", lambda data: data["topics"].pop("duration"))
    report = run_checks(knowledge_dir=kb_dir)
    assert "topic 'duration' has no entry in topics.yml" in report.problems


def test_a_topic_without_english_text_is_reported(kb_dir):
    edit(kb_dir / "en.yml", lambda data: data["topics"].pop("interstate"))
    report = run_checks(knowledge_dir=kb_dir)
    assert "topic 'interstate' is missing in en.yml" in report.problems


def test_english_text_for_an_unknown_topic_is_reported(kb_dir):
    edit(
        kb_dir / "en.yml",
        lambda data: data["topics"].__setitem__("not_a_topic", dict(data["topics"]["duration"])),
    )
    report = run_checks(knowledge_dir=kb_dir)
    assert "en.yml has unknown topic 'not_a_topic'" in report.problems


def test_a_follow_up_pointing_nowhere_is_reported(kb_dir):
    set_follow_ups(kb_dir, "opic_what", ["who_can_complain", "nowhere"])
    report = run_checks(knowledge_dir=kb_dir)
    assert "opic_what: follow-up button points to unknown topic 'nowhere'" in report.problems


def test_a_follow_up_to_itself_is_reported(kb_dir):
    set_follow_ups(kb_dir, "opic_what", ["opic_what"])
    report = run_checks(knowledge_dir=kb_dir)
    assert "opic_what: follow-up button points to itself" in report.problems


def test_a_90_word_answer_is_reported(kb_dir):
    set_answer(kb_dir, "duration", "Kids can ask for help. " * 18)
    report = run_checks(knowledge_dir=kb_dir)
    assert "en/duration: answer has 90 words (max 70)" in report.problems


def test_a_70_word_answer_is_allowed(kb_dir):
    set_answer(kb_dir, "duration", "Kids can ask for help. " * 14)
    report = run_checks(knowledge_dir=kb_dir)
    assert not [p for p in report.problems if "words" in p]


def test_a_hard_to_read_answer_is_reported(kb_dir):
    set_answer(kb_dir, "duration", HARD_ANSWER)
    report = run_checks(knowledge_dir=kb_dir)
    assert any(p.startswith("en/duration: reading grade") for p in report.problems)


def test_a_file_that_does_not_validate_is_one_problem(kb_dir):
    edit(kb_dir / "topics.yml", lambda data: data["duration"].__setitem__("articles", ["7(z)"]))
    report = run_checks(knowledge_dir=kb_dir)
    assert not report.ok
    assert len(report.problems) == 1
    assert report.problems[0].startswith("knowledge base does not load")


def test_a_language_file_with_the_wrong_language_does_not_load(kb_dir):
    edit(kb_dir / "en.yml", lambda data: data.__setitem__("language", "fr"))
    report = run_checks(knowledge_dir=kb_dir)
    assert report.problems[0].startswith("knowledge base does not load")


@pytest.mark.parametrize(
    "text, easy",
    [("The cat sat on the mat. It was happy.", True), (HARD_ANSWER, False)],
)
def test_flesch_kincaid_grade(text, easy):
    assert (flesch_kincaid_grade(text) <= 6) is easy


def test_spec_topic_ids_read_the_contract():
    ids = spec_topic_ids()
    assert ids[0] == "opic_what"
    assert "safeguarding" in ids
    assert len(ids) == len(set(ids))


@pytest.fixture
def activities_root(tmp_path):
    """A copy of bot/activities that a test may edit, under a root with the other files."""
    import shutil

    from bot import PROJECT_ROOT

    root = tmp_path / "root"
    shutil.copytree(PROJECT_ROOT / "bot" / "activities", root / "bot" / "activities")
    return root


def test_the_shipped_activities_pass():
    from bot import PROJECT_ROOT
    from bot.knowledge.check import check_activities
    from bot.knowledge.loader import default_knowledge_base

    assert check_activities(default_knowledge_base(), PROJECT_ROOT) == []


def test_a_quiz_explanation_without_its_topics_article_is_reported(activities_root):
    from bot.knowledge.check import check_activities
    from bot.knowledge.loader import default_knowledge_base

    path = activities_root / "bot" / "activities" / "quiz" / "fr.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(iter(data["questions"]))
    data["questions"][first]["explanation"] = "Une explication sans article, assez longue."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    [problem] = check_activities(default_knowledge_base(), activities_root)
    assert problem.startswith(f"quiz/fr.yml {first}: cite an article")


def test_a_case_card_the_rules_judge_otherwise_is_reported(activities_root):
    from bot.knowledge.check import check_activities
    from bot.knowledge.loader import default_knowledge_base

    path = activities_root / "bot" / "activities" / "cases.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    card = next(c for c, facts in data.items() if facts["expected"] == "likely_admissible")
    data[card]["domestic_remedies"] = "not_tried"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [problem] = check_activities(default_knowledge_base(), activities_root)
    assert problem == f"case {card}: the rules now say not_admissible, not likely_admissible"
