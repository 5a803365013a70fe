"""What the menu must not wait for: a guard on start-up imports (see bench/startup.py)."""

from __future__ import annotations

import subprocess
import sys

# Loaded only when a session starts or another screen opens.
NOT_AT_START = (
    "rapidfuzz",
    "snowballstemmer",
    "fsrs",
    "mlquiz.core.grading",
    "mlquiz.core.text",
    "mlquiz.ui.screens.quiz",
    "mlquiz.ui.screens.results",
    "mlquiz.ui.screens.review",
    "textual.widgets._text_area",
    "textual.widgets._data_table",
)


def test_the_menu_path_does_not_import_the_grader_or_other_screens():
    """`mlquiz` up to the menu imports neither the grader's libraries nor the quiz screens."""
    code = (
        "import sys, mlquiz.cli, mlquiz.ui.app, mlquiz.ui.screens.menu\n"
        f"print(','.join(m for m in {NOT_AT_START!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
