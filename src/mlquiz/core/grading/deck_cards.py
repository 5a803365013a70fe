"""A deck's cards for grading, each compiled the first time it is asked for.

Compiling a card costs about half a millisecond: a 100,000-card deck compiled
whole before its first answer made that answer wait over 20 seconds and held
a gigabyte. `DeckCards` is a mapping of card id to `CompiledCard` that
compiles a card (or restores it from the grader cache's values) when it is
first looked up, and keeps it; iterating it gives the ids without compiling.

The cross-card checks need a little of every card (its question's and
reference's stems, its essential points' patterns): `stems` and
`required_patterns` give them without compiling the card, read exactly as
`compile_card` reads them (the same functions), or from the cache's values;
`point_stems` the stems its essential points are written with, without
making a pattern (which cards an answer could say, `cross_index.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from operator import attrgetter
from typing import Any

from mlquiz.core.cards import Card
from mlquiz.core.grading.compiled import (
    CompiledCard,
    card_from_values,
    check_card_values,
    compile_card,
    patterns_from_values,
    point_patterns,
    question_stems,
)
from mlquiz.core.grading.patterns import Pattern, word_slots
from mlquiz.core.grading.reader import Reader

# A card's stems: of its question; of its reference; of its reference, without
# stop words and negators.
CardStems = tuple[frozenset[str], frozenset[str], frozenset[str]]
# How many essential points a card has (one more than its points when one of them
# has no pattern and so can never be said), and each essential point's patterns
# as (point number, pattern).
RequiredPatterns = tuple[int, list[tuple[int, Pattern]]]


class DeckCards(Mapping[str, CompiledCard]):
    """Card id -> compiled card, in deck order, compiled on first look-up."""

    def __init__(
        self,
        reader: Reader,
        cards: Iterable[Card],
        values: Iterable[tuple[Any, ...]] | None = None,
    ) -> None:
        """`values`: cards' `card_to_values` from the grader cache, all or some of
        them (checked to fit the cards now; each is turned into a compiled card
        when first needed)."""
        self.reader = reader
        # The cards in deck order and each id's place among them: one map of a
        # 100,000-card deck built at the grader's start, which also gives the
        # cross-card checks each card's place (`place`).
        self._list = tuple(cards)
        ids = map(attrgetter("id"), self._list)
        self._places: dict[str, int] = dict(zip(ids, range(len(self._list)), strict=True))
        if len(self._places) < len(self._list):  # an id twice (no deck that loads): as
            # a dict of the cards has them, the last card of an id at its first place
            by_id = {card.id: card for card in self._list}
            self._list = tuple(by_id.values())
            self._places = {card_id: n for n, card_id in enumerate(by_id)}
        self._compiled: dict[str, CompiledCard] = {}
        self._values: dict[str, tuple[Any, ...]] = {}
        # A phrase word's stems, as `point_stems` reads them.
        self._word_stems: dict[str, tuple[str, ...]] = {}
        if values is not None:
            for card_values in values:
                place = self._places.get(card_values[0])
                if place is None:
                    raise ValueError("the compiled cards are not the deck's")
                card = self._list[place]
                check_card_values(card, card_values)
                self._values[card.id] = card_values

    def __getitem__(self, card_id: str) -> CompiledCard:
        compiled = self._compiled.get(card_id)
        if compiled is None:
            card = self._list[self._places[card_id]]
            values = self._values.pop(card_id, None)
            if values is None:
                compiled = compile_card(self.reader, card)
            else:
                compiled = card_from_values(card, values)
            self._compiled[card_id] = compiled
        return compiled

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._list)

    def __contains__(self, card_id: object) -> bool:
        return card_id in self._places

    def card(self, card_id: str) -> Card:
        return self._list[self._places[card_id]]

    def place(self, card_id: str) -> int:
        """The card's place in the deck (0 for the first)."""
        return self._places[card_id]

    def cards(self) -> Iterable[Card]:
        """The cards themselves, in deck order (none compiled)."""
        return self._list

    def is_compiled(self, card_id: str) -> bool:
        """Has the card been compiled (or restored) already?"""
        return card_id in self._compiled

    @property
    def compiled_count(self) -> int:
        """How many cards have been compiled (or restored) so far."""
        return len(self._compiled)

    def stems(self, card_id: str) -> CardStems:
        """The card's question and reference stems, as its compiled card has them."""
        compiled = self._compiled.get(card_id)
        if compiled is not None:
            return (
                compiled.question_stems,
                compiled.reference_stems,
                compiled.reference_content_stems,
            )
        values = self._values.get(card_id)
        if values is not None:
            return values[4], values[8], values[9]
        card = self.card(card_id)
        # As `question_stems` and `reference_stems` read them, without making the
        # word lists and tokens.
        reader = self.reader
        return (reader.question_stem_set(card.question), *reader.deck_text_stems(card.answer))

    def required_patterns(self, card_id: str) -> RequiredPatterns:
        """The card's essential points' patterns, as its compiled card has them."""
        card = self.card(card_id)
        compiled = self._compiled.get(card_id)
        if compiled is not None:
            per_point = [cp.patterns for cp in compiled.points]
        else:
            values = self._values.get(card_id)
            if values is not None:
                per_point = [
                    patterns_from_values(pv) if point.required else []
                    for point, (pv, _) in zip(card.points, values[1], strict=True)
                ]
            else:
                question = question_stems(self.reader, card)
                per_point = [
                    point_patterns(self.reader, point, question, code=False)[0]
                    if point.required
                    else []
                    for point in card.points
                ]
        required = [i for i, point in enumerate(card.points) if point.required]
        count = len(required) if all(per_point[i] for i in required) else len(card.points) + 1
        return count, [(i, pattern) for i in required for pattern in per_point[i]]

    def point_stems(self, card_id: str) -> list[set[str]]:
        """Per essential point of the card, in order, the stems of every word of its
        phrases, examples and analogies' phrases (`required_patterns`' sources):
        every stem of its patterns' slots is one of them. No pattern is made."""
        known = self._word_stems
        out = []
        for point in self.card(card_id).points:
            if not point.required:
                continue
            stems: set[str] = set()
            texts = [*point.phrases, *point.examples]
            for analogy in point.analogies:
                texts += analogy.phrases
            # A word "a|b" has the slots of a and of b together (`word_slots`): each
            # alternative is read as a word of its own, cached.
            for word in " ".join(texts).replace("|", " ").split():
                found = known.get(word)
                if found is None:
                    found = self._stems_of_word(word)
                stems.update(found)
            out.append(stems)
        return out

    def _stems_of_word(self, word: str) -> tuple[str, ...]:
        found: tuple[str, ...] = ()
        if word != "...":
            singles, multis, _ = word_slots(self.reader, word)
            found = (*singles, *(s for multi in multis for s in multi))
        if len(self._word_stems) < 200_000:
            self._word_stems[word] = found
        return found
