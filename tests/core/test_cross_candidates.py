"""The cards an answer could say instead of its own (the cross-card candidates) on
a small deck, read through bit fields, are those a plain reading of every point
code of every stem of the answer finds."""

from __future__ import annotations

import random
from array import array
from pathlib import Path

from mlquiz.core.decks.library import load_deck
from mlquiz.core.grading.cross_index import _NeedFields
from mlquiz.core.grading.grader import Grader

DECK = Path(__file__).resolve().parents[2] / "content" / "databricks-mlflow.toml"


def _touching_every_point(needs: bytes, codes: dict[str, bytes], stems: set[str]) -> list[int]:
    touched: dict[int, int] = {}
    for stem in stems:
        for code in array("I", codes.get(stem, b"")):
            touched[code >> 3] = touched.get(code >> 3, 0) | (1 << (code & 7))
    return sorted(n for n, mask in touched.items() if mask == needs[n])


def test_bit_fields_find_the_cards_whose_every_needed_point_is_touched() -> None:
    grader = Grader(load_deck(DECK))
    needs, codes = grader.cross._candidate_index()
    fields = _NeedFields(needs, codes)
    stems = sorted(codes)
    rng = random.Random(12)
    found = 0
    for _ in range(2000):
        said = set(rng.sample(stems, rng.randint(1, 40))) | {"no-such-stem"}
        expected = _touching_every_point(needs, codes, said)
        assert fields.candidates(said) == expected
        found += len(expected)
    assert found > 1000  # most draws touch some card whole: the test reads real candidates
