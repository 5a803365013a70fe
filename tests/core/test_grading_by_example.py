# ruff: noqa: E501  (tables of typed answers read best one per line)
"""Answers by example: what the learner did on a project, in the built-in
deck's own evidence (its `examples` and false claims), graded as the idea they
show. Answers written for this test, in the styles of the tuning sets.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    ("card", "answer", "point"),
    [
        # The runs table of the Experiments tab is MLflow's, no job's Runs tab.
        (
            "7",
            "Each time I run my training notebook a new row shows up in the runs table in the Experiments tab: that row is the run, with the params, the metrics and the model file as artifacts, all logged together for that one execution.",
            "a single execution of training/evaluation code",
        ),
        (
            "11",
            "turned on autolog for our lightgbm job and it grabbed params, metrics and the model without me writing any log_ calls",
            "automatically records",
        ),
        (
            "30",
            "Three teams computed churn features three ways and the models disagreed; once we moved to one shared feature table the duplicated code went away, every model got the same values, and a fix happens in one place.",
            "less duplication",
        ),
        (
            "27",
            "we run the model on our own EKS cluster next to the payment services, with our own autoscaling rules and gRPC, because the built-in endpoint couldn't hit our p99 latency target",
            "integration with existing microservices",
        ),
    ],
)
def test_an_answer_by_example_earns_the_point_it_shows(
    grader: Grader, card: str, answer: str, point: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "correct", result.reasons
    assert point in result.found
    assert result.false_claim is None


def test_a_jobs_runs_tab_is_still_no_mlflow_run(grader: Grader) -> None:
    result = grader.grade(
        "7", "it's the row in the job's Runs tab that shows whether the task succeeded"
    )
    assert result.verdict == "incorrect", result.reasons
    assert "A Databricks job run is not an MLflow run" in result.reasons[0]
