"""What the menu must not wait for: a guard on start-up imports (see bench/startup.py)."""

from __future__ import annotations

import subprocess
import sys

# Loaded only when a session starts or another screen opens (or, for argparse,
# when the command line holds more than `--deck DECK`).
NOT_AT_START = (
    "argparse",
    "concurrent.futures.thread",
    "mlquiz.core.session",
    "mlquiz.core.cards",
    "mlquiz.core.answered",
    "mlquiz.core.modes",
    "mlquiz.core.store.journal",
    "sqlite3",
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
    # The menu's footer is a KeyBar (one widget); Textual's Footer is for the other screens.
    "mlquiz.ui.widgets.footer",
    "textual.widgets._footer",
)


def test_the_menu_path_does_not_import_the_grader_or_other_screens():
    """`mlquiz` up to the menu imports neither the grader's libraries nor the quiz
    screens, nor sessions, the database or argparse (bench/startup.py)."""
    code = (
        "import sys, mlquiz.cli, mlquiz.ui.app, mlquiz.ui.screens.menu, mlquiz.service\n"
        "import mlquiz.core.menu_snapshot, mlquiz.core.store.games, mlquiz.ui.paste\n"
        "mlquiz.cli._game_arguments(['--deck', 'x'])\n"
        f"print(','.join(m for m in {NOT_AT_START!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_opening_the_database_imports_no_session_or_card_module(tmp_path):
    """A start that counts the menu's figures in the database (bench/startup.py
    --counted) opens it before the first frame: the store, its schema and its
    scoring rule (core/verdicts.py) load without sessions, cards or answers."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mlquiz.core.store.database import Store\n"
        f"store = Store(Path({str(tmp_path / 'db.sqlite3')!r}))\n"
        "store.close()\n"
        "modules = ('mlquiz.core.session', 'mlquiz.core.cards', 'mlquiz.core.answered',"
        " 'mlquiz.core.modes', 'mlquiz.core.grading')\n"
        "print(','.join(m for m in modules if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
