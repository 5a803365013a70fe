"""Which games have the database open, so `mlquiz restore` can refuse while one plays.

A game holds a lock file, `running/game-<pid>.lock` beside the database, for
as long as it runs (the folder goes with the last game's file): the file names
the process (its id, when it started, its command line) and is locked with
`flock`, which the system releases when the process ends however it ends.
`open_games` lists the files whose lock is still held; a file left by a crash
(its lock released) is stale and removed.

Restoring under an open game would put the backup's answers under a game that
still shows the old ones and goes on writing into the file that replaced them;
the command line refuses instead, naming the game's process. A system without
`flock` (Windows) falls back on whether the named process still exists.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

FOLDER = "running"
STALE_AFTER_SECONDS = 60.0


class OpenGame(NamedTuple):
    """A game holding the database: its process id, start time and command line.

    (A NamedTuple, not a dataclass: this module is imported as the game starts,
    and a dataclass costs a millisecond there.)
    """

    pid: int
    started_at: str
    command: str

    def __str__(self) -> str:
        return f"process {self.pid} ({self.command}, started {self.started_at})"


def _folder(db_path: Path) -> Path:
    return Path(db_path).parent / FOLDER


@contextlib.contextmanager
def hold(db_path: Path | str, now: datetime) -> Iterator[Path | None]:
    """Mark this process as a game on `db_path` until the block ends.

    Yields the lock file, or None when it could not be made (a read-only
    folder): the game plays all the same, `restore` just cannot see it.
    """
    path = _folder(Path(db_path)) / f"game-{os.getpid()}.lock"
    handle = None
    try:
        for attempt in range(2):
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - held for the block
                break
            except FileNotFoundError:  # another game's end removed the empty folder
                if attempt:
                    raise
        assert handle is not None
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        record = {
            "pid": os.getpid(),
            "started_at": now.astimezone().strftime("%Y-%m-%d %H:%M"),
            "command": " ".join(["mlquiz", *sys.argv[1:]]),
        }
        handle.write(json.dumps(record))
        handle.flush()
    except OSError:
        if handle is not None:
            handle.close()
        handle = None
    try:
        yield path if handle is not None else None
    finally:
        if handle is not None:
            with contextlib.suppress(OSError):
                path.unlink()
            handle.close()  # releases the lock
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # when no other game is in it: nothing left behind


def open_games(db_path: Path | str) -> list[OpenGame]:
    """The games other than this process that have `db_path` open, by process id."""
    folder = _folder(Path(db_path))
    try:
        files = sorted(folder.glob("game-*.lock"))
    except OSError:
        return []
    games = []
    for path in files:
        game = _holder(path)
        if game is not None and game.pid != os.getpid():
            games.append(game)
    return sorted(games, key=lambda game: game.pid)


def _holder(path: Path) -> OpenGame | None:
    """The game holding `path`, or None (and the file removed) when none does."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
            held = _locked(handle, path)
    except OSError:
        return None
    try:
        record = json.loads(text)
        game = OpenGame(int(record["pid"]), str(record["started_at"]), str(record["command"]))
    except (ValueError, KeyError, TypeError):
        game = None
    if held and game is None:  # being written this moment: a game all the same
        pid = path.stem.removeprefix("game-")
        return OpenGame(int(pid) if pid.isdigit() else 0, "just now", "mlquiz")
    if not held:
        # Left by a game that ended without removing it; a minute's grace, since a
        # game starting this moment has made its file but not yet locked it.
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > STALE_AFTER_SECONDS:
                path.unlink()
        return None
    return game


def _locked(handle: object, path: Path) -> bool:
    """Whether another process holds the lock on the open file `handle`."""
    if fcntl is None:  # pragma: no cover - Windows: is the named process alive?
        pid = path.stem.removeprefix("game-")
        try:
            os.kill(int(pid), 0)
        except (ValueError, OSError):
            return False
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)  # type: ignore[arg-type]
    except BlockingIOError:
        return True
    except OSError:
        return False
    fcntl.flock(handle, fcntl.LOCK_UN)  # type: ignore[arg-type]
    return False
