"""Reading and writing files so that no file can hang, flood or be half-written.

Reading a file a user names (a deck, a file to import):

- `read_regular(path, limit)`: the bytes of a regular file (a symbolic link
  to one is fine), at most `limit` of them (`read_limit()`: 50 MB unless
  `MLQUIZ_MAX_FILE_MB` says otherwise). A directory, a FIFO (which would
  wait forever for a writer), a device such as /dev/zero (which never ends)
  or a socket is refused with `NotARegularFile`, a bigger file with
  `FileTooBig`: both OSErrors whose `strerror` says what is wrong.

Writing files so that a crash, a full disk or a second writer never leaves
half of one:

- `write_atomic(path, data)`: the new content goes to a file beside `path`,
  is flushed to disk (fsync), then renamed over `path`: a reader sees the old
  file or the new one, never a mix, and a crash leaves the old one.
- `replacing(path)`: the same for content some other code writes (SQLite's
  backup API writes a database file): write to the path it yields.
- `create_new(path, data)`: a new file, whole or not at all, never replacing
  one that is there (FileExistsError).
- `move_aside(path, label, now)`: a damaged file renamed out of the way as
  `<name>.<label>-<YYYYmmdd-HHMMSS>` (or `-1`, `-2`, ... if taken), never
  deleted or overwritten, with its side files (a database's `-wal`, ...).

Temporary files are named `.<name>.<random>.part` beside the target (the same
folder, so the rename is atomic) and removed when the write fails. A file the
user names as an output goes through `output_target` first: only a regular
file (or nothing) may be replaced, never a device such as /dev/null, a FIFO
or a directory.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from mlquiz.core.clock import stamp

# The most a file named by the user is read into memory, unless raised.
DEFAULT_READ_LIMIT_MB = 50
READ_LIMIT_ENV = "MLQUIZ_MAX_FILE_MB"


class NotARegularFile(OSError):
    """A path that is a directory, FIFO, device or socket where a file was expected."""


class FileTooBig(OSError):
    """A file over the read limit."""


def read_limit() -> int:
    """The read limit in bytes: `MLQUIZ_MAX_FILE_MB` megabytes, else 50 MB."""
    text = os.environ.get(READ_LIMIT_ENV, "").strip()
    try:
        megabytes = float(text) if text else DEFAULT_READ_LIMIT_MB
    except ValueError:
        megabytes = DEFAULT_READ_LIMIT_MB
    if not megabytes > 0:
        megabytes = DEFAULT_READ_LIMIT_MB
    return int(megabytes * 1024 * 1024)


def megabytes(size: int) -> str:
    """`size` bytes for a message: '50 MB', '73.2 MB', '512 KB', '12 bytes'."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    value = size / 1024 / 1024
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` (default `read_limit()`).

    Raises `NotARegularFile` ("is a FIFO (named pipe), not a file"),
    `FileTooBig` ("is 73.2 MB, over the 50 MB limit"), or the OSError of
    opening or reading it.
    """
    limit = read_limit() if limit is None else limit
    # O_NONBLOCK: opening a FIFO must not wait for a writer; a regular file ignores it.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _kind_of(mode)
            text = f"is {kind}, not a file" if kind.startswith("a ") else f"is {kind}"
            raise NotARegularFile(errno.EINVAL, text, str(path))
        size = os.fstat(fd).st_size
        if size > limit:
            raise _too_big(path, size, limit)
        # The size stat gave in one read, so that a big file is held once (chunks
        # joined at the end held it twice); then on to the end, as the file may
        # have grown meanwhile.
        chunks: list[bytes] = [os.read(fd, size + 1)] if size else []
        total = len(chunks[0]) if chunks else 0
        if total > limit:
            raise _too_big(path, total, limit)
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total) or 1):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _too_big(path, total, limit)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def _too_big(path: Path | str, size: int, limit: int) -> FileTooBig:
    return FileTooBig(
        errno.EFBIG,
        f"is {megabytes(size)}, over the {megabytes(limit)} limit for a file mlquiz reads "
        f"(raise it with --max-size MB or {READ_LIMIT_ENV})",
        str(path),
    )


def output_target(path: Path | str) -> Path:
    """Where to write an output the user named as `path`: `path` itself, or the
    regular file a symbolic link there points to (the link is kept). Refuses
    (NotARegularFile) anything else: a device such as /dev/null, a FIFO, a
    directory, a socket. Nothing at `path` yet is fine.
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return path  # nothing there (or a dangling link): the write says what is wrong
    if not stat.S_ISREG(mode):
        raise NotARegularFile(
            errno.EINVAL, f"is {_kind_of(mode)}: only a regular file may be replaced", str(path)
        )
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def part_name(path: Path) -> Path:
    """A temporary name beside `path`, unique to this write."""
    return path.with_name(f".{path.name}.{os.urandom(4).hex()}.part")


def _write_new(path: Path, data: bytes | str) -> None:
    """Create `path` (FileExistsError if it is there) with `data`, on disk when it returns."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with open(path, "xb") as handle:
        handle.write(raw)
        handle.flush()
        os.fsync(handle.fileno())


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def write_atomic(path: Path | str, data: bytes | str, *, make_folder: bool = False) -> None:
    """Replace `path`'s content by `data` (str is written as UTF-8), whole or not at
    all; with `make_folder`, its folder is made if missing. Raises OSError, leaving
    no temporary file."""
    path = Path(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    part = part_name(path)
    try:
        _write_new(part, data)
        os.replace(part, path)
    except BaseException:
        _remove(part)
        raise


@contextmanager
def replacing(path: Path | str, part: Path | None = None) -> Iterator[Path]:
    """Yield a temporary path (`part`, or one beside `path`) for the caller to write;
    when the block ends without error the file is flushed to disk and renamed over
    `path`, otherwise it is removed."""
    path = Path(path)
    part = part if part is not None else part_name(path)
    try:
        yield part
        with open(part, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(part, path)
    except BaseException:
        _remove(part)
        raise


def create_new(path: Path | str, data: bytes | str) -> None:
    """Make `path` with `data`, whole or not at all; FileExistsError if it is there.

    Written to a file beside it and linked to its name, which fails rather than
    replace an existing file: a full disk leaves no empty file behind.
    """
    path = Path(path)
    part = part_name(path)
    try:
        _write_new(part, data)
        try:
            os.link(part, path)
        except FileExistsError:
            raise
        except OSError:
            # No hard links on this file system (FAT, some network drives):
            # make the file in place, and take it away again if writing fails.
            try:
                _write_new(path, data)
            except FileExistsError:
                raise
            except OSError:
                _remove(path)
                raise
    finally:
        _remove(part)


def free_path(path: Path) -> Path:
    """`path`, or `path-1`, `path-2`... whichever does not exist yet."""
    candidate, n = path, 0
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def move_aside(
    path: Path | str, label: str, now: datetime, side_suffixes: Sequence[str] = ()
) -> Path:
    """Rename `path` to `<name>.<label>-<stamp>` (a free name) and return it.

    Each existing `<name><suffix>` for `side_suffixes` (a database's "-wal",
    "-shm", "-journal") goes with it, so a fresh file never replays the old
    one's journal. Raises OSError if the file cannot be moved.
    """
    path = Path(path)
    target = free_path(path.with_name(f"{path.name}.{label}-{stamp(now)}"))
    os.replace(path, target)
    for suffix in side_suffixes:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target
