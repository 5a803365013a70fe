"""Which cards a session asks, and in what order.

Each mode is a policy that turns a deck (and, for review, the store's
history) into the ordered card list a `Session` walks. Chance comes in as a
`random.Random`, so a seeded one gives the same order every time.
"""

from __future__ import annotations

import random
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.store.database import Store


class Mode(StrEnum):
    """How a session was played; stored with each of its answers."""

    QUIZ = "quiz"
    REVIEW = "review"
    CHALLENGE = "challenge"


# The choices the menu offers for "number of cards"; None means all.
COUNTS: tuple[int | None, ...] = (10, 20, None)


def practice_cards(
    deck: Deck,
    count: int | None = None,
    shuffle: bool = False,
    tag: str | None = None,
    rng: random.Random | None = None,
) -> tuple[Card, ...]:
    """The cards of a normal quiz: filtered by `tag`, optionally shuffled, then cut to `count`.

    Shuffling happens before the cut, so a shuffled quiz of 10 draws from the
    whole deck rather than the first 10 cards. `rng` defaults to an unseeded
    `random.Random` (pass a seeded one for a repeatable order).
    """
    cards = [card for card in deck.cards if tag is None or tag in card.tags]
    if shuffle:
        (rng or random.Random()).shuffle(cards)
    if count is not None:
        if count < 1:
            raise ValueError("count must be at least 1 (or None for all)")
        cards = cards[:count]
    return tuple(cards)


def missed_cards(
    store: Store,
    deck: Deck,
    count: int | None = None,
    tag: str | None = None,
) -> tuple[Card, ...]:
    """The cards to review: those whose last answer was not correct.

    Missed means the card's latest attempt, in any mode, had an effective
    verdict of incorrect or partial (a skip is incorrect; "I was wrong" counts
    as wrong, "I was right" as right). Any later correct answer clears it,
    in review or in a normal quiz, as Anki and Quizlet users expect. Order:
    most missed over all time first, then most recently answered. Cards that
    left the deck since (edited out) are dropped.
    """
    by_id = {card.id: card for card in deck.cards}
    cards = [by_id[m.card_id] for m in store.missed(deck.id, details=False) if m.card_id in by_id]
    if tag is not None:
        cards = [card for card in cards if tag in card.tags]
    if count is not None:
        cards = cards[:count]
    return tuple(cards)


def review_cards(
    store: Store,
    deck: Deck,
    now: datetime,
    count: int | None = None,
    tag: str | None = None,
) -> tuple[Card, ...]:
    """The cards of a review: those FSRS says are due, then the missed ones.

    Due means the card's scheduled review time is at or before `now`; they
    come first, most overdue first. Then the missed cards (`missed_cards`'
    order) that are not due yet, so a card is asked once. Cards that left the
    deck since are dropped; `tag` filters and `count` cuts the combined list.
    """
    by_id = {card.id: card for card in deck.cards}
    ids = [card_id for card_id in store.due(deck.id, now) if card_id in by_id]
    seen = set(ids)
    for card in missed_cards(store, deck):
        if card.id not in seen:
            seen.add(card.id)
            ids.append(card.id)
    cards = [by_id[card_id] for card_id in ids]
    if tag is not None:
        cards = [card for card in cards if tag in card.tags]
    if count is not None:
        cards = cards[:count]
    return tuple(cards)
