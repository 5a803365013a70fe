"""A cache of parsed decks, so that loading a deck to play it on an ordinary day
needs neither the TOML parser nor the validator.

`library` asks the cache for a deck file before parsing it (to play the deck,
or to make its entry in the deck index, `index.py`, when the file changed).
A deck is served from the cache only when its file has the same path, size,
modification time (ns) and CRC-32 of its bytes as when it was cached, and
the cache was written by the same cache format, mlquiz version, Python
(marshal format) and parser code (the size and mtime of cards.py and the
parser's modules, so an editable install that changes them is not served
decks the old code built). Reading the file to checksum it costs a fraction of a
millisecond a 1,000 cards and catches an edit that kept the size within the
file system's timestamp granularity.

Each deck file has a cache file of its own in `locations.deck_cache_dir()`
(named after the deck file, plus a hash of its path and source), so playing
one deck never loads another's cards. Each is written with `marshal` (plain
tuples and strings: loading it runs no code, unlike pickle) behind a CRC-32
of the payload, written whole or not at all (`fileio.write_atomic`), so a
reader sees the old cache or the new one, never half of one. A cache file
that is missing, unreadable, damaged, from another version, of another file
or stale is ignored (and rewritten when the deck is parsed): never an error,
never a wrong deck. A deck whose cached values have the wrong shape
(`cards.deck_from_value` checks each type) is parsed from its file instead,
with one line in the log. Decks that fail to load are not cached here (the
deck index keeps their errors). `prune` removes the files of deck files no
longer found.

A deck of `GRADING_TEXTS_FROM` cards or more also has what grading reads of all
its cards worked out when it is parsed (grading/deck_texts.py), each part in a
file of its own beside the deck's, under the same fingerprint and stamp (which
counts the files that make them); the deck served from the cache reads a part
only when the grader first asks for it (`Deck.grading_texts`), and a part that
is missing, damaged or not of this very file is None: worked out from the cards.
A deck parsed again drops the parts it had (a deck cut below that size, or that
no longer parses, keeps none); `prune` drops a deleted deck's.
"""

from __future__ import annotations

import dataclasses
import logging
import marshal
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mlquiz.core import locations
from mlquiz.core.cachefile import code_stamp
from mlquiz.core.cards import GRADING_TEXTS_FROM, Deck, deck_from_value, deck_to_value
from mlquiz.core.decks.index import PARSER_FILES
from mlquiz.core.fileio import write_atomic

log = logging.getLogger("mlquiz.cache")

# Bump when the layout of the cached values changes. 4: a big deck's grading texts
# are kept beside it (below): a deck cached before is parsed again, so they are.
FORMAT = 4
_MAGIC = b"mlquiz-deck\n"

# Decks of `GRADING_TEXTS_FROM` cards or more have their grading texts kept beside
# them, in a file per part (grading/deck_texts.py: what the grader reads of every
# card, worked out here once rather than before the deck's first graded answer).
# The code that makes those texts from a deck: with the parser's, what a cache was
# made by (an editable install that changes them gets both made again).
GRADING_TEXT_FILES = (
    "text.py",
    "grading/deck_texts.py",
    "grading/deck_search.py",
    "grading/vocabulary.py",
)


def _code_stamp() -> tuple[Any, ...]:
    """What the cached decks were built by: versions, the parser's own files and
    those that make the grading texts."""
    return code_stamp(FORMAT, *PARSER_FILES, *GRADING_TEXT_FILES)


def part_path(path: Path, part: str) -> Path:
    """The file of one part of the grading texts of the deck cached in `path`."""
    return path.with_name(f"{path.name.split('.')[0]}.{part}.marshal")


def cache_name(file: Path | str, source: str) -> str:
    """The name of `file`'s cache file: readable, and unique per path and source."""
    key = f"{source}\0{file}".encode()
    digest = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(file).stem)[:40]
    return f"{stem}-{digest}.marshal"


# --------------------------------------------------------------------------
# The cache


class DeckCache:
    """Parsed decks, one cache file each: `load` each deck through it.

    `folder` None means `locations.deck_cache_dir()`. Nothing here raises for a
    bad cache or a folder that cannot be written: the cache just does not help.
    """

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else locations.deck_cache_dir()
        self._stamp = _code_stamp()

    def _read(self, path: Path, key: tuple[str, str]) -> tuple[Any, ...] | None:
        """The (size, mtime_ns, CRC-32, deck values) cached for `key`, or None."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            if not data.startswith(_MAGIC):
                return None
            header_end = data.index(b"\n", len(_MAGIC))
            crc = int(data[len(_MAGIC) : header_end])
            payload = data[header_end + 1 :]
            if zlib.crc32(payload) != crc:
                return None
            stamp, cached_key, entry = marshal.loads(payload)
        except Exception:  # damaged in any way
            return None
        if stamp != self._stamp or cached_key != key or type(entry) is not tuple:
            return None
        return entry

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
        return self.load_with_bytes(file, source, read, parse)[0]

    def load_with_bytes(
        self,
        file: Path,
        source: str,
        read: Callable[[Path], bytes],
        parse: Callable[[bytes], Deck],
    ) -> tuple[Deck, bytes]:
        """`load`, and the bytes of the file it read (the deck index hashes them)."""
        try:
            mtime_ns: int | None = os.stat(file).st_mtime_ns
        except OSError:
            mtime_ns = None  # let `read` say what is wrong
        data = read(file)
        key = (str(file), source)
        path = self.folder / cache_name(file, source)
        fingerprint = (len(data), mtime_ns, zlib.crc32(data))
        entry = None if mtime_ns is None else self._read(path, key)
        if entry is not None and len(entry) == 4 and entry[:3] == fingerprint:
            big = type(entry[3]) is tuple and len(entry[3]) > 3 and _is_big(entry[3][3])
            texts = self._grading_texts(path, key, fingerprint) if big else None
            try:
                return deck_from_value(entry[3], texts), data
            except Exception as error:  # a value of the wrong shape: parse the file instead
                log.warning("deck cache %s: entry for %s dropped: %s", path, file, error)
        # Grading texts beside the cache were of other bytes of the file: a deck now
        # too small to keep any, or that no longer parses, leaves none behind (tens
        # of megabytes at 100,000 cards); a big one has them written anew below.
        self._drop_grading_texts(path)
        deck = parse(data)
        if mtime_ns is not None:
            self._write(path, key, (*fingerprint, deck_to_value(deck)))
            if _is_big(deck.cards):
                self._write_grading_texts(path, key, fingerprint, deck)
                texts = self._grading_texts(path, key, fingerprint)
                deck = dataclasses.replace(deck, grading_texts=texts)
        return deck, data

    def _write_grading_texts(
        self, path: Path, key: tuple[str, str], fingerprint: tuple[Any, ...], deck: Deck
    ) -> None:
        """Work out the deck's grading texts and keep each part in its file."""
        from mlquiz.core.grading.deck_texts import work_out

        for part, value in work_out(deck):
            self._write(part_path(path, part), key, (*fingerprint, value))

    def _drop_grading_texts(self, path: Path) -> None:
        """Remove the grading-text files of the deck cached in `path`: its cache folder's
        files named as `part_path` names them (whatever the part; nothing else)."""
        try:
            parts = list(self.folder.glob(part_path(path, "*").name))
        except OSError:
            return
        for part in parts:
            try:
                part.unlink()
            except OSError:
                pass

    def _grading_texts(
        self, path: Path, key: tuple[str, str], fingerprint: tuple[Any, ...]
    ) -> Callable[[str], object]:
        """A way to read each part of the grading texts kept for the deck cached in
        `path`, when asked for: None for a part missing, damaged, or kept for
        other bytes of the deck file or by other code."""

        def read(part: str) -> object:
            entry = self._read(part_path(path, part), key)
            if entry is None or len(entry) != 4 or entry[:3] != fingerprint:
                return None
            return entry[3]

        return read

    def _write(self, path: Path, key: tuple[str, str], entry: tuple[Any, ...]) -> None:
        try:
            payload = marshal.dumps((self._stamp, key, entry))
        except ValueError:  # a value marshal cannot write: no cache rather than a bad one
            return
        data = _MAGIC + str(zlib.crc32(payload)).encode() + b"\n" + payload
        try:
            write_atomic(path, data, make_folder=True)
        except OSError:
            return

    def prune(self, files: set[tuple[str, str]]) -> None:
        """Remove the cache files of deck files other than `files` ((path, source) pairs):
        a deleted or renamed deck does not stay in the cache forever."""
        keep = {cache_name(file, source).split(".")[0] for file, source in files}
        try:  # (a deck's file and its grading texts' files, `part_path`)
            stale = [p for p in self.folder.glob("*.marshal") if p.name.split(".")[0] not in keep]
        except OSError:
            return
        for path in stale:
            try:
                path.unlink()
            except OSError:
                pass


def _is_big(cards: object) -> bool:
    """Does the deck have grading texts kept beside it (`GRADING_TEXTS_FROM`)?"""
    return type(cards) is tuple and len(cards) >= GRADING_TEXTS_FROM
