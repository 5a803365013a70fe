"""What one answer came to: the value the service hands the screen after each answer.

The screen shows the feedback from this alone: the stored attempt, its card,
the grader's detail, whether the database took it (and if not, where the
copy went), in a timed challenge the points it brought, and whether the card
just became a leech. `Undone` is an answer taken back (ctrl+z).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlquiz.core.cards import Card
    from mlquiz.core.challenge import ChallengeAnswer
    from mlquiz.core.grading.results import GradeResult
    from mlquiz.core.session import Attempt, Hint


@dataclass(frozen=True)
class Saved:
    """Whether an answer (or an override) reached the database.

    When it did not, `error` says why, and `copy` is the file it was written
    to instead (None when no file could be written either: the answer is then
    only in memory until the game quits, which tries once more).
    """

    ok: bool = True
    copy: Path | None = None
    error: str = ""


@dataclass(frozen=True)
class BecameLeech:
    """This answer made its card a leech: `lapses` lapses, and whether it was suspended."""

    lapses: int
    suspended: bool


@dataclass(frozen=True)
class Answered:
    """One answer (or skip) as graded, stored or not, and scored.

    `grade` is the grader's detail (the points with their spans in the
    answer, the reasons); None for a skip. `scored` is the timed challenge's
    points for it; None in a quiz.
    """

    attempt: Attempt
    card: Card
    grade: GradeResult | None
    saved: Saved
    scored: ChallengeAnswer | None = None
    leech: BecameLeech | None = None


@dataclass(frozen=True)
class Undone:
    """An answer taken back: the card is open again with the text that was typed.

    `hints` are the hints that had been taken on it (shown again); `unsaved`
    says the answer had been kept in the unsaved-answers file (now updated).
    """

    attempt: Attempt
    card: Card
    hints: tuple[Hint, ...]
    unsaved: bool = False
