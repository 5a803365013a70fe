"""The reasons a learner reads under a verdict are plain sentences that name
what is against the answer (walk14: a new player found "the reference says
nothing “only” like that", "the answer negates: ..." and "(by analogy with
...: partial credit)" inside "Said by analogy with ..." hard to trust).

The verdicts and scores pinned here are those the grader gave before the
rewording: only the words changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz.core.grading.grader import Grader
from tests.support.factories import imported_deck


@pytest.mark.parametrize(
    ("card", "answer", "verdict", "reason"),
    [
        (
            "15",  # What is MLflow Model Registry?
            "a central place to version models and move them through stages like staging"
            " and prod; it only works with sklearn models",
            "partial",
            "Not so: “it only works with sklearn models”. The reference doesn't say “only”:"
            " that claim goes beyond it.",
        ),
        (
            "41",  # the core mental model
            "databricks does features+training at scale, mlflow tracks + versions models +"
            " hooks them to serving, but only batch serving, mlflow models cant be served online",
            "incorrect",
            "Not so: “but only batch serving”. The key point is “MLflow: connect models to"
            " batch/online serving”: all of it, not just one part.",
        ),
        (
            "41",
            "Databricks is where the heavy lifting happens, feature pipelines and scaled-out"
            " training, while MLflow does the bookkeeping of experiments, versions the models"
            " and hands them off to batch or real-time serving.",
            "partial",
            "Said by analogy, for partial credit: “MLflow: track experiments” in terms of a"
            " metaphor (logbook / ledger / memory).",
        ),
    ],
)
def test_the_reason_names_what_is_against_the_answer_plainly(
    grader: Grader, card: str, answer: str, verdict: str, reason: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == verdict
    assert reason in result.reasons
    said = " ".join(result.reasons)
    assert "says nothing “" not in said and "negates:" not in said
    assert "(by analogy with" not in said  # the analogy is said once, not twice


def test_a_denied_point_is_said_to_be_denied(grader: Grader) -> None:
    result = grader.grade("18", "so models can go straight to production without a review workflow")
    assert result.verdict == "incorrect"
    assert result.reasons == ("The answer denies a key point: enforces a review workflow.",)


def test_a_wrong_formula_is_said_to_differ(tmp_path: Path) -> None:
    deck = imported_deck(
        tmp_path,
        "metrics.csv",
        "Question,Answer\n"
        '"What is precision?","Precision = TP / (TP + FP): the share of predicted positives'
        ' that are right."\n'
        '"What is recall?","Recall = TP / (TP + FN): the share of actual positives found."\n',
    )
    result = Grader(deck).grade(deck.cards[0], "TP / (TP + FN)")
    assert result.verdict == "incorrect"
    # Not "its terms are the reference's": FN is not a term of this reference.
    assert result.reasons == ("That formula differs from the reference's.",)


SPLIT_CSV = (
    "Question,Answer\n"
    '"What is the purpose of splitting data into training and testing sets?","It trains the'
    " model on one subset and evaluates generalization on another, ensuring real-world"
    ' performance (e.g., 80/20 split)."\n'
    '"What is dimensionality reduction, and why is it important?","It reduces feature count'
    " while retaining key information, speeding up modeling and enabling visualization (e.g.,"
    ' compressing image data)."\n'
)


def test_an_incorrect_answer_never_says_none_of_the_words_beside_a_word_shown_said(
    tmp_path: Path,
) -> None:
    """Typed in play on an imported deck: the checklist showed "◐ trains the model
    on one subset … ← only “modle”" under "None of the reference answer's key
    words is there."; the reason now agrees with the row."""
    deck = imported_deck(tmp_path, "ml.csv", SPLIT_CSV)
    typed = "so u can check how the modle does on data it never saw, to catch overfiting"
    result = Grader(deck).grade(deck.cards[0], typed)
    assert result.verdict == "incorrect"
    shown = [(p.shown, p.words) for p in result.points]
    assert ("partly", "modle") in shown
    assert result.reasons[0] == "Too little of the reference answer is there."
    # With nothing of the reference said, the old sentence stands.
    nothing = Grader(deck).grade(deck.cards[0], "PCA")
    assert all(p.shown == "missed" for p in nothing.points)
    assert nothing.reasons == ("None of the reference answer's key words is there.",)
