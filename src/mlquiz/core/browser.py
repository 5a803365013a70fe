"""The card browser's rows: every card of a deck, searched and sorted as the player types.

One `CardRow` per card of the deck, built from three keyed tables (FSRS
state, answer totals, flags) in one pass, so a 10,000-card deck with 300,000
answers reads in tens of ms. Searching is plain substring matching on
casefolded text, so a query with regex characters (`.*`, `(`, `[`) is taken
as the characters it is; every word of the query must appear (in any
order) in the card's question, answer or tags, or in its status words:
`is:new`, `is:learning`, `is:review`, `is:mastered`, `is:suspended`,
`is:buried`, `is:leech`, `flag:<colour>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from mlquiz.core import scheduling
from mlquiz.core.clock import as_utc
from mlquiz.core.store.controls import NO_FLAGS, CardFlags

if TYPE_CHECKING:
    from mlquiz.core.cards import Card, Deck


class SortKey(StrEnum):
    """The orders the browser sorts by (deck order, then a column each), as `o` cycles them."""

    DECK = "deck order"
    ID = "id"
    QUESTION = "question"
    STATE = "state"
    DUE = "due"
    RECALL = "recall"
    LAPSES = "lapses"
    VERDICT = "verdict"
    FLAG = "flag"


@dataclass(slots=True)
class CardRow:
    """One card as the browser lists it.

    `bucket` is new, learning, review or mastered (`scheduling.bucket_of`);
    `due` and `recall` (0..1 now) are None for a card with no schedule;
    `last_verdict` is the effective verdict of the last answer (None: never
    answered). A plain (slotted, not frozen) class: a browser builds 10,000 of
    them as it opens, and a frozen dataclass takes twice as long to make.
    """

    card: Card
    bucket: str
    due: datetime | None
    recall: float | None
    lapses: int
    answers: int
    last_verdict: str | None
    flags: CardFlags
    now: datetime
    _text: str | None = None

    @property
    def card_id(self) -> str:
        return self.card.id

    @property
    def text(self) -> str:
        """What a search looks in, casefolded: made on the first search, so opening the
        browser does not pay for it."""
        if self._text is None:
            self._text = _search_text(self.card, self.bucket, self.flags, self.now)
        return self._text


def card_rows(
    deck: Deck,
    states: Iterable[tuple[Any, ...]],
    answers: Iterable[tuple[Any, ...]],
    flags: dict[str, CardFlags],
    now: datetime,
) -> list[CardRow]:
    """Every card of `deck`, in deck order; `states` and `answers` are the store's
    `browse_tables`, `flags` its `card_flags`."""
    now = as_utc(now)
    by_state = {row[0]: row for row in states}
    by_answers = {row[0]: row for row in answers}
    rows = []
    for card in deck.cards:
        state = by_state.get(card.id)
        totals = by_answers.get(card.id)
        card_flags = flags.get(card.id, NO_FLAGS)
        if state is None:
            bucket, due, recall, lapses = "new", None, None, 0
        else:
            _, fsrs_state, stability, due_text, last_review, lapses = state
            bucket = scheduling.bucket_of(fsrs_state, stability)
            due = datetime.fromisoformat(due_text)
            days = max((now - datetime.fromisoformat(last_review)).total_seconds() / 86400, 0.0)
            recall = scheduling.recall_after(days, stability)
        rows.append(
            CardRow(
                card=card,
                bucket=bucket,
                due=due,
                recall=recall,
                lapses=lapses,
                answers=totals[1] if totals else 0,
                last_verdict=totals[4] if totals else None,
                flags=card_flags,
                now=now,
            )
        )
    return rows


def _search_text(card: Card, bucket: str, flags: CardFlags, now: datetime) -> str:
    status = [f"is:{bucket}"]
    if flags.suspended:
        status.append("is:suspended")
    if flags.buried(now):
        status.append("is:buried")
    if flags.leech:
        status.append("is:leech")
    if flags.flag:
        status.append(f"flag:{flags.flag}")
    return "\n".join((card.question, card.answer, " ".join(card.tags), " ".join(status))).casefold()


def search(rows: Sequence[CardRow], query: str) -> list[CardRow]:
    """The rows whose text holds every word of `query` (literally, case ignored)."""
    words = query.casefold().split()
    if not words:
        return list(rows)
    if len(words) == 1:
        word = words[0]
        return [row for row in rows if word in row.text]
    return [row for row in rows if all(word in row.text for word in words)]


def card_order(card_id: str) -> tuple[int, int | str]:
    """Numbered cards in number order ("2" before "10"), then named ones by name."""
    return (0, int(card_id)) if card_id.isascii() and card_id.isdigit() else (1, card_id)


_VERDICT_ORDER = {"incorrect": 0, "partial": 1, "correct": 2}
_BUCKET_ORDER = {"new": 0, "learning": 1, "review": 2, "mastered": 3}


def sort_rows(rows: Sequence[CardRow], key: SortKey, descending: bool = False) -> list[CardRow]:
    """`rows` by `key`, ties in card id order; cards without a value (no due date, no
    recall, never answered, no flag) go last either way. `SortKey.DECK` keeps `rows`
    in the order given (the deck's)."""
    if key is SortKey.DECK:
        return list(rows)[::-1] if descending else list(rows)
    by_id = sorted(rows, key=lambda row: card_order(row.card_id))
    if key is SortKey.ID:
        return by_id[::-1] if descending else by_id

    def value(row: CardRow) -> object:
        if key is SortKey.QUESTION:
            return row.card.question.casefold()
        if key is SortKey.STATE:
            return _BUCKET_ORDER.get(row.bucket, 0)
        if key is SortKey.DUE:
            return None if row.due is None else row.due.replace(tzinfo=None)
        if key is SortKey.RECALL:
            return row.recall
        if key is SortKey.LAPSES:
            return row.lapses
        if key is SortKey.VERDICT:
            return None if row.last_verdict is None else _VERDICT_ORDER.get(row.last_verdict, 0)
        return None if row.flags.flag is None else row.flags.flag

    present = [row for row in by_id if value(row) is not None]
    absent = [row for row in by_id if value(row) is None]
    present.sort(key=value, reverse=descending)  # type: ignore[arg-type]
    return present + absent
