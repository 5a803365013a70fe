"""A key point's phrase compiled into patterns, and a place an answer says one.

A phrase is written as words in order: `a|b` offers alternatives for one
word, `...` allows a wider gap, stop words are skipped as in answers. It
compiles into `Pattern`s: slots of alternative stems, with the gap allowed
between each slot and the next. A word whose alternatives read as several
words (a glossary expansion such as "ml" -> "machine learning") splits the
phrase into one pattern per combination.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlquiz.core.grading.reader import Reader
from mlquiz.core.text import NEGATORS, STOPWORDS, stem

# Words that, in a phrase, make it state a negation itself ("without manual
# calls"): an answer's negator next to it is then part of saying it.
PHRASE_NEGATORS = frozenset({"without", "instead", "rather"})

# Gap (in content words) allowed between two consecutive words of a phrase,
# and the wider gap that "..." in a phrase asks for.
NEAR_GAP = 3
FAR_GAP = 8


@dataclass(frozen=True)
class Origin:
    """Where a key point's evidence comes from, for the feedback to say.

    `kind` is "phrase", "example", "code" or "analogy"; an analogy names its
    `tool`, and its `credit` ("full" or "partial") says whether it earns the
    point outright. `note` is shown when it earned the point.
    """

    kind: str = "phrase"
    credit: str = "full"
    tool: str = ""
    note: str = ""

    def to_value(self) -> tuple[str, str, str, str]:
        return (self.kind, self.credit, self.tool, self.note)

    @property
    def via(self) -> str:
        """How a point was earned, as the feedback says it ("" for a plain phrase)."""
        if self.kind == "analogy":
            if self.credit == "partial":
                return f"by analogy with {self.tool}: partial credit"
            return f"by analogy with {self.tool}"
        if self.kind == "example":
            return "by example"
        if self.kind == "code":
            return "in code"
        return ""


PHRASE = Origin()
EXAMPLE = Origin("example")
CODE = Origin("code")


@dataclass(frozen=True)
class Pattern:
    """One way of saying something: slots of alternative stems, in order."""

    slots: tuple[frozenset[str], ...]
    gaps: tuple[int, ...]  # gaps[i] = max content words between slot i and i+1
    negated: bool  # the phrase itself contains a negator ("no manual calls")
    origin: Origin = PHRASE
    # Each slot after the first with its gap from the one before: what matching
    # walks from every start in an answer, paired once here, not at each start.
    steps: tuple[tuple[frozenset[str], int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(zip(self.slots[1:], self.gaps, strict=True)))


@dataclass(slots=True)
class Match:
    """Where an answer says a pattern (or a code form). (Slots: grading makes
    several per answer, and an instance without a dict is made faster.)"""

    positions: tuple[int, ...]  # indices into the answer's content words, one per slot
    negated: bool
    origin: Origin = PHRASE
    # The pattern states a negation itself ("without manual calls"): the
    # answer's negator is part of saying it.
    negation_stated: bool = False

    @property
    def first(self) -> int:
        return self.positions[0]

    @property
    def last(self) -> int:
        return self.positions[-1]


def compile_phrase(reader: Reader, phrase: str, origin: Origin = PHRASE) -> list[Pattern]:
    """Turn "log|record ... params" into match patterns (see the module docstring)."""
    variants: list[tuple[list[frozenset[str]], list[int]]] = [([], [])]
    pending_gap = NEAR_GAP
    negated = False
    for raw_word in phrase.split():
        if raw_word == "...":
            pending_gap = FAR_GAP
            continue
        singles, multis, negates = word_slots(reader, raw_word)
        negated = negated or negates
        if not singles and not multis:
            continue  # a stop word: phrases skip them like answers do
        new_variants = []
        for slots, gaps in variants:
            if singles:
                new_variants.append((slots + [singles], gaps + ([pending_gap] if slots else [])))
            for multi in multis:
                s, g = list(slots), list(gaps)
                for j, word_stem in enumerate(multi):
                    if s:
                        g.append(pending_gap if j == 0 else 0)
                    s.append(frozenset({word_stem}))
                new_variants.append((s, g))
        variants = new_variants
        pending_gap = NEAR_GAP
    return [
        Pattern(slots=tuple(slots), gaps=tuple(gaps), negated=negated, origin=origin)
        for slots, gaps in variants
        if slots
    ]


def phrase_slots(reader: Reader, phrase: str) -> list[tuple[frozenset[str], ...]]:
    """The slots of each pattern `compile_phrase` makes of `phrase`, in its order,
    without the patterns themselves (an import's lint of 100,000 cards asks
    only this)."""
    cache = reader.phrase_word_slots
    # Nearly every phrase makes one pattern (no word the glossary makes several
    # words): its slots are collected as they come, variants only when needed.
    single: list[frozenset[str]] = []
    variants: list[tuple[frozenset[str], ...]] | None = None
    for raw_word in phrase.split():
        if raw_word == "...":
            continue
        found = cache.get(raw_word)
        if found is None:
            found = word_slots(reader, raw_word)
        singles, multis, _ = found
        if variants is None:
            if not multis:
                if singles:
                    single.append(singles)
                continue
            variants = [tuple(single)]
        if not singles and not multis:
            continue
        new_variants: list[tuple[frozenset[str], ...]] = []
        for slots in variants:
            if singles:
                new_variants.append((*slots, singles))
            for multi in multis:
                new_variants.append(slots + tuple(frozenset({w}) for w in multi))
        variants = new_variants
    if variants is None:
        return [tuple(single)] if single else []
    return [slots for slots in variants if slots]


def phrase_choices(
    reader: Reader, phrase: str
) -> list[tuple[frozenset[str], tuple[tuple[str, ...], ...]]]:
    """Each word of `phrase` that is not a stop word, as (the stems of its
    one-word alternatives, the stems of each alternative the glossary makes
    several words): the choices `phrase_slots` multiplies into patterns. A
    question about every pattern ("is any one slot...", "are all slots...")
    is answered word by word from these, without listing the patterns (an
    import's lint asks it of every phrase of 100,000 cards)."""
    choices = []
    cache = reader.phrase_word_slots
    for raw_word in phrase.split():
        if raw_word == "...":
            continue
        singles, multis, _ = cache.get(raw_word) or word_slots(reader, raw_word)
        if singles or multis:
            choices.append((singles, multis))
    return choices


def word_slots(
    reader: Reader, raw_word: str
) -> tuple[frozenset[str], tuple[tuple[str, ...], ...], bool]:
    """One word of a phrase ("log|record"): the stems of its one-word
    alternatives, the stems of each alternative the glossary makes several
    words, and whether one negates. Cached on the reader: a deck's phrases
    repeat their words."""
    cached = reader.phrase_word_slots.get(raw_word)
    if cached is not None:
        return cached
    singles: set[str] = set()
    multis: list[tuple[str, ...]] = []
    negated = False
    if "|" in raw_word:
        # Each alternative as a word of its own (cached too): "a|b|c" combinations
        # are often new while their alternatives repeat.
        cache = reader.phrase_word_slots
        for alt in raw_word.split("|"):
            if alt:
                alt_singles, alt_multis, alt_negated = cache.get(alt) or word_slots(reader, alt)
                for single in alt_singles:  # one at most: added in order, as it was
                    singles.add(single)
                multis += alt_multis
                negated = negated or alt_negated
    else:
        words = [w for w in reader.phrase_words(raw_word) if w not in STOPWORDS]
        negated = any(w in NEGATORS or w in PHRASE_NEGATORS for w in words)
        if len(words) == 1:
            singles.add(stem(words[0]))
        elif len(words) > 1:
            multis.append(tuple(stem(w) for w in words))
    result = (frozenset(singles), tuple(multis), negated)
    if len(reader.phrase_word_slots) < 200_000 and (
        reader.keep_word_alternatives or "|" not in raw_word
    ):
        reader.phrase_word_slots[raw_word] = result
    return result
