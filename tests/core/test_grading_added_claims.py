"""A right answer with a false claim added after it is partial, naming the claim;
the checklist never ticks what the claim denies (issue 12, right-plus-false).

Writers of the labeled sets agree on these: four of five label "you test it
before Production, and it gets promoted automatically" partial (the test is
right; the automation is invented), and a point said, then denied in a clause
added after it, partial."""

from __future__ import annotations

import pytest

from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.verdicts import CONTRADICTED, FOUND


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(resolve_deck("databricks-mlflow"))


@pytest.mark.parametrize(
    "answer",
    [
        "u can test the model before production, and staging models automatically get"
        " promoted to production after 7 days if nobody complains",
        "you try the model in a non-production environment first, and the registry"
        " then promotes it by itself when the checks pass",
    ],
)
def test_invented_automation_beside_a_right_part_is_partial(grader: Grader, answer: str) -> None:
    result = grader.grade("18", answer)
    assert result.verdict == "partial", result.reasons
    assert result.false_claim
    review = next(p for p in result.points if p.label == "enforces a review workflow")
    assert review.status != FOUND


def test_automation_against_a_point_the_answer_says_is_still_incorrect(grader: Grader) -> None:
    """A review workflow said, then promotion "automatically": the claim undoes
    what the answer said."""
    answer = (
        "staging enforces a review workflow and tests, then it promotes to production automatically"
    )
    result = grader.grade("18", answer)
    assert result.verdict == "incorrect", result.reasons


@pytest.mark.parametrize(
    ("card", "answer", "denied"),
    [
        (
            "9",
            "Comparing and searching runs gets easier and history stays tidy per project."
            " Runs in different experiments can never be compared with each other though.",
            "compare models",
        ),
        (
            "21",
            "Hyperopt or a loop, each config logged as a run; Databricks only allows grid"
            " search though, not random search",
            "loop over configs or use Hyperopt / Spark ML tuning",
        ),
    ],
)
def test_a_point_said_then_denied_in_an_added_clause_is_partial(
    grader: Grader, card: str, answer: str, denied: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "partial", result.reasons
    assert result.false_claim and "then denies it" in " ".join(result.reasons)
    point = next(p for p in result.points if p.label == denied)
    assert point.status == CONTRADICTED  # never ticked


def test_a_denial_with_nothing_said_before_it_is_incorrect(grader: Grader) -> None:
    result = grader.grade("10", "only the final model file, mlflow doesnt store params or metrics")
    assert result.verdict == "incorrect"


def test_a_list_cut_by_semicolons_with_one_wrong_item_is_incorrect(grader: Grader) -> None:
    """Semicolons cut a list into items as commas do: its one wrong item makes it
    wrong, as the same list with commas is."""
    items = [
        "Folders for data prep, training, evaluation and deployment",
        "shared utils",
        "config files",
        "and the trained model .pkl files committed to git so everyone has them",
    ]
    for separator in ("; ", ", "):
        result = grader.grade("31", separator.join(items) + ".")
        assert result.verdict == "incorrect", (separator, result.reasons)


def test_a_claim_of_its_own_after_a_semicolon_stays_partial(grader: Grader) -> None:
    """A statement after a semicolon is a claim added to the answer, not one more
    item of its list: partial, naming it."""
    answer = (
        "less duplication, consistent features, one place to maintain it;"
        " it also guarantees the models can't overfit"
    )
    result = grader.grade("30", answer)
    assert result.verdict == "partial", result.reasons
    assert result.false_claim


@pytest.mark.parametrize(
    ("card", "answer", "point"),
    [
        (
            "41",
            "databricks does features+training at scale, mlflow tracks + versions models +"
            " hooks them to serving, but only batch serving",
            "MLflow: connect models to batch/online serving",
        ),
        (
            "15",
            "A central store for model versions and stages like Staging and Production,"
            " but it only keeps the latest version",
            "model versions",
        ),
    ],
)
def test_an_only_that_narrows_a_point_to_one_of_its_things_is_incorrect(
    grader: Grader, card: str, answer: str, point: str
) -> None:
    """An "only batch serving" denies "batch/online serving"; "only keeps the latest
    version" denies "model versions": incorrect, the point shown denied."""
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", result.reasons
    assert next(p for p in result.points if p.label == point).status == CONTRADICTED


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (
            "19",
            "Jobs run the training notebook on a schedule and the runs go to MLflow; but a"
            " job can only run notebooks, not Python scripts.",
        ),
        (
            "21",
            "use hyperopt or spark ml tuning and log each config as an mlflow run, but"
            " hyperopt only works on a single node",
        ),
    ],
)
def test_an_only_on_something_else_is_an_invented_limit(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "partial", result.reasons


def test_items_opening_with_the_same_question_word_are_a_list(grader: Grader) -> None:
    """Parallel items ("which data, which code version, which deployment") of a
    list, not statements of their own, so an invented last item is read as one
    more item, and a wrong one."""
    answer = (
        "lineage = which data trained the model, which code version, which deployment"
        " it's in, all stored inside the model's pickle file"
    )
    assert grader.grade("35", answer).verdict == "incorrect"
    right = "lineage = which data trained the model, which code version, which deployment it's in"
    assert grader.grade("35", right).verdict == "correct"
