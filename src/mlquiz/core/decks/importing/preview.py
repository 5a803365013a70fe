"""What an import would give, before anything is written: `mlquiz deck import --preview`.

A few cards, spread over the deck, each with its derived key points and how
two answers grade on it: the card's own reference answer (always correct,
or the derivation is broken) and a terse version of it (the first clause of
its first sentence), which shows whether a short right answer gets credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlquiz.core.cards import Card, Deck, KeyPoint
from mlquiz.core.grading.results import GradeResult

MAX_TERSE_WORDS = 10


@dataclass(frozen=True)
class CardPreview:
    card: Card
    points: tuple[KeyPoint, ...]
    reference: GradeResult
    terse: str
    terse_grade: GradeResult


def terse_version(answer: str) -> str:
    """The first clause of the answer's first sentence, at most ten words."""
    from mlquiz.core.grading.derive.clean import clean_text

    text = clean_text(answer).lstrip("- ")
    sentence = re.split(r"(?<=[.!?])\s+|\n", text, maxsplit=1)[0]
    clause = re.split(r"[,;:(]|\s[-–—]\s", sentence, maxsplit=1)[0]
    words = clause.split()[:MAX_TERSE_WORDS]
    return " ".join(words).rstrip(".!?") or text[:80]


def sample(deck: Deck, count: int) -> list[Card]:
    """`count` cards spread evenly over the deck, the first one first."""
    cards = list(deck.cards)
    if len(cards) <= count:
        return cards
    step = len(cards) / count
    return [cards[int(i * step)] for i in range(count)]


def preview_deck(deck: Deck, count: int = 5) -> list[CardPreview]:
    """A few of the deck's cards with their points and two graded answers."""
    from mlquiz.core.grading.grader import Grader

    grader = Grader(deck)
    out = []
    for card in sample(deck, count):
        terse = terse_version(card.answer)
        out.append(
            CardPreview(
                card=card,
                points=card.points,
                reference=grader.grade(card, card.answer),
                terse=terse,
                terse_grade=grader.grade(card, terse),
            )
        )
    return out
