"""Backups: made with SQLite's backup API, kept five deep, restored on request."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mlquiz import cli
from mlquiz.core.clock import FixedClock
from mlquiz.core.errors import BackupError
from mlquiz.core.session import Attempt
from mlquiz.core.store import backup as bk
from mlquiz.core.store.database import Store
from mlquiz.service import GameService

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def integrity(path) -> str:
    """The first line of `PRAGMA integrity_check` on the file ("ok" when healthy)."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def attempt(seq: int, session: str = "s1", card: str = "1") -> Attempt:
    return Attempt(
        session_id=session,
        deck_id="demo",
        card_id=card,
        seq=seq,
        answer=f"answer {seq}",
        verdict="correct",
        score=1.0,
        found=(),
        missed=(),
        contradicted=(),
        confusion=None,
        hints_used=0,
        skipped=False,
        answered_at=T0 + timedelta(seconds=seq),
        elapsed=1.0,
        mode="quiz",
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "mlquiz.sqlite3"


def fill(db_path: Path, n: int, session: str = "s1") -> None:
    with Store(db_path, clock=FixedClock(T0)) as store:
        for i in range(n):
            store.record_attempt(attempt(i, session))


def count(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM attempts").fetchone()[0]


def days(n: float) -> datetime:
    return T0 + timedelta(days=n)


# -- making backups ----------------------------------------------------------------


def test_a_backup_holds_every_committed_answer_including_the_wal(db_path):
    """The copy sees answers still in the -wal file, which a file copy of the .sqlite3 misses."""
    with Store(db_path) as store:
        for i in range(20):
            store.record_attempt(attempt(i))
        # Still open, no checkpoint: the answers live in mlquiz.sqlite3-wal.
        assert db_path.with_name("mlquiz.sqlite3-wal").stat().st_size > 0
        made = bk.make_backup(db_path, now=T0)
    assert made == db_path.parent / "backups" / "mlquiz-20250106-090000.sqlite3"
    assert count(made) == 20


def test_a_backup_is_one_self_contained_file(db_path):
    """Backups are in rollback mode: reading one leaves no -wal/-shm in the backups folder."""
    fill(db_path, 3)
    made = bk.make_backup(db_path, now=T0)
    assert count(made) == 3
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]


def test_making_a_backup_never_writes_to_the_database(db_path):
    """The source is opened read-only: the database file is byte-identical afterwards."""
    fill(db_path, 5)
    before = db_path.read_bytes()
    bk.make_backup(db_path, now=T0)
    assert db_path.read_bytes() == before


def test_the_last_five_are_kept(db_path):
    """Backups beyond KEEP are deleted, oldest first; same-second backups get their own name."""
    fill(db_path, 1)
    made = [bk.make_backup(db_path, now=days(i // 2)) for i in range(8)]
    assert len(set(made)) == 8
    assert bk.list_backups(db_path) == list(reversed(made))[:5]
    assert [p.name for p in bk.list_backups(db_path)[:2]] == [
        "mlquiz-20250109-090000-1.sqlite3",
        "mlquiz-20250109-090000.sqlite3",
    ]


def test_a_crash_mid_backup_leaves_no_backup_behind(db_path, monkeypatch):
    """A copy that fails is never renamed into a backup; its partial file is removed."""
    fill(db_path, 2)

    def fail(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(BackupError, match="disk is full") as info:
        bk.make_backup(db_path, now=T0)
    assert str(db_path) in str(info.value)
    assert list((db_path.parent / "backups").iterdir()) == []


def test_no_database_no_backup(db_path):
    """Backing up a database that does not exist is a clear error naming the path."""
    with pytest.raises(BackupError, match="no database at .*mlquiz.sqlite3"):
        bk.make_backup(db_path, now=T0)


# -- the automatic daily backup ------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "now", "expected"),
    [
        (None, days(0), True),  # first time with answers
        (days(0), days(0.5), False),  # same day
        (days(0), days(1), True),  # a day later
        (days(5), days(1), True),  # the clock went back: don't wait four days
    ],
)
def test_backup_if_due_at_most_once_a_day(db_path, previous, now, expected):
    """A backup is due when the newest is a day old (or there is none)."""
    fill(db_path, 1)
    if previous is not None:
        bk.make_backup(db_path, now=previous)
    made = bk.backup_if_due(db_path, now=now)
    assert (made is not None) == expected


def test_a_database_without_answers_is_not_backed_up(db_path):
    """A fresh (e.g. just-recovered) database must not push good backups out of the five."""
    Store(db_path).close()
    assert bk.backup_if_due(db_path, now=T0) is None
    assert bk.list_backups(db_path) == []


def test_the_service_backs_up_when_it_opens_the_store(tmp_path):
    """Opening the store takes the daily backup; opening again the same day does not."""
    db = tmp_path / "data" / "mlquiz.sqlite3"
    fill(db, 4)
    clock = FixedClock(T0)
    for expected in (1, 1):
        service = GameService(tmp_path / "data", clock=clock)
        service.open_store()
        service.close()
        assert len(bk.list_backups(db)) == expected
    assert service.backup_error is None
    clock.tick(86400)
    service = GameService(tmp_path / "data", clock=clock)
    service.open_store()
    service.close()
    backups = bk.list_backups(db)
    assert len(backups) == 2 and count(backups[0]) == 4


def test_a_failing_daily_backup_does_not_stop_the_game(tmp_path, monkeypatch):
    """If the backup cannot be written, the store still opens and the error is kept."""
    fill(tmp_path / "data" / "mlquiz.sqlite3", 1)

    def refuse(*args, **kwargs):
        raise BackupError("cannot create the backup folder: Read-only file system")

    monkeypatch.setattr(bk, "make_backup", refuse)
    service = GameService(tmp_path / "data", clock=FixedClock(T0))
    assert service.open_store() is None
    assert isinstance(service.backup_error, BackupError)
    service.close()


def test_migrations_still_back_up_first(db_path):
    """Before an upgrade the store copies the old database (see also test_migration.py)."""
    v1 = Path(__file__).resolve().parents[1] / "data" / "db" / "v1.sqlite3"
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(v1.read_bytes())
    with Store(db_path, clock=FixedClock(T0)) as store:
        old = store.backup_path
    assert old is not None and old.name.startswith("mlquiz.sqlite3.backup-v1-")
    assert count(old) == count(v1) > 0


# -- restoring --------------------------------------------------------------------------


def test_restore_puts_the_backup_back_and_keeps_the_current_one(db_path):
    """Restore copies the backup in and first saves what it replaces as another backup."""
    fill(db_path, 3)
    old = bk.make_backup(db_path, now=days(0))
    fill(db_path, 7, session="s2")  # 10 answers now
    saved = bk.restore_backup(db_path, old, now=days(1))
    assert count(db_path) == 3
    assert saved is not None and count(saved) == 10
    with Store(db_path) as store:  # the restored file opens and is healthy
        assert integrity(db_path) == "ok"
        assert len(store.attempts("demo")) == 3


def test_trying_backups_in_turn_never_pushes_the_older_ones_out(db_path):
    """Each restore keeps what it replaces apart from the backups: after more restores
    than backups are kept, every backup is still there, and so are the last few
    replaced databases and the first (the newest answers, in no backup); the copies
    in between, each a backup's twin, are gone (issue 14: 53 copies reached 5.4 GB)."""
    backups = []
    for day in range(bk.KEEP):
        fill(db_path, 1, session=f"s{day}")
        backups.append(bk.make_backup(db_path, now=days(day)))
    fill(db_path, 50, session="newest")  # answers given since the last backup
    newest = count(db_path)
    for n in range(bk.KEEP + 2):
        saved = bk.restore_backup(db_path, backups[n % bk.KEEP], now=days(10 + n))
        assert saved is not None and saved.name.startswith("before-restore-")
    assert bk.list_backups(db_path) == list(reversed(backups))
    before = bk.list_backups(db_path, bk.BEFORE_RESTORE_PREFIX)
    assert len(before) == bk.KEEP_BEFORE_RESTORE + 1
    assert count(before[-1]) == newest  # the first restore's copy is still there
    assert count(db_path) == count(backups[(bk.KEEP + 1) % bk.KEEP])


def test_latest_is_the_newest_backup_not_what_a_restore_replaced(db_path):
    fill(db_path, 1)
    newest = bk.make_backup(db_path, now=days(0))
    fill(db_path, 4, session="s2")
    bk.restore_backup(db_path, newest, now=days(1))
    assert bk.find_backup(db_path, "latest") == newest


def test_a_backup_is_found_by_its_name_without_the_extension(db_path):
    fill(db_path, 1)
    made = bk.make_backup(db_path, now=days(0))
    assert bk.find_backup(db_path, made.stem) == made
    assert bk.find_backup(db_path, made.name) == made


def test_restore_into_a_database_another_mlquiz_has_open(db_path):
    """A running game's connection sees the restored content (backup API, not a file copy)."""
    fill(db_path, 2)
    old = bk.make_backup(db_path, now=days(0))
    with Store(db_path) as running:
        running.record_attempt(attempt(50))
        bk.restore_backup(db_path, old, now=days(1))
        assert len(running.attempts("demo")) == 2
        running.record_attempt(attempt(60))
        assert integrity(db_path) == "ok"
    assert count(db_path) == 3


def test_restore_refuses_while_another_mlquiz_holds_the_write_lock(db_path):
    """If the write lock stays taken, restore gives up in time and changes nothing."""
    fill(db_path, 2)
    old = bk.make_backup(db_path, now=days(0))
    fill(db_path, 3, session="s2")
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(BackupError, match="another mlquiz is writing"):
            bk.restore_backup(db_path, old, now=days(1), wait=0.3)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert count(db_path) == 5


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(os.urandom(4096)), "not a usable backup"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE x (y)").connection.close(),
            "no answers",
        ),
        (lambda p: None, "no backup at"),
    ],
    ids=["garbage", "not-mlquiz", "missing"],
)
def test_restore_refuses_what_is_not_a_backup(db_path, tmp_path, make, message):
    """Garbage, a foreign database or a missing file is refused; the database is untouched."""
    fill(db_path, 2)
    before = db_path.read_bytes()
    bogus = tmp_path / "bogus.sqlite3"
    make(bogus)
    with pytest.raises(BackupError, match=message):
        bk.restore_backup(db_path, bogus, now=T0)
    assert db_path.read_bytes() == before
    assert bk.list_backups(db_path) == []


def test_restore_refuses_a_backup_from_a_newer_version(db_path, tmp_path):
    """A backup with a schema this version does not know is refused before anything changes."""
    fill(db_path, 1)
    future = bk.make_backup(db_path, now=T0)
    with sqlite3.connect(future) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(BackupError, match="newer version"):
        bk.restore_backup(db_path, future, now=days(1))


def test_restore_over_a_damaged_database_moves_it_aside(db_path):
    """A current database too damaged to back up is kept as .corrupt-<stamp>, never deleted."""
    fill(db_path, 2)
    good = bk.make_backup(db_path, now=days(0))
    for side in db_path.parent.glob("mlquiz.sqlite3-*"):
        side.unlink()
    db_path.write_bytes(b"garbage" * 1000)
    saved = bk.restore_backup(db_path, good, now=days(1))
    assert saved == db_path.with_name("mlquiz.sqlite3.corrupt-20250107-090000")
    assert saved.read_bytes() == b"garbage" * 1000
    assert count(db_path) == 2


def test_restore_into_an_empty_data_dir(db_path, tmp_path):
    """Restoring with no database yet just creates it from the backup."""
    fill(db_path, 4)
    good = bk.make_backup(db_path, now=T0)
    elsewhere = tmp_path / "new-home" / "mlquiz.sqlite3"
    assert bk.restore_backup(elsewhere, good, now=T0) is None
    assert count(elsewhere) == 4


# -- the commands --------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_backup_prints_the_new_file(capsys, isolated_dirs):
    """`mlquiz backup` makes a backup now and prints its path (one line)."""
    fill(isolated_dirs / "mlquiz.sqlite3", 3)
    code, out, err = run(capsys, "backup")
    assert (code, err) == (0, "")
    made = Path(out.strip())
    assert made.parent == isolated_dirs / "backups" and count(made) == 3


def test_cli_backup_without_a_database(capsys, isolated_dirs):
    """With nothing to back up, one line on stderr and exit 1."""
    code, out, err = run(capsys, "backup")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "no database" in err


def test_cli_restore_lists_then_restores(capsys, isolated_dirs):
    """`mlquiz restore` lists the backups; `mlquiz restore NAME` restores one and says where
    the replaced database went."""
    db = isolated_dirs / "mlquiz.sqlite3"
    fill(db, 2)
    first = Path(run(capsys, "backup")[1].strip())
    fill(db, 5, session="s2")
    code, out, _ = run(capsys, "restore")
    assert code == 0 and first.name in out and "2 answers" in out
    code, out, err = run(capsys, "restore", first.name)
    assert (code, err) == (0, "")
    assert "restored" in out and "saved as" in out
    assert count(db) == 2
    code, out, _ = run(capsys, "restore")  # the replaced database is listed apart
    backups, replaced = out.split("the databases that restores replaced")
    assert first.name in backups and "before-restore-" not in backups
    assert "before-restore-" in replaced and "7 answers" in replaced


def test_cli_restore_with_no_backups(capsys, isolated_dirs):
    """Listing with no backups says how to make one."""
    code, out, _ = run(capsys, "restore")
    assert code == 0 and "no backups yet" in out


def test_cli_restore_unknown_name(capsys, isolated_dirs):
    """An unknown backup name is one line on stderr and exit 1."""
    fill(isolated_dirs / "mlquiz.sqlite3", 1)
    code, _, err = run(capsys, "restore", "nope.sqlite3")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "nope.sqlite3" in err


def test_cli_restore_latest(capsys, isolated_dirs):
    """`latest` names the newest backup."""
    db = isolated_dirs / "mlquiz.sqlite3"
    fill(db, 1)
    run(capsys, "backup")
    fill(db, 3, session="s2")
    code, out, _ = run(capsys, "restore", "latest")
    assert code == 0 and count(db) == 1


# -- issue 14: the smaller items -----------------------------------------------------


def test_before_restore_copies_keep_the_last_few_and_any_with_answers_nowhere_else(db_path):
    """Only the newest KEEP_BEFORE_RESTORE copies made before restores are kept (the
    newest always), plus an older one while it holds answers no other file has."""
    fill(db_path, 2, session="base")
    base = bk.make_backup(db_path, now=days(0))
    for n in range(8):  # play a little between restores, then go back to the backup
        if n in (1, 5):
            fill(db_path, 3, session=f"played-{n}")  # answers only this copy will hold
        bk.restore_backup(db_path, base, now=days(1 + n))
    copies = bk.list_backups(db_path, bk.BEFORE_RESTORE_PREFIX)
    assert [c.name for c in copies[:3]] == [
        f"before-restore-{days(8 - k):%Y%m%d-%H%M%S}.sqlite3" for k in range(3)
    ]
    # The fourth is the copy holding the answers played before the second restore;
    # the other five old copies were twins of the backup.
    assert len(copies) == 4 and count(copies[3]) == 5
    assert copies[3].name == f"before-restore-{days(2):%Y%m%d-%H%M%S}.sqlite3"
    assert bk.list_backups(db_path) == [base]


def test_partial_journal_files_of_killed_backups_are_pruned(db_path):
    """A backup killed half-way leaves `.partial` and SQLite's `.partial-journal`:
    both go once they are an hour old (the journal was never pruned)."""
    fill(db_path, 2)
    folder = bk.backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    left = [folder / "mlquiz-20250101-000000.sqlite3.partial-journal"]
    left.append(folder / "mlquiz-20250101-000000.sqlite3.partial")
    fresh = folder / "mlquiz-20250102-000000.sqlite3.partial-journal"
    other = folder / "notes.partial-journal"
    for path in [*left, fresh, other]:
        path.write_bytes(b"x")
    old = T0.timestamp() - 7200
    for path in left:
        os.utime(path, (old, old))
    bk.make_backup(db_path, now=days(1))
    assert not any(p.exists() for p in left)
    assert fresh.exists() and other.exists()  # in progress, or not ours


def test_restore_refuses_a_sqlite_file_that_is_not_mlquizs_schema(db_path, tmp_path):
    """Any SQLite file with an `attempts` table was accepted, and the database was
    then unusable: the backup's tables and columns must be mlquiz's."""
    fill(db_path, 2)
    before = db_path.read_bytes()
    for version in (0, 3):
        bogus = tmp_path / f"bogus-{version}.sqlite3"
        with closing(sqlite3.connect(bogus)) as conn:
            conn.execute("CREATE TABLE attempts (x)")
            conn.execute(f"PRAGMA user_version = {version}")
            conn.commit()
        with pytest.raises(BackupError, match="is not an mlquiz database"):
            bk.restore_backup(db_path, bogus, now=T0)
    assert db_path.read_bytes() == before
    with Store(db_path) as store:  # and it is still usable
        assert len(store.attempts("demo")) == 2
