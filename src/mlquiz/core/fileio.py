"""Writing files so that a crash, a full disk or a second writer never leaves half of one.

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
folder, so the rename is atomic) and removed when the write fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from mlquiz.core.clock import stamp


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
