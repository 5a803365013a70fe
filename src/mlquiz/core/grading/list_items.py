"""How many items of a derived list point an answer says (`derived`).

A derived list point ("any k of n") is covered by the weight of its terms;
two items that share a word ("Out of domain data, domain shift") are then
nearly covered by one of them. An item is said when one of its wordings has
every word said and one of them is its own, a word no other item of the list
uses; a word of the question may be left out ("Pipeline-based and
Agentic-based AI systems" asked about "AI systems"), and so may a word other
items share ("ridge" says "Ridge Regression" beside "Lasso Regression"). An
item with no word of its own ("Stepwise" beside "Forward Stepwise") is said
by all its words, unless an item that refines it is said and the answer says
those words no more often than the refining items use them ("batch,
stochastic, mini-batch" says "Batch" and "Mini-batch" both).

A list whose every item is a bulleted term and its gloss ("- Encoding:
Converts categories to numbers", "- Imputation: Fills missing values") is
a list of those terms: an item is said by its term, when the term is no
everyday word ("scaling, one-hot encoding, imputing missing values").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mlquiz.core.grading.compiled import CompiledPoint
from mlquiz.core.grading.derive.clean import clean_text
from mlquiz.core.grading.derive.general import everyday
from mlquiz.core.grading.derive.ideas import ASKS_FOR_TWO
from mlquiz.core.grading.patterns import Pattern, compile_phrase
from mlquiz.core.grading.per_reader import per_reader
from mlquiz.core.grading.reader import Reader
from mlquiz.core.grading.results import PointResult
from mlquiz.core.verdicts import FOUND


def items_said(
    reader: Reader,
    cpoint: CompiledPoint,
    stems: set[str],
    question: frozenset[str],
    sequence: Sequence[str] = (),
    reference: str = "",
) -> int:
    """How many items (phrases) of `cpoint` the answer's `stems` say
    (`sequence`: its stems in order, each as often as it is said;
    `reference`: the card's answer, whose bulleted terms name its items)."""
    items = [_patterns(reader, phrase) for phrase in cpoint.point.phrases]
    words = [{s for p in patterns for slot in p.slots for s in slot} for patterns in items]
    said = [False] * len(items)
    heads = _item_terms(reader, reference, words) if reference else None
    ownless: list[int] = []
    for i, patterns in enumerate(items):
        others = set().union(*(w for j, w in enumerate(words) if j != i))
        if words[i] and words[i] <= others:
            ownless.append(i)
            continue
        said[i] = any(
            all(slot & stems or slot <= question | others for slot in pattern.slots)
            and any(slot & stems - others for slot in pattern.slots)
            for pattern in patterns
        )
        if not said[i] and heads is not None and heads[i]:
            said[i] = any(_term_said(p, heads[i], stems, question) for p in patterns)
    # An item every word of which other items also use ("Stepwise" beside
    # "Forward Stepwise"): said by its words when no item that refines it is.
    for i in ownless:
        refining = [j for j, w in enumerate(words) if j != i and words[i] <= w and said[j]]
        # Its words no unrelated item uses ("supervised", not "learning").
        unrelated = [w for j, w in enumerate(words) if j != i and not words[i] <= w]
        own = words[i] - question - set().union(*unrelated)
        said_again = bool(own) and all(sequence.count(w) > len(refining) for w in own)
        said[i] = (not refining or said_again) and any(
            all(slot & stems or slot <= question for slot in pattern.slots) for pattern in items[i]
        )
    return sum(said)


@per_reader
def _patterns(reader: Reader, phrase: str) -> list[Pattern]:
    return compile_phrase(reader, phrase)


# A bullet that opens with a term of at most three words and a colon
# ("- Normalization/Scaling: Adjusts feature ranges.").
_BULLET_TERM = re.compile(r"^[ \t]*(?:[-*\u2022]|\d+[.)])[ \t]+([^:\n]{1,40}?):[ \t]+\S", re.M)
TERM_WORDS = 3


@per_reader
def _bullet_terms(reader: Reader, reference: str) -> tuple[tuple[frozenset[str], bool], ...]:
    """The stems of each bulleted term of the reference, and whether the term
    says something alone (a word of it is no everyday word: "Imputation", not
    "More Data" or "Pros")."""
    terms = []
    for match in _BULLET_TERM.finditer(clean_text(reference)):
        tokens = [t for t in reader.tokens(match.group(1)) if not t.stop]
        if tokens and len(match.group(1).split()) <= TERM_WORDS:
            telling = any(not everyday(t.word) for t in tokens)
            terms.append((frozenset(t.stem for t in tokens), telling))
    return tuple(terms)


def _item_terms(
    reader: Reader, reference: str, words: Sequence[set[str]]
) -> list[frozenset[str]] | None:
    """Each item's bulleted term (empty when it says nothing alone), when every
    item of the list opens with a term of its own; else None: a list mixing
    glossed terms and plain items ("Pros: Interpretable, handles non-linear
    data") is a list of its items."""
    terms = _bullet_terms(reader, reference)
    out: list[frozenset[str]] = []
    for i, item in enumerate(words):
        own = [
            (stems, telling)
            for stems, telling in terms
            if stems <= item and not any(stems <= w for j, w in enumerate(words) if j != i)
        ]
        if not own:
            return None
        out.append(own[0][0] if own[0][1] else frozenset())
    return out


def _term_said(
    pattern: Pattern, term: frozenset[str], stems: set[str], question: frozenset[str]
) -> bool:
    """Does the answer say the item's term (its slots the term's words fill),
    a word of it beyond the question's?"""
    slots = [slot for slot in pattern.slots if slot & term]
    return (
        bool(slots)
        and all(slot & stems or slot <= question for slot in slots)
        and any(slot & stems - question for slot in slots)
    )


# A reference of at most this many words that a question for two things
# cuts into two essential points is those two things, and nothing else.
SHORT_REFERENCE = 25


def a_part_missing(
    question: str, reference: str, points: Sequence[PointResult], covers: Sequence[float]
) -> bool:
    """Does an answer to a question that counts what it asks for ("What are
    the two factors ...?", "both") leave one of the essential points wholly
    unsaid? Then it answers part of the question, not all of it. (A plural
    alone, "What are the challenges ...?", is often answered well by some of
    a long reference, and a long reference's essential points are guesses at
    its ideas: SAF's graders call such answers correct.) The reference must be
    short and cut into exactly two essential points."""
    if not ASKS_FOR_TWO.search(question) or len(reference.split()) > SHORT_REFERENCE:
        return False
    essential = [(p, c) for p, c in zip(points, covers, strict=True) if p.required]
    return len(essential) == 2 and any(p.status != FOUND and c == 0.0 for p, c in essential)
