"""Does a derived card's checklist back its verdict?

A derived card's blend credits the reference's words wherever they stand
(core/grading/derived.py), so code that shares many of them while calling
something else (`KMeans(...).fit(X)` for a linear regression) could be graded
correct with its checklist crossed. Code is judged by the calls it names, not
by its `import` line, and a code card's correct needs half its essential
points ticked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from mlquiz.core.grading.results import PointResult
from mlquiz.core.text import stem
from mlquiz.core.verdicts import FOUND, MISSED

# A name in code: dotted ("mlflow.start_run") or joined by underscores
# ("train_test_split"); its last part is the call it names.
# A name in camelCase from a lower-case start ("readStream", "followedBy") is
# one too: the call a derived code point names (`derive/code.py`).
# And a name written against its parenthesis ("LinearRegression(", a derived
# point's "fit()").
_CODE_NAME = re.compile(
    r"\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\b|\b[A-Za-z]\w*_\w+\b|\b[a-z]+[A-Z][A-Za-z0-9]*\b"
    r"|\b[A-Za-z_]\w*(?=\()"
)

_CAMEL = re.compile(r"[a-z][A-Z]")

# Words of a code line that name no idea: `import mlflow` says only "mlflow".
_CODE_KEYWORDS = frozenset({"import", "from", "as", "with", "call", "use"})


def code_calls(text: str) -> set[str]:
    """The calls `text` names ("start_run" for `with mlflow.start_run():`):
    the last part of each dotted or underscored name, lower-cased, at least
    four letters (not "e.g"), each of its underscored parts two letters or
    more: "min_w" in a formula (ElasticNet's `min_w 1/2N ‖y − Xw‖`) is a
    subscript, no call."""
    calls: set[str] = set()
    if "." not in text and "_" not in text and "(" not in text and not _CAMEL.search(text):
        return calls  # every name `_CODE_NAME` finds has one (most answers: none)
    for name in _CODE_NAME.findall(text):
        last = name.rsplit(".", 1)[-1].lower()
        parts = last.split("_")
        if len(last) >= 4 and not last.replace("_", "").isdigit():
            if len(parts) == 1 or all(len(part) >= 2 for part in parts):
                calls.add(last)
    return calls


@lru_cache(maxsize=8192)
def _deck_calls(text: str) -> frozenset[str]:
    """`code_calls` of a deck's own text (a reference, a point's label): the
    same at every grade, so read once, not once per answer."""
    return frozenset(code_calls(text))


def names_a_reference_call(answer: str, reference: str) -> bool:
    """Does the answer name one of the reference's calls? Then it says more
    than the question, though its words are the question's ("start_run")."""
    return bool(code_calls(answer) & _deck_calls(reference))


def checked(point: PointResult, answer_calls: set[str], question: frozenset[str]) -> PointResult:
    """The point as code's evidence ticks it: found when the answer names a
    call the point names; missed when the words that found it are an
    `import` line and the question's own words ("import mlflow" for "import
    mlflow with mlflow.start_run")."""
    status = point.status
    if status != FOUND and _deck_calls(point.label) & answer_calls:
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


def backs_correct(points: Sequence[PointResult], reference: str = "") -> bool:
    """Does the checklist back a correct verdict? On a code card (an essential
    point naming a call, which an answer names exactly) at least half of its
    essential points ticked: `KMeans(n_clusters=2).fit(X)` for "fit a linear
    regression" ticks the import and misses the model. Other cards are not
    asked: on the ten real decks, "no point ticked is partial at most" kept 3
    wrong answers from correct and called 5 right paraphrases partial ("a
    subset kept apart from the training data ..." for validation set), as
    their points' phrases are guesses a paraphrase need not hit."""
    required = [p for p in points if p.required]
    called = _fenced_calls(reference)
    if not any(_deck_calls(p.label) or _names_call(p.label, called) for p in required):
        return True
    found = sum(p.status == FOUND for p in required)
    return 2 * found >= len(required)


@lru_cache(maxsize=8192)
def _fenced_calls(reference: str) -> frozenset[str]:
    """`code_calls` of the reference's fenced code: a point derived from it
    ("LinearRegression", `derive/code.py`) names a call though its label has
    no dot or underscore."""
    if "```" not in reference:
        return frozenset()
    return frozenset(code_calls("\n".join(reference.split("```")[1::2])))


def _names_call(label: str, called: frozenset[str]) -> bool:
    """The label is one name, which the reference's code calls (not a sentence
    that says one: "Call cache on it" is prose, ticked by its words)."""
    return bool(called) and bool(re.fullmatch(r"\w+", label)) and label.lower() in called


def all_ticked(points: Sequence[PointResult]) -> bool:
    """Is every essential point ticked (a checklist that says correct)?"""
    required = [p for p in points if p.required]
    return bool(required) and all(p.status == FOUND for p in required)


# A call as code writes it: a name, then its opening parenthesis ("np.mean(",
# "PolynomialFeatures(degree=2)", "NULLIF(b, 0)").
_CALL = re.compile(r"\b[A-Za-z_][\w.]*\(")


def writes_code(text: str) -> bool:
    """Does the answer write code (a call, or a dotted or underscored name)?"""
    return bool(_CALL.search(text) or code_calls(text))
