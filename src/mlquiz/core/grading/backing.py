"""Does a derived card's checklist back its verdict?

A derived card's blend credits the reference's words wherever they stand
(core/grading/derived.py), so an answer that shares many of them while saying
something else ("the sum of absolute weights" for L2, "the fraction of actual
positives" for precision) could be graded correct with every essential point
crossed on its checklist. These rules keep the verdict and the checklist in
step: correct needs half the essential points ticked; code is judged by the
calls it names, not by its `import` line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mlquiz.core.cards import Card
from mlquiz.core.grading.results import PointResult
from mlquiz.core.text import stem
from mlquiz.core.verdicts import FOUND, MISSED

# A name in code: dotted ("mlflow.start_run") or joined by underscores
# ("train_test_split"); its last part is the call it names.
_CODE_NAME = re.compile(r"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\b|\b[A-Za-z]\w*_\w+\b")

# Words of a code line that name no idea: `import mlflow` says only "mlflow".
_CODE_KEYWORDS = frozenset({"import", "from", "as", "with", "call", "use"})


def code_calls(text: str) -> set[str]:
    """The calls `text` names ("start_run" for `with mlflow.start_run():`):
    the last part of each dotted or underscored name, lower-cased, at least
    four letters (not "e.g")."""
    calls = set()
    for name in _CODE_NAME.findall(text):
        last = name.rsplit(".", 1)[-1].lower()
        if len(last) >= 4 and not last.replace("_", "").isdigit():
            calls.add(last)
    return calls


def names_a_reference_call(answer: str, reference: str) -> bool:
    """Does the answer name one of the reference's calls? Then it says more
    than the question, though its words are the question's ("start_run")."""
    return bool(code_calls(answer) & code_calls(reference))


def checked(point: PointResult, answer_calls: set[str], question: frozenset[str]) -> PointResult:
    """The point as code's evidence ticks it: found when the answer names a
    call the point names; missed when the words that found it are an
    `import` line and the question's own words ("import mlflow" for "import
    mlflow with mlflow.start_run")."""
    status = point.status
    if status != FOUND and code_calls(point.label) & answer_calls:
        status = FOUND
    elif status == FOUND and point.words and _only_code_keywords(point.words, question):
        status = MISSED
    if status == point.status:
        return point
    words = point.words if status == FOUND else ""
    return PointResult(point.label, status, point.span, point.required, words, point.via)


def _only_code_keywords(words: str, question: frozenset[str]) -> bool:
    tokens = re.findall(r"\w+", words.lower())
    return "import" in tokens and all(t in _CODE_KEYWORDS or stem(t) in question for t in tokens)


def backs_correct(points: Sequence[PointResult], card: Card | None = None) -> bool:
    """Does the checklist back a correct verdict? At least one essential point
    ticked, or two points of any kind; on a code card (a point naming a call, which an answer names
    exactly) at least half of them. Not asked of a card whose one essential
    point is its whole sentence, naming no call: no paraphrase ticks that
    phrase ("shifts away ... accuracy drops" for "the decay of a model's
    predictive power as the data in production changes ..."), its blend is
    the judge. Half on every card was measured: on the real decks it called
    more paraphrases partial than it kept wrong answers from correct."""
    if card is not None and _one_whole_sentence(card):
        return True
    required = [p for p in points if p.required]
    found = sum(p.status == FOUND for p in required)
    if any(code_calls(p.label) for p in required):
        return 2 * found >= len(required)
    # Or several of its other points: the derivation may have taken a side
    # note for the core ("Can perform linear, nonlinear, ..." for SVMs).
    return not required or found > 0 or sum(p.status == FOUND for p in points) >= 2


def _one_whole_sentence(card: Card) -> bool:
    required = [p for p in card.points if p.required]
    return len(required) == 1 and not code_calls(required[0].label)


def all_ticked(points: Sequence[PointResult]) -> bool:
    """Is every essential point ticked (a checklist that says correct)?"""
    required = [p for p in points if p.required]
    return bool(required) and all(p.status == FOUND for p in required)
