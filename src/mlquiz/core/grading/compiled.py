"""One card compiled for grading: every phrase as patterns, indexed by stem.

`compile_card` turns a `Card` into a `CompiledCard` once; grading an answer
then costs a tokenisation and a few dictionary look-ups. A compiled card is
also written as plain values (`card_to_values` / `card_from_values`) for the
cache of compiled graders (`grading/cache.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mlquiz.core.cards import Card, KeyPoint
from mlquiz.core.grading.patterns import Pattern, compile_phrase
from mlquiz.core.grading.reader import Reader
from mlquiz.core.text import STOPWORDS, stem


@dataclass
class CompiledPoint:
    point: KeyPoint
    patterns: list[Pattern]


@dataclass
class CompiledCard:
    card: Card
    points: list[CompiledPoint]
    confusions: list[tuple[list[Pattern], str]]
    vague: list[Pattern]
    question_stems: frozenset[str]
    # The reference answer is itself a list of terms ("None, Staging, ..."):
    # then a bare list is the natural answer, not a keyword salad.
    is_list: bool = False
    # stem -> (pattern number, slot bit) for every pattern of the card, so an
    # answer finds the few patterns whose every slot it contains by look-ups,
    # instead of trying each of the card's dozens of patterns.
    index: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    full_masks: list[int] = field(default_factory=list)
    number: dict[int, int] = field(default_factory=dict)  # id(pattern) -> pattern number
    # Pattern number -> (pattern, index of its key point); points come first.
    point_patterns: list[tuple[Pattern, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.point_patterns = [(p, i) for i, cp in enumerate(self.points) for p in cp.patterns]
        patterns = [p for p, _ in self.point_patterns]
        patterns += [p for ps, _ in self.confusions for p in ps]
        patterns += self.vague
        # A card restored from the grader cache comes with its index and masks.
        build = not self.full_masks
        for n, pattern in enumerate(patterns):
            self.number[id(pattern)] = n
            if not build:
                continue
            self.full_masks.append((1 << len(pattern.slots)) - 1)
            for bit, slot in enumerate(pattern.slots):
                for stem_ in slot:
                    self.index.setdefault(stem_, []).append((n, 1 << bit))

    def live_patterns(self, stems: Iterable[str]) -> set[int]:
        """Numbers of the patterns whose every slot has a word in `stems`."""
        hits: dict[int, int] = {}
        index = self.index
        for stem_ in stems:
            for n, bit in index.get(stem_, ()):
                hits[n] = hits.get(n, 0) | bit
        masks = self.full_masks
        return {n for n, mask in hits.items() if mask == masks[n]}


def compile_card(reader: Reader, card: Card) -> CompiledCard:
    """Every phrase of `card` as patterns; a phrase made only of the question's
    words earns nothing, so its patterns are left out (question demoting)."""
    question_stems = frozenset(
        stem(w) for w in reader.phrase_words(card.question) if w not in STOPWORDS
    )

    def compile_all(phrases: Iterable[str], demote: bool) -> list[Pattern]:
        patterns = []
        for phrase in phrases:
            for pattern in compile_phrase(reader, phrase):
                if demote and all(slot <= question_stems for slot in pattern.slots):
                    continue  # only the question's own words: earns nothing
                patterns.append(pattern)
        return patterns

    return CompiledCard(
        card=card,
        points=[CompiledPoint(p, compile_all(p.phrases, True)) for p in card.points],
        confusions=[(compile_all(c.phrases, False), c.message) for c in card.confusions],
        vague=compile_all(card.vague, True),
        question_stems=question_stems,
        is_list=all(t.word in {"and", "or"} or not t.stop for t in reader.tokens(card.answer)),
    )


# -- as plain values (tuples, frozensets, strings, numbers: what `marshal` stores) --

PatternValues = tuple[tuple[tuple[frozenset[str], ...], tuple[int, ...], bool], ...]


def _patterns_to_values(patterns: list[Pattern]) -> PatternValues:
    return tuple((p.slots, p.gaps, p.negated) for p in patterns)


def _patterns_from_values(values: PatternValues) -> list[Pattern]:
    return [Pattern(slots, gaps, negated) for slots, gaps, negated in values]


def card_to_values(compiled: CompiledCard) -> tuple[Any, ...]:
    """The compiled card as plain values, keyed by its card's id."""
    return (
        compiled.card.id,
        tuple(_patterns_to_values(cp.patterns) for cp in compiled.points),
        tuple((_patterns_to_values(ps), message) for ps, message in compiled.confusions),
        _patterns_to_values(compiled.vague),
        compiled.question_stems,
        compiled.is_list,
        compiled.index,
        compiled.full_masks,
    )


def card_values_shape() -> Any:
    """The shape of `card_to_values` (see `cachefile.check_shape`): a cache is checked
    against it when loaded. Change it with `card_to_values`."""
    from mlquiz.core.cachefile import DictOf, Fixed, FrozenSetOf, ListOf, TupleOf

    patterns = TupleOf(Fixed(TupleOf(FrozenSetOf(str)), TupleOf(int), bool))
    return Fixed(
        str,
        TupleOf(patterns),
        TupleOf(Fixed(patterns, str)),
        patterns,
        FrozenSetOf(str),
        bool,
        DictOf(str, ListOf(Fixed(int, int))),
        ListOf(int),
    )


def card_from_values(card: Card, values: tuple[Any, ...]) -> CompiledCard:
    """`card_to_values`'s values back into the compiled `card`; ValueError if they do
    not fit (another card, an index pointing past the patterns). Their types are
    checked by the cache against `card_values_shape`, for all cards at once."""
    card_id, points, confusions, vague, question_stems, is_list, index, masks = values
    if card_id != card.id or len(points) != len(card.points):
        raise ValueError(f"card {card_id}: the compiled points do not fit the card")
    patterns = sum(len(p) for p in points) + sum(len(c[0]) for c in confusions) + len(vague)
    if len(masks) != patterns or any(n >= patterns for refs in index.values() for n, _ in refs):
        raise ValueError(f"card {card_id}: the compiled index does not fit its patterns")
    return CompiledCard(
        card=card,
        points=[
            CompiledPoint(point, _patterns_from_values(point_values))
            for point, point_values in zip(card.points, points, strict=True)
        ],
        confusions=[(_patterns_from_values(ps), message) for ps, message in confusions],
        vague=_patterns_from_values(vague),
        question_stems=question_stems,
        is_list=is_list,
        index=index,
        full_masks=masks,
    )
