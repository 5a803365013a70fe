# ruff: noqa: E501  (tables of typed answers read best one per line)
"""Right answers that name a false claim only as the world their idea prevents
("if you don't track it, nobody knows ...", "otherwise only the person who
made it can see ...") are not graded down for it, and right answers whose
true words the built-in deck's false claims and mix-ups took for wrong ideas
("the cluster tunes many configs", "runs logged from one notebook file") keep
their verdict; the wrong ideas those claims were written for stay wrong.
Answers written for this review (styles14-targeted).
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # The denial sits in a condition a later clause goes on from.
        (
            "35",
            "Lineage connects a model to the data and code that made it and to where it's deployed; if you don't track it, nobody knows which data the deployed model was trained on",
        ),
        # Hyperopt's SparkTrials does spread the trials over the cluster.
        (
            "21",
            "Hyperopt with SparkTrials so the cluster tunes many configs in parallel, or a plain loop / Spark ML CrossValidator; each config logged as an MLflow run",
        ),
        # A notebook file is where the runs come from, not what the experiment is.
        (
            "8",
            "a logical group of related runs, e.g. all the runs logged from one notebook file or one job",
        ),
    ],
)
def test_a_right_answer_naming_a_claim_it_does_not_make_is_correct(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "correct", result.reasons
    assert result.false_claim is None


@pytest.mark.parametrize(
    ("card", "answer", "correction"),
    [
        # "otherwise" opens the world without tracking.
        (
            "34",
            "Otherwise only the person who made the model can see what was tried; tracking gives everyone a shared history, avoids duplicated effort and lets others build on past runs.",
            "Tracked runs are shared",
        ),
        # The experiment named as the folder of attempts, which it is.
        (
            "7",
            "A run = one training attempt, its params, metrics and artifacts logged as a unit; the experiment is the folder holding the different attempts.",
            "That is an experiment",
        ),
    ],
)
def test_a_contrast_with_the_other_world_or_concept_is_no_denial(
    grader: Grader, card: str, answer: str, correction: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict != "incorrect", result.reasons
    assert correction not in " ".join(result.reasons)


@pytest.mark.parametrize(
    ("card", "answer", "why"),
    [
        # A claim in the consequence of a condition is the answer's own, with
        # or without a comma to end the condition.
        (
            "15",
            "A central store of model versions and stages, with metadata and approvals; if you register a new model the old versions get overwritten, so keep copies",
            "keeps every version",
        ),
        (
            "15",
            "A central store of model versions and their Staging/Production stage, with metadata and approvals; if you register a new version, the old versions get overwritten.",
            "keeps every version",
        ),
        (
            "34",
            "Runs are private: only the person who made them can see them.",
            "Tracked runs are shared",
        ),
        (
            "21",
            "I think you set the hyperparameters in the cluster config and Databricks tunes them for you when the cluster starts?",
            "Neither Databricks nor MLflow tunes by itself",
        ),
        ("8", "its the notebook itself?? the .ipynb file u train in", "not the notebook file"),
    ],
)
def test_the_claims_said_as_the_answers_own_stay_wrong(
    grader: Grader, card: str, answer: str, why: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", result.reasons
    assert why in " ".join(result.reasons)
