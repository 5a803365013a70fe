"""The learner's controls, as part of the service: schedule settings, daily limits,
the card browser's actions, undo, leeches and the due forecast.

`LearnerControls` is mixed into `GameService`, so screens still talk to one
object. What each control means is decided in the core: `deck_settings`
(the settings and their bounds), `modes.review_plan` (the daily limits),
`browser` (rows, search, sort), `forecast`, `store.controls` (flags, undo).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mlquiz.core.deck_settings import DeckSettings
from mlquiz.core.errors import StorageError
from mlquiz.core.session import Hint, UndoError, hint_text

if TYPE_CHECKING:
    from datetime import tzinfo

    from mlquiz.core.browser import CardRow
    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.clock import Clock
    from mlquiz.core.modes import ReviewPlan
    from mlquiz.core.optimize import Fitted
    from mlquiz.core.progress import CardRecall
    from mlquiz.core.session import Attempt, Session
    from mlquiz.core.settings import Settings
    from mlquiz.core.store.database import Store
    from mlquiz.core.store.journal import Journal
    from mlquiz.core.store.queries import SessionSummary


@dataclass(frozen=True)
class MenuSummary:
    """What the menu shows beside a deck.

    `due_now` are the cards a review asks first (due now, within today's
    review limit); `due_today` those due by the end of the local day, within
    the limit too; `next_due` when the next card not yet due comes due (None:
    nothing scheduled); `new` the never-answered cards a review adds today.
    `reviews_waiting` / `new_waiting`: due and new cards today's limits keep
    for later. `due_tomorrow`: cards due during tomorrow (no limit applied).
    `suspended` and `buried`: cards held out of quizzes and reviews.
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


@dataclass(frozen=True)
class Undone:
    """An answer taken back: the card is open again with the text that was typed.

    `hints` are the hints that had been taken on it (shown again); `unsaved`
    says the answer had been kept in the unsaved-answers file (now updated).
    """

    attempt: Attempt
    card: Card
    hints: tuple[Hint, ...]
    unsaved: bool = False


class LearnerControls:
    """The learner's controls; `GameService` provides the attributes below."""

    clock: Clock
    tz: tzinfo | None
    settings: Settings
    journal: Journal

    @property
    def store(self) -> Store:
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

    def menu_summary(self, deck_id: str) -> MenuSummary:
        from mlquiz.core.due import end_of_day
        from mlquiz.core.forecast import forecast

        deck = self.deck(deck_id)
        card_ids = {card.id for card in deck.cards}
        now = self.clock()
        flags = self.store.card_flags(deck_id)
        held = {card_id for card_id, f in flags.items() if f.held(now)}
        every_row = self.store.card_state_rows(deck_id)
        missed = [m.card_id for m in self.store.missed(deck_id, details=False)]
        plan = self.review_plan(deck_id, every_row, missed, held)
        rows = [row for row in every_row if row[1] in card_ids and row[1] not in held]
        # Due today within the review limit: what is due now (already limited) and
        # what comes due later today, of which graduated cards only up to the limit.
        until = end_of_day(now, self.tz)
        later = [row for row in rows if now < datetime.fromisoformat(row[5]) < until]
        reviews_later = sum(row[2] == 2 for row in later)
        room = reviews_later if plan.review_room is None else plan.review_room
        due_today = len(plan.due) + len(later) - reviews_later + min(reviews_later, room)
        upcoming = [datetime.fromisoformat(row[5]) for row in rows]
        upcoming = [due for due in upcoming if due > now]
        counts = forecast((row[5] for row in rows), now, self.tz, days=2)
        return MenuSummary(
            deck_id=deck_id,
            cards=len(deck.cards),
            missed=sum(1 for card_id in missed if card_id in card_ids),
            last_session=self.store.last_session(deck_id),
            due_today=due_today,
            next_due=min(upcoming, default=None),
            due_now=len(plan.due),
            new=len(plan.new),
            reviews_waiting=plan.reviews_waiting,
            new_waiting=plan.new_waiting,
            due_tomorrow=counts[1],
            suspended=sum(1 for i, f in flags.items() if f.suspended and i in card_ids),
            buried=sum(
                1 for i, f in flags.items() if f.buried(now) and not f.suspended and i in card_ids
            ),
        )

    # -- undo -------------------------------------------------------------------

    def undo(self, session: Session) -> Undone:
        """Take back the session's last answer: the attempt, its review-log line and the
        card's schedule go back exactly as they were (the card is replayed from its
        other answers), and the session reopens the card.

        Raises UndoError with the reason when there is nothing to undo, the
        session has ended, it is a timed challenge, or the database refused
        (the answer then stays, stored). An answer the database had refused
        is taken out of the unsaved-answers file instead.
        """
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

    # -- stats --------------------------------------------------------------------

    def due_forecast(
        self, deck_id: str | None = None, recall: Iterable[CardRecall] | None = None
    ) -> tuple[int, ...]:
        """Cards due on each of the next 30 local days, today first (`core.forecast`),
        for one deck or all installed ones; suspended cards left out, buried ones
        counted when they come back. `recall` is `progress(deck_id).recall` when the
        caller has it (the stats screen): its due dates are used instead of reading
        them again."""
        from mlquiz.core.forecast import forecast

        now = self.clock()
        decks = [self.deck(deck_id)] if deck_id is not None else self.decks()
        if recall is None:
            cards = {(deck.id, card.id) for deck in decks for card in deck.cards}
            rows = self.store.card_state_rows(deck_id)
            scheduled = [(row[0], row[1], row[5]) for row in rows if (row[0], row[1]) in cards]
        else:
            scheduled = [(c.deck_id, c.card_id, c.due) for c in recall if c.due is not None]
        flags = {deck.id: self.store.card_flags(deck.id) for deck in decks}
        dues: list[str | datetime] = []
        for deck, card, due in scheduled:
            card_flags = flags.get(deck, {}).get(card)
            if card_flags is None:
                dues.append(due)
            elif not card_flags.suspended:
                if card_flags.buried(now):
                    due = datetime.fromisoformat(due) if isinstance(due, str) else due
                    due = max(due, card_flags.buried_until)  # type: ignore[type-var]
                dues.append(due)
        return forecast(dues, now, self.tz)

    def leeches(self, deck_id: str | None = None) -> list[tuple[str, str, int, bool]]:
        """(deck id, card id, lapses, suspended) of the leeches of installed cards."""
        installed = {(deck.id, card.id) for deck in self.decks() for card in deck.cards}
        return [row for row in self.store.leeches(deck_id) if (row[0], row[1]) in installed]

    def decks(self) -> list[Deck]:
        raise NotImplementedError  # the service's
