"""The learner's controls, as part of the service: schedule settings, daily limits,
undo, the card browser's actions and FSRS parameters.

`LearnerControls` is mixed into `GameService`, so screens still talk to one
object. What each control means is decided in the core: `deck_settings`
(the settings and their bounds), `modes.review_plan` (the daily limits),
`browser` (rows, search, sort), `store.controls` (flags, undo). What the
menu and stats read of them (due counts, the forecast, leeches) is in
`reports.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mlquiz.core.errors import StorageError

if TYPE_CHECKING:
    from datetime import tzinfo

    from mlquiz.core.answered import Undone
    from mlquiz.core.browser import CardRow
    from mlquiz.core.cards import Deck
    from mlquiz.core.clock import Clock
    from mlquiz.core.deck_settings import DeckSettings
    from mlquiz.core.modes import ReviewPlan
    from mlquiz.core.optimize import Fitted
    from mlquiz.core.session import Session
    from mlquiz.core.settings import Settings
    from mlquiz.core.store.database import Store
    from mlquiz.core.store.journal import Journal
    from mlquiz.core.store.rescue import Rescue


class LearnerControls:
    """The learner's controls; `GameService` provides the attributes below."""

    clock: Clock
    tz: tzinfo | None
    settings: Settings

    @property
    def store(self) -> Store:
        raise NotImplementedError  # the service's

    @property
    def journal(self) -> Journal:
        raise NotImplementedError  # the service's

    @property
    def rescue(self) -> Rescue:
        raise NotImplementedError  # the service's

    def deck(self, deck_id: str) -> Deck:
        raise NotImplementedError  # the service's

    # -- settings -----------------------------------------------------------------

    def deck_settings(self, deck_id: str) -> DeckSettings:
        """The deck's schedule settings (defaults unless the player changed them)."""
        return self.settings.deck(deck_id)

    # -- what a review asks, and what the menu counts -----------------------------

    def held_cards(self, deck_id: str) -> set[str]:
        """Suspended and buried cards (none when the database cannot be read: play goes on)."""
        try:
            return self.store.held_cards(deck_id, self.clock())
        except StorageError:
            return set()

    def review_plan(
        self,
        deck_id: str,
        rows: list[tuple[Any, ...]] | None = None,
        missed: list[str] | None = None,
        held: set[str] | None = None,
    ) -> ReviewPlan:
        """Today's review of the deck, its daily limits and held cards applied (`rows`,
        `missed` and `held`: what the caller has read already, see `modes.review_plan`)."""
        from mlquiz.core.due import start_of_day
        from mlquiz.core.modes import review_plan

        settings = self.deck_settings(deck_id)
        now = self.clock()
        new_done, reviews_done = self.store.answered_since(deck_id, start_of_day(now, self.tz))
        return review_plan(
            self.store,
            self.deck(deck_id),
            now,
            reviews_left=settings.reviews_per_day - reviews_done,
            new_left=settings.new_per_day - new_done,
            held=self.store.held_cards(deck_id, now) if held is None else held,
            rows=rows,
            missed=missed,
        )

    # -- undo -------------------------------------------------------------------

    def undo(self, session: Session) -> Undone:
        """Take back the session's last answer: the attempt, its review-log line and the
        card's schedule go back exactly as they were (the card is replayed from its
        other answers), and the session reopens the card.

        Raises UndoError with the reason when there is nothing to undo, the
        session has ended, it is a timed challenge, or the database refused
        (the answer then stays, stored). An answer the database had refused
        is taken out of the unsaved-answers file instead; either way a
        database found damaged later is not given it again (`rescue`).
        """
        from mlquiz.core.answered import Undone
        from mlquiz.core.session import Hint, UndoError, hint_text

        if session.timed:
            raise UndoError("No undo in a timed challenge: the clock has moved on.")
        attempt = session.last_answer()
        unsaved = self.journal.holds(attempt)
        try:
            self.store.undo_attempt(attempt.session_id, attempt.seq)
        except StorageError as error:
            if not unsaved:
                raise UndoError(
                    f"Could not undo: the database refused ({error}). Your answer stays saved."
                ) from error
        if unsaved:
            self.journal.forget(attempt)
        self.rescue.forget(attempt)
        session.undo(self.clock())
        card = session.deck.card(attempt.card_id)
        hints = tuple(
            Hint(level, hint_text(card, level)) for level in range(1, attempt.hints_used + 1)
        )
        return Undone(attempt, card, hints, unsaved)

    # -- the card browser ---------------------------------------------------------

    def browse_cards(self, deck_id: str) -> list[CardRow]:
        """Every card of the deck with its state, due date, recall, lapses, last verdict
        and flags, in deck order (see `core.browser`)."""
        from mlquiz.core.browser import card_rows

        states, answers = self.store.browse_tables(deck_id)
        flags = self.store.card_flags(deck_id)
        return card_rows(self.deck(deck_id), states, answers, flags, self.clock())

    def suspend(self, deck_id: str, card_ids: Iterable[str], suspended: bool = True) -> None:
        self.store.set_suspended(deck_id, card_ids, suspended)

    def bury(self, deck_id: str, card_ids: Iterable[str], buried: bool = True) -> datetime | None:
        """Hold the cards back until the start of tomorrow (local), or bring them back;
        returns when they come back (None: now)."""
        from mlquiz.core.due import end_of_day

        until = end_of_day(self.clock(), self.tz) if buried else None
        self.store.bury(deck_id, card_ids, until)
        return until

    def flag(self, deck_id: str, card_ids: Iterable[str], colour: str | None) -> None:
        self.store.set_flag(deck_id, card_ids, colour)

    def reset_schedule(self, deck_id: str, card_ids: Iterable[str]) -> None:
        """Make the cards new again (their answers stay in the history and stats)."""
        self.store.reset_schedule(deck_id, card_ids, self.clock())

    def card_history(self, deck_id: str, card_id: str) -> list[dict[str, Any]]:
        return self.store.card_history(deck_id, card_id)

    def optimize(
        self, deck_id: str, optimizer: Callable[[list[Any]], Any] | None = None
    ) -> tuple[Fitted, int]:
        """Fit FSRS's parameters to the deck's answers (`core.optimize`), schedule the deck
        with them from now on and reschedule its cards; (the fit, cards rescheduled).
        Raises OptimizerMissing or NotEnoughReviews with the reason."""
        from mlquiz.core.optimize import fit

        self.deck(deck_id)  # an unknown deck is a KeyError before any fitting
        fitted = fit(self.store.review_history(deck_id), optimizer)
        cards = self.store.set_parameters(deck_id, fitted.parameters, self.clock(), fitted.reviews)
        return fitted, cards

    def reset_parameters(self, deck_id: str) -> int:
        """Back to FSRS's default parameters; how many cards were rescheduled."""
        return self.store.set_parameters(deck_id, None, self.clock())

    def parameters_note(self, deck_id: str) -> str:
        """Which FSRS parameters schedule the deck, in a sentence for the settings screen."""
        fitted = self.store.parameters(deck_id)
        if fitted is None:
            return (
                "FSRS parameters: the defaults. `mlquiz optimize --deck "
                f"{deck_id}` fits them to your own answers (it needs "
                "`pip install 'mlquiz[optimizer]'`)."
            )
        _, when, reviews = fitted
        return (
            f"FSRS parameters: fitted to {reviews:,} of your answers on {when[:10]} "
            f"(`mlquiz optimize --deck {deck_id} --reset` goes back to the defaults)."
        )
