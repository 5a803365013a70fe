# ruff: noqa: E501  (tables of typed answers read best one per line)
"""A right answer with a claim added to it, on the built-in deck: the added
claim makes it partial and the feedback names it; a true aside, a doubt or
one of a point's names chosen over another does not.

The answers are written for this test, in the ways learners type them (the
new-user walkthrough of 2026-12-06 met each kind).
"""

from __future__ import annotations

import pytest

from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.grading.grader import Grader


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(resolve_deck("databricks-mlflow"))


@pytest.mark.parametrize(
    ("card", "answer", "claim"),
    [
        (
            "1",
            "scalable spark environment for feature engineering, model training and batch scoring with mlflow. it makes a data warehouse unnecessary",
            "it makes a data warehouse unnecessary",
        ),
        (
            "17",
            "None, Staging, Production, Archived. a version can sit in two stages at the same time",
            "a version can sit in two stages at the same time",
        ),
        # A benefit the reference does not claim, in words the card knows.
        (
            "37",
            "models depend on the exact data snapshot; you rebuild it for debugging and audits. it also makes training cheaper",
            "it also makes training cheaper",
        ),
        (
            "34",
            "a shared history of runs, no duplicated effort, others build on past runs, and it makes experiments run faster",
            "and it makes experiments run faster",
        ),
        # A limit after "but", in words the card has never heard of.
        (
            "11",
            "records params, metrics and models automatically for supported libraries, but it only works on GPU clusters",
            "but it only works on GPU clusters",
        ),
    ],
)
def test_a_sentence_the_card_knows_nothing_of_is_a_false_claim(
    grader: Grader, card: str, answer: str, claim: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "partial"
    assert result.false_claim == claim
    assert any(claim in reason for reason in result.reasons)


def test_a_benefit_the_reference_claims_is_no_false_claim(grader: Grader) -> None:
    """Card 2's reference says "efficiently": "it also makes them faster" adds nothing false."""
    answer = "spark dataframes spread joins and aggregations over a cluster for TB-scale data; it also makes them faster"
    assert grader.grade("2", answer).verdict == "correct"


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # A true aside that states nothing of its own.
        (
            "4",
            "an open source platform that tracks experiments, manages models and packages them for deployment. comes built into databricks too",
        ),
        # A doubt about the answer, not a claim.
        ("17", "None, Staging, Production and Archived. not sure those are all of them"),
        # What the learner did: a story, not a rule.
        (
            "17",
            "None, Staging, Production and Archived. at my last job we would keep every old model around for months",
        ),
        # Short items of a story ("our ...", "I ...") are no list of bare terms.
        (
            "13",
            "autolog got the model and accuracy, but our profit KPI, the churn cost, and the SHAP plot I logged myself",
        ),
        # An item of the question's own words closes the list; it claims nothing new.
        (
            "13",
            "autolog only gets defaults; a business metric, a SHAP plot, or your own tags, needs an explicit log call",
        ),
    ],
)
def test_an_aside_doubt_or_story_is_no_false_claim(grader: Grader, card: str, answer: str) -> None:
    assert grader.grade(card, answer).verdict == "correct"


def test_one_of_a_points_names_chosen_over_another_says_the_point(grader: Grader) -> None:
    """ "on github, not gitlab" denies GitLab, not version control."""
    result = grader.grade(
        "31",
        "one folder each for prep, training, eval and deployment, shared utils and config, all kept in git on github, not gitlab",
    )
    assert "under version control" in result.found
    assert result.verdict == "correct"


def test_an_invented_limit_on_one_of_its_names_is_partial(grader: Grader) -> None:
    """ "Repos only works with GitHub, never GitLab": a false claim, not a denial
    of version control (which would make it incorrect)."""
    result = grader.grade(
        "31",
        "folders for data prep, training, evaluation, deployment plus shared utils and config in git; Repos only works with GitHub, never GitLab",
    )
    assert result.contradicted == []
    assert result.verdict == "partial"


@pytest.mark.parametrize(
    ("card", "answer", "claim", "point"),
    [
        (
            "29",
            "one feature table that the churn and fraud models both read, but each team still keeps its own feature pipeline",
            "still keeps its own feature pipeline",
            "same feature pipelines/tables",
        ),
        (
            "14",
            "a packaged model format with code, the env spec and flavors like pyfunc or spark, but one model can only ever have a single flavor",
            "only ever have a single flavor",
            "multiple flavors (python function, Spark, sklearn)",
        ),
    ],
)
def test_a_false_claim_against_a_point_shows_the_point_contradicted(
    grader: Grader, card: str, answer: str, claim: str, point: str
) -> None:
    """The verdict says the claim contradicts the point: the checklist agrees,
    showing the point contradicted, never ticked."""
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect"
    assert result.false_claim == claim
    assert point in result.contradicted


def test_by_itself_is_no_false_claim_where_the_reference_says_automated(grader: Grader) -> None:
    """Card 12's reference says logging "can be automated": "happens by itself"
    says the same, it invents nothing."""
    result = grader.grade(
        "12",
        "while iterating on experiments with sklearn or xgboost, the basic logging just happens by itself",
    )
    assert result.false_claim is None
    assert result.verdict == "correct"
