"""Backups of the answer database: made automatically, restored by the user.

Copies are taken with SQLite's online backup API (`Connection.backup`), never
by copying the file. A file copy made while another mlquiz is writing can be
torn, and one made without the `-wal` file beside it misses the latest
answers; the backup API reads one consistent snapshot, WAL included, and
writes into a live database as a single transaction that other connections
see all at once.

Backups live in `<data dir>/backups/` as `mlquiz-<YYYYmmdd-HHMMSS>.sqlite3`
(UTC, from the clock passed in), in rollback-journal mode so each is one
self-contained file. Each is first written under a `.partial` name and
renamed when complete, so a crash half-way never leaves a file that looks like
a backup. The newest `KEEP` are kept; older ones are deleted.

- `backup_if_due` is called when the service opens the store: at most one
  backup a day, and none of a database with no answers (a fresh database made
  after a corrupt one was moved aside must not push good backups out).
- `make_backup` is `mlquiz backup`.
- `restore_backup` is `mlquiz restore BACKUP`: it checks the backup (a
  readable, sound SQLite file whose tables and columns are those of the
  mlquiz schema of its version: any SQLite file with an `attempts` table
  made the database unusable), copies the current database to
  `before-restore-<stamp>.sqlite3` in the same folder, then copies the backup
  in with the backup API, giving up (and changing nothing) if another mlquiz
  holds the write lock. Those copies are kept apart from the backups, so
  trying a few backups never pushes a backup out, and "latest" stays the
  newest backup rather than the database a restore just replaced. The
  newest `KEEP_BEFORE_RESTORE` of them are kept (the newest always); an older
  one is deleted only when every answer it holds is also in the database, a
  backup or a kept copy, since the first may be the only copy of the newest
  answers.
- A backup killed half-way leaves `<name>.partial` and SQLite's
  `<name>.partial-journal`; both are deleted once an hour old.

The pre-migration copy that `database.Store` makes beside the database
(`<name>.backup-v<old>-<stamp>`) is separate and never pruned.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mlquiz.core.clock import as_utc
from mlquiz.core.errors import BackupError
from mlquiz.core.fileio import move_aside, replacing
from mlquiz.core.store.recovery import SIDE_FILES, is_damaged
from mlquiz.core.store.schema import MIGRATIONS, schema_version

KEEP = 5
# The copies made before a restore: this many newest ones are always kept.
KEEP_BEFORE_RESTORE = 3
EVERY = timedelta(days=1)
FOLDER = "backups"
# How long restore waits for another mlquiz to finish a write before giving up.
RESTORE_WAIT = 2.0

BACKUP_PREFIX = "mlquiz"
BEFORE_RESTORE_PREFIX = "before-restore"
_NAME_RE = re.compile(r"^(mlquiz|before-restore)-(\d{8}-\d{6})(?:-(\d+))?\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
# A `.partial` older than this is left over from a crash, not in progress.
_STALE_PARTIAL = 3600


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as `mlquiz restore` lists it."""

    path: Path
    taken_at: datetime
    size: int
    answers: int | None  # None when the file cannot be read as a database


def backup_dir(db_path: Path | str) -> Path:
    return Path(db_path).parent / FOLDER


def list_backups(db_path: Path | str, prefix: str = BACKUP_PREFIX) -> list[Path]:
    """The backups of the database at `db_path`, newest first (with `prefix`
    BEFORE_RESTORE_PREFIX: the copies made before a restore)."""
    folder = backup_dir(db_path)
    try:
        names = [p for p in folder.iterdir() if _kind(p) == prefix and p.is_file()]
    except OSError:  # no folder yet, or unreadable: no backups to offer
        return []
    return sorted(names, key=_order, reverse=True)


def describe(path: Path) -> BackupInfo:
    """When a backup was taken, its size, and how many answers it holds."""
    answers: int | None
    try:
        with closing(_open_ro(path)) as conn:
            answers = conn.execute("SELECT count(*) FROM attempts").fetchone()[0]
    except sqlite3.Error:
        answers = None
    taken = _taken_at(path) or datetime.min.replace(tzinfo=UTC)
    return BackupInfo(path, taken, path.stat().st_size, answers)


def make_backup(
    db_path: Path | str,
    *,
    now: datetime,
    keep: int = KEEP,
    prune: bool = True,
    prefix: str = BACKUP_PREFIX,
) -> Path:
    """Copy the database into the backups folder now; returns the new file."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise BackupError(f"there is no database at {db_path} to back up")
    folder = backup_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"cannot create the backup folder {folder}: {_why(error)}") from error
    target = _free_name(folder, prefix, as_utc(now).strftime(_STAMP))
    try:
        # Written under the `.partial` name (which `prune_backups` knows), flushed
        # to disk, then renamed: a crash never leaves what looks like a backup.
        with replacing(target, part=target.with_name(target.name + ".partial")) as partial:
            # Read-only: backing up must never write to the database (a newer
            # version's file stays byte-identical, a busy one is not disturbed).
            with closing(_open_ro(db_path)) as source, closing(sqlite3.connect(partial)) as copy:
                source.backup(copy)
                # One self-contained file: no -wal/-shm appear when it is read later.
                copy.execute("PRAGMA journal_mode = DELETE")
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"cannot back up {db_path} to {folder}: {_why(error)}") from error
    if prune:
        prune_backups(db_path, keep)
    return target


def backup_if_due(
    db_path: Path | str,
    *,
    now: datetime,
    every: timedelta = EVERY,
    keep: int = KEEP,
    before: Callable[[], object] | None = None,
) -> Path | None:
    """A backup if the newest is older than `every` and there are answers to keep;
    `before` is called first when one is due (the store makes sure the file is
    sound: a damaged one must not become a backup).

    Returns the new backup, or None when none was due.
    """
    db_path = Path(db_path)
    backups = list_backups(db_path)
    if backups:
        taken = _taken_at(backups[0])
        # abs(): a clock that went back must not stop backups until it catches up.
        if taken is not None and abs(as_utc(now) - taken) < every:
            return None
    if before is not None:
        before()
    if not _has_answers(db_path):
        return None
    return make_backup(db_path, now=now, keep=keep)


def prune_backups(db_path: Path | str, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups (and stale partial copies). The
    copies made before a restore are never deleted here: the first of them may
    hold answers no backup has."""
    removed = []
    for old in list_backups(db_path)[keep:]:
        if _unlink(old):
            removed.append(old)
    folder = backup_dir(db_path)
    try:
        # The copy and SQLite's journal beside it (`.partial-journal`, `-wal`...).
        partials = [
            p
            for p in folder.glob("*.sqlite3.partial*")
            if _kind(p.with_name(p.name.split(".partial", 1)[0]))
        ]
    except OSError:
        partials = []
    for partial in partials:
        try:
            stale = time.time() - partial.stat().st_mtime > _STALE_PARTIAL
        except OSError:
            continue
        if stale:
            _unlink(partial)
    return removed


def find_backup(db_path: Path | str, name: str) -> Path:
    """The backup meant by `name`: "latest" (the newest backup, not a copy made
    before a restore), a file name in the backups folder (".sqlite3" may be left
    off), or a path."""
    if name == "latest":
        backups = list_backups(db_path)
        if not backups:
            raise BackupError(f"there are no backups in {backup_dir(db_path)}")
        return backups[0]
    if os.sep not in name:
        for file_name in (name, f"{name}.sqlite3"):
            in_folder = backup_dir(db_path) / file_name
            if in_folder.is_file():
                return in_folder
    path = Path(name).expanduser()
    if path.is_file():
        return path
    raise BackupError(f"no backup named {name} (run `mlquiz restore` to list them)")


def restore_backup(
    db_path: Path | str,
    backup: Path | str,
    *,
    now: datetime,
    keep: int = KEEP,
    wait: float = RESTORE_WAIT,
) -> Path | None:
    """Replace the database's content by the backup's; returns where the old one went.

    The old content is first copied to `before-restore-<stamp>.sqlite3` in the
    backups folder (None when there was no database yet); a damaged database
    that cannot be read is moved aside as `<name>.corrupt-<stamp>` instead.
    Refuses (BackupError, nothing changed) if the backup is not a usable
    mlquiz database, or if another mlquiz holds the write lock for more than
    `wait` seconds.
    """
    db_path, backup = Path(db_path), Path(backup)
    _check_backup(backup)
    if backup.resolve() == db_path.resolve():
        raise BackupError(f"{backup} is the database itself, not a backup")
    saved: Path | None = None
    if db_path.is_file() and db_path.stat().st_size > 0:
        try:
            saved = make_backup(db_path, now=now, prune=False, prefix=BEFORE_RESTORE_PREFIX)
        except BackupError as error:
            if not is_damaged(error.__cause__):
                raise
            saved = _move_aside(db_path, now)
    try:
        _copy_in(backup, db_path, wait)
    except BaseException:
        if saved is not None and saved.name.startswith(db_path.name + ".corrupt-"):
            # Put the damaged file back: a failed restore changes nothing.
            os.replace(saved, db_path)
        raise
    prune_backups(db_path, keep)
    prune_before_restore(db_path)
    return saved


def prune_before_restore(db_path: Path | str, keep: int = KEEP_BEFORE_RESTORE) -> list[Path]:
    """Delete the copies made before a restore beyond the newest `keep`, but only
    those whose every answer is also in the database, a backup or a kept copy."""
    db_path = Path(db_path)
    copies = list_backups(db_path, BEFORE_RESTORE_PREFIX)
    old = copies[keep:]
    if not old:
        return []
    elsewhere: set[tuple[str, int]] = set()
    for other in [db_path, *list_backups(db_path), *copies[:keep]]:
        elsewhere |= _answer_keys(other) or set()
    removed = []
    for copy in old:
        keys = _answer_keys(copy)
        if keys is not None and keys <= elsewhere and _unlink(copy):
            removed.append(copy)
        else:
            elsewhere |= keys or set()  # kept: what it holds is held now
    return removed


def _answer_keys(path: Path) -> set[tuple[str, int]] | None:
    """Which answers a database holds, as (session, position); None if unreadable."""
    try:
        with closing(_open_ro(path)) as conn:
            return {
                (row[0], row[1]) for row in conn.execute("SELECT session_id, seq FROM attempts")
            }
    except sqlite3.Error:
        return None


# -- helpers ------------------------------------------------------------------


class _Busy(Exception):
    pass


def _copy_in(backup: Path, db_path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait

    def give_up_when_busy(status: int, remaining: int, total: int) -> None:
        # Python's backup() retries a busy step forever; this bounds the wait.
        if status in (_SQLITE_BUSY, _SQLITE_LOCKED) and time.monotonic() >= deadline:
            raise _Busy

    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(_open_ro(backup)) as source,
            closing(sqlite3.connect(db_path, timeout=wait)) as target,
        ):
            source.backup(target, progress=give_up_when_busy, sleep=0.05)
            check = target.execute("PRAGMA quick_check").fetchall()
    except _Busy:
        raise BackupError(
            f"another mlquiz is writing to {db_path}; close it and try again (nothing was changed)"
        ) from None
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"cannot restore into {db_path}: {_why(error)}") from error
    if check != [("ok",)]:
        raise BackupError(f"{db_path} failed its check after the restore: {check[0][0]}")


def _check_backup(backup: Path) -> None:
    """Refuse anything that is not a readable mlquiz database this version understands."""
    if not backup.is_file():
        raise BackupError(f"no backup at {backup}")
    try:
        with closing(_open_ro(backup)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            check = conn.execute("PRAGMA quick_check").fetchall()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error as error:
        raise BackupError(f"{backup} is not a usable backup: {error}") from error
    if check != [("ok",)]:
        raise BackupError(f"{backup} is damaged: {check[0][0]}")
    if version > schema_version():
        raise BackupError(
            f"{backup} was written by a newer version of mlquiz (schema {version}); "
            "upgrade mlquiz to restore it"
        )
    if "attempts" not in tables:
        raise BackupError(f"{backup} is not an mlquiz database (it has no answers table)")
    misfit = _schema_misfit(backup, version)
    if misfit:
        raise BackupError(f"{backup} is not an mlquiz database of schema {version}: {misfit}")


def _schema_misfit(backup: Path, version: int) -> str:
    """What the backup lacks of mlquiz's schema `version` (tables, columns); "" if nothing."""
    if version < 1:
        return "it has no schema version"
    with closing(_open_ro(backup)) as conn:
        found = _tables(conn)
    missing = []
    for table, columns in _expected_tables(version).items():
        if table not in found:
            missing.append(f"table {table}")
        else:
            missing += [f"{table}.{c}" for c in columns if c not in found[table]]
    return "no " + ", ".join(missing) if missing else ""


def _expected_tables(version: int) -> dict[str, list[str]]:
    """The tables and columns of schema `version`, as its migrations make them."""
    with closing(sqlite3.connect(":memory:")) as conn:
        for migration in MIGRATIONS[:version]:
            migration(conn)
        return _tables(conn)


def _tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')] for name in names
    }


def _open_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)


def _has_answers(db_path: Path) -> bool:
    try:
        with closing(_open_ro(db_path)) as conn:
            row = conn.execute("SELECT EXISTS (SELECT 1 FROM attempts)").fetchone()
            return bool(row[0])
    except sqlite3.Error:
        return False


def _move_aside(db_path: Path, now: datetime) -> Path:
    try:
        # The old journal files belong to the damaged file; a fresh copy must not replay them.
        return move_aside(db_path, "corrupt", now, SIDE_FILES)
    except OSError as error:
        raise BackupError(
            f"{db_path} is damaged and could not be moved aside: {_why(error)}"
        ) from error


def _free_name(folder: Path, prefix: str, stamp: str) -> Path:
    target, n = folder / f"{prefix}-{stamp}.sqlite3", 0
    while target.exists() or target.with_name(target.name + ".partial").exists():
        n += 1
        target = folder / f"{prefix}-{stamp}-{n}.sqlite3"
    return target


def _kind(path: Path) -> str | None:
    """BACKUP_PREFIX or BEFORE_RESTORE_PREFIX for a file named like one, else None."""
    match = _NAME_RE.match(path.name)
    return match.group(1) if match else None


def _order(path: Path) -> tuple[str, int]:
    match = _NAME_RE.match(path.name)
    assert match is not None
    return match.group(2), int(match.group(3) or 0)


def _taken_at(path: Path) -> datetime | None:
    match = _NAME_RE.match(path.name)
    if match is None:
        return None
    # Read by hand: `strptime` imports _strptime, calendar and locale on every
    # start that opens the database (issue 15).
    d = match.group(2).replace("-", "")
    try:
        return datetime(
            int(d[0:4]),
            int(d[4:6]),
            int(d[6:8]),
            int(d[8:10]),
            int(d[10:12]),
            int(d[12:14]),
            tzinfo=UTC,
        )
    except ValueError:  # a name like a backup's that is no date
        return None


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True


def _why(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
