# ruff: noqa: E501  (tables of typed answers read best one per line)
"""Right ideas with a false claim beside them, and right ideas in plain words, on
the built-in deck (issue 12, the kinds the eighth writer's set showed).

- A claim that contradicts an essential point makes the answer incorrect, even
  said after everything right, and the feedback names it; the checklist never
  ticks the point it contradicts.
- A necessity laid on everything ("each X must ... every Y") that nothing of
  the card accounts for is an invented rule: partial at most, named.
- A "must" or "have to" the card accounts for is no claim.

The answers are written for this test, in the ways learners type them.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader
from mlquiz.core.verdicts import CONTRADICTED


@pytest.mark.parametrize(
    ("card", "answer", "claim", "point"),
    [
        (
            "24",
            "read the features into a DataFrame, wrap the model in a pandas UDF, write the scores to Delta; just collect everything to the driver first",
            "collect everything to the driver",
            "apply a (Pandas) UDF wrapping the model",
        ),
        (
            "28",
            "one standard package you load with pyfunc or behind a REST server, but it only runs inside Databricks",
            "only runs inside Databricks",
            "load in many environments",
        ),
        (
            "28",
            "a standard format loaded through pyfunc or a REST wrapper; outside Databricks it can't be loaded though",
            "it can't be loaded",
            "load in many environments",
        ),
        (
            "24",
            "read the features as a DataFrame, apply a pandas UDF with the model, and send the scores to Postgres, because a Delta table cannot store predictions",
            "Delta table cannot store predictions",
            "write predictions back to Delta or another sink",
        ),
        (
            "26",
            "a real-time endpoint that answers each request with low latency, Databricks Model Serving or your own server; and it also rescores the customer table every night",
            "rescores the customer table every night",
            "real-time, per-request predictions",
        ),
        (
            "18",
            "you test before production and someone signs off. Staging is where the model gets trained",
            "Staging is where the model gets trained",
            "testing outside production before promotion",
        ),
    ],
)
def test_a_claim_against_an_essential_point_makes_it_incorrect(
    grader: Grader, card: str, answer: str, claim: str, point: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect"
    assert result.false_claim is not None and claim in result.false_claim
    assert any(claim in reason for reason in result.reasons)
    # Said or not, the contradicted point is never shown as ticked.
    assert all(p.status != "found" or p.label != point for p in result.points)


def test_the_contradicted_point_is_shown_contradicted_when_it_was_said(grader: Grader) -> None:
    result = grader.grade(
        "24",
        "load the features as a DataFrame, apply a pandas UDF wrapping the model, write predictions to Delta, but collect the DataFrame to the driver first",
    )
    statuses = {p.label: p.status for p in result.points}
    assert statuses["apply a (Pandas) UDF wrapping the model"] == CONTRADICTED


@pytest.mark.parametrize(
    ("card", "answer", "claim"),
    [
        (
            "14",
            "a standard package of the model with its code, environment and flavors such as pyfunc, spark and sklearn. Every model has to include all the flavors at once",
            "Every model has to include all the flavors at once",
        ),
        (
            "7",
            "one execution of training code with its params and metrics logged together. Every run must live in its own separate experiment",
            "Every run must live in its own separate experiment",
        ),
    ],
)
def test_a_necessity_laid_on_everything_is_a_false_claim(
    grader: Grader, card: str, answer: str, claim: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "partial"
    assert result.false_claim == claim


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # The "have to" says the card's point (custom values are logged by hand).
        (
            "13",
            "autolog only captures the standard things; any custom metric, plot or tag you have to log yourself",
        ),
        # A "must" with no "every": the answer's own reasoning.
        (
            "37",
            "a model depends on the exact data snapshot, so to debug it or pass an audit you must rebuild that training data",
        ),
    ],
)
def test_a_necessity_the_card_accounts_for_is_no_claim(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "correct", result.reasons
    assert result.false_claim is None


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (
            "16",
            "versions for every model, a log of who promoted what, it moves models through test and live states, and one authoritative place deployments read from",
        ),
        (
            "30",
            "you don't compute the same feature again in each project, everyone uses the same definition, and a fix is made in one place",
        ),
        (
            "30",
            "nobody keeps their own copy of the logic, every model sees the same definition, and changes are made once for everyone",
        ),
        (
            "40",
            "log every prediction and its inputs to a Delta table, and a scheduled job checks whether the input data is changing and whether the model is still accurate",
        ),
        (
            "13",
            "autolog captured the loss, but finance wanted profit per customer and a calibration plot, so we added both by hand",
        ),
        (
            "4",
            "an open-source tool: we saved every training run with its params and metrics, registered the best model, and packaged it for deployment",
        ),
    ],
)
def test_plain_words_say_the_points(grader: Grader, card: str, answer: str) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "correct", (result.reasons, result.found)


def test_drift_monitoring_is_not_mlflow(grader: Grader) -> None:
    result = grader.grade(
        "4", "It is like SageMaker Model Monitor: it watches deployed endpoints for drift"
    )
    assert result.verdict == "incorrect"
    assert result.confusion is not None and "monitoring" in result.confusion


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # A false claim's words in the other order ("data labeling" for "label data").
        ("1", "feature engineering, model training and batch scoring, plus manual data labeling"),
        # A mix-up with another tool's job, in a list ("... and deploys it to an endpoint").
        ("11", "logs params, metrics and the model on its own, and deploys it to an endpoint"),
    ],
)
def test_a_wrong_item_in_other_words_is_not_correct(grader: Grader, card: str, answer: str) -> None:
    assert grader.grade(card, answer).verdict != "correct"


def test_too_much_for_one_machine_is_the_reason_to_distribute(grader: Grader) -> None:
    result = grader.grade(
        "3",
        "If it is too much for one machine, spread the training over the Spark cluster; if it fits, one node with scikit-learn is simpler and has no distributed overhead.",
    )
    assert result.verdict == "correct", (result.reasons, result.found)


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # Asked when autologging is useful: a library named, then told about.
        ("12", "XGBoost is a gradient boosting library written in C++ with Python bindings"),
        # Asked how batch scoring is done: what pandas UDFs are, not how they score.
        (
            "24",
            "Pandas UDFs are vectorised with Apache Arrow, which cuts the cost of moving rows between the JVM and Python",
        ),
    ],
)
def test_a_key_noun_told_about_is_about_something_else(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect"
    assert "about something else" in result.reasons[0]


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("24", "pandas UDF wrapping the model"),
        ("24", "a pandas UDF is how the model gets applied to every row of the DataFrame"),
        ("25", "broadcast the model so every worker has a copy"),
    ],
)
def test_a_key_noun_told_about_in_the_cards_words_is_partial(
    grader: Grader, card: str, answer: str
) -> None:
    assert grader.grade(card, answer).verdict == "partial"


def test_a_claim_added_after_a_dash_and_and_is_a_false_claim_not_a_wrong_item(
    grader: Grader,
) -> None:
    result = grader.grade(
        "11",
        "It automatically records parameters, metrics and the model for supported libraries - and it covers every library there is, Julia included.",
    )
    assert result.verdict == "partial"
    assert result.false_claim == "every library"


def test_items_between_dashes_are_still_a_list(grader: Grader) -> None:
    result = grader.grade("17", "None - Staging - Production - Deprecated")
    assert result.verdict == "incorrect"
    assert result.false_claim == "Deprecated"


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (
            "1",
            "feature engineering, training and batch scoring on Spark, though hosting the BI dashboards is its main job",
        ),
        (
            "24",
            "read the features into a DataFrame, call model.fit inside the UDF, write the scores to Delta",
        ),
        (
            "33",
            "runs are listed on the Experiments page where you filter, compare and chart them, and you can edit the logged metrics there",
        ),
    ],
)
def test_a_false_claim_beside_every_point_is_not_correct(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict != "correct"
    assert result.false_claim is not None


def test_pulling_the_table_into_pandas_is_not_spark_at_scale(grader: Grader) -> None:
    result = grader.grade(
        "2",
        "df = spark.table('clicks').toPandas()\ndf.groupby('user').agg('sum')  # big joins, fast",
    )
    assert result.verdict == "incorrect"


@pytest.mark.parametrize(
    ("card", "answer", "verdicts"),
    [
        # A trained model in Staging is not training in Staging.
        (
            "18",
            "Staging is where a newly trained version is validated in a non-production environment, with a review before promotion to Production.",
            {"correct"},
        ),
        (
            "18",
            "Models trained in dev go to staging where they are tested and reviewed before being promoted to production.",
            {"partial", "correct"},
        ),
        (
            "18",
            "After a model is trained, the staging stage lets you test it outside production and review it before promoting it.",
            {"partial", "correct"},
        ),
        # A model fitted earlier, loaded in the UDF, is not fitting inside it.
        (
            "24",
            "Load the fitted model inside a pandas UDF, apply it to the features DataFrame, and write predictions back to a Delta table.",
            {"correct"},
        ),
        (
            "24",
            "Load the model trained with fit() earlier, wrap it inside a pandas UDF, score the DataFrame and write predictions to a Delta table.",
            {"correct"},
        ),
        (
            "24",
            "Load the model trained with fit() earlier, wrap it inside a pandas UDF, apply it to the features and write predictions back to a Delta table.",
            {"partial", "correct"},
        ),
        # Collecting to the driver or toPandas set aside, not claimed.
        (
            "24",
            "Read features as a DataFrame, apply a pandas UDF wrapping the model, save predictions to Delta; never use collect() on the driver.",
            {"partial", "correct"},
        ),
        (
            "2",
            "It processes huge datasets with Spark DataFrames across a cluster instead of pulling everything onto the driver with toPandas.",
            {"partial", "correct"},
        ),
        # The key noun told about in its own point's example words answers in part.
        (
            "13",
            "Custom metrics are numbers only your business cares about, like churn saved per campaign.",
            {"partial"},
        ),
        (
            "13",
            "custom metrics are the ones you compute yourself, like profit per segment",
            {"partial"},
        ),
        # A necessity of what the question itself names ("logged") is no invented rule.
        (
            "22",
            "You can compare every configuration, see metric trends, and rerun the good ones later, since each run has to be logged anyway.",
            {"correct"},
        ),
    ],
)
def test_a_right_answer_near_a_false_claims_words_is_not_wronged(
    grader: Grader, card: str, answer: str, verdicts: set[str]
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict in verdicts, (result.reasons, result.false_claim)
    # No essential point is shown contradicted by the words set aside.
    assert all(p.status != CONTRADICTED for p in result.points)


@pytest.mark.parametrize(
    "answer",
    [
        "Staging is where models are trained before production.",
        "training happens in staging, then the model goes to production",
    ],
)
def test_training_in_staging_is_still_a_false_claim(grader: Grader, answer: str) -> None:
    result = grader.grade("18", answer)
    assert result.verdict == "incorrect"
    assert result.false_claim is not None
