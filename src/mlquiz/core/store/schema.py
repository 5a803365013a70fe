"""The database's tables, and the migrations that build them version by version.

The schema version is `PRAGMA user_version`; `MIGRATIONS[i]` takes the schema
from version i to i+1 (`database.Store` runs the missing ones, in one
transaction, after copying the old file aside).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from mlquiz.core.store.derived import rebuild_schedule, rebuild_summaries


def _v1_initial(conn: sqlite3.Connection) -> None:
    """Sessions and attempts: everything the quiz, review and stats need."""
    conn.execute(
        """
        CREATE TABLE sessions (
            id          TEXT PRIMARY KEY,
            deck_id     TEXT NOT NULL,
            mode        TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            ended_at    TEXT,
            options     TEXT NOT NULL DEFAULT '{}'
        )
        """
    )
    conn.execute("CREATE INDEX sessions_by_deck ON sessions (deck_id, started_at)")
    conn.execute(
        """
        CREATE TABLE attempts (
            id           INTEGER PRIMARY KEY,
            session_id   TEXT NOT NULL REFERENCES sessions (id),
            seq          INTEGER NOT NULL,
            deck_id      TEXT NOT NULL,
            card_id      TEXT NOT NULL,
            answer       TEXT NOT NULL,
            verdict      TEXT NOT NULL,
            score        REAL NOT NULL,
            found        TEXT NOT NULL DEFAULT '[]',
            missed       TEXT NOT NULL DEFAULT '[]',
            contradicted TEXT NOT NULL DEFAULT '[]',
            confusion    TEXT,
            hints_used   INTEGER NOT NULL DEFAULT 0,
            skipped      INTEGER NOT NULL DEFAULT 0,
            override     TEXT,
            answered_at  TEXT NOT NULL,
            elapsed      REAL NOT NULL DEFAULT 0,
            mode         TEXT NOT NULL,
            timed        INTEGER NOT NULL DEFAULT 0,
            UNIQUE (session_id, seq)
        )
        """
    )
    # Covers the per-deck questions (missed list, stats, menu) so they read the
    # index alone: 100,000 attempts take ~50 ms instead of ~350 ms through the table.
    conn.execute(
        "CREATE INDEX attempts_by_card"
        " ON attempts (deck_id, card_id, answered_at, verdict, override, skipped)"
    )


def _v2_scheduling(conn: sqlite3.Connection) -> None:
    """FSRS memory state per card and the review log, built from the history.

    `card_states` holds the current state of every card answered at least
    once (a card without a row is new); `review_log` one row per attempt: the
    rating it earned and the state before (NULL when new) and after, as
    `fsrs.Card.to_dict` JSON, so FSRS can replay or re-optimise from it.
    Existing attempts are replayed in time order, so a returning user's
    history schedules their cards from the first day.

    Two small summary tables keep the stats screen's cost independent of the
    length of the history (100,000 answers: a GROUP BY over the attempts takes
    ~150 ms, json_each over their missed lists ~800 ms). Both are derived:
    writing an attempt or an override recomputes only the rows it touches, from
    the attempts themselves, so they cannot drift. `answer_hours`: answers,
    correct, partial (effective verdicts) and seconds per deck and UTC hour,
    hours so the reader can place them in the learner's local days.
    `missed_points`: how often each key point of each card was missed (answers
    overridden to correct do not count) and when last.
    """
    conn.execute(
        """
        CREATE TABLE card_states (
            deck_id     TEXT NOT NULL,
            card_id     TEXT NOT NULL,
            state       INTEGER NOT NULL,   -- fsrs.State: 1 learning, 2 review, 3 relearning
            step        INTEGER,
            stability   REAL NOT NULL,      -- days
            difficulty  REAL NOT NULL,
            due         TEXT NOT NULL,
            last_review TEXT NOT NULL,
            reviews     INTEGER NOT NULL,
            PRIMARY KEY (deck_id, card_id)
        ) WITHOUT ROWID
        """
    )
    # Due cards and the next due date of a deck, read from the index alone.
    conn.execute("CREATE INDEX card_states_by_due ON card_states (deck_id, due)")
    conn.execute(
        """
        CREATE TABLE review_log (
            attempt_id   INTEGER PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
            deck_id      TEXT NOT NULL,
            card_id      TEXT NOT NULL,
            rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at  TEXT NOT NULL,
            state_before TEXT,
            state_after  TEXT NOT NULL
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE answer_hours (
            deck_id  TEXT NOT NULL,
            hour     TEXT NOT NULL,             -- UTC, 'YYYY-MM-DDTHH'
            answers  INTEGER NOT NULL,
            correct  INTEGER NOT NULL,
            partial  INTEGER NOT NULL,
            seconds  REAL NOT NULL,
            PRIMARY KEY (deck_id, hour)
        ) WITHOUT ROWID
        """
    )
    conn.execute(
        """
        CREATE TABLE missed_points (
            deck_id     TEXT NOT NULL,
            card_id     TEXT NOT NULL,
            label       TEXT NOT NULL,
            times       INTEGER NOT NULL,
            last_missed TEXT NOT NULL,
            PRIMARY KEY (deck_id, card_id, label)
        ) WITHOUT ROWID
        """
    )
    # Recomputing one hour of `answer_hours` reads that hour of the deck here.
    conn.execute("CREATE INDEX attempts_by_time ON attempts (deck_id, answered_at)")
    rebuild_schedule(conn)
    rebuild_summaries(conn)


def _v3_challenge_runs(conn: sqlite3.Connection) -> None:
    """Timed challenge runs: the personal-best tables and the abandoned runs.

    A row is written when a run starts (ended_at NULL) and completed when it
    ends, so a run whose process was killed stays visible as never ended and
    never ranks. The answers themselves are ordinary attempts of `session_id`.
    """
    conn.execute(
        """
        CREATE TABLE challenge_runs (
            id          INTEGER PRIMARY KEY,
            deck_id     TEXT NOT NULL,
            duration_s  INTEGER NOT NULL,
            tag         TEXT,
            started_at  TEXT NOT NULL,
            ended_at    TEXT,
            score       INTEGER NOT NULL DEFAULT 0,
            answers     INTEGER NOT NULL DEFAULT 0,
            correct     INTEGER NOT NULL DEFAULT 0,
            best_streak INTEGER NOT NULL DEFAULT 0,
            abandoned   INTEGER NOT NULL DEFAULT 0,
            session_id  TEXT NOT NULL REFERENCES sessions (id)
        )
        """
    )
    # The best table of a deck and duration, read in order from the index.
    conn.execute(
        "CREATE INDEX challenge_runs_best"
        " ON challenge_runs (deck_id, duration_s, score DESC, started_at, id)"
    )


# MIGRATIONS[i] moves the schema from version i to i + 1. Append, never edit.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial,
    _v2_scheduling,
    _v3_challenge_runs,
]


def schema_version() -> int:
    return len(MIGRATIONS)
