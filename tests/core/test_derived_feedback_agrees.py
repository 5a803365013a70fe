"""The feedback on an imported deck comes from the same evidence as its verdict
(issues 12 and 19), over every labeled answer of every real deck we have.

Each deck under bench/data/decks is imported as published (the decks whose
file is not committed are skipped where it has not been fetched: see their
SOURCE.md) and each of its labeled answers (`answers*.jsonl`, all spent) is
graded. Its feedback, read as the player sees it (`PointResult.shown`), must
not contradict the answer or the verdict:

- a key point shown ✗ is one of which the answer says nothing: none of its
  label's content words outside the question's (on the governance card,
  "✗ security in an organization" beside an answer that says "security" was
  the fault: the point is now shown said in part, with the word);
- a correct verdict whose checklist leaves an essential point unticked says
  why it passed anyway;
- an incorrect verdict with a point ticked names something against the
  answer (a point contradicted, a mix-up, a false claim).

The check (tests/support/feedback_check.py) reads the texts as the deck reads
any text, not the grader's terms; `python bench/feedback_agrees.py --list`
prints each case it finds.
"""

from __future__ import annotations

from functools import cache

import pytest

from mlquiz.core.cards import Card
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.results import GradeResult
from mlquiz.core.verdicts import FOUND, Verdict
from tests.support.feedback_check import (
    DECKS,
    crossed_but_said,
    explains_a_pass,
    load_rows,
    real_decks,
)

BENCH = real_decks()
NAMES = sorted(
    name
    for name, (files, _held_out) in BENCH.DECKS.items()
    if (DECKS / name / files[0]).exists() and load_rows(DECKS / name)
)


@cache
def graded(name: str) -> tuple[Grader, list[tuple[str, Card, GradeResult]]]:
    files, _held_out = BENCH.DECKS[name]
    deck = import_deck(DECKS / name / files[0]).deck
    grader = Grader(deck)
    rows = load_rows(DECKS / name)
    ids = BENCH.card_ids(deck, rows)
    out = []
    for row in rows:
        if row["card"] in ids:
            card = deck.card(ids[row["card"]])
            out.append((row["answer"], card, grader.grade(card, row["answer"])))
    return grader, out


def test_the_committed_decks_are_measured() -> None:
    """The decks committed with their files are always among those checked."""
    assert {"google-ml-glossary", "iamtodor-ds-interview", "shuaiw-ds-qa"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_no_point_is_crossed_while_the_answer_says_its_words(name: str) -> None:
    grader, results = graded(name)
    problems = [
        f"[{card.question}] {answer!r}: ✗ {p.label}"
        for answer, card, result in results
        for p in crossed_but_said(grader, card, result)
    ]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("name", NAMES)
def test_a_correct_verdict_with_a_point_unticked_says_why_it_passed(name: str) -> None:
    _grader, results = graded(name)
    problems = [
        f"[{card.question}] {answer!r}: {result.reasons}"
        for answer, card, result in results
        if result.verdict == Verdict.CORRECT
        and any(p.required and p.status != FOUND for p in result.points)
        and not explains_a_pass(result)
    ]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("name", NAMES)
def test_an_incorrect_verdict_with_a_point_ticked_names_what_is_against_it(name: str) -> None:
    _grader, results = graded(name)
    problems = [
        f"[{card.question}] {answer!r}: ✓ {result.found}, {result.reasons}"
        for answer, card, result in results
        if result.verdict == Verdict.INCORRECT
        and result.found
        and not (result.contradicted or result.confusion or result.false_claim)
    ]
    assert not problems, "\n".join(problems[:20])
