"""The Mohler et al. (2011) short answers, graded zero-shot as an imported CSV deck.

    python bench/mohler.py --dir PATH/ShortAnswerGrading_v2.0 [--errors] [--questions 1.1,2.3]

The UNT "Computer Science Short Answer Dataset" v2.0 (Mohler, Bunescu &
Mihalcea, ACL 2011): an introductory data-structures course, 81 questions
(the 6 that `data/docs/files` marks with `#` are left out, as in the paper),
2,273 student answers, each scored 0-5 by two graders. It is not shipped with
mlquiz (no licence to redistribute): give the folder as published.

The bench writes the raw questions and instructor answers (`data/raw/questions`,
`data/raw/answers`) as a CSV deck (header `question,answer`), imports it as
`mlquiz deck import` would (format detected, key points derived, no editing),
grades every raw student answer (`data/raw/x.y`) and prints, against the
graders (issue 19's terms):

- Pearson r between mlquiz's score and the graders' average (the paper's best
  trained system 0.518; the two graders with each other 0.586);
- the same r for whole-answer `token_set_ratio` against the instructor answer;
- three-way agreement, with average >= 4.5 as correct, < 2.5 as incorrect and
  the rest partial; and the agreement of calling every answer correct;
- answers both graders scored >= 4.5 that are graded incorrect;
- answers whose average is < 2.5 that are graded correct.

Grades of assignments 11 and 12 are on a 0-10 scale in `me` and `other`; they
are halved here, as the dataset's own average is.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz import fuzz, utils  # noqa: E402
from saf import pearson  # noqa: E402  (bench/ is on the path when run as a script)

LABELS = ("correct", "partial", "incorrect")


def numbered_lines(path: Path) -> dict[str, str]:
    """`x.y text` lines as {x.y: text}."""
    out = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        key, _, text = line.partition(" ")
        if key:
            out[key] = text.strip()
    return out


def read_scores(path: Path, halve: bool) -> list[float]:
    values = [float(v) for v in path.read_text().split()]
    return [v / 2 for v in values] if halve else values


def load(folder: Path, only: set[str] | None) -> list[dict]:
    data = folder / "data"
    keep = [
        line.strip()
        for line in (data / "docs" / "files").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    questions = numbered_lines(data / "raw" / "questions")
    references = numbered_lines(data / "raw" / "answers")
    items = []
    for qid in keep:
        if only and qid not in only:
            continue
        halve = qid.split(".")[0] in ("11", "12")
        answers = []
        for line in (data / "raw" / qid).read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, text = line.partition(" ")
            if key == qid:
                answers.append(text.strip())
        ave = read_scores(data / "scores" / qid / "ave", halve=False)
        me = read_scores(data / "scores" / qid / "me", halve)
        other = read_scores(data / "scores" / qid / "other", halve)
        if not len(answers) == len(ave) == len(me) == len(other):
            raise SystemExit(f"{qid}: {len(answers)} answers but {len(ave)} scores")
        items.append(
            {
                "id": qid,
                "question": questions[qid],
                "reference": references[qid],
                "answers": [
                    {"answer": a, "ave": s, "both": min(m, o)}
                    for a, s, m, o in zip(answers, ave, me, other, strict=True)
                ],
            }
        )
    return items


def import_items(items: list[dict]):
    from mlquiz.core.decks.importing.build import import_deck

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mohler.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["question", "answer"])
            for item in items:
                writer.writerow([item["question"], item["reference"]])
        result = import_deck(path)
    by_question = {card.question: card.id for card in result.deck.cards}
    return result, [by_question.get(" ".join(item["question"].split())) for item in items]


def label(average: float) -> str:
    return "correct" if average >= 4.5 else "incorrect" if average < 2.5 else "partial"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--questions", help="comma-separated question ids (default: all)")
    args = parser.parse_args()
    from mlquiz.core.grading.grader import Grader

    only = set(args.questions.split(",")) if args.questions else None
    items = load(args.dir, only)
    result, card_ids = import_items(items)
    grader = Grader(result.deck)
    ours, fuzzy, theirs = [], [], []
    matrix: Counter = Counter()
    both_high = both_high_incorrect = low = low_correct = missing = 0
    for item, card_id in zip(items, card_ids, strict=True):
        if card_id is None:
            missing += len(item["answers"])
            continue
        for row in item["answers"]:
            text = re.sub(r"<br\s*/?>", " ", row["answer"])
            graded = grader.grade(card_id, text)
            ours.append(graded.score)
            fuzzy.append(
                fuzz.token_set_ratio(text, item["reference"], processor=utils.default_process)
            )
            theirs.append(row["ave"])
            expected = label(row["ave"])
            matrix[(expected, graded.verdict)] += 1
            if row["both"] >= 4.5:
                both_high += 1
                both_high_incorrect += graded.verdict == "incorrect"
            if row["ave"] < 2.5:
                low += 1
                low_correct += graded.verdict == "correct"
            if args.errors and graded.verdict != expected:
                print(
                    f"[{item['id']}] {row['ave']} {expected} -> {graded.verdict} "
                    f"({graded.score}): {text[:200]}\n    {' | '.join(graded.reasons)}"
                )
    n = len(ours)
    labeled = {lab: sum(matrix[(lab, v)] for v in LABELS) for lab in LABELS}
    print(f"Mohler et al. 2011: {len(items)} questions, {n} answers; deck: {result.summary}")
    if missing:
        print(f"  answers whose question was not imported: {missing}")
    print(f"  Pearson r, score vs graders' average  {pearson(ours, theirs):.3f}")
    print(f"  Pearson r, token_set_ratio baseline   {pearson(fuzzy, theirs):.3f}")
    print(f"  three-way agreement                   {sum(matrix[(v, v)] for v in LABELS) / n:.3f}")
    print(f"  'all correct' agreement               {labeled['correct'] / n:.3f}")
    print(
        f"  both graders >= 4.5, graded incorrect {both_high_incorrect / (both_high or 1):.1%}"
        f" ({both_high_incorrect} of {both_high})"
    )
    print(
        f"  average < 2.5, graded correct         {low_correct / (low or 1):.1%}"
        f" ({low_correct} of {low})"
    )
    print(
        "  label -> verdict: "
        + ", ".join(f"{a}->{b} {matrix[(a, b)]}" for a in LABELS for b in LABELS)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
