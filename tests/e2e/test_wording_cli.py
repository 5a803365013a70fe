"""The command-line round trip of a taught wording, run as a user runs it: real
`mlquiz` processes on one data folder (the test's own), the built-in deck.

A wording the grader marks partial is added; then it, a typo of it and a
reordered version are correct, its negation is not, every other card grades
the text as before; removed, the verdict is back. Wordings also travel out
with `mlquiz export` and back in with `mlquiz wording import`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DECK = "databricks-mlflow"
CARD = "7"  # What is an MLflow run?
WORDING = "one go of the training script that writes down the knobs and the scores"
TYPO = "one go of the trainign script that writes down the knobs and the scores"
REORDERED = "it writes down the knobs and the scores, one go of the training script"
NEGATED = "one go of the training script that does not write down the knobs and the scores"


def mlquiz(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mlquiz", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=os.environ.copy(),  # MLQUIZ_DATA_DIR: the test's own folder
        timeout=120,
    )


def grade(answers: list[tuple[str, str]], *flags: str) -> list[dict]:
    lines = "".join(json.dumps({"card": c, "answer": a}) + "\n" for c, a in answers)
    done = mlquiz("grade", "--deck", DECK, *flags, stdin=lines)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def card_ids() -> list[str]:
    done = mlquiz("export", "--what", "all", "--deck", DECK, "--format", "csv")
    return [line.split(",", 1)[0] for line in done.stdout.splitlines()[1:] if line[:1].isdigit()]


def test_a_taught_wording_round_trip(tmp_path: Path) -> None:
    ids = card_ids()
    assert CARD in ids and len(ids) == 41
    tries = [(CARD, WORDING), (CARD, TYPO), (CARD, REORDERED), (CARD, NEGATED)]
    others = [(card, WORDING) for card in ids if card != CARD]

    before = grade(tries + others)
    assert [r["verdict"] for r in before[:4]] == ["partial"] * 4

    added = mlquiz("wording", "add", "--deck", DECK, "--card", CARD, WORDING)
    assert added.returncode == 0, added.stderr
    assert "accepted for card 7 of databricks-mlflow" in added.stdout

    taught = grade(tries + others)
    assert [r["verdict"] for r in taught[:3]] == ["correct"] * 3
    assert taught[0]["wording"]["kind"] == "accepted"
    assert taught[3]["verdict"] != "correct"  # the negation
    assert [r["verdict"] for r in taught[4:]] == [r["verdict"] for r in before[4:]]
    # --no-wordings: the grader alone.
    assert [r["verdict"] for r in grade(tries, "--no-wordings")] == ["partial"] * 4

    listed = mlquiz("wording", "list", "--deck", DECK)
    assert WORDING in listed.stdout and "accepted" in listed.stdout

    exported = mlquiz("export", "--what", "wordings", "-o", str(tmp_path / "w.json"))
    assert exported.returncode == 0, exported.stderr
    assert "exported 1 wording" in exported.stdout

    removed = mlquiz("wording", "remove", "--deck", DECK, "--card", CARD, WORDING)
    assert removed.returncode == 0, removed.stderr
    assert [r["verdict"] for r in grade(tries)] == ["partial"] * 4
    again = mlquiz("wording", "remove", "--deck", DECK, "--card", CARD, WORDING)
    assert again.returncode == 1 and "has no such wording" in again.stderr

    back = mlquiz("wording", "import", str(tmp_path / "w.json"))
    assert back.returncode == 0, back.stderr
    assert "imported 1 wording" in back.stdout
    assert [r["verdict"] for r in grade(tries[:3])] == ["correct"] * 3


def test_wrong_and_bad_wordings_from_the_command_line(tmp_path: Path) -> None:
    reference = "A single execution of training code with params, metrics and artifacts logged."
    assert grade([(CARD, reference)])[0]["verdict"] == "correct"
    wrong = mlquiz("wording", "add", "--deck", DECK, "--card", CARD, "--wrong", reference)
    assert wrong.returncode == 0, wrong.stderr
    assert grade([(CARD, reference)])[0]["verdict"] == "partial"

    empty = mlquiz("wording", "add", "--deck", DECK, "--card", CARD, "  ")
    assert empty.returncode == 1 and "The wording is empty" in empty.stderr
    huge = mlquiz("wording", "add", "--deck", DECK, "--card", CARD, "x" * 20_000)
    assert huge.returncode == 1 and "20,000 characters" in huge.stderr
    nocard = mlquiz("wording", "add", "--deck", DECK, "--card", "99", WORDING)
    assert nocard.returncode == 1 and "has no card '99'" in nocard.stderr

    # A file of wordings given to `deck import` is recognised and imported.
    exported = mlquiz("export", "--what", "wordings", "--format", "csv")
    path = tmp_path / "wordings.csv"
    path.write_text(exported.stdout, encoding="utf-8")
    assert exported.stdout.startswith("deck,card,kind,text,points,taught_at,question")
    imported = mlquiz("deck", "import", str(path))
    assert imported.returncode == 0, imported.stderr
    assert "holds taught wordings" in imported.stderr and "1 already there" in imported.stdout
