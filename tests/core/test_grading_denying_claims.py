# ruff: noqa: E501  (tables of typed answers read best one per line)
"""A right answer with a false claim that denies one of its card's essential
points is incorrect, and the feedback quotes the claim with the card's
correction (issue 12: "incorrect when the claim contradicts an essential
point"). The claims are the built-in deck's; the answers are written for
this test.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    ("card", "answer", "claim", "correction"),
    [
        (
            "15",
            "A central store for model versions and stages like Staging and Production, but it only keeps the latest version, the older ones are overwritten.",
            "only keeps the latest version",
            "keeps every version",
        ),
        (
            "34",
            "a shared history of runs, no duplicated work, and others build on past runs, but only the person who created a run can view it",
            "only the person who created a run can view",
            "the team sees each other's work",
        ),
        (
            "28",
            "a standard package you can load through pyfunc or a REST wrapper, but never in docker",
            "never in docker",
            "loads outside Databricks too",
        ),
        (
            "32",
            "the same code runs across dev and prod without touching it, though the config always has to be hardcoded in the notebook",
            "hardcoded in the notebook",
            "settings stay out of the code",
        ),
        (
            "35",
            "Lineage links a model to the data and the code it was trained on, via the run metadata. It doesn't cover where the model is deployed though.",
            "doesn't cover where the model is deployed",
            "where it is deployed",
        ),
    ],
)
def test_a_claim_that_denies_an_essential_point_makes_the_answer_incorrect(
    grader: Grader, card: str, answer: str, claim: str, correction: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", result.reasons
    assert result.false_claim is not None and claim in result.false_claim
    assert f"Not so: “{result.false_claim}”." in result.reasons[0]
    assert correction in result.reasons[0]


def test_a_denying_claim_beside_an_added_mix_up_is_not_a_slip(grader: Grader) -> None:
    # "only ... pick sklearn" is a known mix-up of the card added after the
    # answer, but "only one flavor at a time" denies "multiple flavors": incorrect.
    result = grader.grade(
        "14",
        "A packaged model with its environment specs and flavors like pyfunc and sklearn, but a model can only have one flavor at a time, so you pick sklearn or pyfunc.",
    )
    assert result.verdict == "incorrect", result.reasons
    assert "several flavors at once" in result.reasons[0]
    assert "multiple flavors (python function, Spark, sklearn)" in result.contradicted


def test_scope_claims_about_an_optional_point_stay_partial(grader: Grader) -> None:
    # Autologging's libraries are an optional point: "your own custom code" on a
    # right answer is a false claim, not a wrong answer.
    result = grader.grade(
        "11",
        "It automatically logs params, metrics and the model with no manual log calls. It even works on your own custom training code.",
    )
    assert result.verdict == "partial", result.reasons
    assert result.false_claim is not None and "custom training code" in result.false_claim
    assert any("supported libraries" in r for r in result.reasons)


# -- a problem told in a story, then its fix ----------------------------------------


def test_a_problem_in_a_story_that_goes_on_to_its_fix_denies_nothing(grader: Grader) -> None:
    # "couldn't find anything" tells the old problem; "now" tells the fix.
    result = grader.grade(
        "9",
        "before we split them our churn and fraud runs all sat in one notebook experiment and nobody could find anything, now each use case has its own experiment so it's easy to compare models and dig up old runs",
    )
    assert result.verdict == "correct", result.reasons
    assert result.contradicted == []
    assert "search past runs" in result.found


def test_a_story_with_no_fix_still_denies(grader: Grader) -> None:
    # Nothing after the negation goes on to a fix: the answer says runs can't be found.
    result = grader.grade(
        "9", "we put all our runs in one experiment and nobody could find anything"
    )
    assert "search past runs" not in result.found


# -- other tools' words and denials, in the deck's evidence ----------------------------


@pytest.mark.parametrize(
    ("card", "answer", "why"),
    [
        # A W&B project groups runs: an experiment, not a run.
        (
            "7",
            "A run is like a project in W&B, the big bucket where all your different training attempts live.",
            "That is an experiment (a group of runs)",
        ),
        # An analogy whose content is the mix-up: rolling back by retraining.
        (
            "39",
            "Same as git revert: you revert the commit in the repo and re-run the training job to get the old model back.",
            "not deleting or retraining",
        ),
        ("8", "its the notebook itself?? the .ipynb file u train in", "not the notebook file"),
        (
            "19",
            "Jobs schedule the training notebook, but MLflow logging doesn't work inside a Job, so you log the results by hand afterwards.",
            "Code run by a Job logs to MLflow",
        ),
        (
            "36",
            "Use DVC: dvc add the data folder and commit the pointer file. MLflow doesn't deal with data at all.",
            "MLflow can hold it",
        ),
        (
            "21",
            "I think you set the hyperparameters in the cluster config and Databricks tunes them for you when the cluster starts?",
            "Neither Databricks nor MLflow tunes by itself",
        ),
    ],
)
def test_a_wrong_idea_in_other_words_is_incorrect_and_says_why(
    grader: Grader, card: str, answer: str, why: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", result.reasons
    assert why in " ".join(result.reasons)


def test_built_in_serving_that_does_not_fit_the_stack_is_the_reason(grader: Grader) -> None:
    # "doesn't fit the rest of your stack" states the point: no denial of it.
    result = grader.grade(
        "27",
        "Because the built-in serving just doesn't fit the rest of your stack: you want the model next to your existing microservices, your own scaling rules, or latency and protocol needs like gRPC that Databricks serving can't meet.",
    )
    assert result.verdict == "correct", result.reasons
    assert "integration with existing microservices" in result.found
