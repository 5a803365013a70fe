"""The player's edits to a built-in deck, kept apart from the packaged file.

A built-in deck ships inside mlquiz and is never written. Editing one of its
cards in the game writes the card to an overlay, `edits/<deck id>.toml` in
the data directory:

    # Your edits to the built-in deck "databricks-mlflow", made in mlquiz.
    deck = "databricks-mlflow"

    [[cards]]              # the whole card, in the deck format
    id = "7"
    question = "..."

When the decks are found (`library.scan_decks`), each card of the overlay
replaces the built-in card with the same id, and the deck's source reads
`BUILTIN_EDITED` ("built-in, edited" in `mlquiz deck list`). A card the
built-in deck no longer has is left out (and kept in the file). An overlay
that cannot be read is reported like a broken deck, naming its file and
line, and the built-in deck is played as shipped. `mlquiz deck reset ID`
moves the overlay into the backups, which brings the shipped deck back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mlquiz.core import locations
from mlquiz.core.errors import DeckError

if TYPE_CHECKING:
    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.decks.cache import DeckCache

BUILTIN = "built-in"
BUILTIN_EDITED = "built-in, edited"
# What a parsed overlay is kept as in the deck cache (a Deck of its cards).
OVERLAY_SOURCE = "overlay"
OVERLAY_KEYS = ("deck", "cards")


def overlay_path(deck_id: str) -> Path:
    return locations.deck_edits_dir() / f"{deck_id}.toml"


def overlay_header(deck_id: str) -> list[str]:
    """The comment lines on top of a new overlay file."""
    return [
        f'Your edits to the built-in deck "{deck_id}", made in mlquiz.',
        "Each [[cards]] table replaces the built-in card with the same id.",
        f"`mlquiz deck reset {deck_id}` drops them (this file goes to backups/decks/).",
    ]


def parse_overlay(data: bytes | str, path: Path | str) -> Deck:
    """The overlay's cards, as a `Deck` whose id is the deck it edits (cached as one).

    Raises DeckError naming the file, line and problem.
    """
    import tomli as tomllib

    from mlquiz.core.cards import Deck
    from mlquiz.core.decks.parse import _decode, toml_error
    from mlquiz.core.decks.validate import Validator

    path = str(path)
    text = _decode(data, path) if isinstance(data, bytes) else data
    text = text.removeprefix("\ufeff")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, problem = toml_error(exc, text)
        raise DeckError(path, line, f"TOML syntax error: {problem}") from None
    validator = Validator(path, text, OVERLAY_SOURCE)
    for key in raw:
        if key not in OVERLAY_KEYS:
            validator.report(validator.lines.top.key(key), f"unknown key {key!r} in an overlay")
    deck_id = raw.get("deck")
    if not isinstance(deck_id, str) or not deck_id.strip():
        validator.report(validator.lines.top.key("deck"), "missing 'deck' (the deck it edits)")
    cards = validator.cards(raw)
    if validator.problems:
        raise DeckError.from_problems(validator.problems)
    return Deck(
        id=str(deck_id).strip(),
        title="",
        description="",
        cards=tuple(cards),
        source=OVERLAY_SOURCE,
        path=path,
    )


def apply_overlay(deck: Deck, overlay: Deck) -> Deck:
    """`deck` with the overlay's cards in place of its own (same ids, same order)."""
    from mlquiz.core.cards import Deck

    edited: dict[str, Card] = {card.id: card for card in overlay.cards}
    cards = tuple(edited.get(card.id, card) for card in deck.cards)
    if cards == deck.cards:
        return deck
    return Deck(
        id=deck.id,
        title=deck.title,
        description=deck.description,
        cards=cards,
        glossary=dict(deck.glossary),
        source=BUILTIN_EDITED,
        path=deck.path,
    )


def is_builtin(deck: Deck) -> bool:
    return is_builtin_source(deck.source)


def is_builtin_source(source: str) -> bool:
    return source in (BUILTIN, BUILTIN_EDITED)


def with_edits(
    deck: Deck, read: Callable[[Path], bytes], cache: DeckCache | None = None
) -> tuple[Deck, DeckError | None]:
    """A built-in deck with the player's overlay applied, if there is one (`read`
    reads a file, through the deck cache when given); a broken overlay leaves the
    deck as shipped and is returned as the error to report."""
    read_deck_file = read
    path = overlay_path(deck.id)
    if not path.is_file():
        return deck, None
    try:
        if cache is not None:
            overlay = cache.load(
                path, OVERLAY_SOURCE, read=read_deck_file, parse=lambda d: parse_overlay(d, path)
            )
        else:
            overlay = parse_overlay(read_deck_file(path), path)
    except DeckError as error:
        return deck, _edits_error(deck, error)
    if overlay.id != deck.id:
        problem = f"these are edits to deck '{overlay.id}', not '{deck.id}'"
        return deck, _edits_error(deck, DeckError(path, None, problem))
    return apply_overlay(deck, overlay), None


def _edits_error(deck: Deck, error: DeckError) -> DeckError:
    problems = list(error.problems)
    first = problems[0]
    note = f"your edits to built-in deck '{deck.id}' cannot be used (it is played as shipped): "
    problems[0] = type(first)(first.path, first.line, note + first.problem)
    return DeckError.from_problems(problems)
