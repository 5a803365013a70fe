"""The tables derived from the attempts, kept in step with every write.

- `card_states` and `review_log`: the FSRS memory state of each card and the
  rating of each attempt (`core/scheduling.py` rates and reviews). The state
  is derived data: it can always be rebuilt from the attempts (`replay_cards`),
  which is how the migration backfills it, how an override re-rates a card,
  how an undone answer is taken out and how a schedule reset starts over.
  An attempt counts when it was `scheduled` (a timed-challenge answer may not
  be) and was given after the card's schedule was last reset (`card_flags.reset_at`);
  each is reviewed with its own desired retention and the deck's FSRS
  parameters (`fsrs_parameters`, fitted by `mlquiz optimize`; none: the defaults).
- `answer_hours`, `missed_points` and `card_answers`: summaries for the stats,
  the missed cards and the card browser, recomputed from the attempts for each
  (deck, hour) and (deck, card) a write touches.

Every function here runs inside the caller's write transaction.
"""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from mlquiz.core import scheduling
from mlquiz.core.clock import iso
from mlquiz.core.verdicts import effective_score, effective_verdict

if TYPE_CHECKING:
    from mlquiz.core.session import Attempt

log = logging.getLogger("mlquiz.scheduling")

# A last review this far ahead of the clock is a clock that jumped, not skew.
FUTURE_SKEW = timedelta(hours=1)

# The SQL form of Attempt.effective_verdict.
EFFECTIVE = "COALESCE(override, verdict)"

ATTEMPT_RATING_COLUMNS = (
    "id, deck_id, card_id, answer, verdict, score, override, hints_used, elapsed, answered_at,"
    " retention"
)
# The attempts that move a card's schedule: scheduled ones, since its last reset.
_COUNTS = (
    "scheduled = 1 AND answered_at > COALESCE((SELECT reset_at FROM card_flags AS f"
    " WHERE f.deck_id = attempts.deck_id AND f.card_id = attempts.card_id), '')"
)


def rebuild_schedule(conn: sqlite3.Connection, until: datetime | None = None) -> None:
    """Replay every stored attempt that counts, card by card, in the order they were
    stored (see `scheduling.replay` for `until`)."""
    conn.execute("DELETE FROM review_log")
    conn.execute("DELETE FROM card_states")
    rows = conn.execute(
        f"SELECT {ATTEMPT_RATING_COLUMNS} FROM attempts WHERE {_COUNTS}"
        " ORDER BY deck_id, card_id, id"
    ).fetchall()
    write_replays(conn, rows, until)


def replay_cards(
    conn: sqlite3.Connection, keys: set[tuple[str, str]], until: datetime | None = None
) -> None:
    """Rebuild the state and log of each (deck, card) in `keys` from its attempts,
    in the order they were stored (not by their times: a clock that jumped would
    reorder them), no answer counted later than `until`."""
    rows: list[Any] = []
    for deck_id, card_id in sorted(keys):
        rows += conn.execute(
            f"SELECT {ATTEMPT_RATING_COLUMNS} FROM attempts WHERE deck_id = ? AND card_id = ?"
            f" AND {_COUNTS} ORDER BY id",
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
    write_replays(conn, rows, until)


def write_replays(conn: sqlite3.Connection, rows: list[Any], until: datetime | None = None) -> None:
    """Replay `rows` (attempts grouped by card, in stored order) into the two tables.

    About 50 us an attempt (a third of it FSRS): a 100,000-answer history
    migrates in a few seconds, once.
    """
    logs: list[tuple[Any, ...]] = []
    states: list[tuple[Any, ...]] = []
    parameters = deck_parameters(conn)
    for key, group in itertools.groupby(rows, key=lambda row: (row[1], row[2])):
        attempts = list(group)
        entries = scheduling.replay(
            ((_rating(row), datetime.fromisoformat(row[9]), row[10]) for row in attempts),
            parameters.get(key[0]),
            until,
        )
        before_text: str | None = None  # the previous state's JSON, reused
        for row, entry in zip(attempts, entries, strict=True):
            after_text = scheduling.state_json(entry.after)
            logs.append(
                (row[0], *key, int(entry.rating), iso(entry.reviewed_at), before_text, after_text)
            )
            before_text = after_text
        states.append(state_row(key, entries[-1].after))
    conn.executemany("INSERT OR REPLACE INTO review_log VALUES (?, ?, ?, ?, ?, ?, ?)", logs)
    conn.executemany(
        f"INSERT OR REPLACE INTO card_states {STATE_COLUMNS} VALUES {STATE_MARKS}", states
    )


def deck_parameters(
    conn: sqlite3.Connection, deck_id: str | None = None
) -> dict[str, tuple[float, ...]]:
    """The FSRS parameters fitted to each deck (`mlquiz optimize`), by deck id; a deck
    that has none schedules with FSRS's defaults."""
    sql = "SELECT deck_id, parameters FROM fsrs_parameters"
    params: tuple[str, ...] = ()
    if deck_id is not None:
        sql, params = sql + " WHERE deck_id = ?", (deck_id,)
    return {row[0]: tuple(json.loads(row[1])) for row in conn.execute(sql, params)}


def _rating(row: Any) -> scheduling.Rating:
    """The rating of one `ATTEMPT_RATING_COLUMNS` row, by its effective verdict and score."""
    _, _, _, answer, verdict, score, override, hints, elapsed = row[:9]
    score = effective_score(score, override, hints)
    verdict = effective_verdict(verdict, override)
    return scheduling.rate(verdict, score, hints, elapsed, len(answer))


def schedule_attempt(
    conn: sqlite3.Connection, attempt: Attempt, attempt_id: int, now: datetime
) -> scheduling.MemoryState | None:
    """Review the attempt's card with FSRS, inside the attempt's transaction; the
    card's state after it (None: the card has none, as when it is still new).

    The usual case costs one review: read the state, review, write the state
    and a log line. The attempt is the card's newest in stored order, so one
    dated before the card's last review (an unsaved answer stored late, a
    clock moved back) is reviewed with no time elapsed (`scheduling.review`).
    An attempt stored again (a retry) replays the card instead, no answer
    counted later than `now`; so does one whose card was last reviewed after
    `now` (the clock ran ahead then), with every other card like it. An
    unscheduled attempt, or one given before the card's schedule was reset,
    leaves the schedule as it is.
    """
    key = (attempt.deck_id, attempt.card_id)
    logged = conn.execute(
        "SELECT deck_id, card_id FROM review_log WHERE attempt_id = ?", (attempt_id,)
    ).fetchone()
    state = read_state(conn, key)
    reset = conn.execute(
        "SELECT reset_at FROM card_flags WHERE deck_id = ? AND card_id = ?", key
    ).fetchone()
    counts = attempt.scheduled and (
        reset is None or reset[0] is None or iso(attempt.answered_at) > reset[0]
    )
    if logged is not None:
        replay_cards(conn, {key, (logged[0], logged[1])}, now)
        return read_state(conn, key)
    if not counts:
        return state
    if state is not None and state.last_review > now + FUTURE_SKEW:
        # The clock was ahead at the card's last review and is right again: that
        # review's interval (and every such card's) counted from the future.
        mend_future_reviews(conn, now)
        return read_state(conn, key)
    entry = scheduling.review(
        state,
        scheduling.rate_attempt(attempt),
        attempt.answered_at,
        attempt.retention,
        deck_parameters(conn, attempt.deck_id).get(attempt.deck_id),
    )
    conn.execute(
        "INSERT INTO review_log VALUES (?, ?, ?, ?, ?, ?, ?)",
        log_row(attempt_id, key, entry),
    )
    conn.execute(
        f"INSERT OR REPLACE INTO card_states {STATE_COLUMNS} VALUES {STATE_MARKS}",
        state_row(key, entry.after),
    )
    return entry.after


def read_state(conn: sqlite3.Connection, key: tuple[str, str]) -> scheduling.MemoryState | None:
    """The card's MemoryState as stored, or None (new, or reset)."""
    row = conn.execute(
        "SELECT state, step, stability, difficulty, due, last_review, reviews, lapses"
        " FROM card_states WHERE deck_id = ? AND card_id = ?",
        key,
    ).fetchone()
    return memory_state(row) if row is not None else None


def mend_future_reviews(conn: sqlite3.Connection, now: datetime) -> int:
    """Replay every card whose last review is later than `now` (plus a little skew):
    it was reviewed while the clock ran ahead, and its interval counted from then.
    Returns how many cards were replayed (each said in the log)."""
    ahead = conn.execute(
        "SELECT deck_id, card_id, last_review FROM card_states WHERE last_review > ?",
        (iso(now + FUTURE_SKEW),),
    ).fetchall()
    if not ahead:
        return 0
    latest = max(row[2] for row in ahead)
    log.warning(
        "clock: %d card(s) were last reviewed after now (as late as %s): the clock ran "
        "ahead then; replayed with those answers as given now",
        len(ahead),
        latest,
    )
    replay_cards(conn, {(row[0], row[1]) for row in ahead}, now)
    return len(ahead)


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


# Per card: answers, misses, and the last answer's time and effective verdict
# (with MAX(), SQLite takes the bare column from the row holding the maximum).
_CARD_TOTALS = f"""
    SELECT deck_id, card_id, COUNT(*), SUM({EFFECTIVE} != 'correct'), MAX(answered_at),
           {EFFECTIVE}
    FROM attempts
"""


def rebuild_summaries(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM answer_hours")
    conn.execute("DELETE FROM missed_points")
    conn.execute(f"INSERT INTO answer_hours {_HOUR_TOTALS} GROUP BY deck_id, hour")
    conn.execute(
        f"INSERT INTO missed_points {_POINT_TOTALS} GROUP BY a.deck_id, a.card_id, j.value"
    )


def rebuild_card_answers(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM card_answers")
    conn.execute(f"INSERT INTO card_answers {_CARD_TOTALS} GROUP BY deck_id, card_id")


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
        conn.execute(
            "DELETE FROM card_answers WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
        )
        conn.execute(
            f"INSERT INTO card_answers {_CARD_TOTALS} WHERE deck_id = ? AND card_id = ?"
            " GROUP BY deck_id, card_id",
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
        lapses=row[7] if len(row) > 7 else 0,
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
        state.lapses,
    )


STATE_COLUMNS = (
    "(deck_id, card_id, state, step, stability, difficulty, due, last_review, reviews, lapses)"
)
STATE_MARKS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
