"""What the menu and the missed-cards browser show: plain values the service builds
(and a session's summary, which the store reads and the menu shows).

They live in core (not in the service package) so the service stays one door with no
value types of its own, and so the UI can name them without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from datetime import datetime

    from mlquiz.core.cards import Card


# The menu's two values are NamedTuples, not dataclasses: this module is imported
# as the game starts, where making an 18-field frozen dataclass costs ~1 ms (its
# methods are generated and compiled), a NamedTuple a fifth of that.


class SessionSummary(NamedTuple):
    """One session that has an answer, totalled (the menu's "last session", the stats)."""

    id: str
    deck_id: str
    mode: str
    started_at: str
    ended_at: str | None
    attempts: int
    correct: int
    partial: int
    incorrect: int
    score: float  # points earned
    percent: float  # score / attempts: the session's score as a fraction
    accuracy: float = 0.0  # correct / attempts: its accuracy (README, "In the game")

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()


class MenuSummary(NamedTuple):
    """What the menu shows beside a deck.

    `due_now` are the cards a review asks first (due now, within today's
    review limit); `due_today` those due by the end of the local day, within
    the limit too; `next_due` when the next card not yet due comes due (None:
    nothing scheduled); `new` the never-answered cards a review adds today.
    `reviews_waiting` / `new_waiting`: due and new cards today's limits keep
    for later (the limits are the deck's, so these count the whole deck).
    `due_tomorrow`: cards due during tomorrow (no limit applied).
    `suspended` and `buried`: cards held out of quizzes and reviews.
    `tag`: the tag filter the counts were made with (None: all cards; then
    `cards` is the deck's size, else the tagged cards of its `deck_cards`).
    """

    deck_id: str
    cards: int
    missed: int
    last_session: SessionSummary | None
    due_today: int = 0
    next_due: datetime | None = None
    due_now: int = 0
    new: int = 0
    reviews_waiting: int = 0
    new_waiting: int = 0
    due_tomorrow: int = 0
    suspended: int = 0
    buried: int = 0
    tag: str | None = None
    deck_cards: int = 0


@dataclass(frozen=True)
class MissedEntry:
    """One row of the missed-cards browser."""

    card: Card
    misses: int
    attempts: int
    last_answer: str
    last_verdict: str
    last_answered_at: str
    # Key points missed on this card, most often missed first: (label, times).
    missed_points: tuple[tuple[str, int], ...]

    @property
    def reference(self) -> str:
        return self.card.answer
