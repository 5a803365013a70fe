"""The deck's essential points across cards, to tell when an answer fits another card.

An answer that says none of its own card's essential points may be a good
answer to another question ("what is a run?" answered with what an
experiment is). `CrossCardIndex` holds every required point's patterns of
the deck, indexed by stem, so the few another card's points an answer could
say are found with one pass over the answer's words.

It is built piece by piece, each the first time a grade asks for it, from the
deck's cards (`DeckCards`) without compiling them: the cards' order costs
nothing; their question and reference stems (the deck's shared vocabulary,
the reference overlaps) one pass; which cards an answer could say another
(`_candidates`: the stems each essential point's phrases are written with,
no pattern compiled), after which only those few cards' essential points are
compiled and looked for; and how many stems the deck knows is counted only
as far as the one threshold it is compared with.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable
from typing import Any

from mlquiz.core.cards import Card
from mlquiz.core.grading.answer import Answer
from mlquiz.core.grading.bit_fields import BitFields
from mlquiz.core.grading.cross_search import SEARCH_FROM, CrossSearch
from mlquiz.core.grading.deck_cards import DeckCards
from mlquiz.core.grading.deck_texts import Stored
from mlquiz.core.grading.patterns import Pattern

# What `CrossCardIndex.state` returns: each card's question-and-reference stems and
# reference content stems; the candidate index (`_candidates`): per card the mask
# of its essential points an answer must touch (one byte a card), and per stem the
# codes (card number * 8 + point bit) of the points written with it, as the bytes
# of an `array("I")`. None for a piece not worked out.
CrossState = tuple[
    tuple[tuple[frozenset[str], ...], tuple[frozenset[str], ...]] | None,
    tuple[bytes, dict[str, bytes]] | None,
]

# A card's essential points as `CrossCardIndex._card_patterns` keeps them: per
# point the stems of its patterns' rarest slots, and per point its patterns.
_Points = tuple[tuple[frozenset[str], ...], tuple[list[Pattern], ...]]

# Points of a card the candidate index tells apart (a bit each); a card of more
# essential points is a candidate once its first eight are touched.
_POINT_BITS = 8


def cross_state_shape() -> Any:
    """The shape of `CrossCardIndex.state` (see `cachefile.check_shape`)."""
    from mlquiz.core.cachefile import DictOf, Fixed, FrozenSetOf, Maybe, TupleOf

    stems = Fixed(TupleOf(FrozenSetOf(str)), TupleOf(FrozenSetOf(str)))
    return Fixed(Maybe(stems), Maybe(Fixed(bytes, DictOf(str, bytes))))


class CrossCardIndex:
    """Every required point's patterns across the deck, indexed by stem."""

    def __init__(
        self,
        cards: DeckCards,
        saved: CrossState | None = None,
        on_built: Callable[[], None] | None = None,
        stored: Stored = None,
    ) -> None:
        """`saved`: what `state()` returned for this very deck (the grader cache);
        `on_built` is called after a piece is worked out from the cards (not
        when it comes from `saved`), so it can be kept; `stored`: the deck's
        grading texts kept by the deck cache (grading/deck_texts.py)."""
        self._deck = cards
        self._saved: CrossState = saved if saved is not None else (None, None)
        self._on_built = on_built
        # Each card's place in the deck (`cards.place`): every choice between cards
        # (ties included) goes by it, never by the order of a set, which varies
        # from run to run with Python's hash seed.
        self._ids = list(cards)
        # The candidate index (see `CrossState`): None until `_candidate_index`;
        # and per card looked at, its essential points' patterns, by point.
        self._needs: bytes | None = None
        self._codes: dict[str, bytes] = {}
        # A stem's codes as numbers, once an answer asked for them (not on every grade).
        self._decoded: dict[str, array[int]] = {}
        self._required: dict[str, _Points | None] = {}
        self._fields: _NeedFields | None = None  # `_candidates` of a small deck
        # Stems some card of the deck knows (its question, reference, phrases),
        # gathered card by card in deck order as far as `knows_at_least` asks.
        self._known: set[str] = set()
        self._known_cards = 0
        # Per card, the stems of its question and reference answer; per card id,
        # the content stems of its reference answer: None until `_read_stems`.
        self._card_stems: list[frozenset[str]] | None = None
        self._references: dict[str, frozenset[str]] | None = None
        self._shared: frozenset[str] | None = None
        self._weights: dict[str, float] | None = None
        self._by_reference_stem: dict[str, list[str]] = {}
        # A big deck with nothing saved: each piece is searched for the stems an
        # answer asks about (cross_search.py), never worked out for every stem.
        self.search: CrossSearch | None = None
        if len(self._ids) >= SEARCH_FROM and self._saved == (None, None):
            self.search = CrossSearch(cards, stored)

    def _read_stems(self) -> tuple[list[frozenset[str]], dict[str, frozenset[str]]]:
        """Every card's question and reference stems (read once, in deck order)."""
        if self._card_stems is None or self._references is None:
            saved = self._saved[0]
            if saved is not None and len(saved[0]) == len(saved[1]) == len(self._ids):
                self._card_stems = list(saved[0])
                self._references = dict(zip(self._ids, saved[1], strict=True))
                return self._card_stems, self._references
            card_stems: list[frozenset[str]] = []
            references: dict[str, frozenset[str]] = {}
            stems = self._deck.stems
            for card_id in self._ids:
                question, reference, content = stems(card_id)
                card_stems.append(question | reference)
                references[card_id] = content
            self._card_stems, self._references = card_stems, references
            self._built()
        return self._card_stems, self._references

    def _candidate_index(self) -> tuple[bytes, dict[str, bytes]]:
        """Per card, the mask of the essential points an answer must touch; per
        stem, the codes of the points written with it (once, in deck order).

        A point's stems are those of every word of its phrases, examples and
        analogies (`point_stems`), a superset of its patterns' slots: an answer
        says a point only if it has one of them, so a card none of whose
        patterns could match is never a candidate, and a candidate is then
        read exactly (`cards_said`). No pattern is compiled for it."""
        if self._needs is None:
            saved = self._saved[1]
            if saved is not None and len(saved[0]) == len(self._ids):
                self._needs, self._codes = saved
                return saved
            needs = bytearray(len(self._ids))
            lists: dict[str, array[int]] = {}
            point_stems = self._deck.point_stems
            for card_no, card_id in enumerate(self._ids):
                required = point_stems(card_id)
                if not required or not all(required):
                    continue  # no essential point, or one nothing can say
                need = 0
                for bit, stems in enumerate(required[:_POINT_BITS]):
                    need |= 1 << bit
                    code = card_no * _POINT_BITS + bit
                    for stem in stems:
                        codes = lists.get(stem)
                        if codes is None:
                            codes = lists[stem] = array("I")
                        codes.append(code)
                needs[card_no] = need
            self._needs = bytes(needs)
            self._codes = {stem: codes.tobytes() for stem, codes in lists.items()}
            self._built()
        return self._needs, self._codes

    def _card_patterns(self, card_id: str) -> _Points | None:
        """The card's essential points: per point, the stems of its patterns' rarest
        slots, and per point its patterns; None when one of them has no pattern
        (the card can never be said). Kept once read.

        A pattern can match only if the answer has a word of each slot, its
        rarest one (the one of fewest points across the deck) included: an
        answer with none of a point's rarest-slot stems says no pattern of it,
        told by one look (`cards_said`)."""
        if card_id in self._required:
            return self._required[card_id]
        count, point_patterns = self._deck.required_patterns(card_id)
        by_point: dict[int, list[Pattern]] = {}
        for point_no, pattern in point_patterns:
            by_point.setdefault(point_no, []).append(pattern)
        points = None
        if by_point and len(by_point) >= count:
            # Any slot of a pattern is one the answer must have a word of; the rarest
            # across the deck rules most out (searched decks: the one of fewest stems).
            if self.search is None:
                _, codes = self._candidate_index()
                rarest = lambda s: sum(len(codes.get(x, b"")) for x in s)  # noqa: E731
            else:
                rarest = len
            # Points of fewest patterns first: the first point not said ends the
            # look, and which one ends it changes nothing (no doubt is kept).
            ordered = sorted(by_point.values(), key=len)
            anchors = []
            for patterns in ordered:
                stems: set[str] = set()
                for pattern in patterns:
                    stems.update(min(pattern.slots, key=rarest))
                anchors.append(frozenset(stems))
            points = (tuple(anchors), tuple(ordered))
        self._required[card_id] = points
        return points

    def _built(self) -> None:
        if self._on_built is not None:
            self._on_built()

    def state(self) -> CrossState:
        """The pieces worked out so far as plain values (what `marshal` stores), for
        `CrossCardIndex(cards, saved)` on the same deck."""
        stems = None
        if self._card_stems is not None and self._references is not None:
            references = self._references
            stems = (tuple(self._card_stems), tuple(references[i] for i in self._ids))
        candidates = None if self._needs is None else (self._needs, self._codes)
        return stems, candidates

    def card(self, card_id: str) -> Card:
        return self._deck.card(card_id)

    def knows_at_least(self, count: int) -> bool:
        """Do the deck's cards know `count` stems between them? (Their questions',
        references' and phrases' stems; cards are compiled for it in deck order
        only until that many are found.)"""
        known, ids = self._known, self._ids
        while len(known) < count and self._known_cards < len(ids):
            known.update(self._deck[ids[self._known_cards]].known)
            self._known_cards += 1
        return len(known) >= count

    def place(self, card_id: str) -> int:
        """The card's place in the deck (0 for the first)."""
        return self._deck.place(card_id)

    @property
    def shared(self) -> frozenset[str]:
        """The deck's shared vocabulary: stems in the question or reference of
        at least a tenth of the cards (and three): "model", "run", "Delta" in
        an MLflow deck. Saying one of them shows no knowledge of one card."""
        if self.search is not None:
            return _SearchedShared(self.search, max(3, len(self._ids) / 10))  # type: ignore[return-value]
        if self._shared is None:
            card_stems, _ = self._read_stems()
            counts: dict[str, int] = {}
            for stems in card_stems:
                for stem in stems:
                    counts[stem] = counts.get(stem, 0) + 1
            floor = max(3, len(card_stems) / 10)
            self._shared = frozenset(s for s, n in counts.items() if n >= floor)
        return self._shared

    def _reference_weights(self) -> dict[str, float]:
        if self._weights is None:
            _, references = self._read_stems()
            counts: dict[str, int] = {}
            for reference in references.values():
                for stem in reference:
                    counts[stem] = counts.get(stem, 0) + 1
            n = len(references) + 1
            self._weights = {s: math.log(n / c) for s, c in counts.items()}
            self._by_reference_stem = {}
            for card_id, reference in references.items():
                for stem in reference:
                    self._by_reference_stem.setdefault(stem, []).append(card_id)
        return self._weights

    def _weights_of(self, stems: set[str]) -> dict[str, float]:
        """The reference weights of (at least) these stems, as `_reference_weights`."""
        if self.search is None:
            return self._reference_weights()
        cards = self.search.reference_cards(stems)
        n = len(self._ids) + 1
        return {s: math.log(n / len(found)) for s, found in cards.items() if found}

    def _cards_using(self, word_stem: str) -> list[str]:
        """The cards whose reference uses the stem, in deck order."""
        if self.search is None:
            return self._by_reference_stem[word_stem]
        ids = self._ids
        return [ids[n] for n in self.search.reference_cards([word_stem])[word_stem]]

    def reference_overlaps(self, stems: set[str]) -> dict[str, float]:
        """For each card whose reference answer uses one of `stems` (an
        answer's content stems): the share of the stems, weighted by how rare
        each is among the deck's references, that its reference uses (1.0 for
        that very reference). Cards sharing no stem are left out."""
        weights = self._weights_of(stems)
        # A stem no reference uses weighs as much as the rarest one.
        rare = math.log(len(self._deck) + 1)
        # Sorted: a float sum in set order could differ in its last bit from run to run.
        ordered = sorted(stems)
        total = sum(weights.get(s, rare) for s in ordered)
        if not total:
            return {}
        shared: dict[str, float] = {}
        for stem in ordered:
            weight = weights.get(stem)
            if weight is None:
                continue
            for card_id in self._cards_using(stem):
                shared[card_id] = shared.get(card_id, 0.0) + weight
        return {card_id: w / total for card_id, w in shared.items()}

    def may_overlap_more(self, answer: Answer, card_id: str, margin: float) -> bool:
        """Could another card's `answer_overlaps` exceed `card_id`'s by more than
        `margin`? Another reference shares at most what `card_id`'s does plus the
        answer's stems outside it that some reference uses: when those weigh
        `margin` or less (less a rounding allowance), no card can, and the
        overlaps need not be worked out (most answers use their own card's words)."""
        said = {t.stem for t in answer.content_tokens if not t.negator}
        weights = self._weights_of(said)
        if self.search is None:
            own = self._read_stems()[1].get(card_id, frozenset())
        else:
            own = self._deck.stems(card_id)[2] if card_id in self._deck else frozenset()
        rare = math.log(len(self._deck) + 1)
        total = outside = 0.0
        for stem in said:
            weight = weights.get(stem)
            if weight is None:
                total += rare
            else:
                total += weight
                if stem not in own:
                    outside += weight
        return bool(total) and outside / total > margin - 1e-9

    def answer_overlaps(self, answer: Answer) -> dict[str, float]:
        """`reference_overlaps` of the answer's content stems, negators left out as
        references are read; worked out once per answer (do not change it)."""
        memo = answer.overlaps
        if memo is None or memo[0] is not self:
            stems = {t.stem for t in answer.content_tokens if not t.negator}
            memo = answer.overlaps = (self, self.reference_overlaps(stems))
        return memo[1]

    def closest(self, answer: Answer, card_ids: list[str]) -> str:
        """Of `card_ids` (one at least), the card whose reference answer uses most
        of the answer's words (`answer_overlaps`); among equals the one of more
        essential points, then the first in the deck. A broad card's few points
        ("What is MLflow at a high level?") are said by many a narrower card's
        reference too: first in the deck or most points, it was named for them."""
        overlaps = self.answer_overlaps(answer)
        return min(
            card_ids,
            key=lambda i: (
                -overlaps.get(i, 0.0),
                -len(self.card(i).required_points),
                self._deck.place(i),
            ),
        )

    def cards_said(self, answer: Answer, own_card_id: str) -> list[str]:
        """The other cards every one of whose essential points the answer says,
        not negated, in deck order.

        The candidates are the cards each of whose essential points (the first
        eight) the answer has a word of (`_candidate_index`); each is then read
        exactly, one point at a time, stopping at the first it does not say:
        most answers share words with many cards but say all of very few."""
        ids, read = self._ids, self._required
        # A point none of whose rarest-slot stems the answer has is not said.
        missing = answer.by_stem.keys().isdisjoint
        said = []
        # Another card's point said in doubt is no doubt about this card's answer.
        doubted = answer.doubted
        for card_no in self._candidates(answer):
            card_id = ids[card_no]
            if card_id == own_card_id:
                continue
            points = read[card_id] if card_id in read else self._card_patterns(card_id)
            if points is None or any(map(missing, points[0])):
                continue
            if all(self._says(answer, patterns) for patterns in points[1]):
                said.append(card_id)
        answer.doubted = doubted
        return said

    def _candidates(self, answer: Answer) -> list[int]:
        """The places of the cards each of whose essential points (the first eight)
        the answer has a word of, in deck order (`_candidate_index`)."""
        if self.search is not None:
            return self.search.point_candidates(answer.by_stem.keys())
        needs, codes = self._candidate_index()
        if len(self._ids) < SEARCH_FROM:  # a big deck's fields would fill memory
            if self._fields is None:
                self._fields = _NeedFields(needs, codes)
            return self._fields.candidates(answer.by_stem)
        decoded = self._decoded
        touched: dict[int, int] = {}
        for stem in answer.by_stem:
            found = decoded.get(stem)
            if found is None:
                raw = codes.get(stem)
                if raw is None:
                    continue
                found = decoded[stem] = array("I", raw)
            for code in found:
                card_no = code >> 3
                touched[card_no] = touched.get(card_no, 0) | (1 << (code & 7))
        return sorted(n for n, mask in touched.items() if mask == needs[n])

    def _says(self, answer: Answer, patterns: list[Pattern]) -> bool:
        """Does the answer say, not negated, one of these patterns?"""
        # A slot none of whose stems the answer has rules the pattern out (C-level
        # checks: a candidate's points may have dozens of patterns).
        missing = answer.by_stem.keys().isdisjoint
        for pattern in patterns:
            if not any(map(missing, pattern.slots)) and any(
                not m.negated for m in answer.find(pattern)
            ):
                return True
        return False


class _NeedFields:
    """The candidate index (`CrossCardIndex._candidate_index`) as bit fields of one
    integer (`BitFields`): each card a field of one bit per essential point it
    needs (its first eight, bits 0 up), each stem the bits of the points written
    with it; a card is a candidate when its field is full."""

    def __init__(self, needs: bytes, codes: dict[str, bytes]) -> None:
        self._codes = codes
        # A card that needs nothing is never a candidate (and has no codes).
        self._fields = BitFields(needs)
        self._bits: dict[str, int] = {}  # per stem, decoded when an answer first has it

    def candidates(self, stems: Iterable[str]) -> list[int]:
        """The numbers of the cards every needed point of which one of `stems`
        touches, in deck order."""
        said = 0
        bits, codes, offsets = self._bits, self._codes, self._fields.offsets
        for stem in stems:
            stem_bits = bits.get(stem)
            if stem_bits is None:
                found = codes.get(stem)
                if found is None:
                    continue
                stem_bits = 0
                for code in array("I", found):
                    stem_bits |= 1 << (offsets[code >> 3] + (code & 7))
                bits[stem] = stem_bits
            said |= stem_bits
        return self._fields.full(said)


class _SearchedShared:
    """A searched deck's shared vocabulary (`CrossCardIndex.shared`), with the stems
    joined to it (`|`): a stem is looked up when first asked about."""

    def __init__(self, search: CrossSearch, floor: float, extra: frozenset[str] = frozenset()):
        self._search = search
        self._floor = floor
        self._extra = extra

    def __or__(self, other: frozenset[str]) -> _SearchedShared:
        return _SearchedShared(self._search, self._floor, self._extra | other)

    __ror__ = __or__

    def __contains__(self, word_stem: object) -> bool:
        if word_stem in self._extra:
            return True
        return isinstance(word_stem, str) and self._search.card_count(word_stem) >= self._floor
