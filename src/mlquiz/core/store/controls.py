"""What the player sets on cards, and taking an answer back.

`CardControls` is mixed into `database.Store` (which provides `_write`,
`_read`): suspending, burying, flagging and resetting cards (the card
browser), undoing the last answer (the quiz's ctrl+z), the day's new and
review counts (the daily limits), FSRS parameters fitted to a deck, and the
reads the browser and a card's history need. Each write is one transaction,
done again on a fresh database if it meets a damaged one
(`damage.again_if_replaced`), and replays no answer later than the clock's
now (see `scheduling`, "Clock jumps").

The flags live in `card_flags` (see `schema._v5_learner_controls`). A card
is held back from quizzes and reviews while it is suspended, or buried until
a time still to come (the next local day: `due.end_of_day`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mlquiz.core.clock import iso
from mlquiz.core.store.damage import again_if_replaced
from mlquiz.core.store.derived import read_state, refresh_summaries, replay_cards

if TYPE_CHECKING:
    from mlquiz.core.answered import BecameLeech
    from mlquiz.core.deck_settings import LeechRule
    from mlquiz.core.session import Attempt

# The flag colours a card can carry (Anki's first four).
FLAG_COLOURS = ("red", "orange", "green", "blue")

# card_flags.suspended
NOT_SUSPENDED, BY_PLAYER, AS_LEECH = 0, 1, 2


@dataclass(frozen=True)
class CardFlags:
    """What the player (or the leech rule) set on one card."""

    suspended: bool = False
    buried_until: datetime | None = None
    flag: str | None = None
    leech: bool = False

    def buried(self, now: datetime) -> bool:
        return self.buried_until is not None and self.buried_until > now

    def held(self, now: datetime) -> bool:
        """Left out of quizzes and reviews now."""
        return self.suspended or self.buried(now)


NO_FLAGS = CardFlags()


class CardControls:
    """The card-control half of `Store`."""

    _clock: Callable[[], datetime]  # the Store's

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # the Store's

    def _read(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError  # the Store's

    def _read_tuples(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()
    ) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # the Store's

    # -- flags --------------------------------------------------------------------

    @again_if_replaced
    def mark_leech(self, attempt: Attempt, rule: LeechRule) -> BecameLeech | None:
        """Make the attempt's card a leech if its lapses have reached the rule's
        threshold and it is not one yet (suspending it if the rule says so); what
        happened (None: nothing). The attempt is remembered as the one that made
        it a leech, so undoing it undoes the leech too."""
        key = (attempt.deck_id, attempt.card_id)
        with self._write() as conn:
            state = read_state(conn, key)
            if state is None or state.lapses < rule.threshold:
                return None
            row = conn.execute(
                "SELECT leech_attempt, suspended FROM card_flags WHERE deck_id = ? AND card_id = ?",
                key,
            ).fetchone()
            if row is not None and row[0] is not None:
                return None
            found = conn.execute(
                "SELECT id FROM attempts WHERE session_id = ? AND seq = ?",
                (attempt.session_id, attempt.seq),
            ).fetchone()
            if found is None:
                return None
            already = row is not None and row[1] != NOT_SUSPENDED
            suspended = row[1] if already else (AS_LEECH if rule.suspend else NOT_SUSPENDED)
            conn.execute(
                "INSERT INTO card_flags (deck_id, card_id, leech_attempt, suspended)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (deck_id, card_id) DO UPDATE SET"
                " leech_attempt = excluded.leech_attempt, suspended = excluded.suspended",
                (*key, found[0], suspended),
            )
            # Imported here: answers are stored after a session has imported it, and
            # opening the database at start-up (the menu's counts) need not.
            from mlquiz.core.answered import BecameLeech

            return BecameLeech(lapses=state.lapses, suspended=already or rule.suspend)

    def card_flags(self, deck_id: str) -> dict[str, CardFlags]:
        """Every card of the deck that has a flag set, by card id."""
        rows = self._read(
            "SELECT card_id, suspended, buried_until, flag, leech_attempt FROM card_flags"
            " WHERE deck_id = ?",
            (deck_id,),
        )
        return {
            row[0]: CardFlags(
                suspended=bool(row[1]),
                buried_until=datetime.fromisoformat(row[2]) if row[2] else None,
                flag=row[3],
                leech=row[4] is not None,
            )
            for row in rows
        }

    def leeches(self, deck_id: str | None = None) -> list[tuple[str, str, int, bool]]:
        """(deck id, card id, lapses, suspended) of every leech, most lapses first."""
        where, params = ("AND f.deck_id = ?", (deck_id,)) if deck_id is not None else ("", ())
        rows = self._read(
            "SELECT f.deck_id, f.card_id, COALESCE(s.lapses, 0), f.suspended FROM card_flags AS f"
            " LEFT JOIN card_states AS s ON s.deck_id = f.deck_id AND s.card_id = f.card_id"
            f" WHERE f.leech_attempt IS NOT NULL {where}"
            " ORDER BY 3 DESC, f.deck_id, f.card_id",
            params,
        )
        return [(row[0], row[1], row[2], bool(row[3])) for row in rows]

    def held_cards(self, deck_id: str, now: datetime) -> set[str]:
        """The cards left out of quizzes and reviews now: suspended, or buried until later."""
        rows = self._read(
            "SELECT card_id FROM card_flags WHERE deck_id = ?"
            " AND (suspended != 0 OR buried_until > ?)",
            (deck_id, iso(now)),
        )
        return {row[0] for row in rows}

    @again_if_replaced
    def set_suspended(self, deck_id: str, card_ids: Iterable[str], suspended: bool) -> None:
        """Suspend the cards (by the player) or take any suspension off (a leech's too)."""
        self._set(deck_id, card_ids, "suspended", BY_PLAYER if suspended else NOT_SUSPENDED)

    @again_if_replaced
    def bury(self, deck_id: str, card_ids: Iterable[str], until: datetime | None) -> None:
        """Hold the cards back until `until` (None: bring them back now)."""
        self._set(deck_id, card_ids, "buried_until", iso(until) if until else None)

    @again_if_replaced
    def set_flag(self, deck_id: str, card_ids: Iterable[str], flag: str | None) -> None:
        if flag is not None and flag not in FLAG_COLOURS:
            raise ValueError(f"unknown flag colour {flag!r} (colours: {', '.join(FLAG_COLOURS)})")
        self._set(deck_id, card_ids, "flag", flag)

    @again_if_replaced
    def reset_schedule(self, deck_id: str, card_ids: Iterable[str], now: datetime) -> None:
        """Make the cards new again: answers up to `now` no longer schedule them (they
        stay in the history and the stats), their lapses start from 0 and they are
        no longer leeches."""
        ids = list(card_ids)
        with self._write() as conn:
            for card_id in ids:
                conn.execute(
                    "INSERT INTO card_flags (deck_id, card_id, reset_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (deck_id, card_id) DO UPDATE SET reset_at = excluded.reset_at,"
                    " leech_attempt = NULL",
                    (deck_id, card_id, iso(now)),
                )
            replay_cards(conn, {(deck_id, card_id) for card_id in ids}, now)

    def _set(self, deck_id: str, card_ids: Iterable[str], column: str, value: Any) -> None:
        with self._write() as conn:
            conn.executemany(
                f"INSERT INTO card_flags (deck_id, card_id, {column}) VALUES (?, ?, ?)"
                f" ON CONFLICT (deck_id, card_id) DO UPDATE SET {column} = excluded.{column}",
                [(deck_id, card_id, value) for card_id in card_ids],
            )

    # -- undo -----------------------------------------------------------------------

    @again_if_replaced
    def undo_attempt(self, session_id: str, seq: int) -> bool:
        """Take a stored answer back: the attempt goes, its review-log line with it, the
        card's schedule is replayed from the answers left (so it is exactly what it
        was before) and the summaries are recomputed; a leech it made is undone too.
        Returns False when no such answer is stored."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT id, deck_id, card_id, answered_at FROM attempts"
                " WHERE session_id = ? AND seq = ?",
                (session_id, seq),
            ).fetchone()
            if row is None:
                return False
            attempt_id, deck_id, card_id, answered_at = tuple(row)
            conn.execute(
                "UPDATE card_flags SET leech_attempt = NULL,"
                f" suspended = CASE suspended WHEN {AS_LEECH} THEN {NOT_SUSPENDED}"
                " ELSE suspended END WHERE leech_attempt = ?",
                (attempt_id,),
            )
            conn.execute("DELETE FROM review_log WHERE attempt_id = ?", (attempt_id,))
            conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))
            replay_cards(conn, {(deck_id, card_id)}, self._clock())
            refresh_summaries(conn, [(deck_id, card_id, answered_at)])
            return True

    # -- daily limits ---------------------------------------------------------------

    def answered_since(self, deck_id: str, since: datetime) -> tuple[int, int]:
        """(cards answered for the first time, graduated cards reviewed) since `since`:
        what the day's new and review limits count."""
        (row,) = self._read(
            """
            SELECT COALESCE(SUM(r.state_before IS NULL), 0),
                   COALESCE(SUM(json_extract(r.state_before, '$.state') = 2), 0)
            FROM attempts AS a JOIN review_log AS r ON r.attempt_id = a.id
            WHERE a.deck_id = ? AND a.answered_at >= ?
            """,
            (deck_id, iso(since)),
        )
        return int(row[0]), int(row[1])

    # -- what the browser reads --------------------------------------------------------

    def browse_tables(self, deck_id: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The deck's card states (card id, state, stability, due, last review, lapses)
        and answer totals (card id, answers, misses, last answered, last verdict):
        one row a card, from two keyed tables."""
        states = self._read_tuples(
            "SELECT card_id, state, stability, due, last_review, lapses FROM card_states"
            " WHERE deck_id = ?",
            (deck_id,),
        )
        answers = self._read_tuples(
            "SELECT card_id, answers, misses, last_at, last_verdict FROM card_answers"
            " WHERE deck_id = ?",
            (deck_id,),
        )
        return states, answers

    def card_history(self, deck_id: str, card_id: str) -> list[dict[str, Any]]:
        """Every answer to the card, oldest first, with the rating it earned and the due
        date it set (None for an answer that did not schedule the card)."""
        rows = self._read(
            """
            SELECT a.answered_at, a.mode, a.verdict, a.override, a.score, a.answer,
                   a.hints_used, a.skipped, a.elapsed, r.rating, r.state_after
            FROM attempts AS a LEFT JOIN review_log AS r ON r.attempt_id = a.id
            WHERE a.deck_id = ? AND a.card_id = ? ORDER BY a.answered_at, a.id
            """,
            (deck_id, card_id),
        )
        return [
            {
                "answered_at": datetime.fromisoformat(row[0]),
                "mode": row[1],
                "verdict": row[3] or row[2],
                "overridden": row[3] is not None,
                "score": row[4],
                "answer": row[5],
                "hints_used": row[6],
                "skipped": bool(row[7]),
                "elapsed": row[8],
                "rating": row[9],
                "due": datetime.fromisoformat(json.loads(row[10])["due"]) if row[10] else None,
            }
            for row in rows
        ]

    # -- FSRS parameters (mlquiz optimize) --------------------------------------------

    def review_history(self, deck_id: str) -> Iterator[tuple[str, int, datetime, float]]:
        """(card id, rating, reviewed at, seconds taken) of every scheduled answer to the
        deck, oldest first: what the FSRS optimizer fits its parameters to."""
        rows = self._read(
            "SELECT r.card_id, r.rating, r.reviewed_at, a.elapsed FROM review_log AS r"
            " JOIN attempts AS a ON a.id = r.attempt_id WHERE r.deck_id = ?"
            " ORDER BY r.reviewed_at, r.attempt_id",
            (deck_id,),
        )
        for row in rows:
            yield row[0], row[1], datetime.fromisoformat(row[2]), row[3]

    @again_if_replaced
    def set_parameters(
        self, deck_id: str, parameters: tuple[float, ...] | None, now: datetime, reviews: int = 0
    ) -> int:
        """Schedule the deck with `parameters` from now on (None: FSRS's defaults again)
        and reschedule its cards with them; returns how many cards were rescheduled."""
        with self._write() as conn:
            if parameters is None:
                conn.execute("DELETE FROM fsrs_parameters WHERE deck_id = ?", (deck_id,))
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO fsrs_parameters VALUES (?, ?, ?, ?)",
                    (deck_id, json.dumps(list(parameters)), iso(now), reviews),
                )
            keys = {
                (deck_id, row[0])
                for row in conn.execute(
                    "SELECT DISTINCT card_id FROM attempts WHERE deck_id = ?", (deck_id,)
                )
            }
            replay_cards(conn, keys, now)
            return len(keys)

    def parameters(self, deck_id: str) -> tuple[tuple[float, ...], str, int] | None:
        """The deck's fitted parameters, when they were fitted and on how many answers."""
        rows = self._read(
            "SELECT parameters, fitted_at, reviews FROM fsrs_parameters WHERE deck_id = ?",
            (deck_id,),
        )
        if not rows:
            return None
        return tuple(json.loads(rows[0][0])), rows[0][1], rows[0][2]
