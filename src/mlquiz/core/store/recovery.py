"""Opening a database file that may be damaged, or from a newer mlquiz.

A database from a newer mlquiz is refused with `StorageError` before anything
is written to it (it is read through a read-only connection until its
version is known). A file that is not a database, is truncated, or fails
`PRAGMA quick_check` is moved aside as `<name>.corrupt-<YYYYmmdd-HHMMSS>`
(never deleted) and a fresh database is created. The check reads the whole
file (~2 ms per MB: 200 ms for 100,000 answers), so it is skipped when the
file is exactly as mlquiz left it: a clean close writes `<name>.checked`
(size, mtime, inode and a checksum of the first and last page), and an open
that finds the same fingerprint and no pending `-wal` trusts it. A crash,
another program, a restored backup or a copy changes the fingerprint, and
the next open checks in full.
"""

from __future__ import annotations

import sqlite3
import zlib
from contextlib import closing
from datetime import datetime
from pathlib import Path

from mlquiz.core.errors import StorageError
from mlquiz.core.fileio import move_aside

# SQLITE_CORRUPT and SQLITE_NOTADB: the only errors that mean the file is damaged.
CORRUPT_CODES = frozenset({11, 26})
# The files SQLite keeps beside a database: they belong to it.
SIDE_FILES = ("-wal", "-shm", "-journal")


def is_damaged(error: BaseException | None) -> bool:
    """Whether an sqlite3 error says the file itself is damaged (not locked, not missing)."""
    return getattr(error, "sqlite_errorcode", None) in CORRUPT_CODES


def check_existing(path: Path, newest: int, now: datetime, timeout: float) -> Path | None:
    """Refuse a database newer than schema `newest`, move a damaged one aside (and
    return where it went); writes nothing to a healthy one."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=timeout)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > newest:
                raise StorageError(
                    f"{path} was written by a newer version of mlquiz "
                    f"(schema {version}; this version knows up to {newest}). "
                    "Upgrade mlquiz to use it; the file has not been changed."
                )
            if unchanged_since_close(path):
                return None
            check = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        # Only "not a database" and "malformed" mean the file is damaged. Anything
        # else (locked, cannot open, I/O error) may be passing or about the
        # folder, and moving a healthy database aside would hide the user's data.
        if not is_damaged(error):
            raise StorageError(f"cannot read {path}: {error}") from error
        return _move_aside(path, now)
    if check != [("ok",)]:
        return _move_aside(path, now)
    return None


def _move_aside(path: Path, now: datetime) -> Path:
    try:
        # The journal files belong to the broken database; keep them with it.
        return move_aside(path, "corrupt", now, SIDE_FILES)
    except OSError as error:
        raise StorageError(f"{path} is damaged and could not be moved aside: {error}") from error


def _checked_path(path: Path) -> Path:
    return path.with_name(path.name + ".checked")


def _fingerprint(path: Path) -> str | None:
    try:
        info = path.stat()
        with open(path, "rb") as handle:
            head = handle.read(4096)
            handle.seek(max(info.st_size - 4096, 0))
            tail = handle.read(4096)
    except OSError:
        return None
    crc = zlib.crc32(head + tail)
    return f"{info.st_size} {info.st_mtime_ns} {info.st_ino} {crc:08x}"


def unchanged_since_close(path: Path) -> bool:
    """True if the file is byte-for-byte as a clean close left it (see the docstring)."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size:
            return False
        mark = _checked_path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeError):
        return False
    return mark == _fingerprint(path)


def mark_checked(path: Path) -> None:
    """After a clean close (no -wal left: no other writer), remember the file."""
    try:
        if path.with_name(path.name + "-wal").exists():
            _checked_path(path).unlink(missing_ok=True)
            return
        fingerprint = _fingerprint(path)
        if fingerprint is not None:
            _checked_path(path).write_text(fingerprint + "\n", encoding="ascii")
    except OSError:
        pass  # only costs a full check on the next open
