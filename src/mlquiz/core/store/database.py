"""The SQLite store: every attempt, committed the moment it is graded.

One database file (`locations.database_path()`), stdlib `sqlite3` only.

Durability: WAL journal with `synchronous=FULL`, one short `BEGIN IMMEDIATE`
transaction per write, and a 5 s busy timeout, so a `kill -9` loses nothing
that was returned from `record_attempt`, and two running games queue their
writes instead of failing with "database is locked".

Versions: the schema version is `PRAGMA user_version` (`schema.py`). Opening
an older database first copies it with the backup API to
`<name>.backup-v<old>-<timestamp>`, then runs the missing migrations and the
version bump in one transaction.

Opening checks the file first (`recovery.py`): a database from a newer mlquiz
is refused, a damaged one is moved aside and `Store.recovered_from` says
where, so the UI can tell the user.

The read methods are `queries.StoreQueries`'; the tables derived from the
attempts (FSRS states, summaries) are kept in step by `derived.py`.

Times are stored as UTC ISO-8601 text with microseconds, so they sort as text.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlquiz.core.clock import Clock, iso, stamp, system_clock
from mlquiz.core.errors import StorageError
from mlquiz.core.fileio import free_path
from mlquiz.core.session import effective_score
from mlquiz.core.store import schema
from mlquiz.core.store.derived import refresh_summaries, replay_cards, schedule_attempt
from mlquiz.core.store.queries import StoreQueries
from mlquiz.core.store.recovery import check_existing, mark_checked

if TYPE_CHECKING:
    from mlquiz.core.challenge import ChallengeResults
    from mlquiz.core.session import Attempt

BUSY_TIMEOUT_MS = 5000


class Store(StoreQueries):
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
        self.recovered_from = check_existing(
            self.path, schema.schema_version(), self._clock(), BUSY_TIMEOUT_MS / 1000
        )
        self._conn = self._connect()
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

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
        target = schema.schema_version()
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
                for migration in schema.MIGRATIONS[version:]:
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
        target = free_path(
            self.path.with_name(f"{self.path.name}.backup-v{version}-{stamp(self._clock())}")
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

    def _read(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise StorageError(f"cannot read {self.path}: {error}") from error

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            mark_checked(self.path)

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
                (session_id, deck_id, mode, iso(started_at), json.dumps(options or {})),
            )

    def end_session(self, session_id: str, ended_at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                (iso(ended_at), session_id),
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
                (attempt.session_id, attempt.deck_id, attempt.mode, iso(attempt.answered_at)),
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
                    iso(attempt.answered_at),
                    attempt.elapsed,
                    attempt.mode,
                    int(attempt.timed),
                ),
            )
            schedule_attempt(conn, attempt)
            touched = [(attempt.deck_id, attempt.card_id, iso(attempt.answered_at))]
            if before is not None:
                touched.append(tuple(before))
            refresh_summaries(conn, touched)

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
            replay_cards(conn, {(row[0], row[1])})
            refresh_summaries(conn, [tuple(row)])

    # -- challenge runs ---------------------------------------------------------

    def start_challenge_run(
        self, session_id: str, deck_id: str, duration_s: int, tag: str | None, started_at: datetime
    ) -> int:
        """Record that a timed run began; returns its id (for `end_challenge_run`)."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO challenge_runs (deck_id, duration_s, tag, started_at, session_id)"
                " VALUES (?, ?, ?, ?, ?)",
                (deck_id, duration_s, tag, iso(started_at), session_id),
            )
            assert cursor.lastrowid is not None  # an INSERT into a rowid table
            return cursor.lastrowid

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
                    iso(results.ended_at or self._clock()),
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
