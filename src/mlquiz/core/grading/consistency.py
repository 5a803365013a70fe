"""A rule every verdict keeps, whatever the steps that reached it: a card's own
reference answer is correct.

An answer whose content words are the reference's, in order, is graded
correct before any other step looks at it (a reference that reads as
contradicting one of its own points is a fault of the points, not of the
answer). The other rule, "incorrect" always names something against the
answer, is kept by the judge (`judge.something_against`) and, on derived
cards, by `derived.py` by construction.
"""

from __future__ import annotations

from mlquiz.core.grading.evidence import Evidence
from mlquiz.core.grading.judge import Decision, score
from mlquiz.core.grading.results import GradeResult, PointResult
from mlquiz.core.verdicts import FOUND, Verdict

REFERENCE_REASON = "That is the reference answer."


def is_reference(ev: Evidence, reference: tuple[str, ...]) -> bool:
    """Does the answer say exactly the reference's content words (`reference`, stems)?"""
    return bool(reference) and tuple(t.stem for t in ev.answer.content_tokens) == reference


def reference_grade(ev: Evidence) -> GradeResult:
    """The reference answer's own grade: correct, every point it says ticked."""
    result = score(ev, Decision(Verdict.CORRECT, (REFERENCE_REASON,)))
    # The reference says every point of its card, in whatever words.
    points = tuple(
        p if p.status == FOUND else PointResult(p.label, FOUND, p.span, p.required)
        for p in result.points
    )
    return GradeResult(
        verdict=result.verdict,
        score=result.score,
        points=points,
        text=result.text,
        reasons=result.reasons,
        notes=result.notes,
    )
