"""Code answers on imported decks: the review set of round 14, graded and shown.

    python bench/code_review.py [--answers FILE] [--errors] [--points]

`bench/data/code14-review.jsonl` holds answers to small decks (in
`bench/data/code14-review/`, written in the shape of real GitHub and CSV
decks) whose reference answers are or contain code: answers in prose, code
typed with other spacing and quotes, camelCase names typed as words, wrong
answers that share a call name, answers in another library's API. Each line
names its deck file (`deck`) and the card's 1-based position in it (`card`),
matched to the imported card by question text as in `real_decks.py`.

Prints per deck and in all: three-way agreement, graded correct while
labeled not, graded incorrect while labeled not (as shares of all answers);
`--errors` lists every disagreement, `--points` each card's checklist labels
(what the player sees as its key points).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from real_decks import LABELS, card_ids  # noqa: E402

from mlquiz.core.decks.importing.build import import_deck  # noqa: E402
from mlquiz.core.grading.grader import Grader  # noqa: E402

DATA = ROOT / "bench" / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=Path, default=DATA / "code14-review.jsonl")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--points", action="store_true", help="print each card's key points")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.answers.read_text().splitlines() if line.strip()]
    by_deck: dict[str, list[dict]] = {}
    for row in rows:
        by_deck.setdefault(row["deck"], []).append(row)
    total: Counter = Counter()
    for name, deck_rows in by_deck.items():
        deck = import_deck(DATA / name).deck
        grader = Grader(deck)
        ids = card_ids(deck, deck_rows)
        matrix: Counter = Counter()
        if args.points:
            for card in deck.cards:
                print(f"  {card.question}")
                for point in card.points:
                    print(f"      - {point.label}" + ("" if point.required else "  (optional)"))
        for row in deck_rows:
            if row["card"] not in ids:
                print(f"  {name} card {row['card']}: not imported")
                continue
            graded = grader.grade(ids[row["card"]], row["answer"])
            matrix[(row["label"], graded.verdict)] += 1
            if args.errors and graded.verdict != row["label"]:
                print(
                    f"  [{row['card']}] label={row['label']} got={graded.verdict} "
                    f"found={graded.found} missed={graded.missed}\n"
                    f"      A: {row['answer']!r}\n      why: {' | '.join(graded.reasons)}"
                )
        total.update(matrix)
        _print(name, matrix)
    _print("all", total)
    return 0


def _print(name: str, matrix: Counter) -> None:
    n = sum(matrix.values()) or 1
    agree = sum(matrix[(v, v)] for v in LABELS) / n
    over = sum(matrix[(lab, "correct")] for lab in ("partial", "incorrect")) / n
    under = sum(matrix[(lab, "incorrect")] for lab in ("correct", "partial")) / n
    print(
        f"{name}: {sum(matrix.values())} answers, three-way {agree:.3f}, "
        f"graded correct labeled not {over:.1%}, graded incorrect labeled not {under:.1%}"
    )
    print("  " + ", ".join(f"{a}->{b} {matrix[(a, b)]}" for a in LABELS for b in LABELS))


if __name__ == "__main__":
    raise SystemExit(main())
