"""The timed challenge: typed recall against a countdown, scored for a best table.

A `Challenge` wraps an ordinary `Session` (mode "challenge", timed attempts),
so every answer is graded and counted like any other (and the service stores
it like any other); what it adds is the countdown, the points and the endless
card supply. Like the session it takes the wall-clock time of each action as
`now`; the countdown has its own clock.

Time
----
The countdown reads a **monotonic** clock injected as a zero-argument callable
returning seconds (`time.monotonic` in the game, a fake in tests); the wall
clock is never read here, so setting the system time forward or back neither
shortens nor lengthens a run. What the countdown counts is *answering time*:
it runs while a card waits for an answer and stops while the feedback on an
answer is shown (it resumes with `next()`). Without the pause, the 1.5 s of
brief feedback would take a quarter of a 60 s run and the "until Enter"
setting would cost points; with it, runs under either setting compare fairly.

The run ends exactly at the limit: `remaining()` is 0 and the run's counted
time is `duration_s` however late the UI notices. The answer on screen when
time runs out still counts: the UI passes its text to `finish(pending_answer)`,
which grades it before ending the run, and an Enter that arrives after the
limit (before the UI's timer noticed) is graded the same way and ends the run.

A stopped process gains nothing. Monotonic time keeps running while the
process is stopped (SIGSTOP/SIGCONT, Ctrl+Z then `fg`), so the run is simply
over, or closer to over, when it resumes: time away is time spent. (On Linux
the monotonic clock does not advance while the whole machine is suspended;
nobody can play during a suspend, so that gains nothing either.)

Scoring
-------
All points are whole numbers; the grader's own verdict decides (an override
made later, in review, does not change a finished run's score).

- 10 points per key point found (`POINTS_PER_KEY_POINT`), required or not.
- A correct answer extends the streak by one and adds a streak bonus of
  5 x the streak, this answer included (`STREAK_BONUS`), capped at 50
  (`STREAK_BONUS_CAP`, reached at a streak of 10). A partial or incorrect
  answer resets the streak to 0 but keeps its key-point points.
- Each hint costs 5 points when taken (`HINT_COST`); it does not break the
  streak.
- A skip costs 10 points (`SKIP_COST`) and resets the streak.

The score may go below zero (a run of skips and hints is worth less than
nothing). `answers` counts graded answers (skips are counted apart),
`correct` those the grader called correct; accuracy is correct / answers.

Cards
-----
The cards of the deck (after the tag filter) come in a shuffled order; when
they run out they are shuffled again and appended to the session, never with
the last card asked coming straight back (unless the deck has one card).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlquiz.core.cards import Card
    from mlquiz.core.session import Attempt, Hint, Session

# The durations the menu offers, in seconds.
DURATIONS: tuple[int, ...] = (60, 120, 300)

POINTS_PER_KEY_POINT = 10
STREAK_BONUS = 5
STREAK_BONUS_CAP = 50
HINT_COST = 5
SKIP_COST = 10

# How many runs the personal-best table keeps per deck and duration.
BEST_TABLE_SIZE = 10

Monotonic = Callable[[], float]


class ChallengeError(Exception):
    """An action that makes no sense in the challenge's state (a UI bug)."""


class ChallengeOver(ChallengeError):
    """Time is up (or the run has ended): finish the run instead."""


def streak_bonus(streak: int) -> int:
    """The bonus for a correct answer that makes the streak `streak` long."""
    return min(STREAK_BONUS * streak, STREAK_BONUS_CAP) if streak > 0 else 0


def challenge_cards(cards: Sequence[Card], tag: str | None = None) -> tuple[Card, ...]:
    """The cards a challenge draws from: those carrying `tag` (all when None)."""
    return tuple(card for card in cards if tag is None or tag in card.tags)


def shuffled(cards: Sequence[Card], rng: random.Random) -> tuple[Card, ...]:
    """`cards` in an order drawn from `rng` (the opening order of a run)."""
    out = list(cards)
    rng.shuffle(out)
    return tuple(out)


@dataclass(frozen=True)
class ChallengeAnswer:
    """One answer (or skip) in a challenge and what it was worth.

    `points` come from key points found, `bonus` from the streak, `cost` from
    a skip (hint costs are taken when the hint is). `score` and `streak` are
    the run's totals after this answer. `final` is true when time was up as
    it was given: it was graded, and the run has ended.
    """

    attempt: Attempt
    points: int
    bonus: int
    cost: int
    streak: int
    score: int
    final: bool = False

    @property
    def gained(self) -> int:
        return self.points + self.bonus - self.cost


@dataclass(frozen=True)
class ChallengeRun:
    """A stored run: one row of the personal-best table (or an abandoned run).

    `ended_at` is None for a run that never ended (the process was killed);
    such a run never enters the best table.
    """

    id: int
    deck_id: str
    duration_s: int
    tag: str | None
    started_at: datetime
    ended_at: datetime | None
    score: int
    answers: int
    correct: int
    best_streak: int
    abandoned: bool
    session_id: str

    @property
    def accuracy(self) -> float:
        return self.correct / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class ChallengeResults:
    """What the results screen shows when a run ends (or is abandoned).

    `elapsed` is the answering time counted (exactly `duration_s` when time
    ran out). `bests` is the deck's personal-best table for this duration
    after this run was recorded, best first; `rank` is this run's place in
    it (1-based, None when it did not make the table or was abandoned);
    `new_best` is true when it beat every earlier run (a tie does not), and
    `previous_best` is the score to beat before it (None: first run).
    `final_answer` is the answer graded at the limit, if one was pending.
    `saved` is false when the store could not be written (no table then).
    """

    run_id: int | None
    session_id: str
    deck_id: str
    duration_s: int
    tag: str | None
    score: int
    answers: int
    correct: int
    skipped: int
    hints: int
    best_streak: int
    elapsed: float
    abandoned: bool
    started_at: datetime
    ended_at: datetime | None
    bests: tuple[ChallengeRun, ...] = field(default=())
    rank: int | None = None
    new_best: bool = False
    previous_best: int | None = None
    final_answer: ChallengeAnswer | None = None
    saved: bool = True

    @property
    def accuracy(self) -> float:
        return self.correct / self.answers if self.answers else 0.0


class Challenge:
    """A run against the clock over `session`.

    Flow: `current` is the card on screen and the clock runs; `submit(answer,
    now)` or `skip(now)` answers it and stops the clock while the feedback
    shows; `next(now)` brings the next card and restarts the clock;
    `hint(now)` may come before an answer. When `expired`, call
    `finish(pending_answer, now)` with the text in the answer box; `abandon()`
    ends a run early. Each answer's attempt is in the `ChallengeAnswer`
    returned, for the caller to store.
    """

    def __init__(
        self,
        session: Session,
        duration_s: int,
        *,
        monotonic: Monotonic,
        pool: Sequence[Card],
        rng: random.Random | None = None,
        tag: str | None = None,
        run_id: int | None = None,
    ) -> None:
        if duration_s <= 0:
            raise ValueError("a challenge lasts a positive number of seconds")
        if not pool:
            raise ValueError("a challenge needs at least one card")
        self.session = session
        self.duration_s = duration_s
        self.tag = tag
        self.run_id = run_id
        self._monotonic = monotonic
        self._pool = tuple(pool)
        self._rng = rng or random.Random()
        # (answering time counted before the current stretch, where the
        # current stretch began on the monotonic clock or None when stopped).
        # One tuple, replaced whole: the UI's timer reads it on the event loop
        # while an answer is graded in a worker thread, and must never see
        # the stretch both added to the total and still running.
        self._clock: tuple[float, float | None] = (0.0, monotonic())
        self.score = 0
        self.streak = 0
        self.best_streak = 0
        self.answers = 0
        self.correct = 0
        self.skipped = 0
        self.hints = 0
        self.ended = False
        self.abandoned = False
        self.last: ChallengeAnswer | None = None
        # Set once by whoever records the ended run (the service), so a second
        # finish or abandon returns the same results instead of recording again.
        self.recorded: ChallengeResults | None = None

    # -- time -------------------------------------------------------------------

    def elapsed(self) -> float:
        """Answering time counted so far, in seconds, never more than the limit."""
        used, since = self._clock
        if since is not None:
            used += max(self._monotonic() - since, 0.0)
        return min(used, float(self.duration_s))

    def remaining(self) -> float:
        """Seconds left; exactly 0.0 once the limit is reached."""
        return max(float(self.duration_s) - self.elapsed(), 0.0)

    @property
    def expired(self) -> bool:
        """True once the answering time has reached the limit."""
        return self.elapsed() >= self.duration_s

    @property
    def paused(self) -> bool:
        """True while the feedback on an answer is shown (the clock is stopped)."""
        return self._clock[1] is None and not self.ended

    @property
    def over(self) -> bool:
        """True once the run has ended (time up and finished, or abandoned)."""
        return self.ended

    @property
    def current(self) -> Card | None:
        return None if self.ended else self.session.current

    def can_hint(self) -> bool:
        return not self.ended and not self.paused and not self.expired and self.session.can_hint()

    # -- actions ----------------------------------------------------------------

    def submit(self, answer: str, now: datetime) -> ChallengeAnswer:
        """Grade `answer` to the current card and score it; stops the clock.

        If time was already up when it came, it is graded as the answer
        pending at the limit and the run ends (`final` is true).
        """
        self._require_card()
        final = self._stop_clock()
        try:
            return self._answer(lambda: self.session.submit(answer, now), final)
        finally:
            if final:  # over even if grading the last answer failed
                self.ended = True

    def skip(self, now: datetime) -> ChallengeAnswer:
        """Give up on the current card: costs `SKIP_COST` and the streak."""
        self._require_card()
        if self.expired:
            raise ChallengeOver("time is up")
        self._stop_clock()
        return self._answer(lambda: self.session.skip(now), final=False)

    def hint(self, now: datetime) -> Hint:
        """Take the next hint on the current card for `HINT_COST` points."""
        self._require_card()
        if self.expired:
            raise ChallengeOver("time is up")
        hint = self.session.hint(now)
        self.hints += 1
        self.score -= HINT_COST
        return hint

    def next(self, now: datetime) -> Card:
        """Bring the next card (reshuffling the deck when it runs out); restarts the clock."""
        if self.ended:
            raise ChallengeOver("the run has ended")
        if not self.session.answered:
            raise ChallengeError("answer or skip the card before moving on")
        if self.session.index + 1 >= len(self.session.cards):
            self._refill()
        card = self.session.advance(now)
        assert card is not None  # refilled above
        self._start_clock()
        return card

    def finish(self, pending_answer: str, now: datetime) -> ChallengeAnswer | None:
        """End the run at the limit, grading `pending_answer` first if one was typed.

        Returns the graded pending answer (None when nothing was typed, the
        feedback was showing or the run had ended already). Raises
        `ChallengeError` before the limit: a run stopped early is abandoned,
        not finished. The run has ended when this returns or raises (a grader
        that fails on the pending answer loses only that answer).
        """
        if self.ended:
            return None
        if not self.expired:
            raise ChallengeError("time is not up yet; abandon() stops a run early")
        try:
            if pending_answer.strip() and not self.paused and not self.session.answered:
                return self._answer(lambda: self.session.submit(pending_answer, now), True)
            return None
        finally:
            self._stop_clock()
            self.ended = True

    def abandon(self) -> None:
        """Stop the run early (Escape): it will not enter the best table."""
        if not self.ended:
            self._stop_clock()
            self.ended = True
            self.abandoned = True

    def results(self, started_at: datetime, ended_at: datetime | None) -> ChallengeResults:
        """The run's totals (the best table is added by whoever reads the store)."""
        return ChallengeResults(
            run_id=self.run_id,
            session_id=self.session.id,
            deck_id=self.session.deck.id,
            duration_s=self.duration_s,
            tag=self.tag,
            score=self.score,
            answers=self.answers,
            correct=self.correct,
            skipped=self.skipped,
            hints=self.hints,
            best_streak=self.best_streak,
            elapsed=self.elapsed(),
            abandoned=self.abandoned,
            started_at=started_at,
            ended_at=ended_at,
        )

    # -- internals --------------------------------------------------------------

    def _require_card(self) -> None:
        if self.ended:
            raise ChallengeOver("the run has ended")
        if self.paused or self.session.answered:
            raise ChallengeError("this card has been answered; call next() first")

    def _stop_clock(self) -> bool:
        """Stop counting; returns True if the limit had been reached."""
        used, since = self._clock
        if since is not None:
            used += max(self._monotonic() - since, 0.0)
            self._clock = (used, None)
        return used >= self.duration_s

    def _start_clock(self) -> None:
        self._clock = (self._clock[0], self._monotonic())

    def _answer(self, grade: Callable[[], Attempt], final: bool) -> ChallengeAnswer:
        try:
            attempt = grade()
        except BaseException:
            if not final:
                # Nothing was graded (the grader failed): the card is still
                # open, so its clock runs again.
                self._start_clock()
            raise
        self.last = self._score(attempt, final)
        return self.last

    def _score(self, attempt: Attempt, final: bool) -> ChallengeAnswer:
        cost = bonus = points = 0
        if attempt.skipped:
            self.skipped += 1
            self.streak = 0
            cost = SKIP_COST
        else:
            self.answers += 1
            points = POINTS_PER_KEY_POINT * len(attempt.found)
            if attempt.verdict == "correct":
                self.correct += 1
                self.streak += 1
                self.best_streak = max(self.best_streak, self.streak)
                bonus = streak_bonus(self.streak)
            else:
                self.streak = 0
        self.score += points + bonus - cost
        return ChallengeAnswer(
            attempt=attempt,
            points=points,
            bonus=bonus,
            cost=cost,
            streak=self.streak,
            score=self.score,
            final=final,
        )

    def _refill(self) -> None:
        batch = list(shuffled(self._pool, self._rng))
        last = self.session.cards[-1] if self.session.cards else None
        if len(batch) > 1 and last is not None and batch[0].id == last.id:
            batch.append(batch.pop(0))
        self.session.cards = self.session.cards + tuple(batch)
