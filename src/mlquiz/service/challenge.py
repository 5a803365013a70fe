"""The timed challenge, as part of the service (`ChallengeRuns`, mixed into `GameService`).

The rules (countdown, points, streaks) are in core/challenge.py. Every
answer is stored here like a quiz answer (flagged timed), so it is
scheduled and missed like any other (unless the deck's settings keep timed
answers out of the schedule).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from mlquiz.core.errors import StorageError

if TYPE_CHECKING:
    from mlquiz.core.answered import Answered
    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.challenge import (
        Challenge,
        ChallengeAnswer,
        ChallengeResults,
        ChallengeRun,
    )
    from mlquiz.core.clock import Clock
    from mlquiz.core.modes import Mode
    from mlquiz.core.session import Attempt, Hint, Session
    from mlquiz.core.store.database import Store


class ChallengeRuns:
    """The challenge's calls of `GameService` (which provides what is declared below)."""

    if TYPE_CHECKING:
        clock: Clock
        monotonic: Callable[[], float]

        @property
        def store(self) -> Store: ...

        def deck(self, deck_id: str) -> Deck: ...

        def held_cards(self, deck_id: str) -> set[str]: ...

        def start_session(
            self,
            deck_id: str,
            cards: list[Card] | tuple[Card, ...],
            mode: Mode,
            *,
            timed: bool = False,
            options: dict[str, Any] | None = None,
        ) -> Session: ...

        def _answered(
            self,
            session: Session,
            attempt: Attempt,
            scored: ChallengeAnswer | None = None,
            store: Callable[[Attempt], object] | None = None,
        ) -> Answered: ...

    def start_challenge(
        self,
        deck_id: str,
        duration_s: int,
        tag: str | None = None,
        rng: random.Random | None = None,
    ) -> Challenge:
        """A timed run over the deck's cards (those with `tag`), shuffled by `rng`.

        The run is stored as begun (a run that never ends never ranks); its
        countdown starts now. Raises ValueError when no card carries `tag`.
        """
        from mlquiz.core.challenge import Challenge, challenge_cards, shuffled
        from mlquiz.core.modes import Mode

        deck = self.deck(deck_id)
        held = self.held_cards(deck_id)
        tagged = challenge_cards(deck.cards, tag)
        pool = [card for card in tagged if card.id not in held]
        if not tagged:
            raise ValueError(f"no card of deck {deck_id!r} has the tag {tag!r}")
        if not pool:
            raise ValueError("every card it would ask is suspended or buried (a: all cards)")
        rng = rng or random.Random()
        options = {"duration_s": duration_s, "tag": tag}
        cards = shuffled(pool, rng)
        session = self.start_session(deck_id, cards, Mode.CHALLENGE, timed=True, options=options)
        try:
            run_id: int | None = self.store.start_challenge_run(
                session.id, deck.id, duration_s, tag, session.started_at
            )
        except StorageError:
            run_id = None  # play on; the run is recorded at the end if the disk recovers
        return Challenge(
            session,
            duration_s,
            monotonic=self.monotonic,
            pool=pool,
            rng=rng,
            tag=tag,
            run_id=run_id,
        )

    def challenge_submit(self, challenge: Challenge, answer: str) -> Answered:
        """Grade, score and store `answer`; if time was up, it was the last one."""
        scored = challenge.submit(answer, self.clock())
        return self._answered(challenge.session, scored.attempt, scored)

    def challenge_skip(self, challenge: Challenge) -> Answered:
        scored = challenge.skip(self.clock())
        return self._answered(challenge.session, scored.attempt, scored)

    def challenge_hint(self, challenge: Challenge) -> Hint:
        return challenge.hint(self.clock())

    def challenge_next(self, challenge: Challenge) -> Card:
        """The next card (after the feedback); the countdown runs again."""
        return challenge.next(self.clock())

    def challenge_finish(self, challenge: Challenge, pending_answer: str = "") -> ChallengeResults:
        """End a run whose time is up, grading `pending_answer` (the text left in the box) first.

        Records the run and returns its results with the best table. Calling
        it again returns the same results. If the store refuses the pending
        answer, it is scored all the same, waits in `unsaved`, and the run is
        still ended and recorded as far as the disk allows (`saved` says).
        """
        if challenge.recorded is None:
            final = challenge.finish(pending_answer, self.clock())
            if final is not None:
                self._answered(challenge.session, final.attempt, final)
            elif challenge.last is not None and challenge.last.final:
                final = challenge.last  # Enter came after the limit: that was the last one
            self._end_challenge(challenge, final)
        assert challenge.recorded is not None
        return challenge.recorded

    def challenge_abandon(self, challenge: Challenge) -> ChallengeResults:
        """Stop a run early (Escape): stored as abandoned, its answers kept, never ranked."""
        if challenge.recorded is None:
            challenge.abandon()
            self._end_challenge(challenge, None)
        assert challenge.recorded is not None
        return challenge.recorded

    def challenge_bests(
        self, deck_id: str, duration_s: int, tag: str | None = None
    ) -> list[ChallengeRun]:
        """The best table of the deck at this duration and tag filter (top 10, best first)."""
        from mlquiz.core.challenge import BEST_TABLE_SIZE

        return self.store.challenge_bests(deck_id, duration_s, limit=BEST_TABLE_SIZE, tag=tag)

    def _end_challenge(self, challenge: Challenge, final: ChallengeAnswer | None) -> None:
        """End the session, store how the run ended and rank it; sets `challenge.recorded`."""
        session = challenge.session
        results = replace(challenge.results(session.started_at, None), final_answer=final)
        now = self.clock()
        session.end(now)
        results = replace(results, ended_at=session.ended_at)
        try:
            if session.attempts:
                self.store.end_session(session.id, now)
            previous = self.challenge_bests(results.deck_id, results.duration_s, results.tag)
            if challenge.run_id is None:  # the disk refused at the start
                challenge.run_id = self.store.start_challenge_run(
                    session.id, results.deck_id, results.duration_s, results.tag, session.started_at
                )
            results = replace(results, run_id=challenge.run_id)
            self.store.end_challenge_run(results)
            bests = tuple(self.challenge_bests(results.deck_id, results.duration_s, results.tag))
        except StorageError:
            # Show the results anyway, marked unsaved; the answers wait in `unsaved`.
            challenge.recorded = replace(results, saved=False)
            return
        rank = next((i + 1 for i, run in enumerate(bests) if run.id == results.run_id), None)
        challenge.recorded = replace(
            results,
            bests=bests,
            rank=rank,
            new_best=rank == 1 and not results.abandoned,
            previous_best=previous[0].score if previous else None,
        )
