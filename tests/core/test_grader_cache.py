"""The cache of compiled graders: the same verdicts as a grader built anew, for the
same deck only, and never an error (core/grading/cache.py). Each test says its rule."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from mlquiz.core.cards import Deck, KeyPoint
from mlquiz.core.decks.library import find_decks
from mlquiz.core.grading import cache as grader_cache
from mlquiz.core.grading import deck_cards
from mlquiz.core.grading.grader import Grader

DEV_ANSWERS = Path(__file__).resolve().parents[3] / "shared" / "grading" / "dev-answers.jsonl"


@pytest.fixture(scope="module")
def builtin() -> Deck:
    return next(d for d in find_decks([]) if d.id == "databricks-mlflow")


def cache_file(folder: Path, deck: Deck) -> Path:
    return grader_cache.cache_path(folder, deck)


def answers(deck: Deck) -> list[tuple[str, str]]:
    """The labeled answers if the shared set is here, else each card's own reference
    answer, its first key point's label and a wrong answer."""
    if DEV_ANSWERS.exists():
        rows = [json.loads(line) for line in DEV_ANSWERS.read_text(encoding="utf-8").splitlines()]
        return [(str(r["card"]), r["answer"]) for r in rows]
    out = []
    for card in deck.cards:
        out += [(card.id, card.answer), (card.id, card.points[0].label), (card.id, "no idea")]
    return out


def test_a_cached_grader_grades_every_answer_as_a_new_one(builtin, tmp_path):
    fresh = Grader(builtin)
    grader_cache.cached_grader(builtin, tmp_path)  # builds and saves
    loaded = grader_cache.load_grader(builtin, tmp_path)
    assert loaded is not None
    pairs = answers(builtin)
    assert len(pairs) > 100
    for card_id, text in pairs:
        card = builtin.card(card_id)
        assert loaded.grade(card, text) == fresh.grade(card, text), (card_id, text)


def test_the_next_start_does_not_compile_the_phrases(builtin, tmp_path, monkeypatch):
    grader_cache.cached_grader(builtin, tmp_path)

    def no_compiling(reader, card):
        raise AssertionError("compiled again")

    monkeypatch.setattr(deck_cards, "compile_card", no_compiling)
    grader = grader_cache.cached_grader(builtin, tmp_path)
    card = builtin.card("1")
    assert grader.grade(card, card.answer).verdict == "correct"


def test_an_edited_deck_is_compiled_anew(builtin, tmp_path):
    """A phrase changed in the deck: the cache made for the old deck is not used."""
    grader_cache.cached_grader(builtin, tmp_path)
    card = builtin.card("1")
    point = card.points[0]
    points = (KeyPoint(point.label, ("zebra crossing",)),) + card.points[1:]
    edited_card = replace(card, points=points)
    edited = replace(builtin, cards=tuple(edited_card if c.id == "1" else c for c in builtin.cards))
    assert grader_cache.load_grader(edited, tmp_path) is None
    grader = grader_cache.cached_grader(edited, tmp_path)
    found = grader.grade(edited_card, "a zebra crossing").points[0].status
    assert found == "found"
    assert grader_cache.load_grader(edited, tmp_path) is not None  # and now cached


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-10] + b"x" * 10,  # bytes changed
        lambda data: b"not a cache at all",
        lambda data: b"",
    ],
)
def test_a_damaged_cache_is_moved_aside_and_written_again(builtin, tmp_path, damage):
    grader_cache.cached_grader(builtin, tmp_path)
    path = cache_file(tmp_path, builtin)
    damaged = damage(path.read_bytes())
    path.write_bytes(damaged)
    grader = grader_cache.cached_grader(builtin, tmp_path)
    assert grader.grade(builtin.card("1"), builtin.card("1").answer).verdict == "correct"
    # The damaged file is kept beside the new one, byte for byte, never deleted.
    aside = list(tmp_path.glob(path.name + ".broken-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert grader_cache.load_grader(builtin, tmp_path) is not None


def test_a_cache_of_another_deck_version_is_replaced_not_set_aside(builtin, tmp_path):
    """A stale file (the deck was edited) is no damage: it is written over."""
    grader_cache.cached_grader(builtin, tmp_path)
    first = builtin.cards[0]
    edited_card = replace(first, answer=first.answer + " Also true.")
    edited = replace(builtin, cards=(edited_card, *builtin.cards[1:]))
    assert grader_cache.load_grader(edited, tmp_path) is None
    grader_cache.cached_grader(edited, tmp_path)
    assert list(tmp_path.glob("*.broken-*")) == []
    assert grader_cache.load_grader(edited, tmp_path) is not None


def test_a_folder_that_cannot_be_written_only_means_no_cache(builtin, tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    grader = grader_cache.cached_grader(builtin, blocker / "cache")
    assert grader.grade(builtin.card("1"), builtin.card("1").answer).verdict == "correct"
    assert list(tmp_path.iterdir()) == [blocker]


def test_the_decks_hash_is_its_values_not_how_they_were_loaded(builtin):
    # The deck cache restores a deck with marshal (strings interned, shared), the
    # TOML reader makes each string anew: the grader cache must know them as one
    # deck, and any changed card as another.
    import marshal
    import sys

    from mlquiz.core.cards import deck_from_value, deck_to_value

    def anew(value, make):  # every string made by `make`
        if isinstance(value, str):
            return make(value)
        if isinstance(value, tuple):
            return tuple(anew(v, make) for v in value)
        if isinstance(value, dict):
            return {anew(k, make): anew(v, make) for k, v in value.items()}
        return value

    value = deck_to_value(builtin)
    restored = deck_from_value(marshal.loads(marshal.dumps(value)))
    fresh = deck_from_value(anew(value, lambda s: "".join(list(s))))  # none shared
    interned = deck_from_value(anew(value, lambda s: sys.intern("".join(list(s)))))
    digest = grader_cache.deck_digest(builtin)
    for deck in (restored, fresh, interned):
        assert grader_cache.deck_digest(deck) == digest
    card = builtin.cards[5]
    edited = replace(builtin, cards=(*builtin.cards[:5], replace(card, hint=card.hint + "!")))
    assert grader_cache.deck_digest(edited) != digest
