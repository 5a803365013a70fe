"""A derived card's reference denies something; does the answer assert it?

An imported reference often states what a thing is not ("NOT a filesystem -
can't mount", "No joins", "no access keys"); derivation keeps the negation in
every phrase of such a clause (derive/points.py). An answer that says the
clause's words with no negation in its clause ("you can mount a bucket",
"it supports joins between tables") claims the opposite of the reference: a
false claim, incorrect whatever else it says right (the shared rubric: "a
contradiction or negation of the reference"). The blend, which credits the
reference's words wherever they stand, would count those words for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mlquiz.core.grading.answer import Answer
from mlquiz.core.grading.derive.clean import clean_text
from mlquiz.core.grading.derived_steps import NEGATION_DECIDES_UP_TO
from mlquiz.core.grading.reader import Reader, Token
from mlquiz.core.grading.results import PointResult
from mlquiz.core.verdicts import CONTRADICTED

if TYPE_CHECKING:
    from mlquiz.core.grading.compiled import CompiledCard

# Words that make a clause say less than its words ("too simple to capture",
# "only known after", "memory rather than generalization"): no assertion.
_NOT_PLAIN = frozenset(
    "too only rather instead unlike than fail fails failed unable lack lacks".split()
)

# A denied clause of more content words than this is a statement a learner
# rephrases, not a claim whose words alone say it.
MAX_DENIED_WORDS = 3


def denied_phrases(reader: Reader, compiled: CompiledCard) -> list[tuple[int, frozenset[str]]]:
    """(point index, content stems) of each phrase that carries a negation:
    the stems an answer asserting the opposite says. Only a phrase with a
    word the reference says nowhere but under a negation ("mount" of "can't
    mount") counts: "no overfitting" stands for "prevents overfitting", and
    "no curvature" beside "a measure of curvature" denies no word of its own.
    Phrases with a choice of words ("a|b") or only the question's words are
    left out."""
    out: list[tuple[int, frozenset[str]]] = []
    question = compiled.question_stems
    asserted_stems = _asserted_stems(reader, clean_text(compiled.card.answer))
    for index, cpoint in enumerate(compiled.points):
        for phrase in cpoint.point.phrases:
            if "|" in phrase:
                continue
            tokens = reader.tokens(phrase.replace("...", " "), correct=False)
            if not any(t.negator for t in tokens):
                continue
            stems = frozenset(t.stem for t in tokens if not t.stop and not t.negator)
            if not all(len(s) >= 3 and s.isalpha() for s in stems):
                continue  # "not quite to 0": a number is no claim of its own
            if stems and not stems <= question and len(stems) <= MAX_DENIED_WORDS:
                if not stems <= asserted_stems:
                    out.append((index, stems))
    return out


def _asserted_stems(reader: Reader, reference: str) -> set[str]:
    """The stems of the reference's clauses that hold no negator."""
    clauses: dict[int, set[str]] = {}
    negated: set[int] = set()
    for token in reader.tokens(reference, correct=False):
        if token.negator:
            negated.add(token.clause)
        elif not token.stop:
            clauses.setdefault(token.clause, set()).add(token.stem)
    return {s for clause, stems in clauses.items() if clause not in negated for s in stems}


def asserted(tokens: Sequence[Token], stems: frozenset[str]) -> bool:
    """Does one clause of the answer say every one of `stems` with no negator
    in it (nor a negator just before it: "no way you can mount it"), nor a
    word that makes it say less (`_NOT_PLAIN`)?"""
    clauses: dict[int, set[str]] = {}
    negated: set[int] = set()
    for token in tokens:
        if token.negator or token.word in _NOT_PLAIN:
            negated.add(token.clause)
        elif not token.stop:
            clauses.setdefault(token.clause, set()).add(token.stem)
    return any(
        stems <= said and clause not in negated and clause - 1 not in negated
        for clause, said in clauses.items()
    )


def asserted_denial(denied: Sequence[tuple[int, frozenset[str]]], answer: Answer) -> int | None:
    """The index of the point whose denied clause (`denied_phrases`) the
    answer asserts, or None. Only a short answer is read so: a long one says
    many things, and one of its clauses may well use a denied word of another
    subject ("traditional networks have limited flexibility" beside "switches
    are not limited to ..."), as a negated phrase decides only there."""
    if len(answer.content) > NEGATION_DECIDES_UP_TO:
        return None
    for index, stems in denied:
        if asserted(answer.tokens, stems):
            return index
    return None


def contradicted(points: tuple[PointResult, ...], index: int) -> tuple[PointResult, ...]:
    """The checklist with that point shown as contradicted, never ticked."""
    p = points[index]
    return (
        *points[:index],
        PointResult(p.label, CONTRADICTED, p.span, p.required, "", p.via),
        *points[index + 1 :],
    )
