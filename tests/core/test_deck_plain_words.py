# ruff: noqa: E501  (tables of typed answers read best one per line)
"""The built-in deck knows its ideas in plain words too (issue 12, seventh
writer's answers as tuning material): each answer here is written for this
test, says the card's points without the deck's terms, and is graded as a
teacher would."""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader

CORRECT = [
    # "computer" is a machine; spreading work across machines is distributing it.
    (
        "3",
        "if the data fits on one computer stay single node with sklearn, and only spread the training across machines when it's too big for one",
    ),
    ("3", "distrib when the data or model doesn't fit in mem, otherwise one node w/ xgboost"),
    # "head to head" is comparing.
    (
        "9",
        "you can put runs head to head, search old attempts quickly, and keep each project's history tidy",
    ),
    # The stages described rather than named.
    (
        "17",
        "a fresh version nobody's looked at yet, then one in testing, then the live one, and old ones retired to the archive",
    ),
    # The experiment tracker is where a job's runs land.
    (
        "19",
        "set up as a job: train_model notebook as the task, daily at 2am, results land in the experiment tracker",
    ),
    # Next to the other services is integration with them.
    (
        "27",
        "so the model runs next to the company's other services on k8s, with our own autoscaler, and gRPC with a 15 ms latency budget",
    ),
    # A model that misbehaves is what debugging is for.
    (
        "37",
        "you need the exact snapshot a model was trained on, so you can reconstruct the training data when the model misbehaves in prod",
    ),
    # Turning raw data into a model's inputs is feature engineering; running models over tables is batch scoring.
    (
        "1",
        "a scalable platform where you turn raw data into the inputs a model needs, train the models, and run the models over big tables of customers every night",
    ),
    # Everything one execution logs, grouped under that run.
    (
        "7",
        "like a W&B run: one execution of the training script, and everything it logs is grouped under that one run",
    ),
    # Writing the scores back is part of batch scoring.
    (
        "23",
        "a nightly job reads the whole Delta table, runs the trained model over every row to add a prediction, and writes it back",
    ),
]


@pytest.mark.parametrize(("card", "answer"), CORRECT)
def test_a_point_said_in_plain_words_is_found(grader: Grader, card: str, answer: str) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "correct", (result.reasons, result.found)


def test_downstream_alone_is_not_where_the_model_is_deployed(grader: Grader) -> None:
    # Off-topic: table lineage in the catalog shares the word "downstream" only.
    result = grader.grade(
        "35", "it shows which table columns feed which downstream views in the catalog"
    )
    assert result.verdict == "incorrect", result.reasons


def test_a_group_of_runs_is_still_an_experiment(grader: Grader) -> None:
    result = grader.grade("7", "a run is a group of several related runs in one folder")
    assert result.verdict == "incorrect"
    assert result.confusion is not None and "experiment" in result.confusion


EVEN_CARDS = [
    # The flavour's autolog call names the supported library.
    (
        "12",
        "mlflow.xgboost.autolog() at the top of the notebook while you're still trying lots of model variants",
    ),
    # The list of libraries a model needs is its environment specification.
    (
        "14",
        "one folder with the model, the file of packages it needs, and several flavors so different tools can open it, ready to deploy",
    ),
    # One official answer to which model is the real one is a single source of truth.
    (
        "16",
        "numbered versions, promotion from staging to production, a record of who approved what, and one official answer to which model is the real one",
    ),
    # Checked before it may go live is a review step.
    (
        "18",
        "a place to test a new model away from production, where it gets checked by QA before it's allowed to go live",
    ),
    # The training job said in a hurry.
    (
        "20",
        "grab the prepped features from the lake tables, fit the model, see how good it is, save all that to the tracker, maybe register it",
    ),
    # Redoing the best setting is re-running a promising setup.
    (
        "22",
        "line up all the trials, eyeball the metric charts over time, and redo the best setting later without guessing",
    ),
    # Instead of editing the notebook: without modifying the code.
    (
        "32",
        "the same notebook runs in dev and prod and on other date ranges or learning rates: you change a yaml instead of editing the notebook",
    ),
    # Skipping what a teammate already tried is avoiding duplicate effort.
    (
        "34",
        "the team logged lgbm with the same features last quarter, I saw it in the shared experiment, skipped it and started from their best run",
    ),
]


@pytest.mark.parametrize(("card", "answer"), EVEN_CARDS)
def test_an_even_card_point_said_in_plain_words_is_found(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "correct", (result.reasons, result.found)


def test_logging_the_search_does_not_make_training_faster(grader: Grader) -> None:
    # A list of the right reasons with one invented benefit at its end.
    result = grader.grade(
        "22",
        "you can compare the configs, chart the metric trends, rerun the promising ones later, and it speeds up the training too",
    )
    assert result.verdict == "incorrect", result.reasons
    assert "training" in (result.false_claim or "")
    # The feedback says what is true instead.
    assert any("doesn't speed up the search or the training" in r for r in result.reasons)
