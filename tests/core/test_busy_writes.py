"""A write that finds another program's write lock waits its turn (core/store/busy.py).

SQLite's busy handler gives up after the busy timeout (5 s); a game whose write
waited that long behind another game (or `mlquiz restore`) lost the database
for that answer: "could not be saved", the answer in the unsaved journal. Now
the write tries again until the lock is free, for up to `WRITE_PATIENCE`; only
a lock held longer than that leaves the answer unsaved, and then it is kept
in the journal, the error says why, and it is stored by the retry on quitting.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from mlquiz.core.store import busy, database
from tests.core.test_faults import new_service, stored


class Blocker:
    """Another program's write: a connection holding the database's write lock."""

    def __init__(self, db: Path) -> None:
        self.conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")
        self._timer: threading.Timer | None = None

    def release_after(self, seconds: float) -> None:
        self._timer = threading.Timer(seconds, self.release)
        self._timer.start()

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        if self._timer is not None:
            self._timer.join()
        self.release()
        self.conn.close()


def test_an_answer_waits_out_a_lock_held_past_the_busy_timeout(tmp_path, monkeypatch):
    """Another program holds the write lock 1 s longer than the busy timeout, then lets
    go: the answer given meanwhile is stored, with no error and nothing left unsaved."""
    monkeypatch.chdir(tmp_path)  # where an unsaved-answers file would go
    service = new_service(tmp_path / "data")
    session = service.start_quiz("demo", shuffle=False)
    blocker = Blocker(service.database_path)
    held = database.BUSY_TIMEOUT_MS / 1000 + 1.0
    try:
        blocker.release_after(held)
        started = time.monotonic()
        answered = service.submit(session, "alpha and beta")
        waited = time.monotonic() - started
    finally:
        blocker.close()
    assert answered.saved.ok, answered.saved.error
    assert waited >= held - 0.1  # it did wait for the lock, past the busy handler
    assert service.unsaved == []
    assert stored(service.database_path) == 1
    assert list(tmp_path.glob("mlquiz-unsaved-*")) == []


def test_a_lock_held_past_all_patience_keeps_the_answer_and_says_why(tmp_path, monkeypatch):
    """A lock held past the whole patience: the answer is not dropped. It waits in the
    journal and its file, the error says another program holds the database, and it
    is stored once the lock is gone."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(busy, "WRITE_PATIENCE", 0.5)
    service = new_service(tmp_path / "data")
    session = service.start_quiz("demo", shuffle=False)
    blocker = Blocker(service.database_path)
    try:
        answered = service.submit(session, "alpha and beta")
    finally:
        blocker.close()
    assert not answered.saved.ok
    assert "another program held its write lock" in answered.saved.error
    assert [a.answer for a in service.unsaved] == ["alpha and beta"]
    assert answered.saved.copy is not None and answered.saved.copy.is_file()

    assert stored(service.database_path) == 0
    # Once the lock is gone, the retry the game makes on quitting stores it.
    assert service.retry_unsaved() == 0
    assert stored(service.database_path) == 1
    assert not answered.saved.copy.exists()  # its file goes once all is stored


def test_a_busy_commit_is_committed_once_the_readers_are_gone(tmp_path):
    """In rollback-journal mode (no WAL, as on some network disks) a COMMIT waits for
    readers and may come back busy with the transaction still open: tried again, the
    row is stored once."""
    db = tmp_path / "rollback.sqlite3"
    with closing(sqlite3.connect(db, isolation_level=None)) as setup:
        setup.execute("PRAGMA journal_mode = DELETE")
        setup.execute("CREATE TABLE answers (text TEXT)")
    writer = sqlite3.connect(db, timeout=0.05, isolation_level=None)
    reader = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM answers").fetchone()  # holds a read lock
        busy.execute_waiting(writer, "BEGIN IMMEDIATE")
        writer.execute("INSERT INTO answers VALUES ('alpha')")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            writer.execute("COMMIT")  # what a plain COMMIT does with the reader there
        assert writer.in_transaction
        ends = threading.Timer(0.3, lambda: reader.execute("COMMIT"))
        ends.start()
        busy.execute_waiting(writer, "COMMIT")
        ends.join()
    finally:
        writer.close()
        reader.close()
    with closing(sqlite3.connect(db)) as check:
        assert check.execute("SELECT count(*) FROM answers").fetchone()[0] == 1


def test_only_a_busy_database_is_waited_for(tmp_path):
    """Any other error (here SQL that cannot run) is raised at once, not tried again."""
    tries = []
    with closing(sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)) as conn:
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            busy.execute_waiting(conn, "DELETE FROM missing", sleep=tries.append)
    assert tries == []
