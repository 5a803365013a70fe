# ruff: noqa: E501  (tables of typed answers read best one per line)
"""How far a negation reaches, on the built-in deck: a right answer that says
part of its point through a negation is not read as denying the point.

A wrong tick or a wrong "negates" on a clear answer is what a learner
notices most (the new-user walkthrough of 2026-12-06). The answers are
written for this test, in the ways learners type them.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        # "instead of X" sets aside X, not what comes before it.
        (
            "29",
            "one feature table built once that the churn and the fraud models both read instead of each team writing its own feature code",
        ),
        # "instead of X, Y": the clause after it says the point.
        (
            "2",
            "instead of distributing the work yourself, Spark DataFrames spread large joins and aggregations across a cluster",
        ),
        # "never" says the point positively: the script does not change.
        ("32", "yaml configs per environment so the training script never changes"),
        ("32", "hydra configs per env so train.py never changes"),
        # A clause that ends on "otherwise" is the other side of the contrast:
        # the "doesn't" before it does not reach it.
        (
            "3",
            "go distributed when the data doesn't fit in one machine's memory, single node otherwise",
        ),
        # "without X, you can't Y" says Y needs X: a need, not a denial.
        (
            "37",
            "models depend on the exact data; without that snapshot you can't debug or audit them",
        ),
        ("37", "the model depends on the exact data, w/o the snapshot u cant debug or audit it"),
    ],
)
def test_a_right_answer_said_through_a_negation_is_correct(
    grader: Grader, card: str, answer: str
) -> None:
    result = grader.grade(card, answer)
    assert result.contradicted == []
    assert result.verdict == "correct", result.reasons


@pytest.mark.parametrize(
    ("card", "answer", "denied"),
    [
        # What follows "instead of" is still set aside ...
        (
            "2",
            "Spark DataFrames run the joins on one machine instead of distributing them over a cluster",
            "Spark DataFrames, distributed over a cluster",
        ),
        # ... and a negation inside one statement still denies it.
        (
            "32",
            "configs per environment, but you still have to change the code for each one",
            "without modifying the code",
        ),
        # A "without" with no need around it still sets aside what follows.
        (
            "37",
            "models depend on the exact data, you can debug or audit them without the snapshot",
            "models depend on the exact data snapshot",
        ),
    ],
)
def test_what_a_negation_covers_is_still_not_ticked(
    grader: Grader, card: str, answer: str, denied: str
) -> None:
    result = grader.grade(card, answer)
    assert denied not in result.found
    assert result.verdict != "correct"


@pytest.mark.parametrize(
    ("card", "answer", "verdict"),
    [
        # "w/out" is "without": with "cant" after it, a need.
        (
            "37",
            "models depend on the exact data, w/out the snapshot u cant debug or audit",
            "correct",
        ),
        # "dnt" negates like "don't": here it denies the confusion ...
        (
            "11",
            "it logs params metrics and models automaticaly, u dnt need manual log calls",
            "correct",
        ),
        # ... and here a key point.
        ("37", "models dnt depend on the data at all, debugging and audits need logs", "incorrect"),
    ],
)
def test_chat_spellings_of_negations_read_as_negations(
    grader: Grader, card: str, answer: str, verdict: str
) -> None:
    assert grader.grade(card, answer).verdict == verdict


@pytest.mark.parametrize(
    "answer",
    [
        # "the same Y whatever X": Y does not depend on X (the new-user walkthrough).
        "Data versions don't matter much, you get the same model whatever data you train on",
        "The model comes out the same whichever data you use",
        # "regardless of" / "independent of" deny it before the phrase as inside it.
        "You get the same model regardless of the data snapshot",
        "Models are independent of the exact data snapshot",
        "The exact data snapshot doesn't matter, the model comes out the same",
    ],
)
def test_an_answer_saying_it_makes_no_difference_contradicts_the_dependence(
    grader: Grader, answer: str
) -> None:
    result = grader.grade("37", answer)
    assert result.found == []
    assert result.contradicted == ["models depend on the exact data snapshot"]
    assert result.verdict == "incorrect"


@pytest.mark.parametrize(
    "answer",
    [
        # "whatever" that a verb or preposition takes is no indifference.
        "Models depend on whatever data you feed them, so you need the exact snapshot to debug and audit",
        "Log the exact version of whatever data you trained on, to debug and audit",
        # Said of something else (another clause, another noun), it denies nothing here.
        "The same code on different data gives a different model, whatever framework you use; you need the snapshot for audits",
        "Models regardless of framework depend on the exact data snapshot, which audits need",
    ],
)
def test_no_difference_said_of_something_else_leaves_the_point_said(
    grader: Grader, answer: str
) -> None:
    result = grader.grade("37", answer)
    assert result.contradicted == []
    assert result.verdict == "correct", result.reasons
