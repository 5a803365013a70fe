"""A list's items as phrases: without the words every item repeats or the
question says ("word-based, subword-based" said by "word, subword"; "Lasso
Regression" answering "which algorithms ... regression" as "lasso")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mlquiz.core.grading.derive.words import unit as unit_of
from mlquiz.core.text import stem as stem_of

# Between two words of a phrase that may stand apart in an answer.
FAR = " ... "


def without_shared(phrases: Iterable[str], question_stems: frozenset[str]) -> list[str]:
    """List items without the word every one of them repeats when it says
    nothing of its own: a hyphenated ending ("word-based, subword-based,
    character-based" are said by "word, subword, character") or a word of the
    question ("the four layers": "Data layer, Model layer" are "Data, Model").
    "Out of domain data, domain shift" keep their "domain"."""
    phrases = list(phrases)
    split = [[w for w in re.split(r"[\s-]+", p) if w and w != "..."] for p in phrases]
    shared = set.intersection(*({w.lower() for w in words} for words in split))
    suffixes = {w.lower() for p in phrases for w in re.findall(r"(?<=\w)-(\w+)", p)}
    shared = {w for w in shared if w in suffixes or stem_of(w) in question_stems}
    if not shared:
        return phrases
    kept = [[w for w in words if w.lower() not in shared] for words in split]
    if not all(kept):
        return phrases
    return [(FAR if FAR in p else " ").join(words) for p, words in zip(phrases, kept, strict=True)]


def without_asked(phrase: str, question_stems: frozenset[str]) -> str:
    """A list item without the words of the question, when a term of its own
    remains: "Lasso Regression" answers "algorithms ... regression problems"
    as "lasso", "Stochastic Gradient Descent" the variants of gradient descent
    as "stochastic". An everyday word alone ("Model Evaluation") keeps them."""
    far = FAR in phrase
    words = [w for w in phrase.split() if w != "..."]
    kept = [w for w in words if not unit_of(w).stems <= question_stems]
    if not kept or len(kept) == len(words) or any(unit_of(w).everyday for w in kept):
        return phrase
    return (FAR if far else " ").join(kept)
