"""The store's read models: what the menu, review, stats and export read.

`StoreQueries` is the reading half of `database.Store` (which mixes it in and
provides `_read`). Raw totals for the stats screen are shaped by
`core/progress.py`; with 100,000 answers each read takes a few ms (summary
tables, or a bounded index range).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mlquiz.core.store.derived import EFFECTIVE, memory_state
from mlquiz.core.store.schema import schema_version
from mlquiz.core.summaries import SessionSummary

if TYPE_CHECKING:
    from mlquiz.core.challenge import ChallengeRun


@dataclass(frozen=True)
class MissedCard:
    """A card whose last answer (by effective verdict) was not correct."""

    card_id: str
    misses: int  # attempts on the card that were not correct, over all time
    attempts: int
    last_answer: str
    last_verdict: str  # effective
    last_answered_at: str
    missed_points: tuple[tuple[str, int], ...]  # (label, times missed), most first


class StoreQueries:
    """The read methods of `Store`."""

    def _read(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError  # the Store's, under its lock

    def _read_tuples(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()
    ) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # the Store's, under its lock

    def challenge_bests(
        self, deck_id: str, duration_s: int, limit: int = 10, tag: str | None = None
    ) -> list[ChallengeRun]:
        """The personal-best table: the best `limit` ended, not abandoned runs, best first.

        One table per tag filter (`tag`; None: runs over all the cards), since
        a run over nine tagged cards is no match for one over the whole deck.
        Equal scores rank the earlier run first (it got there first).
        """
        rows = self._read(
            """
            SELECT *, (SELECT COUNT(*) FROM attempts AS a
                       WHERE a.session_id = r.session_id AND a.skipped) AS skipped
            FROM challenge_runs AS r
            WHERE deck_id = ? AND duration_s = ? AND tag IS ? AND abandoned = 0
                  AND ended_at IS NOT NULL
            ORDER BY score DESC, started_at, id LIMIT ?
            """,
            (deck_id, duration_s, tag, limit),
        )
        return [_challenge_run(row) for row in rows]

    # -- reads ------------------------------------------------------------------

    def attempts(self, deck_id: str, card_id: str | None = None) -> list[dict[str, Any]]:
        """Stored attempts of a deck (optionally one card), oldest first, as dicts."""
        sql = "SELECT * FROM attempts WHERE deck_id = ?"
        params: tuple[Any, ...] = (deck_id,)
        if card_id is not None:
            sql += " AND card_id = ?"
            params += (card_id,)
        rows = self._read(sql + " ORDER BY answered_at, id", params)
        return [_attempt_dict(row) for row in rows]

    def session_attempts(self, session_id: str) -> list[dict[str, Any]]:
        rows = self._read("SELECT * FROM attempts WHERE session_id = ? ORDER BY seq", (session_id,))
        return [_attempt_dict(row) for row in rows]

    def missed(self, deck_id: str, details: bool = True) -> list[MissedCard]:
        """Cards of `deck_id` whose latest answer was not correct.

        Latest means the last attempt in any mode, judged by its effective
        verdict (an override counts; a skip is incorrect). So any later
        correct answer, in review or in a normal quiz, takes a card off the
        list. Order: most misses over all time first, then most recently
        answered. `details=False` leaves out the last answer and the missed
        key points (empty), which the menu and review do not need.
        """
        # One row a card from the derived `card_answers` (kept in step with every
        # write): the menu and review read it without touching the answers.
        rows = self._read(
            "SELECT card_id, answers AS total, misses, last_at, last_verdict AS effective"
            " FROM card_answers WHERE deck_id = ? AND last_verdict != 'correct'",
            (deck_id,),
        )
        rows = [row for row in rows if row["effective"] != "correct"]
        rows.sort(key=lambda row: row["card_id"])
        rows.sort(key=lambda row: (row["misses"], row["last_at"]), reverse=True)
        if not rows:
            return []
        answers: dict[str, str] = {}
        points: dict[str, tuple[tuple[str, int], ...]] = {}
        if details:
            ids = [row["card_id"] for row in rows]
            answers = self._last_answers(deck_id, ids)
            points = self._missed_points(deck_id, ids)
        return [
            MissedCard(
                card_id=row["card_id"],
                misses=row["misses"],
                attempts=row["total"],
                last_answer=answers.get(row["card_id"], ""),
                last_verdict=row["effective"],
                last_answered_at=row["last_at"],
                missed_points=points.get(row["card_id"], ()),
            )
            for row in rows
        ]

    def _last_answers(self, deck_id: str, card_ids: list[str]) -> dict[str, str]:
        out = {}
        for card_id in card_ids:
            rows = self._read(
                "SELECT answer FROM attempts WHERE deck_id = ? AND card_id = ?"
                " ORDER BY answered_at DESC, id DESC LIMIT 1",
                (deck_id, card_id),
            )
            if rows:
                out[card_id] = rows[0]["answer"]
        return out

    def _missed_points(
        self, deck_id: str, card_ids: list[str]
    ) -> dict[str, tuple[tuple[str, int], ...]]:
        marks = ",".join("?" * len(card_ids))
        rows = self._read(
            f"""
            SELECT a.card_id, j.value AS label, COUNT(*) AS n, MAX(a.answered_at) AS last
            FROM attempts AS a, json_each(a.missed) AS j
            WHERE a.deck_id = ? AND a.card_id IN ({marks})
              -- An answer the player called right missed nothing (as in the stats).
              AND (a.override IS NULL OR a.override != 'correct')
            GROUP BY a.card_id, j.value
            ORDER BY a.card_id, n DESC, last DESC, label
            """,
            (deck_id, *card_ids),
        )
        out: dict[str, list[tuple[str, int]]] = {}
        for row in rows:
            out.setdefault(row["card_id"], []).append((row["label"], row["n"]))
        return {card: tuple(labels) for card, labels in out.items()}

    def last_session(self, deck_id: str) -> SessionSummary | None:
        """The most recently started session of the deck that has an answer."""
        rows = self._session_summaries(deck_id, limit=1)
        return rows[0] if rows else None

    def _session_summaries(self, deck_id: str, limit: int) -> list[SessionSummary]:
        # Pick the sessions first (through the sessions index, keeping those
        # with an answer), then total only their attempts: the cost follows
        # `limit`, not the size of the history.
        sessions = self._read(
            """
            SELECT id, deck_id, mode, started_at, ended_at FROM sessions AS s
            WHERE deck_id = ? AND EXISTS (SELECT 1 FROM attempts WHERE session_id = s.id)
            ORDER BY started_at DESC, id DESC LIMIT ?
            """,
            (deck_id, limit),
        )
        out = []
        for session in sessions:
            (row,) = self._read(
                f"""
                SELECT COUNT(*) AS attempts,
                       SUM({EFFECTIVE} = 'correct') AS correct,
                       SUM({EFFECTIVE} = 'partial') AS partial,
                       SUM({EFFECTIVE} = 'incorrect') AS incorrect,
                       SUM(effective_score(score, override, hints_used)) AS score
                FROM attempts WHERE session_id = ?
                """,
                (session["id"],),
            )
            score = row["score"] or 0.0
            out.append(
                SessionSummary(
                    id=session["id"],
                    deck_id=session["deck_id"],
                    mode=session["mode"],
                    started_at=session["started_at"],
                    ended_at=session["ended_at"],
                    attempts=row["attempts"],
                    correct=row["correct"],
                    partial=row["partial"],
                    incorrect=row["incorrect"],
                    score=round(score, 6),
                    percent=round(score / row["attempts"], 6),
                    accuracy=round((row["correct"] or 0) / row["attempts"], 6),
                )
            )
        return out

    def data_version(self) -> int:
        """SQLite's data version: it changes when another connection commits."""
        return int(self._read_tuples("PRAGMA data_version")[0][0])

    def deck_ids(self) -> list[str]:
        return [row[0] for row in self._read("SELECT DISTINCT deck_id FROM attempts ORDER BY 1")]

    def stats(self) -> dict[str, Any]:
        """Per-deck totals; the shape of `mlquiz stats --json`.

        `{"schema": 1, "decks": {"<deck id>": {...}}}` where each deck has:
        attempts, sessions (sessions with at least one answer), correct,
        partial, incorrect (effective verdicts: overrides count), skipped,
        overridden, accuracy (correct / attempts, 0..1), missed (card ids of
        the missed list, in review order), last_session (a session summary or
        null). Only decks with stored answers appear here.
        """
        rows = self._read(
            f"""
            SELECT deck_id, COUNT(*) AS attempts,
                   SUM({EFFECTIVE} = 'correct') AS correct,
                   SUM({EFFECTIVE} = 'partial') AS partial,
                   SUM({EFFECTIVE} = 'incorrect') AS incorrect,
                   SUM(skipped) AS skipped,
                   SUM(override IS NOT NULL) AS overridden
            FROM attempts GROUP BY deck_id ORDER BY deck_id
            """
        )
        sessions = {
            row[0]: row[1]
            for row in self._read(
                """
                SELECT deck_id, COUNT(*) FROM sessions AS s
                WHERE EXISTS (SELECT 1 FROM attempts WHERE session_id = s.id)
                GROUP BY deck_id
                """
            )
        }
        decks: dict[str, Any] = {}
        for row in rows:
            deck_id = row["deck_id"]
            last = self.last_session(deck_id)
            decks[deck_id] = {
                "attempts": row["attempts"],
                "sessions": sessions.get(deck_id, 0),
                "correct": row["correct"],
                "partial": row["partial"],
                "incorrect": row["incorrect"],
                "skipped": row["skipped"],
                "overridden": row["overridden"],
                "accuracy": round(row["correct"] / row["attempts"], 4),
                "missed": [m.card_id for m in self.missed(deck_id, details=False)],
                "last_session": last.as_dict() if last else None,
            }
        return {"schema": schema_version(), "decks": decks}

    # -- scheduling reads -------------------------------------------------------

    def card_state(self, deck_id: str, card_id: str) -> Any:
        """One card's MemoryState, or None if it was never answered (new)."""
        rows = self._read(
            "SELECT state, step, stability, difficulty, due, last_review, reviews, lapses"
            " FROM card_states WHERE deck_id = ? AND card_id = ?",
            (deck_id, card_id),
        )
        return memory_state(tuple(rows[0])) if rows else None

    def review_log(self, deck_id: str, card_id: str) -> list[dict[str, Any]]:
        """The card's review log in the order the reviews were made (the order the
        answers were stored): attempt_id, rating, reviewed_at, states."""
        rows = self._read(
            "SELECT attempt_id, rating, reviewed_at, state_before, state_after FROM review_log"
            " WHERE attempt_id IN (SELECT id FROM attempts WHERE deck_id = ? AND card_id = ?)"
            " ORDER BY attempt_id",
            (deck_id, card_id),
        )
        out = []
        for row in rows:
            entry = dict(row)
            entry["state_before"] = json.loads(entry["state_before"] or "null")
            entry["state_after"] = json.loads(entry["state_after"])
            out.append(entry)
        return out

    # -- progress reads ---------------------------------------------------------
    # Raw totals for `mlquiz.core.progress`, which shapes them. With 100,000
    # answers each takes a few ms (summary tables, or a bounded index range).

    def hour_range(self, deck_id: str | None = None) -> tuple[str, str] | None:
        """The first and last UTC hour ('YYYY-MM-DDTHH') with answers, or None."""
        where, params = _deck_filter(deck_id)
        (row,) = self._read(f"SELECT MIN(hour), MAX(hour) FROM answer_hours {where}", params)
        return None if row[0] is None else (row[0], row[1])

    def day_totals(
        self, deck_id: str | None, start: str, end: str, offset_minutes: int
    ) -> list[tuple[Any, ...]]:
        """Answers per local day for the hours in [start, end), at one UTC offset:
        (day 'YYYY-MM-DD', answers, correct, partial, seconds).

        The caller splits time where the zone's offset changes (daylight
        saving), so a year is a handful of calls over ~9,000 summary rows at
        most. Each hour falls on the local day of its middle (hh:30).
        """
        where, params = _deck_filter(deck_id)
        where += " AND" if where else "WHERE"
        rows = self._read(
            f"""
            SELECT date(hour || ':30', ?) AS day, SUM(answers), SUM(correct), SUM(partial),
                   SUM(seconds)
            FROM answer_hours {where} hour >= ? AND hour < ?
            GROUP BY day ORDER BY day
            """,
            (f"{offset_minutes:+d} minutes", *params, start, end),
        )
        return [tuple(row) for row in rows if row[0] is not None]

    def session_totals(self, deck_id: str | None = None, limit: int = 100) -> list[tuple[Any, ...]]:
        """The last `limit` sessions with answers, oldest first:
        (session id, deck id, mode, started_at, answers, correct, partial, seconds).
        """
        where, params = _deck_filter(deck_id)
        where = where.replace("deck_id", "s.deck_id")
        extra = "AND" if where else "WHERE"
        rows = self._read(
            f"""
            SELECT s.id, s.deck_id, s.mode, s.started_at, COUNT(*),
                   SUM({EFFECTIVE} = 'correct'), SUM({EFFECTIVE} = 'partial'), SUM(a.elapsed)
            FROM (SELECT * FROM sessions AS s {where}
                  {extra} EXISTS (SELECT 1 FROM attempts WHERE session_id = s.id)
                  ORDER BY started_at DESC, id DESC LIMIT ?) AS s
            JOIN attempts AS a ON a.session_id = s.id
            GROUP BY s.id ORDER BY s.started_at, s.id
            """,
            (*params, limit),
        )
        return [tuple(row) for row in rows]

    def missed_point_totals(
        self, deck_id: str | None = None, limit: int = 10
    ) -> list[tuple[Any, ...]]:
        """Key points missed most often: (label, deck id, card id, times, last missed).

        Counts every answer that missed the point, except those the learner
        overrode to correct ("I was right" means nothing was missing).
        """
        where, params = _deck_filter(deck_id)
        rows = self._read(
            "SELECT label, deck_id, card_id, times, last_missed FROM missed_points"
            f" {where} ORDER BY times DESC, last_missed DESC, label, card_id LIMIT ?",
            (*params, limit),
        )
        return [tuple(row) for row in rows]

    def card_state_rows(self, deck_id: str | None = None) -> list[tuple[Any, ...]]:
        """(deck id, card id, state, stability, last_review, due) of every answered card."""
        where, params = _deck_filter(deck_id)
        return self._read_tuples(
            "SELECT deck_id, card_id, state, stability, last_review, due"
            f" FROM card_states {where} ORDER BY deck_id, card_id",
            params,
        )


def _deck_filter(deck_id: str | None) -> tuple[str, tuple[Any, ...]]:
    return ("WHERE deck_id = ?", (deck_id,)) if deck_id is not None else ("", ())


def _attempt_dict(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    for key in ("found", "missed", "contradicted"):
        out[key] = tuple(json.loads(out[key]))
    out["skipped"] = bool(out["skipped"])
    out["timed"] = bool(out["timed"])
    out["effective_verdict"] = out["override"] or out["verdict"]
    return out


def _challenge_run(row: sqlite3.Row) -> ChallengeRun:
    from mlquiz.core.challenge import ChallengeRun

    return ChallengeRun(
        id=row["id"],
        deck_id=row["deck_id"],
        duration_s=row["duration_s"],
        tag=row["tag"],
        started_at=datetime.fromisoformat(row["started_at"]),
        ended_at=datetime.fromisoformat(row["ended_at"]) if row["ended_at"] else None,
        score=row["score"],
        answers=row["answers"],
        correct=row["correct"],
        best_streak=row["best_streak"],
        abandoned=bool(row["abandoned"]),
        session_id=row["session_id"],
        skipped=row["skipped"],
    )
