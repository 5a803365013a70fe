"""The decks a game can play, and each deck's grader, built once.

`DeckRegistry` lists the decks the first time they are asked for, as entries
of the deck index (`index.py`: title, card count, tags; no card read), keeps
those that failed beside them, loads a deck's cards the first time they are
needed (a session, the card browser, the stats) and builds a deck's grader
when a session on it first needs one: from the cache of compiled graders when
it has a good one (`grading/cache.py`), else by compiling the deck.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from mlquiz.core.errors import DeckError

if TYPE_CHECKING:
    from mlquiz.core.cards import Deck
    from mlquiz.core.decks.index import DeckInfo
    from mlquiz.core.session import GraderLike


class Scan(Protocol):
    """What a deck scanner returns: whole decks (`library.DeckScan`, or a test's)."""

    @property
    def decks(self) -> list[Deck]: ...

    @property
    def errors(self) -> list[DeckError]: ...


class DeckRegistry:
    """Decks by id (index entries, their cards loaded on demand), the ones that failed
    to load, and a grader per deck.

    `scanner()` lists whole decks (tests); by default the deck index is read
    (`library.scan_index`) and a deck's cards are loaded when first asked for
    (`library.load_indexed`). `grader_factory(deck)` builds a grader (default:
    the cached compiled grader kept in `grader_cache()`, a folder).

    `freeze_loaded` (the game's process sets it, `ui/app.py`): a deck's cards,
    once loaded, are taken out of the garbage collector's passes (`_load_frozen`).
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
        self._infos: dict[str, DeckInfo] | None = None
        self._decks: dict[str, Deck] = {}
        self._load: Callable[[DeckInfo], Deck] | None = None
        self._errors: list[DeckError] = []
        self._graders: dict[str, GraderLike] = {}
        self.freeze_loaded = False

    def infos(self) -> list[DeckInfo]:
        """Every deck that loaded, built-in first, as index entries (no card read)."""
        return list(self._listed().values())

    def info(self, deck_id: str) -> DeckInfo:
        try:
            return self._listed()[deck_id]
        except KeyError:
            raise KeyError(f"no deck with id {deck_id!r}") from None

    def decks(self) -> list[Deck]:
        """Every deck that loaded, built-in first, with their cards (each loaded once)."""
        return [self.deck(deck_id) for deck_id in self._listed()]

    def errors(self) -> list[DeckError]:
        """The decks that failed to load (`DeckError`s naming file and line)."""
        self._listed()
        return list(self._errors)

    def reload(self) -> None:
        from mlquiz.core.decks.index import info_of

        self._decks.clear()
        self._graders.clear()
        if self._scanner is not None:
            from mlquiz.core.decks.library import DeckScan

            scan = self._scanner()
            infos = scan.infos if isinstance(scan, DeckScan) else None
            if infos is None:
                infos = [info_of(deck) for deck in scan.decks]
                if isinstance(scan, DeckScan):  # kept: a scanner may hand it out again
                    scan.infos = infos
            self._infos = {info.id: info for info in infos}
            self._decks = {deck.id: deck for deck in scan.decks}
            self._errors = list(scan.errors)
            self._load = None
            return
        from mlquiz.core.decks.library import scan_index

        index = scan_index()
        self._infos = {info.id: info for info in index.infos}
        self._errors = list(index.errors)
        self._load = index.load

    def deck(self, deck_id: str) -> Deck:
        """The deck with its cards, loaded the first time (may raise DeckError when its
        file cannot be read now)."""
        info = self.info(deck_id)  # (scans the decks the first time)
        deck = self._decks.get(deck_id)
        if deck is not None:
            return deck
        if self._load is None:  # pragma: no cover - a scanner's decks are all loaded
            raise KeyError(f"no deck with id {deck_id!r}")
        deck = self._load_frozen(info) if self.freeze_loaded else self._load(info)
        if deck.id != deck_id:
            raise DeckError(
                info.path,
                None,
                f"the deck file changed while the game ran: its id is now '{deck.id}', "
                f"not '{deck_id}' (restart mlquiz to see it)",
            )
        self._decks[deck_id] = deck
        return deck

    def _load_frozen(self, info: DeckInfo) -> Deck:
        """Load a deck with the garbage collector off, then freeze what lives.

        A deck's cards are hundreds of thousands of objects at 100,000 cards
        (about ten per card) that live until the game ends or the deck is
        reloaded. Made with the collector on, each young collection during the
        load walked them again, and the full collections that their number set
        off fell on the first answer (importing the grader, grading): 0.7 s of
        CPU at 100,000 cards (bench/first_answer.py). `gc.freeze()` moves every
        object alive now into a generation no collection walks. It is safe here
        because it does not keep anything alive: a frozen object is still freed by
        reference counting when its last reference goes, and cards and decks are
        frozen dataclasses of tuples and strings with no reference cycles, so a
        reloaded deck's old cards are freed as before. What a freeze would keep is
        cyclic garbage not yet collected: the young generations are collected
        first (cheap: the deck is not loaded yet), so only garbage that already
        outlived two collections since start (the game froze everything then)
        stays, once per deck loaded.
        """
        import gc

        assert self._load is not None
        gc.collect(1)
        was_on = gc.isenabled()
        gc.disable()
        try:
            deck = self._load(info)
        finally:
            if was_on:
                gc.enable()
        gc.freeze()
        return deck

    def add(self, deck: Deck) -> None:
        """Make a deck loaded from elsewhere (`mlquiz --deck path`, an edit) playable."""
        from mlquiz.core.decks.index import info_of

        self._listed()[deck.id] = info_of(deck)
        self._decks[deck.id] = deck
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

    def _listed(self) -> dict[str, DeckInfo]:
        if self._infos is None:
            self.reload()
        assert self._infos is not None
        return self._infos
