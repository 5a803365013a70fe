# ruff: noqa: E501  (tables of typed answers read best one per line)
"""Wrong statements learners add to right answers on the built-in deck, each a
card's false claim with its correction: Staging serving live customers, a
library named as the reason to go distributed, Delta time travel as a tuning
method, a tuning module among MLflow's components.

Each row is written for this test (not taken from the labeled sets)."""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    ("card", "answer", "correction"),
    [
        (
            "18",
            "you test before production with a review gate, and staging is the version real users get first",
            "away from live traffic",
        ),
        (
            "18",
            "testing in a non-prod place before promotion, with sign-off; also live customers are served from Staging",
            "away from live traffic",
        ),
        (
            "3",
            "distributed when data or model is too big for one machine, single node when it fits, and always single node for xgboost since xgboost can't be distributed",
            "not the library",
        ),
        (
            "21",
            "loop over the params or use Hyperopt, or Delta time travel to find the best ones, logging each as an MLflow run",
            "time travel",
        ),
        (
            "5",
            "Tracking, Models, the Model Registry, and the hyperparameter tuning module",
            "tuning libraries",
        ),
    ],
)
def test_a_known_wrong_item_beside_a_right_answer_is_caught(
    grader: Grader, card: str, answer: str, correction: str
) -> None:
    """Incorrect as a list's wrong item or a denial of a key point; partial at
    most as a right answer with a false claim: never correct, the claim named."""
    result = grader.grade(card, answer)
    assert result.verdict != "correct"
    assert result.false_claim is not None
    assert any(correction in r for r in result.reasons)


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (
            "18",
            "a staging env before prod, as for any web release: you test the version somewhere safe and QA signs off before real users see it",
        ),
        (
            "3",
            "distributed when data or model doesn't fit in one machine's memory; otherwise single-node scikit-learn or XGBoost, no overhead",
        ),
        ("5", "Tracking (it logs hyperparameters and metrics), Models and the Model Registry"),
    ],
)
def test_the_right_answer_near_those_words_stays_correct(
    grader: Grader, card: str, answer: str
) -> None:
    assert grader.grade(card, answer).verdict == "correct"


@pytest.mark.parametrize(
    ("card", "answer", "verdict"),
    [
        (
            "18",
            "you test the new version in Staging, away from where live customers are served, and promote it to Production after review",
            "correct",
        ),
        (
            "3",
            "distributed training whenever data/model exceed one node's RAM, else plain scikit-learn or xgboost on one machine because the distributed overhead isn't worth it",
            "correct",
        ),
    ],
)
def test_the_words_of_a_known_false_item_in_a_right_answer_are_no_claim(
    grader: Grader, card: str, answer: str, verdict: str
) -> None:
    """Live customers named as what Staging keeps away from, and "whenever"
    opening the criterion before scikit-learn is named for the other case, say
    the reference: no false claim."""
    result = grader.grade(card, answer)
    assert result.verdict == verdict
    assert result.false_claim is None
