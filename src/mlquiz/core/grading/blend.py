"""How a derived card's two whole-answer signals, coverage and the count of
the reference's words said, make one value, and the thresholds that turn it
into a verdict (see `derived`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mlquiz.core.grading.results import PointResult
from mlquiz.core.verdicts import FOUND


@dataclass(frozen=True)
class Blend:
    """How coverage and similarity make a verdict (see `derived`'s docstring)."""

    optional_share: float  # weight of whole-reference coverage against essential coverage
    similarity_weight: float  # share of the blend that is whole-answer similarity
    words_weight: float  # share that is how many of the reference's words are said
    partial_at: float  # blend from which an answer is partial
    correct_at: float  # blend from which it is correct

    def value(
        self,
        cover: float,
        cover_all: float,
        similarity: float,
        words: int,
        enough: int,
        precision: float,
    ) -> float:
        coverage = (cover + self.optional_share * cover_all) / (1 + self.optional_share)
        rest = 1 - self.similarity_weight - self.words_weight
        said = min(words, enough) / enough * precision
        return rest * coverage + self.similarity_weight * similarity + self.words_weight * said


# The blend's count of reference words said stops growing at the number of
# the essential points' terms, within these bounds: six of a reference's own
# words say as much as any number more.
ENOUGH_WORDS = (2, 6)


# Calibrated on SAF (its unseen_answers split) and half the real decks of
# bench/data/decks, the other half checked: `python bench/calibrate_derived.py`
# prints both. The partial floor was swept with the real grader on the fitted
# half (0.11, 0.08, 0.06, 0.04, 0.02: 0.02 agreed best and under-graded least).
BLEND = Blend(
    optional_share=1.0, similarity_weight=0.0, words_weight=0.2, partial_at=0.02, correct_at=0.22
)


# An answer that says at least this many of the words that tell its card's
# reference apart (`DerivedIndex.specific`), with at least this share of its
# own telling words the reference's, says the reference in substance.
IN_SUBSTANCE_WORDS = 5
IN_SUBSTANCE_PRECISION = 0.5


def says_in_substance(words: int, precision: float) -> bool:
    """Correct whatever the blend: five telling words of the reference, mostly
    its own, say much of it, though not the words the derivation took for its
    core (a long Markdown answer opens with a preamble a learner rightly skips:
    "Calculating precision and recall is actually quite easy.")."""
    return words >= IN_SUBSTANCE_WORDS and precision >= IN_SUBSTANCE_PRECISION


# An answer of at least this many words whose content words follow the
# reference's for at least this similarity (rapidfuzz's ratio of the two
# stem sequences, `derived`) says the reference in its own order and words.
FOLLOWS_WORDS = 12
FOLLOWS_SIMILARITY = 0.40
# ... when it says a point, or this much by the blend (the partial floor the
# rule was tuned with): a sentence in the reference's order may share only its
# everyday words ("use the derivative to step downhill, and the step size
# has to grow every iteration").
FOLLOWS_BLEND = 0.11
# ... and at least this share of its own telling words are the reference's:
# rapidfuzz's ratio of two stem sequences is near 0.45 for any two English
# sentences ("Our team kept the holiday photos in a shared folder and the
# album leaked online before the wedding" for preprocessing leakage).
FOLLOWS_PRECISION = 0.15


def follows_the_reference(similarity: float, words: int, precision: float = 1.0) -> bool:
    """Correct whatever the blend: a full answer (a sentence or more) that
    walks through much of the reference's wording says it, though in terms the
    derivation did not weigh as its core ("split the data into k folds, train
    on k-1 ..." for "Cross-validation is a technique to evaluate ..."). On the
    tuning decks' answers graded partial, every one at this similarity was
    labeled correct; a short answer is too few words to tell."""
    return (
        words >= FOLLOWS_WORDS
        and similarity >= FOLLOWS_SIMILARITY
        and precision >= FOLLOWS_PRECISION
    )


# An answer of fewer words than this, with an essential point unticked, is
# correct only if its wording is at least this close to the reference's
# (`derived`'s similarity of the two stem sequences).
TERSE_WORDS = 8
TERSE_SIMILARITY = 0.2
# ... and an answer of fewer words than this that leaves at least this many
# essential points, and most of them, unticked is not lifted however close.
MOSTLY_MISSED_WORDS = 16
MOSTLY_MISSED = 3


def terse_lift(
    points: Sequence[PointResult], words: int, similarity: float, replied: bool = False
) -> bool:
    """Would the blend lift a few words that miss an essential point, and
    share little of the reference's wording, to correct? "in other words"
    is for a paraphrase that says the reference in full; "rds is relational
    database in aws", "users + groups in aws", "impute w/ median" say part of
    it. On the real decks' answers the blend lifted this way, 5 of 5 were
    labeled partial (4 on the fitted half, 1 on the checked half), none
    correct; at 0.25 or 10 words right answers fall too. Nor is an answer
    of under 16 words that leaves at least 3 essential points, and most of
    them, unticked ("decides who may do what in the account" for a reference
    that also requires "Users · groups · roles"): the verdict would say
    correct beside a checklist of misses. On the real decks' answers this
    stopped 4 correct verdicts of answers labeled partial or incorrect and
    made 2 labeled correct partial. A yes-or-no card's own reply given with
    a reason (`replied`) is not held to the rest of a long reference so: its
    other clauses are the reference's reason, one of which the learner gave."""
    required = [p for p in points if p.required]
    missed = sum(p.status != FOUND for p in required)
    mostly_missed = missed >= MOSTLY_MISSED and 2 * missed > len(required)
    if words < MOSTLY_MISSED_WORDS and mostly_missed and not replied:
        return True
    if words >= TERSE_WORDS or similarity >= TERSE_SIMILARITY:
        return False
    return missed > 0
