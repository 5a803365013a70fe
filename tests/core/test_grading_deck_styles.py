# ruff: noqa: E501  (tables of typed answers read best one per line)
"""The built-in deck, answered in learners' other styles: code, examples,
other tools, aliases, false claims, lists with a wrong item, off-topic.

Each row is written for this test (not taken from the labeled sets) with the
verdict the shared rubric gives it.
"""

from __future__ import annotations

import pytest

from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.grading.grader import Grader

ALIAS = "MLflow now prefers model aliases"


# (card, answer, verdict)
STYLES = [
    # In code or API names.
    (
        "11",
        "mlflow.autolog() and then fit: params, metrics and the model are logged without any log calls",
        "correct",
    ),
    (
        "36",
        'mlflow.log_param("data_version", DeltaTable.forName(spark, "feat").history(1).collect()[0].version)',
        "correct",
    ),
    (
        "24",
        'preds = mlflow.pyfunc.spark_udf(spark, "models:/m/1"); spark.table("f").withColumn("p", preds(*cols)).write.saveAsTable("out")',
        "correct",
    ),
    ("7", 'mlflow.create_experiment("attempt_1")', "incorrect"),
    # By example.
    (
        "40",
        "we append every request and its prediction to a delta table and a nightly job checks drift and accuracy over time",
        "correct",
    ),
    (
        "9",
        "when I came back after a month I could still find my old runs for that project and line the models up side by side",
        "correct",
    ),
    # Other tools.
    (
        "8",
        "it is what a W&B project is: the place all the related runs of one task land",
        "correct",
    ),
    (
        "2",
        "same as Snowflake: the warehouse spreads the joins over many machines for TB tables",
        "partial",
    ),
    ("4", "it's the Airflow of ML: it schedules and orchestrates your pipelines", "incorrect"),
    # A right answer plus a false claim, and a list with a wrong item.
    (
        "19",
        "jobs run the training notebooks that log runs to MLflow on a schedule, but a job can only log if autologging is on",
        "partial",
    ),
    ("17", "None, Staging, Production, Deprecated", "incorrect"),
    (
        "10",
        "hyperparameters, train and validation metrics, the pickled model, plots, environment, and a full copy of the raw training data",
        "incorrect",
    ),
    # Off-topic with one key noun.
    ("20", "Delta tables keep old versions you can query with VERSION AS OF", "incorrect"),
    ("26", "serving endpoints are billed per hour in DBUs", "incorrect"),
    # Hedged and noisy.
    (
        "6",
        "i think it logs the params and metrics of each run? so you can compare them later maybe",
        "correct",
    ),
    ("38", "train log regstr stging(tests) prod serve", "correct"),
    # By example and in other words (a fourth writer's styles, 2026-12-06).
    (
        "3",
        "spin up several nodes only when one box cannot hold the data or the model; otherwise a single instance is fine",
        "correct",
    ),
    (
        "8",
        "in our team every attempt at the pricing model sat in one of those, one per project",
        "correct",
    ),
    (
        "9",
        "so I can sort the runs by rmse, find the old ones again, and each project keeps its own history",
        "correct",
    ),
    ("12", "with sklearn, lightgbm and a hand-written numpy training loop", "incorrect"),
    ("14", "the Model Serving endpoint that hosts your model behind REST", "incorrect"),
    (
        "16",
        "each version gets a number, every move to production is recorded with who did it, and the scoring job asks for Production instead of a file path",
        "correct",
    ),
    (
        "18",
        "we put new versions in staging, QA tested them there, and we only promoted to production after sign-off",
        "correct",
    ),
    # By example, false claims and other tools' UIs (fourth writer, second pass).
    (
        "22",
        "after the search I looked at the parallel coordinates plot, saw that lower learning rates kept winning, and re-launched the best config on the full data",
        "correct",
    ),
    (
        "23",
        "each morning a job runs the churn model over every account in the lake table and stores a score per account",
        "correct",
    ),
    (
        "26",
        "the app calls the endpoint for every order and gets a fraud score back within a few milliseconds",
        "correct",
    ),
    (
        "28",
        "a standard package you can load anywhere as a pyfunc; it also compiles the model to Java bytecode for the JVM",
        "partial",
    ),
    (
        "29",
        "the features table we made for the churn model is now also read by the upsell and pricing models",
        "correct",
    ),
    (
        "30",
        "less duplication, consistent numbers, and every team keeps its own copy of the feature code",
        "incorrect",
    ),
    (
        "34",
        "shared history of runs, no duplicated work, but it stops colleagues from seeing each other's runs",
        "incorrect",
    ),
    ("36", "delta time travel version maybe logged somewhere", "partial"),
    (
        "37",
        "to rebuild the exact training snapshot for debugging and audits; it also stops data drift",
        "partial",
    ),
    ("11", "it saves my notebook automatically every few minutes", "incorrect"),
    ("6", "like CloudWatch: it tracks the CPU and memory of each node", "incorrect"),
    # Other tools' registries and runs, false claims and mix-ups (third pass).
    (
        "4",
        "basically SageMaker Experiments plus a model registry plus a standard packaging format for deployment, but open source",
        "correct",
    ),
    (
        "7",
        "same as a wandb run: one go of the training script with its hyperparameters and metrics",
        "correct",
    ),
    ("8", "an experiment is each time we retrain the model with new settings", "incorrect"),
    (
        "9",
        "I could compare the March runs and found the best one in a minute instead of digging through a pile, since each project has its own experiment",
        "correct",
    ),
    ("16", "files get messy", "partial"),
    (
        "21",
        "a loop or Hyperopt, each config logged as a run, and the Model Registry tries the hyperparameters for you",
        "incorrect",
    ),
    ("24", "spark udfs are slow, avoid them", "incorrect"),
    ("39", "delete the bad new version and retrain the previous one", "incorrect"),
    (
        "14",
        "like a Docker image of the model: code, environment and several flavors, ready for deployment",
        "correct",
    ),
    # Rules that reach other writers: a mix-up's words that earned a point, a closing 'like <tool>', 're' + a known word, a model called 'pricing' (fourth writer, second set).
    (
        "23",
        "Azure ML batch endpoints do this: score a big stored dataset with a trained model, offline",
        "correct",
    ),
    (
        "38",
        "train, log, register the model package, approve it, deploy it to an endpoint, like SageMaker",
        "partial",
    ),
    (
        "28",
        "the web team loaded the logged model with mlflow.pyfunc.load_model in their Flask app; nobody had to repackage it",
        "correct",
    ),
    (
        "26",
        "our pricing model sits on a Databricks serving endpoint and answers each checkout request in real time",
        "correct",
    ),
    (
        "36",
        "at the start of training I read the feature table's current Delta version and logged it with the path as a run tag",
        "correct",
    ),
    # Examples and other tools' words for cards the first pass missed.
    (
        "1",
        "we built the features with PySpark on a cluster, trained the model on the same cluster, and a daily job produced forecasts for all stores, tracked in MLflow",
        "correct",
    ),
    ("3", "go with Horovod or Ray when the data is massive", "partial"),
    (
        "22",
        "after the tuning run I compared every trial in a table, saw the trend on the chart, and reran the best config a month later",
        "correct",
    ),
    (
        "27",
        "everything at our company runs on EKS and talks gRPC, so the model was served there with our own autoscaler",
        "correct",
    ),
    (
        "34",
        "I saw the LSTM had already been tried by a colleague, so I started from her best run",
        "correct",
    ),
    ("39", "like a Helm rollback to the previous release", "partial"),
    # Lists with one wrong item in the card's own words (fourth writer, third set).
    (
        "38",
        "train, log to MLflow, register, Staging for tests, Production once validated, then delete the old runs",
        "incorrect",
    ),
    (
        "24",
        "read the features as a DataFrame, score them with a pandas UDF wrapping the model, and save the predictions in the MLflow registry",
        "incorrect",
    ),
    (
        "29",
        "the same feature pipelines shared across models instead of re-implementing them, and each model keeps its own copy of the table",
        "incorrect",
    ),
    (
        "15",
        "a central store of model versions and their stages, plus the raw training data",
        "incorrect",
    ),
    (
        "10",
        "hyperparameters, train and validation metrics, the model pickle, plots, the conda env and the cluster's DBU bill",
        "incorrect",
    ),
    # Third set's misses: copying denied, deployments taking from the registry, a tool named alone.
    (
        "30",
        "when one bug is fixed in the shared pipeline every model gets the fix, we never copy the logic, and all numbers agree",
        "correct",
    ),
    (
        "16",
        "paths got confusing; the registry gives numbered versions, staging to production moves with a history of who changed what, and deployments always take the model from the registry",
        "correct",
    ),
    ("6", "it is basically our Weights & Biases equivalent", "partial"),
    # Code answers: a registry URI loaded by pyfunc is no registry mix-up; a data_prep/ folder is no data committed to git.
    (
        "28",
        'mlflow.pyfunc.load_model("models:/fraud/Production").predict(df) in any Python app, or mlflow models serve for a REST server',
        "correct",
    ),
    (
        "31",
        "project/ data_prep/ train/ eval/ deploy/ common/ conf/*.yaml, everything committed to git",
        "correct",
    ),
    # A reason clause ("it's less work") is a statement, not a wrong item.
    (
        "3",
        "Look at the size first. If data and model fit on one box, use one box, it\u2019s less work. Only spread it over the cluster when it won\u2019t fit.",
        "correct",
    ),
]


@pytest.mark.parametrize(("card", "answer", "expected"), STYLES)
def test_answers_in_other_styles(grader: Grader, card: str, answer: str, expected: str) -> None:
    """Code, examples, other tools, false claims, wrong items, off-topic,
    hedged and noisy answers get the verdict a careful grader gives."""
    result = grader.grade(card, answer)
    assert result.verdict == expected, (result.verdict, result.reasons, result.found)


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (
            "15",
            "a central store of model versions, where aliases like @champion mark the version in use",
        ),
        (
            "16",
            "versions are numbered, you move the champion alias instead of stages, every change is recorded, and serving loads models:/churn@champion from one place",
        ),
        (
            "38",
            "train, log it with mlflow, register it, point the @challenger alias at it for tests, then move @champion to it and serve it",
        ),
        ("39", "move the @champion alias back to the previous version"),
    ],
)
def test_registry_answers_with_aliases_are_correct_with_a_note(
    grader: Grader, card: str, answer: str
) -> None:
    """The Model Registry cards accept aliases as the modern stages: correct,
    with a note that MLflow now prefers aliases to stages."""
    result = grader.grade(card, answer)
    assert result.verdict == "correct", (result.reasons, result.found)
    assert any(ALIAS in note for note in result.notes)


def test_aliases_stand_for_some_stages_only(grader: Grader) -> None:
    """Champion and challenger say Production and Staging, not None or Archived:
    on the stages card they are partial, with the note."""
    result = grader.grade("17", "champion and challenger aliases")
    assert result.verdict == "partial"
    assert set(result.missed) == {"None", "Archived"}
    assert any(ALIAS in note for note in result.notes)


def test_the_seed_answers_about_stages_stay_correct(grader: Grader) -> None:
    """Stages are still the cards' answers: the reference answers grade correct."""
    for card in ("15", "16", "17", "18", "38", "39"):
        assert grader.grade(card, grader.deck.card(card).answer).verdict == "correct"


@pytest.mark.parametrize(
    ("card", "answer", "denied"),
    [
        (
            "18",
            "Staging lets you test models outside production, so models can go straight to production without a review workflow",
            "enforces a review workflow",
        ),
        (
            "30",
            "it reduces duplication and keeps features consistent, but you still maintain the logic in many places",
            "maintain/evolve in one place",
        ),
        (
            "2",
            "Spark DataFrames process TB-scale joins and aggregations on a single machine rather than a cluster",
            "Spark DataFrames, distributed over a cluster",
        ),
    ],
)
def test_the_checklist_never_ticks_what_the_answer_denies(
    grader: Grader, card: str, answer: str, denied: str
) -> None:
    """The issue's three answers: each denies a point, which is not ticked, and
    none is correct."""
    result = grader.grade(card, answer)
    assert denied not in result.found
    assert result.verdict != "correct"


def test_a_mix_up_note_is_shown_only_for_a_mix_up_made(grader: Grader) -> None:
    """Card 18's Archived note needs the answer to talk about retired models."""
    result = grader.grade("18", "so models can go straight to production without a review")
    assert result.confusion is None or "Archived" not in result.confusion
    assert "Archived" in (
        grader.grade("18", "it is where old retired versions are kept").confusion or ""
    )


def test_creating_things_is_no_company_history(grader: Grader) -> None:
    """Card 1's company-history note is for who founded Databricks, not any "create"."""
    answer = "we created feature pipelines with Spark, trained models and ran batch scoring there"
    result = grader.grade("1", answer)
    assert result.confusion is None and result.verdict == "correct"
    history = grader.grade("1", "a company started by the people who created Spark")
    assert "company history" in (history.confusion or "")


def test_a_mix_up_said_to_fail_is_not_claimed(grader: Grader) -> None:
    """ "pandas ... could never have done" names the single-machine way to say it
    would not work: no mix-up; loading everything into pandas still is one."""
    answer = "joins and group-bys over 5 TB ran on a 30-node spark cluster, which pandas on one laptop could never have done"
    result = grader.grade("2", answer)
    assert result.confusion is None and result.verdict == "correct"
    assert grader.grade("2", "we loaded it all into pandas on one machine").confusion


def test_a_mix_up_is_not_read_across_and_into_another_statement(grader: Grader) -> None:
    """ "... as a nightly job, and every night's run shows up in the same
    experiment" says two things; "jobs are the same thing as experiments" is the mix-up."""
    answer = "the training notebook runs as a nightly job, and every night's run shows up in the same MLflow experiment"
    assert grader.grade("19", answer).verdict == "correct"
    assert grader.grade("19", "jobs are the same thing as experiments").confusion


def test_a_short_coherent_phrase_is_no_list_of_terms(grader: Grader) -> None:
    """ "reproduce exact training data" says points in words that go together:
    partial, not "a list of terms"; nouns strung together still are one."""
    assert grader.grade("37", "reproduce exact training data").verdict == "partial"
    assert grader.grade("26", "endpoint kubernetes mlflow latency").verdict == "incorrect"


def test_an_echo_of_the_question_with_a_light_verb_is_incorrect(grader: Grader) -> None:
    """Repeating the question's words around "keeps" answers nothing; one
    question word with a vague wording stays a vague partial."""
    echo = grader.grade("9", "organizing runs into experiments keeps runs organized")
    assert echo.verdict == "incorrect"
    because = grader.grade("9", "because organizing the runs into experiments keeps runs organized")
    assert because.verdict == "incorrect"
    assert grader.grade("9", "to keep things organized").verdict == "partial"


def test_model_serving_is_not_mlflow_models(grader: Grader) -> None:
    """The words of a false claim earn no point: "Model Serving" does not tick
    "MLflow Models", and a list with it in place of Models is wrong."""
    result = grader.grade("5", "MLflow Model Serving")
    assert "MLflow Models" not in result.found and result.verdict == "incorrect"
    assert grader.grade("5", "tracking, model serving, registry").verdict == "incorrect"
    assert grader.grade("5", "Tracking, Models and the Model Registry").verdict == "correct"


def test_no_mix_up_of_the_built_in_deck_matches_as_one_word() -> None:
    """A confusion whose other words are stop words fires on any answer with its
    one word (card 28's "which ... production" marked every "Production" a mix-up)."""
    from mlquiz.core.grading.lint import lint_deck

    warnings = [str(w) for w in lint_deck(resolve_deck("databricks-mlflow"))]
    assert not [w for w in warnings if "confusion" in w and "matches as one word" in w]
