"""Reference swaps: every card graded with every other card's reference answer.

    python bench/swaps.py [--deck PATH] [--show N]

A trust check that needs no labels: another card's answer should almost
never pass. Prints how many of the n*(n-1) swaps are graded correct (and
which pairs: "card A <- reference of B"), how many partial, and how many of
the deck's own reference answers are graded correct (all of them should be).
`--deck` takes any deck file the game can load (the built-in one by default,
or an imported deck's TOML), or any file `mlquiz deck import` reads (CSV,
Anki text, Markdown...), which is imported first as the command would.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mlquiz.core.decks.library import load_deck  # noqa: E402
from mlquiz.core.grading.grader import Grader  # noqa: E402


def swaps(grader: Grader) -> tuple[Counter[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """(verdict counts, correct pairs, partial pairs) over all swaps; a pair is
    (graded card id, id of the card whose reference was typed)."""
    counts: Counter[str] = Counter()
    correct: list[tuple[str, str]] = []
    partial: list[tuple[str, str]] = []
    cards = grader.deck.cards
    for card in cards:
        for other in cards:
            if other.id == card.id:
                continue
            verdict = grader.grade(card, other.answer).verdict
            counts[verdict] += 1
            if verdict == "correct":
                correct.append((card.id, other.id))
            elif verdict == "partial":
                partial.append((card.id, other.id))
    return counts, correct, partial


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deck", type=Path, default=ROOT / "content" / "databricks-mlflow.toml")
    parser.add_argument("--show", type=int, default=0, help="list this many partial pairs too")
    args = parser.parse_args()
    if args.deck.suffix.lower() == ".toml":
        deck = load_deck(args.deck)
    else:
        from mlquiz.core.decks.importing.build import import_deck
        from mlquiz.core.decks.parse import parse_deck

        deck = parse_deck(import_deck(args.deck).toml, args.deck)
    grader = Grader(deck)
    counts, correct, partial = swaps(grader)
    swapped = sum(counts.values())
    total = swapped or 1  # a one-card deck has no swaps
    own = sum(grader.grade(c, c.answer).verdict == "correct" for c in deck.cards)
    print(f"deck {deck.id}: {len(deck.cards)} cards, {swapped} swaps")
    print(f"graded correct: {counts['correct']} ({counts['correct'] / total:.1%})")
    for card_id, other_id in correct:
        print(f"  card {card_id} <- reference of {other_id}: {deck.card(card_id).question}")
    print(f"graded partial: {counts['partial']} ({counts['partial'] / total:.1%})")
    for card_id, other_id in partial[: args.show]:
        print(f"  card {card_id} <- reference of {other_id}")
    print(f"own reference answers graded correct: {own} of {len(deck.cards)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
