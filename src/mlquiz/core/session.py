"""A quiz session: one pass over a chosen list of cards.

The session is the game's state without a screen. It is handed the cards to
ask (a mode in `modes.py` chose and ordered them), a grader (anything with
`grade(card, answer)`, so tests can pass a fake) and the time of every action
(`now` arguments; nothing here reads the clock). Every answer produces an
`Attempt`, a frozen record the service stores the moment it exists.

Scoring
-------
Each card is worth 1. A graded answer earns the grader's score (0..1). Each
hint taken on a card multiplies that card's score by `HINT_PENALTY` (0.85, in
core/verdicts.py): one
hint caps the card at 0.85, two at 0.72, three at 0.61. A skip earns 0. An
override replaces the grader's score by the verdict's worth (correct 1,
partial 0.5, incorrect 0), still times the hint penalty, so "I was right"
after two hints earns 0.72. The running score is the sum over answered cards;
`percent` divides it by the number answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from mlquiz.core.answered import Saved
from mlquiz.core.cards import card_digest
from mlquiz.core.clock import as_utc
from mlquiz.core.modes import Mode
from mlquiz.core.terminal_text import without_controls
from mlquiz.core.verdicts import (  # noqa: F401  (HINT_PENALTY: importable from here too)
    HINT_PENALTY,
    Verdict,
    effective_score,
    effective_verdict,
    hinted,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.grading.results import GradeResult

VERDICTS = tuple(Verdict)
# The scoring rule (HINT_PENALTY, `hinted`, `effective_score`, `effective_verdict`) is
# set once in core/verdicts.py, which the store can import without this module.


class SessionError(Exception):
    """An action that makes no sense in the session's state (a UI bug)."""


class UndoError(SessionError):
    """The last answer cannot be taken back; the message says why, in the player's words."""


class GraderLike(Protocol):
    """What a session needs of a grader (tests pass fakes)."""

    def grade(self, card: Card, answer: str) -> GradeResult: ...


@dataclass(frozen=True)
class Attempt:
    """One answer to one card, as graded; what the store keeps.

    `verdict` and `score` are the grader's (score already lowered by hints);
    `override` is the learner's own verdict, kept beside it, never instead of
    it. `answer` is the text as graded (NFC-normalised by the grader). `seq`
    is the attempt's position in its session (0-based); with `session_id` it
    names the attempt in the store.
    """

    session_id: str
    deck_id: str
    card_id: str
    seq: int
    answer: str
    verdict: Verdict
    score: float
    found: tuple[str, ...]
    missed: tuple[str, ...]
    contradicted: tuple[str, ...]
    confusion: str | None
    hints_used: int
    skipped: bool
    answered_at: datetime
    elapsed: float
    mode: Mode
    timed: bool = False
    override: Verdict | None = None
    # `cards.card_digest` of the card as it was asked: an edit of the card later
    # changes nothing here, and the stats count the answers older versions got.
    card_hash: str | None = None
    # Whether the answer moves the card's FSRS schedule (a timed challenge may
    # not: a deck setting), and the desired retention it is scheduled with
    # (None: FSRS's default); both decided when it is given, so a replay of
    # the card later reproduces its schedule exactly.
    scheduled: bool = True
    retention: float | None = None

    @property
    def effective_verdict(self) -> Verdict:
        return self.override or self.verdict

    @property
    def effective_score(self) -> float:
        return effective_score(self.score, self.override, self.hints_used)


@dataclass(frozen=True)
class Hint:
    """One rung of the hint ladder: `level` 1, 2 or 3 and the text to show."""

    level: int
    text: str


@dataclass(frozen=True)
class CardResult:
    """One row of the results table."""

    card_id: str
    question: str
    verdict: Verdict  # effective (override wins)
    score: float
    missed: tuple[str, ...]
    hints_used: int
    skipped: bool
    overridden: bool
    # Why the grader said so, when the missed points do not say it (see `reason_beyond_points`).
    reason: str | None = None


def reason_beyond_points(attempt: Attempt, grade: GradeResult | None) -> str | None:
    """The grader's reason for `attempt`'s verdict when its missed points do not
    tell it: a mix-up, a list of terms, steps in the wrong order, a negation.

    Told by what the grade holds, not by its wording: a confusion it named; an
    incorrect verdict although key points were found or contradicted (the
    points alone would have made it partial or correct); a partial one with
    nothing essential missed. None for a correct answer, a skip, an override
    (the learner's own verdict needs no reason) and an answer that just
    missed points.
    """
    if grade is None or attempt.skipped or attempt.override is not None:
        return None
    if attempt.verdict == Verdict.CORRECT:
        return None
    if grade.confusion:
        return grade.confusion
    against_the_points = (
        attempt.verdict == Verdict.INCORRECT and bool(grade.found or grade.contradicted)
    ) or (attempt.verdict == Verdict.PARTIAL and not grade.missed)
    return grade.reasons[0] if against_the_points and grade.reasons else None


@dataclass(frozen=True)
class SessionResults:
    """The summary shown when a session ends (or is left early).

    Two figures, named apart everywhere (README, "In the game"): the *score*
    is the points earned, one per card at most (a partial answer earns part,
    each hint cuts it), `score` in points and `percent` over the cards
    answered (0..1; 0 when none were); the *accuracy* is the share of the
    answers graded correct (a skip is an incorrect answer), as `mlquiz stats`
    counts it. Counts use effective verdicts, so an override moves a card
    from one count to another. Two times, too: `duration` is the session's
    wall-clock length, from the start to the end (or to the last answer if
    the session was not ended), feedback reading included; `answering` the
    seconds the cards were on screen before their answers, which the stats
    add up as "time answering".
    """

    session_id: str
    deck_id: str
    mode: Mode
    score: float
    percent: float
    answered: int
    total: int
    correct: int
    partial: int
    incorrect: int
    skipped: int
    duration: float
    answering: float = 0.0
    rows: tuple[CardResult, ...] = field(default=())
    # Whether the session's end reached the database (the answers were each
    # stored, or kept, as they came).
    saved: Saved = field(default_factory=Saved)

    @property
    def accuracy(self) -> float:
        """Answers graded correct / answers (0..1; 0 when none)."""
        return self.correct / self.answered if self.answered else 0.0


def hint_text(card: Card, level: int) -> str:
    """The text of hint `level` for `card`: 1 how many key points, 2 the card's own
    hint, 3 the points' first letters; a card without a hint of its own gets the
    first letters at 2 (and has no level 3).

    The card's hint, written for a learner ("one records runs, one packages
    models"), comes before the first letters ("M… T…  M… M…"), which say
    more of the answer's wording and help less when the idea is not there.
    """
    points = card.points
    if level == 1:
        n = len(points)
        required = len(card.required_points)
        text = f"{n} key point{'s' if n != 1 else ''}"
        if required != n:
            text += f" ({required} required)"
        return text
    has_hint = bool(card.hint.strip())
    if level == 2 and has_hint:
        return card.hint
    if level == 2 or (level == 3 and has_hint):
        return "  ".join(_initials(p.label) for p in points)
    raise ValueError(f"no hint level {level}")


def _initials(label: str) -> str:
    # "logged as a unit" -> "l… a… a… u…": the shape of the idea without the words.
    # Only words get an initial, their first letter or digit: "latency /
    # protocol" is "l… p…", not "l… /… p…"; "(optional)" is "o…".
    initials = (next((ch for ch in word if ch.isalnum()), "") for word in label.split())
    return " ".join(ch + "…" for ch in initials if ch)


def max_hint_level(card: Card) -> int:
    return 3 if card.hint.strip() else 2


class Session:
    """A quiz over `cards`: ask, grade, record, move on.

    Flow: `current` is the card on screen; `hint(now)` before answering,
    `submit(answer, now)` or `skip(now)` answer it (once), `override()` may
    follow, `advance()` moves on; `finished` is true past the last card.
    """

    def __init__(
        self,
        deck: Deck,
        cards: Sequence[Card],
        grader: GraderLike,
        *,
        mode: Mode,
        session_id: str,
        started_at: datetime,
        timed: bool = False,
    ) -> None:
        self.deck = deck
        self.cards: tuple[Card, ...] = tuple(cards)
        self.grader = grader
        self.mode = mode
        self.id = session_id
        self.timed = timed
        # How its answers are scheduled (see Attempt): the deck's settings at the start.
        self.scheduled = True
        self.retention: float | None = None
        self.started_at = as_utc(started_at)
        self.ended_at: datetime | None = None
        self.index = 0
        self.attempts: list[Attempt] = []
        # The grader's full result per attempt seq (spans, reasons) for the
        # feedback panel; not stored, since the labels in Attempt suffice later.
        self.grades: dict[int, GradeResult] = {}
        self._hints = 0
        self._card_shown_at = self.started_at
        self._answered_current = False

    # -- where we are -------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.cards)

    @property
    def finished(self) -> bool:
        return self.index >= self.total or self.ended_at is not None

    @property
    def current(self) -> Card | None:
        return None if self.index >= self.total else self.cards[self.index]

    @property
    def answered(self) -> bool:
        """True once the current card has been submitted or skipped."""
        return self._answered_current

    @property
    def hints_used(self) -> int:
        """Hint levels taken on the current card."""
        return self._hints

    # -- running totals -----------------------------------------------------

    @property
    def score(self) -> float:
        return sum(a.effective_score for a in self.attempts)

    @property
    def percent(self) -> float:
        return self.score / len(self.attempts) if self.attempts else 0.0

    def counts(self) -> dict[Verdict, int]:
        """Effective verdict counts so far: {"correct": n, "partial": n, "incorrect": n}."""
        counts = dict.fromkeys(VERDICTS, 0)
        for attempt in self.attempts:
            counts[attempt.effective_verdict] += 1
        return counts

    # -- actions ------------------------------------------------------------

    def hint(self, now: datetime) -> Hint:
        """Take the next hint on the current card; each one lowers its score."""
        card = self._require_open_card()
        if self._hints >= max_hint_level(card):
            raise SessionError("no more hints for this card")
        self._hints += 1
        return Hint(self._hints, hint_text(card, self._hints))

    def grade_of(self, attempt: Attempt) -> GradeResult | None:
        """The grader's result behind `attempt` (None for a skip): spans to mark, reasons."""
        return self.grades.get(attempt.seq)

    def can_hint(self) -> bool:
        card = self.current
        return (
            card is not None
            and not self._answered_current
            and not self.finished
            and self._hints < max_hint_level(card)
        )

    def submit(self, answer: str, now: datetime) -> Attempt:
        """Grade `answer` to the current card and return the record of it.

        The answer is graded and stored as typed, minus its control characters
        and escape sequences (a paste may bring them; they are never an answer).
        """
        card = self._require_open_card()
        result = self.grader.grade(card, without_controls(answer))
        attempt = self._make_attempt(
            card,
            now,
            answer=result.text,
            verdict=Verdict(result.verdict),
            score=round(hinted(float(result.score), self._hints), 6),
            found=tuple(result.found),
            missed=tuple(result.missed),
            contradicted=tuple(result.contradicted),
            confusion=result.confusion,
            skipped=False,
        )
        self.grades[attempt.seq] = result
        return self._append(attempt)

    def skip(self, now: datetime) -> Attempt:
        """Give up on the current card: incorrect, every key point missed."""
        card = self._require_open_card()
        attempt = self._make_attempt(
            card,
            now,
            answer="",
            verdict=Verdict.INCORRECT,
            score=0.0,
            found=(),
            missed=tuple(p.label for p in card.points),
            contradicted=(),
            confusion=None,
            skipped=True,
        )
        return self._append(attempt)

    def override(self, attempt: Attempt, verdict: Verdict | str | None) -> Attempt:
        """Record the learner's own verdict on `attempt` (None clears it).

        The grader's verdict stays as it was; the returned attempt replaces the
        old one in `attempts`.
        """
        if verdict is not None and verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        for i, existing in enumerate(self.attempts):
            if existing.seq == attempt.seq and existing.session_id == attempt.session_id:
                if existing.skipped and verdict is not None:
                    # Nothing was answered, so nothing can have been right (or wrong).
                    raise SessionError("a skipped card has no answer to judge")
                updated = replace(existing, override=None if verdict is None else Verdict(verdict))
                self.attempts[i] = updated
                return updated
        raise SessionError("that attempt is not part of this session")

    def last_answer(self) -> Attempt:
        """The answer an undo would take back; UndoError when there is none to take.

        Undo never crosses the session's end, and only the newest answer goes
        back: its card is the one on screen, or the one before it when the
        player has moved on.
        """
        if self.ended_at is not None:
            raise UndoError("Nothing to undo: this session has ended, and its answers stay.")
        if not self.attempts:
            raise UndoError("Nothing to undo: no card has been answered in this session yet.")
        return self.attempts[-1]

    def undo(self, now: datetime) -> Attempt:
        """Take the last answer back (`last_answer`): its card is open again, with the
        hints taken before, and its time goes on from where it was. Returns the attempt."""
        attempt = self.last_answer()
        self.attempts.pop()
        self.grades.pop(attempt.seq, None)
        self.index = len(self.attempts)
        self._answered_current = False
        self._hints = attempt.hints_used
        self._card_shown_at = as_utc(now) - timedelta(seconds=attempt.elapsed)
        return attempt

    def advance(self, now: datetime | None = None) -> Card | None:
        """Move to the next card and return it (None when finished).

        Pass `now` when the next card appears, so that the time spent reading
        feedback is not counted against it; without it the next card's time
        runs from the last answer.
        """
        if not self._answered_current:
            raise SessionError("answer or skip the card before moving on")
        self.index += 1
        self._hints = 0
        self._answered_current = False
        if now is not None:
            self._card_shown_at = as_utc(now)
        return self.current

    def adopt(self, deck: Deck, grader: GraderLike) -> None:
        """The deck was edited mid-session: the cards still to come are asked as they
        are now. Attempts given already keep the card and verdict they had."""
        by_id = {card.id: card for card in deck.cards}
        self.deck = deck
        self.cards = tuple(by_id.get(card.id, card) for card in self.cards)
        self.grader = grader

    def end(self, now: datetime) -> None:
        """Stop the session here (finished, or left early); answers are kept."""
        if self.ended_at is None:
            self.ended_at = as_utc(now)

    def results(self) -> SessionResults:
        counts = self.counts()
        rows = []
        for attempt in self.attempts:
            card = self._card(attempt.card_id)
            rows.append(
                CardResult(
                    card_id=attempt.card_id,
                    question=card.question if card else "",
                    verdict=attempt.effective_verdict,
                    score=attempt.effective_score,
                    missed=attempt.missed,
                    hints_used=attempt.hints_used,
                    skipped=attempt.skipped,
                    overridden=attempt.override is not None,
                    reason=reason_beyond_points(attempt, self.grades.get(attempt.seq)),
                )
            )
        end = self.ended_at or (self.attempts[-1].answered_at if self.attempts else None)
        duration = (end - self.started_at).total_seconds() if end else 0.0
        return SessionResults(
            session_id=self.id,
            deck_id=self.deck.id,
            mode=self.mode,
            score=self.score,
            percent=self.percent,
            answered=len(self.attempts),
            total=self.total,
            correct=counts[Verdict.CORRECT],
            partial=counts[Verdict.PARTIAL],
            incorrect=counts[Verdict.INCORRECT],
            skipped=sum(1 for a in self.attempts if a.skipped),
            duration=max(duration, 0.0),
            answering=sum(a.elapsed for a in self.attempts),
            rows=tuple(rows),
        )

    # -- internals ----------------------------------------------------------

    def _require_open_card(self) -> Card:
        card = self.current
        if card is None or self.finished:
            raise SessionError("the session is finished")
        if self._answered_current:
            raise SessionError("this card has been answered; advance first")
        return card

    def _make_attempt(self, card: Card, now: datetime, **fields: Any) -> Attempt:
        answered_at = as_utc(now)
        elapsed = max((answered_at - self._card_shown_at).total_seconds(), 0.0)
        return Attempt(
            session_id=self.id,
            deck_id=self.deck.id,
            card_id=card.id,
            card_hash=card_digest(card),
            seq=len(self.attempts),
            hints_used=self._hints,
            answered_at=answered_at,
            elapsed=elapsed,
            mode=self.mode,
            timed=self.timed,
            scheduled=self.scheduled,
            retention=self.retention,
            **fields,
        )

    def _append(self, attempt: Attempt) -> Attempt:
        self.attempts.append(attempt)
        self._answered_current = True
        self._card_shown_at = attempt.answered_at
        return attempt

    def _card(self, card_id: str) -> Card | None:
        for card in self.cards:
            if card.id == card_id:
                return card
        return None
