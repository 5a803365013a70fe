"""`mlquiz grade` takes numbers for card ids, and `mlquiz export` explains its
options (issue 16, item 13). Run as a user does: `python -m mlquiz`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "tiny.toml"


def mlquiz(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MLQUIZ_DATA_DIR": str(tmp_path),
        "MLQUIZ_CONFIG_DIR": str(tmp_path),
        "PYTHONPATH": str(REPO / "src"),
    }
    return subprocess.run(
        [sys.executable, "-m", "mlquiz", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_grade_accepts_a_number_as_the_card_id(tmp_path: Path) -> None:
    """`{"card": 1}` is card "1", as `{"card": "1"}` is; true is still no id."""
    lines = [
        {"card": 1, "answer": "one execution of the code, with everything logged together"},
        {"card": "1", "answer": "one execution of the code, with everything logged together"},
        {"card": True, "answer": "x"},
        {"card": 7, "answer": "x"},
    ]
    proc = mlquiz(
        tmp_path, "grade", "--deck", str(TINY), stdin="".join(json.dumps(x) + "\n" for x in lines)
    )
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(r["card"], r["verdict"]) for r in results] == [("1", "correct"), ("1", "correct")]
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "line 3: 'card' must be a card id, a string or a whole number",
        "line 4: unknown card id '7'",
    ]


def test_export_help_explains_what_and_format(tmp_path: Path) -> None:
    proc = mlquiz(tmp_path, "export", "--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())
    assert "missed: the cards you missed last time (default)" in text
    assert "history: every answer you gave" in text
    assert "anki: tab-separated notes Anki imports" in text
    assert "csv: a CSV file with a header row" in text
