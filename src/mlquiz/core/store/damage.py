"""What a `Store` does about damage found after it opened (see recovery.py).

A mixin of `database.Store`, kept apart so the connection and the writes read
on their own. Three things show damage while the game runs:

- a read or write that SQLite answers with "malformed" or "not a database"
  (`_damaged`, called by `Store._write` and `Store._read`);
- the background full check (`_start_full_check`), whose finding is acted
  on at the next read or write (`_act_on_full_check`);
- the file at the path is no longer the one open here, because another
  mlquiz found it damaged and moved it aside (`_follow_the_file`).

Each ends in `_replace_damaged`: the file is moved aside as an open would
move it (unless another mlquiz already did), a fresh database is opened in
its place, the `on_replaced` listeners are told (the service puts this
session's answers into it again), and `DatabaseReplaced` makes the read or
write happen again on the new file (`again_if_replaced`).
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mlquiz.core.clock import iso
from mlquiz.core.errors import StorageError
from mlquiz.core.store.recovery import integrity_problem, is_damaged, move_damaged

log = logging.getLogger("mlquiz.store")
# How long the full check waits for a writer's lock.
CHECK_TIMEOUT = 5.0
_Method = TypeVar("_Method", bound=Callable[..., Any])


class DatabaseReplaced(StorageError):
    """The database was found damaged mid-call and replaced by a fresh one."""


def again_if_replaced(method: _Method) -> _Method:
    """A write that met damage is done once more, on the fresh database."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except DatabaseReplaced:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


class DamageWatch:
    """The damage handling of `database.Store` (see the module docstring)."""

    if TYPE_CHECKING:
        path: Path
        recovered_from: Path | None
        on_replaced: list[Callable[[Path | None], None]]
        _conn: sqlite3.Connection
        _identity: tuple[int, int] | None
        _replacing: bool
        _damage: str | None
        _full_check: str | None
        _checks: list[sqlite3.Connection]
        _check_thread: threading.Thread | None
        _stamped: dict[str, int] | None
        _clock: Callable[[], datetime]

        def _open(self) -> None: ...

    def _damaged(self, error: BaseException | None) -> None:
        """If `error` says the file is damaged, replace it (raises DatabaseReplaced)."""
        if is_damaged(error):
            self._replace_damaged(str(error))
            raise DatabaseReplaced(
                f"{self.path} was damaged ({error}); it was moved to {self.recovered_from}"
            ) from error

    def _follow_the_file(self) -> None:
        """If the file at `path` is no longer the one open here (another mlquiz
        found it damaged and moved it aside), use the one there now: this
        session's answers must not go on into the moved file."""
        if self._identity is None or self._replacing:
            return
        try:
            same = identity(self.path) == self._identity
        except OSError:
            same = False
        if not same:
            self._replace_damaged("the file was moved aside by another mlquiz")
            raise DatabaseReplaced(f"{self.path} was replaced by another mlquiz")

    def _act_on_full_check(self) -> None:
        """Act on damage the background full check found (replaces the file)."""
        if self._damage is not None and not self._replacing:
            found, self._damage = self._damage, None
            self._replace_damaged(f"the full check found: {found}")
            raise DatabaseReplaced(f"{self.path} was damaged ({found})")

    def _replace_damaged(self, why: str) -> None:
        """Move the damaged file aside and open a fresh database in its place, as
        an open that found it damaged would; then tell the `on_replaced` listeners.

        If the file at `path` is no longer the one this store had open (another
        mlquiz moved it aside, or a restore replaced it), nothing is moved: the
        store just opens what is there now.
        """
        if self._replacing:
            raise StorageError(f"{self.path} is damaged ({why}) and could not be replaced")
        self._replacing = True
        try:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            moved: Path | None = None
            try:
                same_file = identity(self.path) == self._identity
            except OSError:
                same_file = False
            if same_file:
                moved = move_damaged(self.path, self._clock())
                self.recovered_from = moved
            log.warning(
                "%s is damaged (%s); moved to %s, a fresh one started", self.path, why, moved
            )
            self._open()
            self._full_check = iso(self._clock())
            self._stamped = None
            for listener in list(self.on_replaced):
                listener(moved)
        finally:
            self._replacing = False

    def _start_full_check(self) -> None:
        """`PRAGMA integrity_check` on a thread of its own (see recovery.py)."""
        started = self._clock()

        def run() -> None:
            problem = integrity_problem(self.path, CHECK_TIMEOUT, self._checks)
            if problem is None:
                self._full_check = iso(started)
            else:
                log.warning("%s failed its full check: %s", self.path, problem)
                self._damage = problem

        self._check_thread = threading.Thread(target=run, name="mlquiz full check", daemon=True)
        self._check_thread.start()

    def wait_for_full_check(self, timeout: float | None = None) -> None:
        """Wait for the background full check, if one runs (tests, and `close`)."""
        if self._check_thread is not None:
            self._check_thread.join(timeout)


def identity(path: Path) -> tuple[int, int]:
    """Which file is at `path` (device, inode): a file moved aside or replaced differs."""
    info = os.stat(path)
    return (info.st_dev, info.st_ino)
