"""What the two caches (parsed decks, compiled graders) share: their code stamp.

A cache is only read by the code that wrote it: its file holds the stamp of
that code, and a reader with another stamp ignores it (and rebuilds).
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any

from mlquiz import __version__

_CORE = Path(__file__).parent


def code_stamp(cache_format: int, *files: str) -> tuple[Any, ...]:
    """What a cache was written by: its format, mlquiz, Python's marshal, and the
    size and modification time of `files` (paths under mlquiz/core), so an
    editable install that changes them is not served what the old code built."""
    stamp: list[Any] = [cache_format, __version__, sys.implementation.cache_tag, marshal.version]
    for name in files:
        try:
            st = os.stat(_CORE / name)
            stamp.append((name, st.st_size, st.st_mtime_ns))
        except OSError:
            stamp.append((name, None, None))
    return tuple(stamp)


def package_files(package: str) -> list[str]:
    """The modules of a package under mlquiz/core ("grading"), as `code_stamp` names them."""
    folder = _CORE / package
    try:
        return sorted(f"{package}/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*.py"))
    except OSError:
        return []
