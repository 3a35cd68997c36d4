"""Languages are data (bot/languages.yml): adding one needs content files, not code changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot import PROJECT_ROOT
from bot.knowledge.check import check_languages
from bot.knowledge.loader import load_knowledge_base
from bot.language import LANGUAGES, _markers, detect_language, language_specs
from bot.settings import Settings

CODE_DIRS = ("bot", "api", "actions", "channels", "cli", "engine")
HARD_CODED = re.compile(r"""["']en["'],\s*["']fr["'],\s*["']es["']""")


def test_the_three_working_languages_come_from_the_data_file():
    assert LANGUAGES == ("en", "fr", "es")
    assert language_specs()["fr"].name == "Français"
    assert language_specs()["en"].answer_words == 70


def test_no_code_lists_the_languages_itself():
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for folder in CODE_DIRS
        for path in (PROJECT_ROOT / folder).rglob("*.py")
        if HARD_CODED.search(path.read_text(encoding="utf-8"))
    ]
    widget = (PROJECT_ROOT / "web" / "widget.js").read_text(encoding="utf-8")
    assert offenders == []
    assert not re.search(r"fr:\s*\"Fran", widget)  # the widget asks the server


def test_the_check_names_every_file_a_new_language_still_needs():
    problems = check_languages(load_knowledge_base(), PROJECT_ROOT, ["en", "pt"])
    joined = "\n".join(problems)
    for what in ("answers", "fixed texts", "safeguarding patterns", "NLU training examples"):
        assert f"pt: {what} missing" in joined
    assert "pt: held-out NLU test messages missing (tests/nlu/pt.yml)" in joined
    assert "pt: web/labels.yml has no text for title" in joined
    assert not [p for p in problems if p.startswith("en:")]


def test_the_check_counts_training_examples_per_language(tmp_path: Path):
    (tmp_path / "nlu" / "pt").mkdir(parents=True)
    (tmp_path / "nlu" / "pt" / "a.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: ask_opic_what\n  examples: |\n    - o que e o opic\n',
        encoding="utf-8",
    )
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "labels.yml").write_text("title:\n  pt: Pergunta\n", encoding="utf-8")
    problems = check_languages(load_knowledge_base(), tmp_path, ["pt"])
    assert "pt: 1 training examples for 'ask_opic_what' (at least 25)" in problems
    assert "pt: 0 training examples for 'eligibility_check' (at least 25)" in problems


def test_a_bad_language_file_is_refused(tmp_path: Path):
    path = tmp_path / "languages.yml"
    path.write_text("fr:\n  name: Français\n", encoding="utf-8")
    with pytest.raises(ValueError, match="include en"):
        language_specs.__wrapped__(path)
    path.write_text("en:\n  name: English\n  colour: blue\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        language_specs.__wrapped__(path)
    path.write_text("en:\n  name: English\nEnglish (UK):\n  name: x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="ISO 639"):
        language_specs.__wrapped__(path)


def test_a_new_language_is_detected_from_its_marker_words(tmp_path: Path, monkeypatch):
    path = tmp_path / "languages.yml"
    path.write_text(
        "en:\n  name: English\n  markers: the is what\n"
        "pt:\n  name: Português\n  markers: o que e voce nao\n  letters: ãõ\n",
        encoding="utf-8",
    )
    specs = language_specs.__wrapped__(path)
    monkeypatch.setattr("bot.language.language_specs", lambda: specs)
    monkeypatch.setattr("bot.language._markers", _markers.__wrapped__)  # not the cached table
    assert detect_language("o que e o protocolo? não sei") == "pt"
    assert detect_language("what is the protocol") == "en"


def test_settings_accept_only_languages_of_the_file():
    assert Settings(default_language="es").default_language == "es"
    with pytest.raises(ValidationError):
        Settings(default_language="de")
