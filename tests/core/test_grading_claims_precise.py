# ruff: noqa: E501  (tables of typed answers read best one per line)
"""False claims read the same way on every card (issue 12, seventh writer's
answers as tuning material): a claim is cut from the list it follows by a
dash too, filler adverbs claim nothing, a "can't" or "never" against what the
card says is also true is a false claim, and "dedicated" is no "only". The
answers are written for this test, in the ways learners type them.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize("dash", ["--", "–", "—"])
def test_a_claim_after_a_dash_is_a_claim_not_part_of_the_last_item(
    grader: Grader, dash: str
) -> None:
    # The four stages are right; the limit added after the dash is invented.
    # Read as one item with "Archived", it made the whole list wrong.
    answer = f"None, Staging, Production, Archived {dash} and only one version may be in Production at once"
    result = grader.grade("17", answer)
    assert result.verdict == "partial", result.reasons
    assert result.false_claim is not None and "only one version" in result.false_claim
    assert "Archived" not in result.false_claim
    assert set(result.found) == {"None", "Staging", "Production", "Archived"}


def test_a_filler_adverb_does_not_make_a_true_item_unknown(grader: Grader) -> None:
    # "already" says nothing about Databricks; "MLflow ... hooked up" is true.
    result = grader.grade(
        "1",
        "a scalable spark + python environment for feature engineering, training and batch scoring, with mlflow already hooked up",
    )
    assert result.verdict == "correct", result.reasons
    assert result.false_claim is None


def test_cannot_against_what_the_card_says_is_also_true_is_a_false_claim(grader: Grader) -> None:
    # Jobs do take parameters (an also-true fact of the card): "cannot" is invented.
    result = grader.grade(
        "19",
        "A job runs the training notebook every night and the notebook logs its runs to MLflow, but a job cannot hand parameters to the notebook.",
    )
    assert result.verdict == "partial", result.reasons
    assert result.false_claim is not None and "cannot hand parameters" in result.false_claim
    # "never" on the feature reuse card: shared features do serve online.
    result = grader.grade(
        "29",
        "one set of feature tables shared by several models instead of rebuilding them per project, though shared features are never usable for online serving",
    )
    assert result.verdict == "partial", result.reasons
    assert "online serving" in (result.false_claim or "")


def test_a_plain_no_on_an_also_true_phrase_is_still_true(grader: Grader) -> None:
    # No limiting word: "no training/serving skew" is what reuse gives.
    result = grader.grade(
        "29",
        "using the same feature tables across several models instead of re-implementing the logic per project, so there is no training/serving skew",
    )
    assert result.verdict == "correct", result.reasons


def test_only_is_a_claim_though_the_reference_says_dedicated(grader: Grader) -> None:
    # "a dedicated Experiments interface" does not make "only notebook runs" true.
    result = grader.grade(
        "33",
        "runs land in the experiments page where you can filter, compare and plot them, but only runs started from a notebook, not from jobs",
    )
    assert result.verdict == "partial", result.reasons
    assert "only" in (result.false_claim or "")
    # The page's own wording stays right.
    result = grader.grade(
        "33",
        "there's a dedicated Experiments page only for runs, where you filter, compare and plot metrics and params",
    )
    assert result.verdict == "correct", result.reasons


def test_cannot_restates_a_limit_the_reference_states(grader: Grader) -> None:
    # The reference: requirements "exceed built-in serving options".
    result = grader.grade(
        "27",
        "to plug into the company's existing microservices, for custom autoscaling, or when you need websockets and sub-20ms replies the hosted offering can't give",
    )
    assert result.verdict == "correct", result.reasons
    assert result.false_claim is None
    # A denial of everything is no such limit.
    result = grader.grade(
        "27",
        "fits existing microservices, own autoscaling rules, grpc latency needs, and databricks cannot serve models at all",
    )
    assert result.verdict != "correct", result.reasons


def test_a_point_said_in_the_passive_is_said(grader: Grader) -> None:
    # "runs tracked in mlflow" says "track ... runs" the other way round.
    result = grader.grade(
        "41",
        "databricks does the spark feature pipelines and big training jobs; runs tracked in mlflow, models registered as versions and served by the nightly batch job",
    )
    assert result.verdict == "correct", result.reasons
    point = next(p for p in result.points if p.label == "MLflow: track experiments")
    assert point.words == "runs tracked"


def test_a_relative_clause_with_its_own_subject_is_no_passive(grader: Grader) -> None:
    # "the features we computed": we computed them; nothing says they are shared.
    result = grader.grade("29", "it's the features we computed last sprint, the churn ones")
    assert result.verdict != "correct", result.reasons


def test_a_possessive_inside_a_wrong_item_does_not_make_the_list_a_story(grader: Grader) -> None:
    # "our" in the last item is no story told: MLflow keeps no raw data.
    result = grader.grade(
        "41",
        "Databricks runs the feature pipelines and training at scale, while MLflow tracks experiments, manages model versions, and also holds every bit of our raw data.",
    )
    assert result.verdict == "incorrect", result.reasons
    assert "raw data" in (result.false_claim or "")
    # A story opened in the first person still reads as one.
    result = grader.grade(
        "41",
        "my setup: spark features and training on the cluster, runs tracked in mlflow, the best one registered as a version and served by the nightly scoring job",
    )
    assert result.verdict == "correct", result.reasons


def test_exactly_one_is_an_only(grader: Grader) -> None:
    # An experiment holds many runs and no fixed number of model versions.
    result = grader.grade(
        "8",
        "related runs grouped together, normally one per project or notebook, and each experiment can hold exactly one model version",
    )
    assert result.verdict == "partial", result.reasons
    assert "exactly one" in (result.false_claim or "")


def test_like_typed_short_still_introduces_an_analogy(grader: Grader) -> None:
    # "lke vertex model monitoring" is a comparison, not a wrong item of the list.
    result = grader.grade(
        "40",
        "log preds n feats to delta, a sched job computes drift + perf over time, lke vertex model monitoring",
    )
    assert result.verdict == "correct", result.reasons


def test_code_typed_after_instead_of_is_set_aside(grader: Grader) -> None:
    # The DBFS pickle is what the learner stopped doing, not what they claim.
    result = grader.grade(
        "16",
        "instead of joblib.load(open('/dbfs/models/churn_final2.pkl')) we load models:/churn/7: numbered versions, moved from staging to production by review, one URI everyone deploys from, and a history of who promoted what",
    )
    assert result.false_claim is None, result.reasons
    assert result.verdict == "correct", result.reasons
    # Said as what one does, the DBFS path is still the false claim.
    result = grader.grade(
        "16",
        "we keep joblib.load(open('/dbfs/models/churn_final2.pkl')) and call that a registry",
    )
    assert result.verdict != "correct"


def test_auto_before_a_verb_is_automatically(grader: Grader) -> None:
    # The registry retrains nothing: "auto-retrains" is an invented automatism.
    result = grader.grade(
        "38",
        "train, log to mlflow, register, staging for tests, promote to production, serve it; then the registry auto-retrains the production model every week",
    )
    assert "auto-retrains" in (result.false_claim or ""), result.reasons
    # "auto-scaling", "autoscaler" name a thing, they claim no automatism.
    result = grader.grade(
        "27",
        "it has to sit next to our existing microservices on k8s with its own auto-scaling rules, or needs grpc and latency the built-in serving can't reach",
    )
    assert result.false_claim is None, result.reasons


def test_a_cli_flag_marks_an_item_as_code(grader: Grader) -> None:
    # "-n churn-img" is a command's argument, not a wrong item of a list.
    result = grader.grade(
        "28",
        "mlflow models build-docker -m models:/fraud/2 -n fraud-img, then the same image runs on any server: a python predict function or a REST api",
    )
    assert result.verdict == "correct", result.reasons


def test_exactly_before_anything_but_a_count_claims_nothing(grader: Grader) -> None:
    # "exactly the parameters you log" is emphasis, not an "only": a right
    # answer with it stays correct (it read as a false claim, partial).
    result = grader.grade(
        "4",
        "An open-source platform that tracks exactly the parameters and metrics you log, manages models and packages them for deployment",
    )
    assert result.verdict == "correct", result.reasons
    assert result.false_claim is None


@pytest.mark.parametrize("verb", ["trigger", "register"])
def test_auto_apart_before_a_verb_in_er_is_still_automatically(grader: Grader, verb: str) -> None:
    # "auto trigger", "auto register": a verb ending in -er, typed apart from
    # "auto", is an invented automatism like "auto-retrains"; only joined
    # ("autoscaler") is such a word a name.
    result = grader.grade("15", f"A centralized store that will auto {verb} every model trained")
    assert result.false_claim is not None and f"auto {verb}" in result.false_claim
