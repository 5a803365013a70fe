"""The journal of answers the database refused: `mlquiz-unsaved-<time>.json`.

When the database cannot be written, `Journal.record` keeps each refused
answer in memory and copies all of them to this file as they come, so a
crash loses none; once the database takes an answer again it leaves the
journal, and the file goes when it is empty. `mlquiz save-unsaved FILE`
stores a file's answers once the database works again. The file is a JSON
list with one object per answer, the fields of `session.Attempt`, times as
ISO-8601 and the key-point lists as lists (`dumps`, `read`).

The file goes in the folder the game was started in, else the temp folder,
else the home folder (the data folder is what failed). It is made new, never
overwriting a file that is there, and replaced whole each time, so it always
holds every unsaved answer and is never half written (`core/fileio.py`).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from mlquiz.core.answered import Saved
from mlquiz.core.clock import Clock, stamp
from mlquiz.core.errors import StorageError, UnsavedFileError
from mlquiz.core.fileio import create_new, read_regular, write_atomic
from mlquiz.core.modes import Mode
from mlquiz.core.session import VERDICTS, Attempt
from mlquiz.core.verdicts import Verdict

# Each field of an Attempt and the JSON types it may have in the file.
_KINDS: dict[str, tuple[type, ...]] = {
    "session_id": (str,),
    "deck_id": (str,),
    "card_id": (str,),
    "seq": (int,),
    "answer": (str,),
    "verdict": (str,),
    "score": (int, float),
    "found": (list,),
    "missed": (list,),
    "contradicted": (list,),
    "confusion": (str, type(None)),
    "hints_used": (int,),
    "skipped": (bool,),
    "answered_at": (str,),
    "elapsed": (int, float),
    "mode": (str,),
    "timed": (bool,),
    "override": (str, type(None)),
    "card_hash": (str, type(None)),
    "scheduled": (bool,),
    "retention": (int, float, type(None)),
}
# Fields with a default in Attempt, which an older file may lack.
_OPTIONAL = ("timed", "override", "card_hash", "scheduled", "retention")
# The fields that hold lists in the file and tuples in an Attempt.
_TUPLES = ("found", "missed", "contradicted")


def dumps(attempts: list[Attempt]) -> str:
    """The file's text for `attempts`."""
    records = [{**asdict(a), "answered_at": a.answered_at.isoformat()} for a in attempts]
    return json.dumps(records, ensure_ascii=False, indent=1)


def read(path: Path | str) -> list[Attempt]:
    """The answers in the file at `path`; raises UnsavedFileError naming what is wrong."""
    path = Path(path)
    try:
        # A regular file within the read limit: a FIFO or /dev/zero must not hang it.
        records = json.loads(read_regular(path).decode("utf-8"))
    except OSError as exc:
        raise UnsavedFileError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except RecursionError:
        raise UnsavedFileError(f"{path}: not an mlquiz-unsaved file (nested too deeply)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnsavedFileError(f"{path}: not an mlquiz-unsaved file ({exc})") from None
    if not isinstance(records, list):
        raise UnsavedFileError(f"{path}: not an mlquiz-unsaved file (expected a list of answers)")
    return [_attempt(path, number, record) for number, record in enumerate(records, 1)]


def _attempt(path: Path, number: int, record: Any) -> Attempt:
    where = f"{path}: answer {number}"
    if not isinstance(record, dict):
        raise UnsavedFileError(f"{where}: expected an object, found {type(record).__name__}")
    missing = [name for name in _KINDS if name not in record and name not in _OPTIONAL]
    if missing:
        raise UnsavedFileError(f"{where}: missing {', '.join(missing)}")
    values = {name: record[name] for name in _KINDS if name in record}
    for name, value in values.items():
        kinds = _KINDS[name]
        # bool is an int to isinstance: a true/false where a number goes is wrong too.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise UnsavedFileError(f"{where}: {name} is {value!r}")
    for name in ("score", "elapsed", "retention"):
        value = values.get(name)
        if value is not None and not math.isfinite(value):  # JSON from elsewhere may say NaN
            raise UnsavedFileError(f"{where}: {name} is {value!r}")
    if values.get("retention") is not None and not 0 < values["retention"] < 1:
        raise UnsavedFileError(f"{where}: retention is {values['retention']!r}")
    for name in ("seq", "hints_used"):
        # SQLite stores 64-bit integers: a bigger number would fail deep in the store.
        if not 0 <= values[name] < 2**63:
            raise UnsavedFileError(f"{where}: {name} is {values[name]!r}, out of range")
    for name in ("verdict", "override"):
        if values.get(name) is not None and values[name] not in VERDICTS:
            raise UnsavedFileError(f"{where}: {name} is {values[name]!r}")
        if values.get(name) is not None:
            values[name] = Verdict(values[name])
    if values["mode"] not in tuple(Mode):
        raise UnsavedFileError(f"{where}: mode is {values['mode']!r}")
    values["mode"] = Mode(values["mode"])
    try:
        values["answered_at"] = datetime.fromisoformat(values["answered_at"])
    except ValueError:
        raise UnsavedFileError(f"{where}: answered_at is {values['answered_at']!r}") from None
    if values["answered_at"].tzinfo is None:
        raise UnsavedFileError(f"{where}: answered_at has no time zone")
    for name in _TUPLES:
        if not all(isinstance(item, str) for item in values[name]):
            raise UnsavedFileError(f"{where}: {name} is {values[name]!r}")
        values[name] = tuple(values[name])
    return Attempt(**values)


def key(attempt: Attempt) -> tuple[str, int]:
    """What names an attempt in the store: its session and its place in it."""
    return (attempt.session_id, attempt.seq)


class Journal:
    """The answers the database refused, in memory and in their file.

    `record(attempt, store)` tries `store(attempt)` and keeps the attempt if
    that raises `StorageError`; an attempt kept earlier leaves once stored.
    `folder` is where a new file goes first (None: the current folder).
    """

    def __init__(self, clock: Clock, folder: Path | str | None = None) -> None:
        self._clock = clock
        self._folder = folder
        self._attempts: list[Attempt] = []
        # The copy of the attempts, and whether its last write held them all.
        self.file: Path | None = None
        self.copied = False

    @property
    def attempts(self) -> list[Attempt]:
        return list(self._attempts)

    def holds(self, attempt: Attempt) -> bool:
        return any(key(a) == key(attempt) for a in self._attempts)

    def forget(self, attempt: Attempt) -> bool:
        """Drop `attempt` (an undone answer) from the kept ones and from their file;
        whether it was kept."""
        others = [a for a in self._attempts if key(a) != key(attempt)]
        if len(others) == len(self._attempts):
            return False
        self._set(others)
        return True

    def record(self, attempt: Attempt, store: Callable[[Attempt], object]) -> Saved:
        """Store `attempt` through `store`; if the database refuses, keep it here."""
        others = [a for a in self._attempts if key(a) != key(attempt)]
        try:
            store(attempt)
        except StorageError as error:
            self._set([*others, attempt])
            return Saved(ok=False, copy=self.file if self.copied else None, error=str(error))
        if len(others) != len(self._attempts):  # it was unsaved, and now it is stored
            self._set(others)
        return Saved()

    def retry(self, store: Callable[[Attempt], object]) -> int:
        """Store the kept attempts, stopping at the first refusal; how many are left."""
        for attempt in list(self._attempts):
            if not self.record(attempt, store).ok:
                break
        return len(self._attempts)

    def export(self, folder: Path | str | None = None) -> Path:
        """Write the kept attempts to their file now; returns its path.

        The first call makes a new file, `mlquiz-unsaved-<time>.json`, in
        `folder` (default: the journal's), failing that in the temp folder,
        then the home folder. Later calls replace that same file whole.
        Raises OSError if none of the folders can be written (`file`, if set,
        still holds the attempts as they were at its last write).
        """
        return self._write(self._attempts, folder)

    def _write(self, attempts: list[Attempt], folder: Path | str | None = None) -> Path:
        payload = dumps(attempts)
        earlier = self.file
        if earlier is not None:
            try:
                write_atomic(earlier, payload)
                return earlier
            except OSError:
                pass  # that folder went away or filled up: start a new file elsewhere
        self.file = self._new_file(folder if folder is not None else self._folder, payload)
        if earlier is not None:
            # The new file holds all of them; the old one, only some (and the
            # player may have been told its path): remove it if that is possible.
            try:
                earlier.unlink(missing_ok=True)
            except OSError:
                pass
        return self.file

    def _new_file(self, folder: Path | str | None, payload: str) -> Path:
        import tempfile  # here: rarely needed, and not on the way to the menu

        when = stamp(self._clock())
        places = []
        try:
            places.append(Path(folder) if folder is not None else Path.cwd())
        except OSError:  # the folder the game was started in was deleted
            pass
        places += [Path(tempfile.gettempdir()), Path.home()]
        error: OSError = OSError("no folder to export to")
        for place in places:
            # A clash with an existing file gets a random suffix; it is never overwritten.
            for suffix in ("", f"-{os.urandom(3).hex()}"):
                target = place / f"mlquiz-unsaved-{when}{suffix}.json"
                try:
                    create_new(target, payload)
                except FileExistsError as exc:
                    error = exc
                    continue
                except OSError as exc:
                    error = exc
                    break
                return target
        raise error

    def _set(self, attempts: list[Attempt]) -> None:
        """Make `attempts` the kept ones, their file written first, so that whoever
        sees them in `attempts` (the app, from its own thread) finds the file too.
        With none left the file is removed: its answers are all in the database. A
        file that cannot be written leaves them in memory."""
        if attempts:
            try:
                self._write(attempts)
                self.copied = True
            except OSError:
                self.copied = False
            self._attempts = attempts
            return
        self._attempts = []
        if self.file is not None:
            try:
                self.file.unlink(missing_ok=True)
            except OSError:
                pass
            self.file = None
