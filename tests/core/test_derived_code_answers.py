"""A right answer written as code on an imported card (issue 19): its names
(`PolynomialFeatures`, `fit_transform`, `cust_id`) are the learner's, not the
reference's words, so most of its words are unknown to the card. That is no
sign it is about something else: the blend decides, as for prose. Code that
calls something else stays short of correct. Each test imports a deck large
enough for the deck-wide rules (the share of words a card knows) to apply."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.grading.grader import Grader
from tests.core.test_derived_under_grading import large_deck

POLYNOMIAL = (
    "How do you create polynomial features, and when might you use them?",
    "Polynomial features add terms like x² or xy (e.g., via Scikit-learn's "
    "`PolynomialFeatures`). They're used for non-linear patterns, like financial modeling.",
)


def test_a_right_answer_in_code_is_correct(tmp_path: Path) -> None:
    """ "PolynomialFeatures(degree=2).fit_transform(X) -> adds x1^2, x1*x2 ...;
    use when the relationship is nonlinear" names the class and says when:
    correct (it was partial: "mostly words the reference does not use").
    Code that scales the features instead says none of it."""
    deck = large_deck(tmp_path, POLYNOMIAL)
    grader = Grader(deck)
    assert grader.cross.knows_at_least(300)  # the deck-wide rules apply
    card = deck.cards[0]
    right = grader.grade(
        card,
        "PolynomialFeatures(degree=2).fit_transform(X) -> adds x1^2, x1*x2, ...; "
        "use when the relationship is nonlinear",
    )
    assert right.verdict == "correct"
    other = grader.grade(
        card,
        "StandardScaler().fit_transform(X) -> rescales each feature; "
        "use when features have different scales",
    )
    assert other.verdict != "correct"
