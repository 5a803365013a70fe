# ruff: noqa: E501  (tables of typed answers read best one per line)
"""Slips the last round noticed and left (issue 12, NOTE8 "noticed and left
alone"), each shown on the built-in deck beside the wording that was already
right: a retraction in other words, the feedback on an automated promotion
after an approval, a numbered list's "2)" read as code, and " / " as "or"
inside a list's item.
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader

CARD_CORRECTION = "Nothing is promoted automatically"


RIGHT_16 = "versioning, stage transitions, audit trail, single source of truth."


@pytest.mark.parametrize(
    "retraction",
    ["no wait,", "scratch that,", "on second thought,", "on second thoughts,", "correction:"],
)
def test_a_point_taken_back_in_any_of_these_words_is_denied(
    grader: Grader, retraction: str
) -> None:
    """A retraction takes the point back: incorrect with the point denied, as
    "no wait" already was; "scratch that", "on second thought" and
    "correction:" were read as a false claim added to a right answer (partial)."""
    result = grader.grade("16", f"{RIGHT_16} {retraction} it doesn't do versioning, git does")
    assert result.verdict == "incorrect", result.reasons
    assert "versioning" in result.contradicted


@pytest.mark.parametrize(
    "answer",
    [
        "we keep versioning, stage transitions, an audit trail and one source of truth; they fixed a scratch on the laptop that day, but it doesn't slow anything",
        "versioning, stage transitions, audit trail, single source of truth, and we built the registry from scratch; it doesn't need the files any more",
    ],
)
def test_scratch_outside_a_retraction_takes_nothing_back(grader: Grader, answer: str) -> None:
    """ "from scratch" is no retraction: only "scratch that" takes a point back."""
    assert grader.grade("16", answer).verdict != "incorrect"


@pytest.mark.parametrize(
    "answer",
    [
        "you test it in a non-production environment before promoting; once someone approves, a webhook promotes it automatically",
        "test models outside production before promotion, with a review/approval step; after approval a CI job can promote it automatically",
        "staging enforces a review workflow and tests, then it promotes to production automatically",
    ],
)
def test_automation_after_an_approval_is_not_told_that_nothing_is_automated(
    grader: Grader, answer: str
) -> None:
    """After an approval the answer states, a promotion can be automated (a
    registry webhook or a CI job does it): the feedback never answers "Nothing
    is promoted automatically", and it never calls true what a webhook does false."""
    result = grader.grade("18", answer)
    assert result.verdict in ("partial", "correct")
    assert not any(CARD_CORRECTION in r for r in result.reasons), result.reasons


def test_automation_with_no_approval_keeps_the_cards_correction(grader: Grader) -> None:
    result = grader.grade(
        "18",
        "you try the model in a non-production environment first, and the registry then promotes it by itself when the checks pass",
    )
    assert result.verdict == "partial"
    assert any(CARD_CORRECTION in r for r in result.reasons), result.reasons


def test_an_approval_then_automation_with_nothing_doing_it_says_what_can(grader: Grader) -> None:
    """ "then it promotes ... automatically": no webhook or CI job named, so the
    claim is that the registry promotes by itself; the feedback says what can."""
    result = grader.grade(
        "18",
        "staging enforces a review workflow and tests, then it promotes to production automatically",
    )
    assert result.verdict == "partial"
    assert any("webhook" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize(
    ("card", "numbered", "commas"),
    [
        (
            "17",
            "1) None 2) Frozen 3) Staging 4) Production 5) Archived",
            "None, Frozen, Staging, Production, Archived",
        ),
        (
            "10",
            "1) hyperparameters 2) GPU temperature 3) metrics 4) model artifacts 5) plots 6) environment info",
            "hyperparameters, GPU temperature, metrics, model artifacts, plots, environment info",
        ),
    ],
)
def test_a_numbered_list_is_read_item_by_item_like_a_comma_list(
    grader: Grader, card: str, numbered: str, commas: str
) -> None:
    """The next item's marker ("2)") is no bracket of code: the wrong item of a
    numbered list makes it wrong, as in the same list with commas."""
    assert grader.grade(card, commas).verdict == "incorrect"
    result = grader.grade(card, numbered)
    assert result.verdict == "incorrect", result.reasons
    assert result.false_claim in ("Frozen", "GPU temperature")


def test_a_numbered_list_of_right_items_stays_correct(grader: Grader) -> None:
    assert grader.grade("17", "1) None 2) Staging 3) Production 4) Archived").verdict == "correct"


@pytest.mark.parametrize(
    "answer",
    [
        "existing microservices on our k8s, custom autoscaling policies, and protocol needs like websockets / streaming",
        "to fit our existing microservices, custom scaling policies, latency / protocol needs built-in serving can't meet",
    ],
)
def test_a_slash_inside_an_item_of_a_comma_list_is_or(grader: Grader, answer: str) -> None:
    """ "websockets / streaming" is one item (one or the other), as "websockets
    or streaming" is: not a list item of its own in unknown words."""
    assert grader.grade("27", answer.replace(" / ", " or ")).verdict == "correct"
    result = grader.grade("27", answer)
    assert result.verdict == "correct", result.reasons


def test_a_slash_list_with_nothing_else_between_its_items_is_still_a_list(grader: Grader) -> None:
    """With no comma or semicolon in the sentence, " / " is what separates its
    items: the wrong one still makes the list wrong."""
    assert (
        grader.grade("17", "None / Frozen / Staging / Production / Archived").verdict == "incorrect"
    )
    assert grader.grade("17", "None / Staging / Production / Archived").verdict == "correct"


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("17", "None, Staging, Production, Archived / Deleted"),
        ("17", "In MLflow, the stages are None / Staging / Production / Archived / Deleted"),
        ("17", "the stages, None / Staging / Production / Archived / Deleted"),
        ("17", "None, Staging, Production / Frozen, Archived"),
        (
            "10",
            "In a run, hyperparameters / metrics / model artifacts / plots / environment / GPU temperature",
        ),
    ],
)
def test_a_slash_beside_one_of_the_cards_items_still_separates_items(
    grader: Grader, card: str, answer: str
) -> None:
    """A comma elsewhere in the sentence does not make every " / " an "or": a
    slash beside one of the card's items cuts the list, so the wrong item
    next to it ("Archived / Deleted") still makes the list wrong."""
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect", result.reasons


def test_a_true_automation_hides_no_other_claim(grader: Grader) -> None:
    """The webhook's "automatically" is no claim; an invented limit beside it still is."""
    result = grader.grade(
        "18",
        "you test it in a non-production environment before promoting; once someone approves,"
        " a webhook promotes it automatically, and only one version can ever be in staging",
    )
    assert result.verdict == "partial"
    assert result.false_claim and "only one version" in result.false_claim


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("10", "hyperparameters (like depth 5), metrics, model artifacts, plots, environment info"),
        ("17", "None, Staging (tested 2), Production, Archived"),
    ],
)
def test_a_number_closing_a_bracket_is_no_marker(grader: Grader, card: str, answer: str) -> None:
    assert grader.grade(card, answer).verdict == "correct"


@pytest.mark.parametrize(
    "answer",
    [
        "you test it in staging first, and after review the job's model is promoted to production automatically",
        "you test it in staging first, and after sign-off the training job's model is moved to production automatically",
        "you try it in staging first with approvals, and then the registry script moves it to production automatically",
    ],
)
def test_a_job_or_script_named_beside_an_automation_is_no_promoter(
    grader: Grader, answer: str
) -> None:
    """ "the training job's model is promoted automatically" names what is
    promoted, not what promotes it: still an invented automation, partial."""
    assert grader.grade("18", answer).verdict == "partial"


@pytest.mark.parametrize(
    "answer",
    [
        "we test in staging; after approval a webhook promotes it automatically",
        "we test in staging; after approval our Jenkins pipeline promotes it automatically",
    ],
)
def test_a_named_promoter_after_an_approval_is_true_in_a_short_answer_too(
    grader: Grader, answer: str
) -> None:
    """Not only an answer that already says the testing point: a webhook that
    promotes after an approval is true, never "Nothing is promoted automatically"."""
    result = grader.grade("18", answer)
    assert result.verdict in ("partial", "correct"), result.reasons
    assert not any(CARD_CORRECTION in r for r in result.reasons), result.reasons


@pytest.mark.parametrize(
    "answer",
    [
        "we test in staging; after approval, no CI is needed: the registry promotes it automatically",
        "we test in staging; after review, instead of a webhook, the registry itself promotes it automatically",
        "after approval, unlike with Jenkins, the registry promotes it automatically",
        "we test in staging; review is optional, and a webhook promotes it automatically",
        "we test in staging; approvals can be skipped since a webhook promotes every version automatically",
        "after approval is skipped, a webhook promotes it automatically",
    ],
)
def test_an_approval_waived_or_a_promoter_denied_is_no_true_automation(
    grader: Grader, answer: str
) -> None:
    """A webhook or CI job named only to be denied ("instead of a webhook, the
    registry itself"), or an approval the answer waives ("review is optional"),
    states no true automation after a review: the registry promoting by itself
    is the card's false claim, incorrect with its correction."""
    result = grader.grade("18", answer)
    assert result.verdict == "incorrect", result.reasons
