"""The menu's figures for a deck, counted in SQL: due, missed, new, held.

`MenuReads` is the part of `database.Store` that keeps the store's copy of
each deck's cards (`sync_deck`: ids in deck order and tags, schema v6) and
counts the menu's figures from it (`menu_counts`), applying the tag filter and
the day's review and new-card limits exactly as a review started now would
(`modes.review_plan`, then the filter): the same numbers the service once
computed in Python from every card's row, read from indexes instead, so no
row per card or per answer reaches Python.

The rules, for deck D, tag cards T (D without a filter), held cards H
(suspended, or buried until later), the deck's card states S and missed cards
M (last effective verdict not correct), all within D:

- due now: the cards of S − H due by now; those in learning steps all, the
  graduated ones (state 2) up to the day's review limit, most overdue first
  (ties by card id); counted within T. The graduated ones past the limit are
  `reviews_waiting` (the whole deck's, as the limit is);
- new: D − S − H − M in deck order, the first `new_left` of them, counted
  within T; `new_waiting` the rest (the whole deck's);
- later today, tomorrow, next due: the cards of (S ∩ T) − H by due time;
- missed: M ∩ T; suspended and buried: the flags within T.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, NamedTuple

from mlquiz.core.store.damage import again_if_replaced

# fsrs.State.Review: a graduated card, the kind the daily review limit counts.
_REVIEW_STATE = 2


class MenuCounts(NamedTuple):
    """The menu's figures for one deck and tag filter at one moment (see the module)."""

    cards: int
    deck_cards: int
    due_now: int
    later_today: int
    reviews_later_today: int
    review_room: int
    reviews_waiting: int
    new: int
    new_waiting: int
    due_tomorrow: int
    next_due: str | None
    missed: int
    suspended: int
    buried: int
    # When these figures next change as time passes with no write: the next due
    # time or end of a burial of any card of the deck (None: only the day's end).
    next_change: str | None


# The held cards of the deck now (:deck, :now).
_HELD = (
    "SELECT card_id FROM card_flags WHERE deck_id = :deck"
    " AND (suspended != 0 OR (buried_until IS NOT NULL AND buried_until > :now))"
)
_MISSED = "last_verdict != 'correct'"
_TABLES = ("card_states", "card_answers", "card_flags")


class _Sql:
    """The pieces of the menu's queries for one deck: simpler when no row is of a card
    the deck lacks (`strays` 0), no card is held and no tag filter is on."""

    def __init__(self, strays: bool, held: bool, tag: bool) -> None:
        self.strays, self.held, self.tag = strays, held, tag

    def in_deck(self, alias: str) -> str:
        """A join keeping the rows of `alias` whose card the deck has (none needed
        while no row is a stray)."""
        if not self.strays:
            return ""
        return (
            f" JOIN deck_cards AS d ON d.deck_id = {alias}.deck_id AND d.card_id = {alias}.card_id"
        )

    def tagged(self, column: str) -> str:
        """Whether the card `column` names has the filter's tag."""
        if not self.tag:
            return "1"
        return (
            "EXISTS (SELECT 1 FROM deck_card_tags AS t"
            f" WHERE t.deck_id = :deck AND t.tag = :tag AND t.card_id = {column})"
        )

    def held_card(self, column: str) -> str:
        return f"{column} IN ({_HELD})" if self.held else "0"


class MenuReads:
    """The menu half of `Store` (which provides `_read_tuples` and `_write`)."""

    def _read_tuples(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()
    ) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # the Store's, under its lock

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # the Store's

    def deck_synced(self, deck_id: str, content: str) -> bool:
        """Whether the store's copy of the deck's cards is of this version of it."""
        rows = self._read_tuples("SELECT content FROM deck_versions WHERE deck_id = ?", (deck_id,))
        return bool(rows) and rows[0][0] == content

    @again_if_replaced
    def sync_deck(
        self, deck_id: str, content: str, cards: Sequence[tuple[str, Iterable[str]]]
    ) -> None:
        """Make the store's copy of the deck's cards these (id, tags), in deck order."""
        with self._write() as conn:
            conn.execute("DELETE FROM deck_cards WHERE deck_id = ?", (deck_id,))
            conn.execute("DELETE FROM deck_card_tags WHERE deck_id = ?", (deck_id,))
            conn.executemany(
                "INSERT OR IGNORE INTO deck_cards (deck_id, card_id, position) VALUES (?, ?, ?)",
                ((deck_id, card_id, n) for n, (card_id, _) in enumerate(cards)),
            )
            conn.executemany(
                "INSERT OR IGNORE INTO deck_card_tags (deck_id, tag, card_id) VALUES (?, ?, ?)",
                ((deck_id, tag, card_id) for card_id, tags in cards for tag in tags),
            )
            strays = sum(
                conn.execute(
                    f"SELECT COUNT(*) FROM {table} AS x WHERE x.deck_id = ? AND NOT EXISTS"
                    " (SELECT 1 FROM deck_cards AS d"
                    "  WHERE d.deck_id = x.deck_id AND d.card_id = x.card_id)",
                    (deck_id,),
                ).fetchone()[0]
                for table in _TABLES
            )
            conn.execute(
                "INSERT INTO deck_versions (deck_id, content, cards, strays) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (deck_id) DO UPDATE SET content = excluded.content,"
                " cards = excluded.cards, strays = excluded.strays",
                (deck_id, content, len(cards), strays),
            )

    def menu_counts(
        self,
        deck_id: str,
        tag: str | None,
        now: str,
        end_of_today: str,
        end_of_tomorrow: str,
        reviews_left: int,
        new_left: int,
    ) -> MenuCounts:
        """The menu's figures (see the module docstring) at `now`, the day ending at
        `end_of_today` (times as the store's UTC ISO text). The deck must be synced.

        A handful of queries, each one pass over an index: the deck's card states
        once, its missed cards, its flags."""
        params: dict[str, Any] = {"deck": deck_id, "tag": tag, "now": now}
        budget, new_left = max(reviews_left, 0), max(new_left, 0)
        ((strays, held_count),) = self._read_tuples(
            f"SELECT (SELECT strays FROM deck_versions WHERE deck_id = :deck),"
            f" (SELECT COUNT(*) FROM ({_HELD}))",
            params,
        )
        q = _Sql(strays=bool(strays), held=bool(held_count), tag=tag is not None)
        ((deck_cards, cards),) = self._read_tuples(
            f"SELECT COUNT(*), COALESCE(SUM({q.tagged('c.card_id')}), 0)"
            " FROM deck_cards AS c WHERE c.deck_id = :deck",
            params,
        )

        # The deck's card states, once: `h` held, `t` of the tag (each worked out once a
        # row, unless both are constants).
        (
            (
                scheduled,
                learning_due,
                graduated_all,
                later,
                reviews_later,
                tomorrow,
                next_due,
                next_change,
            ),
        ) = self._read_tuples(  # fmt: skip
            f"""
            WITH r AS {"MATERIALIZED" if q.held or q.tag else ""} (
                SELECT s.due, s.state, {q.held_card("s.card_id")} AS h,
                       {q.tagged("s.card_id")} AS t
                FROM card_states AS s{q.in_deck("s")} WHERE s.deck_id = :deck)
            SELECT
                COUNT(*),
                COALESCE(SUM(NOT h AND due <= :now AND state != {_REVIEW_STATE} AND t), 0),
                COALESCE(SUM(NOT h AND due <= :now AND state = {_REVIEW_STATE}), 0),
                COALESCE(SUM(NOT h AND t AND due > :now AND due < :eod), 0),
                COALESCE(SUM(NOT h AND t AND due > :now AND due < :eod
                             AND state = {_REVIEW_STATE}), 0),
                COALESCE(SUM(NOT h AND t AND due >= :eod AND due < :eod2), 0),
                MIN(CASE WHEN NOT h AND t AND due > :now THEN due END),
                MIN(CASE WHEN NOT h AND due > :now THEN due END)
            FROM r
            """,
            {**params, "eod": end_of_today, "eod2": end_of_tomorrow},
        )
        asked_graduated = min(graduated_all, budget)
        if tag is None:
            graduated_due = asked_graduated
        else:  # which graduated cards the limit lets in decides how many have the tag
            ((graduated_due,),) = self._read_tuples(
                f"""
                SELECT COUNT(*) FROM (
                    SELECT s.card_id FROM card_states AS s{q.in_deck("s")}
                    WHERE s.deck_id = :deck AND s.due <= :now AND s.state = {_REVIEW_STATE}
                          AND NOT {q.held_card("s.card_id")}
                    ORDER BY s.due, s.card_id LIMIT :budget) AS g
                WHERE {q.tagged("g.card_id")}
                """,
                {**params, "budget": budget},
            )

        # Missed, held and new: the rows of the few cards that have them.
        ((missed, missed_new, held_new, suspended, buried, next_unburied),) = self._read_tuples(
            f"""
            SELECT
                (SELECT COUNT(*) FROM card_answers AS a{q.in_deck("a")}
                 WHERE a.deck_id = :deck AND a.{_MISSED} AND {q.tagged("a.card_id")}),
                (SELECT COUNT(*) FROM card_answers AS a{q.in_deck("a")}
                 WHERE a.deck_id = :deck AND a.{_MISSED} AND NOT EXISTS (
                     SELECT 1 FROM card_states AS s
                     WHERE s.deck_id = :deck AND s.card_id = a.card_id)),
                (SELECT COUNT(*) FROM card_flags AS f{q.in_deck("f")}
                 WHERE f.deck_id = :deck AND {q.held_card("f.card_id")} AND NOT EXISTS (
                     SELECT 1 FROM card_states AS s
                     WHERE s.deck_id = :deck AND s.card_id = f.card_id) AND NOT EXISTS (
                     SELECT 1 FROM card_answers AS a
                     WHERE a.deck_id = :deck AND a.card_id = f.card_id AND a.{_MISSED})),
                (SELECT COUNT(*) FROM card_flags AS f{q.in_deck("f")}
                 WHERE f.deck_id = :deck AND f.suspended != 0 AND {q.tagged("f.card_id")}),
                (SELECT COUNT(*) FROM card_flags AS f{q.in_deck("f")}
                 WHERE f.deck_id = :deck AND f.suspended = 0 AND f.buried_until > :now
                       AND {q.tagged("f.card_id")}),
                (SELECT MIN(f.buried_until) FROM card_flags AS f{q.in_deck("f")}
                 WHERE f.deck_id = :deck AND f.buried_until > :now)
            """,
            params,
        )
        # New: the deck's cards never scheduled, held or missed, in deck order.
        unseen = deck_cards - scheduled - missed_new - held_new
        if tag is None or not unseen or not new_left:
            new = min(unseen, new_left) if tag is None else 0
        else:
            ((new,),) = self._read_tuples(
                f"""
                SELECT COUNT(*) FROM (
                    SELECT c.card_id FROM deck_cards AS c
                    WHERE c.deck_id = :deck AND NOT {q.held_card("c.card_id")}
                          AND NOT EXISTS (SELECT 1 FROM card_states AS s
                                          WHERE s.deck_id = :deck AND s.card_id = c.card_id)
                          AND NOT EXISTS (SELECT 1 FROM card_answers AS a
                                          WHERE a.deck_id = :deck AND a.card_id = c.card_id
                                                AND a.{_MISSED})
                    ORDER BY c.position LIMIT :new_left) AS u
                WHERE {q.tagged("u.card_id")}
                """,
                {**params, "new_left": new_left},
            )
        changes = [t for t in (next_change, next_unburied) if t is not None]
        return MenuCounts(
            cards=cards,
            deck_cards=deck_cards,
            due_now=learning_due + graduated_due,
            later_today=later,
            reviews_later_today=reviews_later,
            review_room=max(budget - asked_graduated, 0),
            reviews_waiting=graduated_all - asked_graduated,
            new=new,
            new_waiting=max(unseen - new_left, 0),
            due_tomorrow=tomorrow,
            next_due=next_due,
            missed=missed,
            suspended=suspended,
            buried=buried,
            next_change=min(changes, default=None),
        )
