"""The SQLite store: every attempt, committed the moment it is graded.

One database file (`locations.database_path()`), stdlib `sqlite3` only.

Durability: WAL journal with `synchronous=FULL` and one short `BEGIN IMMEDIATE`
transaction per write, so a `kill -9` loses nothing that was returned from
`record_attempt`. Two running games take turns: a write waits for the other's
lock with the 5 s busy timeout, then tries again for up to a minute in all
(`busy.py`: the busy handler alone let a write starve on a loaded machine).

Versions: the schema version is `PRAGMA user_version` (`schema.py`). Opening
an older database first copies it with the backup API to
`<name>.backup-v<old>-<timestamp>`, then runs the missing migrations and the
version bump in one transaction.

Opening checks the file first (`recovery.py`): a database from a newer mlquiz
is refused, a damaged one is moved aside and `Store.recovered_from` says
where, so the UI can tell the user. Damage found later, by a read or write
that SQLite answers with "malformed" or by the background full check, is
handled the same way at that moment (`_replace_damaged`): the file is moved
aside, a fresh database takes its place, each `on_replaced` listener is told
(the service writes this session's answers into it again), and the read or
write is done again on the new file.

A folder that cannot be written (a read-only disk) still lets the answers be
read: the database is then opened read-only (`read_only`), and every write
fails with a StorageError that says so.

The read methods are `queries.StoreQueries`', the menu's figures
`menu.MenuReads`', the taught wordings' `wordings.WordingRows`', what the
player sets on cards (suspend, bury, flag, reset, undo)
`controls.CardControls`'; the tables derived from the attempts (FSRS states,
summaries) are kept in step by `derived.py`.

Times are stored as UTC ISO-8601 text with microseconds, so they sort as text.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlquiz.core.clock import Clock, iso, stamp, system_clock
from mlquiz.core.errors import StorageError
from mlquiz.core.fileio import free_path
from mlquiz.core.store import schema
from mlquiz.core.store.busy import execute_waiting
from mlquiz.core.store.controls import CardControls
from mlquiz.core.store.damage import (
    DamageWatch,
    DatabaseReplaced,
    again_if_replaced,
    identity,
)
from mlquiz.core.store.derived import (
    FUTURE_SKEW,
    mend_future_reviews,
    refresh_summaries,
    replay_cards,
    schedule_attempt,
)
from mlquiz.core.store.menu import MenuReads
from mlquiz.core.store.queries import StoreQueries
from mlquiz.core.store.recovery import (
    check_existing,
    check_path,
    forget_stamp,
    full_check_due,
    is_damaged,
    last_full_check,
    mark_checked,
    open_read_only,
)
from mlquiz.core.store.wordings import WordingRows
from mlquiz.core.verdicts import effective_score

if TYPE_CHECKING:
    from mlquiz.core.challenge import ChallengeResults
    from mlquiz.core.scheduling import MemoryState
    from mlquiz.core.session import Attempt

BUSY_TIMEOUT_MS = 5000
# The page cache (KiB) of `reading_once`: enough for the b-tree levels above the
# leaves that a pass walks down through (SQLite's default is 2,000 KiB).
ONE_PASS_CACHE_KIB = 64
# SQLITE_CANTOPEN and SQLITE_READONLY: what a folder that cannot be written gives.
_CANNOT_WRITE_CODES = frozenset({8, 14})

log = logging.getLogger("mlquiz.store")


class Store(CardControls, StoreQueries, MenuReads, WordingRows, DamageWatch):
    """The open database. Safe to share between threads (one lock per store)."""

    def __init__(
        self, path: Path | str, *, clock: Clock = system_clock, verify_later: bool = False
    ) -> None:
        """`verify_later`: a file found as a clean close stamped it is trusted now and
        its CRC compared later (`verify_in_background`, or before the first write):
        the game's start does not read the whole file (see recovery.py)."""
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        # Where a corrupt database was moved to, if one was found on open.
        self.recovered_from: Path | None = None
        # Where the pre-migration copy went, if the schema was upgraded.
        self.backup_path: Path | None = None
        # Opened read-only: the folder cannot be written (see the module docstring).
        self.read_only = False
        # Called with where the damaged file went (None: someone else moved it)
        # after a fresh database replaced it mid-session.
        self.on_replaced: list[Callable[[Path | None], None]] = []
        self._replacing = False
        # What the background full check found wrong (None: nothing, or not done).
        self._damage: str | None = None
        self._full_check: str | None = None  # when the file last passed one (ISO)
        self._checks: list[sqlite3.Connection] = []
        self._check_thread: threading.Thread | None = None
        self._identity: tuple[int, int] | None = None
        # Connections opened (a replaced file is reopened) and write transactions
        # begun on them: with SQLite's data version, what `change_mark` compares.
        self._opens = 0
        self._writes = 0
        self._verify_thread: threading.Thread | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            check_path(self.path)  # a file where the folder should be says so
            if not self.path.is_file():
                raise StorageError(f"cannot create the folder for {self.path}: {error}") from error
        created = not self.path.exists() or self.path.stat().st_size == 0
        self.recovered_from, self._stamped = check_existing(
            self.path,
            schema.schema_version(),
            self._clock(),
            BUSY_TIMEOUT_MS / 1000,
            verify=not verify_later,
        )
        # Whether the stamp trusted above still has its CRC to be compared.
        self._unverified = verify_later and self._stamped is not None
        # Whether anything was written since the open (else the stamp is reused).
        self._changed = False
        self._open()
        self._mend_clock_jumps()
        # A file made just now is sound; any other is checked in full now and then.
        self._full_check = iso(self._clock()) if created else last_full_check(self.path)

    def change_mark(self) -> tuple[int, int, int]:
        """Equal marks: nothing was written to the database in between, by this
        store (a write of its own, which SQLite's data version does not count) or by
        another program (which it does), and the file was not replaced."""
        version = self.data_version()  # first: a replaced file is reopened on the way
        return (self._opens, self._writes, version)

    def start_full_check_if_due(self) -> bool:
        """Start the background full check if the last one is a week old (the game
        calls this once its menu is up); returns whether it started."""
        if self.read_only or self._check_thread is not None:
            return False
        if self._full_check is not None and not full_check_due(self.path, self._clock()):
            return False
        self._start_full_check()
        return True

    @contextmanager
    def reading_once(self) -> Iterator[None]:
        """Reads that visit each page about once (a scan, a count over an index) made
        with a small page cache, the usual one back after them.

        Caching such pages saves no time (nothing reads them again soon) but costs
        memory: the open's scan and the menu's count filled 1.8 MiB of SQLite's
        default cache at 300,000 answers, a twentieth of the game's whole start
        (bench/startup.py --counted). Shrinking the cache drops what it held; the
        pages are read again from the file (the OS has them) when next needed.
        Holds the lock throughout, so no other thread's reads or writes run with
        the small cache."""
        with self._lock:
            conn = self._conn
            try:
                (before,) = conn.execute("PRAGMA cache_size").fetchone()
                conn.execute(f"PRAGMA cache_size = {-ONE_PASS_CACHE_KIB}")
            except sqlite3.Error:
                before = None  # the reads below meet the problem and say it
            try:
                yield
            finally:
                # The connection may have been replaced meanwhile (a damaged file):
                # a fresh one already has the usual cache.
                if before is not None and conn is self._conn:
                    with suppress(sqlite3.Error):  # costs only speed; a read says why
                        conn.execute(f"PRAGMA cache_size = {before}")

    def _mend_clock_jumps(self) -> None:
        """Replay the cards last reviewed in the future (see `derived.mend_future_reviews`)."""
        if self.read_only:
            return
        try:
            with self.reading_once():  # a scan of every card's state (no index)
                ahead = self._conn.execute(
                    "SELECT EXISTS (SELECT 1 FROM card_states WHERE last_review > ?)",
                    (iso(self._clock() + FUTURE_SKEW),),
                ).fetchone()[0]
            if ahead:
                with self._write() as conn:
                    mend_future_reviews(conn, self._clock())
        except StorageError:
            pass  # a disk that refuses the write: the schedule waits for the next open

    def _open(self) -> None:
        self._conn = self._connect()
        self._opens += 1
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise
        try:
            self._identity = identity(self.path)
        except OSError:
            self._identity = None

    def _connect(self) -> sqlite3.Connection:
        try:
            return self._connect_rw()
        except StorageError as error:
            cause = error.__cause__
            code = getattr(cause, "sqlite_errorcode", 0) or 0
            if code & 0xFF not in _CANNOT_WRITE_CODES or not self.path.is_file():
                raise
            # A folder (or file) that cannot be written: read what is there.
            conn = self._connect_read_only()
            if conn is None:
                raise
            log.info("%s opened read-only: %s", self.path, cause)
            self.read_only = True
            return conn

    def _connect_read_only(self) -> sqlite3.Connection | None:
        """The database opened read-only (see `recovery.open_read_only`); None if
        even that fails."""
        try:
            conn = open_read_only(self.path, BUSY_TIMEOUT_MS / 1000)
            conn.isolation_level = None
            conn.create_function("effective_score", 3, effective_score, deterministic=True)
        except sqlite3.Error:
            return None
        conn.row_factory = sqlite3.Row
        return conn

    def _connect_rw(self) -> sqlite3.Connection:
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
            # Reading the schema here makes a file that cannot be used fail now.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as error:
            if "conn" in locals():
                conn.close()
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
        """One short write transaction, committed on leaving the block.

        Damage met on the way (or found by the full check) replaces the file
        and raises DatabaseReplaced, which `_again_if_replaced` answers by
        doing the write again.
        """
        with self._lock:
            self._verify_before_writing()
            self._act_on_full_check()
            self._follow_the_file()
            if self.read_only:
                raise StorageError(
                    f"cannot write to {self.path}: it was opened read-only "
                    "(its folder cannot be written)"
                )
            try:
                # Waits out another program's write (see busy.py), however the
                # busy handler's tries fall.
                execute_waiting(self._conn, "BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                self._damaged(error)
                raise StorageError(f"cannot write to {self.path}: {error}") from error
            self._changed = True
            self._writes += 1
            try:
                yield self._conn
                execute_waiting(self._conn, "COMMIT")
            except BaseException as error:
                # SQLite rolls back by itself after some errors (disk full).
                try:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                if isinstance(error, sqlite3.Error):
                    self._damaged(error)
                    raise StorageError(f"cannot write to {self.path}: {error}") from error
                if isinstance(error, StorageError) and is_damaged(error.__cause__):
                    self._damaged(error.__cause__)
                raise

    def _read(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        return self._query(sql, params, rows=True)

    def _read_tuples(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()
    ) -> list[tuple[Any, ...]]:
        """`_read` as plain tuples: for reads of thousands of rows, where building a
        `sqlite3.Row` for each costs as much as the query."""
        return self._query(sql, params, rows=False)

    def _query(self, sql: str, params: tuple[Any, ...] | dict[str, Any], rows: bool) -> list[Any]:
        """One read under the lock; damage found on the way replaces the file and
        the read is done on the fresh one (see the module docstring)."""
        with self._lock:
            for attempt in (1, 2):
                try:
                    self._act_on_full_check()
                    self._follow_the_file()
                    cursor = self._conn.cursor()
                    if not rows:
                        cursor.row_factory = None
                    return cursor.execute(sql, params).fetchall()
                except DatabaseReplaced:
                    continue  # read the fresh database instead
                except sqlite3.Error as error:
                    if attempt == 1 and is_damaged(error):
                        self._replace_damaged(str(error))
                        continue
                    raise StorageError(f"cannot read {self.path}: {error}") from error
            raise StorageError(f"cannot read {self.path}: damaged twice over")

    def close(self) -> None:
        # An unfinished full check is stopped; it runs again at a later open.
        for conn in self._checks:
            try:
                conn.interrupt()
            except sqlite3.Error:
                pass
        self.wait_for_full_check(timeout=2)
        with self._lock:
            self._conn.close()
            if self._unverified:
                pass  # nothing written, CRC not compared: the stamp stays for the next open
            elif self._damage is None and not self.read_only:
                # Nothing written: the fingerprint taken on open still holds.
                known = None if self._changed else self._stamped
                mark_checked(self.path, self._full_check, known)
            elif self._damage is not None:
                forget_stamp(self.path)  # the next open checks it again, and moves it

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes -----------------------------------------------------------------

    @again_if_replaced
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

    @again_if_replaced
    def end_session(self, session_id: str, ended_at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                (iso(ended_at), session_id),
            )

    @again_if_replaced
    def record_attempt(self, attempt: Attempt) -> MemoryState | None:
        """Store `attempt` and commit before returning; the card's FSRS state after it.

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
                    override, answered_at, elapsed, mode, timed, card_hash, scheduled,
                    retention)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (session_id, seq) DO UPDATE SET
                    card_id = excluded.card_id, answer = excluded.answer,
                    verdict = excluded.verdict, score = excluded.score,
                    found = excluded.found, missed = excluded.missed,
                    contradicted = excluded.contradicted, confusion = excluded.confusion,
                    hints_used = excluded.hints_used, skipped = excluded.skipped,
                    override = excluded.override, answered_at = excluded.answered_at,
                    elapsed = excluded.elapsed, mode = excluded.mode, timed = excluded.timed,
                    card_hash = excluded.card_hash, scheduled = excluded.scheduled,
                    retention = excluded.retention
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
                    attempt.card_hash,
                    int(attempt.scheduled),
                    attempt.retention,
                ),
            )
            (attempt_id,) = conn.execute(
                "SELECT id FROM attempts WHERE session_id = ? AND seq = ?",
                (attempt.session_id, attempt.seq),
            ).fetchone()
            state = schedule_attempt(conn, attempt, attempt_id, self._clock())
            touched = [(attempt.deck_id, attempt.card_id, iso(attempt.answered_at))]
            if before is not None:
                touched.append(tuple(before))
            refresh_summaries(conn, touched)
            return state

    @again_if_replaced
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
            replay_cards(conn, {(row[0], row[1])}, self._clock())
            refresh_summaries(conn, [tuple(row)])

    # -- challenge runs ---------------------------------------------------------

    @again_if_replaced
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

    @again_if_replaced
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
