"""What the menu and the missed-cards browser show: plain values the service builds.

They live in core (not in service.py) so the service stays one door with no
value types of its own, and so the UI can name them without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from mlquiz.core.cards import Card
    from mlquiz.core.store.queries import SessionSummary


@dataclass(frozen=True)
class MenuSummary:
    """What the menu shows beside a deck."""

    deck_id: str
    cards: int
    missed: int
    last_session: SessionSummary | None
    # Cards FSRS has due by the end of today (local time), overdue ones included,
    # and when the next card not yet due comes due (None: nothing scheduled);
    # `due_now` are those due already, which a review asks first. See
    # `due.due_counts`.
    due_today: int = 0
    next_due: datetime | None = None
    due_now: int = 0
    # The tag filter the counts were made with (None: all cards; then `cards`
    # is the deck's size, else the tagged cards of its `deck_cards`).
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
