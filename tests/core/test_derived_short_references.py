"""Imported decks whose reference answers are one short sentence (issue 19's
causes of under-grading on a programming course's deck): filler read as a
required point ("and so forth", "In other words", "First"), a domain's key
word taken for a generic one ("main"), the built-in deck's synonyms applied to
another deck, a notation's definition ("where n is ...") required as an idea,
a negation said only in the reference's own words ("not able to"), and an
answer that says its own card's point beside another card's idea.

Each test imports a deck large enough for the deck-wide rules to apply (the
card under test first) and grades what a learner would type, right and wrong.
"""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.verdicts import FOUND
from tests.core.test_derived_grading import _big_deck
from tests.core.test_derived_under_grading import large_deck


def graded(tmp_path: Path, first: tuple[str, str], answers: list[str]) -> list:
    deck = large_deck(tmp_path, first)
    grader = Grader(deck)
    assert grader.cross.knows_at_least(300)  # the deck-wide rules apply
    return [grader.grade(deck.cards[0], answer) for answer in answers]


def test_and_so_forth_is_no_point_to_say(tmp_path: Path) -> None:
    """ "and so forth" ends the reference: it made "forth across files" a
    required point no learner says, so a whole right answer showed it missed."""
    scope = (
        "What is the scope of a global variable?",
        "The whole program, starting at the point of its declaration, and so forth across files.",
    )
    right, wrong = graded(
        tmp_path,
        scope,
        ["the whole program from where it is declared", "only the function that declares it"],
    )
    assert right.verdict == "correct"
    assert all(p.status == FOUND for p in right.points)
    assert not any("forth" in p.label for p in right.points)
    assert wrong.verdict != "correct"


def test_in_other_words_and_first_are_no_points(tmp_path: Path) -> None:
    """A restatement's opener ("In other words") and a step's "First" are
    filler: neither is a point of the checklist."""
    convex = (
        "What happens when you move left on a convex function?",
        "The slope decreases as we move left. In other words, the function goes uphill to the "
        "left.",
    )
    (result,) = graded(tmp_path, convex, ["the slope goes down when moving left"])
    assert result.verdict == "correct"
    assert not any("other words" in p.label.lower() for p in result.points)
    merge = (
        "What are the steps of a merge sort?",
        "First, divide the array into two halves. Then sort each half recursively and merge "
        "the sorted halves.",
    )
    right, vague = graded(
        tmp_path,
        merge,
        ["split the array in half, sort each half recursively, then merge them", "sort it"],
    )
    assert right.verdict == "correct"
    assert not any(p.label.lower().startswith("first") for p in right.points)
    assert vague.verdict == "incorrect"


def test_main_is_the_answer_in_a_programming_deck(tmp_path: Path) -> None:
    """ "main" is an everyday English word, and here the whole answer."""
    start = ("Where do C++ programs begin to execute?", "At the main function.")
    got = graded(tmp_path, start, ["main()", "in main", "the first line of the file"])
    assert [r.verdict for r in got] == ["correct", "correct", "incorrect"]


def test_the_built_in_decks_synonyms_stay_in_that_deck(tmp_path: Path) -> None:
    """The built-in deck takes "outputs" for MLflow's "artifacts"; an imported
    deck about builds does not."""
    build = ("What does the build step keep?", "The compiled artifacts.")
    got = graded(tmp_path, build, ["the artifacts", "the outputs"])
    assert [r.verdict for r in got] == ["correct", "incorrect"]


def test_a_definition_of_notation_is_not_required(tmp_path: Path) -> None:
    """ "log n comparisons, where n is the number of elements": the answer is
    "log n"; what n stands for is elaboration. A variable's letter alone is no
    answer."""
    search = (
        "How many comparisons does binary search need in the worst case?",
        "log n comparisons, where n is the number of elements in the array.",
    )
    got = graded(
        tmp_path, search, ["it halves the range each time, so log n", "log n", "n squared", "n"]
    )
    assert [r.verdict for r in got[:2]] == ["correct", "correct"]
    assert got[0].points[1].required is False  # "where n is ..." is there, optional
    assert got[2].verdict != "correct"
    assert got[3].verdict != "correct"


def test_cannot_says_a_reference_not_able_to(tmp_path: Path) -> None:
    """A negated clause was said only in its own words ("not able"): "cannot
    change" now ticks the point, the checklist agreeing with the verdict."""
    constant = (
        "What is a constant?",
        "A variable whose value is not able to change after it is set.",
    )
    right, vague = graded(
        tmp_path, constant, ["a variable that cannot change once assigned", "a variable"]
    )
    assert right.verdict == "correct"
    assert right.points[0].status == FOUND
    assert vague.verdict != "correct"


DERIVATIVE = (
    "What is the derivative useful for?",
    "The derivative is useful for minimizing a function because it tells us how to change x in "
    "order to make a small improvement in y.",
)
DIRECTIONAL = (
    "What is the directional derivative in direction u (unit vector)?",
    "The directional derivative is the slope of the function f in direction u. It is the "
    "derivative of f(x+a*u) with respect to a, evaluated at a = 0.",
)


def test_an_answer_telling_its_own_point_is_partial_beside_another_cards_idea(
    tmp_path: Path,
) -> None:
    """ "gives the slope -> tells you which way to nudge x" says the card's own
    point ("tells ... x", which the other card's reference never says) beside
    the directional derivative's "slope": it showed "That answers another
    question" with a point found and nothing against it. Part of the answer
    now; the other card's whole reference is still that card's answer."""
    path = tmp_path / "deck.csv"
    path.write_text(_big_deck(DERIVATIVE) + '"{}","{}"\n'.format(*DIRECTIONAL), encoding="utf-8")
    deck = import_deck(path).deck
    grader = Grader(deck)
    mixed, other, unrelated = (
        grader.grade(deck.cards[0], answer)
        for answer in (
            "gives the slope -> tells you which way to nudge x to reduce f",
            DIRECTIONAL[1],
            "to draw graphs",
        )
    )
    assert mixed.verdict == "partial"
    assert any(p.status == FOUND and p.required for p in mixed.points)
    assert other.verdict == "incorrect"
    assert other.reasons[0].startswith("That answers another question")
    assert unrelated.verdict == "incorrect"
