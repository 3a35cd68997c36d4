"""Rasa's own conversation tests: `rasa test core --fail-on-prediction-errors`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot import PROJECT_ROOT

pytestmark = pytest.mark.integration
RASA = str(Path(sys.executable).parent / "rasa")


def test_conversation_stories_pass(model_path: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            RASA,
            "test",
            "core",
            "--model",
            str(model_path),
            "--stories",
            str(PROJECT_ROOT / "tests" / "stories"),
            "--endpoints",
            str(PROJECT_ROOT / "endpoints.yml"),
            "--out",
            str(tmp_path / "results"),
            "--fail-on-prediction-errors",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (tmp_path / "results" / "story_report.json").exists()
