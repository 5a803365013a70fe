"""What a `Store` does about damage found after it opened (see recovery.py).

A mixin of `database.Store`, kept apart so the connection and the writes read
on their own. Three things show damage while the game runs:

- a read or write that SQLite answers with "malformed" or "not a database"
  (`_damaged`, called by `Store._write` and `Store._read`);
- the background full check (`_start_full_check`), whose finding is acted
  on at the next read or write (`_act_on_full_check`);
- the CRC of a file trusted at open by its stamp (`Store(verify_later=True)`),
  compared on a thread (`verify_in_background`) or before the first write;
  a CRC that differs gets `PRAGMA quick_check`, acted on like the full check;
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
from mlquiz.core.store.recovery import (
    integrity_problem,
    is_damaged,
    move_damaged,
    verify_stamp,
)

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
        _lock: threading.RLock
        _unverified: bool
        _verify_thread: threading.Thread | None
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
            # A fresh file: nothing of the old one's stamp to compare (before `_open`,
            # whose first write would compare it).
            self._stamped = None
            self._unverified = False
            self._open()
            self._full_check = iso(self._clock())
            for listener in list(self.on_replaced):
                listener(moved)
        finally:
            self._replacing = False

    def verify_in_background(self) -> bool:
        """Compare the CRC of the stamp trusted at open on a thread of its own (the
        game calls this once its menu is up); returns whether it started."""
        if not self._unverified or self._verify_thread is not None:
            return False
        # Started before it is published: a thread that sees it may join it at once
        # (joining a thread not yet started raises).
        thread = threading.Thread(target=self._verify_stamp, name="mlquiz stamp check", daemon=True)
        thread.start()
        self._verify_thread = thread
        return True

    def verify_now(self) -> None:
        """Compare the stamp now if that is still to do, and replace a file found
        damaged at once (the day's backup is taken next: not of a damaged file)."""
        with self._lock:
            self._verify_before_writing()
            try:
                self._act_on_full_check()
            except DatabaseReplaced:
                pass  # replaced: `recovered_from` says where the damaged file went

    def _verify_before_writing(self) -> None:
        """A write never lands on a file whose stamp is not yet verified: wait for
        the thread comparing it, or compare it now (under the store's lock)."""
        if not self._unverified:
            return
        if self._verify_thread is not None:
            self._verify_thread.join()
        if self._unverified:
            self._verify_stamp()

    def _verify_stamp(self) -> None:
        """Compare the file with the stamp trusted at open. One that differs gets
        `PRAGMA quick_check` (another program may have written it soundly); damage
        it finds is handled at the next read or write, like the full check's."""
        stamped = self._stamped
        if not self._unverified or stamped is None:
            return
        if verify_stamp(self.path, stamped):
            self._unverified = False
            return
        problem = integrity_problem(self.path, CHECK_TIMEOUT, self._checks, quick=True)
        self._stamped = None  # not byte for byte as stamped: a close fingerprints it anew
        self._unverified = False
        if problem is not None:
            log.warning("%s differs from its stamp and is damaged: %s", self.path, problem)
            self._damage = problem

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

        thread = threading.Thread(target=run, name="mlquiz full check", daemon=True)
        thread.start()  # before it is published, as in verify_in_background
        self._check_thread = thread

    def wait_for_full_check(self, timeout: float | None = None) -> None:
        """Wait for the background checks (the stamp's, the full one), if they run
        (tests, and `close`)."""
        for thread in (self._verify_thread, self._check_thread):
            if thread is not None:
                thread.join(timeout)


def identity(path: Path) -> tuple[int, int]:
    """Which file is at `path` (device, inode): a file moved aside or replaced differs."""
    info = os.stat(path)
    return (info.st_dev, info.st_ino)
