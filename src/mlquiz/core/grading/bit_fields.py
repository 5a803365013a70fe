"""Many small sets of bits packed as fields of one integer, to find the full ones.

Each owner (a pattern of a card, a card of a deck) has a field of one bit per
thing it needs (its mask's bits, 0 up) and a guard bit above it. The bits that
an answer's stems set, ORed, hold an owner's field full when every thing it
needs is there; adding one at the bottom of every field then carries into the
guard bits of exactly those owners. Big-integer arithmetic in C, instead of a
loop in Python over every slot of every stem of an answer. Used by
`compiled._LiveIndex` (the patterns an answer can match) and
`cross_index._NeedFields` (the cards whose every needed point it touches).
"""

from __future__ import annotations

from collections.abc import Iterable


class BitFields:
    """The fields of owners 0, 1, 2 ... with the needs `masks` (an owner with
    mask 0 needs nothing and is never full)."""

    __slots__ = ("offsets", "_lowest", "_guards", "_owner")

    def __init__(self, masks: Iterable[int]) -> None:
        self.offsets: list[int] = []  # owner -> its field's first bit
        self._owner: dict[int, int] = {}  # a guard bit's place (as `bit_length`) -> owner
        lowest = guards = place = 0
        for owner, mask in enumerate(masks):
            self.offsets.append(place)
            if not mask:
                continue
            lowest |= 1 << place
            place += mask.bit_length()
            guards |= 1 << place
            self._owner[place + 1] = owner
            place += 1
        self._lowest, self._guards = lowest, guards

    def full(self, said: int) -> list[int]:
        """The owners whose every needed bit is set in `said`, in owner order."""
        full = (said + self._lowest) & self._guards
        out = []
        owner = self._owner
        while full:
            low = full & -full
            out.append(owner[low.bit_length()])
            full ^= low
        return out
