# ruff: noqa: E501  (tables of typed answers read best one per line)
"""Nothing against an answer that it does not claim: a mix-up note only when the
answer claims the mixed-up concept (words inside a call's name are no claim of
it), and no false claim for an extra the card vouches for as true.

Each row is written for this test (not taken from the labeled sets)."""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader

RUNS_MIXUP = "Runs, experiments and artifacts are concepts inside MLflow Tracking"


def test_components_named_through_their_calls_are_correct(grader: Grader) -> None:
    """ "start_run" and "log_metric" name Tracking's calls: no runs-and-metrics mix-up."""
    result = grader.grade(
        "5",
        "by the calls: mlflow.start_run and mlflow.log_param are Tracking, mlflow.pyfunc.log_model is Models, mlflow.register_model is the Model Registry",
    )
    assert result.verdict == "correct"
    assert result.confusion is None
    assert not any(RUNS_MIXUP in r for r in result.reasons)


def test_one_component_through_its_calls_is_partial_naming_the_others(grader: Grader) -> None:
    result = grader.grade("5", "mlflow.start_run, mlflow.log_param, mlflow.log_metric")
    assert result.verdict == "partial"
    assert "MLflow Tracking" in result.found
    assert result.confusion is None


@pytest.mark.parametrize(
    "answer",
    [
        "runs, experiments and artifacts",
        "you log runs with their parameters and metrics",
    ],
)
def test_the_mixup_said_in_words_is_still_read(grader: Grader, answer: str) -> None:
    result = grader.grade("5", answer)
    assert result.verdict == "incorrect"
    assert result.confusion is not None and RUNS_MIXUP in result.confusion


def test_a_whole_call_name_still_says_its_concept(grader: Grader) -> None:
    """ "mlflow.autolog()" is autologging, named whole: the tracking mix-up on the
    monitoring card stands."""
    result = grader.grade("40", "mlflow.autolog() on the training notebook")
    assert result.verdict == "incorrect"


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        (
            "8",
            "a grouping of related runs, one per project or notebook; on Databricks each notebook gets its own experiment by default",
        ),
        ("17", "None, Staging, Production and Archived; a new version sits in None by default"),
        (
            "17",
            "- None\n- Staging\n- Production\n- Archived\n- newer MLflow versions use aliases instead",
        ),
    ],
)
def test_an_extra_the_card_vouches_for_is_no_false_claim(
    grader: Grader, card: str, answer: str
) -> None:
    """A "by default" or a note the card's `also_true` phrases say is true (a
    notebook's own experiment, versions starting in None, aliases replacing
    stages) is neither an absolute beyond the reference nor a wrong item."""
    result = grader.grade(card, answer)
    assert result.verdict == "correct"
    assert result.false_claim is None


def test_an_experiment_read_as_the_registry_is_not_correct(grader: Grader) -> None:
    result = grader.grade(
        "8",
        "a group of runs, one per notebook by default, and where model versions move from staging to production",
    )
    assert result.verdict != "correct"
    assert any("Model Registry" in r for r in result.reasons)


def test_a_negation_a_point_states_denies_nothing_after_it(grader: Grader) -> None:
    """ "did not repeat it" says "prevents duplicate effort"; its "not" does not
    deny the "started from the best run" its "and" goes on to: no denial, no
    incorrect (and, right after a negator, nothing ticked either)."""
    result = grader.grade(
        "34",
        "the team shares one history of runs; a new colleague saw our LightGBM tries, did not repeat them and started from the best run",
    )
    assert result.verdict == "partial"
    assert result.contradicted == []
    assert "prevents duplicate effort" in result.found


def test_what_a_stated_negation_names_is_not_said(grader: Grader) -> None:
    """ "you don't need to write log_param" names the manual call, not parameters logged."""
    result = grader.grade(
        "11", "it's when MLflow logs things by itself, you don't need to write log_param"
    )
    assert result.verdict == "partial"
    assert result.contradicted == []
    assert "parameters, metrics and models" not in result.found


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # Set aside by "instead of", further back in its clause than "unlike X" reaches.
        (
            "2",
            "Spark DataFrames split over a cluster, so joins and aggregations over terabytes run in parallel instead of filling up the memory of a single machine",
        ),
        # A style, not the thing.
        (
            "2",
            "it's pandas-style dataframe code, except the DataFrames are Spark DataFrames distributed over a cluster, so joins and aggregations on terabytes work",
        ),
        # What "stopped" ends is not claimed.
        (
            "3",
            "our 6 GB set fit on one node so we trained xgboost single-node, no distributed overhead; we'd have gone distributed only if the data or model had stopped fitting in memory",
        ),
    ],
)
def test_a_mixup_named_only_to_set_it_aside_gets_no_note(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "correct"
    assert result.confusion is None


def test_the_old_way_of_a_story_is_no_false_claim(grader: Grader) -> None:
    """ "we kept models on dbfs:/... ; with the registry we got ...": the DBFS
    path is the story's before, set against every point said after it."""
    result = grader.grade(
        "16",
        "we used to keep pickles at dbfs:/mnt/models/final_v3.pkl and nobody knew which was live; with the registry we got numbered versions, staging to prod transitions, a history of who changed what, and one place the jobs load from",
    )
    assert result.verdict == "correct"
    assert result.false_claim is None


@pytest.mark.parametrize(
    "answer",
    [
        "we just save every model to dbfs:/models/churn_v3.pkl and that already gives us versioning, stage transitions, an audit trail and one source of truth",
        "I keep models at dbfs:/mnt/models/ with a date in the name, which gives versioning, stage transitions, audit trails and a single source of truth without any registry",
    ],
)
def test_a_story_that_never_turns_from_its_files_credits_them(grader: Grader, answer: str) -> None:
    """No "used to", "before", "after we moved": the DBFS path is no old way set
    against the registry, it is what the story says gives the points."""
    result = grader.grade("16", answer)
    assert result.verdict != "correct"
    assert result.false_claim is not None


def test_a_dbfs_path_as_the_answer_is_still_about_something_else(grader: Grader) -> None:
    result = grader.grade(
        "16", "we save the models to dbfs:/models/m.pkl and load them with pickle"
    )
    assert result.verdict == "incorrect"


@pytest.mark.parametrize(
    "answer",
    [
        "Each person keeps a private history so nobody sees the others' runs, which prevents duplicate effort.",
        "no one shares a history of the modeling work, which avoids duplicate effort",
    ],
)
def test_a_stated_negator_still_denies_what_lies_inside_its_point(
    grader: Grader, answer: str
) -> None:
    """ "nobody ... duplicate" says "prevents duplicate effort", but "nobody sees
    the others' runs" between its words denies the shared history: incorrect."""
    result = grader.grade("34", answer)
    assert result.verdict == "incorrect"
    assert "shared history of work" in result.contradicted


@pytest.mark.parametrize(
    "answer",
    [
        "A logical grouping of related runs, e.g. one per project, or separate experiments for the staging and production training jobs",
    ],
)
def test_staging_and_production_named_on_the_experiment_card_is_no_registry_claim(
    grader: Grader, answer: str
) -> None:
    """An experiment per environment is right; only a version moved between
    stages is the registry's job."""
    result = grader.grade("8", answer)
    assert result.verdict == "correct"
    assert result.false_claim is None


@pytest.mark.parametrize(
    "answer",
    [
        "a grouping of runs where the best model gets promoted from staging to production",
        "the place where models go from staging to production after testing",
    ],
)
def test_a_model_moved_between_stages_on_the_experiment_card_is_the_registry(
    grader: Grader, answer: str
) -> None:
    result = grader.grade("8", answer)
    assert result.verdict != "correct"
    assert any("Model Registry" in r for r in result.reasons)
