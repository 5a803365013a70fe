"""What the two caches (parsed decks, compiled graders) share: their code stamp.

A cache is only read by the code that wrote it: its file holds the stamp of
that code, and a reader with another stamp ignores it (and rebuilds).
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Iterable
from itertools import chain
from operator import itemgetter
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


# -- the shape of what a cache holds ---------------------------------------------
# A checksum says the bytes are those written; it cannot say they were written
# with the layout this code reads (a bug, a hand edit, another build with the
# same stamp). So every cache checks the values it loads against the shape its
# code expects, and drops what does not fit (one log line) instead of failing
# on every use later. Shapes are built from these:
#   str, int, float, bool  the exact type (True is no int here);
#   Fixed(a, b, ...)       a tuple of exactly those shapes;
#   TupleOf(a)             a tuple of any length, each item shaped a;
#   ListOf(a), FrozenSetOf(a), DictOf(key, value), Maybe(a) (None or a).


class ShapeError(ValueError):
    """Loaded values that do not have the shape the code reads."""


class Fixed:
    def __init__(self, *items: Any) -> None:
        self.items = items


class TupleOf:
    kind: type = tuple

    def __init__(self, item: Any) -> None:
        self.item = item


class ListOf(TupleOf):
    kind = list


class FrozenSetOf(TupleOf):
    kind = frozenset


class DictOf:
    def __init__(self, key: Any, value: Any) -> None:
        self.key = key
        self.value = value


class Maybe:
    def __init__(self, item: Any) -> None:
        self.item = item


def check_shape(value: Any, shape: Any, where: str = "value") -> None:
    """Raise ShapeError, saying where, if `value` does not have `shape`.

    All the values at one level are checked together, with C-level passes
    (`map(type, ...)` into a set): a compiled 10,000-card grader holds a few
    million values, and a call per value would cost seconds.
    """
    _check_all([value], shape, where)


def _check_all(values: Iterable[Any], shape: Any, where: str) -> None:
    if isinstance(shape, type):  # a leaf: one pass, nothing kept
        _kinds(values, shape, where)
        return
    values = values if isinstance(values, list) else list(values)
    if not values:
        return
    if isinstance(shape, Maybe):
        _check_all([v for v in values if v is not None], shape.item, where)
    elif isinstance(shape, Fixed):
        _kinds(values, tuple, where)
        size = len(shape.items)
        if set(map(len, values)) != {size}:
            raise ShapeError(f"{where} is not a tuple of {size}")
        kinds = set(shape.items)
        if len(kinds) == 1 and isinstance(shape.items[0], type):  # (int, int): one pass
            _kinds(chain.from_iterable(values), shape.items[0], f"an item of {where}")
            return
        for n, item_shape in enumerate(shape.items):
            _check_all(list(map(itemgetter(n), values)), item_shape, f"{where}[{n}]")
    elif isinstance(shape, TupleOf):
        _kinds(values, shape.kind, where)
        _check_all(chain.from_iterable(values), shape.item, f"an item of {where}")
    elif isinstance(shape, DictOf):
        _kinds(values, dict, where)
        _check_all(chain.from_iterable(values), shape.key, f"a key of {where}")
        items = chain.from_iterable(map(dict.values, values))
        _check_all(items, shape.value, f"a value of {where}")
    else:  # pragma: no cover - a shape this code does not know is our bug
        raise TypeError(f"not a shape: {shape!r}")


def _kinds(values: Iterable[Any], kind: type, where: str) -> None:
    found = set(map(type, values))
    if found - {kind}:
        wrong = sorted(k.__name__ for k in found - {kind})
        raise ShapeError(f"{where} is {', '.join(wrong)}, not {kind.__name__}")
