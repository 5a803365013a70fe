"""The SQLite store: every attempt, committed the moment it is graded.

One database file (`locations.database_path()`), stdlib `sqlite3` only.

Durability: WAL journal with `synchronous=FULL`, one short `BEGIN IMMEDIATE`
transaction per write, and a 5 s busy timeout, so a `kill -9` loses nothing
that was returned from `record_attempt`, and two running games queue their
writes instead of failing with "database is locked".

Versions: the schema version is `PRAGMA user_version`; `MIGRATIONS[i]` takes
the schema from version i to i+1. Opening an older database first copies it
with the backup API to `<name>.backup-v<old>-<timestamp>`, then runs the
missing migrations and the version bump in one transaction. A database from a
newer mlquiz is refused with `StorageError` before anything is written to it
(it is read through a read-only connection until its version is known).

Corruption: a file that is not a database, is truncated, or fails
`PRAGMA quick_check` is moved aside as `<name>.corrupt-<YYYYmmdd-HHMMSS>`
(never deleted) and a fresh database is created; `Store.recovered_from` says
where the old file went so the UI can tell the user. The check reads the
whole file (~2 ms per MB: 200 ms for 100,000 answers), so it is skipped when
the file is exactly as mlquiz left it: a clean `close()` writes
`<name>.checked` (size, mtime, inode and a checksum of the first and last
page), and an open that finds the same fingerprint and no pending `-wal`
trusts it. A crash, another program, a restored backup or a copy changes
the fingerprint, and the next open checks in full.

Times are stored as UTC ISO-8601 text with microseconds, so they sort as text.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlquiz.core.clock import Clock, as_utc, system_clock
from mlquiz.core.session import effective_score, effective_verdict

if TYPE_CHECKING:
    from mlquiz.core.challenge import ChallengeResults, ChallengeRun
    from mlquiz.core.session import Attempt

BUSY_TIMEOUT_MS = 5000
# SQLITE_CORRUPT and SQLITE_NOTADB: the only errors that mean the file is damaged.
_CORRUPT_CODES = {11, 26}


class StorageError(Exception):
    """The database cannot be used; the message names the file and says why."""


# -- schema -------------------------------------------------------------------


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
    _rebuild_schedule(conn)
    _rebuild_summaries(conn)


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


# -- values -------------------------------------------------------------------


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


@dataclass(frozen=True)
class SessionSummary:
    id: str
    deck_id: str
    mode: str
    started_at: str
    ended_at: str | None
    attempts: int
    correct: int
    partial: int
    incorrect: int
    score: float  # points earned
    percent: float  # score / attempts

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _iso(moment: datetime) -> str:
    return as_utc(moment).isoformat(timespec="microseconds")


def _stamp(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y%m%d-%H%M%S")


def _free_path(path: Path) -> Path:
    """`path`, or `path-1`, `path-2`... whichever does not exist yet."""
    candidate, n = path, 0
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


# The SQL form of Attempt.effective_verdict.
EFFECTIVE = "COALESCE(override, verdict)"


class Store:
    """The open database. Safe to share between threads (one lock per store)."""

    def __init__(self, path: Path | str, *, clock: Clock = system_clock) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        # Where a corrupt database was moved to, if one was found on open.
        self.recovered_from: Path | None = None
        # Where the pre-migration copy went, if the schema was upgraded.
        self.backup_path: Path | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"cannot create the folder for {self.path}: {error}") from error
        self._check_existing()
        self._conn = self._connect()
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    # -- opening ----------------------------------------------------------------

    def _check_existing(self) -> None:
        """Refuse newer databases and move corrupt ones aside, writing nothing."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > schema_version():
                    raise StorageError(
                        f"{self.path} was written by a newer version of mlquiz "
                        f"(schema {version}; this version knows up to {schema_version()}). "
                        "Upgrade mlquiz to use it; the file has not been changed."
                    )
                if self._unchanged_since_close():
                    return
                check = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as error:
            # Only "not a database" and "malformed" mean the file is damaged. Anything
            # else (locked, cannot open, I/O error) may be passing or about the
            # folder, and moving a healthy database aside would hide the user's data.
            if getattr(error, "sqlite_errorcode", None) not in _CORRUPT_CODES:
                raise StorageError(f"cannot read {self.path}: {error}") from error
            self._move_aside()
            return
        if check != [("ok",)]:
            self._move_aside()

    @property
    def _checked_path(self) -> Path:
        return self.path.with_name(self.path.name + ".checked")

    def _fingerprint(self) -> str | None:
        try:
            info = self.path.stat()
            with open(self.path, "rb") as handle:
                head = handle.read(4096)
                handle.seek(max(info.st_size - 4096, 0))
                tail = handle.read(4096)
        except OSError:
            return None
        crc = zlib.crc32(head + tail)
        return f"{info.st_size} {info.st_mtime_ns} {info.st_ino} {crc:08x}"

    def _unchanged_since_close(self) -> bool:
        """True if the file is byte-for-byte as a clean close left it (see the docstring)."""
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            if wal.exists() and wal.stat().st_size:
                return False
            mark = self._checked_path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeError):
            return False
        return mark == self._fingerprint()

    def _mark_checked(self) -> None:
        """After a clean close (no -wal left: no other writer), remember the file."""
        try:
            if self.path.with_name(self.path.name + "-wal").exists():
                self._checked_path.unlink(missing_ok=True)
                return
            fingerprint = self._fingerprint()
            if fingerprint is not None:
                self._checked_path.write_text(fingerprint + "\n", encoding="ascii")
        except OSError:
            pass  # only costs a full check on the next open

    def _move_aside(self) -> None:
        stamp = _stamp(self._clock())
        target = _free_path(self.path.with_name(f"{self.path.name}.corrupt-{stamp}"))
        try:
            os.replace(self.path, target)
            # The journal files belong to the broken database; keep them with it.
            for suffix in ("-wal", "-shm", "-journal"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, target.with_name(target.name + suffix))
        except OSError as error:
            raise StorageError(
                f"{self.path} is damaged and could not be moved aside: {error}"
            ) from error
        self.recovered_from = target

    def _connect(self) -> sqlite3.Connection:
        try:
            # isolation_level=None: no implicit transactions; every write
            # below opens its own BEGIN IMMEDIATE.
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: each commit is on disk before record_attempt returns.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            # The SQL face of Attempt.effective_score: the same function, one rule.
            conn.create_function("effective_score", 3, effective_score, deterministic=True)
        except sqlite3.Error as error:
            raise StorageError(f"cannot open {self.path}: {error}") from error
        conn.row_factory = sqlite3.Row
        return conn

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        target = schema_version()
        if version == target:
            return
        if version > target:  # written by a newer mlquiz between our check and now
            raise StorageError(f"{self.path} was written by a newer version of mlquiz")
        has_tables = self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if has_tables:
            self.backup_path = self._backup(version)
        try:
            with self._write():
                # Re-read under the write lock: another instance may have migrated.
                version = self._conn.execute("PRAGMA user_version").fetchone()[0]
                for migration in MIGRATIONS[version:]:
                    migration(self._conn)
                self._conn.execute(f"PRAGMA user_version = {target}")
        except Exception as error:
            # The transaction was rolled back: the file is as it was before.
            cause = error.__cause__ if isinstance(error, StorageError) else error
            raise StorageError(
                f"cannot upgrade {self.path} from schema {version} to {target} "
                f"(nothing was changed): {cause}"
            ) from error

    def _backup(self, version: int) -> Path:
        target = _free_path(
            self.path.with_name(f"{self.path.name}.backup-v{version}-{_stamp(self._clock())}")
        )
        try:
            with closing(sqlite3.connect(target)) as copy:
                self._conn.backup(copy)
        except sqlite3.Error as error:
            raise StorageError(f"cannot back up {self.path} before upgrading: {error}") from error
        return target

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, committed on leaving the block."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise StorageError(f"cannot write to {self.path}: {error}") from error
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as error:
                # SQLite rolls back by itself after some errors (disk full).
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise StorageError(f"cannot write to {self.path}: {error}") from error
                raise

    def _read(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise StorageError(f"cannot read {self.path}: {error}") from error

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            self._mark_checked()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes -----------------------------------------------------------------

    def start_session(
        self,
        session_id: str,
        deck_id: str,
        mode: str,
        started_at: datetime,
        options: dict[str, Any] | None = None,
    ) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO sessions (id, deck_id, mode, started_at, options)"
                " VALUES (?, ?, ?, ?, ?)",
                (session_id, deck_id, mode, _iso(started_at), json.dumps(options or {})),
            )

    def end_session(self, session_id: str, ended_at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                (_iso(ended_at), session_id),
            )

    def record_attempt(self, attempt: Attempt) -> None:
        """Store `attempt` and commit before returning.

        Recording the same (session, seq) again replaces the row, so a retry
        after an error cannot duplicate an answer. A session row is made if
        the caller never started one, so no attempt is ever orphaned.
        """
        with self._write() as conn:
            # What a retry replaces, so its card and hour are recomputed too.
            before = conn.execute(
                "SELECT deck_id, card_id, answered_at FROM attempts"
                " WHERE session_id = ? AND seq = ?",
                (attempt.session_id, attempt.seq),
            ).fetchone()
            conn.execute(
                "INSERT OR IGNORE INTO sessions (id, deck_id, mode, started_at)"
                " VALUES (?, ?, ?, ?)",
                (attempt.session_id, attempt.deck_id, attempt.mode, _iso(attempt.answered_at)),
            )
            conn.execute(
                """
                INSERT INTO attempts (
                    session_id, seq, deck_id, card_id, answer, verdict, score,
                    found, missed, contradicted, confusion, hints_used, skipped,
                    override, answered_at, elapsed, mode, timed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (session_id, seq) DO UPDATE SET
                    card_id = excluded.card_id, answer = excluded.answer,
                    verdict = excluded.verdict, score = excluded.score,
                    found = excluded.found, missed = excluded.missed,
                    contradicted = excluded.contradicted, confusion = excluded.confusion,
                    hints_used = excluded.hints_used, skipped = excluded.skipped,
                    override = excluded.override, answered_at = excluded.answered_at,
                    elapsed = excluded.elapsed, mode = excluded.mode, timed = excluded.timed
                """,
                (
                    attempt.session_id,
                    attempt.seq,
                    attempt.deck_id,
                    attempt.card_id,
                    attempt.answer,
                    attempt.verdict,
                    attempt.score,
                    json.dumps(list(attempt.found)),
                    json.dumps(list(attempt.missed)),
                    json.dumps(list(attempt.contradicted)),
                    attempt.confusion,
                    attempt.hints_used,
                    int(attempt.skipped),
                    attempt.override,
                    _iso(attempt.answered_at),
                    attempt.elapsed,
                    attempt.mode,
                    int(attempt.timed),
                ),
            )
            self._schedule(conn, attempt)
            touched = [(attempt.deck_id, attempt.card_id, _iso(attempt.answered_at))]
            if before is not None:
                touched.append(tuple(before))
            _refresh_summaries(conn, touched)

    def set_override(self, session_id: str, seq: int, override: str | None) -> None:
        """Store the learner's verdict on an attempt (None clears it); commits."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE attempts SET override = ? WHERE session_id = ? AND seq = ?",
                (override, session_id, seq),
            )
            if cursor.rowcount != 1:
                raise StorageError(f"no stored attempt {seq} in session {session_id}")
            # The rating follows the verdict: replay the card with the new one.
            (row,) = conn.execute(
                "SELECT deck_id, card_id, answered_at FROM attempts"
                " WHERE session_id = ? AND seq = ?",
                (session_id, seq),
            ).fetchall()
            _replay_cards(conn, {(row[0], row[1])})
            _refresh_summaries(conn, [tuple(row)])

    def _schedule(self, conn: sqlite3.Connection, attempt: Attempt) -> None:
        """Review the attempt's card with FSRS, inside the attempt's transaction.

        The usual case (the newest answer to the card) costs one review: read
        the state, review, write the state and a log line. An attempt stored
        again (a retry), or older than the card's last review (an unsaved
        answer written late, a clock moved back), replays the card instead.
        """
        from mlquiz.core import scheduling

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
        state = _memory_state(row) if row is not None else None
        if logged is not None or (state is not None and attempt.answered_at < state.last_review):
            keys = {key}
            if logged is not None:
                keys.add((logged[0], logged[1]))
            _replay_cards(conn, keys)
            return
        entry = scheduling.review(state, scheduling.rate_attempt(attempt), attempt.answered_at)
        conn.execute(
            "INSERT INTO review_log VALUES (?, ?, ?, ?, ?, ?, ?)",
            _log_row(attempt_id, key, entry),
        )
        conn.execute(
            "INSERT OR REPLACE INTO card_states VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _state_row(key, entry.after),
        )

    # -- challenge runs ---------------------------------------------------------

    def start_challenge_run(
        self, session_id: str, deck_id: str, duration_s: int, tag: str | None, started_at: datetime
    ) -> int:
        """Record that a timed run began; returns its id (for `end_challenge_run`)."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO challenge_runs (deck_id, duration_s, tag, started_at, session_id)"
                " VALUES (?, ?, ?, ?, ?)",
                (deck_id, duration_s, tag, _iso(started_at), session_id),
            )
            return int(cursor.lastrowid)

    def end_challenge_run(self, results: ChallengeResults) -> None:
        """Store how run `results.run_id` ended (finished or abandoned); commits."""
        with self._write() as conn:
            cursor = conn.execute(
                """
                UPDATE challenge_runs SET ended_at = ?, score = ?, answers = ?, correct = ?,
                       best_streak = ?, abandoned = ?
                WHERE id = ?
                """,
                (
                    _iso(results.ended_at or self._clock()),
                    results.score,
                    results.answers,
                    results.correct,
                    results.best_streak,
                    int(results.abandoned),
                    results.run_id,
                ),
            )
            if cursor.rowcount != 1:
                raise StorageError(f"no challenge run {results.run_id}")

    def challenge_run(self, run_id: int) -> ChallengeRun | None:
        rows = self._read("SELECT * FROM challenge_runs WHERE id = ?", (run_id,))
        return _challenge_run(rows[0]) if rows else None

    def challenge_bests(self, deck_id: str, duration_s: int, limit: int = 10) -> list[ChallengeRun]:
        """The personal-best table: the best `limit` ended, not abandoned runs, best first.

        Equal scores rank the earlier run first (it got there first).
        """
        rows = self._read(
            """
            SELECT * FROM challenge_runs
            WHERE deck_id = ? AND duration_s = ? AND abandoned = 0 AND ended_at IS NOT NULL
            ORDER BY score DESC, started_at, id LIMIT ?
            """,
            (deck_id, duration_s, limit),
        )
        return [_challenge_run(row) for row in rows]

    # -- reads ------------------------------------------------------------------

    def attempts(self, deck_id: str, card_id: str | None = None) -> list[dict[str, Any]]:
        """Stored attempts of a deck (optionally one card), oldest first, as dicts."""
        sql = "SELECT * FROM attempts WHERE deck_id = ?"
        params: tuple = (deck_id,)
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
        # One pass over the covering index; with MAX(), SQLite takes the bare
        # column `effective` from the row holding the maximum: the last answer.
        rows = self._read(
            f"""
            SELECT card_id, COUNT(*) AS total,
                   SUM({EFFECTIVE} != 'correct') AS misses,
                   MAX(answered_at) AS last_at, {EFFECTIVE} AS effective
            FROM attempts WHERE deck_id = ?
            GROUP BY card_id
            """,
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
                )
            )
        return out

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
            "SELECT state, step, stability, difficulty, due, last_review, reviews"
            " FROM card_states WHERE deck_id = ? AND card_id = ?",
            (deck_id, card_id),
        )
        return _memory_state(tuple(rows[0])) if rows else None

    def due(self, deck_id: str, until: datetime) -> list[str]:
        """Card ids of the deck due at or before `until`, most overdue first.

        With `until` now, these are the cards `due.due_counts` calls due now.
        """
        rows = self._read(
            "SELECT card_id FROM card_states WHERE deck_id = ? AND due <= ? ORDER BY due, card_id",
            (deck_id, _iso(until)),
        )
        return [row[0] for row in rows]

    def review_log(self, deck_id: str, card_id: str) -> list[dict[str, Any]]:
        """The card's review log, oldest first: attempt_id, rating, reviewed_at, states."""
        rows = self._read(
            "SELECT attempt_id, rating, reviewed_at, state_before, state_after FROM review_log"
            " WHERE attempt_id IN (SELECT id FROM attempts WHERE deck_id = ? AND card_id = ?)"
            " ORDER BY reviewed_at, attempt_id",
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
    ) -> list[tuple]:
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

    def session_totals(self, deck_id: str | None = None, limit: int = 100) -> list[tuple]:
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

    def missed_point_totals(self, deck_id: str | None = None, limit: int = 10) -> list[tuple]:
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

    def card_state_rows(self, deck_id: str | None = None) -> list[tuple]:
        """(deck id, card id, state, stability, last_review, due) of every answered card."""
        where, params = _deck_filter(deck_id)
        rows = self._read(
            "SELECT deck_id, card_id, state, stability, last_review, due"
            f" FROM card_states {where} ORDER BY deck_id, card_id",
            params,
        )
        return [tuple(row) for row in rows]

    def integrity_check(self) -> str:
        """The first line of `PRAGMA integrity_check` ("ok" when healthy)."""
        return self._read("PRAGMA integrity_check")[0][0]


# -- scheduling ---------------------------------------------------------------
# The FSRS state is derived data: it can always be rebuilt from the attempts
# (`_replay_cards`), which is how the migration backfills it and how an
# override re-rates a card.

_ATTEMPT_RATING_COLUMNS = (
    "id, deck_id, card_id, answer, verdict, score, override, hints_used, elapsed, answered_at"
)


def _rebuild_schedule(conn: sqlite3.Connection) -> None:
    """Replay every stored attempt, card by card, in time order."""
    rows = conn.execute(
        f"SELECT {_ATTEMPT_RATING_COLUMNS} FROM attempts ORDER BY deck_id, card_id, answered_at, id"
    ).fetchall()
    _write_replays(conn, rows)


def _replay_cards(conn: sqlite3.Connection, keys: set[tuple[str, str]]) -> None:
    """Rebuild the state and log of each (deck, card) in `keys` from its attempts."""
    rows: list[Any] = []
    for deck_id, card_id in sorted(keys):
        rows += conn.execute(
            f"SELECT {_ATTEMPT_RATING_COLUMNS} FROM attempts WHERE deck_id = ? AND card_id = ?"
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
    _write_replays(conn, rows)


def _write_replays(conn: sqlite3.Connection, rows: list[Any]) -> None:
    """Replay `rows` (attempts grouped by card, oldest first) into the two tables.

    About 50 us an attempt (a third of it FSRS): a 100,000-answer history
    migrates in a few seconds, once.
    """
    from mlquiz.core import scheduling

    logs: list[tuple] = []
    states: list[tuple] = []
    state: scheduling.MemoryState | None = None
    state_text: str | None = None  # state's JSON, reused as the next line's "before"
    key: tuple[str, str] | None = None
    for row in rows:
        row_key = (row[1], row[2])
        if row_key != key:
            if key is not None and state is not None:
                states.append(_state_row(key, state))
            key, state, state_text = row_key, None, None
        attempt_id, _, _, answer, verdict, score, override, hints, elapsed, answered_at = row
        score = effective_score(score, override, hints)
        verdict = effective_verdict(verdict, override)
        rating = scheduling.rate(verdict, score, hints, elapsed, len(answer))
        entry = scheduling.review(state, rating, datetime.fromisoformat(answered_at))
        after_text = scheduling.state_json(entry.after)
        logs.append(
            (attempt_id, *row_key, int(rating), _iso(entry.reviewed_at), state_text, after_text)
        )
        state, state_text = entry.after, after_text
    if key is not None and state is not None:
        states.append(_state_row(key, state))
    conn.executemany("INSERT OR REPLACE INTO review_log VALUES (?, ?, ?, ?, ?, ?, ?)", logs)
    conn.executemany(
        "INSERT OR REPLACE INTO card_states VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", states
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


def _rebuild_summaries(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM answer_hours")
    conn.execute("DELETE FROM missed_points")
    conn.execute(f"INSERT INTO answer_hours {_HOUR_TOTALS} GROUP BY deck_id, hour")
    conn.execute(
        f"INSERT INTO missed_points {_POINT_TOTALS} GROUP BY a.deck_id, a.card_id, j.value"
    )


def _refresh_summaries(conn: sqlite3.Connection, touched: list[tuple]) -> None:
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


def _deck_filter(deck_id: str | None) -> tuple[str, tuple]:
    return ("WHERE deck_id = ?", (deck_id,)) if deck_id is not None else ("", ())


def _memory_state(row: Any) -> Any:
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


def _log_row(attempt_id: int, key: tuple[str, str], entry: Any) -> tuple:
    from mlquiz.core.scheduling import state_json

    return (
        attempt_id,
        key[0],
        key[1],
        int(entry.rating),
        _iso(entry.reviewed_at),
        state_json(entry.before),
        state_json(entry.after),
    )


def _state_row(key: tuple[str, str], state: Any) -> tuple:
    return (
        key[0],
        key[1],
        state.state,
        state.step,
        state.stability,
        state.difficulty,
        _iso(state.due),
        _iso(state.last_review),
        state.reviews,
    )


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
    )
