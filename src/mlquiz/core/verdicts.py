"""The words a grade is made of: verdicts and key-point statuses; and what a verdict
is worth (the scoring rule: the hint penalty, an override's worth).

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

# Score multiplier per hint level used on a card (see core/session.py's docstring).
# The one place it is set: the session, the store's SQL and the scheduler all
# go through `hinted` / `effective_score` below. (Here, not in the session module,
# so that opening the database at start-up does not import sessions and cards.)
HINT_PENALTY = 0.85


def hinted(score: float, hints_used: int) -> float:
    """`score` after `hints_used` hints: times `HINT_PENALTY` per hint."""
    return score * HINT_PENALTY**hints_used


def effective_verdict(verdict: str, override: str | None) -> str:
    """The verdict that counts: the learner's override, else the grader's."""
    return override or verdict


def effective_score(score: float, override: str | None, hints_used: int) -> float:
    """The score that counts: the grader's (`score`, hints already taken off), or
    the overriding verdict's worth after the hints (an unknown verdict is worth 0)."""
    if override is None:
        return score
    return hinted(VERDICT_SCORE.get(override, 0.0), hints_used)


# The members as plain names: reading `PointStatus.FOUND` costs ~100 ns on
# Python 3.11 (a module global, ~5 ns), and grading reads them for every key
# point of every answer.
FOUND = PointStatus.FOUND
MISSED = PointStatus.MISSED
CONTRADICTED = PointStatus.CONTRADICTED
