"""`BitFields`: the owners whose every needed bit an answer set, found by one
addition over all fields (the patterns an answer can match, the cards whose
every essential point it touches)."""

from __future__ import annotations

import random

from mlquiz.core.grading.bit_fields import BitFields


def test_full_fields_are_those_whose_every_needed_bit_is_set() -> None:
    rng = random.Random(7)
    for _ in range(300):
        masks = [(1 << rng.randint(0, 5)) - 1 for _ in range(rng.randint(1, 12))]
        fields = BitFields(masks)
        have = [rng.getrandbits(5) & m for m in masks]
        said = 0
        for n, bits in enumerate(have):
            said |= bits << fields.offsets[n]
        expected = [n for n, m in enumerate(masks) if m and have[n] == m]
        assert fields.full(said) == expected


def test_an_owner_that_needs_nothing_is_never_full() -> None:
    fields = BitFields([0, 0b11, 0])
    assert fields.full(0) == []
    assert fields.full(0b11 << fields.offsets[1]) == [1]
