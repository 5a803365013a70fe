"""Finding damage in the database, whenever it shows, and moving the file aside.

A database from a newer mlquiz is refused with `StorageError` before anything
is written to it (it is read through a read-only connection until its
version is known). A damaged one (not a database, cut short, failing SQLite's
checks) is moved aside as `<name>.corrupt-<YYYYmmdd-HHMMSS>`, never deleted,
with its `-wal` and `-shm`, and a fresh database is started.

Damage is looked for three ways, none of which trusts a file's modification
time:

- **On open, cheaply.** A clean close writes a stamp beside the file,
  `<name>.checked`: its size, inode, modification and change times and a
  CRC-32 of every byte. An open that finds no pending `-wal` and the same
  size, inode and times (the change time cannot be put back by a program:
  `utime` sets it to now) trusts the file at once; otherwise (a crash,
  another program, pages overwritten with the time put back, a copy, a
  restore) it runs `PRAGMA quick_check` (about 2 ms per MB) first. The CRC
  (about 190 ms for a 100 MB file) is then compared off the start-up path
  (`verify_stamp`): by the game on a thread once its menu is up, and by
  any store before its first write (so a write never lands on a file not
  yet verified, and a stamp is never refreshed over one); a command that
  wants it at open asks for it (`Store(verify_later=False)`, the default).
  A CRC that differs is followed by `PRAGMA quick_check`, and damage it
  finds is handled as damage found mid-session (see below). A session that
  wrote nothing stamps the file again without reading it.
- **Now and then, fully.** `PRAGMA integrity_check` (indexes against their
  tables too) runs in the background of the game once the last one is
  `FULL_CHECK_EVERY` old, on its own read-only connection, so damage a clean
  close stamped (a disk that returned a bad page SQLite never read) does not
  hide for long. `database.Store` acts on what it finds. (Short commands such
  as `mlquiz stats` do not start it: stopped at their end, it would start
  again each time and never finish.)
- **Whenever SQLite says so.** A read or write that fails with "database disk
  image is malformed" (or "not a database") mid-session is damage found;
  `database.Store` moves the file aside at that moment, just as on open.

A path that is a directory, or anything but a regular file, is refused with
its own message: it is not a database to move aside.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import zlib
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

from mlquiz.core.clock import as_utc, iso
from mlquiz.core.errors import StorageError
from mlquiz.core.fileio import move_aside, write_atomic

# SQLITE_CORRUPT and SQLITE_NOTADB: the only errors that mean the file is damaged.
CORRUPT_CODES = frozenset({11, 26})
# The files SQLite keeps beside a database: they belong to it.
SIDE_FILES = ("-wal", "-shm", "-journal")
# How old the last full integrity check may be before an open runs another.
FULL_CHECK_EVERY = timedelta(days=7)
# 3: the change time is part of the stamp.
_STAMP_VERSION = 3


def is_damaged(error: BaseException | None) -> bool:
    """Whether an sqlite3 error says the file itself is damaged (not locked, not missing)."""
    code = getattr(error, "sqlite_errorcode", None)
    # Extended codes (SQLITE_CORRUPT_INDEX is 779) carry the primary one in the low byte.
    return isinstance(code, int) and code & 0xFF in CORRUPT_CODES


def check_path(path: Path) -> None:
    """Refuse a database path that is a directory or a device, or whose folder is a
    file (MLQUIZ_DATA_DIR pointing at a file): each with a message of its own."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise StorageError(
            f"the data folder {folder} is a file, not a folder "
            "(is MLQUIZ_DATA_DIR set to a file?); mlquiz keeps your answers in that folder"
        )
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if stat.S_ISDIR(mode):
        raise StorageError(
            f"{path} is a directory, not the answer database; move it away "
            "(mlquiz keeps your answers in a file of that name)"
        )
    if not stat.S_ISREG(mode):
        raise StorageError(f"{path} is not a regular file, so it cannot be the answer database")


def open_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A read-only connection to the database at `path` that has read its schema.

    A WAL database needs its `-shm` file even to be read; in a folder that
    cannot be written (a read-only disk) that file cannot be made, and then
    the file is opened `immutable` (nothing can be writing to it either).
    Usable from any thread. Raises sqlite3.Error.
    """
    uri = path.resolve().as_uri()
    error: sqlite3.Error | None = None
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        conn = sqlite3.connect(uri + query, uri=True, timeout=timeout, check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            if is_damaged(exc):
                raise
            error = exc
            continue
        return conn
    assert error is not None
    raise error


def check_existing(
    path: Path, newest: int, now: datetime, timeout: float, *, verify: bool = True
) -> tuple[Path | None, Fingerprint | None]:
    """Refuse a database newer than schema `newest`, move a damaged one aside;
    writes nothing to a healthy one. Returns where a damaged one went, and the
    stamp of a file found with the size, inode and times a clean close stamped
    (its CRC compared too if `verify`, else still to be: `verify_stamp`)."""
    check_path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None, None
    try:
        with closing(open_read_only(path, timeout)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > newest:
                raise StorageError(
                    f"{path} was written by a newer version of mlquiz "
                    f"(schema {version}; this version knows up to {newest}). "
                    "Upgrade mlquiz to use it; the file has not been changed."
                )
            stamped = stamped_as_closed(path)
            if stamped is not None and (not verify or verify_stamp(path, stamped)):
                return None, stamped
            check = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        # Only "not a database" and "malformed" mean the file is damaged. Anything
        # else (locked, cannot open, I/O error) may be passing or about the
        # folder, and moving a healthy database aside would hide the user's data.
        if not is_damaged(error):
            raise StorageError(f"cannot read {path}: {error}") from error
        return move_damaged(path, now), None
    if check != [("ok",)]:
        return move_damaged(path, now), None
    return None, None


def move_damaged(path: Path, now: datetime) -> Path:
    """Move a damaged database (and its journal files) to `<name>.corrupt-<stamp>`."""
    try:
        # The journal files belong to the broken database; keep them with it.
        target = move_aside(path, "corrupt", now, SIDE_FILES)
    except OSError as error:
        raise StorageError(f"{path} is damaged and could not be moved aside: {error}") from error
    _stamp_path(path).unlink(missing_ok=True)
    return target


def integrity_problem(
    path: Path, timeout: float, started: list[sqlite3.Connection], *, quick: bool = False
) -> str | None:
    """The full check (`quick`: the quick one): None if `PRAGMA integrity_check`
    finds the file sound, else what it found. Runs on its own read-only
    connection, appended to `started` so another thread can interrupt it.
    Errors other than damage count as sound (the check is tried again at a
    later open)."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with closing(open_read_only(path, timeout)) as conn:
            started.append(conn)
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.Error as error:
        return str(error) if is_damaged(error) else None
    if rows == [("ok",)]:
        return None
    return "; ".join(str(row[0]) for row in rows[:3])


# -- the stamp of a clean close ---------------------------------------------------


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".checked")


Fingerprint = dict[str, int]


_IDENTITY = ("size", "ino", "mtime_ns", "ctime_ns")


def _identity_of(path: Path) -> Fingerprint | None:
    """The cheap part of a fingerprint: size, inode, modification and change times."""
    try:
        info = path.stat()
    except OSError:
        return None
    return {
        "size": info.st_size,
        "ino": info.st_ino,
        "mtime_ns": info.st_mtime_ns,
        "ctime_ns": info.st_ctime_ns,
    }


def _crc_of(path: Path) -> int:
    """A CRC-32 of every byte of the file (raises OSError)."""
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _fingerprint(path: Path) -> Fingerprint | None:
    """Size, inode, modification and change times and a CRC-32 of the whole file."""
    identity = _identity_of(path)
    try:
        crc = _crc_of(path)
    except OSError:
        return None
    # Taken again after the read: a file that changed meanwhile is not stamped.
    if identity is None or _identity_of(path) != identity:
        return None
    return {**identity, "crc32": crc}


def _read_stamp(path: Path) -> dict[str, object]:
    try:
        stamp = json.loads(_stamp_path(path).read_text(encoding="ascii"))
    except (OSError, ValueError, UnicodeError):
        return {}
    if not isinstance(stamp, dict) or stamp.get("version") != _STAMP_VERSION:
        return {}
    return stamp


def stamped_as_closed(path: Path) -> Fingerprint | None:
    """The stamp of a clean close if the file has its size, inode and times and
    no pending `-wal`, else None. Its CRC is compared later (`verify_stamp`)."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size:
            return None
    except OSError:
        return None
    stamped = _read_stamp(path).get("file")
    if not isinstance(stamped, dict) or not isinstance(stamped.get("crc32"), int):
        return None
    identity = _identity_of(path)
    if identity is None or any(stamped.get(key) != identity[key] for key in _IDENTITY):
        return None
    return {key: int(stamped[key]) for key in (*_IDENTITY, "crc32")}


def verify_stamp(path: Path, stamped: Fingerprint) -> bool:
    """Whether the file is byte for byte as the clean close that wrote `stamped`
    left it (its CRC-32 and identity the same). False when it cannot be read."""
    try:
        crc = _crc_of(path)
    except OSError:
        return False
    identity = _identity_of(path)
    return (
        crc == stamped["crc32"]
        and identity is not None
        and all(stamped[key] == identity[key] for key in _IDENTITY)
    )


def full_check_due(path: Path, now: datetime) -> bool:
    """Whether the last full check of the file is older than FULL_CHECK_EVERY (or unknown)."""
    last = _read_stamp(path).get("full_check")
    try:
        when = datetime.fromisoformat(str(last))
    except ValueError:
        return True
    # abs(): a clock that went back must not put the check off until it catches up.
    return abs(as_utc(now) - as_utc(when)) >= FULL_CHECK_EVERY


def last_full_check(path: Path) -> str | None:
    last = _read_stamp(path).get("full_check")
    return last if isinstance(last, str) else None


def mark_checked(
    path: Path, full_check: datetime | str | None, known: Fingerprint | None = None
) -> None:
    """After a clean close (no -wal left: no other writer), remember the file, and
    when it last passed a full check (None: never). `known` is a fingerprint
    taken earlier: reused (no reading the file again) if the file's size, inode
    and modification time still match it."""
    stamp_path = _stamp_path(path)
    try:
        if path.with_name(path.name + "-wal").exists():
            stamp_path.unlink(missing_ok=True)
            return
        same = known is not None and _identity_of(path) == {key: known[key] for key in _IDENTITY}
        fingerprint = known if same else _fingerprint(path)
        if fingerprint is None:
            return
        when = iso(full_check) if isinstance(full_check, datetime) else full_check
        stamp = {"version": _STAMP_VERSION, "file": fingerprint, "full_check": when}
        write_atomic(stamp_path, json.dumps(stamp) + "\n")
    except OSError:
        pass  # only costs a quick check on the next open


def forget_stamp(path: Path) -> None:
    """The file is about to change outside a clean close: drop its stamp."""
    try:
        _stamp_path(path).unlink(missing_ok=True)
    except OSError:
        pass
