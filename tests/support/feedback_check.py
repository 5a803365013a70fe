"""Reading a derived card's feedback as the player sees it, against the answer as typed.

Shared by tests/core/test_derived_feedback_agrees.py and
bench/feedback_agrees.py. The check reads the label, the question and the
answer as the deck reads any text (its reader: stems, glossary), not the
grader's terms, so a checklist that crosses a point the answer visibly says
fails it whatever the grader's internals.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from mlquiz.core.cards import Card
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.results import GradeResult, PointResult
from mlquiz.core.grading.said_words import HEART_REASON, NOT_IN_FULL
from mlquiz.core.verdicts import FOUND, MISSED, Verdict

ROOT = Path(__file__).resolve().parents[2]
DECKS = ROOT / "bench" / "data" / "decks"


def real_decks() -> ModuleType:
    """bench/real_decks.py (its deck list, and how answers name their cards)."""
    spec = importlib.util.spec_from_file_location("real_decks", ROOT / "bench" / "real_decks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_rows(folder: Path) -> list[dict]:
    """Every labeled answer of a deck's folder (each `answers*.jsonl`)."""
    rows = []
    for path in sorted(folder.glob("answers*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return rows


def said_stems(grader: Grader, text: str) -> set[str]:
    """The content stems `text` says: not a stop word, not a negator, and not
    after a negator of its own clause ("not secure" says no "secure")."""
    tokens = grader.tokens(text)
    out = set()
    negated_clause = -1
    for tok in tokens:
        if tok.negator:
            negated_clause = tok.clause
        elif not tok.stop and tok.clause != negated_clause:
            out.add(tok.stem)
    return out


def label_words(grader: Grader, card: Card, point: PointResult) -> set[str]:
    """A point's content stems, as its label reads, less the question's."""
    question = {t.stem for t in grader.tokens(card.question)}
    return {t.stem for t in grader.tokens(point.label) if not t.stop and not t.negator} - question


def crossed_but_said(grader: Grader, card: Card, result: GradeResult) -> list[PointResult]:
    """The points shown ✗ (nothing of them said) whose words the answer says."""
    said = said_stems(grader, result.text)
    return [p for p in result.points if p.shown == MISSED and label_words(grader, card, p) & said]


def explains_a_pass(result: GradeResult) -> bool:
    """Does a correct grade whose checklist leaves an essential point unticked
    say why it passed anyway (what lifted it, not "the heart" of the reference)?"""
    if not result.reasons or result.reasons[0] == HEART_REASON:
        return False
    # A derived card's lift says so ("Close to the reference wording, though
    # not every key point in full."); the other ways to correct name what decided.
    return (
        result.reasons[0].endswith(NOT_IN_FULL)
        or result.wording is not None
        or any(
            why in result.reasons[0]
            for why in ("the reference's formula", "the reference answer.", "reference wording.")
        )
    )


def contradictions(grader: Grader, card: Card, result: GradeResult) -> list[str]:
    """What in this grade's feedback contradicts the answer or the verdict:
    "x_said" (and "x_said_correct" when an essential one on a correct verdict),
    "correct_unexplained", "incorrect_unexplained"."""
    found = []
    crossed = crossed_but_said(grader, card, result)
    if crossed:
        found.append("x_said")
        if result.verdict == Verdict.CORRECT and any(p.required for p in crossed):
            found.append("x_said_correct")
    unticked = any(p.required and p.status != FOUND for p in result.points)
    if result.verdict == Verdict.CORRECT and unticked and not explains_a_pass(result):
        found.append("correct_unexplained")
    against = result.contradicted or result.confusion or result.false_claim
    if result.verdict == Verdict.INCORRECT and result.found and not against:
        found.append("incorrect_unexplained")
    return found
