"""Rules every verdict keeps, whatever the steps that reached it.

- A card's own reference answer is correct: an answer whose content words
  are the reference's, in order, is graded correct before any other step
  looks at it (a reference that reads as contradicting one of its own points
  is a fault of the points, not of the answer).
- Another card's reference answer is that card's answer: typed word for word
  for this card, it is partial at most, even when it happens to contain this
  card's answer ("Because agents operate in loops, making the number of calls
  unpredictable" for "agentic systems operate in ___"), and the feedback
  names the other question.

The third rule, "incorrect" always names something against the answer, is
kept by the judge (`judge.something_against`) and, on derived cards, by
`derived.py` by construction.
"""

from __future__ import annotations

from dataclasses import replace

from mlquiz.core.cards import Card
from mlquiz.core.grading.evidence import Evidence
from mlquiz.core.grading.judge import Decision, score
from mlquiz.core.grading.results import PARTIAL_CAP, GradeResult, PointResult
from mlquiz.core.verdicts import FOUND, Verdict

REFERENCE_REASON = "That is the reference answer."


def is_reference(ev: Evidence, reference: tuple[str, ...]) -> bool:
    """Does the answer say exactly the reference's content words (`reference`, stems)?"""
    content = ev.answer.content_tokens
    # Nearly every answer has another number of words: no tuple to build then.
    if not reference or len(content) != len(reference):
        return False
    return tuple(t.stem for t in content) == reference


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


def another_reference(result: GradeResult, other: Card) -> GradeResult:
    """A correct grade of an answer that is `other`'s reference answer, typed as
    it is: partial at most, naming the other question."""
    confusion = f"That is the answer to another question: “{other.question}”"
    return replace(
        result,
        verdict=Verdict.PARTIAL,
        score=min(result.score, PARTIAL_CAP),
        reasons=(confusion,),
        confusion=confusion,
    )
