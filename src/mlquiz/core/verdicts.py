"""The words a grade is made of: verdicts and key-point statuses.

Both are `StrEnum`s, so a verdict is stored, written to JSON and compared
as the plain string it has always been ("correct", "missed", ...).
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """How an answer was judged (the grader's, or the learner's override)."""

    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"


class PointStatus(StrEnum):
    """What an answer did with one key point."""

    FOUND = "found"
    MISSED = "missed"
    CONTRADICTED = "contradicted"


# What a verdict is worth when the learner overrides the grader.
VERDICT_SCORE: dict[str, float] = {
    Verdict.CORRECT: 1.0,
    Verdict.PARTIAL: 0.5,
    Verdict.INCORRECT: 0.0,
}

# The members as plain names: reading `PointStatus.FOUND` costs ~100 ns on
# Python 3.11 (a module global, ~5 ns), and grading reads them for every key
# point of every answer.
FOUND = PointStatus.FOUND
MISSED = PointStatus.MISSED
CONTRADICTED = PointStatus.CONTRADICTED
