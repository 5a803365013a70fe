"""The database's tables, and the migrations that build them version by version.

The schema version is `PRAGMA user_version`; `MIGRATIONS[i]` takes the schema
from version i to i+1 (`database.Store` runs the missing ones, in one
transaction, after copying the old file aside).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from mlquiz.core.store.derived import (
    rebuild_card_answers,
    rebuild_schedule,
    rebuild_summaries,
)


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
    history schedules their cards from the first day: by `_v5_learner_controls`,
    which replays with the columns it adds (migrations always run to the
    latest version in one transaction, so the backfill moved there whole).

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


def _v4_wordings_and_card_versions(conn: sqlite3.Connection) -> None:
    """The wordings the player taught the grader, and the card each answer was graded on.

    `wordings`: per deck and card, a wording to accept from now on (`points`:
    the JSON list of key-point labels it covers, [] for every essential one)
    or to treat as wrong. One row per (deck, card, kind, text): teaching the
    same text twice updates it; two games teaching at once each add their row.
    A row whose card has left the deck stays (an orphan, ignored by grading).

    `attempts.card_hash`: `cards.card_digest` of the card as it was graded,
    so the stats can say how many answers an edited card's older versions
    got (their verdicts stand). NULL for the answers stored before.
    Self-contained: it touches no table another migration adds.
    """
    conn.execute(
        """
        CREATE TABLE wordings (
            id          INTEGER PRIMARY KEY,
            deck_id     TEXT NOT NULL,
            card_id     TEXT NOT NULL,
            kind        TEXT NOT NULL CHECK (kind IN ('accepted', 'rejected')),
            text        TEXT NOT NULL,
            points      TEXT NOT NULL DEFAULT '[]',
            taught_at   TEXT NOT NULL,
            card_hash   TEXT,
            UNIQUE (deck_id, card_id, kind, text)
        )
        """
    )
    conn.execute("ALTER TABLE attempts ADD COLUMN card_hash TEXT")
    # Answers per card version, counted from the index alone.
    conn.execute("CREATE INDEX attempts_by_card_hash ON attempts (deck_id, card_id, card_hash)")


def _v5_learner_controls(conn: sqlite3.Connection) -> None:
    """What the learner controls: how each answer is scheduled, and each card's flags.

    Version 5, after issue 13's `_v4_wordings_and_card_versions`; it depends on
    nothing of theirs. (On the branch that wrote it, before the two met, it ran
    fourth: a database made there says 4 and lacks the wordings table.)

    - `attempts.scheduled`: 0 for an answer that does not move its card's
      schedule (a timed challenge, when the deck's settings say so);
      `attempts.retention`: the desired retention it was scheduled with (NULL:
      FSRS's 0.9). Stored per answer, so a replay gives the same due dates.
    - `card_states.lapses`: how often the card was forgotten after graduating.
    - `card_flags`: what the player set on a card in the browser: suspended
      (1 by the player, 2 by the leech rule), buried until a time, a flag
      colour; `leech_attempt` is the answer that made it a leech (NULL: not
      one), so undoing that answer undoes the leech too; `reset_at` is when
      its schedule was reset (answers up to then are not replayed).
    - `card_answers`: answers, misses and the last answer per card (derived,
      like `missed_points`), so the browser and the missed list read one row a
      card instead of every answer.
    - `fsrs_parameters`: FSRS parameters fitted to a deck by `mlquiz optimize`.
    """
    conn.execute("ALTER TABLE attempts ADD COLUMN scheduled INTEGER NOT NULL DEFAULT 1")
    conn.execute("ALTER TABLE attempts ADD COLUMN retention REAL")
    conn.execute("ALTER TABLE card_states ADD COLUMN lapses INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        """
        CREATE TABLE card_flags (
            deck_id       TEXT NOT NULL,
            card_id       TEXT NOT NULL,
            suspended     INTEGER NOT NULL DEFAULT 0,  -- 1 by the player, 2 as a leech
            buried_until  TEXT,                        -- UTC
            flag          TEXT,                        -- a colour name
            leech_attempt INTEGER,                     -- attempts.id that made it a leech
            reset_at      TEXT,                        -- UTC
            PRIMARY KEY (deck_id, card_id)
        ) WITHOUT ROWID
        """
    )
    conn.execute(
        """
        CREATE TABLE card_answers (
            deck_id      TEXT NOT NULL,
            card_id      TEXT NOT NULL,
            answers      INTEGER NOT NULL,
            misses       INTEGER NOT NULL,   -- effective verdict not correct
            last_at      TEXT NOT NULL,
            last_verdict TEXT NOT NULL,      -- effective
            PRIMARY KEY (deck_id, card_id)
        ) WITHOUT ROWID
        """
    )
    conn.execute(
        """
        CREATE TABLE fsrs_parameters (
            deck_id    TEXT PRIMARY KEY,
            parameters TEXT NOT NULL,      -- JSON list of 21 numbers
            fitted_at  TEXT NOT NULL,
            reviews    INTEGER NOT NULL    -- answers they were fitted on
        )
        """
    )
    logged = conn.execute("SELECT EXISTS (SELECT 1 FROM review_log)").fetchone()[0]
    if not logged:
        # From schema 1 (or no answers yet): the backfill, lapses included.
        rebuild_schedule(conn)
    else:
        # The log has every review: count the lapses there, rather than replay a
        # long history (seconds for 100,000 answers) to change one column.
        lapses = conn.execute(
            "SELECT deck_id, card_id, COUNT(*) FROM review_log"
            " WHERE rating = 1 AND json_extract(state_before, '$.state') = 2"
            " GROUP BY deck_id, card_id"
        ).fetchall()
        conn.executemany(
            "UPDATE card_states SET lapses = ? WHERE deck_id = ? AND card_id = ?",
            [(count, deck_id, card_id) for deck_id, card_id, count in lapses],
        )
    rebuild_card_answers(conn)


def _v6_deck_cards(conn: sqlite3.Connection) -> None:
    """What the store knows of each deck's cards, so the menu's figures are counted in SQL.

    The menu shows, for a deck and the tag filter, the cards due now (within
    the day's review limit), due later today and tomorrow, the next due time,
    the missed, new (within the new-card limit), suspended and buried cards.
    Each is a count over the deck's cards, which only the deck file knows, so
    the store keeps a copy of what those counts need: the deck's card ids in
    deck order (`deck_cards`), each card's tags (`deck_card_tags`) and which
    version of the deck they came from (`deck_versions.content`, the deck
    index's content hash). The game copies a deck's cards in the first time it
    counts that deck after the deck changed (`menu.MenuReads.sync_deck`); the
    counts are then read from indexes, with no row per card or per answer
    reaching Python, so the menu costs the same at 1,000 or 300,000 answers.
    A card whose deck no longer has it keeps its history and is left out of
    the counts, as before.
    """
    conn.execute(
        """
        CREATE TABLE deck_versions (
            deck_id  TEXT PRIMARY KEY,
            content  TEXT NOT NULL,            -- the deck index's content hash
            cards    INTEGER NOT NULL,
            strays   INTEGER NOT NULL DEFAULT 0 -- see below
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE deck_cards (
            deck_id   TEXT NOT NULL,
            card_id   TEXT NOT NULL,
            position  INTEGER NOT NULL,   -- deck order, from 0
            PRIMARY KEY (deck_id, card_id)
        ) WITHOUT ROWID
        """
    )
    # New cards are taken in deck order.
    conn.execute("CREATE UNIQUE INDEX deck_cards_in_order ON deck_cards (deck_id, position)")
    conn.execute(
        """
        CREATE TABLE deck_card_tags (
            deck_id  TEXT NOT NULL,
            tag      TEXT NOT NULL,
            card_id  TEXT NOT NULL,
            PRIMARY KEY (deck_id, tag, card_id)
        ) WITHOUT ROWID
        """
    )
    # `strays`: at most how many rows of card_states, card_answers and card_flags are of
    # cards the deck does not have (counted when the deck is copied in, then one more
    # for each such row inserted). While it is 0, which it nearly always is, the
    # counts read those tables alone, without checking each card against the deck.
    for table in ("card_states", "card_answers", "card_flags"):
        conn.execute(
            f"""
            CREATE TRIGGER {table}_stray AFTER INSERT ON {table}
            WHEN EXISTS (SELECT 1 FROM deck_versions AS v WHERE v.deck_id = NEW.deck_id)
                 AND NOT EXISTS (SELECT 1 FROM deck_cards AS d
                                 WHERE d.deck_id = NEW.deck_id AND d.card_id = NEW.card_id)
            BEGIN
                UPDATE deck_versions SET strays = strays + 1 WHERE deck_id = NEW.deck_id;
            END
            """
        )
    # Due cards counted by kind from the index alone (graduated ones have a daily limit).
    conn.execute("CREATE INDEX card_states_by_due_state ON card_states (deck_id, due, state)")
    # The missed cards of a deck, without reading its other cards' rows.
    conn.execute(
        "CREATE INDEX card_answers_by_verdict ON card_answers (deck_id, last_verdict, card_id)"
    )


# MIGRATIONS[i] moves the schema from version i to i + 1. Append, never edit.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial,
    _v2_scheduling,
    _v3_challenge_runs,
    _v4_wordings_and_card_versions,
    _v5_learner_controls,
    _v6_deck_cards,
]


def schema_version() -> int:
    return len(MIGRATIONS)
