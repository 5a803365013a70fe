"""Product-family words: the vendor a deck puts before its names.

A cloud deck names its services "AWS Resource Access Manager", "Amazon
Inspector", "AWS Shield": "AWS" and "Amazon" head names on card after card.
Such a word tells no name of the family from another, so alone (or beside
the question's own words) it must earn no name's point: "AWS IAM" is not
"AWS Resource Access Manager". The names' other words still do.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from mlquiz.core.grading.deck_cards import DeckCards
from mlquiz.core.grading.derive.words import unit as unit_of

if TYPE_CHECKING:
    from mlquiz.core.grading.compiled import CompiledCard
    from mlquiz.core.grading.derived import DerivedIndex

# A capitalised word followed by another that starts with a capital: a name's
# first two words ("AWS Shield", "Amazon S3", "Apache Kafka").
_NAME_START = re.compile(r"\b([A-Z][A-Za-z]+)\s+([A-Z][A-Za-z0-9]*)\b")
# A family heads at least this many different names, in this many answers:
# "Gradient Descent" and "Gradient Boosting" are two names, not a vendor.
MIN_NAMES = 5
MIN_ANSWERS = 5


def family_stems(answers: Iterable[str]) -> frozenset[str]:
    """Stems of the words that head many different names across the answers."""
    names: dict[str, set[str]] = defaultdict(set)
    answers_of: dict[str, int] = defaultdict(int)
    for answer in answers:
        heads = set()
        for m in _NAME_START.finditer(answer):
            head = m[1]
            names[head].add(m[2].lower())
            heads.add(head)
        for head in heads:
            answers_of[head] += 1
    out: set[str] = set()
    for head, seconds in names.items():
        if len(seconds) < MIN_NAMES or answers_of[head] < MIN_ANSWERS:
            continue
        word = unit_of(head)
        # "The Model ..." at sentence starts, "Model Registry": words of the
        # language, not a vendor's name.
        if not (word.everyday or word.generic or word.stop):
            out |= word.stems
    return frozenset(out)


# The deck's family stems, worked out once per grader's index of derived cards.
_FAMILIES: WeakKeyDictionary[object, frozenset[str]] = WeakKeyDictionary()


def family_words(index: DerivedIndex, compiled: CompiledCard) -> frozenset[str]:
    """The family words of `compiled`'s reference ("AWS" of "AWS Resource
    Access Manager"), which earn an answer nothing, as the question's words
    do: "AWS IAM" is not the card's service. None when the family word is all
    the reference names beyond the question ("Which company runs S3?" "Amazon")."""
    families = _FAMILIES.get(index)
    if families is None:
        cards = index.cards
        if isinstance(cards, DeckCards):
            answers = [c.answer for c in cards.cards() if c.derived]
        else:
            answers = [cards[k].card.answer for k in cards if cards[k].card.derived]
        families = _FAMILIES[index] = family_stems(answers)
    if not families:
        return frozenset()
    own = compiled.reference_content_stems - compiled.question_stems
    if not own - families:
        return frozenset()
    return own & families
