"""Caches whose checksum is right but whose values have the wrong types (issue 14, F10).

A grader cache like that made every answer "could not be graded" until the
cache folder was deleted, and nothing pointed at the cache; a deck cache like
that served a deck whose fields were not text. Now the loaded values are
checked type by type: an entry that does not fit is dropped with one line in
the log, and rebuilt.
"""

from __future__ import annotations

import logging
import marshal
import zlib
from pathlib import Path

import pytest

from mlquiz.core import locations
from mlquiz.core.decks import cache as deck_cache
from mlquiz.core.decks.library import load_deck, scan_decks
from mlquiz.core.grading import cache as grader_cache
from mlquiz.core.grading.grader import Grader

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.toml"


def write_grader_cache(path: Path, compiled: object, deck) -> None:
    """A grader cache file with a valid checksum and stamp around `compiled`."""
    stamp, digest = grader_cache._code_stamp(), grader_cache.deck_digest(deck)
    payload = marshal.dumps((stamp, digest, compiled, (None, None)))
    path.write_bytes(grader_cache._MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)


def poisoned_states(state):
    """The compiled state with one value of the wrong type, in several places."""
    vocabulary, cards = state
    first = list(cards[0])
    yield "vocabulary of ints", (frozenset({1, 2}), cards)
    # The index and the masks close a card's values; its points come second, each
    # (patterns, code forms), a pattern (slots, gaps, negated, origin).
    index_at, masks_at = len(first) - 2, len(first) - 1
    masks = list(first)
    masks[masks_at] = [str(m) for m in first[masks_at]]
    yield "masks as text", (vocabulary, (tuple(masks), *cards[1:]))
    index = list(first)
    index[index_at] = {stem: [("0", "1")] for stem in first[index_at]}
    yield "index of text", (vocabulary, (tuple(index), *cards[1:]))
    slots = list(first)
    slots[1] = tuple(
        (tuple((("a", "b"), gaps, neg, origin) for _, gaps, neg, origin in patterns), code)
        for patterns, code in first[1]
    )
    yield "slots as tuples of text", (vocabulary, (tuple(slots), *cards[1:]))
    beyond = list(first)
    beyond[index_at] = {stem: [(10_000, 1)] for stem in first[index_at]}
    yield "index past the patterns", (vocabulary, (tuple(beyond), *cards[1:]))


def test_f10_a_grader_cache_of_the_wrong_shape_is_dropped_and_rebuilt(tmp_path, caplog):
    deck = load_deck(TINY)
    fresh = Grader(deck)
    card = deck.cards[0]
    expected = fresh.grade(card, card.answer)
    path = grader_cache.cache_path(tmp_path, deck)
    for name, state in poisoned_states(fresh.compiled_state()):
        write_grader_cache(path, state, deck)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="mlquiz"):
            grader = grader_cache.cached_grader(deck, tmp_path)
        assert grader.grade(card, card.answer) == expected, name
        lines = [r.getMessage() for r in caplog.records if r.name == "mlquiz.cache"]
        assert len(lines) == 1 and str(path) in lines[0], (name, lines)
        # Rebuilt and written again: the next start loads a good one.
        assert grader_cache.load_grader(deck, tmp_path) is not None, name


def test_f10_a_deck_cache_entry_of_the_wrong_shape_is_dropped_and_parsed_again(
    isolated_dirs, monkeypatch, caplog
):
    from mlquiz.core.decks import library

    monkeypatch.setattr(library.locations, "builtin_content_dir", lambda: None)
    folder = isolated_dirs / "decks"
    folder.mkdir(parents=True)
    deck_file = folder / "tiny.toml"
    deck_file.write_bytes(TINY.read_bytes())
    [good] = scan_decks().decks
    data = deck_file.read_bytes()
    key = (str(deck_file), "user")
    fingerprint = (len(data), deck_file.stat().st_mtime_ns, zlib.crc32(data))
    value = list(deck_cache.deck_to_value(good))
    cards = [list(c) for c in value[3]]
    cards[0][1] = 42  # the question a number: the menu and the grader would fail
    value[3] = tuple(tuple(c) for c in cards)
    payload = marshal.dumps((deck_cache._code_stamp(), key, (*fingerprint, tuple(value))))
    cache = locations.deck_cache_dir() / deck_cache.cache_name(deck_file, "user")
    assert cache.is_file()
    cache.write_bytes(deck_cache._MAGIC + str(zlib.crc32(payload)).encode() + b"\n" + payload)

    with caplog.at_level(logging.WARNING, logger="mlquiz"):
        scan = scan_decks()
    assert [d.cards[0].question for d in scan.decks] == [good.cards[0].question]
    lines = [r.getMessage() for r in caplog.records if r.name == "mlquiz.cache"]
    assert len(lines) == 1 and str(deck_file) in lines[0] and str(cache) in lines[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mlquiz"):
        assert scan_decks().decks == scan.decks  # the entry was written again, good
    assert not caplog.records


def test_f10_the_shape_of_a_real_grader_is_the_shape_the_cache_checks():
    """So the shape cannot drift from `card_to_values` unnoticed (every load would fail)."""
    from mlquiz.core.cachefile import ShapeError, TupleOf, check_shape
    from mlquiz.core.grading.compiled import card_values_shape

    deck = load_deck(TINY)
    vocabulary, cards = Grader(deck).compiled_state()
    check_shape(cards, TupleOf(card_values_shape()))
    with pytest.raises(ShapeError, match="not str"):
        check_shape(("a", 1), TupleOf(str))
