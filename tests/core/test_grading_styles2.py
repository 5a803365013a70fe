"""Rules found on a second writer's answers (issue 12, `styles2-tune.jsonl`).

Each answer here is written for the test, as a learner would type it, with
the verdict the shared rubric gives it; none is copied from a labeled set.
"""

from __future__ import annotations

import pytest

from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.grading.grader import Grader


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(resolve_deck("databricks-mlflow"))


def test_always_after_the_points_is_a_claim_of_its_own(grader: Grader) -> None:
    """ "always" that qualifies no key point after it, next to a right answer,
    is an invented absolute: partial, naming it. Before a key point it only
    stresses that point."""
    result = grader.grade(
        "2",
        "Spark DataFrames split the joins and aggregations of TB-sized tables over the "
        "cluster, and Spark always caches every table in memory",
    )
    assert result.verdict == "partial"
    assert any("always" in reason for reason in result.reasons)
    stressed = (
        "versions are numbered, transitions are audited, "
        "and serving always loads the model from one place"
    )
    assert grader.grade("16", stressed).verdict == "correct"


def test_environment_specifications_state_no_limit(grader: Grader) -> None:
    """A reference that says "environment specifications" makes no claim of
    "only": "only" next to a right answer is still an invented limit."""
    result = grader.grade(
        "14",
        "a packaged model format with code, the environment specs and flavors like "
        "pyfunc and spark, for deployment, but it only runs on AWS",
    )
    assert result.verdict == "partial"
    assert any("only" in reason for reason in result.reasons)
