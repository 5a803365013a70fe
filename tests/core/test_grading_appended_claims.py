# ruff: noqa: E501  (typed answers read best one per line)
"""A right list with a claim of its own appended is not correct (styles15a,
now spent): a one-word preamble ("Three reasons:") does not hide the list's
wrong item, and a clause added after a dash ("- and it stops models
overfitting") that says no point, in words the card does not account for,
makes the answer partial. What the card knows, appended the same way, stays
correct.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


def test_a_preamble_does_not_hide_the_lists_wrong_item(grader: Grader) -> None:
    wrong = "and each experiment gets its own cluster so runs don't fight over resources"
    result = grader.grade(
        "9",
        f"Three reasons: easier comparison of models, a searchable history of runs, {wrong}.",
    )
    assert result.verdict == "incorrect", result.reasons
    assert result.reasons[0].startswith(f"“{wrong}” is wrong")


def test_a_claim_appended_after_a_dash_makes_the_list_partial(grader: Grader) -> None:
    result = grader.grade(
        "30",
        "Less duplicated code, consistent features across models, one place to maintain - and it stops models overfitting.",
    )
    assert result.verdict == "partial", result.reasons
    assert "“and it stops models overfitting”" in " ".join(result.reasons)


@pytest.mark.parametrize(
    "answer",
    [
        "Less duplicated code, consistent features across models, one place to maintain - and it saves the team time.",
        "Less duplicated code, consistent features across models, one place to maintain - and it stops training-serving skew.",
    ],
)
def test_what_the_card_knows_appended_after_a_dash_stays_correct(
    grader: Grader, answer: str
) -> None:
    assert grader.grade("30", answer).verdict == "correct"
