"""The tables derived from the attempts, kept in step with every write.

- `card_states` and `review_log`: the FSRS memory state of each card and the
  rating of each attempt (`core/scheduling.py` rates and reviews). The state
  is derived data: it can always be rebuilt from the attempts (`replay_cards`),
  which is how the migration backfills it and how an override re-rates a card.
- `answer_hours` and `missed_points`: summaries for the stats, recomputed
  from the attempts for each (deck, hour) and (deck, card) a write touches.

Every function here runs inside the caller's write transaction.
"""

from __future__ import annotations

import itertools
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mlquiz.core import scheduling
from mlquiz.core.clock import iso
from mlquiz.core.session import effective_score, effective_verdict

if TYPE_CHECKING:
    from mlquiz.core.session import Attempt

# The SQL form of Attempt.effective_verdict.
EFFECTIVE = "COALESCE(override, verdict)"

ATTEMPT_RATING_COLUMNS = (
    "id, deck_id, card_id, answer, verdict, score, override, hints_used, elapsed, answered_at"
)


def rebuild_schedule(conn: sqlite3.Connection) -> None:
    """Replay every stored attempt, card by card, in time order."""
    rows = conn.execute(
        f"SELECT {ATTEMPT_RATING_COLUMNS} FROM attempts ORDER BY deck_id, card_id, answered_at, id"
    ).fetchall()
    write_replays(conn, rows)


def replay_cards(conn: sqlite3.Connection, keys: set[tuple[str, str]]) -> None:
    """Rebuild the state and log of each (deck, card) in `keys` from its attempts."""
    rows: list[Any] = []
    for deck_id, card_id in sorted(keys):
        rows += conn.execute(
            f"SELECT {ATTEMPT_RATING_COLUMNS} FROM attempts WHERE deck_id = ? AND card_id = ?"
            " ORDER BY answered_at, id",
            (deck_id, card_id),
        ).fetchall()
        conn.execute(
            "DELETE FROM review_log WHERE attempt_id IN"
            " (SELECT id FROM attempts WHERE deck_id = ? AND card_id = ?)",
            (deck_id, card_id),
        )
        conn.execute(
            "DELETE FROM card_states WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
        )
    write_replays(conn, rows)


def write_replays(conn: sqlite3.Connection, rows: list[Any]) -> None:
    """Replay `rows` (attempts grouped by card, oldest first) into the two tables.

    About 50 us an attempt (a third of it FSRS): a 100,000-answer history
    migrates in a few seconds, once.
    """
    logs: list[tuple[Any, ...]] = []
    states: list[tuple[Any, ...]] = []
    for key, group in itertools.groupby(rows, key=lambda row: (row[1], row[2])):
        attempts = list(group)
        log = scheduling.replay((_rating(row), datetime.fromisoformat(row[9])) for row in attempts)
        before_text: str | None = None  # the previous state's JSON, reused
        for row, entry in zip(attempts, log, strict=True):
            after_text = scheduling.state_json(entry.after)
            logs.append(
                (row[0], *key, int(entry.rating), iso(entry.reviewed_at), before_text, after_text)
            )
            before_text = after_text
        states.append(state_row(key, log[-1].after))
    conn.executemany("INSERT OR REPLACE INTO review_log VALUES (?, ?, ?, ?, ?, ?, ?)", logs)
    conn.executemany(
        "INSERT OR REPLACE INTO card_states VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", states
    )


def _rating(row: Any) -> scheduling.Rating:
    """The rating of one `ATTEMPT_RATING_COLUMNS` row, by its effective verdict and score."""
    _, _, _, answer, verdict, score, override, hints, elapsed, _ = row
    score = effective_score(score, override, hints)
    verdict = effective_verdict(verdict, override)
    return scheduling.rate(verdict, score, hints, elapsed, len(answer))


def schedule_attempt(conn: sqlite3.Connection, attempt: Attempt) -> None:
    """Review the attempt's card with FSRS, inside the attempt's transaction.

    The usual case (the newest answer to the card) costs one review: read
    the state, review, write the state and a log line. An attempt stored
    again (a retry), or older than the card's last review (an unsaved
    answer written late, a clock moved back), replays the card instead.
    """
    (attempt_id,) = conn.execute(
        "SELECT id FROM attempts WHERE session_id = ? AND seq = ?",
        (attempt.session_id, attempt.seq),
    ).fetchone()
    key = (attempt.deck_id, attempt.card_id)
    logged = conn.execute(
        "SELECT deck_id, card_id FROM review_log WHERE attempt_id = ?", (attempt_id,)
    ).fetchone()
    row = conn.execute(
        "SELECT state, step, stability, difficulty, due, last_review, reviews"
        " FROM card_states WHERE deck_id = ? AND card_id = ?",
        key,
    ).fetchone()
    state = memory_state(row) if row is not None else None
    if logged is not None or (state is not None and attempt.answered_at < state.last_review):
        keys = {key}
        if logged is not None:
            keys.add((logged[0], logged[1]))
        replay_cards(conn, keys)
        return
    entry = scheduling.review(state, scheduling.rate_attempt(attempt), attempt.answered_at)
    conn.execute(
        "INSERT INTO review_log VALUES (?, ?, ?, ?, ?, ?, ?)",
        log_row(attempt_id, key, entry),
    )
    conn.execute(
        "INSERT OR REPLACE INTO card_states VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        state_row(key, entry.after),
    )


# -- summaries ----------------------------------------------------------------
# `answer_hours` and `missed_points` (see `_v2_scheduling`) are recomputed
# from the attempts for each (deck, hour) and (deck, card) a write touches.

_HOUR_TOTALS = f"""
    SELECT deck_id, substr(answered_at, 1, 13) AS hour, COUNT(*),
           SUM({EFFECTIVE} = 'correct'), SUM({EFFECTIVE} = 'partial'), SUM(elapsed)
    FROM attempts
"""
_POINT_TOTALS = """
    SELECT a.deck_id, a.card_id, j.value, COUNT(*), MAX(a.answered_at)
    FROM attempts AS a, json_each(a.missed) AS j
    WHERE a.missed != '[]' AND (a.override IS NULL OR a.override != 'correct')
"""


def rebuild_summaries(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM answer_hours")
    conn.execute("DELETE FROM missed_points")
    conn.execute(f"INSERT INTO answer_hours {_HOUR_TOTALS} GROUP BY deck_id, hour")
    conn.execute(
        f"INSERT INTO missed_points {_POINT_TOTALS} GROUP BY a.deck_id, a.card_id, j.value"
    )


def refresh_summaries(conn: sqlite3.Connection, touched: list[tuple[Any, ...]]) -> None:
    """Recompute the summary rows of each (deck id, card id, answered_at) in `touched`."""
    for deck_id, card_id, answered_at in set(touched):
        hour = answered_at[:13]
        conn.execute("DELETE FROM answer_hours WHERE deck_id = ? AND hour = ?", (deck_id, hour))
        # ';' sorts just after ':', so this is every time within the hour.
        conn.execute(
            f"INSERT INTO answer_hours {_HOUR_TOTALS}"
            " WHERE deck_id = ? AND answered_at >= ? AND answered_at < ?"
            " GROUP BY deck_id, hour",
            (deck_id, hour, hour + ";"),
        )
        conn.execute(
            "DELETE FROM missed_points WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
        )
        conn.execute(
            f"INSERT INTO missed_points {_POINT_TOTALS} AND a.deck_id = ? AND a.card_id = ?"
            " GROUP BY a.deck_id, a.card_id, j.value",
            (deck_id, card_id),
        )


def memory_state(row: Any) -> Any:
    from mlquiz.core.scheduling import MemoryState

    return MemoryState(
        state=row[0],
        step=row[1],
        stability=row[2],
        difficulty=row[3],
        due=datetime.fromisoformat(row[4]),
        last_review=datetime.fromisoformat(row[5]),
        reviews=row[6],
    )


def log_row(attempt_id: int, key: tuple[str, str], entry: Any) -> tuple[Any, ...]:
    from mlquiz.core.scheduling import state_json

    return (
        attempt_id,
        key[0],
        key[1],
        int(entry.rating),
        iso(entry.reviewed_at),
        state_json(entry.before),
        state_json(entry.after),
    )


def state_row(key: tuple[str, str], state: Any) -> tuple[Any, ...]:
    return (
        key[0],
        key[1],
        state.state,
        state.step,
        state.stability,
        state.difficulty,
        iso(state.due),
        iso(state.last_review),
        state.reviews,
    )
