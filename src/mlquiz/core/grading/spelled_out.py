"""Words a question gives only by spelling out an abbreviation, which its reference says.

The reader spells out a known abbreviation as its words ("RMSE" is read as
"root mean squared error", each word at the abbreviation's place), so a
question that names RMSE counts "squared" among its words, and a question's
words earn an answer nothing. But the reference of "How does RMSE compare to
MAE ...?" says "due to the squaring operation" in its own words: its key
point then had no word left, and "rmse punishes big errors more bc of the
square" said none of the reference (issue 19). Such a word is the
reference's again; an answer earns it only by typing it, not by naming the
abbreviation again (that is the question's word, as before).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from mlquiz.core.grading.derive.clean import clean_text
from mlquiz.core.grading.per_reader import per_reader
from mlquiz.core.grading.reader import Reader, Token


def _spans(tokens: Sequence[Token]) -> Counter[tuple[int, int]]:
    return Counter((t.start, t.end) for t in tokens)


def spelled(tokens: Sequence[Token]) -> list[bool]:
    """Which tokens come from spelling out an abbreviation (several words read
    at one place of the text)."""
    spans = _spans(tokens)
    return [spans[(t.start, t.end)] > 1 for t in tokens]


@per_reader
def freed_stems(reader: Reader, question: str, reference: str) -> frozenset[str]:
    """Stems the question gives only by spelling out an abbreviation and the
    reference types as a word of its own ("squar" of "RMSE" and "squaring"),
    though not the abbreviation spelled out: a reference that says "Root Mean
    Square Error" in full says the question's name, no word of its own."""
    read = reader.tokens(question)
    spans = _spans(read)
    if len(spans) == len(read):
        return frozenset()  # no abbreviation spelled out: nearly every question
    typed = {t.stem for t in read if spans[(t.start, t.end)] == 1}
    names: dict[tuple[int, int], set[str]] = {}
    for t in read:
        if spans[(t.start, t.end)] > 1 and not t.stop:
            names.setdefault((t.start, t.end), set()).add(t.stem)
    said = reader.tokens(clean_text(reference))
    own = {t.stem for t, m in zip(said, spelled(said), strict=True) if not m}
    freed: set[str] = set()
    for words in names.values():
        if not words <= own:  # the name not spelled out in full
            freed |= (words - typed) & own
    return frozenset(freed)


def unasked(tokens: Sequence[Token], question: frozenset[str], freed: frozenset[str]) -> list[str]:
    """The stems of `tokens` (an answer's content words) that are not the
    question's, nor negators, in order; a `freed` word (`freed_stems`) counts
    typed, not read out of the question's abbreviation named again."""
    marks = spelled(tokens) if freed else [False] * len(tokens)
    return [
        t.stem
        for t, mark in zip(tokens, marks, strict=True)
        if t.stem not in question and not t.negator and not (mark and t.stem in freed)
    ]
