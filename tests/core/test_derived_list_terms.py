"""A reference list whose every bullet is a term and its gloss ("- Encoding:
Converts categories to numbers") is a list of those terms (issue 19): a
learner who names the terms names the items, as a terse right answer does.
Each test imports a deck large enough for the deck-wide rules to apply."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.grading.grader import Grader
from tests.core.test_derived_under_grading import large_deck

PREPROCESSING = (
    "What are some common data preprocessing techniques?",
    "- Normalization/Scaling: Adjusts feature ranges.\n"
    "- Encoding: Converts categories to numbers.\n"
    "- Imputation: Fills missing values. These prepare raw data for modeling.",
)

TREE = (
    "How does a decision tree make predictions? What are its pros and cons?",
    "It splits data based on feature thresholds, predicting via leaf nodes.\n"
    "- Pros: Interpretable, handles non-linear data.\n"
    "- Cons: Prone to overfitting, sensitive to small changes.",
)


def test_naming_the_bulleted_terms_names_the_items(tmp_path: Path) -> None:
    """ "scaling/normalization, one-hot encoding, imputing missing values"
    names the three techniques: correct (it was partial, each item asking
    for its gloss's words too, "Adjusts feature ranges"). One term alone
    is part of the list, and a list with a term the reference does not
    give stays short of correct."""
    deck = large_deck(tmp_path, PREPROCESSING)
    grader = Grader(deck)
    assert grader.cross.knows_at_least(300)  # the deck-wide rules apply
    card = deck.cards[0]
    terms = grader.grade(card, "scaling/normalization, one-hot encoding, imputing missing values")
    assert terms.verdict == "correct"
    assert grader.grade(card, "scaling").verdict == "partial"
    assert grader.grade(card, "normalization, PCA, and dropping columns").verdict != "correct"


def test_a_bulleted_label_is_no_item_of_its_own(tmp_path: Path) -> None:
    """ "Pros:" and "Cons:" label groups of plain items, and are everyday
    words: a list that mixes them with unlabeled items is read item by item,
    so "pros: fast, cons: slow" names none of the pros and cons."""
    deck = large_deck(tmp_path, TREE)
    grader = Grader(deck)
    card = deck.cards[0]
    labels = grader.grade(
        card, "it splits on feature thresholds down to a leaf. pros: fast. cons: slow"
    )
    assert labels.verdict != "correct"
