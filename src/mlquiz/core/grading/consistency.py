"""Two rules every verdict keeps, whatever the steps that reached it.

- A card's own reference answer is correct: an answer whose content words are
  the reference's, in order, is graded correct before any other step looks
  at it (a reference that reads as contradicting one of its own points is a
  fault of the points, not of the answer).
- "Incorrect" always names something against the answer: when the judge
  finds nothing but a shortfall of phrases (`nothing_said`) while a key point
  is found and none is contradicted, the verdict is partial.

`grade` applies both around the standard judge (`judge.py`); the judge of
derived cards (`derived.py`) keeps the second by construction.
"""

from __future__ import annotations

from mlquiz.core.grading.evidence import Evidence
from mlquiz.core.grading.judge import STEPS, Decision, Step, score
from mlquiz.core.grading.results import GradeResult, PointResult
from mlquiz.core.verdicts import CONTRADICTED, FOUND, Verdict

REFERENCE_REASON = "That is the reference answer."


def first_decision(ev: Evidence, steps: tuple[Step, ...] = STEPS) -> tuple[Step, Decision]:
    """The judge's deciding step and its decision (`judge.judge`, step by step)."""
    for step in steps:
        decision = step(ev)
        if decision is not None:
            return step, decision
    raise AssertionError("the last step always decides")


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
    )


def grade(ev: Evidence) -> GradeResult:
    """The standard judge's grade, with "incorrect" only when something is against it."""
    step, decision = first_decision(ev)
    if (
        decision.verdict == Verdict.INCORRECT
        and step.__name__ == "nothing_said"
        and any(p.status == FOUND for p in ev.points)
        and not any(p.status == CONTRADICTED for p in ev.points)
    ):
        decision = Decision(Verdict.PARTIAL, ("Part of the answer is there.",))
    return score(ev, decision)
