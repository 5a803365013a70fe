"""The decks a game can play, and each deck's grader, built once.

`DeckRegistry` scans the decks the first time they are asked for (the
built-in decks and the user's decks folder, through the deck cache), keeps
those that failed beside them, and builds a deck's grader when a session on
it first needs one: from the cache of compiled graders when it has a good
one (`grading/cache.py`), else by compiling the deck.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from mlquiz.core.cards import Deck
from mlquiz.core.errors import DeckError

if TYPE_CHECKING:
    from mlquiz.core.session import GraderLike


class Scan(Protocol):
    """What a deck scanner returns (`library.DeckScan`, or a test's)."""

    @property
    def decks(self) -> list[Deck]: ...

    @property
    def errors(self) -> list[DeckError]: ...


class DeckRegistry:
    """Decks by id, the ones that failed to load, and a grader per deck.

    `scanner()` lists the decks (default: `library.scan_decks`);
    `grader_factory(deck)` builds a grader (default: the cached compiled
    grader kept in `grader_cache()`, a folder).
    """

    def __init__(
        self,
        grader_cache: Callable[[], Path],
        *,
        scanner: Callable[[], Scan] | None = None,
        grader_factory: Callable[[Deck], GraderLike] | None = None,
    ) -> None:
        self._grader_cache = grader_cache
        self._scanner = scanner
        self._grader_factory = grader_factory
        self._decks: dict[str, Deck] | None = None
        self._errors: list[DeckError] = []
        self._graders: dict[str, GraderLike] = {}

    def decks(self) -> list[Deck]:
        """Every deck that loaded, built-in first (scanned once; see `reload`)."""
        return list(self._loaded().values())

    def errors(self) -> list[DeckError]:
        """The decks that failed to load (`DeckError`s naming file and line)."""
        self._loaded()
        return list(self._errors)

    def reload(self) -> None:
        scanner = self._scanner
        if scanner is None:
            from mlquiz.core.decks.library import scan_decks

            scanner = scan_decks
        scan = scanner()
        self._decks = {deck.id: deck for deck in scan.decks}
        self._errors = list(scan.errors)
        self._graders.clear()

    def deck(self, deck_id: str) -> Deck:
        try:
            return self._loaded()[deck_id]
        except KeyError:
            raise KeyError(f"no deck with id {deck_id!r}") from None

    def add(self, deck: Deck) -> None:
        """Make a deck loaded from elsewhere (`mlquiz --deck path`) playable."""
        self._loaded()[deck.id] = deck
        self._graders.pop(deck.id, None)

    def grader(self, deck: Deck) -> GraderLike:
        """The deck's grader, built once per deck (it precompiles the phrases), or
        loaded from the cache of compiled graders."""
        grader = self._graders.get(deck.id)
        if grader is None:
            if self._grader_factory is not None:
                grader = self._grader_factory(deck)
            else:
                from mlquiz.core.grading.cache import cached_grader

                grader = cached_grader(deck, self._grader_cache())
            self._graders[deck.id] = grader
        return grader

    def _loaded(self) -> dict[str, Deck]:
        if self._decks is None:
            self.reload()
        assert self._decks is not None
        return self._decks
