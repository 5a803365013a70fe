"""Rules found on a second writer's answers (issue 12, `styles2-tune.jsonl`).

Each answer here is written for the test, as a learner would type it, with
the verdict the shared rubric gives it; none is copied from a labeled set.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


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


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (
            "40",
            "log the predictions and input features to Delta tables, compute drift metrics "
            "in a scheduled job, and switch logging off in production to save money",
        ),
        (
            "25",
            "the UDF serialization overhead, broadcasting the model once, stateless "
            "inference code, and collecting every prediction back to the driver",
        ),
    ],
)
def test_an_added_last_item_in_words_the_card_never_uses_is_wrong(
    grader: Grader, card: str, answer: str
) -> None:
    """A list of the card's points whose last item, added with "and", is made of
    words the card has never heard of, is a list with one wrong item, even
    when one of its words ("prediction", "driver") is a key point's."""
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect"
    assert any("one wrong item" in reason for reason in result.reasons)


def test_a_last_item_that_alone_says_a_point_is_no_extra_claim(grader: Grader) -> None:
    """The last item holds the words the checklist ticks for a point: one of
    the list's points, not an extra claim."""
    result = grader.grade(
        "3",
        "it's about memory: distributed only when the data or model is too big for one "
        "machine; if it fits, one node with sklearn, and the distribution overhead buys nothing",
    )
    assert result.verdict == "correct"


def test_cannot_without_states_a_need_not_a_denial(grader: Grader) -> None:
    """ "you can't X without Y" says X needs Y: neither X nor Y is negated,
    and the checklist ticks them."""
    result = grader.grade(
        "37",
        "you cannot debug or reproduce a model without the exact data snapshot it was trained on",
    )
    assert result.verdict == "correct"
    assert not result.contradicted
    denied = grader.grade("37", "the exact data snapshot is not needed to debug a model")
    assert denied.verdict == "incorrect"


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("39", "repoint prod back to the prev version"),
        ("39", "we put v3 back in production after v4 broke"),
        (
            "15",
            "a shared catalog for all the company's models, where each model has numbered "
            "versions and each version a state like testing or live",
        ),
        (
            "7",
            "each time I click Run All in the training notebook, a new entry appears with "
            "that attempt's params, its metrics and the model file",
        ),
    ],
)
def test_plain_and_abbreviated_words_for_the_registry_and_runs(
    grader: Grader, card: str, answer: str
) -> None:
    """ "prev", "moved back to production", "a version's state (testing, live)",
    and a notebook's "Run All" button are the card's ideas in a learner's words."""
    result = grader.grade(card, answer)
    assert result.verdict == "correct", (result.verdict, result.reasons)


@pytest.mark.parametrize(
    ("card", "answer", "absolute"),
    [
        (
            "21",
            "loop over the param configs or use Hyperopt, and log each config as its own "
            "MLflow run; the best config is always picked on the first try",
            "always",
        ),
        (
            "6",
            "it logs params, metrics and artifacts of every run so runs can be compared and "
            "reproduced, and it deploys the best model by itself",
            "by itself",
        ),
    ],
)
def test_absolutes_a_reference_does_not_make(
    grader: Grader, card: str, answer: str, absolute: str
) -> None:
    """ "each configuration" in the reference makes no claim of "always", and
    "by itself" is "automatically": next to a right answer, either is an
    invented absolute (partial, named)."""
    result = grader.grade(card, answer)
    assert result.verdict == "partial", (result.verdict, result.reasons)
    assert any(absolute in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("28", "mlflow translates the model into java so every platform can load it"),
        (
            "37",
            "delta keeps every old version of the table anyway, so there is no need to "
            "record which one you trained on",
        ),
    ],
)
def test_a_false_claim_against_the_point_makes_a_right_start_incorrect(
    grader: Grader, card: str, answer: str
) -> None:
    """Translating the model to another language (no packaging) and "no need to
    record the version" each contradict the card's point: incorrect, naming the
    claim. (Automatic promotion beside a right "test before Production" is
    partial: `test_grading_added_claims.py`.)"""
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", (result.verdict, result.reasons)
    assert result.false_claim


def test_code_set_aside_with_instead_of_is_no_false_claim(grader: Grader) -> None:
    """ "models:/churn@champion instead of a dbfs:/ path" contrasts the card's
    point with the wrong way: the DBFS path is not claimed."""
    result = grader.grade(
        "16",
        "load models:/churn@champion instead of dbfs:/models/churn_v3.pkl: versions are "
        "numbered, stage transitions are tracked, there's an audit trail and one source "
        "of truth for deployments",
    )
    assert result.verdict == "correct", (result.verdict, result.reasons)
    assert result.false_claim is None


def test_always_in_a_story_the_learner_tells_is_no_rule(grader: Grader) -> None:
    """ "after it, prod always pulled the right one" tells what happened on the
    learner's project; it invents no rule about the tool."""
    story = (
        "Before the registry we kept pickles on S3 and nobody knew which one prod loaded. "
        "After it, prod always pulled the right one, versions were numbered, stage "
        "transitions were logged and we had an audit trail in one source of truth"
    )
    assert grader.grade("16", story).verdict == "correct"


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("32", "one notebook for dev, prod and backfills with different settings, no edits"),
        ("32", "you only change the yaml file, not the program, to go from test to prod"),
        ("32", "no hardcoded paths or params, so the same script runs in dev and in prod"),
        (
            "35",
            "knowing for each model which data and which code produced it and where it is "
            "running now",
        ),
    ],
)
def test_plain_words_for_unchanged_code_and_deployments(
    grader: Grader, card: str, answer: str
) -> None:
    """ "no edits", "not the program", "no hardcoded paths" say the code stays
    as it is; "where it is running now" says where the model is deployed."""
    result = grader.grade(card, answer)
    assert result.verdict == "correct", (result.verdict, result.reasons)


def test_a_word_written_only_in_a_cards_examples_is_not_a_typo(grader: Grader) -> None:
    """ "scored" is written in the deck's examples only; a typo fix must not
    turn it into "stored" (and lose batch scoring)."""
    result = grader.grade(
        "1",
        "we built features and trained the model on a Spark cluster, then every night "
        "scored all customers there too, tracked in MLflow",
    )
    assert "batch scoring" in result.found


def test_a_dropped_letter_is_read_before_another_word_one_edit_away(grader: Grader) -> None:
    """ "traking" is one letter short of "tracking" and one letter off "tracing":
    the dropped letter is the likelier typo."""
    result = grader.grade("5", "mlflow traking, mlflow models and the model registry")
    assert result.verdict == "correct", (result.verdict, result.reasons)


def test_a_databricks_job_run_is_not_an_mlflow_run(grader: Grader) -> None:
    """A job run (the Jobs UI's runs tab, repairing a failed task) answers with
    the other product's "run": incorrect, whatever words it shares."""
    result = grader.grade(
        "7",
        "one scheduled execution of a Databricks job. You find it in the job's Runs tab "
        "and can repair the run when a task fails.",
    )
    assert result.verdict == "incorrect", (result.verdict, result.reasons)


def test_a_doubt_is_neither_a_denial_nor_a_claim(grader: Grader) -> None:
    """ "not sure it does X" doubts X: the answer does not negate X (no
    incorrect for a denial), does not earn it either, and an answer that
    says every point but doubts one of them is partial."""
    doubted = grader.grade(
        "1",
        "you build the features and train models with spark on big clusters, "
        "not sure it does batch scoring too",
    )
    assert doubted.verdict == "partial", (doubted.verdict, doubted.reasons)
    assert "batch scoring" not in doubted.found
    assert "batch scoring" not in doubted.contradicted
    hedged = grader.grade(
        "36",
        "log the delta table version and path as a param on the run, "
        "though I'm not sure delta keeps versions",
    )
    assert hedged.verdict == "partial", (hedged.verdict, hedged.reasons)


def test_scoring_on_the_driver_is_a_false_claim(grader: Grader) -> None:
    """The right considerations plus "run it on the driver": partial, and the
    feedback names the claim and corrects it."""
    result = grader.grade(
        "25",
        "mind the UDF serialization overhead and broadcast the model once; the "
        "stateless inference code should run on the driver",
    )
    assert result.verdict == "partial", (result.verdict, result.reasons)
    assert result.false_claim and "driver" in result.false_claim


@pytest.mark.parametrize(
    ("card", "answer", "point"),
    [
        (
            "4",
            "every model our team trained sent its params and metrics to one tracking "
            "database so we could compare",
            "tracks experiments",
        ),
        ("38", "train, log to mlflow, upload to the registry, staging, production", None),
        ("25", "like Lambda: load the model outside the handler, not per request", None),
    ],
)
def test_what_a_team_did_and_other_tools_words(
    grader: Grader, card: str, answer: str, point: str | None
) -> None:
    """Tracking told as what the team's runs did, "upload to the registry" for
    registering, and loading a model outside a serverless handler (by analogy,
    partial) each earn their point."""
    result = grader.grade(card, answer)
    assert result.verdict != "incorrect", (result.verdict, result.reasons)
    if point is not None:
        assert point in result.found


@pytest.mark.parametrize(
    ("card", "answer", "expected"),
    [
        (
            "19",
            "jobs run the training notebooks, log the runs to MLflow and put them on a "
            "schedule, and then a job replaces MLflow tracking altogether",
            "incorrect",
        ),
        (
            "29",
            "sharing feature tables, sharing the feature pipelines, one definition used by "
            "many models, and reusing one trained model for every use case",
            "incorrect",
        ),
        (
            "13",
            "to log custom metrics and artifacts autologging doesn't capture by default; "
            "you have to turn autologging off first",
            "partial",
        ),
        (
            "8",
            "a group of related runs for one project, basically the same thing as a "
            "registered model",
            "partial",
        ),
    ],
)
def test_common_false_claims_of_the_built_in_deck(
    grader: Grader, card: str, answer: str, expected: str
) -> None:
    """Jobs replacing tracking, one trained model reused for everything, turning
    autologging off before logging by hand, an experiment as a registered
    model: common wrong beliefs, caught next to a right answer."""
    result = grader.grade(card, answer)
    assert result.verdict == expected, (result.verdict, result.reasons)


def test_not_redoing_something_keeps_the_something(grader: Grader) -> None:
    """ "you don't re-create the same features for each model, you share them"
    denies the redoing: the shared features are said, not negated."""
    result = grader.grade(
        "29",
        "you don't re-create the same feature tables for each model, the models share them",
    )
    assert result.verdict != "incorrect", (result.verdict, result.reasons)
    assert "same feature pipelines/tables" not in result.contradicted


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (
            "14",
            "the model zipped up with everything it needs: its code and the library "
            "versions, and it can be read different ways depending on the tool, for deployment",
        ),
        (
            "8",
            "the folder of a project where all the tries of training that belong together are kept",
        ),
    ],
)
def test_a_box_with_everything_and_tries_that_belong_together(
    grader: Grader, card: str, answer: str
) -> None:
    """A model "zipped up with everything it needs" read "different ways
    depending on the tool" is an MLflow Model; a project's training tries
    "that belong together" are an experiment."""
    result = grader.grade(card, answer)
    assert result.verdict == "correct", (result.verdict, result.reasons)


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("6", "you point it at a server with the MLFLOW_TRACKING_URI variable"),
        ("10", "the cluster's stdout and stderr plus the spark event logs"),
        ("11", 'mlflow.log_metric("rmse", rmse) after training'),
        ("14", "we pickle it with joblib and upload the pkl to a bucket"),
        ("31", "you clone your git repo into the workspace"),
        ("36", "mlflow.log_param('data', 'latest version of the table')"),
    ],
)
def test_an_answer_about_a_neighbouring_thing_is_incorrect(
    grader: Grader, card: str, answer: str
) -> None:
    """Configuring the tracking server, cluster logs, a manual log call for
    autologging, a bare pickle, cloning a repo, a notebook chart, logging
    "latest": each shares a word with the card and answers something else."""
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", (result.verdict, result.reasons)


def test_a_notebook_chart_is_no_experiments_ui(grader: Grader) -> None:
    """A notebook chart of metrics is named as the wrong thing, whatever else
    the answer gets right."""
    result = grader.grade("33", "call display() on the metrics dataframe in the notebook")
    assert result.verdict != "correct"
    assert result.false_claim and "display" in result.false_claim
