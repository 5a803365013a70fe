# ruff: noqa: E501  (tables of typed answers read best one per line)
"""Answers written in code on the built-in deck (issue 12): the API calls, CLI
commands, SQL and URIs the deck knows per key point (from the MLflow and
Databricks documentation) earn the point, the feedback says "in code", and a
call that is a known mistake is named as one.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader
from mlquiz.core.verdicts import FOUND


@pytest.mark.parametrize(
    ("card", "answer", "point", "words"),
    [
        (
            "15",
            "client.create_transition_request(name, version, 'Production')",
            "metadata and approvals",
            "create_transition_request",
        ),
        (
            "18",
            "a TRANSITION_REQUEST_CREATED webhook pings the reviewer",
            "enforces a review workflow",
            "TRANSITION_REQUEST_CREATED",
        ),
        (
            "21",
            "for depth in [4, 6, 8]: fit and compare",
            "loop over configs or use Hyperopt / Spark ML tuning",
            "depth",
        ),
        (
            "36",
            "SELECT * FROM sales TIMESTAMP AS OF '2026-01-01'",
            "log the dataset / Delta table version (and path)",
            "TIMESTAMP",
        ),
        (
            "40",
            "MonitorInferenceLog(problem_type='classification', prediction_col='pred')",
            "compute drift and performance metrics over time",
            "MonitorInferenceLog",
        ),
        (
            "26",
            "served_entities=[ServedEntityInput(entity_name='main.ml.churn', entity_version='3')]",
            "behind an endpoint (API)",
            "served_entities",
        ),
        (
            "27",
            "minReplicas: 2, maxReplicas: 40",
            "custom scaling policies",
            "minReplicas",
        ),
        (
            "19",
            "databricks jobs run-now --job-id 42",
            "jobs run training notebooks/scripts",
            "run-now",
        ),
        (
            "23",
            "SELECT ai_query('churn-endpoint', struct(*)) FROM customers",
            "apply a trained model to generate predictions",
            "ai_query(",
        ),
    ],
)
def test_a_documented_call_earns_its_point_in_code(
    grader: Grader, card: str, answer: str, point: str, words: str
) -> None:
    result = grader.grade(card, answer)
    said = next(p for p in result.points if p.label == point)
    assert said.status == FOUND, result.reasons
    assert said.via == "in code"
    assert said.words.lower() in answer.lower()
    assert said.words.lower() in words.lower() or words.lower() in said.words.lower()


@pytest.mark.parametrize(
    "answer",
    [
        "for lr in [0.01, 0.1, 0.3]:\n    with mlflow.start_run():\n        mlflow.log_param('lr', lr)\n        mlflow.log_metric('auc', train(lr))",
    ],
)
def test_a_loop_over_configurations_each_in_a_run_is_correct(grader: Grader, answer: str) -> None:
    assert grader.grade("21", answer).verdict == "correct"


@pytest.mark.parametrize(
    "answer",
    [
        "mlflow.sklearn.log_model(m, 'model') -> mlflow.register_model('runs:/<id>/model', 'churn') -> transition to Staging and run tests -> transition to Production -> spark_udf('models:/churn/Production') in the batch job",
        "log_model -> register_model(uri, 'churn') -> 'Staging' + integration tests -> 'Production' -> batch job loads models:/churn/Production",
    ],
)
def test_logging_the_trained_model_is_both_first_steps_in_their_order(
    grader: Grader, answer: str
) -> None:
    """ "log_model(m)" logs the trained model: one call says the training and
    the logging, at one place of the flow, not the logging before the
    training (it was partial, "out of order")."""
    result = grader.grade("38", answer)
    assert result.verdict == "correct", result.reasons


def test_steps_in_the_wrong_order_are_still_named(grader: Grader) -> None:
    result = grader.grade(
        "38",
        "promote to Production, then register the model, train it, log to MLflow, test in Staging, serve it",
    )
    assert result.verdict == "partial"
    assert any("Out of order" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("card", "answer", "said"),
    [
        (
            "9",
            "mlflow.delete_experiment(exp_id) to keep the workspace clean",
            "Deleting experiments",
        ),
    ],
)
def test_a_call_that_is_a_known_mistake_is_named(
    grader: Grader, card: str, answer: str, said: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect"
    assert any(said in r for r in result.reasons), result.reasons


@pytest.mark.parametrize(
    ("card", "answer", "verdict"),
    [
        # A call that changes what is served names no EARLIER version: no rollback.
        ("39", "archive_existing_versions=True", "incorrect"),
        ("39", "w.serving_endpoints.update_config(name, ...) with a new config", "incorrect"),
        ("39", "served_entities=[{'entity_name':'churn','entity_version':'5'}]", "incorrect"),
        # Searching the runs of an experiment is not why runs are grouped.
        ("8", "mlflow.search_runs(experiment_ids=['1'])", "incorrect"),
        # A loop over steps or epochs tunes nothing.
        ("21", "for i in range(10): mlflow.log_metric('loss', losses[i])", "partial"),
        # Saving a model writes no predictions.
        (
            "24",
            "spark.table('feats') as a DataFrame, apply mlflow.pyfunc.spark_udf, then model.save('dbfs:/m')",
            "partial",
        ),
        # "only after" with no one who reviews is no review workflow.
        (
            "18",
            "you can test it in a non-prod environment and only after that promote it to production",
            "partial",
        ),
        # A webhook notifies; it enforces no review.
        ("18", "registry-webhooks fire when a version is created", "incorrect"),
        # Cards that ask WHY: the calls that do it are no reason.
        ("30", "FeatureLookup(table_name='feats', lookup_key='id')", "incorrect"),
        ("30", "fe.create_table(...) and fe.write_table(...)", "incorrect"),
        ("30", "fe.read_table('ml.customer_features')", "incorrect"),
        ("37", "DESCRIBE HISTORY features", "incorrect"),
        # Evaluating is not testing in Staging: the Staging step is missing.
        (
            "38",
            "train -> log_model -> register_model -> mlflow.evaluate -> Production -> serve",
            "partial",
        ),
        # An estimator class says nothing about the data fitting on one machine.
        (
            "3",
            "if df.count() > 1e9: use pyspark.ml; else: ... XGBClassifier().fit(X, y)",
            "partial",
        ),
        (
            "3",
            "if df.count() > 1e9: use pyspark.ml; else: ... LGBMClassifier().fit(X, y)",
            "partial",
        ),
    ],
)
def test_code_that_does_not_answer_the_point_earns_nothing_for_it(
    grader: Grader, card: str, answer: str, verdict: str
) -> None:
    """Code the last round let count for a point it does not say (review of
    fix12k, B1-B10): each gets the verdict the labelling rubric gives."""
    result = grader.grade(card, answer)
    assert result.verdict == verdict, result.reasons


@pytest.mark.parametrize(
    ("card", "answer", "point"),
    [
        # RESTORE rolls the live table back for everyone: no reconstruction.
        (
            "37",
            "DeltaTable.forName(spark, 'sales').restoreToVersion(12)",
            "reconstruct the training data",
        ),
    ],
)
def test_a_call_that_does_something_else_is_not_the_point(
    grader: Grader, card: str, answer: str, point: str
) -> None:
    result = grader.grade(card, answer)
    said = next(p for p in result.points if p.label.startswith(point))
    assert said.status != FOUND, result.reasons


def test_a_pickle_wrapped_into_an_mlflow_model_is_no_false_claim(grader: Grader) -> None:
    result = grader.grade(
        "14",
        "you pickle.dump the model and MLflow wraps it with an MLmodel file, conda.yaml and flavors",
    )
    assert result.verdict == "correct", result.reasons
