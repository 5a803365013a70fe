# ruff: noqa: E501  (tables of typed answers read best one per line)
"""Card 33 (MLflow in the Databricks UI) and card 32 (configuration apart from
code): the wrong UI named is a false claim with its correction; runs said to
show up somewhere, no more, are the right direction but vague; a right answer
that keeps the code untouched is no "change the code" mix-up.

Each row is written for this test (not taken from the labeled sets)."""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    "answer",
    [
        "you look at them in the Spark UI, per stage",
        "the runs are in the jobs page of the workspace",
    ],
)
def test_another_ui_is_a_false_claim_with_its_correction(grader: Grader, answer: str) -> None:
    result = grader.grade("33", answer)
    assert result.verdict == "incorrect"
    assert any("Experiments page" in r for r in result.reasons)


@pytest.mark.parametrize(
    "answer", ["my runs show up in the UI", "they appear in a side panel next to the notebook"]
)
def test_runs_shown_somewhere_is_vague_partial(grader: Grader, answer: str) -> None:
    result = grader.grade("33", answer)
    assert result.verdict == "partial"


def test_another_tools_ui_held_up_as_a_likeness_is_no_claim(grader: Grader) -> None:
    result = grader.grade(
        "33",
        "like the Jobs page in Azure ML studio, but built into the workspace: runs listed, filtered, compared with metric charts",
    )
    assert result.verdict == "correct"


def test_code_left_untouched_while_the_config_changes_is_right(grader: Grader) -> None:
    result = grader.grade(
        "32",
        "like Hydra configs: switch dev vs prod, dates or hyperparameters by changing the yaml only, the code stays as it is",
    )
    assert result.verdict == "correct"
    assert result.confusion is None


def test_editing_the_code_for_each_environment_is_still_the_mixup(grader: Grader) -> None:
    result = grader.grade("32", "so you can change the code for each environment")
    assert result.verdict == "incorrect"


def test_a_hedging_looks_like_is_no_likeness(grader: Grader) -> None:
    """ "looks like the Jobs UI is where runs show up": "looks like" hedges the
    claim that follows; it holds nothing up as a likeness (it was correct)."""
    result = grader.grade(
        "33",
        "looks like the Jobs UI is where runs show up, you filter and compare them and chart metrics and params",
    )
    assert result.verdict != "correct"
    assert any("Experiments page" in r for r in result.reasons)
