"""A cache of compiled graders: a deck's vocabulary and compiled cards.

A `Grader` compiles a card when an answer to it is first graded (about half
a millisecond a card), reads the whole deck once for its vocabulary (the
words typos are corrected to), and reads every card's stems and essential
points when an answer first asks for a cross-card check (seconds on a
100,000-card deck). The vocabulary, the compiled cards and those cross-card
pieces are kept in `<data dir>/cache/grader-<hash>.marshal`, one file per
deck, and the next start loads them instead (see bench/first_answer.py,
bench/deck_load.py). A deck of up to `WHOLE_DECK_CARDS` cards is compiled
whole when its file is first written (at most a few tenths of a second); a
bigger one's file holds its vocabulary, then the cross-card pieces once an
answer has asked for them (the file is written again then), so its first
game compiles only the cards it plays. A deck of `cross_search.SEARCH_FROM`
cards or more has no such pieces to keep: its text is searched for each
answer's stems (`deck_search.py`), and its words looked up by first letter,
so its file is written only if something works the whole vocabulary out.

A file is used only when it was written for the very same deck content (a
SHA-256 of the deck's fields, the glossary included) by the same grader code
(the size and modification time of the grading package's modules, text.py
and cards.py, the mlquiz and snowball versions, the Python marshal format).
Like the deck cache it holds plain values written with `marshal` (loading
runs no code), behind a CRC-32, written whole or not at all
(`fileio.write_atomic`). A missing, stale or unreadable file is ignored and the grader is built as
before: never an error, never a grader for another deck. A damaged file (not
a cache file, a wrong checksum, values that do not load or have the wrong
shape, checked type by type, `compiled.card_values_shape`) is moved aside as
`<name>.broken-<time>` with one log line, never deleted or written over.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import marshal
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mlquiz.core.cachefile import (
    Fixed,
    FrozenSetOf,
    Maybe,
    TupleOf,
    check_shape,
    code_stamp,
    package_files,
)
from mlquiz.core.cards import Deck, deck_to_value
from mlquiz.core.fileio import write_atomic
from mlquiz.core.grading.compiled import card_values_shape
from mlquiz.core.grading.cross_index import cross_state_shape
from mlquiz.core.grading.grader import Grader
from mlquiz.core.text import STEMMER_VERSION

log = logging.getLogger("mlquiz.cache")

FORMAT = 5
# Decks up to this many cards are cached compiled whole (~0.5 ms a card).
WHOLE_DECK_CARDS = 1_000
_MAGIC = b"mlquiz-grader\n"


def _code_stamp() -> tuple[Any, ...]:
    files = ("text.py", "cards.py", "verdicts.py", *package_files("grading"))
    return (*code_stamp(FORMAT, *files), STEMMER_VERSION)


def deck_digest(deck: Deck) -> str:
    """A hash of everything in the deck that grading reads."""
    # Id, title, description, cards, glossary: where the deck came from (its
    # source and path) does not change how it grades.
    # marshal's version 0: from version 3 its bytes for equal values depend on
    # which objects happen to be shared or interned, so they are no fingerprint;
    # version 0 writes every value out in full (3x faster than JSON, which took
    # most of the second's hashing of a 100,000-card deck at each start).
    content = deck_to_value(deck)[:5]
    return hashlib.sha256(marshal.dumps(content, 0)).hexdigest()


def cache_path(folder: Path, deck: Deck) -> Path:
    return folder / f"grader-{hashlib.sha256(deck.id.encode()).hexdigest()[:16]}.marshal"


def load_grader(deck: Deck, folder: Path | str) -> Grader | None:
    """The deck's grader from the cache in `folder`, or None if there is no good one."""
    path = cache_path(Path(folder), deck)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(_MAGIC):
            raise ValueError("not a grader cache file")
        crc, payload = data[len(_MAGIC) : len(_MAGIC) + 4], data[len(_MAGIC) + 4 :]
        if int.from_bytes(crc, "big") != zlib.crc32(payload):
            raise ValueError("its checksum does not match")
        stamp, digest, compiled, cross = marshal.loads(payload)
    except Exception as error:  # a damaged or foreign file: build the grader instead
        _set_aside(path, error)
        return None
    if stamp != _code_stamp() or digest != deck_digest(deck):
        return None  # another version of the deck or of the grader: replaced when saved
    try:
        # Right checksum, right stamp: the values must still have the shape the
        # grader reads (all cards checked at once: fast), or every answer fails;
        # the cards are restored one by one as they are graded.
        check_shape(
            compiled,
            Fixed(Maybe(FrozenSetOf(str)), TupleOf(card_values_shape())),
            "the grader cache",
        )
        check_shape(cross, cross_state_shape(), "the grader cache's cross-card pieces")
        grader = Grader(deck, compiled, cross)
        grader.deck_digest = digest
        return grader
    except Exception as error:
        _set_aside(path, error)
        return None


def _set_aside(path: Path, error: Exception) -> None:
    """A damaged cache file is renamed out of the way (`fileio.move_aside`), never
    deleted or written over: the grader is built again without it."""
    from mlquiz.core.clock import system_clock
    from mlquiz.core.fileio import move_aside

    try:
        target = move_aside(path, "broken", system_clock())
    except OSError as move_error:
        log.warning("grader cache %s is damaged (%s) and stays: %s", path, error, move_error)
        return
    log.warning("grader cache %s is damaged (%s): moved to %s", path, error, target)


def save_grader(grader: Grader, folder: Path | str, *, later: bool = False) -> None:
    """Keep `grader`'s compiled state in `folder`; a folder that cannot be written
    just means no cache.

    `later`: the state is taken now (plain values that no later grade changes),
    and hashed, encoded and written by a thread of its own, so the answer whose
    grade worked a piece out is shown without waiting for the file (seconds on a
    100,000-card deck); `wait_for_saves` waits for it (the process does at exit).
    """
    path = cache_path(Path(folder), grader.deck)
    whole = len(grader.deck.cards) <= WHOLE_DECK_CARDS
    state = grader.compiled_state(every_card=whole)
    cross = grader.cross_state()
    if not later:
        _write(grader, path, state, cross)
        return
    with _saving:
        global _last_save
        _last_save += 1
        number = _last_save
    thread = threading.Thread(
        target=_write, args=(grader, path, state, cross, number), name="mlquiz-grader-cache"
    )
    _threads[:] = [t for t in _threads if t.is_alive()]
    _threads.append(thread)
    thread.start()


# Saves running in threads (`save_grader(later=True)`): only the newest state of a
# file is written, whichever thread ends last.
_saving = threading.Lock()
_last_save = 0
_threads: list[threading.Thread] = []


def wait_for_saves() -> None:
    """Wait until every cache file being written in a thread is written."""
    while _threads:
        _threads.pop().join()


def _write(grader: Grader, path: Path, state: Any, cross: Any, number: int | None = None) -> None:
    try:
        if grader.deck_digest is None:  # hashing a 100,000-card deck takes a second
            grader.deck_digest = deck_digest(grader.deck)
        payload = marshal.dumps((_code_stamp(), grader.deck_digest, state, cross))
        data = _MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload
        with _saving:
            if number is None or number == _last_save:  # no newer state came since
                write_atomic(path, data, make_folder=True)
    except (OSError, ValueError):
        pass


@contextmanager
def _no_collections() -> Iterator[None]:
    """The garbage collector off while a grader is made: it makes tens of
    thousands of objects that all live on, and each collection their making
    set off walked all of them again (off: 2.4x faster to load, 1.6x to build)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def cached_grader(deck: Deck, folder: Path | str) -> Grader:
    """The deck's grader: from the cache in `folder` if it has a good one, else
    built (and then cached: see `WHOLE_DECK_CARDS`)."""
    with _no_collections():
        grader = load_grader(deck, folder)
        if grader is None:
            grader = Grader(deck)
            if len(deck.cards) <= WHOLE_DECK_CARDS:
                # A big deck's file is written once an answer has worked something
                # out (below): written now, it would hold nothing but the deck's
                # hash, which takes a second to make at 100,000 cards.
                save_grader(grader, folder)
    if len(deck.cards) > WHOLE_DECK_CARDS:
        # A cross-card piece worked out later (the first answer that asks for it)
        # is kept too, so the next start reads it instead of every card (a small
        # deck works it out in milliseconds).
        grader.on_built = lambda: save_grader(grader, folder, later=True)
    return grader
