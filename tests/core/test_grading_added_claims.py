# ruff: noqa: E501  (tables of typed answers read best one per line)
"""A right answer with a claim added to it, on the built-in deck: the added
claim makes it partial and the feedback names it; a true aside, a doubt or
one of a point's names chosen over another does not. A false claim added
after a right answer is partial, naming the claim; the checklist never ticks
what the claim denies (issue 12, right-plus-false).

The answers are written for this test, in the ways learners type them (the
new-user walkthrough of 2026-12-06 met each kind).
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader
from mlquiz.core.verdicts import CONTRADICTED, FOUND


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


@pytest.mark.parametrize(
    "answer",
    [
        "you test it in a non-production environment before promoting; once someone approves, a webhook promotes it automatically",
        "test models outside production before promotion, with a review/approval step; after approval a CI job can promote it automatically",
        "staging enforces a review workflow and tests, then it promotes to production automatically",
    ],
)
def test_automation_after_a_review_the_answer_says_is_never_graded_lower(
    grader: Grader, answer: str
) -> None:
    """Review of grade12j: saying the review as well made these incorrect while
    "...; then a webhook promotes it automatically" alone was partial. A
    promotion automated after an approval is true: at least partial, never
    worse than the answer without the review."""
    without_review = grader.grade(
        "18",
        "you test it in a non-production environment before promoting; then a webhook promotes it automatically",
    )
    assert without_review.verdict == "partial"
    assert grader.grade("18", answer).verdict in ("partial", "correct")


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
    assert (
        result.false_claim
        and "That denies a point the answer makes elsewhere." in result.reasons[1]
    )
    point = next(p for p in result.points if p.label == denied)
    assert point.status == CONTRADICTED  # never ticked


def test_a_denial_with_nothing_said_before_it_is_incorrect(grader: Grader) -> None:
    result = grader.grade("10", "only the final model file, mlflow doesnt store params or metrics")
    assert result.verdict == "incorrect"


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
            "41",
            "databricks does features+training at scale, mlflow tracks + versions models +"
            " hooks them to serving, but only batch serving, mlflow models cant be served online",
            "MLflow: connect models to batch/online serving",
        ),
    ],
)
def test_an_only_that_narrows_a_point_to_one_of_its_things_is_incorrect(
    grader: Grader, card: str, answer: str, point: str
) -> None:
    """An "only batch serving" denies "batch/online serving": incorrect, the point
    shown denied."""
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", result.reasons
    assert next(p for p in result.points if p.label == point).status == CONTRADICTED


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # Both halves of the pair named: nothing narrowed.
        (
            "23",
            "applying a trained model to a large stored dataset to generate predictions, only delta tables or parquet files, often a scheduled job",
        ),
        (
            "19",
            "jobs run training notebooks or scripts that log runs to mlflow, making pipelines repeatable; only notebooks or scripts, not arbitrary binaries",
        ),
        (
            "21",
            "only hyperopt or spark ml tuning or a plain loop over configs, each config logged as an mlflow run",
        ),
        (
            "29",
            "reusing the same feature pipelines and tables for multiple models; only pipelines are shared, not the models",
        ),
        # "Only one/the latest X" about something other than the point.
        (
            "15",
            "centralized store of model versions and stages like staging and production; only one version can be in production at a time",
        ),
        (
            "15",
            "a central store that keeps every model version and its stage (staging, production); only the latest version is served by default",
        ),
        (
            "29",
            "the same feature tables used across multiple models, only one pipeline to maintain",
        ),
        (
            "6",
            "logging params, metrics, artifacts and the code version per run so runs can be compared and reproduced; only one run is active at a time",
        ),
        (
            "8",
            "a logical grouping of related runs, per project or notebook; the UI lists only the latest run first",
        ),
        (
            "9",
            "compare models, search past runs, tidy history per use case; only the latest model is deployed",
        ),
        (
            "22",
            "compare configurations, visualize metric trends and re-run the promising setups later; each run holds only one configuration",
        ),
        (
            "40",
            "log predictions and features to delta tables, then scheduled jobs compute drift and performance metrics over time; only the latest predictions matter",
        ),
    ],
)
def test_an_only_that_narrows_nothing_the_point_says_denies_no_point(
    grader: Grader, card: str, answer: str
) -> None:
    """Review of grade12j: each of these was incorrect, a point shown denied."""
    result = grader.grade(card, answer)
    assert result.verdict != "incorrect", result.reasons
    assert result.contradicted == []


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


@pytest.mark.parametrize(
    ("card", "answer", "verdict"),
    [
        (
            "17",
            "None; Staging; Production; Archived; Unity Catalog uses aliases instead",
            "correct",
        ),
        ("17", "None; Staging; Production; Archived; newer versions use aliases", "correct"),
        ("5", "Tracking; Models; Model Registry; Projects exist too but matter less", "correct"),
        (
            "16",
            "versioning; stage transitions; audit trail; one source of truth; webhooks can notify CI",
            "partial",
        ),
        ("17", "None; Staging; Production; Archived; iirc", "correct"),
        ("17", "None; Staging; Production; Archived; possibly others", "correct"),
        (
            "10",
            "hyperparameters; metrics; model artifacts; plots; environment info; probably others",
            "correct",
        ),
    ],
)
def test_a_statement_or_doubt_after_a_semicolon_list_is_no_item_of_it(
    grader: Grader, card: str, answer: str, verdict: str
) -> None:
    """Review of grade12j: each of these was incorrect, the statement or doubt
    read as the list's one wrong item; with commas for semicolons they were not."""
    assert grader.grade(card, answer).verdict == verdict


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (
            "16",
            "versioning, stage transitions, audit trail, single source of truth. no wait, it doesn't do versioning, git does",
        ),
        (
            "9",
            "people say it helps compare models, search past runs and keep a tidy history, but actually you can't compare models across runs at all",
        ),
        (
            "18",
            "testing before production and a review workflow, that's the theory; in practice staging doesn't enforce any review",
        ),
    ],
)
def test_a_point_taken_back_is_denied_not_right_with_a_false_claim(
    grader: Grader, card: str, answer: str
) -> None:
    """Review of grade12j: a retraction's last word is the denial, so the answer
    denies the point (incorrect), where grade12j read "Right, but with a false
    claim" (partial)."""
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", result.reasons
    assert result.contradicted


def test_a_relative_clause_after_question_word_items_is_no_item(grader: Grader) -> None:
    """Review of grade12j: "which you can't get ..." is a clause about the list,
    not one more "which ..." item; it was read as the list's one wrong item."""
    answer = "which data, which code, which deployment, which you can't get without mlflow"
    assert grader.grade("35", answer).verdict == "partial"


@pytest.mark.parametrize(
    ("card", "qualification", "rest"),
    [
        (
            "4",
            "it doesn't track experiments across workspaces",
            "it tracks experiments, manages models and packages them for reproducible deployment",
        ),
        (
            "9",
            "you can't compare runs across workspaces",
            "you compare models, search past runs and keep a tidy history per project",
        ),
    ],
)
def test_a_denial_in_a_clause_of_its_own_grades_the_same_before_or_after(
    grader: Grader, card: str, qualification: str, rest: str
) -> None:
    """Review of grade12j: the qualification last was partial, first incorrect;
    word order changes nothing the answer says."""
    last = grader.grade(card, f"{rest}, though {qualification}")
    first = grader.grade(card, f"{qualification}, but {rest}")
    assert last.verdict == first.verdict == "partial", (last.reasons, first.reasons)
