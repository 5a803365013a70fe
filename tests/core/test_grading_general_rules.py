# ruff: noqa: E501  (tables of typed answers read best one per line)
"""General rules of issue 12 on the built-in deck, with answers written for this
test (none is in a labeled set), in the ways new learners type them: rules
that hold for any card, not phrases of one card.

- A list of the card's points with one more item, added with "and", that no
  evidence of the card accounts for is a list with a wrong item: incorrect,
  and the feedback names the item. A true extra the card knows stays fine.
- A vague wording of the card said by an answer about something else (another
  tool, an everyday analogy) is incorrect, not "the right direction".
"""

from __future__ import annotations

import pytest

from mlquiz.core.grading.grader import Grader


@pytest.mark.parametrize(
    ("card", "answer", "item"),
    [
        (
            "34",
            "a shared history of everyone's runs, no one repeats work, people build on earlier runs, and it picks the winning model for the team",
            "and it picks the winning model for the team",
        ),
        (
            "16",
            "versions, stage transitions, an audit trail, and it trains the new versions on a schedule",
            "and it trains the new versions on a schedule",
        ),
        (
            "30",
            "less duplicated code, consistent features across models, one place to fix them, and every notebook gets its own copy",
            "and every notebook gets its own copy",
        ),
        # The last of a numbered list, added the same way.
        (
            "34",
            "1) shared history of runs 2) no duplicated work 3) others build on past runs 4) it picks the final model for production",
            "it picks the final model for production",
        ),
    ],
)
def test_an_item_added_to_a_list_that_the_card_cannot_account_for_is_wrong(
    grader: Grader, card: str, answer: str, item: str
) -> None:
    result = grader.grade(card, answer)
    assert result.verdict == "incorrect"
    assert result.false_claim == item
    assert any(item in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("10", "params, metrics, the pickled model, plots, and the environment"),
        (
            "34",
            "shared history, nobody duplicates effort, you build on what others tried, and the UI lets you compare them",
        ),
        (
            "1",
            "feature engineering with Spark, model training, batch scoring, and MLflow for tracking it all",
        ),
    ],
)
def test_a_true_item_added_to_a_right_list_keeps_it_correct(
    grader: Grader, card: str, answer: str
) -> None:
    assert grader.grade(card, answer).verdict == "correct"


def test_an_added_item_in_a_story_is_no_wrong_item(grader: Grader) -> None:
    """Told in the first person, the clauses are what the learner did, not a list."""
    answer = "we kept a shared history of runs, nobody redid work, people built on past runs, and I moved to another team"
    assert grader.grade("34", answer).verdict != "incorrect"


@pytest.mark.parametrize(
    ("card", "off_topic", "on_topic"),
    [
        (
            "9",
            "same as tagging photos on my phone into albums, keeps things tidy",
            "keeps things tidy",
        ),
        (
            "15",
            "like the shelf in a library where books are stored by their authors",
            "a place where models are stored",
        ),
    ],
)
def test_a_vague_wording_said_about_something_else_is_incorrect(
    grader: Grader, card: str, off_topic: str, on_topic: str
) -> None:
    result = grader.grade(card, off_topic)
    assert result.verdict == "incorrect"
    assert result.reasons  # it says why
    assert grader.grade(card, on_topic).verdict == "partial"


def test_stage_names_in_quotes_keep_a_code_answer_on_topic(grader: Grader) -> None:
    """Words in quotes are left out of "is this answer about the card?" only when the
    card does not know them (a model's or a metric's name): quoted stage names are
    the card's own words, so a code answer that says a point is not "about
    something else"."""
    answer = "move to 'Staging' -> run the integration suite against models:/fraud/Staging -> move to 'Production' only once someone approves"
    result = grader.grade("18", answer)
    # Tests run against the Staging model before an approved move: both points.
    assert result.verdict == "correct", result.reasons
    assert not any("something else" in reason for reason in result.reasons)


# -- typed without punctuation (a phone, a hurry) ------------------------------------


def test_a_plain_negation_still_denies_its_point(grader: Grader) -> None:
    result = grader.grade("34", "runs are not shared with the team so nobody can build on them")
    assert result.verdict == "incorrect"


def test_a_hedge_ends_the_reach_of_a_negation_before_it(grader: Grader) -> None:
    """ "... so it doesnt break things maybe a reviewer approves it": the approval is
    a new thought, not under "doesnt"."""
    answer = "test it before prod so it doesnt break things maybe a reviewer approves it"
    result = grader.grade("18", answer)
    assert result.verdict == "correct"
    assert not result.contradicted


def test_points_said_in_word_groups_without_punctuation_are_no_keyword_salad(
    grader: Grader,
) -> None:
    """Each point said by words that go together ("standard format", "load
    anywhere", "pyfunc rest api") is a telegraphic answer; a noun per point
    ("endpoint kubernetes mlflow latency") is still a list of terms."""
    assert grader.grade("28", "standard format load anywhere pyfunc rest api").verdict == "correct"
    assert grader.grade("26", "endpoint kubernetes mlflow latency").verdict == "incorrect"


@pytest.mark.parametrize(
    ("card", "answer"),
    [
        ("10", "params, mertcis, the model file, plots and the environment"),
        ("17", "none, staging, production, archveid"),
        ("16", "vesrons, stage transitions, an audit trail and one source of truth for deploys"),
    ],
)
def test_two_slips_in_a_word_of_seven_or_eight_letters_are_a_typo(
    grader: Grader, card: str, answer: str
) -> None:
    """ "mertcis" (two letters swapped) is "metrics", not a wrong item of the list."""
    assert grader.grade(card, answer).verdict == "correct"


def test_a_longer_word_is_not_cut_short_into_a_deck_word(grader: Grader) -> None:
    """ "tableau" is another tool, not "table" with two letters too many: pushing
    the scores to it is no write-back to a table."""
    answer = "read features into a dataframe, score them with a pandas udf, then push the results to tableau"
    result = grader.grade("24", answer)
    assert result.verdict == "incorrect"
    assert "tableau" in (result.false_claim or "")


# -- hedged: "I think", "maybe", "... I guess" grade the content, never rescue it ------


def test_a_hedge_does_not_hide_a_wrong_list_item(grader: Grader) -> None:
    """ "I think" hedges; it is no story told in the first person, so the list is
    still read item by item."""
    answer = "I think a shared history of runs, nobody repeats work, people build on earlier runs, and it picks the winning model for the team?"
    result = grader.grade("34", answer)
    assert result.verdict == "incorrect"
    assert result.false_claim == "and it picks the winning model for the team"
    right = "I think a shared history of runs, nobody repeats work, people build on earlier runs?"
    assert grader.grade("34", right).verdict == "correct"


def test_a_hedge_does_not_hide_an_absolute_claim(grader: Grader) -> None:
    answer = "I think when you iterate fast with sklearn or xgboost, because autolog never slows training down?"
    result = grader.grade("12", answer)
    assert result.verdict == "partial"
    assert "never" in (result.false_claim or "")


def test_a_hedged_list_of_terms_is_still_a_list_of_terms(grader: Grader) -> None:
    for answer in (
        "jobs notebooks clusters mlflow schedules... I guess",
        "maybe jobs notebooks clusters mlflow schedules?",
    ):
        assert grader.grade("19", answer).verdict == "incorrect"
    # A hedge between the words goes with a statement: half an answer, not terms.
    assert grader.grade("36", "delta version number maybe logged somewhere?").verdict == "partial"


def test_a_remark_about_the_answer_changes_nothing(grader: Grader) -> None:
    """ "That's what I remember from class." says nothing for or against the card:
    a list of terms stays one, an echo of the question stays an echo, and a
    right half answer keeps its credit."""
    terms = "jobs, notebooks, clusters, mlflow, schedules. That's what I remember from class."
    assert grader.grade("19", terms).verdict == "incorrect"
    echo = "because organizing runs into experiments keeps runs organized. Hope that's right."
    assert grader.grade("9", echo).verdict == "incorrect"
    half = "keep the notebooks in git. That's what I remember from the course."
    assert grader.grade("31", half).verdict == "partial"
