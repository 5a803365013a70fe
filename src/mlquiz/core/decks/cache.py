"""A cache of parsed decks, so that listing the decks on an ordinary day
needs neither the TOML parser nor the validator.

`library.scan_decks` asks the cache for each deck file before parsing it. A
deck is served from the cache only when its file has the same path, size,
modification time (ns) and CRC-32 of its bytes as when it was cached, and
the cache was written by the same cache format, mlquiz version, Python
(marshal format) and parser code (the size and mtime of cards.py and the
parser's modules, so an editable install that changes them is not served
decks the old code built). Reading the file to checksum it costs a fraction of a
millisecond and catches an edit that kept the size within the file system's
timestamp granularity.

The cache is one file, `locations.deck_cache_path()`, written with `marshal`
(plain tuples and strings: loading it runs no code, unlike pickle) behind a
CRC-32 of the payload, written whole or not at all (`fileio.write_atomic`),
so a reader sees the old cache or the new one, never half of one. A cache
that is missing, unreadable, damaged, from another version or stale is
ignored (and rewritten by the next scan): never an error, never a wrong deck.
A deck whose cached values have the wrong shape (`cards.deck_from_value`
checks each type) is parsed from its file instead, with one line in the log.
Decks that fail to load are not cached; they are parsed again each time so
their errors are reported as they are now.
"""

from __future__ import annotations

import logging
import marshal
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mlquiz.core import locations
from mlquiz.core.cachefile import code_stamp
from mlquiz.core.cards import Deck, deck_from_value, deck_to_value
from mlquiz.core.fileio import write_atomic

log = logging.getLogger("mlquiz.cache")

# Bump when the layout of the cached values changes.
FORMAT = 2
# The code that turns a deck file into a Deck: a change to any of these may
# build other decks from the same files.
_PARSER_FILES = (
    "cards.py",
    "cloze.py",
    "decks/format.py",
    "decks/lines.py",
    "decks/validate.py",
    "decks/parse.py",
    "decks/cache.py",
    "decks/overlay.py",
)
_MAGIC = b"mlquiz-decks\n"


def _code_stamp() -> tuple[Any, ...]:
    """What the cached decks were built by: versions and the parser's own files."""
    return code_stamp(FORMAT, *_PARSER_FILES)


# --------------------------------------------------------------------------
# The cache


class DeckCache:
    """The decks of one cache file: `load` each deck through it, then `save`.

    `path` None means `locations.deck_cache_path()`. Nothing here raises for a
    bad cache or a folder that cannot be written: the cache just does not help.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else locations.deck_cache_path()
        self._stamp = _code_stamp()
        # (file path, source) -> (size, mtime_ns, CRC-32 of the bytes, the deck as values)
        self._entries: dict[tuple[str, str], tuple[int, int, int, tuple[Any, ...]]] = {}
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
            crc = int(data[len(_MAGIC) : header_end])
            payload = data[header_end + 1 :]
            if zlib.crc32(payload) != crc:
                return
            stamp, entries = marshal.loads(payload)
            if stamp != self._stamp or type(entries) is not dict:
                return
            self._entries = entries
        except Exception:  # damaged in any way: start afresh
            self._entries = {}

    def load(
        self,
        file: Path,
        source: str,
        read: Callable[[Path], bytes],
        parse: Callable[[bytes], Deck],
    ) -> Deck:
        """The deck of `file`: from the cache if the file is unchanged, else `parse(read(file))`.

        A parsed deck is remembered, under the fingerprint of the very bytes it
        was parsed from. Raises whatever `read` or `parse` raises.
        """
        try:
            mtime_ns: int | None = os.stat(file).st_mtime_ns
        except OSError:
            mtime_ns = None  # let `read` say what is wrong
        data = read(file)
        key = (str(file), source)
        fingerprint = (len(data), mtime_ns, zlib.crc32(data))
        entry = self._entries.get(key)
        if (
            mtime_ns is not None
            and type(entry) is tuple
            and len(entry) == 4
            and entry[:3] == fingerprint
        ):
            try:
                deck = deck_from_value(entry[3])
            except Exception as error:  # a value of the wrong shape: parse the file instead
                log.warning("deck cache %s: entry for %s dropped: %s", self.path, file, error)
            else:
                self._used.add(key)
                return deck
        deck = parse(data)
        if mtime_ns is not None:
            self._entries[key] = (len(data), mtime_ns, zlib.crc32(data), deck_to_value(deck))
            self._used.add(key)
            self._dirty = True
        return deck

    def save(self) -> None:
        """Write the cache if it changed, dropping files no longer seen; errors are ignored.

        Only the entries used or added since it was read are kept, so a deleted
        or renamed deck file does not stay in the cache forever.
        """
        stale = set(self._entries) - self._used
        if not self._dirty and not stale:
            return
        entries = {key: self._entries[key] for key in self._used if key in self._entries}
        try:
            payload = marshal.dumps((self._stamp, entries))
        except ValueError:  # a value marshal cannot write: no cache rather than a bad one
            return
        data = _MAGIC + str(zlib.crc32(payload)).encode() + b"\n" + payload
        try:
            write_atomic(self.path, data, make_folder=True)
        except OSError:
            return
        self._entries = entries
        self._dirty = False
