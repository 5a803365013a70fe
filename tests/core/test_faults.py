"""Faults that must never lose an answer (issue 6).

Two games writing at once, a read-only or full data directory, a damaged
database and one from a newer mlquiz: each checked at the level the user meets
it, through `GameService` and the `mlquiz` command, not only in the store.

As root, chmod does not stop writes, so read-only and full disks are made
real another way: a read-only disk by opening SQLite with `mode=ro` (SQLite's
own "attempt to write a readonly database"), a full disk with `PRAGMA
max_page_count` (SQLite's own SQLITE_FULL, "database or disk is full"), and a
read-only folder by making `mkdir` fail with EROFS.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

import pytest

from mlquiz import cli
from mlquiz.core.clock import FixedClock
from mlquiz.core.errors import StorageError
from mlquiz.core.store import schema as storage
from mlquiz.service import GameService
from tests.support.factories import make_deck, make_service


def new_service(data_dir: Path, clock: FixedClock | None = None) -> GameService:
    """A service over six two-point cards ("alpha", "beta"), graded by the real grader."""
    deck = make_deck(n=6, question="Name the two parts of thing {i}?", answer="alpha and beta")
    return make_service(data_dir, clock, decks=[deck])


SRC = Path(__file__).resolve().parents[2] / "src"


def stored(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM attempts").fetchone()[0]


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# -- two instances at once ----------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import json, sys, time
    from mlquiz.core.cards import Card, Deck, KeyPoint
    from mlquiz.service import GameService

    data_dir, start_at, total = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    cards = tuple(
        Card(id=str(i), question=f"Q{i}?", answer="alpha beta",
             points=(KeyPoint("alpha", ("alpha",)), KeyPoint("beta", ("beta",))))
        for i in range(100)
    )
    deck = Deck(id="demo", title="Demo", description="", cards=cards)

    class Scan:
        decks, errors = [deck], []

    service = GameService(data_dir, deck_scanner=lambda: Scan)
    service.open_store()
    errors, done = [], 0
    while time.time() < start_at:  # both writers start together
        time.sleep(0.001)
    while done < total:
        session = service.start_quiz("demo", shuffle=False)
        for _ in range(min(session.total, total - done)):
            try:
                answered = service.submit(session, "alpha" if done % 3 else "alpha and beta")
            except Exception as error:  # what the user would see
                errors.append(f"{type(error).__name__}: {error}")
            else:
                if not answered.saved.ok:  # "could not be saved" on the screen
                    errors.append(answered.saved.error)
            done += 1
            service.advance(session)
        results = service.finish(session)
        if not results.saved.ok:
            errors.append(results.saved.error)
    print(json.dumps({"errors": errors[:5], "n_errors": len(errors), "done": done}))
    """
)


def test_two_games_saving_1000_answers_each_lose_nothing(tmp_path):
    """Two processes each submit 1,000 answers through GameService into one data dir:
    no error (no "database is locked") reaches either, and all 2,000 are stored.

    However the two happen to overlap on a busy machine, each must wait its turn at
    least once: a third connection holds the write lock as they start, for a second
    (well inside the store's 5 s busy timeout)."""
    data = tmp_path / "shared"
    new_service(data).open_store()  # create the database first, as a running game would
    db = data / "mlquiz.sqlite3"
    start_at = time.time() + 1.5
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with closing(sqlite3.connect(db, isolation_level=None)) as blocker:
        blocker.execute("BEGIN IMMEDIATE")  # as another game's long write would
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(data), str(start_at), "1000"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(2)
        ]
        time.sleep(max(start_at - time.time(), 0) + 1.0)
        blocker.execute("COMMIT")
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    for report in reports:
        assert report["n_errors"] == 0, report["errors"]
        assert report["done"] == 1000
    assert stored(db) == 2000
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sessions = conn.execute("SELECT count(DISTINCT session_id) FROM attempts").fetchone()[0]
    assert sessions == 20


# -- read-only or full data directory ------------------------------------------------


class Disk:
    """Switches SQLite connections made by the store into a read-only or full disk."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.mode = "ok"
        real_connect = sqlite3.connect

        def connect(database, *args, **kwargs):
            if self.mode == "readonly" and not kwargs.get("uri"):
                kwargs["uri"] = True
                database = Path(database).resolve().as_uri() + "?mode=ro"
            conn = real_connect(database, *args, **kwargs)
            if self.mode == "full":
                # No page may be added: SQLite itself answers SQLITE_FULL.
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
            return conn

        monkeypatch.setattr(sqlite3, "connect", connect)


@pytest.fixture
def disk(monkeypatch) -> Disk:
    return Disk(monkeypatch)


def fill_up(service: GameService) -> None:
    """Enough answers that the next ones need new pages (the full disk bites at once)."""
    session = service.start_quiz("demo", shuffle=False)
    for _ in range(session.total):
        service.submit(session, "alpha beta " + "x" * 3000)
        service.advance(session)
    service.finish(session)
    service.close()
    # No free pages left over, so that every new answer needs new pages.
    with sqlite3.connect(service.database_path) as conn:
        conn.execute("VACUUM")
    conn.close()


@pytest.mark.parametrize(
    ("mode", "message"),
    [("readonly", "readonly database"), ("full", "database or disk is full")],
)
def test_a_read_only_or_full_disk_keeps_answers_in_memory(tmp_path, disk, mode, message):
    """Each answer is still graded and shown; the error names the database; the answers
    wait in `unsaved`, can be exported, and are stored by a retry once the disk is back."""
    service = new_service(tmp_path / "data")
    fill_up(service)
    before = stored(service.database_path)
    disk.mode = mode

    session = service.start_quiz("demo", shuffle=False)  # starting still works
    # Long answers: each needs new pages, which is what a full disk refuses.
    for answer in ("alpha and beta" + " y" * 5000, "alpha" + " z" * 5000):
        answered = service.submit(session, answer)  # graded: the verdict can be shown
        assert not answered.saved.ok and message in answered.saved.error
        assert str(service.database_path) in answered.saved.error
        service.advance(session)
    assert [a.verdict for a in service.unsaved] == ["correct", "partial"]
    # The end time may not be saved; the results still show.
    results = service.finish(session)
    assert results.answered == 2

    disk.mode = "ok"
    service.close()  # the next use reopens the store on the healthy disk
    assert service.retry_unsaved() == 0
    assert stored(service.database_path) == before + 2
    service.close()


def test_an_override_that_cannot_be_saved_waits_with_the_rest(tmp_path, disk):
    """'I was right' on a stored answer, with the disk gone read-only, is kept for the retry."""
    service = new_service(tmp_path / "data")
    session = service.start_quiz("demo", shuffle=False)
    attempt = service.submit(session, "alpha").attempt
    disk.mode = "readonly"
    service.close()
    answered = service.override(session, attempt, "correct")
    assert not answered.saved.ok and "readonly" in answered.saved.error
    assert answered.attempt.override == "correct"
    assert [a.override for a in service.unsaved] == ["correct"]
    disk.mode = "ok"
    service.close()
    assert service.retry_unsaved() == 0
    rows = service.store.session_attempts(session.id)
    assert [r["override"] for r in rows] == ["correct"]
    service.close()


def test_a_read_only_data_folder_names_the_path_and_play_goes_on(tmp_path, monkeypatch):
    """mkdir failing with EROFS: the store cannot open, the message names the folder, and
    a quiz can still be played with its answers kept in memory."""
    data = tmp_path / "ro" / "data"

    def erofs(self, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

    monkeypatch.setattr(Path, "mkdir", erofs)
    service = new_service(data)
    with pytest.raises(StorageError) as info:
        service.open_store()
    assert str(data) in str(info.value) and "Read-only file system" in str(info.value)

    session = service.start_quiz("demo", shuffle=False)
    answered = service.submit(session, "alpha and beta")
    assert not answered.saved.ok and "Read-only" in answered.saved.error
    assert answered.attempt.verdict == "correct"
    assert len(service.unsaved) == 1


def test_an_answer_the_disk_refuses_is_copied_to_a_file_at_once(tmp_path, disk, monkeypatch):
    """The moment an answer cannot be stored it is written to a JSON file in the current
    folder (not only on quit: a crash then loses nothing); `export_unsaved` returns it."""
    monkeypatch.chdir(tmp_path)
    service = new_service(tmp_path / "data", FixedClock())
    session = service.start_quiz("demo", shuffle=False)
    disk.mode = "readonly"
    service.close()
    answered = service.submit(session, "alpha, beta — ünïcode ✓")

    here = tmp_path / "mlquiz-unsaved-20250106-090000.json"
    assert answered.saved.copy == here and service.unsaved_file == here
    [record] = json.loads(here.read_text(encoding="utf-8"))
    assert record["answer"] == "alpha, beta — ünïcode ✓"
    assert record["verdict"] == "correct" and record["card_id"] == "1"
    assert record["answered_at"] == "2025-01-06T09:00:00+00:00"
    assert service.export_unsaved() == here


def test_the_copy_holds_every_unsaved_answer_and_goes_once_they_are_stored(
    tmp_path, disk, monkeypatch
):
    """One file per game, rewritten whole as answers and overrides are refused; once
    a retry stores them all it is removed (the database has them), and nothing else
    in the folder is touched."""
    monkeypatch.chdir(tmp_path)
    someone_elses = tmp_path / "notes.json"
    someone_elses.write_text("[1]")
    service = new_service(tmp_path / "data", FixedClock())
    session = service.start_quiz("demo", shuffle=False)
    disk.mode = "readonly"
    service.close()
    first = service.submit(session, "alpha").attempt
    service.advance(session)
    assert not service.submit(session, "alpha and beta").saved.ok
    assert not service.override(session, first, "correct").saved.ok
    [copy] = tmp_path.glob("mlquiz-unsaved-*.json")
    records = json.loads(copy.read_text(encoding="utf-8"))
    assert sorted((r["seq"], r["answer"], r["override"]) for r in records) == [
        (first.seq, "alpha", "correct"),
        (first.seq + 1, "alpha and beta", None),
    ]
    assert not list(tmp_path.glob(".mlquiz-unsaved-*.part"))  # written beside, renamed over

    disk.mode = "ok"
    service.close()
    assert service.retry_unsaved() == 0
    assert not copy.exists() and service.unsaved_file is None
    assert len(service.store.session_attempts(session.id)) == 2
    assert someone_elses.read_text() == "[1]"
    service.close()


def refusing_service(tmp_path, disk):
    """A service whose database refuses every answer, and a quiz on it."""
    service = new_service(tmp_path / "data", FixedClock())
    session = service.start_quiz("demo", shuffle=False)
    disk.mode = "readonly"
    service.close()
    return service, session


def refuse(service, session, text: str) -> None:
    assert not service.submit(session, text).saved.ok
    service.advance(session)


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """The temp and home folders the copy falls back to, inside the test's folder."""
    temp, home = tmp_path / "tmp", tmp_path / "home"
    temp.mkdir()
    home.mkdir()
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(temp))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    return temp, home


def test_a_file_of_the_same_name_is_never_overwritten(tmp_path, disk, monkeypatch):
    """Someone's file has the name the copy would take: the copy takes another."""
    monkeypatch.chdir(tmp_path)
    taken = tmp_path / "mlquiz-unsaved-20250106-090000.json"
    taken.write_text("someone else's")
    service, session = refusing_service(tmp_path, disk)
    refuse(service, session, "alpha")
    assert taken.read_text() == "someone else's"
    assert service.unsaved_file is not None and service.unsaved_file.parent == tmp_path
    assert service.unsaved_file.name.startswith("mlquiz-unsaved-20250106-090000-")


def test_when_the_folder_goes_away_the_copy_moves_with_every_answer(
    tmp_path, disk, monkeypatch, elsewhere
):
    """The folder of the copy is removed mid-game: the next refused answer starts a new
    copy in the temp folder, holding all of them."""
    temp, _ = elsewhere
    folder = tmp_path / "started-here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    service, session = refusing_service(tmp_path, disk)
    refuse(service, session, "alpha")
    first = service.unsaved_file
    assert first is not None and first.parent == folder
    first.unlink()
    folder.rmdir()
    refuse(service, session, "alpha and beta")
    moved = service.unsaved_file
    assert moved is not None and moved.parent == temp
    records = json.loads(moved.read_text(encoding="utf-8"))
    assert [r["answer"] for r in records] == ["alpha", "alpha and beta"]


def test_a_disk_too_full_for_the_copy_leaves_no_empty_file(tmp_path, disk, monkeypatch, elsewhere):
    """Writing the copy fails everywhere (no space): no empty or half-written file is
    left in any folder, and the answers stay in memory."""
    monkeypatch.chdir(tmp_path)

    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    service, session = refusing_service(tmp_path, disk)
    monkeypatch.setattr(os, "fsync", no_space)
    refuse(service, session, "alpha")
    refuse(service, session, "beta")
    assert service.unsaved_file is None and len(service.unsaved) == 2
    left = [p for p in tmp_path.rglob("*") if p.is_file() and "mlquiz-unsaved" in p.name]
    assert left == []


def test_saving_a_file_leaves_answers_already_stored_as_they_are(tmp_path, disk, monkeypatch):
    """A file older than an override given since: saving it does not undo the override."""
    monkeypatch.chdir(tmp_path)
    service, session = refusing_service(tmp_path, disk)
    refuse(service, session, "alpha")
    copy = service.unsaved_file
    older = copy.read_text(encoding="utf-8")
    disk.mode = "ok"
    service.close()
    assert service.retry_unsaved() == 0
    [attempt] = session.attempts
    service.override(session, attempt, "incorrect")
    copy.write_text(older, encoding="utf-8")  # the file as it was before
    assert service.save_unsaved_file(copy) == (0, 1)
    [row] = service.store.session_attempts(session.id)
    assert row["override"] == "incorrect"
    service.close()


def test_cli_stats_on_a_read_only_folder_is_one_line(capsys, monkeypatch, isolated_dirs):
    """`mlquiz stats` when the data folder cannot be created: one line naming it, exit 1."""

    def erofs(self, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

    monkeypatch.setattr(Path, "mkdir", erofs)
    code = cli.main(["stats"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    line = one_line(err)
    assert str(isolated_dirs) in line and "Read-only file system" in line


def test_cli_backup_on_a_full_disk_is_one_line(capsys, isolated_dirs, monkeypatch):
    """`mlquiz backup` that cannot write: one line naming the database, exit 1."""
    new_service(isolated_dirs).open_store()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    code = cli.main(["backup"])
    _, err = capsys.readouterr()
    assert code == 1
    assert str(isolated_dirs / "mlquiz.sqlite3") in one_line(err)


# -- a damaged database ------------------------------------------------------------------


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(16384))


def half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def header_only(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:60])


def played(data: Path, answers: int = 40) -> Path:
    """A data dir whose database holds `answers` answers, checkpointed into the main file."""
    service = new_service(data)
    while answers > 0:
        session = service.start_quiz("demo", shuffle=False)
        for _ in range(min(answers, session.total)):
            service.submit(session, "alpha beta " + "z" * 500)
            service.advance(session)
            answers -= 1
    service.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    service.close()
    return data / "mlquiz.sqlite3"


@pytest.mark.parametrize("damage", [garbage, half, header_only])
def test_a_damaged_database_is_moved_aside_and_the_game_goes_on(tmp_path, damage):
    """The service moves the file to <name>.corrupt-<stamp> byte for byte and plays on."""
    db = played(tmp_path / "data")
    damage(db)
    damaged = db.read_bytes()
    service = new_service(tmp_path / "data")
    moved = service.open_store()
    assert moved == db.with_name("mlquiz.sqlite3.corrupt-20250106-090000")
    assert moved.read_bytes() == damaged
    session = service.start_quiz("demo", shuffle=False)
    assert service.submit(session, "alpha and beta").attempt.verdict == "correct"
    assert stored(db) == 1
    service.close()


@pytest.mark.parametrize("damage", [garbage, half])
def test_cli_stats_says_where_a_damaged_database_went(capsys, isolated_dirs, damage):
    """`mlquiz stats` on a damaged database: one sentence naming the moved file, exit 0."""
    db = played(isolated_dirs)
    damage(db)
    code = cli.main(["stats"])
    _, err = capsys.readouterr()
    assert code == 0
    line = one_line(err)
    aside = isolated_dirs.glob("mlquiz.sqlite3.corrupt-*")
    [moved] = [p for p in aside if not p.name.endswith(("-wal", "-shm"))]
    assert str(moved) in line and "mlquiz restore" in line


def test_cli_export_reads_through_the_service_like_stats(capsys, isolated_dirs):
    """`mlquiz export` opens the database through the service, as `stats` does, not
    behind its back: the day's backup is taken, and a damaged file is moved aside and
    said so."""
    db = played(isolated_dirs, answers=3)
    assert not (isolated_dirs / "backups").exists()
    assert cli.main(["export", "--what", "history"]) == 0
    assert len(list((isolated_dirs / "backups").glob("*.sqlite3"))) == 1
    garbage(db)
    capsys.readouterr()
    code = cli.main(["export", "--what", "history"])
    _, err = capsys.readouterr()
    assert code == 0
    aside = isolated_dirs.glob("mlquiz.sqlite3.corrupt-*")
    [moved] = [p for p in aside if not p.name.endswith(("-wal", "-shm"))]
    assert str(moved) in err and "mlquiz restore" in err


def test_a_backup_brings_back_what_corruption_took(capsys, isolated_dirs):
    """After a corruption the latest backup can be restored: the answers come back."""
    db = played(isolated_dirs, answers=12)
    assert cli.main(["backup"]) == 0
    garbage(db)
    assert cli.main(["stats"]) == 0  # moves it aside, starts fresh
    assert cli.main(["restore", "latest"]) == 0
    capsys.readouterr()
    assert stored(db) == 12


# -- a database from a newer mlquiz -----------------------------------------------------------


def newer(data: Path) -> tuple[Path, bytes]:
    db = played(data, answers=3)
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {storage.schema_version() + 7}")
        conn.execute("PRAGMA journal_mode = DELETE")  # one file to compare
    conn.close()
    return db, db.read_bytes()


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_newer_database_is_refused_by_the_service_without_a_write(tmp_path):
    """The service refuses it with one clear sentence; no byte changes, no file appears."""
    db, before = newer(tmp_path / "data")
    files = listing(tmp_path / "data")
    service = new_service(tmp_path / "data")
    with pytest.raises(StorageError, match="newer version of mlquiz") as info:
        service.open_store()
    assert str(db) in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(StorageError):
        service.start_review("demo")
    assert db.read_bytes() == before
    assert listing(tmp_path / "data") == files


@pytest.mark.parametrize("argv", [["stats"], ["stats", "--json"], ["restore", "latest"]])
def test_cli_on_a_newer_database_exits_non_zero_in_one_line(tmp_path, argv):
    """In a real process: exit 1, one line on stderr, no traceback, the file unchanged."""
    data = tmp_path / "data"
    db, before = newer(data)
    files = listing(data)
    env = {**os.environ, "PYTHONPATH": str(SRC), "MLQUIZ_DATA_DIR": str(data)}
    result = subprocess.run(
        [sys.executable, "-m", "mlquiz", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith("mlquiz: ")
    assert db.read_bytes() == before
    assert listing(data) == files
