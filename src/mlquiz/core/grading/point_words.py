"""What of each key point of a derived card the answer said, as the checklist shows it.

A derived card's verdict weighs every word of the reference the answer says
(`derived.py`), while a point is ticked only when its phrases, or half of
its terms, are said. So an answer graded correct on the whole ("the
management of data availability, usability, integrity and security") could
show "✗ security in an organization" beside the word "security" it typed. The
checklist is read from the same evidence as the verdict instead:

- a point not ticked whose words the answer says in part carries those
  words, as typed (`PointResult.shown` is then "partly": "◐ security in an
  organization ← only “security”"), so a ✗ is left for a point of which
  the answer says nothing;
- a point ticked by the words of its terms, not by one of its phrases,
  carries the words that earned it, as a phrase's tick does.

A point's words are its label's content words as answers are read (stems,
glossary), less the question's, with its terms' alternatives. A word after a
negator of its clause that the phrases' reading finds denied or in doubt too
(`Answer.asserts`) is not said; any other is, so a ✗ is never beside a word
the answer plainly asserts. Statuses, and so the verdict and the score, are
left as the grader made them (tests/core/test_derived_feedback_agrees.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from mlquiz.core.grading import backing
from mlquiz.core.grading.derive.families import family_words
from mlquiz.core.grading.results import GradeResult, PointResult
from mlquiz.core.verdicts import FOUND, MISSED

if TYPE_CHECKING:
    from mlquiz.core.grading.compiled import CompiledCard
    from mlquiz.core.grading.derived import DerivedIndex
    from mlquiz.core.grading.derived_measure import Measure
    from mlquiz.core.grading.evidence import Evidence
    from mlquiz.core.grading.reader import Token

# A point whose terms are said at least this much is ticked as found.
POINT_SAID = 0.5

# Pieces of a point said apart in the answer are joined with this.
PIECES = " … "


def checklist(ev: Evidence, measure: Measure) -> tuple[PointResult, ...]:
    """Each point found by its phrases, or by enough of its terms; never one negated."""
    out, calls = [], backing.code_calls(ev.text)
    for p, cover in zip(ev.points, measure.point_cover, strict=True):
        status = FOUND if p.status == MISSED and cover >= POINT_SAID else p.status
        if measure.silenced and status == FOUND and p.words.isalpha():
            status = MISSED  # found by that one everyday word alone (not "t.view()")
        point = PointResult(p.label, status, p.span, p.required, p.words, p.via)
        out.append(backing.checked(point, calls, ev.compiled.question_stems))
    return tuple(out)


def phrase_ticks_only(ev: Evidence, points: tuple[PointResult, ...]) -> tuple[PointResult, ...]:
    """The checklist with only the ticks a phrase earned: an answer that says
    a piece of a short name ("groups" for "Security Groups", `derived_steps.
    name_word_alone`) says the name's terms, not the name."""
    return tuple(
        PointResult(p.label, MISSED, None, p.required)
        if p.status == FOUND and e.status == MISSED
        else p
        for p, e in zip(points, ev.points, strict=True)
    )


def point_stems(index: DerivedIndex, compiled: CompiledCard) -> list[frozenset[str]]:
    """Each point's content stems (see the module docstring), read once per card."""
    return index.kept_words(compiled, _point_stems)


def _point_stems(index: DerivedIndex, compiled: CompiledCard) -> list[frozenset[str]]:
    # A family word ("AWS") earns no point, but one the answer says is shown
    # as said in part ("◐ AWS Glue ← only “aws”"), never beside a ✗.
    question = index.question(compiled) - family_words(index, compiled)
    out = []
    for cpoint, terms in zip(compiled.points, index.terms(compiled).points, strict=True):
        stems = {
            t.stem
            for t in index.reader.tokens(cpoint.point.label, correct=False)
            if not t.stop and not t.negator
        }
        stems.update(s for term in terms for s in term)
        out.append(frozenset(stems - question))
    return out


def with_words_said(ev: Evidence, index: DerivedIndex, result: GradeResult) -> GradeResult:
    """`result` with each point's words said filled in (the module docstring)."""
    points = words_said(ev, index, result.points)
    return result if points is result.points else replace(result, points=points)


def words_said(
    ev: Evidence, index: DerivedIndex, points: tuple[PointResult, ...]
) -> tuple[PointResult, ...]:
    """`points` (a derived card's checklist, in card order) with the answer's
    words of each point not ticked, or ticked by its terms, filled in."""
    if len(points) != len(ev.points):
        return points
    said = ev.answer.by_stem
    if not said:
        return points
    out: list[PointResult] | None = None
    for k, (point, stems) in enumerate(zip(points, point_stems(index, ev.compiled), strict=True)):
        if point.words or (point.status == FOUND and ev.points[k].status != MISSED):
            continue  # its phrase's words, or a tick no word of the answer earned
        if point.status not in (FOUND, MISSED) or said.keys().isdisjoint(stems):
            continue
        words = _words(ev, sorted(p for s in stems & said.keys() for p in said[s]))
        if words:
            out = list(points) if out is None else out
            out[k] = PointResult(point.label, point.status, point.span, point.required, words)
    return points if out is None else tuple(out)


def _words(ev: Evidence, positions: list[int]) -> str:
    """The answer's words at these content positions, as typed and in order,
    neighbours in one clause joined, negated ones left out."""
    answer, text = ev.answer, ev.text
    tokens = answer.tokens
    pieces: list[tuple[int, int]] = []
    last = -2
    for pos in positions:
        i = answer.content[pos]
        tok = tokens[i]
        if tok.negator or (_after_negator(tokens, i) and not answer.asserts(pos)):
            continue
        if pieces and pos == last + 1 and tokens[answer.content[last]].clause == tok.clause:
            pieces[-1] = (pieces[-1][0], tok.end)
        else:
            pieces.append((tok.start, tok.end))
        last = pos
    shown: list[str] = []
    for start, end in pieces:
        words = " ".join(text[start:end].split())
        if words and words.casefold() not in {w.casefold() for w in shown}:
            shown.append(words)
    return PIECES.join(shown)


def _after_negator(tokens: list[Token], i: int) -> bool:
    """Is token `i` after a negator of its own clause ("not secure")? A word so
    placed is left out only when the phrases' reading (`Answer.asserts`) finds
    it denied or in doubt too: "not sure, but it adds clusters" says
    "clusters". A word with no negator before it in its clause is shown,
    whatever a "without" or an "instead of" before it does to a phrase
    ("samples without replacement and average the models" says "models")."""
    clause = tokens[i].clause
    for k in range(i - 1, -1, -1):
        if tokens[k].clause != clause:
            return False
        if tokens[k].negator:
            return True
    return False
