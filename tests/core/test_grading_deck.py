# ruff: noqa: E501  (tables of typed answers read best one per line)
"""The built-in deck, graded as learners type: one table per family of cards.

Each row is a typed variant (paraphrase, terse, typo, reordered list,
partial, negation, question echo, known confusion, empty) with the verdict a
careful human grader gives it. These wordings are not in the dev set.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


def check(grader: Grader, card: str, answer: str, expected: str) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == expected, (
        f"card {card}: {answer!r} -> {result.verdict} (found {result.found}, "
        f"contradicted {result.contradicted}, confusion {result.confusion!r})"
    )


DATABRICKS_ROLE = [
    # card 1: the role of Databricks
    (
        "1",
        "scalable place to do feature engineering, train models and run batch scoring on spark, with mlflow built in",
        "correct",
    ),  # paraphrase
    (
        "1",
        "dbx: feature eng + model training + batch inference at scale (spark, python, mlflow)",
        "correct",
    ),  # terse
    ("1", "feature engneering, trainig and batch scorng at scale", "correct"),  # typos
    ("1", "it's where you train models", "partial"),  # one of three
    ("1", "the main role of databricks in ml workflows", "incorrect"),  # echo
    ("1", "", "incorrect"),  # empty
    # card 3: distributed vs single node
    (
        "3",
        "if the data or model won't fit in one machine's memory go distributed, otherwise use a single node with sklearn or xgboost to avoid the distributed overhead",
        "correct",
    ),
    ("3", "single node when it fits in memory", "partial"),
    ("3", "go distributed when the data fits in one machine's memory", "incorrect"),  # reversed
]

MLFLOW_OVERVIEW = [
    # card 5: the three components, a list in any order
    ("5", "MLflow Tracking, MLflow Models and the Model Registry", "correct"),
    ("5", "model registry, mlflow models, tracking", "correct"),  # reordered
    ("5", "tracking and the registry", "partial"),  # two of three
    ("5", "Tracking, Models and the Registry", "correct"),  # "Models" named on its own
    ("5", "tracking and the model registry", "partial"),  # "model registry" is one thing
    ("5", "experiments, runs and metrics", "incorrect"),  # confusion with tracking concepts
    ("5", "the three main components of mlflow", "incorrect"),  # echo
]

TRACKING = [
    # card 6: what Tracking is for
    (
        "6",
        "it logs params, metrics, artifacts and the code version of each run so runs can be compared and reproduced",
        "correct",
    ),
    ("6", "logging metrics", "partial"),
    ("6", "it does not log parameters or metrics", "incorrect"),  # negation
    ("6", "promoting model versions from staging to production", "incorrect"),  # registry confusion
    # card 7 and 8: run vs experiment
    (
        "7",
        "one execution of training code whose params, metrics and artifacts get logged together as a unit",
        "correct",
    ),
    ("7", "a group of related runs for one project", "incorrect"),  # that's an experiment
    ("8", "a logical grouping of related runs, usually one per project or notebook", "correct"),
    ("8", "a single execution of training code", "incorrect"),  # that's a run
    (
        "8",
        "scalable spark environment for feature engineering, model training and batch scoring with mlflow",
        "incorrect",
    ),  # card 1's answer: only an optional point of card 8
    # card 13: explicit logging despite autolog
    (
        "13",
        "to log custom metrics, artifacts or metadata that autologging doesn't capture by default",
        "correct",
    ),
    ("13", "for custom metrics", "partial"),
    ("13", "you wouldn't, autolog captures everything", "incorrect"),  # denial
]

MODELS_AND_REGISTRY = [
    # card 14: MLflow Model
    (
        "14",
        "a packaged model format with code, environment specs and several flavors like pyfunc or sklearn, for deployment",
        "correct",
    ),
    ("14", "a central store of model versions and stages", "incorrect"),  # registry confusion
    # card 17: stages, a list in any order
    ("17", "Archived, None, Production, Staging", "correct"),  # reordered
    ("17", "none, stagng, prodution, archivd", "correct"),  # typos
    ("17", "staging, production and archived", "partial"),  # three of four
    ("17", "there are no stages, every registered model is live", "incorrect"),  # negation
    # card 18: why Staging
    (
        "18",
        "you test the model outside production and get it reviewed before promoting it to production",
        "correct",
    ),
    ("18", "staging serves the live production traffic so you can skip testing", "incorrect"),
    (
        "18",
        "you try the model somewhere that isn't production before promoting it, with a review step",
        "correct",
    ),  # "isn't production" is the point
    (
        "2",
        "it is built on spark, so it's not limited to one machine's memory",
        "partial",
    ),  # no sampling claim
    # card 38: the deployment flow, in order
    (
        "38",
        "train, log to mlflow, register, promote to staging for tests, promote to production once validated, then serve it in batch or online",
        "correct",
    ),
    (
        "38",
        "train, deploy straight to production, then register it in staging afterwards",
        "incorrect",
    ),  # wrong order
    # card 39: rollback
    (
        "39",
        "mark the earlier registered version as Production again, or point the serving at the old version",
        "correct",
    ),
    ("39", "you can't roll back, old versions are deleted", "incorrect"),  # negation
    # A stage moved back by the registry's own verb, the version by its number.
    ("39", "transitioned v8 back to Production", "correct"),
    ("39", "transitioned the new model to production", "incorrect"),
]

JOBS_AND_TUNING = [
    (
        "19",
        "jobs run the training notebooks or scripts on a schedule and each run logs to mlflow, so training pipelines are repeatable",
        "correct",
    ),
    ("19", "a job can run a notebook", "partial"),
    (
        "21",
        "loop over parameter configurations or use hyperopt, and log every configuration as its own mlflow run",
        "correct",
    ),
    ("21", "use hyperopt", "partial"),
    ("21", "turn on autologging and it picks the best hyperparameters for you", "incorrect"),
]

SCORING_AND_SERVING = [
    (
        "23",
        "applying a trained model to a big delta or parquet dataset to produce predictions, usually as a scheduled job",
        "correct",
    ),
    (
        "23",
        "putting the model behind a REST endpoint that answers each request in real time",
        "incorrect",
    ),  # online
    (
        "24",
        "load the features as a dataframe, apply a pandas udf wrapping the model, and write the predictions back to a delta table",
        "correct",
    ),
    ("24", "with a spark udf", "partial"),
    (
        "26",
        "deploying models behind real-time endpoints with databricks model serving, mlflow serving or external infra that loads the mlflow model",
        "correct",
    ),
    ("26", "scoring a big table every night with a scheduled job", "incorrect"),  # batch
]

FEATURES_AND_PROJECTS = [
    (
        "29",
        "using the same feature pipelines and tables across many models instead of re-implementing the feature logic in every project",
        "correct",
    ),
    (
        "29",
        "copying the feature code into each project so every model has its own version",
        "incorrect",
    ),
    (
        "30",
        "less duplication, more consistency, and feature logic maintained in one place",
        "correct",
    ),
    ("30", "consistency", "partial"),
    (
        "32",
        "the same code runs in different environments, data ranges or hyperparameters without changing the code",
        "correct",
    ),
    ("32", "it doesn't help, you still have to edit the code for every environment", "incorrect"),
]

LINEAGE_AND_MONITORING = [
    ("36", "log the delta table version and path as mlflow run parameters or tags", "correct"),
    ("36", "use delta time travel", "partial"),
    ("36", "register the dataset in the model registry", "incorrect"),
    (
        "37",
        "the model depends on the exact data snapshot, and rebuilding that training data is essential for debugging and audits",
        "correct",
    ),
    (
        "40",
        "log predictions and key features to delta tables, then scheduled jobs compute drift and performance metrics over time",
        "correct",
    ),
    ("40", "save the predictions to a table", "partial"),
    ("40", "check the spark ui for executor memory", "incorrect"),
    (
        "41",
        "databricks builds feature pipelines and trains at scale; mlflow tracks experiments, manages model versions and connects models to batch or online serving",
        "correct",
    ),
    (
        "41",
        "mlflow runs the feature pipelines and training while databricks tracks the experiments and model versions",
        "incorrect",
    ),  # swapped roles
]


@pytest.mark.parametrize(("card", "answer", "expected"), DATABRICKS_ROLE)
def test_databricks_role(grader: Grader, card: str, answer: str, expected: str) -> None:
    """Databricks' role: all three jobs for correct, one for partial, echo and reversal wrong."""
    check(grader, card, answer, expected)


@pytest.mark.parametrize(("card", "answer", "expected"), MLFLOW_OVERVIEW)
def test_mlflow_overview(grader: Grader, card: str, answer: str, expected: str) -> None:
    """MLflow's components: every item in any order; tracking concepts are not components."""
    check(grader, card, answer, expected)


@pytest.mark.parametrize(("card", "answer", "expected"), TRACKING)
def test_tracking(grader: Grader, card: str, answer: str, expected: str) -> None:
    """Tracking, runs and experiments: a run is not an experiment, and negations are wrong."""
    check(grader, card, answer, expected)


@pytest.mark.parametrize(("card", "answer", "expected"), MODELS_AND_REGISTRY)
def test_models_and_registry(grader: Grader, card: str, answer: str, expected: str) -> None:
    """Models and the registry: stages in any order, the deployment flow in order."""
    check(grader, card, answer, expected)


@pytest.mark.parametrize(("card", "answer", "expected"), JOBS_AND_TUNING)
def test_jobs_and_tuning(grader: Grader, card: str, answer: str, expected: str) -> None:
    """Jobs and tuning: a method alone is partial; autologging does not tune."""
    check(grader, card, answer, expected)


@pytest.mark.parametrize(("card", "answer", "expected"), SCORING_AND_SERVING)
def test_scoring_and_serving(grader: Grader, card: str, answer: str, expected: str) -> None:
    """Batch scoring and online serving are not each other."""
    check(grader, card, answer, expected)


@pytest.mark.parametrize(("card", "answer", "expected"), FEATURES_AND_PROJECTS)
def test_features_and_projects(grader: Grader, card: str, answer: str, expected: str) -> None:
    """Feature reuse and configuration: copying logic is the opposite of reuse."""
    check(grader, card, answer, expected)


@pytest.mark.parametrize(("card", "answer", "expected"), LINEAGE_AND_MONITORING)
def test_lineage_and_monitoring(grader: Grader, card: str, answer: str, expected: str) -> None:
    """Data versions, monitoring and the mental model: swapped roles are wrong."""
    check(grader, card, answer, expected)
