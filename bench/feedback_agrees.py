"""Does the feedback on imported (derived) decks agree with the answer and its verdict?

    python bench/feedback_agrees.py [--deck NAME ...] [--list]

Every labeled answer of every deck under bench/data/decks (each
`answers*.jsonl` beside the deck file; all are spent, see
bench/data/README.md) is graded as `bench/real_decks.py` grades it, and its
feedback is read as the player sees it (`PointResult.shown`). Counted:

- ✗ said: a key point shown ✗ (nothing of it said) although the answer says
  one of the content words of its label, outside the question's words and
  not right after a negator of its clause ("security" for "✗ security in an
  organization"); per answer, and how many of them are graded correct with
  the point essential;
- correct, unexplained: graded correct with an essential point not ticked
  (shown ✗ or as said in part), and no reason that says why it passed anyway
  (`explains_a_pass`);
- incorrect, unexplained: graded incorrect with a point ticked and nothing
  against it: no point contradicted, no mix-up, no false claim named.

`--list` prints each case found. The check (tests/support/feedback_check.py,
which tests/core/test_derived_feedback_agrees.py runs too) reads the label and
the answer as the deck reads any text, not the grader's terms.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.support.feedback_check import (  # noqa: E402
    DECKS,
    contradictions,
    load_rows,
    real_decks,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deck", action="append", help="only this deck (repeatable)")
    parser.add_argument("--list", action="store_true", help="print every case found")
    args = parser.parse_args()
    from mlquiz.core.decks.importing.build import import_deck
    from mlquiz.core.grading.grader import Grader

    bench = real_decks()
    totals: Counter = Counter()
    for name, (files, _held_out) in bench.DECKS.items():
        if args.deck and name not in args.deck:
            continue
        path = DECKS / name / files[0]
        rows = load_rows(DECKS / name)
        if not path.exists() or not rows:
            continue
        deck = import_deck(path).deck
        grader = Grader(deck)
        ids = bench.card_ids(deck, rows)
        counts: Counter = Counter()
        for row in rows:
            if row["card"] not in ids:
                continue
            result = grader.grade(ids[row["card"]], row["answer"])
            card = deck.card(ids[row["card"]])
            counts["answers"] += 1
            found = contradictions(grader, card, result)
            for kind in found:
                counts[kind] += 1
            if args.list and found:
                print(f"  {name} [{row['card']}] {result.verdict}: {', '.join(found)}")
                print(f"      A: {row['answer']}")
                for p in result.points:
                    words = f" <- {p.words!r}" if p.words else ""
                    print(f"      {p.shown:>12} {'*' if p.required else ' '} {p.label}{words}")
                print(f"      why: {' | '.join(result.reasons)}")
        totals.update(counts)
        print(
            f"{name:34} answers {counts['answers']:4}  ✗ said {counts['x_said']:3} "
            f"(correct, essential {counts['x_said_correct']:3})  "
            f"correct unexplained {counts['correct_unexplained']:3}  "
            f"incorrect unexplained {counts['incorrect_unexplained']:3}"
        )
    print(
        f"{'all':34} answers {totals['answers']:4}  ✗ said {totals['x_said']:3} "
        f"(correct, essential {totals['x_said_correct']:3})  "
        f"correct unexplained {totals['correct_unexplained']:3}  "
        f"incorrect unexplained {totals['incorrect_unexplained']:3}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
