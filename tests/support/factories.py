"""Decks, graders, clocks and services for tests, made in one line.

Every fake says its rules in its docstring, so a test's expectations can be
read off them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlquiz.core.cards import Card, Deck, KeyPoint
from mlquiz.core.clock import FixedClock
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.decks.library import load_deck
from mlquiz.core.grading.results import GradeResult, PointResult
from mlquiz.service import GameService


@dataclass
class Scan:
    """What a deck scanner returns: the decks that loaded, and the errors of the others."""

    decks: list[Deck] = field(default_factory=list)
    errors: list = field(default_factory=list)


def make_deck(
    deck_id: str = "demo",
    n: int = 5,
    *,
    ids: Sequence[str] | None = None,
    labels: Sequence[str] = ("alpha", "beta"),
    optional: Sequence[str] = (),
    question: str = "Q{i}?",
    answer: str = "alpha beta {i}",
    hint: str | Callable[[int], str] = "",
    tags: Callable[[int], tuple[str, ...]] | None = None,
) -> Deck:
    """A deck of `n` cards with ids "1".."n" (or `ids`), titled after its id.

    Each card's key points are `labels` (required) then `optional`, each said
    by its own label. `question` and `answer` are formatted with the card's
    number as `i`; `hint` and `tags` may depend on it.
    """
    ids = list(ids) if ids is not None else [str(i) for i in range(1, n + 1)]
    points = tuple(KeyPoint(label, (label,)) for label in labels)
    points += tuple(KeyPoint(label, (label,), required=False) for label in optional)
    cards = tuple(
        Card(
            id=card_id,
            question=question.format(i=i),
            answer=answer.format(i=i),
            points=points,
            hint=hint(i) if callable(hint) else hint,
            tags=tags(i) if tags is not None else (),
        )
        for i, card_id in enumerate(ids, start=1)
    )
    return Deck(id=deck_id, title=deck_id.title(), description="", cards=cards)


class LabelGrader:
    """A grader whose rules a test reads at a glance:

    - a key point is found when its label is in the answer (case aside), with
      the label's span, and contradicted when "not <label>" is;
    - correct when every required point is found, partial when any point is,
      else incorrect; the score is the share of points found;
    - an answer mentioning "experiment" is confused: "that is an experiment";
    - "boom" in the answer makes grading fail (RuntimeError), as a bug would.

    `calls` holds (card id, answer) for every answer graded.
    """

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self.calls: list[tuple[str, str]] = []

    def grade(self, card: Card | str, answer: str) -> GradeResult:
        if isinstance(card, str):
            card = self.deck.card(card)
        if "boom" in answer:
            raise RuntimeError("the grader failed")
        self.calls.append((card.id, answer))
        text = answer.lower()
        points = []
        for point in card.points:
            start = text.find(point.label)
            if f"not {point.label}" in text:
                status, span = "contradicted", None
            elif start >= 0:
                status, span = "found", (start, start + len(point.label))
            else:
                status, span = "missed", None
            points.append(PointResult(point.label, status, span, point.required))
        found = [p for p in points if p.status == "found"]
        required = [p for p in points if p.required]
        if all(p.status == "found" for p in required):
            verdict = "correct"
        elif found:
            verdict = "partial"
        else:
            verdict = "incorrect"
        confusion = "that is an experiment" if "experiment" in text else None
        return GradeResult(verdict, len(found) / len(points), tuple(points), answer, confusion)


class ConstantGrader:
    """Every answer gets the same verdict and score (its first point found, the rest missed)."""

    def __init__(self, verdict: str = "partial", score: float = 0.8) -> None:
        self.verdict = verdict
        self.score = score

    def __call__(self, deck: Deck) -> ConstantGrader:  # a grader factory too
        return self

    def grade(self, card: Card, answer: str) -> GradeResult:
        points = tuple(
            PointResult(p.label, "found" if i == 0 else "missed", None, p.required)
            for i, p in enumerate(card.points)
        )
        return GradeResult(self.verdict, self.score, points, answer)


class FakeMonotonic:
    """A monotonic clock that only moves when told to; `reads` counts its readings."""

    def __init__(self, start: float = 5000.0) -> None:
        self.now = start
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


def make_service(
    data: Path,
    clock: Callable[[], object] | None = None,
    *,
    decks: Sequence[Deck] | None = None,
    errors: Sequence[object] = (),
    grader: Callable[[Deck], object] | None = None,
    mono: Callable[[], float] | None = None,
    tz: object = None,
) -> GameService:
    """A service whose database is in `data` (settings in `data`'s sibling "config"),
    over `decks` (default: one `make_deck()`), graded by `grader(deck)` (default:
    the real grader), on `clock` (default: a `FixedClock`)."""
    listed = list(decks) if decks is not None else [make_deck()]
    return GameService(
        data,
        config_dir=data.parent / "config",
        clock=clock or FixedClock(),  # type: ignore[arg-type]
        monotonic=mono or time.monotonic,
        grader_factory=grader,  # type: ignore[arg-type]
        deck_scanner=lambda: Scan(list(listed), list(errors)),
        tz=tz,  # type: ignore[arg-type]
    )


def imported_deck(tmp_path: Path, file_name: str, text: str) -> Deck:
    """A deck file as a user has it (`text` saved as `file_name`), imported as
    `mlquiz deck import` does and loaded back from its TOML."""
    source = tmp_path / file_name
    source.write_text(text, encoding="utf-8")
    deck_file = source.with_suffix(".toml")
    deck_file.write_text(import_deck(source).toml, encoding="utf-8")
    return load_deck(deck_file, source="built-in")
