"""Damage in the answer database that a modification time cannot hide (issue 14, F7).

Pages overwritten in the middle of a cleanly closed file, its modification
time put back, used to pass the "unchanged since a clean close" fast path:
`mlquiz stats` then said "database disk image is malformed", the game wrote
new answers into the file and its next clean close stamped the damage as
sound. Damage found during a session was only an error on each write.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from mlquiz import cli
from mlquiz.core.clock import FixedClock
from mlquiz.core.store import journal
from mlquiz.core.store.database import Store
from mlquiz.service import GameService

PAGE = 4096


def played(data: Path, answers: int = 60, clock: FixedClock | None = None) -> GameService:
    """A service on `data` whose database holds `answers` long answers (many pages)."""
    service = GameService(data, clock=clock or FixedClock())
    session = service.start_quiz("databricks-mlflow", shuffle=False)
    for n in range(answers):
        service.submit(session, f"answer {n} " + "words of an answer " * 40)
        if service.advance(session) is None:
            service.finish(session)
            session = service.start_quiz("databricks-mlflow", shuffle=False)
    return service


def overwrite_middle_pages(db: Path) -> bytes:
    """Random bytes over the pages of the answers table in the middle of the file,
    size, inode and modification time kept; returns the file's new bytes."""
    before = os.stat(db)
    with sqlite3.connect(db) as conn:
        pages = [
            row[0]
            for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'attempts' AND pagetype = 'leaf'"
                " ORDER BY pageno"
            )
        ]
    conn.close()
    assert len(pages) >= 6, pages
    middle = pages[len(pages) // 3 : 2 * len(pages) // 3]
    with open(db, "r+b") as handle:  # in place: same file, same inode
        for page in middle:
            handle.seek((page - 1) * PAGE)
            handle.write(os.urandom(PAGE))
    os.utime(db, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(db)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    return db.read_bytes()


def moved_files(folder: Path) -> list[Path]:
    """The damaged databases moved aside (not their -wal and -shm, nor copies)."""
    return [
        p
        for p in folder.glob("mlquiz.sqlite3.corrupt-*")
        if p.name[-4:] not in ("-wal", "-shm", "json")
    ]


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    return result


def test_f7_pages_overwritten_mid_file_with_the_time_kept_are_found_on_open(capsys, isolated_dirs):
    service = played(isolated_dirs)
    service.close()  # a clean close: the file is stamped
    db = service.database_path
    assert db.with_name(db.name + ".checked").exists()
    damaged = overwrite_middle_pages(db)

    code = cli.main(["stats"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "malformed" not in err
    [moved] = moved_files(isolated_dirs)
    assert f"moved to {moved}" in err
    assert moved.read_bytes() == damaged  # kept byte for byte, never written to

    # The game opens a fresh database, takes answers, and a clean close stamps that one.
    game = GameService(isolated_dirs)
    assert game.open_store() is None
    session = game.start_quiz("databricks-mlflow", shuffle=False)
    assert game.submit(session, "a run").saved.ok
    game.close()
    assert integrity(db) == "ok"
    assert moved.read_bytes() == damaged


def test_f7_damage_found_mid_session_is_moved_aside_and_the_session_kept(isolated_dirs):
    service = played(isolated_dirs, answers=30)
    session = service.start_quiz("databricks-mlflow", shuffle=False)
    for n in range(5):
        service.submit(session, f"this session, answer {n}")
        service.advance(session)
    store = service.store
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = service.database_path
    with open(db, "r+b") as handle:  # everything after the first page overwritten
        handle.seek(PAGE)
        handle.write(b"\xff" * (db.stat().st_size - PAGE))
    # A long session's page cache drops pages and reads them again from disk.
    store._conn.execute("PRAGMA shrink_memory")

    answered = service.submit(session, "this session, answer 5")

    assert answered.saved.ok  # stored, in the fresh database
    moved = store.recovered_from
    assert moved is not None and moved.exists() and ".corrupt-" in moved.name
    rows = store.session_attempts(session.id)
    assert [row["answer"] for row in rows] == [f"this session, answer {n}" for n in range(6)]
    assert integrity(db) == "ok"
    # A copy of the session beside the damaged file, for a restore of the last backup.
    copy = moved.with_name(moved.name + ".answers.json")
    kept = journal.read(copy)
    assert [a.answer for a in kept if a.session_id == session.id] == [r["answer"] for r in rows]
    [notice] = service.rescue.take_notices()
    assert str(moved) in notice and str(copy) in notice and "save-unsaved" in notice
    # Play goes on in the fresh file, and a clean close stamps it.
    service.advance(session)
    assert service.submit(session, "after the damage").saved.ok
    service.close()
    assert integrity(db) == "ok"
    assert len(journal.read(copy)) == len(kept) + 1  # the copy keeps up


def test_f7_an_answer_taken_back_is_not_given_again_to_the_fresh_database(isolated_dirs):
    """Undo (issue 17) and damage found later: the fresh database gets the session's
    answers, not the one taken back, and neither does the copy beside the damaged file."""
    service = played(isolated_dirs, answers=30)
    session = service.start_quiz("databricks-mlflow", shuffle=False)
    for n in range(3):
        service.submit(session, f"this session, answer {n}")
        service.advance(session)
    service.submit(session, "taken back")
    service.undo(session)
    store = service.store
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = service.database_path
    with open(db, "r+b") as handle:
        handle.seek(PAGE)
        handle.write(b"\xff" * (db.stat().st_size - PAGE))
    store._conn.execute("PRAGMA shrink_memory")

    # The damage is met by a read (the player left after the undo, say).
    rows = store.session_attempts(session.id)

    assert [row["answer"] for row in rows] == [f"this session, answer {n}" for n in range(3)]
    moved = store.recovered_from
    assert moved is not None
    copy = moved.with_name(moved.name + ".answers.json")
    assert "taken back" not in [a.answer for a in journal.read(copy)]
    service.close()


def test_f7_a_read_that_meets_damage_moves_the_file_and_reads_the_fresh_one(isolated_dirs):
    service = played(isolated_dirs, answers=30)
    store = service.store
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    overwrite_middle_pages(service.database_path)
    store._conn.execute("PRAGMA shrink_memory")
    stats = service.stats()  # reads every table
    assert store.recovered_from is not None
    assert stats["decks"]["databricks-mlflow"]["attempts"] == 30  # this session's, replayed
    service.close()


def test_f7_damage_a_clean_close_stamped_is_found_by_the_full_check(isolated_dirs):
    """Damage SQLite never read during a session gets stamped at its clean close;
    the background full check (integrity_check) finds it at a later open."""
    from mlquiz.core.store.recovery import mark_checked

    clock = FixedClock()
    service = played(isolated_dirs, clock=clock)
    service.close()
    db = service.database_path
    overwrite_middle_pages(db)
    mark_checked(db, None)  # as a clean close over that damage would: no full check yet

    store = Store(db, clock=clock)
    assert store.recovered_from is None  # the stamp matched: no quick check on open
    assert store.start_full_check_if_due()  # as the game does once its menu is up
    store.wait_for_full_check(timeout=20)
    assert store.attempts("databricks-mlflow") == []  # the first use acts on what it found
    assert store.recovered_from is not None and store.recovered_from.exists()
    store.close()
    assert integrity(db) == "ok"


def test_f7_the_full_check_runs_only_now_and_then(isolated_dirs, monkeypatch):
    from mlquiz.core.store.recovery import FULL_CHECK_EVERY

    clock = FixedClock()
    played(isolated_dirs, answers=5, clock=clock).close()
    db = isolated_dirs / "mlquiz.sqlite3"
    seen: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(lambda sql: seen.append(sql) if "integrity_check" in sql else None)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)

    def open_and_check() -> bool:
        with Store(db, clock=clock) as store:
            started = store.start_full_check_if_due()
            store.wait_for_full_check(timeout=20)
        return started

    for days in (0, 3, 6):  # a new file counts as checked: none due within a week
        clock.now = clock.now.replace(day=6 + days)
        assert not open_and_check()
    assert seen == []
    clock.tick(FULL_CHECK_EVERY.total_seconds())
    assert open_and_check()
    assert len(seen) == 1
    assert not open_and_check()  # it passed: not again for a week
    assert len(seen) == 1


def test_f7_a_file_another_game_moved_aside_is_followed(isolated_dirs):
    """Game A plays on while game B finds the file damaged and moves it aside: A's
    next answers, and its session's earlier ones, go into B's fresh database."""
    a = played(isolated_dirs, answers=0)
    session = a.start_quiz("databricks-mlflow", shuffle=False)
    for n in range(3):
        a.submit(session, f"game A, answer {n}")
        a.advance(session)
    a.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    overwrite = a.database_path
    with open(overwrite, "r+b") as handle:
        handle.seek(PAGE)
        handle.write(b"\xff" * (overwrite.stat().st_size - PAGE))
    b = GameService(isolated_dirs)
    moved = b.open_store()
    assert moved is not None
    assert a.submit(session, "game A, answer 3").saved.ok
    rows = b.store.session_attempts(session.id)
    assert [row["answer"] for row in rows] == [f"game A, answer {n}" for n in range(4)]
    assert moved_files(isolated_dirs) == [moved]  # nothing moved twice
    a.close()
    b.close()


@pytest.mark.parametrize("kind", ["directory", "fifo"])
def test_a_directory_in_place_of_the_database_has_its_own_message(isolated_dirs, kind, capsys):
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    db = isolated_dirs / "mlquiz.sqlite3"
    if kind == "directory":
        db.mkdir()
    else:
        os.mkfifo(db)
    code = cli.main(["stats"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "disk I/O error" not in err
    if kind == "directory":
        assert f"{db} is a directory, not the answer database" in err
    else:
        assert f"{db} is not a regular file" in err


def test_a_data_folder_that_is_a_file_has_its_own_message(tmp_path, monkeypatch, capsys):
    afile = tmp_path / "not-a-folder"
    afile.write_text("")
    monkeypatch.setenv("MLQUIZ_DATA_DIR", str(afile))
    source = Path(__file__).resolve().parents[1] / "data" / "import" / "cards.csv"
    for argv in (["stats"], ["save-unsaved", str(afile)], ["deck", "import", str(source)]):
        code = cli.main(argv)
        out, err = capsys.readouterr()
        assert code == 1
        assert f"the data folder {afile} is a file, not a folder" in err, err
        assert "Traceback" not in err and "bug in mlquiz" not in err


def _read_only_mount_works() -> bool:
    import shutil
    import subprocess

    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mount_works(), reason="needs unshare and a bind mount (root)")
def test_stats_on_a_read_only_data_folder_work(isolated_dirs):
    """On a read-only disk the answers can still be read: `mlquiz stats` opens the
    database read-only (it said "unable to open database file")."""
    import subprocess
    import sys

    played(isolated_dirs, answers=3).close()
    repo = Path(__file__).resolve().parents[2]
    folder = str(isolated_dirs)
    script = (
        f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' && "
        f"'{sys.executable}' -m mlquiz stats --json"
    )
    env = {**os.environ, "PYTHONPATH": str(repo / "src"), "MLQUIZ_DATA_DIR": folder}
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    import json

    assert json.loads(done.stdout)["decks"]["databricks-mlflow"]["attempts"] == 3
    assert not list(isolated_dirs.glob("*.corrupt-*"))


# -- the stamp's CRC compared after the start (issue 15) ---------------------------


def bytes_changed_under_the_stamp(db: Path) -> bytes:
    """Pages overwritten with size, inode and every time as stamped, as a disk that
    returns other bytes would leave the file: only the stamp's CRC can tell."""
    damaged = overwrite_middle_pages(db)
    stamp_path = db.with_name(db.name + ".checked")
    stamp = json.loads(stamp_path.read_text())
    stamp["file"]["ctime_ns"] = os.stat(db).st_ctime_ns  # the one time utime cannot set
    stamp_path.write_text(json.dumps(stamp))
    return damaged


def backed_up_today(data: Path, clock: FixedClock) -> None:
    """Today's backup taken: the next start takes none (and compares no CRC for it)."""
    from mlquiz.core.store.backup import make_backup

    make_backup(data / "mlquiz.sqlite3", now=clock.now)


def count_crcs(monkeypatch) -> list[Path]:
    from mlquiz.core.store import recovery

    read: list[Path] = []
    real = recovery._crc_of

    def crc_of(path: Path) -> int:
        read.append(path)
        return real(path)

    monkeypatch.setattr(recovery, "_crc_of", crc_of)
    return read


def test_f7_bytes_changed_under_a_matching_stamp_are_found_once_the_game_is_up(
    isolated_dirs, monkeypatch
):
    """The game's start trusts the stamp without reading the file; the comparison
    after its first frame finds the damage, and the next use moves the file aside
    and keeps every answer of the session."""
    clock = FixedClock()
    played(isolated_dirs, clock=clock).close()
    backed_up_today(isolated_dirs, clock)
    db = isolated_dirs / "mlquiz.sqlite3"
    damaged = bytes_changed_under_the_stamp(db)
    crcs = count_crcs(monkeypatch)

    game = GameService(isolated_dirs, clock=clock)
    game.verify_stamp_later = True
    assert game.open_store() is None
    assert crcs == []  # the start read no whole file
    game.check_database_in_background()  # as the game does once its menu is up
    game.store.wait_for_full_check(timeout=20)
    assert crcs == [db]
    session = game.start_quiz("databricks-mlflow", shuffle=False)
    for n in range(3):
        assert game.submit(session, f"this session, answer {n}").saved.ok
        game.advance(session)

    moved = game.store.recovered_from
    assert moved is not None and moved.read_bytes() == damaged
    rows = game.store.session_attempts(session.id)
    assert [row["answer"] for row in rows] == [f"this session, answer {n}" for n in range(3)]
    [notice] = game.rescue.take_notices()
    assert str(moved) in notice and "damaged" in notice
    game.close()
    assert integrity(db) == "ok"


def test_f7_a_first_write_before_the_comparison_waits_for_it(isolated_dirs):
    """An answer given before the comparison ran does not go into the damaged file."""
    clock = FixedClock()
    played(isolated_dirs, clock=clock).close()
    backed_up_today(isolated_dirs, clock)
    db = isolated_dirs / "mlquiz.sqlite3"
    damaged = bytes_changed_under_the_stamp(db)
    game = GameService(isolated_dirs, clock=clock)
    game.verify_stamp_later = True
    assert game.open_store() is None
    session = game.start_quiz("databricks-mlflow", shuffle=False)
    assert game.submit(session, "before the comparison").saved.ok
    moved = game.store.recovered_from
    assert moved is not None and moved.read_bytes() == damaged
    rows = game.store.session_attempts(session.id)
    assert [row["answer"] for row in rows] == ["before the comparison"]
    game.close()
    assert integrity(db) == "ok"


def test_f7_a_game_quit_before_the_comparison_does_not_stamp_the_damage(isolated_dirs, capsys):
    clock = FixedClock()
    played(isolated_dirs, clock=clock).close()
    backed_up_today(isolated_dirs, clock)
    db = isolated_dirs / "mlquiz.sqlite3"
    damaged = bytes_changed_under_the_stamp(db)
    stamp = db.with_name(db.name + ".checked").read_bytes()
    game = GameService(isolated_dirs, clock=clock)
    game.verify_stamp_later = True
    assert game.open_store() is None
    game.close()  # quit at the menu, before the comparison
    assert db.with_name(db.name + ".checked").read_bytes() == stamp

    assert cli.main(["stats"]) == 0  # a command compares the CRC as it opens
    [moved] = moved_files(isolated_dirs)
    assert f"moved to {moved}" in capsys.readouterr().err
    assert moved.read_bytes() == damaged


def test_a_sound_file_is_compared_once_and_stamped_again(isolated_dirs, monkeypatch):
    clock = FixedClock()
    played(isolated_dirs, answers=5, clock=clock).close()
    backed_up_today(isolated_dirs, clock)
    db = isolated_dirs / "mlquiz.sqlite3"
    crcs = count_crcs(monkeypatch)
    game = GameService(isolated_dirs, clock=clock)
    game.verify_stamp_later = True
    assert game.open_store() is None
    game.check_database_in_background()
    game.store.wait_for_full_check(timeout=20)
    session = game.start_quiz("databricks-mlflow", shuffle=False)
    assert game.submit(session, "a run").saved.ok
    assert game.store.recovered_from is None
    game.close()
    assert len(crcs) == 2  # compared once, and fingerprinted anew at the close
    with Store(db) as store:  # stamped: the next open finds it as closed
        assert store.recovered_from is None
        assert store._stamped is not None


def test_f7_the_days_backup_waits_for_the_comparison_and_never_copies_damage(isolated_dirs):
    """The first start of a day backs the file up: its CRC is compared first, so a
    damaged file is moved aside instead of becoming the newest backup."""
    from mlquiz.core.store.backup import list_backups

    clock = FixedClock()
    played(isolated_dirs, clock=clock).close()
    db = isolated_dirs / "mlquiz.sqlite3"
    backups = list_backups(db)
    damaged = bytes_changed_under_the_stamp(db)
    clock.tick(2 * 24 * 3600)  # a backup is due
    game = GameService(isolated_dirs, clock=clock)
    game.verify_stamp_later = True
    moved = game.open_store()
    assert moved is not None and moved.read_bytes() == damaged
    assert list_backups(db) == backups  # no backup of the damaged file
    game.close()
