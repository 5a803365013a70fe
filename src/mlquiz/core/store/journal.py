"""The journal of answers the database refused: `mlquiz-unsaved-<time>.json`.

When the database cannot be written, the game copies each refused answer to
this file as it is given (see `GameService.export_unsaved`); `mlquiz
save-unsaved FILE` stores them once the database works again. The file is a
JSON list with one object per answer, the fields of `session.Attempt`, times
as ISO-8601 and the key-point lists as lists.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from mlquiz.core.errors import UnsavedFileError
from mlquiz.core.session import VERDICTS, Attempt

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
}
# Fields with a default in Attempt, which an older file may lack.
_OPTIONAL = ("timed", "override")
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
        records = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UnsavedFileError(f"{path}: cannot read it: {exc.strerror or exc}") from None
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
    for name in ("score", "elapsed"):
        if not math.isfinite(values[name]):  # JSON from elsewhere may say NaN
            raise UnsavedFileError(f"{where}: {name} is {values[name]!r}")
    for name in ("verdict", "override"):
        if values.get(name) is not None and values[name] not in VERDICTS:
            raise UnsavedFileError(f"{where}: {name} is {values[name]!r}")
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
