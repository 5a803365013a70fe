"""A deck loaded to play in the game is kept out of the garbage collector's passes
(`DeckRegistry.freeze_loaded`), and is still freed when the game drops it."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from mlquiz.core.decks.registry import DeckRegistry


def test_a_deck_loaded_to_play_is_frozen_and_still_freed_when_reloaded(isolated_dirs: Path):
    plain = DeckRegistry(lambda: isolated_dirs / "cache")
    deck_id = plain.infos()[0].id
    expected = plain.deck(deck_id)
    registry = DeckRegistry(lambda: isolated_dirs / "cache")
    registry.freeze_loaded = True
    frozen_before = gc.get_freeze_count()
    try:
        deck = registry.deck(deck_id)
        assert deck == expected  # the same cards as a plain load
        assert gc.isenabled()  # the collector is back on after the load
        assert gc.get_freeze_count() >= frozen_before + len(deck.cards)
        card = deck.cards[0]
        assert not any(obj is card for obj in gc.get_objects())  # no pass walks it
        gone = weakref.ref(card)
        del card, deck
        registry.reload()  # the deck changed: its old cards are dropped
        assert gone() is None  # freed by reference counting, frozen or not
        assert registry.deck(deck_id) == expected
    finally:
        gc.unfreeze()


def test_without_the_flag_a_loaded_deck_is_left_to_the_collector(isolated_dirs: Path):
    registry = DeckRegistry(lambda: isolated_dirs / "cache")
    frozen_before = gc.get_freeze_count()
    deck = registry.deck(registry.infos()[0].id)
    assert gc.get_freeze_count() == frozen_before
    assert any(obj is deck.cards[0] for obj in gc.get_objects())
