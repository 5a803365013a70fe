"""Which cards a session asks, and in what order.

Each mode is a policy that turns a deck (and, for review, the store's
history) into the ordered card list a `Session` walks. Chance comes in as a
`random.Random`, so a seeded one gives the same order every time.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from mlquiz.core.clock import iso

if TYPE_CHECKING:
    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.store.database import Store

# fsrs.State.Review: a graduated card, the kind the daily review limit counts.
_REVIEW_STATE = 2


class Mode(StrEnum):
    """How a session was played; stored with each of its answers."""

    QUIZ = "quiz"
    REVIEW = "review"
    CHALLENGE = "challenge"


def practice_cards(
    deck: Deck,
    count: int | None = None,
    shuffle: bool = False,
    tag: str | None = None,
    rng: random.Random | None = None,
    held: Collection[str] = (),
) -> tuple[Card, ...]:
    """The cards of a normal quiz: filtered by `tag`, optionally shuffled, then cut to `count`.

    Shuffling happens before the cut, so a shuffled quiz of 10 draws from the
    whole deck rather than the first 10 cards. `rng` defaults to an unseeded
    `random.Random` (pass a seeded one for a repeatable order). Cards in
    `held` (suspended or buried) are left out.
    """
    cards = [
        card for card in deck.cards if (tag is None or tag in card.tags) and card.id not in held
    ]
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


@dataclass(frozen=True)
class ReviewPlan:
    """What a review asks today, in order, and what the daily limits keep back.

    `due` are the cards due now, most overdue first: those in learning steps
    (never limited) and graduated ones up to the day's review limit;
    `missed` the cards whose last answer was not correct and that are not due
    yet; `new` never-answered cards up to the day's new-card limit, in deck
    order. `reviews_waiting` and `new_waiting` count the due and new cards the
    limits keep for another day. Suspended and buried cards are in none.
    """

    due: tuple[str, ...]
    missed: tuple[str, ...]
    new: tuple[str, ...]
    reviews_waiting: int = 0
    new_waiting: int = 0
    # Graduated cards the review limit still lets in today (None: no limit).
    review_room: int | None = None

    @property
    def card_ids(self) -> tuple[str, ...]:
        return self.due + self.missed + self.new


def review_plan(
    store: Store,
    deck: Deck,
    now: datetime,
    reviews_left: int | None = None,
    new_left: int = 0,
    held: Collection[str] = (),
    rows: list[tuple[Any, ...]] | None = None,
    missed: Sequence[str] | None = None,
) -> ReviewPlan:
    """Today's review of `deck` (see `ReviewPlan`); `reviews_left` None: no review limit.

    `rows` (the store's `card_state_rows` of the deck) and `missed` (the ids of its
    `missed` cards, in order) may be passed when the caller has read them already.
    """
    in_deck = {card.id for card in deck.cards}
    held = set(held)
    rows = store.card_state_rows(deck.id) if rows is None else rows
    scheduled = {row[1] for row in rows}
    until = iso(now)
    due_rows = sorted(
        (row[5], row[1], row[2])
        for row in rows
        if row[5] <= until and row[1] in in_deck and row[1] not in held
    )
    due: list[str] = []
    waiting = 0
    budget = reviews_left
    for _, card_id, state in due_rows:
        if state == _REVIEW_STATE and budget is not None:
            if budget <= 0:
                waiting += 1
                continue
            budget -= 1
        due.append(card_id)
    seen = set(due) | {row[1] for row in due_rows}
    if missed is None:
        missed = [m.card_id for m in store.missed(deck.id, details=False)]
    asked_missed = tuple(
        card_id
        for card_id in missed
        if card_id in in_deck and card_id not in seen and card_id not in held
    )
    skip = scheduled | held | set(asked_missed)
    unseen = [card.id for card in deck.cards if card.id not in skip]
    new_left = max(new_left, 0)
    return ReviewPlan(
        due=tuple(due),
        missed=asked_missed,
        new=tuple(unseen[:new_left]),
        reviews_waiting=waiting,
        new_waiting=max(len(unseen) - new_left, 0),
        review_room=None if budget is None else max(budget, 0),
    )


def review_cards(
    store: Store,
    deck: Deck,
    now: datetime,
    count: int | None = None,
    tag: str | None = None,
    plan: ReviewPlan | None = None,
) -> tuple[Card, ...]:
    """The cards of a review: those FSRS says are due, then the missed ones, then new ones.

    Due means the card's scheduled review time is at or before `now`; they
    come first, most overdue first. Then the missed cards (`missed_cards`'
    order) that are not due yet, so a card is asked once, then the day's new
    cards. `plan` is today's `review_plan` (limits and held cards applied);
    without one, every due and missed card and no new one. Cards that left
    the deck since are dropped; `tag` filters and `count` cuts the combined list.
    """
    plan = plan or review_plan(store, deck, now)
    by_id = {card.id: card for card in deck.cards}
    cards = [by_id[card_id] for card_id in plan.card_ids if card_id in by_id]
    if tag is not None:
        cards = [card for card in cards if tag in card.tags]
    if count is not None:
        cards = cards[:count]
    return tuple(cards)
