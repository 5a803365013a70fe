# ruff: noqa: E501  (tables of typed answers read best one per line)
"""A right answer with an invented limit is partial, naming it; a number in
code and a benefit the answer denies are no claim (issue 12: "a right idea
plus a false claim"). Answers written for this test, in learners' styles.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    ("card", "answer", "limit"),
    [
        (
            "33",
            "They show up on the experiment page where you can filter, compare and chart their metrics and params. But the compare view is capped at three runs at a time.",
            "capped at three",
        ),
        # "maxes" is read as typed, though typo correction takes it for "makes".
        (
            "8",
            "a logical group of runs for one project, and each experiment maxes out at 500 runs",
            "maxes out at 500",
        ),
    ],
)
def test_a_limit_with_a_number_the_reference_does_not_state_is_partial(
    grader: Grader, card: str, answer: str, limit: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "partial", result.reasons
    assert result.reasons[0] == "Right, but with a false claim."
    # The clause is quoted as typed, and the line says what is wrong with it.
    assert result.reasons[1].startswith("Not so: “") and limit in result.reasons[1]
    assert result.reasons[1].endswith("The reference sets no such limit.")


def test_a_number_in_a_line_of_code_is_an_argument_not_a_limit(grader: Grader) -> None:
    result = grader.grade(
        "36",
        "I log the table's Delta version with the run:\nv = spark.sql('DESCRIBE HISTORY ml.sales LIMIT 1').first()['version']\nmlflow.log_param('sales_table', 'ml.sales')\nmlflow.log_param('delta_version', v)",
    )
    assert result.verdict == "correct", result.reasons
    assert result.false_claim is None


def test_a_benefit_the_answer_denies_is_no_invented_benefit(grader: Grader) -> None:
    result = grader.grade(
        "16",
        "versioning, stage transitions from staging to production, an audit trail of who changed what and one source of truth for what gets deployed; it won't make inference faster, it's about governance",
    )
    assert result.verdict == "correct", result.reasons
    # Claimed, the same benefit is an added claim.
    result = grader.grade(
        "16",
        "versioning, stage transitions from staging to production, an audit trail of who changed what and one source of truth for what gets deployed; it makes inference faster too",
    )
    assert result.verdict == "partial", result.reasons
    assert result.false_claim is not None and "inference faster" in result.false_claim
