"""A word a question gives only by spelling out an abbreviation ("RMSE" is read
as "root mean squared error") is the reference's when the reference types it
("due to the squaring operation"): an answer that types it says part of the
reference; naming the abbreviation again earns nothing (issue 19). Each test
imports a deck large enough for the deck-wide rules to apply."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.cards import Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from tests.core.test_derived_grading import _big_deck
from tests.core.test_derived_under_grading import MORE_TOPICS

# Cards that spell the abbreviations out, as a deck does: the import reads them
# as the deck's glossary, so "RMSE" is read as its words everywhere.
NAMES = (
    '"What is the formula for RMSE (root mean squared error)?","RMSE = sqrt(MSE)"\n'
    '"What is the formula for MAE (mean absolute error)?","MAE = mean(|y - y_hat|)"\n'
)


def deck_with_names(tmp_path: Path, first: tuple[str, str]) -> Deck:
    lines = MORE_TOPICS.strip().splitlines()  # a topic, then its answer indented
    more = zip(lines[::2], (line.strip() for line in lines[1::2]), strict=True)
    text = _big_deck(first) + NAMES + "".join(f'"What is {q}?","{a}"\n' for q, a in more)
    path = tmp_path / "deck.csv"
    path.write_text(text, encoding="utf-8")
    return import_deck(path).deck


RMSE = (
    "How does RMSE compare to MAE in terms of error sensitivity?",
    "RMSE penalizes large errors more heavily than MAE due to the squaring operation. "
    "Also more sensitive to outliers than MAE.",
)


def test_a_word_the_question_only_abbreviates_is_the_references(tmp_path: Path) -> None:
    """ "rmse punishes big errors more because of the square" gives the reason
    the reference gives: at least part of it (it was incorrect, "None of the
    reference answer's key words is there", as "squared" was a question word).
    "rmse is worse than mae" names the question's abbreviations only: incorrect."""
    deck = deck_with_names(tmp_path, RMSE)
    grader = Grader(deck)
    assert grader.cross.knows_at_least(300)  # the deck-wide rules apply
    assert {t.word for t in grader.tokens("RMSE")} >= {"root", "squared"}
    card = deck.cards[0]
    reason = grader.grade(card, "rmse punishes big errors more because of the square")
    assert reason.verdict != "incorrect"
    assert grader.grade(card, "rmse is worse than mae").verdict == "incorrect"
    assert grader.grade(card, card.answer).verdict == "correct"
