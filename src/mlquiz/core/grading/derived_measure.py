"""What the derived-deck grader works out of a card and an answer (`derived.py`):
a card's weighed terms, and an answer's measure against them."""

from __future__ import annotations

from dataclasses import dataclass

Term = frozenset[str]  # a term's stems, as `derived.Term`


@dataclass
class CardTerms:
    """One derived card's terms, per point, and its reference's content stems
    (`derived.DerivedIndex.terms`)."""

    points: list[list[Term]]  # each point's terms (a term belongs to its first point)
    reference: str  # the reference's content stems, space-joined
    words: list[Term]  # the reference's distinct content stems, each a term
    everyday: frozenset[Term]  # terms whose words are everyday English ("time")
    plain: frozenset[Term]  # and those only a little rarer ("served", `plain_alone`)


@dataclass
class Weighed:
    """A card's terms with their weights, worked out once (`derived.DerivedIndex.weighed`)."""

    groups: list[list[Term]]  # each point's terms, then the reference's words
    weights: list[list[float]]  # the weight of each of those terms
    totals: list[float]  # each group's total weight
    by_stem: dict[str, list[tuple[int, int]]]  # stem -> (group, place) of the terms using it


@dataclass
class Measure:
    cover: float  # essential terms said, weighted
    cover_all: float  # every point's terms said, weighted
    similarity: float  # token_set_ratio to the reference's content words, 0..1
    words: int  # how many distinct words of the reference are said
    enough: int  # as many as say enough
    precision: float  # the share of the answer's telling words that are the reference's
    blend: float
    point_cover: list[float]
    said: list[Term]
    lists_short: bool
    said_words: list[Term]  # the whole reference's words said (the feedback names them)
    silenced: bool = False  # the one reference word said is an everyday one: it says nothing
