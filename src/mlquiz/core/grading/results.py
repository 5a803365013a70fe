"""What grading one answer gives: the verdict, the score and every key point's fate.

Plain frozen values with no dependency on how the grade was reached, so the
session, the store and the screens can use them without loading the grader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mlquiz.core.verdicts import CONTRADICTED, FOUND, MISSED, PointStatus, Verdict
from mlquiz.core.wording import WordingKind

# A partial answer scores at most this: three quarters of a correct one.
PARTIAL_CAP = 0.75

# `PointResult.shown` of a point missed whose words the answer says in part.
# Not a status: the grader missed the point; the store and the score see MISSED.
SAID_IN_PART = "partly"


def correct_score(points: tuple[PointResult, ...]) -> float:
    """A correct answer's score: full marks with every essential point found;
    with some not ticked (an imported card's answer said in other words than
    its derived points), above any partial answer by the share ticked."""
    required = [p for p in points if p.required]
    if not required:
        return 1.0
    found = sum(1 for p in required if p.status == FOUND)
    return PARTIAL_CAP + (1 - PARTIAL_CAP) * found / len(required)


# Both values below are made on every grade (a point result per point found). A
# frozen dataclass's own `__init__` sets each field through a call of
# `object.__setattr__`; theirs sets them all with one update of the instance's
# dict, about three times faster. Their parameters are their fields, in order,
# with the same defaults (tests/core/test_grading_results.py checks it).


@dataclass(frozen=True)
class PointResult:
    label: str
    status: PointStatus
    # (start, end) character offsets into GradeResult.text, or None.
    span: tuple[int, int] | None
    required: bool
    # The answer's words that earned the point, as typed; on a point missed,
    # the part of it the answer said (a derived card's, `point_words`), if any.
    # And how it was earned: "" for a phrase, "by example", "in code", "by analogy with ...".
    words: str = ""
    via: str = ""

    def __init__(
        self,
        label: str,
        status: PointStatus,
        span: tuple[int, int] | None,
        required: bool,
        words: str = "",
        via: str = "",
    ) -> None:
        self.__dict__.update(
            label=label, status=status, span=span, required=required, words=words, via=via
        )

    @property
    def shown(self) -> str:
        """How the checklist shows the point: its status, or SAID_IN_PART for a
        point missed of which the answer says some words (not a ✗: the answer
        visibly says them)."""
        return SAID_IN_PART if self.status == MISSED and self.words else self.status


@dataclass(frozen=True)
class WordingUse:
    """A wording the player taught that made this grade what it is (see grading/wordings.py)."""

    kind: WordingKind
    id: int  # the store's id of the wording
    taught_at: datetime


@dataclass(frozen=True)
class GradeResult:
    verdict: Verdict
    score: float
    points: tuple[PointResult, ...]
    # The answer as graded (NFC-normalised); spans index into it.
    text: str
    confusion: str | None = None
    # Why the verdict is what it is, in the learner's words, most important first.
    reasons: tuple[str, ...] = ()
    # The player's taught wording behind the verdict, if one decided it.
    wording: WordingUse | None = None
    # Notes on how the answer was read ("MLflow now prefers aliases to stages").
    notes: tuple[str, ...] = ()
    # The answer's words that make a false claim or a wrong item, as typed.
    false_claim: str | None = None

    def __init__(
        self,
        verdict: Verdict,
        score: float,
        points: tuple[PointResult, ...],
        text: str,
        confusion: str | None = None,
        reasons: tuple[str, ...] = (),
        wording: WordingUse | None = None,
        notes: tuple[str, ...] = (),
        false_claim: str | None = None,
    ) -> None:
        self.__dict__.update(
            verdict=verdict,
            score=score,
            points=points,
            text=text,
            confusion=confusion,
            reasons=reasons,
            wording=wording,
            notes=notes,
            false_claim=false_claim,
        )

    @property
    def found(self) -> list[str]:
        return [p.label for p in self.points if p.status == FOUND]

    @property
    def missed(self) -> list[str]:
        """Essential points not said. An optional point left out is no miss."""
        return [p.label for p in self.points if p.status == MISSED and p.required]

    @property
    def contradicted(self) -> list[str]:
        return [p.label for p in self.points if p.status == CONTRADICTED]
