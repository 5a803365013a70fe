"""Sequence cards answered by naming the steps in short: a flow, not a list of terms.

Each row is written for this test (not taken from the labeled sets)."""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader

TERM_LIST = "A list of terms, not an answer"


@pytest.mark.parametrize(
    "answer", ["train, log, register, deploy", "train, log it, register, production"]
)
def test_some_steps_named_in_order_are_partial_naming_the_rest(grader: Grader, answer: str) -> None:
    """ "train, log, register, deploy" on the registry flow: the right steps in
    their order, Staging and Production left out: partial, naming them."""
    result = grader.grade("38", answer)
    assert result.verdict == "partial"
    assert not any(TERM_LIST in r for r in result.reasons)
    assert any("Staging for tests" in r for r in result.reasons)


def test_a_term_list_on_a_sequence_card_still_states_nothing(grader: Grader) -> None:
    """Terms that are no steps in order ("registry, webhooks, jobs, endpoints")
    remain a list of terms."""
    result = grader.grade("38", "registry, webhooks, mlflow, jobs, endpoints")
    assert result.verdict == "incorrect"
