# ruff: noqa: E501  (tables of typed answers read best one per line)
"""Lists with one wrong item and off-topic answers that share one noun, on the
built-in deck (issue 12): a list with one wrong item is incorrect, and the
feedback names the item (with the card's correction when it is one of the
card's false claims); a list whose extra item is true stays correct; a
bulleted list is read as a list like a comma one; an answer about something
else that shares a word or two with the card is incorrect, while a story, an
analogy, a doubt or code that says one point stays partial.

The answers are written for this test (styles13-tune holds more, labeled).
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader
from mlquiz.core.verdicts import Verdict


@pytest.mark.parametrize(
    ("card", "answer", "wrong", "correction"),
    [
        # Bulleted: each line is a sentence of its own, read as one list.
        (
            "6",
            "- params\n- metrics\n- artifacts\n- hosting the model for real-time predictions",
            "real-time predictions",
            "Model Serving",
        ),
        (
            "16",
            "-> versioning\n-> staging to prod transitions\n-> audit trail\n-> the registry keeps models cached in memory so inference is faster",
            "cached in memory",
            "does not make inference faster",
        ),
        (
            "40",
            "- log predictions and features to Delta\n- scheduled job computes drift + performance\n- purge the prediction table every night to save storage",
            "purge the prediction",
            "do not delete them daily",
        ),
        (
            "25",
            "* serialization and UDF overhead\n* broadcast the model\n* stateless, efficient code\n* requires a GPU cluster",
            "GPU",
            "CPU clusters too",
        ),
        (
            "10",
            "1. hyperparameters\n2. train/val metrics\n3. model pickle\n4. plots\n5. env info\n6. the serving endpoint URL in production",
            "endpoint URL",
            "Model Serving",
        ),
        # Commas: the extra item is one of the card's false claims.
        ("5", "Tracking, Models, Model Registry and Optuna", "Optuna", "tuning libraries"),
        (
            "14",
            "a packaged model format, env specs, flavors like pyfunc and sklearn, code, and a live endpoint that is always running",
            "live endpoint",
            "packaged format",
        ),
        (
            "30",
            "less duplication, consistency, one place to maintain it, and the models get more accurate",
            "more accurate",
            "does not by itself",
        ),
    ],
)
def test_a_list_with_one_wrong_item_is_incorrect_and_named(
    grader: Grader, card: str, answer: str, wrong: str, correction: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == Verdict.INCORRECT, result.reasons
    feedback = " ".join(result.reasons)
    assert wrong.lower() in feedback.lower()
    assert correction in feedback


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # Bulleted lists of the reference's items plus a true one.
        (
            "10",
            "- hyperparameters\n- train and validation metrics\n- the pickled model\n- plots\n- conda env\n- tags and the git commit",
        ),
        (
            "40",
            "- log predictions and key features to a Delta table\n- scheduled job computes drift and performance over time\n- alert the team when drift crosses a threshold",
        ),
        (
            "16",
            "- versioning\n- stage transitions staging -> production\n- audit trail\n- single source of truth for deployment\n- easy rollback to an earlier version",
        ),
        (
            "38",
            "1. train\n2. log to MLflow\n3. register\n4. Staging for tests\n5. Production when validated\n6. batch/online serving\n7. monitor it",
        ),
        (
            "24",
            "- load features as a DataFrame\n- wrap the model in a pandas UDF\n- apply it\n- write predictions to Delta\n- run it nightly as a job",
        ),
        ("17", "- None\n- Staging\n- Production\n- Archived"),
        # Comma lists with a true extra the one-odd-item rule used to mark down.
        (
            "5",
            "Tracking, Models and the Model Registry, plus MLflow Projects for packaging code so it can be rerun",
        ),
        (
            "6",
            "logging params, metrics, artifacts and the git commit of the code for each run, plus tags and start/end times, so runs can be compared and reproduced",
        ),
        (
            "16",
            "versioning, stage transitions staging to production, an audit trail of who changed what, a single source of truth for deployment, plus descriptions and tags per version",
        ),
        (
            "30",
            "less duplication, consistent features between training and serving, one place to maintain and evolve the logic, and teams can discover existing features",
        ),
    ],
)
def test_a_list_with_a_true_extra_item_stays_correct(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == Verdict.CORRECT, result.reasons


def test_a_false_claim_after_a_right_answer_is_partial_with_its_correction(grader: Grader) -> None:
    result = grader.grade(
        "29",
        "using the same feature pipelines and tables across multiple models rather than rewriting the logic; the Feature Store copies the features into each model artifact so it never reads the table again",
    )
    assert result.verdict == Verdict.PARTIAL
    assert "copies the features" in (result.false_claim or "")
    assert any("not a copy of the values" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (
            "26",
            "It is the online store of the Feature Store: features sync to DynamoDB for low latency lookup.",
        ),
        ("9", "organizing notebooks into repos folders keeps the git history clean"),
        (
            "12",
            "When you turn on CloudWatch logging for a Lambda, the logs land in a log group automatically.",
        ),
        (
            "23",
            "Batch is the AWS Batch service: you submit a job definition with a container and a compute environment.",
        ),
        (
            "35",
            "Lineage in Unity Catalog shows which source table feeds which column of the BI dashboard.",
        ),
    ],
)
def test_an_answer_about_something_else_sharing_one_noun_is_incorrect(
    grader: Grader, card: str, answer: str
) -> None:
    assert grader.grade(card, answer).verdict == Verdict.INCORRECT


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # One point, said another way: analogy, story, doubt, code, plain words.
        ("21", "Same as Optuna: define an objective, run a study, take study.best_params."),
        (
            "21",
            "we ran fmin with SparkTrials over 64 combos of depth and eta and just kept the best one",
        ),
        (
            "29",
            "Reusing the same features in the next training run so you don't have to recompute them... like caching?",
        ),
        (
            "2",
            "because you can write joins and aggregations in sql or python in the notebooks and build all kinds of features for your models there",
        ),
        ("40", "keep an eye on whether the inputs start looking different from before"),
    ],
)
def test_one_point_said_another_way_is_not_off_topic(
    grader: Grader, card: str, answer: str
) -> None:
    assert grader.grade(card, answer).verdict != Verdict.INCORRECT


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # True extras in words near the cards' false claims: the claims are
        # written narrow enough to leave them alone.
        (
            "6",
            "it logs params, metrics, artifacts and code version per run through the REST API or the Python client, so runs can be compared and reproduced",
        ),
        (
            "14",
            "a packaged model format with env specs, flavors like pyfunc/spark/sklearn and code, for deployment: a serving endpoint can be brought up from it",
        ),
        (
            "25",
            "serialization and UDF overhead, broadcast the model, efficient stateless code; pandas UDFs are CPU-bound so size the executors",
        ),
        (
            "40",
            "log predictions and features to Delta, scheduled job computes drift and performance over time; delete logs older than a year",
        ),
        (
            "35",
            "the data and code that built a model and where it is deployed, tracked via run metadata and registry entries; Unity Catalog lineage shows the source tables that feed the model",
        ),
    ],
)
def test_a_true_extra_near_a_false_claims_words_stays_correct(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == Verdict.CORRECT, result.reasons


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # Found in review (styles13-review): right answers whose true extra
        # holds a false claim's words, marked down on false13 by claims or
        # confusions written too broad (a bare "hyperopt", "real time
        # inference", "serving endpoint", "models ... better", "job
        # definition", "column ... lineage").
        (
            "5",
            "Tracking, Models and the Model Registry; tuning runs from Hyperopt are simply logged through Tracking",
        ),
        (
            "5",
            "tracking, models, registry. Optuna or Hyperopt sweeps just log into tracking, they're not a component",
        ),
        (
            "6",
            "Recording each run's parameters, metrics, artifacts and code version to compare and reproduce them; you can also log latency metrics from a real-time inference load test as a run",
        ),
        (
            "10",
            "hyperparameters, train/val metrics, the model artifact, plots and environment info (conda.yaml); the logged model can later be deployed to a serving endpoint",
        ),
        (
            "23",
            "applying a trained model to a large Delta table to produce predictions, often nightly via a Databricks job whose job definition lives in an asset bundle",
        ),
        (
            "30",
            "Avoids duplicate work, keeps features consistent so models behave better in production (no training/serving skew), and the logic is maintained in one place",
        ),
        (
            "30",
            "reduces duplication, gives better consistency across models, one place to maintain the logic",
        ),
        (
            "35",
            "the links between a model, the data and code that made it, and where it's deployed, tracked via run metadata and registry entries; Unity Catalog also shows column-level lineage of the feature tables",
        ),
    ],
)
def test_a_true_extra_in_a_claims_words_is_not_marked_down(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == Verdict.CORRECT, result.reasons


def test_a_retention_purge_is_not_the_daily_delete(grader: Grader) -> None:
    # Purging raw logs past a retention window keeps drift measurable over
    # time; only deleting them daily (or at once) is the false claim.
    result = grader.grade(
        "40",
        "log predictions and key features to Delta tables, schedule a job computing drift and performance metrics over time, and purge raw request logs older than 90 days to save storage",
    )
    assert result.verdict != Verdict.INCORRECT, result.reasons


@pytest.mark.parametrize(
    ("card", "answer", "wrong", "correction"),
    [
        # The item cut at commas runs from the last right item on ("and"
        # cuts no item): the feedback names the wrong part, not the Registry
        # or the environment before it.
        ("5", "Tracking, Models, Model Registry and Hyperopt", "“Hyperopt”", "tuning libraries"),
        ("5", "tracking, models, registry and optuna", "“optuna”", "tuning libraries"),
        (
            "10",
            "params, metrics, model artifact, plots, environment and the serving endpoint URL",
            "“serving endpoint URL”",
            "Model Serving",
        ),
        (
            "10",
            "hyperparameters, metrics, model file, plots, environment and a snapshot of the whole training database",
            "“snapshot of the whole training database”",
            "not a copy of the data",
        ),
    ],
)
def test_the_feedback_quotes_the_wrong_part_of_the_last_item(
    grader: Grader, card: str, answer: str, wrong: str, correction: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == Verdict.INCORRECT, result.reasons
    feedback = " ".join(result.reasons)
    assert feedback.startswith(wrong), feedback
    assert correction in feedback


@pytest.mark.parametrize(
    "answer",
    [
        "you can compare the models of one use case, search back through old runs and keep a tidy history, a bit like separate Git repos instead of one folder of scripts",
        "compare models, search old runs, keep each project's history tidy, a little like folders for your runs",
    ],
)
def test_a_closing_likeness_is_no_wrong_item(grader: Grader, answer: str) -> None:
    """ "a bit like separate Git repos": an analogy closing a right list draws a
    likeness, it adds no claim to the list."""
    result = grader.grade("9", answer)
    assert result.verdict == Verdict.CORRECT
    assert result.false_claim is None


@pytest.mark.parametrize(
    ("card", "answer", "wrong"),
    [
        (
            "14",
            "An MLflow Model holds:\n- the pickled model\n- a conda environment\n- flavors such as pyfunc and spark\n- the whole training data, so anyone can retrain it",
            "training data",
        ),
        (
            "25",
            "- UDF serialization overhead\n- broadcast the model once\n- stateless inference per batch\n- needs a GPU cluster, Python UDFs don't run on CPUs",
            "GPU cluster",
        ),
    ],
)
def test_a_last_bullet_the_card_knows_nothing_of_is_the_wrong_item(
    grader: Grader, card: str, answer: str, wrong: str
) -> None:
    """Bulleted lines that each say a key point, then a last line that says none
    in words the card has no evidence for: an extra claim, the list's wrong item."""
    result = grader.grade(card, answer)
    assert result.verdict == Verdict.INCORRECT
    assert result.false_claim is not None and wrong in result.false_claim
    assert any("one wrong item" in r for r in result.reasons)


def test_a_last_bullet_in_the_cards_words_stays_a_true_extra(grader: Grader) -> None:
    result = grader.grade(
        "14",
        "A packaged model format with:\n- a conda environment\n- flavors such as pyfunc and spark\n- the code to load it\n- the serialized model",
    )
    assert result.verdict == Verdict.CORRECT
