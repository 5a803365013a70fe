"""The deck index: what the menu shows of each deck, without reading a card.

Start-up lists the decks from one small file, `locations.deck_index_path()`,
holding per deck file its `DeckInfo` (id, title, description, where it comes
from, card count, tags and how many cards have each, a hash of its content)
or the problems that kept it from loading. An entry is used while the deck
file (and, for a built-in deck, the player's overlay of edits) has the size,
modification and change times and inode it had when the entry was made: any
write to a file changes its change time, which no program can set back. A
deck whose entry is missing or stale is loaded (from the deck cache when its
bytes are unchanged, `cache.py`, else parsed) and its entry made anew; its
cards are loaded again only when it is played (`library.load_indexed`).

Like the deck cache, the file is `marshal`ed plain values behind a CRC-32 and
the code stamp of the parser (a new parser may read the same file otherwise),
written whole or not at all; a missing, damaged, stale or foreign index is
rebuilt, never an error. Values of the wrong shape are dropped (one log line).
"""

from __future__ import annotations

import logging
import marshal
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mlquiz.core import locations
from mlquiz.core.cachefile import code_stamp
from mlquiz.core.fileio import write_atomic

if TYPE_CHECKING:
    from mlquiz.core.cards import Deck
    from mlquiz.core.errors import DeckError

log = logging.getLogger("mlquiz.cache")

# Bump when the layout of an entry changes.
FORMAT = 1
_MAGIC = b"mlquiz-deck-index\n"


class DeckInfo(NamedTuple):
    """What the menu, the deck list and the tag picker show of a deck.

    `tags` in the order the deck first uses them (as `Deck.tags`), `tag_counts`
    the cards having each; `content` a hash of the deck file's bytes (and of
    the player's edits to a built-in deck): another content, another value.
    """

    id: str
    title: str
    description: str
    source: str
    path: str
    card_count: int
    tags: tuple[str, ...]
    tag_counts: tuple[int, ...]
    content: str

    def tag_count(self, tag: str | None) -> int:
        """The cards with `tag` (None: every card)."""
        if tag is None:
            return self.card_count
        try:
            return self.tag_counts[self.tags.index(tag)]
        except ValueError:
            return 0


def info_of(deck: Deck, content: str | None = None) -> DeckInfo:
    """The index entry of a loaded deck; `content` defaults to a hash of its values."""
    counts: dict[str, int] = {}
    for card in deck.cards:
        for tag in card.tags:
            counts[tag] = counts.get(tag, 0) + 1
    if content is None:
        from mlquiz.core.cards import deck_to_value

        content = content_hash(marshal.dumps(deck_to_value(deck)))
    return DeckInfo(
        id=deck.id,
        title=deck.title,
        description=deck.description,
        source=deck.source,
        path=deck.path,
        card_count=len(deck.cards),
        tags=tuple(counts),
        tag_counts=tuple(counts.values()),
        content=content,
    )


def content_hash(*parts: bytes) -> str:
    """A short SHA-256 of `parts` (a deck file's bytes, its overlay's)."""
    import hashlib

    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:20]


def fingerprint(path: Path) -> tuple[int, int, int, int] | None:
    """(size, mtime_ns, ctime_ns, inode) of a file; None if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


# An entry: ((deck file fingerprint, overlay fingerprint or None), info values or
# None, and the problems of each error, as (path, line, problem) tuples).
Entry = tuple[Any, tuple[Any, ...] | None, tuple[tuple[tuple[str, int | None, str], ...], ...]]


def errors_to_value(errors: list[DeckError]) -> tuple[Any, ...]:
    return tuple(tuple((p.path, p.line, p.problem) for p in error.problems) for error in errors)


def errors_from_value(value: tuple[Any, ...]) -> list[DeckError]:
    from mlquiz.core.errors import DeckError, Problem

    return [DeckError.from_problems([Problem(*problem) for problem in error]) for error in value]


def _shape() -> Any:
    from mlquiz.core.cachefile import DictOf, Fixed, Maybe, TupleOf

    strings = TupleOf(str)
    info = Fixed(str, str, str, str, str, int, strings, TupleOf(int), str)
    problem = Fixed(str, Maybe(int), str)
    stat = Maybe(Fixed(int, int, int, int))
    entry = Fixed(Fixed(stat, stat), Maybe(info), TupleOf(TupleOf(problem)))
    return DictOf(Fixed(str, str), entry)


class DeckIndex:
    """The index file: `lookup` each deck file, `store` what changed, then `save`."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else locations.deck_index_path()
        self._stamp = code_stamp(FORMAT, *_parser_files())
        self._entries: dict[tuple[str, str], Entry] = {}
        self._used: set[tuple[str, str]] = set()
        self._dirty = False
        self._read()

    def _read(self) -> None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        try:
            if not data.startswith(_MAGIC):
                return
            header_end = data.index(b"\n", len(_MAGIC))
            payload = data[header_end + 1 :]
            if zlib.crc32(payload) != int(data[len(_MAGIC) : header_end]):
                return
            stamp, entries = marshal.loads(payload)
            if stamp != self._stamp:
                return
        except Exception:  # damaged in any way: start afresh
            return
        from mlquiz.core.cachefile import check_shape

        try:
            check_shape(entries, _shape(), "the deck index")
        except Exception as error:
            log.warning("deck index %s dropped: %s", self.path, error)
            return
        self._entries = entries

    def lookup(
        self,
        file: Path,
        source: str,
        file_stamp: tuple[int, int, int, int] | None,
        overlay_stamp: Callable[[str], object],
    ) -> tuple[DeckInfo | None, list[DeckError]] | None:
        """The info and errors of `file` if its entry was made from the file in the state
        `file_stamp` (see `fingerprint`) describes, and the deck's overlay of edits in
        the state `overlay_stamp(deck id)` gives; None if not (load the deck)."""
        key = (str(file), source)
        entry = self._entries.get(key)
        if entry is None or file_stamp is None or entry[0][0] != file_stamp:
            return None
        info = None if entry[1] is None else DeckInfo(*entry[1])
        if info is not None and overlay_stamp(info.id) != entry[0][1]:
            return None
        self._used.add(key)
        return info, errors_from_value(entry[2]) if entry[2] else []

    def store(
        self,
        file: Path,
        source: str,
        stamp: tuple[Any, Any],
        info: DeckInfo | None,
        errors: list[DeckError],
    ) -> None:
        key = (str(file), source)
        self._used.add(key)
        if stamp[0] is None:  # a file that cannot be stat'ed: nothing to key it by
            return
        self._entries[key] = (stamp, None if info is None else tuple(info), errors_to_value(errors))
        self._dirty = True

    def save(self) -> bool:
        """Write the index if it changed, dropping files no longer seen; returns whether
        it changed (written or not: errors are ignored)."""
        stale = set(self._entries) - self._used
        if not self._dirty and not stale:
            return False
        entries = {key: self._entries[key] for key in self._used if key in self._entries}
        self._dirty = False
        try:
            payload = marshal.dumps((self._stamp, entries))
        except ValueError:
            return True
        data = _MAGIC + str(zlib.crc32(payload)).encode() + b"\n" + payload
        try:
            write_atomic(self.path, data, make_folder=True)
        except OSError:
            return True
        self._entries = entries
        return True


# The code that turns a deck file into a Deck (and a deck into its entry): a change
# to any of these may build other decks, or other entries, from the same files.
PARSER_FILES = (
    "cards.py",
    "cloze.py",
    "decks/format.py",
    "decks/lines.py",
    "decks/validate.py",
    "decks/parse.py",
    "decks/cache.py",
    "decks/overlay.py",
)


def _parser_files() -> tuple[str, ...]:
    return (*PARSER_FILES, "decks/index.py", "decks/library.py")
