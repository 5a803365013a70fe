"""Finding decks: the built-in ones, the user's decks folder, a file given by path.

`scan_decks` lists every deck found, built-in first (with the player's edits
to them, `overlay.py`); a broken deck never stops the others from loading,
it is reported beside them. Decks come from the deck
cache when their files are unchanged (see `cache.py`), so an ordinary start
parses nothing and does not even load the parser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mlquiz.core import locations
from mlquiz.core.decks.index import DeckInfo
from mlquiz.core.decks.overlay import (
    BUILTIN,
    BUILTIN_EDITED,
    OVERLAY_SOURCE,
    is_builtin_source,
    overlay_path,
    with_edits,
)
from mlquiz.core.errors import DeckError
from mlquiz.core.fileio import FileTooBig, NotARegularFile, read_regular

if TYPE_CHECKING:
    from mlquiz.core.cards import Deck
    from mlquiz.core.decks.cache import DeckCache


def parse_deck(data: bytes, path: str | Path, source: str = "") -> Deck:
    """`stream.stream_deck` (the deck of `parse.parse_deck`, read one card table at a
    time: 11-15% less CPU and 45% less peak memory for a 30,000-card deck, as
    the whole file's raw tables are never held), imported on first use: on an
    ordinary start every deck comes from the deck cache, and the parser, the
    validator and what they import are never loaded on the way to the menu."""
    from mlquiz.core.decks.stream import stream_deck

    return stream_deck(data, path, source)


def load_deck(path: str | Path, source: str = "", limit: int | None = None) -> Deck:
    """Read and validate the deck file at `path` (at most `limit` bytes: see
    `fileio.read_regular`)."""
    return parse_deck(read_deck_file(path, limit), path, source=source)


def read_deck_file(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a deck file: a regular file within the read limit, or a DeckError."""
    try:
        return read_regular(path, limit)
    except FileNotFoundError:
        raise DeckError(path, None, "no such file") from None
    except IsADirectoryError:
        raise DeckError(path, None, "is a directory, not a deck file") from None
    except (NotARegularFile, FileTooBig) as exc:
        raise DeckError(path, None, str(exc.strerror)) from None
    except OSError as exc:
        raise DeckError(path, None, f"cannot read: {exc.strerror or exc}") from None


@dataclass
class DeckScan:
    """The decks found, whole, and those that failed. `infos`: each deck's index
    entry (`scan_decks` takes them from the deck index, whose content hash is made
    once per change of the file); None until a registry makes them (`info_of`),
    once per scan."""

    decks: list[Deck] = field(default_factory=list)
    errors: list[DeckError] = field(default_factory=list)
    infos: list[DeckInfo] | None = None


@dataclass
class IndexScan:
    """The decks found, as index entries (no card read), and those that failed."""

    infos: list[DeckInfo] = field(default_factory=list)
    errors: list[DeckError] = field(default_factory=list)

    @staticmethod
    def load(info: DeckInfo) -> Deck:
        return load_indexed(info)


def _sources() -> list[tuple[Path | None, str]]:
    return [(locations.builtin_content_dir(), BUILTIN), (locations.user_decks_dir(), "user")]


def scan_index() -> IndexScan:
    """Every deck found, built-in first, then the user's, plus those that failed, as
    `DeckInfo`s from the deck index (`index.py`): an unchanged deck file is not read.

    A broken deck never stops the others from loading; it is reported in
    `errors`. A user deck whose id is already taken is skipped as an error.
    A deck file that changed since its entry was made is loaded (through the
    deck cache) and its entry made anew.
    """
    from mlquiz.core.decks.index import DeckIndex, fingerprint

    index = DeckIndex()
    scan = IndexScan()
    seen: dict[str, DeckInfo] = {}
    files_seen: set[tuple[str, str]] = set()
    cache: DeckCache | None = None
    for folder, source in _sources():
        if folder is None or not folder.is_dir():
            continue
        try:
            files = sorted(p for p in folder.glob("*.toml") if p.is_file())
        except OSError as exc:
            scan.errors.append(DeckError(folder, None, f"cannot list: {exc}"))
            continue
        for file in files:
            files_seen.add((str(file), source))
            file_stamp = fingerprint(file)
            found = index.lookup(file, source, file_stamp, _overlay_stamp(source))
            if found is None:
                if cache is None:
                    from mlquiz.core.decks.cache import DeckCache

                    cache = DeckCache()
                info, errors, overlay_stamp = _index_entry(file, source, cache)
                index.store(file, source, (file_stamp, overlay_stamp), info, errors)
            else:
                info, errors = found
            scan.errors.extend(errors)
            if info is None:
                continue
            if source == BUILTIN:
                files_seen.add((str(overlay_path(info.id)), OVERLAY_SOURCE))
            other = seen.get(info.id)
            if other is not None:
                scan.errors.append(
                    DeckError(
                        file,
                        None,
                        f"deck id '{info.id}' is already used by {other.source} deck "
                        f"{other.path}; this one is skipped",
                    )
                )
                continue
            seen[info.id] = info
            scan.infos.append(info)
    if index.save():
        from mlquiz.core.decks.cache import DeckCache

        (cache or DeckCache()).prune(files_seen)
    return scan


def _overlay_stamp(source: str) -> Callable[[str], object]:
    """How the index finds the state of a deck's overlay of edits (built-in decks only)."""
    from mlquiz.core.decks.index import fingerprint

    if source != BUILTIN:
        return lambda deck_id: None
    return lambda deck_id: fingerprint(overlay_path(deck_id))


def _index_entry(
    file: Path, source: str, cache: DeckCache
) -> tuple[DeckInfo | None, list[DeckError], object]:
    """Load `file` (through the deck cache) to make its index entry: (info, errors,
    the state of its overlay as the entry saw it)."""
    from mlquiz.core.decks.index import content_hash, fingerprint, info_of

    try:
        deck, data = cache.load_with_bytes(
            file, source, read=read_deck_file, parse=_parser(file, source)
        )
    except DeckError as exc:
        return None, [exc], None
    if source != BUILTIN:
        return info_of(deck, content_hash(data)), [], None
    edits = overlay_path(deck.id)
    overlay_stamp = fingerprint(edits)  # before reading: a later edit makes the entry stale
    deck, broken_edits = with_edits(deck, read_deck_file, cache)
    parts = [data]
    if broken_edits is None and deck.source == BUILTIN_EDITED:
        try:
            parts.append(read_deck_file(edits))
        except DeckError:
            pass
    errors = [] if broken_edits is None else [broken_edits]
    return info_of(deck, content_hash(*parts)), errors, overlay_stamp


def load_indexed(info: DeckInfo) -> Deck:
    """The whole deck of an index entry (its cards), through the deck cache; a built-in
    deck with the player's edits (a broken overlay leaves it as shipped: the scan
    reported that). Raises DeckError if its file cannot be read or parsed now."""
    from mlquiz.core.decks.cache import DeckCache

    cache = DeckCache()
    file = Path(info.path)
    source = BUILTIN if is_builtin_source(info.source) else info.source
    deck = cache.load(file, source, read=read_deck_file, parse=_parser(file, source))
    if source == BUILTIN:
        deck, _ = with_edits(deck, read_deck_file, cache)
    return deck


def scan_decks() -> DeckScan:
    """Every deck found, whole (their cards loaded), built-in first, then the user's,
    plus those that failed (see `scan_index`). An ordinary day parses nothing: the
    cards come from the deck cache."""
    index = scan_index()
    infos: list[DeckInfo] = []
    scan = DeckScan(errors=list(index.errors), infos=infos)
    for info in index.infos:
        try:
            scan.decks.append(load_indexed(info))
        except DeckError as exc:  # changed since it was indexed, a moment ago
            scan.errors.append(exc)
            continue
        infos.append(info)
    return scan


def _parser(file: Path, source: str) -> Callable[[bytes], Deck]:
    """The deck cache's way to parse `file` when it has no good copy of it."""

    def parse(data: bytes) -> Deck:
        return parse_deck(data, file, source)

    return parse


def find_decks(errors: list[DeckError] | None = None) -> list[Deck]:
    """Every deck that loads, built-in first, then the user's decks folder.

    Decks that fail to load are appended to `errors` when it is given.
    """
    scan = scan_decks()
    if errors is not None:
        errors.extend(scan.errors)
    return scan.decks


def resolve_deck(id_or_path: str | Path) -> Deck:
    """The deck named by a deck id or by the path of a deck file."""
    text = str(id_or_path)
    candidate = Path(text).expanduser()
    looks_like_path = (
        isinstance(id_or_path, Path)
        or text.endswith(".toml")
        or "/" in text
        or "\\" in text
        or candidate.is_file()
    )
    if looks_like_path:
        return load_deck(candidate, source=str(candidate))
    infos = scan_index().infos
    for info in infos:
        if info.id == text:
            return load_indexed(info)
    known = ", ".join(info.id for info in infos) or "none"
    raise DeckError(text, None, f"no deck with this id (known decks: {known})")
