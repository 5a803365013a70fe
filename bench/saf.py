"""SAF short answers, graded zero-shot as an imported CSV deck, against human grades.

    python bench/saf.py [--split measure|calibrate|all] [--errors]

SAF (bench/data/calibration/saf-communication-networks, MIT) holds real
student answers to 22 communication-networks questions, each with a human
label (Correct / Partially correct / Incorrect) and a 0-1 score. The bench
writes the questions and their reference answers as a CSV deck (header
`question,answer`, one card per question), imports it exactly as
`mlquiz deck import` would (format detected, key points derived), grades every
student answer and prints:

- Pearson r between mlquiz's score and the human score;
- three-way agreement with the human label;
- answers labeled correct graded incorrect, as a share of those labeled correct;
- answers labeled incorrect graded correct, as a share of those labeled incorrect;
- "all correct": the agreement of grading every answer correct.

The split is by question. `calibrate` is SAF's `unseen_answers` test split
(18 questions, 252 answers): the derived-deck blend was calibrated on it
(bench/calibrate_derived.py). `measure` is its `unseen_questions` split
(4 questions on software-defined networking, 384 answers), never used to
fit anything: report that one.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SAF = ROOT / "bench" / "data" / "calibration" / "saf-communication-networks" / "data"
SPLITS = {"calibrate": ("unseen_answers",), "measure": ("unseen_questions",)}
SPLITS["all"] = SPLITS["calibrate"] + SPLITS["measure"]
LABELS = {"Correct": "correct", "Partially correct": "partial", "Incorrect": "incorrect"}


def questions(split: str) -> list[dict]:
    """Each question of the split: id, question, reference, and its answers
    (answer, label, score)."""
    out = []
    for folder in SPLITS[split]:
        for path in sorted((SAF / folder / "english").glob("*.xml")):
            root = ET.parse(path).getroot()
            answers = []
            for student in root.iter("studentAnswer"):
                answers.append(
                    {
                        "answer": (student.findtext("response") or "").strip(),
                        "label": LABELS[(student.findtext("verification_feedback") or "").strip()],
                        "score": float(student.findtext("score") or 0),
                    }
                )
            out.append(
                {
                    "id": root.get("id", path.stem),
                    "question": " ".join((root.findtext("questionText") or "").split()),
                    "reference": (root.findtext("referenceAnswers/referenceAnswer") or "").strip(),
                    "answers": answers,
                }
            )
    return out


def write_csv(items: list[dict], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "answer"])
        for item in items:
            writer.writerow([item["question"], item["reference"]])


def import_saf(items: list[dict]):
    """The SAF questions as a deck imported from CSV, and each item's card id."""
    from mlquiz.core.decks.importing.build import import_deck

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "saf.csv"
        write_csv(items, path)
        result = import_deck(path)
    by_question = {card.question: card.id for card in result.deck.cards}
    return result, [by_question[" ".join(item["question"].split())] for item in items]


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    if not sx or not sy:
        return 0.0
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (sx * sy)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=tuple(SPLITS), default="measure")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    from mlquiz.core.grading.grader import Grader

    items = questions(args.split)
    result, card_ids = import_saf(items)
    grader = Grader(result.deck)
    ours, theirs = [], []
    matrix: Counter = Counter()
    for item, card_id in zip(items, card_ids, strict=True):
        for row in item["answers"]:
            graded = grader.grade(card_id, row["answer"])
            ours.append(graded.score)
            theirs.append(row["score"])
            matrix[(row["label"], graded.verdict)] += 1
            if args.errors and graded.verdict != row["label"]:
                print(
                    f"[{item['id']}] {row['label']} -> {graded.verdict} ({graded.score}): "
                    f"{row['answer'][:200]}\n    {' | '.join(graded.reasons)}"
                )
    n = len(ours)
    labels = ("correct", "partial", "incorrect")
    labeled = {lab: sum(matrix[(lab, v)] for v in labels) for lab in labels}
    print(
        f"SAF {args.split} ({', '.join(SPLITS[args.split])}): {len(items)} questions, "
        f"{n} answers; deck: {result.summary}"
    )
    print(f"  Pearson r, score vs human score      {pearson(ours, theirs):.3f}")
    print(f"  three-way agreement                   {sum(matrix[(v, v)] for v in labels) / n:.3f}")
    print(f"  'all correct' agreement               {labeled['correct'] / n:.3f}")
    print(
        "  labeled correct, graded incorrect     "
        f"{matrix[('correct', 'incorrect')] / (labeled['correct'] or 1):.1%}"
    )
    print(
        "  labeled incorrect, graded correct     "
        f"{matrix[('incorrect', 'correct')] / (labeled['incorrect'] or 1):.1%}"
    )
    print(
        "  label -> verdict: "
        + ", ".join(f"{a}->{b} {matrix[(a, b)]}" for a in labels for b in labels)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
