"""A derived card's reference denies something; does the answer assert it?

An imported reference often states what a thing is not ("NOT a filesystem -
can't mount", "No joins", "no access keys"); derivation keeps the negation in
every phrase of such a clause (derive/points.py). An answer that says the
clause's words with no negation in its clause ("you can mount a bucket",
"it supports joins between tables") claims the opposite of the reference: a
false claim, incorrect whatever else it says right (the shared rubric: "a
contradiction or negation of the reference"). The blend, which credits the
reference's words wherever they stand, would count those words for it.

Only a whole negated clause of a few words is such a denial: a word of a
longer one ("change" of "does not change the data", "longer" of "no longer
referenced") is no claim of its own, and "not just X but Y" widens. An
answer that says the denial in other words ("without joins", "joins are
unsupported", "sql databases support joins, this one does not") asserts
nothing against it.
"""

from __future__ import annotations

import re
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

# Words that deny what their clause says, beside the grader's negators ("not",
# "no", "never", ...): "without joins", "joins are unsupported", "mounting it
# is impossible", "joins: none".
_DENYING = frozenset(
    """
    without none impossible unsupported unavailable unable cannot absent lacking
    """.split()
)

# "Not just storage but also compute", "not only tracking": the negator
# widens, it denies nothing.
_WIDENING = frozenset("just only merely simply solely also".split())

# After "nothing", words that make it deny everything but what was said
# ("supports joins, nothing else", "joins and nothing more", "nothing but
# joins"): the clause beside it is asserted, and only it. "no other" stays a
# denial: "it has no other query features like joins" denies joins.
_BESIDES = frozenset("else more but".split())

_MIDDLE_DOT = re.compile(r"\s[·•]\s")

# A denied clause of more content words than this is a statement a learner
# rephrases, not a claim whose words alone say it.
MAX_DENIED_WORDS = 3


def denied_phrases(reader: Reader, compiled: CompiledCard) -> list[tuple[int, frozenset[str]]]:
    """(point index, content stems) of each whole clause of the reference that
    carries a negation ("No joins", "can't mount"): the stems an answer
    asserting the opposite says. Only a phrase of a point that says the whole
    clause counts, never a part of one ("change" of "does not change the
    data"), and only a clause with a word the reference says nowhere but under
    a negation ("mount" of "can't mount"): "no overfitting" stands for
    "prevents overfitting", and "no curvature" beside "a measure of curvature"
    denies no word of its own. Phrases with a choice of words ("a|b") or only
    the question's words are left out."""
    out: list[tuple[int, frozenset[str]]] = []
    question = compiled.question_stems
    # Middle dots between items are the commas derivation reads them as.
    reference = _MIDDLE_DOT.sub(",", clean_text(compiled.card.answer))
    clauses, asserted_stems = _negated_clauses(reader, reference)
    if not clauses:
        return out
    for index, cpoint in enumerate(compiled.points):
        for phrase in cpoint.point.phrases:
            if "|" in phrase:
                continue
            tokens = reader.tokens(phrase.replace("...", " "), correct=False)
            if not any(t.negator for t in tokens):
                continue
            stems = frozenset(t.stem for t in tokens if not t.stop and not t.negator)
            if stems not in clauses or stems <= question or stems <= asserted_stems:
                continue
            if (index, stems) not in out:
                out.append((index, stems))
    return out


def _negated_clauses(reader: Reader, reference: str) -> tuple[set[frozenset[str]], set[str]]:
    """The content stems of each whole clause of the reference that holds a
    negator denying something (not "not just X but"), of at most
    `MAX_DENIED_WORDS` words, none a number; and the stems of its clauses
    that hold no negator."""
    clauses: dict[int, set[str]] = {}
    negated: set[int] = set()
    widened: set[int] = set()
    tokens = reader.tokens(reference, correct=False)
    for number, token in enumerate(tokens):
        if token.negator:
            negated.add(token.clause)
            after = tokens[number + 1] if number + 1 < len(tokens) else None
            if after is not None and after.word in _WIDENING:
                widened.add(token.clause)
        elif not token.stop:
            clauses.setdefault(token.clause, set()).add(token.stem)
    denied = {
        frozenset(stems)
        for clause, stems in clauses.items()
        if clause in negated
        and clause not in widened
        and len(stems) <= MAX_DENIED_WORDS
        and all(len(s) >= 3 and s.isalpha() for s in stems)  # "not quite to 0"
    }
    plain = {s for clause, stems in clauses.items() if clause not in negated for s in stems}
    return denied, plain


def asserted(tokens: Sequence[Token], stems: frozenset[str]) -> bool:
    """Does one clause of the answer say every one of `stems` with no negator
    in it, nor in the clause just before or after it ("no way you can mount
    it", "sql databases support joins, this one does not", "joins? no"), nor
    a word that denies it ("without joins", "joins are unsupported") or makes
    it say less (`_NOT_PLAIN`)?"""
    clauses: dict[int, set[str]] = {}
    negated: set[int] = set()
    for number, token in enumerate(tokens):
        after = tokens[number + 1].word if number + 1 < len(tokens) else ""
        if token.negator and token.word == "nothing" and after in _BESIDES:
            continue  # "joins, nothing else" says "only joins": it denies the rest
        if token.negator or token.word in _NOT_PLAIN or token.word in _DENYING:
            negated.add(token.clause)
        elif not token.stop:
            clauses.setdefault(token.clause, set()).add(token.stem)
    return any(
        stems <= said and negated.isdisjoint((clause - 1, clause, clause + 1))
        for clause, said in clauses.items()
    )


def asserted_denials(
    denied: Sequence[tuple[int, frozenset[str]]], answer: Answer
) -> tuple[int, ...]:
    """The indexes of the points whose denied clause (`denied_phrases`) the
    answer asserts, in order (none: an empty tuple). Only a short answer is
    read so: a long one says many things, and one of its clauses may well use
    a denied word of another subject ("traditional networks have limited
    flexibility" beside "switches are not limited to ..."), as a negated
    phrase decides only there."""
    if len(answer.content) > NEGATION_DECIDES_UP_TO:
        return ()
    found = (index for index, stems in denied if asserted(answer.tokens, stems))
    return tuple(dict.fromkeys(found))


def contradicted(
    points: tuple[PointResult, ...], indexes: tuple[int, ...]
) -> tuple[PointResult, ...]:
    """The checklist with those points shown as contradicted, never ticked."""
    return tuple(
        PointResult(p.label, CONTRADICTED, p.span, p.required, "", p.via) if i in indexes else p
        for i, p in enumerate(points)
    )
