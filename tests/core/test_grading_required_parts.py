# ruff: noqa: E501  (tables of typed answers read best one per line)
"""Built-in cards whose reference names a part every reader asks for: an answer
without it is partial, and the feedback names the part that is missing.

Each row is written for this test (not taken from the labeled sets)."""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    "answer",
    [
        "a folder for each step, prep, train and deploy, kept in git",
        "split the notebooks per stage and put the repo under version control",
    ],
)
def test_a_project_layout_without_shared_code_or_config_is_partial(
    grader: Grader, answer: str
) -> None:
    """Card 31's pattern is directories per stage, version control AND shared
    utils and config files; the first two alone are half the pattern."""
    result = grader.grade("31", answer)
    assert result.verdict == "partial"
    assert any("shared utils and config files" in r for r in result.reasons)


def test_the_whole_project_layout_is_correct(grader: Grader) -> None:
    result = grader.grade(
        "31",
        "a folder for each step (prep, train, eval, deploy), a common utils module and yaml configs, all in git",
    )
    assert result.verdict == "correct"
