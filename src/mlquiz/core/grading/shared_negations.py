"""Negations the reference makes itself ("finds structure without labels").

An answer that says "learning without labels to find structure" or "no
labels, clustering" repeats the reference's own idea: its "without" and its
"no" deny nothing. Read as denials they would contradict the very points
they restate ("The answer denies a key point: ... finds structure").

A negator of the answer is the reference's own when the content word it
takes is one the reference takes under a negator too ("without labels",
"no labels") or with the negating prefix "un-" ("unlabeled data"). Any
other negation still denies: "without a schema" against "with a schema".
"""

from __future__ import annotations

from collections.abc import Sequence

from mlquiz.core.grading.reader import Reader, Token

# "without" sets aside what it takes as a negator does (answer.py's _SETS_ASIDE).
_NEGATING_WORDS = frozenset({"without"})
# How many stop words may stand between a negator and the word it takes
# ("without any labels", "no class labels" takes "class" first).
_REACH = 2


def _taken(tokens: Sequence[Token], i: int) -> int | None:
    """The index of the content word the negator at `i` takes, in its clause."""
    clause = tokens[i].clause
    for k in range(i + 1, min(len(tokens), i + 2 + _REACH)):
        if tokens[k].clause != clause:
            return None
        if not tokens[k].stop:
            return k
    return None


def _negates(tok: Token) -> bool:
    return tok.negator or tok.word in _NEGATING_WORDS


def negated_in_reference(reader: Reader, reference: str) -> frozenset[str]:
    """Stems the reference says under a negation: "without labels", "no
    labels", "unlabeled" all give the stem of "labels". A stem the reference
    also says plainly is left out: "supervised uses labeled data, unsupervised
    finds patterns without labels" puts labels on both sides, and an answer's
    "without labels" may then be the swap of the two."""
    tokens = reader.tokens(reference)
    out: set[str] = set()
    taken: set[int] = set()
    for i, tok in enumerate(tokens):
        if _negates(tok):
            k = _taken(tokens, i)
            if k is not None:
                out.add(tokens[k].stem)
                taken.add(k)
        elif not tok.stop and tok.word.startswith("un") and len(tok.word) > 5:
            # "unlabeled" -> the stem of "labeled": what the answer's "no" takes.
            rest = reader.tokens(tok.word[2:])
            if len(rest) == 1 and not rest[0].stop:
                out.add(rest[0].stem)
                taken.add(i)
    plain = {t.stem for k, t in enumerate(tokens) if not t.stop and k not in taken}
    return frozenset(out - plain)


def shared_negators(tokens: Sequence[Token], negated: frozenset[str]) -> frozenset[int]:
    """Token indices of the answer's negators that take what the reference
    negates itself: they restate the reference, they deny nothing."""
    if not negated:
        return frozenset()
    shared = set()
    for i, tok in enumerate(tokens):
        if _negates(tok):
            k = _taken(tokens, i)
            if k is not None and tokens[k].stem in negated:
                shared.add(i)
    return frozenset(shared)
