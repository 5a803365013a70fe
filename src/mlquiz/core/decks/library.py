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

from mlquiz.core import locations
from mlquiz.core.cards import Deck
from mlquiz.core.decks.overlay import BUILTIN, with_edits
from mlquiz.core.errors import DeckError
from mlquiz.core.fileio import FileTooBig, NotARegularFile, read_regular


def parse_deck(data: bytes, path: str | Path, source: str = "") -> Deck:
    """`parse.parse_deck`, imported on first use: on an ordinary start every deck
    comes from the deck cache, and the parser, the validator and what they
    import are never loaded on the way to the menu."""
    from mlquiz.core.decks.parse import parse_deck as parse

    return parse(data, path, source)


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
    decks: list[Deck] = field(default_factory=list)
    errors: list[DeckError] = field(default_factory=list)


def scan_decks() -> DeckScan:
    """Every deck found, built-in first, then the user's, plus those that failed.

    A broken deck never stops the others from loading; it is reported in
    `errors`. A user deck whose id is already taken is skipped as an error.
    Decks come from the deck cache when their files are unchanged (see
    decks/cache.py), so an ordinary start parses nothing.
    """
    from mlquiz.core.decks.cache import DeckCache

    cache = DeckCache()
    scan = DeckScan()
    seen: dict[str, Deck] = {}
    builtin = locations.builtin_content_dir()
    sources = [(builtin, BUILTIN), (locations.user_decks_dir(), "user")]
    for folder, source in sources:
        if folder is None or not folder.is_dir():
            continue
        try:
            files = sorted(p for p in folder.glob("*.toml") if p.is_file())
        except OSError as exc:
            scan.errors.append(DeckError(folder, None, f"cannot list: {exc}"))
            continue
        for file in files:
            try:
                deck = cache.load(file, source, read=read_deck_file, parse=_parser(file, source))
            except DeckError as exc:
                scan.errors.append(exc)
                continue
            if source == BUILTIN:
                deck, broken_edits = with_edits(deck, read_deck_file, cache)
                if broken_edits is not None:
                    scan.errors.append(broken_edits)
            if deck.id in seen:
                other = seen[deck.id]
                scan.errors.append(
                    DeckError(
                        file,
                        None,
                        f"deck id '{deck.id}' is already used by {other.source} deck "
                        f"{other.path}; this one is skipped",
                    )
                )
                continue
            seen[deck.id] = deck
            scan.decks.append(deck)
    cache.save()
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
    decks = find_decks()
    for deck in decks:
        if deck.id == text:
            return deck
    known = ", ".join(d.id for d in decks) or "none"
    raise DeckError(text, None, f"no deck with this id (known decks: {known})")
