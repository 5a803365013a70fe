"""What grading reads of every card of a big deck, worked out once when the deck
is cached rather than before its first graded answer (issue 15).

The first answer on a 100,000-card deck needed every reference answer's and
essential point's text joined and made searchable (`deck_search.TextField`,
about 0.3 s) and, for a misspelt word, every word the deck writes (about
0.35 s). The deck cache (decks/cache.py) works these parts out when it parses
a deck of `STORE_FROM` cards or more (the start that finds a new or edited
deck), and keeps each in a file beside the deck's; a deck loaded from the
cache carries a way to read them (`Deck.grading_texts`), and the grader reads
each part the first time it needs it. A part that is not there, or not of
this deck file and this code, is worked out from the cards as before: the
same texts, read by the same functions below, so grading is the same.

The parts: "words", every word the deck writes, folded (with the glossary, the
deck's vocabulary: `vocabulary.deck_word_parts`); "questions", "references" and
"points", the `TextField` values of the cards' questions, reference answers and
essential points (with each point's card), in the order the grader holds the
cards (`phrased_cards`).
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mlquiz.core.cards import GRADING_TEXTS_FROM
from mlquiz.core.grading.deck_search import TextField

if TYPE_CHECKING:
    from mlquiz.core.cards import Card, Deck, KeyPoint

log = logging.getLogger("mlquiz.cache")

# Decks of this many cards or more have their grading texts kept by the deck
# cache; the grader searches such a deck's text rather than indexing every stem
# (`cross_search.SEARCH_FROM`) and reads its words one letter at a time when it
# has no stored words (`reader.LETTERS_FROM`): a smaller deck's are milliseconds.
STORE_FROM = GRADING_TEXTS_FROM

PARTS = ("words", "questions", "references", "points")


def phrased_cards(deck: Deck) -> list[Card]:
    """The cards the grader reads by their phrases (all but cloze cards), in deck order."""
    return [card for card in deck.cards if card.cloze is None]


def question_texts(cards: Iterable[Card]) -> list[str]:
    return [card.question for card in cards]


def reference_texts(cards: Iterable[Card]) -> list[str]:
    return [card.answer for card in cards]


def point_texts(cards: Sequence[Card]) -> tuple[list[str], array[int]]:
    """One text per essential point (a card's consecutive), and each one's card's place."""
    texts = [point_text(p) for card in cards for p in card.points if p.required]
    owner = array("I", [n for n, card in enumerate(cards) for p in card.points if p.required])
    return texts, owner


def point_text(point: KeyPoint) -> str:
    """A key point's phrases, examples and analogies' phrases (`DeckCards.point_stems`)."""
    if point.analogies:
        return " ".join(
            [*point.phrases, *point.examples, *(p for a in point.analogies for p in a.phrases)]
        )
    if point.examples:
        return " ".join((*point.phrases, *point.examples))
    return " ".join(point.phrases)


def work_out(deck: Deck) -> Iterable[tuple[str, Any]]:
    """Each part of the deck's grading texts as plain values (what `marshal` stores),
    one at a time (a 100,000-card deck's are tens of megabytes each)."""
    from mlquiz.core.grading.vocabulary import deck_word_parts

    yield "words", deck_word_parts(deck)
    cards = phrased_cards(deck)
    yield "questions", TextField(question_texts(cards)).state()
    yield "references", TextField(reference_texts(cards)).state()
    texts, owner = point_texts(cards)
    yield "points", (TextField(texts).state(), owner.tobytes())


# -- reading the stored parts (None: work it out from the cards) ---------------------

Stored = Callable[[str], object] | None


def stored_words(stored: Stored) -> frozenset[str] | None:
    """The deck's folded words (`vocabulary.deck_word_parts`), if stored."""
    value = _get(stored, "words")
    if type(value) is frozenset and all(type(w) is str for w in value):
        return value
    _dropped("words", value)
    return None


def stored_field(stored: Stored, name: str, size: int) -> TextField | None:
    """The stored `TextField` of the cards' questions or references, if it has `size` texts."""
    value = _get(stored, name)
    try:
        field = None if value is None else TextField.from_state(value)
    except (TypeError, ValueError):
        field = None
    if field is not None and field.size == size:
        return field
    _dropped(name, value)
    return None


def stored_points(stored: Stored, cards: int) -> tuple[TextField, array[int]] | None:
    """The stored `TextField` of the essential points, and each one's card's place,
    if they fit a deck of `cards` cards."""
    value = _get(stored, "points")
    try:
        if type(value) is not tuple or len(value) != 2:
            raise ValueError("not a points part")
        state, owner_bytes = value
        field = TextField.from_state(state)
        owner = array("I")
        owner.frombytes(owner_bytes)
    except (TypeError, ValueError):
        _dropped("points", value)
        return None
    if len(owner) == field.size and (not owner or owner[-1] < cards):
        return field, owner
    _dropped("points", value)
    return None


def _get(stored: Stored, name: str) -> object:
    return None if stored is None else stored(name)


def _dropped(name: str, value: object) -> None:
    if value is not None:  # there, but not of this deck's shape: worked out again
        log.warning("stored grading texts: %s do not fit the deck, worked out again", name)
