"""Grading a typed answer against a cloze card's blank(s).

A cloze blank is a short, exact thing (a term, a name, a number), so it is
not judged by key-point phrases: the typed answer must say the blank's words.

- Words are compared after case and accents (`text.fold`); "a", "an" and
  "the" are ignored on both sides.
- An ordinary word may have a typo, by the grader's own budget: one edit
  from 5 letters, two from 9 (a swap of two letters is one), the first
  letter right.
- An exact term must be typed as it is, case aside: a word with a digit, an
  underscore, a dot, a slash or a colon inside (`log_metric`, `df.filter`,
  `3.2`), a word written in capitals or with a capital inside (`ZORDER`,
  `MLflow`), and any word under 5 letters.
- With two or more blanks asked together, each is found on its own, in any
  order; the score is the share found.

Verdict: correct when every blank is said and nothing else (joining words
such as "and" aside), or the whole sentence filled in, as the reference
answer shows it; partial when every blank is said with other words too
(score 0.75), or when some blanks are said; incorrect when none is, or when
a negation ("not", "never") stands just before a blank said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from mlquiz.core.cards import Card
from mlquiz.core.grading.results import GradeResult, PointResult
from mlquiz.core.text import NEGATORS, fold
from mlquiz.core.verdicts import CONTRADICTED, FOUND, MISSED, Verdict

# A term: letters and digits, joined by the characters of code and versions.
# A term led by underscores is tried only where their run starts (`(?<!_)`):
# it was tried at each underscore, each try reading to the run's end (a cloze
# answer of 10,000 "_" took 1.8 s to grade, quadratic). Same terms as before.
_TERM = re.compile(r"[^\W_]+(?:[_./:\-'’][^\W_]+)*|(?<!_)_++[^\W_]+(?:_[^\W_]+)*")
_ARTICLES = frozenset({"a", "an", "the"})
_JOINERS = frozenset({"and", "or", "then", "also", "both", "plus"})
_STRICT_INSIDE = re.compile(r"[\d_./:]")
# The score of an answer that says every blank and more besides.
EXTRA_WORDS_SCORE = 0.75


@dataclass(frozen=True)
class Term:
    """One word of the answer or of a blank: as typed, folded, and where it is."""

    raw: str
    folded: str
    start: int
    end: int

    @property
    def exact(self) -> bool:
        """Must be typed as it is (see the module docstring)."""
        raw = self.raw
        return (
            len(self.folded) < 5
            or bool(_STRICT_INSIDE.search(raw))
            or (len(raw) > 1 and raw.isupper())
            or any(ch.isupper() for ch in raw[1:])
        )


def terms(text: str) -> list[Term]:
    """The words of `text`, articles left out."""
    out = []
    for match in _TERM.finditer(text):
        folded = fold(match.group()).replace("’", "'")
        if folded not in _ARTICLES:
            out.append(Term(match.group(), folded, match.start(), match.end()))
    return out


def _same(expected: Term, typed: Term, strict: bool = True) -> bool | str:
    """True when `typed` says `expected`; "typo" when it does with a typo allowed
    (`strict` False: exact terms may have one too, to say what was wrong)."""
    if expected.folded == typed.folded:
        return True
    if strict and expected.exact:
        return False
    n = len(expected.folded)
    budget = 2 if n >= 9 else 1
    if expected.folded[0] != typed.folded[:1]:
        return False
    return (
        "typo"
        if OSA.distance(expected.folded, typed.folded, score_cutoff=budget) <= budget
        else False
    )


def _find(
    blank: list[Term], typed: list[Term], taken: set[int], strict: bool = True
) -> tuple[int, list[str]] | None:
    """Where the blank's words stand together in the typed words (not in `taken`): the
    first index, and the typos allowed on the way; None if they are not there."""
    size = len(blank)
    for first in range(len(typed) - size + 1):
        if any(i in taken for i in range(first, first + size)):
            continue
        typos = []
        for offset, expected in enumerate(blank):
            same = _same(expected, typed[first + offset], strict)
            if not same:
                break
            if same == "typo":
                typos.append(f"“{typed[first + offset].raw}” was taken as “{expected.raw}”")
        else:
            return first, typos
    return None


def _whole_sentence(typed: list[Term], reference: str) -> bool:
    """Are the typed words the reference answer's (the sentence, filled in)?"""
    return [t.folded for t in typed] == [t.folded for t in terms(reference)]


def grade_cloze(card: Card, text: str) -> GradeResult:
    """The grade of `text` (already NFC-normalised) against the blank(s) `card` asks."""
    typed = terms(text)
    taken: set[int] = set()
    points: list[PointResult] = []
    reasons: list[str] = []
    strict_misses: list[str] = []
    found = 0
    for point in card.points:
        blank = terms(point.phrases[0]) or [Term(point.phrases[0], fold(point.phrases[0]), 0, 0)]
        where = _find(blank, typed, taken)
        if where is None:
            points.append(PointResult(point.label, MISSED, None, point.required))
            exact = [t.raw for t in blank if t.exact and len(t.folded) >= 5]
            if exact and _find(blank, typed, taken, strict=False) is not None:
                strict_misses.append(", ".join(f"“{term}”" for term in exact))
            continue
        first, typos = where
        span_terms = typed[first : first + len(blank)]
        taken.update(range(first, first + len(blank)))
        span = (span_terms[0].start, span_terms[-1].end)
        if first > 0 and typed[first - 1].folded in NEGATORS:
            taken.add(first - 1)
            points.append(PointResult(point.label, CONTRADICTED, span, point.required))
            reasons.append(f"“{typed[first - 1].raw}” before “{point.label}” says the opposite.")
            continue
        found += 1
        points.append(PointResult(point.label, FOUND, span, point.required))
        reasons.extend(f"{typo} (a typo)." for typo in typos)
    for terms_named in strict_misses:
        reasons.append(
            f"{terms_named} must be typed exactly: it is a term, not a word to spell loosely."
        )
    total = len(card.points)
    extra = [t for i, t in enumerate(typed) if i not in taken and t.folded not in _JOINERS]
    contradicted = any(p.status == CONTRADICTED for p in points)
    if contradicted or found == 0:
        verdict, score = Verdict.INCORRECT, 0.0
    elif found == total and (not extra or _whole_sentence(typed, card.answer)):
        # The blank alone, or the whole sentence filled in as the reference
        # answer shows it (a card's own reference answer is always correct).
        verdict, score = Verdict.CORRECT, 1.0
    elif found == total:
        verdict, score = Verdict.PARTIAL, EXTRA_WORDS_SCORE
        said = " ".join(t.raw for t in extra[:6]) + (" …" if len(extra) > 6 else "")
        reasons.append(f"The blank is just what it asks for; “{said}” is more than it holds.")
    else:
        verdict, score = Verdict.PARTIAL, found / total
    return GradeResult(verdict, round(score, 6), tuple(points), text, None, tuple(reasons))
