"""What the menu and the stats screen read, as part of the service (`Reports`,
mixed into `GameService`): the menu's line for a deck, the stats screen's
progress and due forecast, the missed cards, leeches and `mlquiz stats`.

The figures are the core's (`core/progress.py`, `core/forecast.py`,
`modes.review_plan`); the values returned are `core/summaries.py`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mlquiz.core.errors import StorageError
from mlquiz.core.summaries import MenuSummary, MissedEntry

# The most (deck, tag filter) summaries kept for the next start.
_KEPT_SUMMARIES = 8

if TYPE_CHECKING:
    from datetime import tzinfo
    from pathlib import Path

    from mlquiz.core.cards import Deck
    from mlquiz.core.clock import Clock
    from mlquiz.core.deck_settings import DeckSettings
    from mlquiz.core.decks.index import DeckInfo
    from mlquiz.core.modes import ReviewPlan
    from mlquiz.core.progress import CardRecall, Progress
    from mlquiz.core.store.database import Store


class Reports:
    """The summaries of `GameService` (which provides what is declared below)."""

    if TYPE_CHECKING:
        clock: Clock
        tz: tzinfo | None
        _store: Store | None
        # The (deck, tag) pairs whose figures the menu showed: kept at close.
        _menu_keys: dict[tuple[str, str | None], None]
        _menu_counted: dict[tuple[str, str | None], tuple[Any, ...]]

        @property
        def store(self) -> Store: ...

        @property
        def database_path(self) -> Path: ...

        @property
        def _snapshot_path(self) -> Path: ...

        def deck(self, deck_id: str) -> Deck: ...

        def deck_info(self, deck_id: str) -> DeckInfo: ...

        def deck_settings(self, deck_id: str) -> DeckSettings: ...

        def decks(self) -> list[Deck]: ...

        def review_plan(
            self,
            deck_id: str,
            rows: list[tuple[Any, ...]] | None = None,
            missed: list[str] | None = None,
            held: set[str] | None = None,
        ) -> ReviewPlan: ...

    def menu_summary(self, deck_id: str, tag: str | None = None) -> MenuSummary:
        """What the menu shows beside the deck (see `MenuSummary`), counting only the
        cards with `tag`: what a quiz or review started now would ask. The daily
        limits are the deck's, applied before the tag filter, as a review does.

        Until the database is opened, the figures the game kept when it last
        closed it are used while nothing they depend on has changed
        (`core/menu_snapshot.py`); else they are counted in the database
        (`store.menu_counts`), which opens it."""
        if self._store is None:
            kept = self.kept_menu_summary(deck_id, tag)
            if kept is not None:
                return kept
        return self._count_menu(deck_id, tag)[0]

    def kept_menu_summary(self, deck_id: str, tag: str | None = None) -> MenuSummary | None:
        """The menu's figures for the deck as kept when the database was last closed, if
        they still hold (`core/menu_snapshot.py`); None: count them in the database.
        Reads no database and no card."""
        from mlquiz.core.menu_snapshot import Snapshot, database_stamp, zone_key

        info = self.deck_info(deck_id)
        now = self.clock()
        settings = self.deck_settings(deck_id)
        summary = Snapshot(self._snapshot_path).get(
            (deck_id, tag),
            database=database_stamp(self.database_path),
            content=info.content,
            limits=(settings.reviews_per_day, settings.new_per_day),
            zone=zone_key(now, self.tz),
            now=now,
        )
        if summary is not None:
            self._menu_keys[(deck_id, tag)] = None  # kept again when the database closes
        return summary

    def _count_menu(self, deck_id: str, tag: str | None) -> tuple[MenuSummary, datetime]:
        """The menu's figures counted in the database now, and until when they hold with
        no write (the next card coming due or back, or the end of the day)."""
        from mlquiz.core.clock import iso
        from mlquiz.core.due import end_of_day, start_of_day

        self._menu_keys[(deck_id, tag)] = None
        info = self.deck_info(deck_id)
        store = self.store
        now = self.clock()
        if not store.deck_synced(deck_id, info.content):
            # The first count since the deck changed: the store copies its card ids and tags.
            cards = self.deck(deck_id).cards
            try:
                store.sync_deck(deck_id, info.content, [(card.id, card.tags) for card in cards])
            except StorageError:
                if not store.read_only:
                    raise
                return self.menu_summary_from_cards(deck_id, tag), now
        settings = self.deck_settings(deck_id)
        today_ends = end_of_day(now, self.tz)
        # Each a pass over an index: no page is read twice (see `reading_once`).
        with store.reading_once():
            mark = store.change_mark()  # before counting: a write during the count changes it
            new_done, reviews_done = store.answered_since(deck_id, start_of_day(now, self.tz))
            counts = store.menu_counts(
                deck_id,
                tag,
                iso(now),
                iso(today_ends),
                iso(end_of_day(today_ends, self.tz)),
                reviews_left=settings.reviews_per_day - reviews_done,
                new_left=settings.new_per_day - new_done,
            )
            last_session = store.last_session(deck_id)
        # Due today within the review limit: what is due now (already limited) and
        # what comes due later today, of which graduated cards only up to the limit.
        reviews_later = counts.reviews_later_today
        due_today = (
            counts.due_now
            + counts.later_today
            - reviews_later
            + min(reviews_later, counts.review_room)
        )
        summary = MenuSummary(
            deck_id=deck_id,
            cards=counts.cards,
            missed=counts.missed,
            last_session=last_session,
            due_today=due_today,
            next_due=None if counts.next_due is None else datetime.fromisoformat(counts.next_due),
            due_now=counts.due_now,
            new=counts.new,
            reviews_waiting=counts.reviews_waiting,
            new_waiting=counts.new_waiting,
            due_tomorrow=counts.due_tomorrow,
            suspended=counts.suspended,
            buried=counts.buried,
            tag=tag,
            deck_cards=counts.deck_cards,
        )
        until = today_ends
        if counts.next_change is not None:
            until = min(until, datetime.fromisoformat(counts.next_change))
        limits = (settings.reviews_per_day, settings.new_per_day)
        self._menu_counted[(deck_id, tag)] = (mark, info.content, limits, now, until, summary)
        return summary, until

    def _counted_still(
        self, deck_id: str, tag: str | None, content: str, limits: tuple[int, int], now: datetime
    ) -> tuple[MenuSummary, datetime, datetime] | None:
        """The last count of the deck's figures, when it is the one a count now would
        give: no write since (by the game or another program), the same cards and
        limits, and `now` before it would change on its own (`until`: a card coming
        due, the end of the day). As (summary, counted at, until); else None."""
        last = self._menu_counted.get((deck_id, tag))
        if last is None:
            return None
        mark, counted_content, counted_limits, counted, until, summary = last
        if (counted_content, counted_limits) != (content, limits) or not counted <= now < until:
            return None
        if self.store.change_mark() != mark:
            return None
        return summary, counted, until

    def menu_entries(self) -> dict[Any, Any]:
        """The menu's figures of each deck and tag shown in this game, counted now for
        `menu_snapshot.write_snapshot` (the database must be open; decks that cannot
        be counted are left out)."""
        from mlquiz.core.errors import DeckError
        from mlquiz.core.menu_snapshot import zone_key

        entries: dict[Any, Any] = {}
        for deck_id, tag in list(self._menu_keys)[-_KEPT_SUMMARIES:]:
            try:
                info = self.deck_info(deck_id)
                settings = self.deck_settings(deck_id)
                limits = (settings.reviews_per_day, settings.new_per_day)
                # The menu's own count, when nothing changed since (a game that only
                # looked at the menu): counting again would give the same figures.
                kept = self._counted_still(deck_id, tag, info.content, limits, self.clock())
                if kept is None:
                    summary, until = self._count_menu(deck_id, tag)
                    counted = self.clock()
                else:
                    summary, counted, until = kept
            except (StorageError, DeckError, KeyError):
                continue
            now = self.clock()
            if until <= now:
                continue
            entries[(deck_id, tag)] = (
                info.content,
                limits,
                zone_key(now, self.tz),
                counted,
                until,
                summary,
            )
        return entries

    def menu_summary_from_cards(self, deck_id: str, tag: str | None = None) -> MenuSummary:
        """`menu_summary` computed in Python from the deck's cards and every card's row:
        what the game did before the store kept a copy of each deck's cards (schema
        6), used when that copy cannot be written (a read-only database), and the
        reference the tests hold the SQL counts to."""
        from mlquiz.core.due import end_of_day
        from mlquiz.core.forecast import forecast

        deck = self.deck(deck_id)
        card_ids = {card.id for card in deck.cards if tag is None or tag in card.tags}
        now = self.clock()
        flags = self.store.card_flags(deck_id)
        held = {card_id for card_id, f in flags.items() if f.held(now)}
        every_row = self.store.card_state_rows(deck_id)
        missed = [m.card_id for m in self.store.missed(deck_id, details=False)]
        plan = self.review_plan(deck_id, every_row, missed, held)
        due_now = [card_id for card_id in plan.due if card_id in card_ids]
        rows = [row for row in every_row if row[1] in card_ids and row[1] not in held]
        # Due today within the review limit: what is due now (already limited) and
        # what comes due later today, of which graduated cards only up to the limit.
        until = end_of_day(now, self.tz)
        later = [row for row in rows if now < datetime.fromisoformat(row[5]) < until]
        reviews_later = sum(row[2] == 2 for row in later)
        room = reviews_later if plan.review_room is None else plan.review_room
        due_today = len(due_now) + len(later) - reviews_later + min(reviews_later, room)
        upcoming = [datetime.fromisoformat(row[5]) for row in rows]
        upcoming = [due for due in upcoming if due > now]
        counts = forecast((row[5] for row in rows), now, self.tz, days=2)
        return MenuSummary(
            deck_id=deck_id,
            cards=len(card_ids),
            missed=sum(1 for card_id in missed if card_id in card_ids),
            last_session=self.store.last_session(deck_id),
            due_today=due_today,
            next_due=min(upcoming, default=None),
            due_now=len(due_now),
            new=sum(1 for card_id in plan.new if card_id in card_ids),
            reviews_waiting=plan.reviews_waiting,
            new_waiting=plan.new_waiting,
            due_tomorrow=counts[1],
            suspended=sum(1 for i, f in flags.items() if f.suspended and i in card_ids),
            buried=sum(
                1 for i, f in flags.items() if f.buried(now) and not f.suspended and i in card_ids
            ),
            tag=tag,
            deck_cards=len(deck.cards),
        )

    def progress(self, deck_id: str | None = None) -> Progress:
        """Everything the stats screen shows, for one deck or (None) every deck.

        Accuracy per day and per session (last 50), cards by state, the key
        points missed most often, the day streak, time spent, each card's
        recall probability now, due today and next due; see `core.progress`.
        Tens of ms at 100,000 answers: call it from a worker.
        """
        from mlquiz.core.progress import progress

        if deck_id is None:
            decks = self.decks()
        else:
            decks = [self.deck(deck_id)]
        cards = {(deck.id, card.id) for deck in decks for card in deck.cards}
        return progress(self.store, deck_id, cards, self.clock(), self.tz)

    def has_answers(self, deck_id: str) -> bool:
        """Whether any answer to the deck is stored."""
        return self.store.last_session(deck_id) is not None

    def missed_browse(self, deck_id: str) -> list[MissedEntry]:
        """The missed cards in review order, with the last answer and the points missed."""
        deck = self.deck(deck_id)
        by_id = {card.id: card for card in deck.cards}
        return [
            MissedEntry(
                card=by_id[m.card_id],
                misses=m.misses,
                attempts=m.attempts,
                last_answer=m.last_answer,
                last_verdict=m.last_verdict,
                last_answered_at=m.last_answered_at,
                missed_points=m.missed_points,
            )
            for m in self.store.missed(deck_id)
            if m.card_id in by_id
        ]

    def stats(self) -> dict[str, Any]:
        """The data of `mlquiz stats --json` (see `progress.stats_report`)."""
        from mlquiz.core.progress import stats_report

        try:
            known = self.decks()
        except Exception:  # a deck scan problem must not hide the history
            known = []
        return stats_report(self.store, known, self.clock(), self.tz)

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
