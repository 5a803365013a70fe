"""Which card is due: the graded answer rates the card, FSRS schedules it.

Anki makes the learner rate their own recall; mlquiz already knows how well
they recalled, from the graded answer, so the rating is a pure function of the
attempt (`rate`). The memory model is py-fsrs (`fsrs`), wrapped here so the
rest of the game deals in frozen `MemoryState` values and never sees its
mutable `Card`.

The rating
----------
- incorrect (a skip is incorrect) -> Again;
- partial with an effective score below `PASS_MARK` (0.5) -> Again. The score
  is the one the session counts (grader's score times the hint penalty, or the
  overridden verdict's worth), so a half answer that leaned on hints falls
  under the mark. Anki's manual: rating a forgotten card Hard, instead of
  Again, inflates its stability and distorts FSRS;
- partial at or above the pass mark -> Hard (a near miss);
- correct -> Good;
- correct with no hints and fast for its length -> Easy. Fast means
  `elapsed <= EASY_BASE_SECONDS + EASY_SECONDS_PER_CHAR * len(answer)`:
  3 s to recall plus typing at about 40 words a minute (0.3 s a character),
  the speed of someone who knew it at once. The answer's own length is used,
  not the reference's, so the rating depends on the stored attempt alone and
  a history can be replayed without the deck files.

An override rates the attempt as if the grader had given that verdict (the
same function, the effective verdict and score): the card's log is replayed.

Memory state
------------
One state per (deck, card) in the database (one database per user). A card
never answered has no state ("new"). Buckets for the stats: `new`;
`learning` (FSRS Learning or Relearning: short steps after a first answer or
a lapse); `review` (graduated); `mastered` (review with stability of at
least `MASTERED_STABILITY_DAYS`, 21 days: Anki's threshold for a "mature"
card, so it is recalled with 90% probability three weeks after a review).

Clock jumps
-----------
A card's history is replayed in the order its answers were stored, not by
their times, so answers given while the computer's clock was wrong (a year
ahead, say) do not sort after every answer given since. Two clamps keep a
wrong clock from setting a wrong interval, each written to the log
(`mlquiz.log`): an answer dated before the card's last review counts as no
time since it, with the next interval counted from the answer (`review`);
and an answer dated after the present of a replay (the clock has come back
since) is replayed as given at that present (`replay`). The store replays
every card whose last review is in the future when it opens, so a session
played 400 days ahead leaves no card due 400 days out once the clock is right.

Fuzzing is always off: a replay (backfill on migration, an override, an
undo) then reproduces the same due dates, and tests need no seed. The price
is that cards learned together come due together.

Desired retention and parameters
--------------------------------
Each answer is reviewed with the desired retention the player had set for
the deck when it was given (stored with the attempt), so a replay gives the
same due dates even after the setting changed; the retention moves only the
interval, never stability or difficulty. The 21 model parameters are FSRS's
defaults unless `mlquiz optimize` fitted the deck's own (`parameters`).

Lapses
------
A lapse is an Again on a card in review (graduated and then forgotten), as
Anki counts them; `MemoryState.lapses` counts them, and a card that has
lapsed often is a leech (see `core/deck_settings.py`).

`fsrs` is imported on first use, not with this module, so that opening the
menu (which imports storage, which imports this) does not pay for it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mlquiz.core.clock import as_utc, iso
from mlquiz.core.deck_settings import DEFAULT_RETENTION
from mlquiz.core.verdicts import effective_score, effective_verdict

if TYPE_CHECKING:
    from mlquiz.core.session import Attempt

# Effective score at or above which a partial answer is a near miss (Hard).
PASS_MARK = 0.5
# "Fast for its length": seconds to recall, plus seconds per character typed.
EASY_BASE_SECONDS = 3.0
EASY_SECONDS_PER_CHAR = 0.3
# A review card with at least this stability (days) counts as mastered.
MASTERED_STABILITY_DAYS = 21.0

log = logging.getLogger("mlquiz.scheduling")

# FSRS card states (the values of fsrs.State, so they can be stored as is).
LEARNING = 1
REVIEW = 2
RELEARNING = 3

BUCKETS = ("new", "learning", "review", "mastered")

# FSRS-6's default forgetting-curve decay (fsrs.scheduler.DEFAULT_PARAMETERS[20]),
# copied so the stats can compute recall without importing fsrs (a test checks
# that the two agree). R(t) = (1 + FACTOR * t / S) ** -DECAY, so R(S) = 90%.
DECAY = 0.1542
_FACTOR = 0.9 ** (1 / -DECAY) - 1


class Rating(IntEnum):
    """The four FSRS ratings, with fsrs.Rating's values (stored as integers)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def rate(
    verdict: str,
    score: float,
    hints_used: int,
    elapsed: float,
    answer_length: int,
) -> Rating:
    """The FSRS rating of one answer (see the module docstring for the table).

    `verdict` and `score` are the effective ones (after an override).
    """
    if verdict == "correct":
        fast = elapsed <= EASY_BASE_SECONDS + EASY_SECONDS_PER_CHAR * answer_length
        return Rating.EASY if hints_used == 0 and fast else Rating.GOOD
    if verdict == "partial":
        return Rating.HARD if score >= PASS_MARK else Rating.AGAIN
    return Rating.AGAIN


def rate_attempt(attempt: Attempt) -> Rating:
    """`rate` applied to an `Attempt`, by its effective verdict and score."""
    verdict = effective_verdict(attempt.verdict, attempt.override)
    score = effective_score(attempt.score, attempt.override, attempt.hints_used)
    return rate(verdict, score, attempt.hints_used, attempt.elapsed, len(attempt.answer))


@dataclass(frozen=True)
class MemoryState:
    """FSRS's memory of one card after at least one review.

    `state` is LEARNING, REVIEW or RELEARNING; `step` the learning step (None
    in review); `stability` in days; `difficulty` 1..10; `due` and
    `last_review` aware UTC datetimes; `reviews` how many answers built it.
    """

    state: int
    step: int | None
    stability: float
    difficulty: float
    due: datetime
    last_review: datetime
    reviews: int = 1
    lapses: int = 0

    @property
    def bucket(self) -> str:
        return bucket(self)

    def to_dict(self) -> dict[str, Any]:
        """fsrs.Card.to_dict's shape (card_id 0), so `fsrs.Card.from_dict` reads it."""
        return {
            "card_id": 0,
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": self.last_review.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MemoryState:
        return cls(
            state=int(data["state"]),
            step=data["step"],
            stability=float(data["stability"]),
            difficulty=float(data["difficulty"]),
            due=as_utc(datetime.fromisoformat(data["due"])),
            last_review=as_utc(datetime.fromisoformat(data["last_review"])),
            reviews=int(data.get("reviews", 1)),
            lapses=int(data.get("lapses", 0)),
        )


def state_json(state: MemoryState | None) -> str | None:
    """Compact JSON of `to_dict` (the review log holds two per answer)."""
    return None if state is None else json.dumps(state.to_dict(), separators=(",", ":"))


@dataclass(frozen=True)
class Review:
    """One line of the review log: the rating and the state on either side."""

    rating: Rating
    reviewed_at: datetime
    before: MemoryState | None  # None: the card was new
    after: MemoryState


@lru_cache(maxsize=1)
def _fsrs() -> tuple[Any, Any, Any, Any]:
    """(Scheduler, Card, Rating, State) from py-fsrs, imported on first use."""
    from fsrs import Card, Scheduler, State
    from fsrs import Rating as FsrsRating

    return Scheduler, Card, FsrsRating, State


@lru_cache(maxsize=16)
def _scheduler(retention: float, parameters: tuple[float, ...] | None) -> Any:
    """One fsrs.Scheduler per (desired retention, parameters): building one validates
    the parameters, and a replay reviews thousands of answers."""
    Scheduler = _fsrs()[0]
    if parameters is None:
        return Scheduler(desired_retention=retention, enable_fuzzing=False)
    return Scheduler(parameters=parameters, desired_retention=retention, enable_fuzzing=False)


def review(
    state: MemoryState | None,
    rating: Rating | int,
    now: datetime,
    retention: float | None = None,
    parameters: tuple[float, ...] | None = None,
) -> Review:
    """The card's state after answering it at `now` with `rating` (None: a new card).

    `retention` is the desired retention (None: FSRS's 0.9), `parameters` the
    deck's fitted FSRS parameters (None: FSRS's defaults). About 20 us. A
    `now` before the last review (the clock was set back, or it was ahead at
    that review) counts as no time since that review, and the new interval
    runs from `now`: FSRS never runs backwards, and a review dated in the
    future cannot push the card's next one out by as much (logged: see the
    module docstring, "Clock jumps").
    """
    _, Card, FsrsRating, State = _fsrs()
    scheduler = _scheduler(DEFAULT_RETENTION if retention is None else retention, parameters)
    now = as_utc(now)
    if state is None:
        card = Card(card_id=0, due=now)
    else:
        last = state.last_review
        if now < last:
            log.info(
                "clock: an answer at %s is %s before the card's last review at %s; "
                "counted as no time since it",
                iso(now),
                last - now,
                iso(last),
            )
            last = now
        card = Card(
            card_id=0,
            state=State(state.state),
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=state.due,
            last_review=last,
        )
    card, _ = scheduler.review_card(card, FsrsRating(int(rating)), now)
    lapsed = state is not None and state.state == REVIEW and int(rating) == Rating.AGAIN
    after = MemoryState(
        state=int(card.state),
        step=card.step,
        stability=float(card.stability),
        difficulty=float(card.difficulty),
        due=card.due,
        last_review=card.last_review,
        reviews=(state.reviews if state else 0) + 1,
        lapses=(state.lapses if state else 0) + int(lapsed),
    )
    return Review(Rating(int(rating)), now, state, after)


def replay(
    steps: Iterable[tuple[Rating | int, datetime] | tuple[Rating | int, datetime, float | None]],
    parameters: tuple[float, ...] | None = None,
    until: datetime | None = None,
) -> list[Review]:
    """Review a new card with each (rating, time[, desired retention]) in turn, in
    the order given (the order the answers were stored); the log, in that order.
    What rebuilds a card's schedule from its answers (a migration, an override,
    an undo, a schedule reset).

    A time later than `until` (the replay's own present) was read from a
    clock that ran ahead: it is taken as `until`, so no interval is counted
    from the future (logged).
    """
    entries: list[Review] = []
    state: MemoryState | None = None
    limit = as_utc(until) if until is not None else None
    for step in steps:
        moment = step[1]
        if limit is not None and as_utc(moment) > limit:
            log.info(
                "clock: an answer dated %s is %s ahead of now; replayed as given now",
                iso(moment),
                as_utc(moment) - limit,
            )
            moment = limit
        retention = step[2] if len(step) > 2 else None
        entry = review(state, step[0], moment, retention, parameters)
        entries.append(entry)
        state = entry.after
    return entries


def valid_parameters(parameters: Iterable[float]) -> tuple[float, ...]:
    """`parameters` as FSRS takes them; ValueError (FSRS's message) when it would not."""
    values = tuple(float(value) for value in parameters)
    _scheduler(DEFAULT_RETENTION, values)
    return values


def retrievability(state: MemoryState | None, now: datetime) -> float:
    """The probability (0..1) of recalling the card at `now`; 0 for a new card.

    FSRS's power forgetting curve, computed here rather than through
    `Scheduler.get_card_retrievability`, which rounds elapsed time down to
    whole days (a card answered an hour ago would read 100%).
    """
    if state is None:
        return 0.0
    days = max((as_utc(now) - state.last_review).total_seconds() / 86400, 0.0)
    return recall_after(days, state.stability)


def recall_after(days: float, stability: float) -> float:
    """FSRS's forgetting curve: the recall probability `days` after a review."""
    return float((1 + _FACTOR * days / stability) ** -DECAY)


def bucket(state: MemoryState | None) -> str:
    """new, learning (or relearning), review, or mastered (see the module docstring)."""
    if state is None:
        return bucket_of(None, None)
    return bucket_of(state.state, state.stability)


def bucket_of(state: int | None, stability: float | None) -> str:
    """`bucket` from the stored columns (state None: no row, a new card)."""
    if state is None:
        return "new"
    if state != REVIEW:
        return "learning"
    if stability is not None and stability >= MASTERED_STABILITY_DAYS:
        return "mastered"
    return "review"
