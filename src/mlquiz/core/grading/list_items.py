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
"""

from __future__ import annotations

from collections.abc import Sequence

from mlquiz.core.grading.compiled import CompiledPoint
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
) -> int:
    """How many items (phrases) of `cpoint` the answer's `stems` say
    (`sequence`: its stems in order, each as often as it is said)."""
    items = [_patterns(reader, phrase) for phrase in cpoint.point.phrases]
    words = [{s for p in patterns for slot in p.slots for s in slot} for patterns in items]
    said = [False] * len(items)
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
