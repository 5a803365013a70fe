# ruff: noqa: E501  (tables of typed answers read best one per line)
"""A right answer with a known mix-up added to it is partial, and the feedback
names the claim as typed; a mix-up told along the way, or as one more item of a
list, stays incorrect (issue 12: "a right idea plus a false claim"). Answers
written for this test, in the styles of the tuning sets.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    ("card", "answer", "claim"),
    [
        # "and it ..." opens a statement of its own after the whole answer.
        (
            "11",
            "autolog automatically records params, metrics and the model for supported libraries with no manual log calls, and it also promotes that model to Production",
            "and it also promotes that model to Production",
        ),
        (
            "23",
            "running a trained model over a big Delta table to produce predictions, usually as a scheduled job, and it calls a real-time serving endpoint for each row",
            "and it calls a real-time serving endpoint for each row",
        ),
        # After a turn ("but"), in the same sentence as the points it follows.
        (
            "39",
            "you move the previous version back to Production, but the registry only keeps the last 3 versions so anything older is gone",
            "but the registry only keeps the last 3 versions so anything older is gone",
        ),
    ],
)
def test_a_mix_up_added_in_a_statement_of_its_own_is_partial(
    grader: Grader, card: str, answer: str, claim: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "partial", result.reasons
    assert result.reasons[0] == "Right, but with a mix-up added."
    # The player sees the whole claim, not the one word of it the card knows.
    assert result.false_claim == claim
    assert f"Not so: “{claim}”." in result.reasons[1]


def test_a_mix_up_sharing_a_word_with_a_point_is_still_added(grader: Grader) -> None:
    # "versions" earned "the registry keeps earlier versions" and opens the
    # mix-up's words too: the mix-up is what follows it.
    result = grader.grade(
        "39",
        "Set the old version back to Production. But the registry keeps only the last 3 versions, older are deleted automatically.",
    )
    assert result.verdict == "partial", result.reasons
    assert "the registry keeps earlier versions" in result.found
    assert "keeps every version" in result.reasons[1]


def test_a_mix_up_in_a_later_sentence_of_prose_is_added(grader: Grader) -> None:
    # A list inside the first sentence, then a limitation in a sentence of its own.
    result = grader.grade(
        "2",
        "Because it's Spark DataFrames underneath, so joins, aggregations and transformations are distributed over the cluster and TB-scale data is handled efficiently. The catch is that CSV has to be converted first, Spark can't read those at scale.",
    )
    assert result.verdict == "partial", result.reasons
    assert result.false_claim == "Spark can't read those at scale"


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # One more item of a bulleted list: the list's wrong item.
        (
            "39",
            "Rollback:\n- mark the older version Production again\n- the registry keeps the earlier versions\n- delete the newer version so it is gone",
        ),
        # The mix-up told along the way, before the points are all said.
        ("39", "delete the new version and retrain the old one"),
        (
            "22",
            "compare configs, chart metrics, rerun good ones, promote the best to production automatically",
        ),
    ],
)
def test_a_mix_up_in_a_list_or_along_the_way_stays_incorrect(
    grader: Grader, card: str, answer: str
) -> None:
    assert grader.grade(card, answer).verdict == "incorrect"


# -- a bulleted list's odd line ------------------------------------------------------


@pytest.mark.parametrize(
    ("card", "answer", "wrong"),
    [
        # A bullet that closes a bracket still ends its line: the list goes on.
        (
            "6",
            "What Tracking does:\n- logs your parameters\n- logs metrics like RMSE\n- stores artifacts (model files, plots)\n- schedules your retraining so the model stays fresh",
            "schedules your retraining so the model stays fresh",
        ),
        # The one line that says no point, while every other line does, is an
        # extra claim, as the last item added with "and" is.
        (
            "30",
            "Why it matters:\n- less duplicated work\n- consistent features across models\n- one place to maintain the logic\n- reused features make models immune to data drift",
            "reused features make models immune to data drift",
        ),
    ],
)
def test_a_bulleted_line_that_says_no_point_is_the_lists_wrong_item(
    grader: Grader, card: str, answer: str, wrong: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", result.reasons
    assert result.reasons[0].startswith(f"“{wrong}” is wrong: one wrong item makes the list wrong.")


def test_a_bulleted_list_of_true_lines_stays_correct(grader: Grader) -> None:
    # Start and end times are true of a run (the card's also_true): no odd line.
    result = grader.grade(
        "6",
        "What Tracking does:\n- logs your parameters\n- logs metrics like RMSE\n- stores artifacts (model files, plots)\n- records start and end times\n- records the code version\nSo runs can be compared and reproduced.",
    )
    assert result.verdict == "correct", result.reasons


# -- items that are no item of the list ------------------------------------------------


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # A contrast opened by "not" says what the thing is not.
        (
            "10",
            "params, metrics, model artifacts, plots, environment info, and a dataset reference - not a full copy of the table, just its path and version",
        ),
        # "X is like <tool>" draws an analogy; it is no item of the list.
        (
            "19",
            "Jobs is like Step Functions / Airflow DAG for the notebooks: it schedules the training notebook or script, each execution logs a run to MLflow, so the pipeline is repeatable and on a schedule.",
        ),
        # A bare term among the steps of an answer written in code names a tool.
        (
            "28",
            "mlflow models build-docker -m models:/churn/2 -n churn-img -> push GCR -> deploy on k8s, REST /invocations. Or in our own service mlflow.pyfunc.load_model(uri).predict(df). Same package everywhere.",
        ),
    ],
)
def test_a_contrast_an_analogy_or_a_tool_in_code_is_no_wrong_item(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "correct", result.reasons
    assert result.false_claim is None


def test_a_bare_unknown_term_in_a_list_of_words_is_still_wrong(grader: Grader) -> None:
    # The stages in plain words with one invented: no code, no contrast, no analogy.
    result = grader.grade("17", "None, Staging, Production, Deprecated")
    assert result.verdict == "incorrect", result.reasons
    assert "“Deprecated” is wrong" in result.reasons[0]


# -- noisy typing and other tools' words ------------------------------------------------


def test_a_mix_up_after_than_is_what_the_answer_compares_with(grader: Grader) -> None:
    # "faster than pandas on my laptop": pandas on one machine is the contrast.
    result = grader.grade(
        "2", "bc spark!! big data on clusters, way faster than pandas on my laptop lol"
    )
    assert result.verdict == "partial", result.reasons
    assert result.confusion is None
    assert "Spark DataFrames, distributed over a cluster" in result.found


def test_plus_signs_cut_a_typed_list_into_items(grader: Grader) -> None:
    # "+" between terms lists them: the one wrong item makes the list wrong.
    result = grader.grade("5", "trackin + modle registry + model servng ... i mix these up")
    assert result.verdict == "incorrect", result.reasons
    assert "Model Serving runs models behind endpoints" in result.reasons[0]


def test_a_list_in_another_tools_words_has_no_bare_wrong_term(grader: Grader) -> None:
    # After "Like SageMaker Model Monitor:", "baseline" is that tool's part.
    result = grader.grade(
        "40", "Like SageMaker Model Monitor: data capture + baseline, and alarm on drift."
    )
    assert result.verdict == "partial", result.reasons
    assert result.false_claim is None


def test_same_idea_is_a_remark_on_the_list_not_an_item(grader: Grader) -> None:
    result = grader.grade(
        "21",
        "I used Hyperopt with SparkTrials, and each config gets its own nested MLflow run. You can also loop over a grid yourself or use Spark ML's CrossValidator - same idea, log each config as a run.",
    )
    assert result.verdict == "correct", result.reasons
    assert result.false_claim is None


def test_a_mix_up_after_semicolons_is_one_more_item(grader: Grader) -> None:
    # A semicolon cuts items, not sentences of prose: the mix-up is the list's wrong item.
    result = grader.grade(
        "7",
        "single execution of training code; logs params, metrics, artifacts; groups several experiments together",
    )
    assert result.verdict == "incorrect", result.reasons


def test_a_false_claim_may_be_the_comparison_itself(grader: Grader) -> None:
    # After "than" a mix-up is what the answer compares with; a false claim stands.
    result = grader.grade(
        "19",
        "Jobs compute is cheaper per DBU than all-purpose compute, so put scheduled stuff on job clusters.",
    )
    assert result.verdict == "incorrect", result.reasons
    assert "Cluster pricing is not how Jobs relate to MLflow" in result.reasons[0]
