"""Verdicts a new user would not trust on imported decks (walkthrough of 7 Dec).

Each test imports a few cards as published (`mlquiz deck import`'s path) and
asserts what the player sees: the verdict and the checklist line or note.
"""

# ruff: noqa: E501  (the decks as a user would import them: one card a line)

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.results import PointStatus

ML_QA = """\
# ML interview questions

1. **What is supervised learning, and how does it differ from unsupervised learning?**
   Supervised learning uses labeled data to predict outputs (e.g., classifying emails), while unsupervised learning finds patterns without labels (e.g., clustering customers).

2. **What is unsupervised learning, and what are its main applications?**
   Unsupervised learning finds structure without labels, used for clustering (e.g., market segmentation) and dimensionality reduction (e.g., feature compression).

3. **What is a data warehouse?**
   A central store that keeps structured data with a schema defined on write, for reporting and analytics.

4. **What is overfitting?**
   A model learns noise in the training data, so it scores well on training data but poorly on unseen data.
"""


def _grader(tmp_path: Path, name: str, text: str) -> Grader:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return Grader(import_deck(path).deck)


def _card(grader: Grader, asked: str):
    return next(c for c in grader.deck.cards if asked in c.question)


def test_a_without_the_reference_says_itself_denies_nothing(tmp_path: Path) -> None:
    grader = _grader(tmp_path, "ml.md", ML_QA)
    card = _card(grader, "What is unsupervised learning")
    full = grader.grade(
        card,
        "learning without labels to find structure; used for clustering and dimensionality reduction",
    )
    assert full.verdict == "correct", full.reasons
    assert not any("denies" in r for r in full.reasons)
    terse = grader.grade(card, "no labels, clustering")
    # The checklist shows "without labels" said, not "(contradicted)".
    labels = [p for p in terse.points if p.label == "without labels"]
    assert labels and labels[0].status != PointStatus.CONTRADICTED
    assert terse.verdict != "incorrect"


def test_a_negation_the_reference_does_not_make_still_denies(tmp_path: Path) -> None:
    grader = _grader(tmp_path, "ml.md", ML_QA)
    swapped = grader.grade(
        _card(grader, "What is supervised learning"),
        "supervised learns without labels and unsupervised uses labels to predict",
    )
    assert swapped.verdict == "incorrect"
    schema = grader.grade(
        _card(grader, "data warehouse"), "a central store of data without a schema, for reporting"
    )
    assert schema.verdict != "correct"
