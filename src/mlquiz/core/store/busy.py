"""Waiting for another program's write: SQLite's busy handler is not a queue.

Two games (or a game and `mlquiz save-unsaved`, `restore`, a browser tab of
`mlquiz serve`) write to one database, and SQLite lets one write at a time. A
connection that finds the write lock taken calls its busy handler, which
sleeps and tries again (1, 2, 5 ... then every 100 ms) until the busy timeout
is spent, then fails with "database is locked". Nothing orders the waiters:
a game answering quickly can take the lock again between two of the other's
tries, time after time, and on a loaded machine (a writer descheduled while
it holds the lock) a write waited out the whole timeout. Its answer then went
to the unsaved journal with "could not be saved" on the screen.

So a write does not give up when the handler does (`execute_waiting`): a
BEGIN IMMEDIATE that comes back busy is tried again after a pause that grows
and is drawn at random, so that two waiters do not wake in step, until
`WRITE_PATIENCE` seconds have passed since the write began (the try then
under way may add one busy timeout). Only then does it fail, saying that
another program holds the database; the service keeps the answer in its
journal (and its file), the screen says so, and the game tries it again on
quitting (`mlquiz save-unsaved FILE` stores the file later).

Only statements that leave nothing half done are tried again: BEGIN
IMMEDIATE, before which nothing of the write has happened (and which takes
the write lock at once, so a transaction never has to upgrade a read lock
and deadlock with another writer), and COMMIT, which in rollback-journal mode
can be busy on readers and then leaves the transaction open to be committed
again (SQLite's documented behaviour). So a retry never stores anything twice.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable

# How long a write waits in all for the lock before it fails (seconds): far
# beyond any write of the game's own (milliseconds), and beyond what another
# program's long write takes (a restore of a big backup: a few seconds).
WRITE_PATIENCE = 60.0
# The pauses between two tries of a busy statement, past the busy handler's
# own wait: the first, and the most any pause grows to (seconds).
FIRST_PAUSE = 0.005
LONGEST_PAUSE = 0.25
# SQLITE_BUSY, the primary code of "database is locked" (extended codes add high bits).
_SQLITE_BUSY = 5


def is_busy(error: BaseException) -> bool:
    """Whether `error` is SQLite's "database is locked" (another connection's lock)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return bool(code & 0xFF == _SQLITE_BUSY)
    return isinstance(error, sqlite3.OperationalError) and "database is locked" in str(error)


class StillBusy(sqlite3.OperationalError):
    """The lock stayed taken for `WRITE_PATIENCE` seconds: the write was not made."""


def execute_waiting(
    conn: sqlite3.Connection,
    sql: str,
    *,
    patience: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run `sql` (BEGIN IMMEDIATE or COMMIT), trying again while the database is
    busy, for up to `patience` seconds (default `WRITE_PATIENCE`) in all.

    Raises `StillBusy` if it never got through, any other error at once.
    """
    wait = WRITE_PATIENCE if patience is None else patience
    started = time.monotonic()
    pause = FIRST_PAUSE
    tries = 0
    while True:
        tries += 1
        try:
            conn.execute(sql)
            return
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
            waited = time.monotonic() - started
            if waited >= wait:
                raise StillBusy(
                    f"database is locked: another program held its write lock for "
                    f"{waited:.0f} s ({tries} tries)"
                ) from error
        # Random within the pause, so two waiters do not try again in step.
        sleep(min(random.uniform(pause / 2, pause), max(wait - waited, 0.0)))
        pause = min(pause * 2, LONGEST_PAUSE)
