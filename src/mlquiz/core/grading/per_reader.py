"""A cache of what is worked out from a deck's texts by its reader, kept per reader.

A function of (reader, texts...) cached with `functools.lru_cache` is cached for
every grader at once, keyed on the reader: a deck replaced by another (an edit,
a new deck played) keeps its old reader, and the reader's caches (a big deck's
vocabulary among them), alive until newer entries push it out. `per_reader`
keeps each reader's values with that reader instead (a weak key): dropping the
grader frees them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from mlquiz.core.grading.reader import Reader

P = ParamSpec("P")
T = TypeVar("T")

# Values kept per reader and function at most (a deck's cards, many times over).
LIMIT = 50_000


def per_reader(
    function: Callable[Concatenate[Reader, P], T],
) -> Callable[Concatenate[Reader, P], T]:
    """`function(reader, *texts)` cached per reader (positional, hashable arguments)."""
    caches: WeakKeyDictionary[Reader, dict[tuple[Hashable, ...], T]] = WeakKeyDictionary()

    @wraps(function)
    def cached(reader: Reader, /, *args: P.args, **kwargs: P.kwargs) -> T:
        if kwargs:
            return function(reader, *args, **kwargs)
        cache = caches.get(reader)
        if cache is None:
            cache = caches[reader] = {}
        key: tuple[Hashable, ...] = args
        if key in cache:
            return cache[key]
        value = function(reader, *args, **kwargs)  # (no keywords here)
        if len(cache) < LIMIT:
            cache[key] = value
        return value

    return cached
