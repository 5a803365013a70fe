# ruff: noqa: E501  (tables of typed answers read best one per line)
"""General rules for answers in a learner's own style, on the built-in deck
(issue 12, sixth writer's answers as tuning material). The answers are written
for this test, in the ways learners type them; each asserts the verdict and
what the feedback shows.
"""

from __future__ import annotations

import pytest

from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.grading.grader import Grader


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(resolve_deck("databricks-mlflow"))


# -- how far a negation reaches ---------------------------------------------------


def test_a_subject_after_instead_of_opens_the_statement_that_is_said(grader: Grader) -> None:
    # "instead of SQL" sets aside SQL; "it runs the trained model" is said.
    result = grader.grade(
        "23",
        "instead of SQL it runs the trained model over every row of a big Delta table and writes the predictions out",
    )
    assert result.verdict == "correct", result.reasons
    assert result.contradicted == []
    # What "instead of" takes is still set aside.
    result = grader.grade(
        "23", "instead of a model it runs a SQL query over every row of a big Delta table"
    )
    assert result.verdict == "partial"
    assert "apply a trained model to generate predictions" in result.missed


def test_a_negated_condition_and_its_negated_consequence_state_a_need(grader: Grader) -> None:
    # "if you can't X, you can't Y": X is needed for Y, neither is denied.
    result = grader.grade(
        "37",
        "if you cannot get back the exact rows a model was trained on you cannot debug it or pass an audit",
    )
    assert result.verdict == "correct", result.reasons
    assert result.contradicted == []
    # One negation with no condition still denies.
    result = grader.grade(
        "37",
        "models depend on the exact data snapshot but you do not need it for debugging or audits",
    )
    assert result.verdict == "incorrect"
    assert "debugging and audits" in result.contradicted


def test_a_thing_that_does_not_know_is_no_doubt_of_the_learner(grader: Grader) -> None:
    result = grader.grade(
        "13",
        "autologging does not know my custom metrics, so I call mlflow.log_metric and log_artifact for them",
    )
    assert result.verdict == "correct", result.reasons
    # The learner's own doubt still makes it partial.
    result = grader.grade(
        "13", "I honestly don't know if autologging misses custom metrics and artifacts"
    )
    assert result.verdict == "partial"
    assert "doubt" in " ".join(result.reasons)
