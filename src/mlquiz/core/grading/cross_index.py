"""The deck's essential points across cards, to tell when an answer fits another card.

An answer that says none of its own card's essential points may be a good
answer to another question ("what is a run?" answered with what an
experiment is). `CrossCardIndex` holds every required point's patterns of
the deck, indexed by stem, so the few another card's points an answer could
say are found with one pass over the answer's words.

It is built piece by piece, each the first time a grade asks for it, from the
deck's cards (`DeckCards`) without compiling them: the cards' order costs
nothing; their question and reference stems (the deck's shared vocabulary,
the reference overlaps) one pass; their essential points' patterns (what
other cards an answer says) another; and how many stems the deck knows is
counted only as far as the one threshold it is compared with.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from mlquiz.core.cards import Card
from mlquiz.core.grading.answer import Answer
from mlquiz.core.grading.deck_cards import DeckCards
from mlquiz.core.grading.patterns import Origin, Pattern

# What `CrossCardIndex.state` returns: each card's question-and-reference stems and
# reference content stems; each card's essential point count and every essential
# pattern as (card number, point number, slots, gaps, negated, origin). None for a
# piece not worked out.
CrossState = tuple[
    tuple[tuple[frozenset[str], ...], tuple[frozenset[str], ...]] | None,
    tuple[tuple[int, ...], tuple[tuple[Any, ...], ...]] | None,
]


def cross_state_shape() -> Any:
    """The shape of `CrossCardIndex.state` (see `cachefile.check_shape`)."""
    from mlquiz.core.cachefile import Fixed, FrozenSetOf, Maybe, TupleOf

    stems = Fixed(TupleOf(FrozenSetOf(str)), TupleOf(FrozenSetOf(str)))
    origin = Fixed(str, str, str, str)
    pattern = Fixed(int, int, TupleOf(FrozenSetOf(str)), TupleOf(int), bool, origin)
    return Fixed(Maybe(stems), Maybe(Fixed(TupleOf(int), TupleOf(pattern))))


class CrossCardIndex:
    """Every required point's patterns across the deck, indexed by stem."""

    def __init__(
        self,
        cards: DeckCards,
        saved: CrossState | None = None,
        on_built: Callable[[], None] | None = None,
    ) -> None:
        """`saved`: what `state()` returned for this very deck (the grader cache);
        `on_built` is called after a piece is worked out from the cards (not
        when it comes from `saved`), so it can be kept."""
        self._deck = cards
        self._saved: CrossState = saved if saved is not None else (None, None)
        self._on_built = on_built
        # Each card's place in the deck: every choice between cards (ties
        # included) goes by it, never by the order of a set, which varies
        # from run to run with Python's hash seed.
        self._ids = list(cards)
        self._order: dict[str, int] = {card_id: n for n, card_id in enumerate(self._ids)}
        # Pattern number -> (card id, point number, pattern, mask of all its slots),
        # stem -> (pattern number, slot bit), and per card how many essential
        # points it has: None until `_index_patterns`.
        self._patterns: list[tuple[str, int, Pattern, int]] = []
        self._index: dict[str, list[tuple[int, int]]] = {}
        self._required: dict[str, int] | None = None
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
        # stem -> numbers of the patterns whose rarest slot holds it (see `_anchored`).
        self._anchor_index: dict[str, list[int]] | None = None

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

    def _index_patterns(self) -> dict[str, int]:
        """Every card's essential points' patterns, indexed by stem (once, in deck
        order: card, point, pattern)."""
        if self._required is None:
            saved = self._saved[1]
            if saved is not None:
                try:
                    self._required = self._restore_patterns(*saved)
                    return self._required
                except (ValueError, IndexError, KeyError):  # not this deck's: read the cards
                    self._patterns, self._index = [], {}
            required: dict[str, int] = {}
            for card_id in self._ids:
                count, point_patterns = self._deck.required_patterns(card_id)
                required[card_id] = count
                for point_no, pattern in point_patterns:
                    self._add_pattern(card_id, point_no, pattern)
            self._required = required
            self._built()
        return self._required

    def _add_pattern(self, card_id: str, point_no: int, pattern: Pattern) -> None:
        n = len(self._patterns)
        self._patterns.append((card_id, point_no, pattern, (1 << len(pattern.slots)) - 1))
        index = self._index
        for bit, slot in enumerate(pattern.slots):
            for stem in slot:
                index.setdefault(stem, []).append((n, 1 << bit))

    def _restore_patterns(
        self, counts: tuple[int, ...], patterns: tuple[tuple[Any, ...], ...]
    ) -> dict[str, int]:
        ids = self._ids
        if len(counts) != len(ids):
            raise ValueError("the saved patterns are not this deck's")
        for card_no, point_no, slots, gaps, negated, origin in patterns:
            if card_no < 0 or point_no < 0:
                raise ValueError("a saved pattern is not one")
            card_id = ids[card_no]
            if not slots or len(gaps) != len(slots) - 1:
                raise ValueError("a saved pattern is not one")
            if not self._deck.card(card_id).points[point_no].required:
                raise ValueError("a saved pattern is not an essential point's")
            self._add_pattern(card_id, point_no, Pattern(slots, gaps, negated, Origin(*origin)))
        return dict(zip(ids, counts, strict=True))

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
        patterns = None
        if self._required is not None:
            order, required = self._order, self._required
            patterns = (
                tuple(required[i] for i in self._ids),
                tuple(
                    (order[card_id], point_no, p.slots, p.gaps, p.negated, p.origin.to_value())
                    for card_id, point_no, p, _ in self._patterns
                ),
            )
        return stems, patterns

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
        return self._order[card_id]

    @property
    def shared(self) -> frozenset[str]:
        """The deck's shared vocabulary: stems in the question or reference of
        at least a tenth of the cards (and three): "model", "run", "Delta" in
        an MLflow deck. Saying one of them shows no knowledge of one card."""
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

    def reference_overlaps(self, stems: set[str]) -> dict[str, float]:
        """For each card whose reference answer uses one of `stems` (an
        answer's content stems): the share of the stems, weighted by how rare
        each is among the deck's references, that its reference uses (1.0 for
        that very reference). Cards sharing no stem are left out."""
        weights = self._reference_weights()
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
            for card_id in self._by_reference_stem[stem]:
                shared[card_id] = shared.get(card_id, 0.0) + weight
        return {card_id: w / total for card_id, w in shared.items()}

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
                self._order[i],
            ),
        )

    def _anchored(self) -> dict[str, list[int]]:
        """Each pattern under the stems of its rarest slot only.

        A pattern can match only if the answer has a word for every slot, its
        rarest one included: looking patterns up by that slot alone finds the
        few candidates, where looking them up by every slot would walk the
        long lists of the deck's common words ("model", "mlflow") for every
        answer that uses one."""
        if self._anchor_index is None:
            self._index_patterns()
            index = self._index
            anchored: dict[str, list[int]] = {}
            for n, (_, _, pattern, _) in enumerate(self._patterns):
                rarest = min(pattern.slots, key=lambda s: sum(len(index[x]) for x in s))
                for stem in rarest:
                    anchored.setdefault(stem, []).append(n)
            self._anchor_index = anchored
        return self._anchor_index

    def cards_said(self, answer: Answer, own_card_id: str) -> list[str]:
        """The other cards every one of whose essential points the answer says,
        not negated, in deck order.

        Patterns are looked up by their rarest slot (`_anchored`); a card is
        read further only when each of its essential points has a pattern
        whose every slot the answer has a word for, and the answer is searched
        for one point at a time, stopping at the first it does not say: most
        answers share words with many cards but say all of very few."""
        by_stem = answer.by_stem
        anchored = self._anchored()
        required = self._index_patterns()
        patterns = self._patterns
        possible: dict[str, dict[int, set[int]]] = {}
        for stem in by_stem:
            for n in anchored.get(stem, ()):
                card_id, point_no, _, _ = patterns[n]
                if card_id != own_card_id:
                    possible.setdefault(card_id, {}).setdefault(point_no, set()).add(n)
        said = []
        for card_id in sorted(possible, key=self._order.__getitem__):
            points = possible[card_id]
            if len(points) < required[card_id]:
                continue
            if all(self._says(answer, numbers) for numbers in points.values()):
                said.append(card_id)
        return said

    def _says(self, answer: Answer, numbers: set[int]) -> bool:
        """Does the answer say, not negated, one of these patterns (numbers)?"""
        by_stem = answer.by_stem
        for n in sorted(numbers):
            pattern = self._patterns[n][2]
            if all(any(s in by_stem for s in slot) for slot in pattern.slots) and any(
                not m.negated for m in answer.find(pattern)
            ):
                return True
        return False
