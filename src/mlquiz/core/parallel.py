"""Work of a big import split over the machine's cores, by forking.

An import of 100,000 cards spends most of its time on work done card by card
(key points, phrases checked as `deck check` would): `map_chunks` cuts the
cards into one contiguous chunk per core, works the first chunk in this
process and each other one in a forked child, and returns the results in
order, so the outcome is the same as working them all here, only sooner.

Forking, not a pool: a child starts with everything the import has read (no
card is sent to it) and sends back only its results; it ends with `os._exit`,
so it never frees, flushes or runs exit handlers the parent owns. A child
that fails in any way (killed, out of memory, an exception) costs time, not
the result: its chunk is worked again here. Nothing forks where it is unsafe
or useless: without `os.fork` (Windows), with other threads running (a lock
one of them holds would stay held in the child), on one core, or for a small
amount of work. `MLQUIZ_PROCESSES=1` turns it off (to measure or compare).
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterable, Sequence
from types import TracebackType
from typing import Generic, TypeVar, cast

T = TypeVar("T")
Item = TypeVar("Item")
Key = TypeVar("Key")

# Fewer items than this per chunk are not worth a fork (a few milliseconds).
MIN_CHUNK = 1_000
# More processes than this help little: an import is also bound by memory.
MAX_PROCESSES = 4


def processes() -> int:
    """How many processes may share the work: the cores this process may run on."""
    wanted = os.environ.get("MLQUIZ_PROCESSES", "")
    if wanted.isdigit() and int(wanted) >= 1:
        return min(int(wanted), MAX_PROCESSES)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES))


def map_chunks(work: Callable[[int, int], T], count: int, min_chunk: int = MIN_CHUNK) -> list[T]:
    """`[work(start, end) for each chunk]` over `range(count)` cut into contiguous
    chunks, one per process (a single chunk `[work(0, count)]` when not forking).
    `work` must depend only on its chunk and on state it does not change."""
    chunks = min(processes(), count // max(min_chunk, 1))
    if chunks < 2 or not _can_fork():
        return [work(0, count)]
    bounds = [count * i // chunks for i in range(chunks + 1)]
    spans = list(zip(bounds, bounds[1:], strict=False))
    children: list[tuple[int, int] | None] = []
    try:
        # Each child is in the list as soon as it is forked: a Ctrl+C between
        # two forks ends (and reaps) those already started, below.
        for span in spans[1:]:
            children.append(_fork(work, *span))
        results = [work(*spans[0])]
        for index, span in enumerate(spans[1:]):
            child, children[index] = children[index], None
            found = _collect(child) if child is not None else _FAILED
            results.append(work(*span) if found is _FAILED else cast(T, found))
        return results
    finally:
        for child in children:
            if child is not None:  # this process failed first: end the children
                _end(child)


def map_items(function: Callable[[Item], T], items: Sequence[Item]) -> list[T]:
    """`[function(item) for item in items]`, worked over the cores (`map_chunks`)."""
    chunks = map_chunks(lambda start, end: [function(i) for i in items[start:end]], len(items))
    return chunks[0] if len(chunks) == 1 else [r for chunk in chunks for r in chunk]


def count_each(function: Callable[[Item], Iterable[Key]], items: Sequence[Item]) -> dict[Key, int]:
    """How many of `items` give each key (`function(item)` gives each at most
    once: a set), counted over the cores (`map_chunks`), the chunks' counts
    summed here. The keys' order is not the one a single pass would give."""

    def count(start: int, end: int) -> dict[Key, int]:
        counts: dict[Key, int] = {}
        get = counts.get
        for item in items[start:end]:
            for key in function(item):
                counts[key] = get(key, 0) + 1
        return counts

    chunks = map_chunks(count, len(items))
    total = chunks[0]
    for chunk in chunks[1:]:
        for key, n in chunk.items():
            total[key] = total.get(key, 0) + n
    return total


class Beside(Generic[T]):
    """`work()` done in a forked child while this process goes on (`with
    Beside(work, worth) as job: ... job.result()`), or here when `result` is
    asked, if it cannot fork or `worth` is false (too little work to fork for)
    or the child fails. Leaving the `with` block first ends the child."""

    def __init__(self, work: Callable[[], T], worth: bool = True) -> None:
        self._work = work
        forks = worth and processes() >= 2 and _can_fork()
        self._child = _fork(lambda start, end: work(), 0, 0) if forks else None

    def result(self) -> T:
        child, self._child = self._child, None
        found = _collect(child) if child is not None else _FAILED
        return self._work() if found is _FAILED else cast(T, found)

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._child is not None:
            _end(self._child)
            self._child = None


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


_FAILED = object()


def _fork(work: Callable[[int, int], object], start: int, end: int) -> tuple[int, int] | None:
    """A child working `work(start, end)` and writing its pickled result to a
    pipe: (its pid, the pipe's end to read), or None when it cannot start."""
    try:
        read, write = os.pipe()
    except OSError:
        return None
    # Ctrl+C held back over the fork, in both processes: in the child, a
    # KeyboardInterrupt before its `try` would unwind the parent's stack there
    # (the child would go on as the parent); in the parent, before the child is
    # returned, nothing would end it. Each lets it through once it is ready.
    held = _hold_interrupts()
    try:
        pid = os.fork()
    except OSError:  # no process to be had: this chunk is worked here
        _let_interrupts(held)
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child
        code = 1
        try:
            _let_interrupts(held)  # a Ctrl+C held back ends the child here
            os.close(read)
            data = pickle.dumps(work(start, end), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    try:
        os.close(write)
        _let_interrupts(held)
        return pid, read
    except BaseException:  # a Ctrl+C let through: the caller never gets the child
        _end((pid, read))
        raise


_Mask = set[int | signal.Signals]


def _hold_interrupts() -> _Mask | None:
    """Block SIGINT in this thread (None where signals cannot be blocked)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _let_interrupts(held: _Mask | None) -> None:
    """The signal mask as it was before `_hold_interrupts`: a SIGINT that came
    meanwhile is delivered now (a KeyboardInterrupt here)."""
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _collect(child: tuple[int, int]) -> object:
    """The child's result, or _FAILED when it did not finish well."""
    pid, read = child
    try:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
    except BaseException:  # Ctrl+C while waiting: the child is no one's now
        _end((pid, -1))
        raise
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return _FAILED
    try:
        return pickle.loads(data)
    except Exception:  # a truncated result
        return _FAILED


def _end(child: tuple[int, int]) -> None:
    pid, read = child
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    if read < 0:  # closed already
        return
    try:
        os.close(read)
    except OSError:
        pass
