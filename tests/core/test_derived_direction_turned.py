"""An answer that says the opposite direction of the reference's (issue 19):
"minimizes information gain" for "maximize information gain" shares every
other word with the reference and is wrong; the same direction in other
words stays right."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from tests.core.test_derived_grading import _big_deck


def test_the_opposite_direction_of_the_same_thing_is_incorrect(tmp_path: Path) -> None:
    path = tmp_path / "deck.csv"
    reference = "Decision trees choose splits that maximize information gain."
    path.write_text(_big_deck(("How does a decision tree choose a split?", reference)))
    deck = import_deck(path).deck
    grader = Grader(deck)
    card = deck.cards[0]
    turned = grader.grade(card, "The tree picks the split that minimizes information gain.")
    assert turned.verdict == "incorrect"
    assert "minimizes" in " ".join(turned.reasons)
    same = grader.grade(card, "It maximizes the information gain of each split")
    assert same.verdict == "correct"
    assert grader.grade(card, reference).verdict == "correct"


def test_a_trade_off_said_either_way_round_is_no_contradiction(tmp_path: Path) -> None:
    """A reference that says both directions ("lower bias, higher variance")
    is a trade-off: an answer that says "lower" of the other term is not
    turning the reference round."""
    path = tmp_path / "deck.csv"
    reference = "Simple models have higher bias and lower variance; complex models the reverse."
    path.write_text(_big_deck(("What is the bias-variance trade-off?", reference)))
    deck = import_deck(path).deck
    answer = "More complex models lower bias but raise variance, so you trade them off."
    graded = Grader(deck).grade(deck.cards[0], answer)
    assert "turns the reference round" not in " ".join(graded.reasons)


def test_a_dropped_graders_reader_is_freed_after_a_direction_was_read(tmp_path: Path) -> None:
    # What the rules read from a reference (its directions, roles, list items) is
    # kept per grader: a deck replaced by another
    # (an edit, a new game) does not keep its old reader and its caches alive.
    import gc
    import weakref

    path = tmp_path / "deck.csv"
    reference = "Decision trees choose splits that maximize information gain."
    path.write_text(_big_deck(("How does a decision tree choose a split?", reference)))
    deck = import_deck(path).deck
    grader = Grader(deck)
    graded = grader.grade(
        deck.cards[0], "The tree picks the split that minimizes information gain."
    )
    assert "turns the reference round" in " ".join(graded.reasons)
    reader = weakref.ref(grader.reader)
    del grader, graded
    gc.collect()
    assert reader() is None
