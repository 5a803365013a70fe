"""Taught wordings in the grader: an answer that says the same thing as a wording the
player accepted is correct, through the normal grader; one like a rejected wording
is partial at most. One rule per test, on tests/data/ui-deck.toml.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlquiz.core.decks.library import load_deck
from mlquiz.core.decks.parse import parse_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.wording import Wording, WordingKind

DATA = Path(__file__).resolve().parents[1] / "data"
TAUGHT = datetime(2025, 12, 3, 12, 0, tzinfo=UTC)

# Says "one go" (single execution) but none of the run card's words for params and
# metrics: the grader alone finds one of its two essential points.
KNOBS = "one go of the training script that writes down the knobs and the scores"


def accepted(text: str, card: str = "run", points: tuple[str, ...] = (), id: int = 1) -> Wording:
    return Wording("ui-deck", card, WordingKind.ACCEPTED, text, TAUGHT, points=points, id=id)


def rejected(text: str, card: str = "run", id: int = 1) -> Wording:
    return Wording("ui-deck", card, WordingKind.REJECTED, text, TAUGHT, id=id)


@pytest.fixture
def grader() -> Grader:
    return Grader(load_deck(DATA / "ui-deck.toml"))


def test_without_wordings_the_answer_is_partial(grader: Grader) -> None:
    """The baseline the other tests move from."""
    result = grader.grade("run", KNOBS)
    assert result.verdict == "partial"
    assert result.wording is None


@pytest.mark.parametrize(
    "answer",
    [
        KNOBS,
        "one go of the trainig script that writes down the knobs and the scores",  # a typo
        "One go of the training-script, that writes down the knobs and the scores!",
        "it writes down the knobs and the scores, one go of the training script",  # clauses
        "one go of the training script that writes down the scores and the knobs",  # items
        "basically one go of the training script that writes down the knobs and the scores",
    ],
)
def test_an_answer_that_says_an_accepted_wording_is_correct(grader: Grader, answer: str) -> None:
    """Typos, punctuation, clauses or list items in another order, a filler word: the same
    thing said, graded correct, and the feedback says which wording and when."""
    grader.use_wordings([accepted(KNOBS)])
    result = grader.grade("run", answer)
    assert result.verdict == "correct"
    assert result.score == 1.0
    assert result.reasons == ("Accepted: your wording of 3 Dec.",)
    assert result.wording is not None and result.wording.id == 1
    assert set(result.found) >= {"single execution", "params and metrics logged"}


@pytest.mark.parametrize(
    "answer",
    [
        "one go of the training script that does not write down the knobs and the scores",
        "one go of the training script that never writes down the knobs and the scores",
        "one go of the training script that writes down only the knobs and the scores",
        "one go of the training script that always writes down the knobs and the scores",
        "one go of the training script that writes down the knobs",  # a part left out
        "one go of the training script that writes down the metrics",  # a deck word swapped in
        "one go of the script",
    ],
)
def test_a_different_claim_is_not_the_accepted_wording(grader: Grader, answer: str) -> None:
    """A negation, an added claim, a dropped or swapped word: not the wording; the
    grader alone decides, and it never says correct here."""
    grader.use_wordings([accepted(KNOBS)])
    result = grader.grade("run", answer)
    assert result.verdict != "correct"
    assert result.wording is None


def test_swapped_roles_in_one_clause_are_not_the_wording() -> None:
    """Words of one clause keep their order: "Staging before Production" accepted does
    not accept "Production before Staging"."""
    grader = Grader(load_deck(DATA / "grading-deck.toml"))
    said = "register it, move Staging before Production"
    grader.use_wordings([Wording("grading-test", "stages", WordingKind.ACCEPTED, said, TAUGHT)])
    assert grader.grade("stages", "register it, move Production before Staging").wording is None
    assert grader.grade("stages", "move Staging before Production, register it").wording


def test_a_negated_key_point_still_decides(grader: Grader) -> None:
    """An accepted wording that itself negates a key point is still incorrect: the
    judge's steps run over the evidence, the wording only adds points."""
    negating = "one go, no params or metrics logged"
    grader.use_wordings([accepted(negating)])
    result = grader.grade("run", negating)
    assert result.verdict == "incorrect"
    assert "params and metrics logged" in result.contradicted


def test_a_known_confusion_still_decides(grader: Grader) -> None:
    """A wording that says the card's known mix-up stays incorrect, accepted or not."""
    grader.use_wordings([accepted("a group of runs")])
    result = grader.grade("run", "a group of runs")
    assert result.verdict == "incorrect"
    assert result.confusion


def test_an_accepted_wording_covers_only_the_points_ticked(grader: Grader) -> None:
    """With "single execution" alone ticked, the params-and-metrics point is still missing."""
    grader.use_wordings([accepted(KNOBS, points=("single execution",))])
    result = grader.grade("run", KNOBS)
    assert result.verdict == "partial"
    assert result.missed == ["params and metrics logged"]


def test_an_accepted_wording_is_kept_to_its_card(grader: Grader) -> None:
    """The same text to another card grades as it did without it."""
    plain = {card: grader.grade(card, KNOBS).verdict for card in grader.cards}
    grader.use_wordings([accepted(KNOBS)])
    for card in ("experiment", "registry", "batch"):
        assert grader.grade(card, KNOBS).verdict == plain[card]


def test_a_wording_that_answers_another_card_counts_for_its_own(grader: Grader) -> None:
    """Accepted for the registry card knowing it also answers the experiment card, it
    makes that text correct for the registry card, and changes nothing for the other."""
    text = "a group of runs you can compare side by side"
    assert grader.grade("registry", text).verdict == "incorrect"
    grader.use_wordings([accepted(text, card="registry")])
    assert grader.grade("registry", text).verdict == "correct"
    assert grader.grade("run", text).verdict == "incorrect"


def test_a_rejected_wording_caps_a_similar_answer_at_partial(grader: Grader) -> None:
    """An answer the grader calls correct, marked wrong by the player: a similar one is
    partial at most, and the feedback says why."""
    text = "One execution of training code where params and metrics are logged together."
    assert grader.grade("run", text).verdict == "correct"
    grader.use_wordings([rejected(text)])
    typo = "one executon of training code where params and metrics are logged together"
    for answer in (text, typo):
        result = grader.grade("run", answer)
        assert result.verdict == "partial"
        assert result.score <= 0.75
        assert "Like an answer you marked wrong on 3 Dec: partial at most." in result.reasons
    other = "A single run of the training code, logging its metrics and parameters as one unit."
    assert grader.grade("run", other).verdict == "correct"


def test_the_newest_of_two_equal_wordings_wins(grader: Grader) -> None:
    """Accepted and rejected wordings equally close: the player's latest word counts."""
    grader.use_wordings([accepted(KNOBS, id=1), rejected(KNOBS, id=2)])
    assert grader.grade("run", KNOBS).verdict == "partial"
    grader.use_wordings([rejected(KNOBS, id=1), accepted(KNOBS, id=2)])
    assert grader.grade("run", KNOBS).verdict == "correct"


def test_wordings_of_a_card_the_deck_lost_are_orphans(grader: Grader) -> None:
    """Kept aside, never matched."""
    book = grader.use_wordings([accepted(KNOBS, card="gone"), accepted(KNOBS)])
    assert [w.card_id for w in book.orphans] == ["gone"]
    assert len(book) == 1


def test_grading_can_leave_the_wordings_out(grader: Grader) -> None:
    """`wordings=False`: the grader alone (for checks made while teaching)."""
    grader.use_wordings([accepted(KNOBS)])
    assert grader.grade("run", KNOBS, wordings=False).verdict == "partial"


def test_an_edited_card_is_graded_live_with_the_wordings(grader: Grader) -> None:
    """`grade_draft`: a card edited but not saved grades the answer as it would be
    graded once saved, without compiling the deck again."""
    from dataclasses import replace

    card = grader.deck.card("run")
    knobs = replace(card.points[1], phrases=(*card.points[1].phrases, "knobs"))
    draft = replace(card, points=(card.points[0], knobs, card.points[2]))
    assert grader.grade_draft(draft, KNOBS).verdict == "correct"
    assert grader.grade("run", KNOBS).verdict == "partial"  # the saved card is as it was


def test_an_ordered_card_keeps_its_order_check() -> None:
    """On a sequence card, an accepted wording with the steps swapped is still not
    correct: the order step runs over the evidence, and names the step out of place."""
    deck = parse_deck(
        """
        id = "flow"
        title = "t"
        description = "d"
        [[cards]]
        id = "f"
        question = "What is the flow?"
        answer = "Register, then Staging, then Production."
        ordered = true
        [[cards.points]]
        label = "Staging"
        phrases = ["staging"]
        [[cards.points]]
        label = "Production"
        phrases = ["production"]
        """
    )
    grader = Grader(deck)
    swapped = "first production, afterwards staging"
    grader.use_wordings([Wording("flow", "f", WordingKind.ACCEPTED, swapped, TAUGHT)])
    result = grader.grade("f", swapped)
    assert result.verdict == "partial"
    assert "Out of order" in result.reasons[0]
    assert result.wording is None
