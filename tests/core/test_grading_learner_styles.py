# ruff: noqa: E501  (tables of typed answers read best one per line)
"""General rules for answers in a learner's own style, on the built-in deck
(issue 12, sixth writer's answers as tuning material). The answers are written
for this test, in the ways learners type them; each asserts the verdict and
what the feedback shows.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader

# -- how far a negation reaches ---------------------------------------------------


def test_a_subject_after_instead_of_opens_the_statement_that_is_said(grader: Grader) -> None:
    # "instead of SQL" sets aside SQL; "it runs the trained model" is said.
    result = grader.grade(
        "23",
        "instead of SQL it runs the trained model over every row of a big Delta table and writes the predictions out",
    )
    assert result.verdict == "correct", result.reasons
    assert result.contradicted == []
    # What "instead of" takes is still set aside.
    result = grader.grade(
        "23", "instead of a model it runs a SQL query over every row of a big Delta table"
    )
    assert result.verdict == "partial"
    assert "apply a trained model to generate predictions" in result.missed


def test_a_negated_condition_and_its_negated_consequence_state_a_need(grader: Grader) -> None:
    # "if you can't X, you can't Y": X is needed for Y, neither is denied.
    result = grader.grade(
        "37",
        "if you cannot get back the exact rows a model was trained on you cannot debug it or pass an audit",
    )
    assert result.verdict == "correct", result.reasons
    assert result.contradicted == []
    # One negation with no condition still denies.
    result = grader.grade(
        "37",
        "models depend on the exact data snapshot but you do not need it for debugging or audits",
    )
    assert result.verdict == "incorrect"
    assert "debugging and audits" in result.contradicted


def test_a_thing_that_does_not_know_is_no_doubt_of_the_learner(grader: Grader) -> None:
    result = grader.grade(
        "13",
        "autologging does not know my custom metrics, so I call mlflow.log_metric and log_artifact for them",
    )
    assert result.verdict == "correct", result.reasons
    # The learner's own doubt still makes it partial.
    result = grader.grade(
        "13", "I honestly don't know if autologging misses custom metrics and artifacts"
    )
    assert result.verdict == "partial"
    assert "doubt" in " ".join(result.reasons)


# -- a mix-up's words are one claim -------------------------------------------------


def test_a_mix_up_phrase_does_not_join_two_items_of_a_list(grader: Grader) -> None:
    # "logging ... package" read across the comma made the three components a
    # "logging library" mix-up.
    result = grader.grade(
        "5", "experiment logging, a model package format, and a registry for versions"
    )
    assert result.verdict == "correct", result.reasons
    assert result.confusion is None
    # Said as one claim, the mix-up still counts.
    result = grader.grade("5", "it is one logging library for python")
    assert result.verdict == "incorrect"
    assert "separate components" in (result.confusion or "")


# -- the deck's evidence: families of phrasings learners use -------------------------


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # The three components described by what they do, not named.
        (
            "5",
            "the record of every training run, a packaging format for models, and a central catalog where versions get promoted",
        ),
        # Stages said as "testing" and "live".
        (
            "15",
            "a central catalog that keeps every version of a model and marks which one is in testing and which one is live",
        ),
        # Registering in code makes the numbered versions.
        (
            "15",
            "mlflow.register_model(uri, 'fraud') gives v4; client.transition_model_version_stage('fraud', 4, 'Staging')",
        ),
        # Tracking as "the tracking side", runs as "trials".
        (
            "41",
            "Databricks crunches the data and trains at scale; the tracking side keeps a record of every trial, the versions of each model, and hands the chosen one to batch or live scoring",
        ),
        # UDF overhead, broadcasting and statelessness in plain words.
        (
            "25",
            "sending the pickled model to every executor costs time so broadcast it once per executor; a row at a time python udf is slow, so score in batches with a pandas udf; keep no state between calls",
        ),
        # Fitting said as sitting comfortably on one box.
        (
            "3",
            "if it all sits comfortably on one box stay there; when it outgrows the box's memory spread it over a cluster",
        ),
        # Lineage's data named through the input table's Delta version.
        (
            "35",
            "the registered version points to its run, the run has the git commit and the input table's Delta version, and the serving endpoint points to the version",
        ),
        # The work cut into chunks for machines working at the same time.
        (
            "2",
            "the data is chopped into chunks that lots of machines work on at the same time, so joins and sums over terabyte tables finish fast",
        ),
        # What was saved, named by its kind (a learning rate, an RMSE, a curve).
        (
            "6",
            "for every attempt we saved the learning rate, the RMSE and the loss curve image, so later we could compare them and rerun the winner",
        ),
        # The package said as the model stored together with its dependencies.
        (
            "14",
            "basically the trained model stored together with its dependencies, loadable through several flavors like sklearn or pyfunc",
        ),
        # A person who checks it is the review; "validate, then swap into prod".
        (
            "18",
            "you try the candidate in a qa place first, and a lead has to check it before it goes live",
        ),
        (
            "18",
            "like a staging slot in a web app: validate the new build, a reviewer signs off, then swap it into prod",
        ),
        # Multi-node for distributed; the overhead not worth it.
        (
            "3",
            "if everything fits on one box stay single node since the cluster overhead isn't worth it; otherwise go multi-node",
        ),
        # What a run holds, named by kind and seen in the UI.
        (
            "6",
            "each time I trained I could see the max depth, the RMSE and the pickled model, and later I reran the best one",
        ),
        # An experiment as another tool"s named container of jobs (not "one run").
        (
            "8",
            "like an experiment in Azure ML: one named container that groups the jobs you run for one problem",
        ),
        # Search said as digging up old runs.
        (
            "9",
            "like W&B projects: runs for one use case live together, so you can dig up old ones, compare them, and each use case keeps a clean history",
        ),
        # Flavors shown by the same folder loading in Spark and plain Python.
        (
            "14",
            "after saving I got a folder with an MLmodel file, a conda.yaml and the pickle, and it loaded in Spark for batch and as plain Python in our service",
        ),
        # Versions as version tags (v2 to v6).
        (
            "15",
            "our fraud model had v2 to v6 in one place; v4 was Production, v6 Staging, and a lead had to approve every move",
        ),
        # Dask's scatter for broadcasting; not shipping the model with every task.
        (
            "25",
            "as in Dask: don't ship the model with every task, scatter it once to the workers, and keep the predict function pure and fast",
        ),
        # A table picked up by other teams.
        (
            "29",
            "the customer_spend table I built got picked up by the fraud team and the pricing team, so nobody rewrote that logic",
        ),
        # The exact table read again for an audit.
        (
            "37",
            "a regulator asked why a loan was denied; we had logged the Delta version, so we read that exact table again, retrained and showed the same model",
        ),
        # Staging as where traffic is replayed, then a sign-off.
        (
            "18",
            "every new version sits in Staging while we replay last week's traffic against it, and it moves to Production only after the owner signs off",
        ),
        # Consistency told by its absence (definitions that disagreed) and the same definition everywhere.
        (
            "30",
            "the two teams calculated revenue differently and their dashboards disagreed; with one shared feature table nobody copies the logic, the definition is the same everywhere and a fix happens once",
        ),
        # "Nobody edits the notebook": the code is not modified.
        (
            "32",
            "one training notebook reads a yaml per environment, so it trains on a month of dev data or two years in prod and nobody edits the notebook",
        ),
        # Finding last winter's model by sorting its experiment by a metric.
        (
            "9",
            "my lead wanted last winter's best churn model: I opened the churn experiment, sorted by F1 and found it in seconds instead of scrolling through hundreds of unrelated runs",
        ),
        # Settings that gave the best score; run again later.
        (
            "22",
            "you can see which settings gave the best score, chart how the metric moves, and run the good ones again later",
        ),
        # Scoring lots of rows at once, hedged.
        ("23", "I think it means scoring lots of rows at once rather than one request at a time?"),
        # About to try something, saw it had been tried.
        (
            "34",
            "a colleague was about to try class weights, searched our shared experiment, saw I had tried it, and started from my best run",
        ),
        # Saw that the idea had scored worse: the duplicate effort avoided.
        (
            "34",
            "someone was about to test a deeper forest, saw in the shared experiment that it had scored worse, and built on my best run instead",
        ),
        # Consistency as identically computed features.
        (
            "30",
            "less copy pasted code, every model gets identically computed features, and one place to fix a definition",
        ),
    ],
)
def test_a_point_said_in_a_learners_own_family_of_words_counts(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "correct", (result.reasons, result.missed)
    assert result.missed == [] or all(not p.required for p in result.points if p.status != "found")


def test_src_is_no_directory_per_stage(grader: Grader) -> None:
    result = grader.grade("31", "src/ and conf/ under git")
    assert result.verdict == "partial"
    assert "a directory per stage (prep, training, eval, deployment)" in result.missed


# -- a gate is no absolute; a mix-up added to a whole answer -----------------------


def test_only_after_sets_a_gate_not_a_limit(grader: Grader) -> None:
    result = grader.grade(
        "18",
        "you try the new version in a test environment first, and only after a reviewer approves it do you promote it to Production",
    )
    assert result.verdict == "correct", result.reasons
    assert result.false_claim is None


def test_a_mix_up_added_after_the_whole_answer_makes_it_partial(grader: Grader) -> None:
    # The right answer, then a mix-up in a clause of its own: right plus a false claim.
    result = grader.grade(
        "39",
        "set the older version back to Production in the registry; but the newer version has to be deleted first",
    )
    assert result.verdict == "partial", result.reasons
    assert "make an earlier version Production again (or point serving at it)" in result.found
    # The claim as typed, not the words of it the card knows.
    assert result.false_claim == "but the newer version has to be deleted first"
    assert any("keeps every version" in r for r in result.reasons)
    # The mix-up alone, or as one more item of a list, is still incorrect.
    assert (
        grader.grade("39", "delete the new version and retrain the old one").verdict == "incorrect"
    )
    result = grader.grade(
        "22",
        "compare configs, chart metrics, rerun good ones, promote the best to production automatically",
    )
    assert result.verdict == "incorrect"


def test_whatever_after_a_verb_is_what_it_takes_not_indifference(grader: Grader) -> None:
    # "loads whatever is in Production": what the job loads, not "no matter what".
    result = grader.grade(
        "16",
        "numbered versions, promotions from Staging to Production with a history of who did them, and the scoring job loads whatever is in Production",
    )
    assert result.verdict == "correct", result.reasons
    assert result.contradicted == []
    # "the same model whatever data" still says the data makes no difference.
    result = grader.grade("37", "you get the same model whatever data you train on")
    assert "models depend on the exact data snapshot" not in result.found


# -- noisy typing -------------------------------------------------------------------


def test_chat_spellings_with_a_dropped_g_read_as_their_words(grader: Grader) -> None:
    result = grader.grade(
        "12", "wen ur tryin lots of xgboost models real fast n dont wanna write log calls"
    )
    assert result.verdict == "correct", result.reasons
    assert "during iterative experimentation" in result.found
    # A word that only ends in "in" is no dropped "g".
    assert [t.word for t in grader.tokens("a plugin domain")] == ["a", "plugin", "domain"]


@pytest.mark.parametrize(
    ("card", "answer", "verdict", "why"),
    [
        # An experiment is no registered model: right, plus that claim, is partial.
        (
            "8",
            "a group of related runs for one project, and it is the same thing as a registered model",
            "partial",
            "a registered model is a versioned model",
        ),
        # Custom metrics are what autologging does not capture.
        (
            "11",
            "it automatically logs params, metrics and the model for supported libraries without log calls, even custom business metrics",
            "incorrect",
            "custom metrics still need explicit log calls",
        ),
        # The cluster's usage is no part of a run.
        (
            "10",
            "hyperparameters, metrics, the model pickle, plots, the conda env and the cluster's memory usage",
            "incorrect",
            "infrastructure monitoring",
        ),
        # A hand-written loop is what autologging does not cover.
        (
            "11",
            "it records params, metrics and the model by itself for supported libraries, and it also covers any handwritten training loop",
            "incorrect",
            "not for any code or custom training loop",
        ),
        # Jobs do not serve models behind endpoints.
        (
            "19",
            "a job runs the training notebook, logs the run to mlflow on a schedule, and also hosts the model behind a REST endpoint",
            "incorrect",
            "is Model Serving, not a job",
        ),
        # A batch size is no batch scoring.
        ("23", "scoring the model on the test set in batches of 64", "incorrect", "mini-batches"),
        # MLflow can hold a data version.
        (
            "36",
            "use DVC for the delta tables, mlflow cannot store that",
            "incorrect",
            "MLflow can hold it",
        ),
        # Time travel does not make recording the version unnecessary.
        (
            "37",
            "models depend on the exact data snapshot and you need it for audits, but with time travel you never need to record the version",
            "incorrect",
            "only the version you recorded",
        ),
        # Retraining automatically is no part of monitoring: partial, named.
        (
            "40",
            "log predictions and features to delta, compute drift in a scheduled job and retrain automatically",
            "partial",
            "without looking at drift",
        ),
    ],
)
def test_a_common_false_claim_of_the_card_is_named(
    grader: Grader, card: str, answer: str, verdict: str, why: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == verdict, result.reasons
    assert why in " ".join(result.reasons)


@pytest.mark.parametrize(
    ("card", "answer", "wrong", "why"),
    [
        # Custom code is what autologging does not cover.
        ("12", "sklearn, xgboost, and our homegrown models", "homegrown models", "custom code"),
        # The training data is no part of the package: the item that says so is named.
        (
            "14",
            "a packaged model with its code, conda env, flavors and the training data",
            "flavors and the training data",
            "does not contain the training data",
        ),
        # Deleting old versions is no step of a training job.
        (
            "20",
            "read features from delta, train, evaluate, log to mlflow, then delete the old versions",
            "then delete the old versions",
            "does not delete the old ones",
        ),
        # Archived is no review stage.
        (
            "38",
            "train, log, register, move it to Archived for review, then Production",
            "Archived for review",
            "Archived is for retired versions",
        ),
    ],
)
def test_a_common_false_step_or_item_is_named_and_corrected(
    grader: Grader, card: str, answer: str, wrong: str, why: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", result.reasons
    assert result.false_claim == wrong
    assert why in " ".join(result.reasons)


def test_an_old_problem_told_before_the_answer_is_no_denial(grader: Grader) -> None:
    # "Before, ... I could not find ...": the problem experiments solve, not a
    # denial that runs can be searched.
    result = grader.grade(
        "9",
        "Before, our runs were all mixed together and I could not find last month's best model. With one experiment per use case I sort them by AUC, compare them in seconds, and each use case keeps its own history.",
    )
    assert result.verdict == "partial", result.reasons
    assert result.contradicted == []
    assert result.missed == ["search past runs"]
    # A denial in the only sentence still denies.
    result = grader.grade("9", "you cannot search past runs, only compare them per project")
    assert "search past runs" in result.contradicted


def test_half_its_own_points_is_no_answer_to_another_card(grader: Grader) -> None:
    # Tracking and the Registry by example, Models missing: partial, not "answers
    # another question" for being close to Tracking's own card.
    result = grader.grade(
        "5",
        "we log our runs from notebooks and register the winner so the registry keeps its versions",
    )
    assert result.verdict == "partial", result.reasons
    assert result.confusion is None
    assert result.missed == ["MLflow Models"]
