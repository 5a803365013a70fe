"""An answer that takes back what it said ("..., single source of truth.
Correction: it's only a faster file system"; "None, Staging, Production,
Archived. Wait, no: Dev, Staging, Prod") ends on what the learner means: the
words after the retraction. A teacher grades those; the right words before them
were withdrawn.

The rule only lowers a verdict: the answer is graded whole, as before, and then
on its last words after the retraction alone; the lower of the two stands. A
retraction followed by a word or two that patch a slip ("Prod, Archived.
Sorry, I mean Production") keeps the whole answer's grade unless the patch
alone is wrong.
"""

from __future__ import annotations

import re

from mlquiz.core.grading.results import GradeResult, PointResult
from mlquiz.core.verdicts import Verdict

# What a learner types to withdraw what came before. One word alone is no
# retraction ("actually" is emphasis; "correction" a topic, "error correction";
# "I mean" a filler, "I mean it's basically ..."): each needs the "no", the
# colon or the apology that makes it one.
_TAKEN_BACK_RE = re.compile(
    r"\b(?:wait|hold on|hmm+|oops|actually)\s*[,.!:;-]*\s*no\b(?!\s+(?:need|longer|one|more)\b)"
    r"|\bno+\s*[,.!]*\s*wait\b"
    r"|\bcorrection\s*:"
    r"|\b(?:scratch|strike|forget|ignore) (?:that|all that|the above)\b"
    r"|\bi take (?:that|it|this) back\b"
    r"|\bon second thoughts?\b"
    r"|\b(?:sorry|oops|no|wait)\s*[,.!]*\s*i mean[t]?\b"
    r"|\bi was wrong\b"
    # "..., single source of truth. Actually, it's just a faster file system":
    # what the thing "really" is, said after the answer, replaces it.
    r"|\bactually\s*,?\s*(?:it|this|that|they|the \w+)\s*(?:'s|’s|is|are|'re|’re)\s+"
    r"(?:just|only|simply|merely|really just|really only)\b",
    re.IGNORECASE,
)

# A word every retraction above holds one of (a cheap test before the regex).
_CUES = (
    "wait",
    "hold on",
    "hmm",
    "oops",
    "actually",
    "correction",
    "scratch",
    "strike",
    "forget",
    "ignore",
    "take",
    "second thought",
    "mean",
    "wrong",
)

# Fewer words than this after a retraction patch the answer rather than replace it.
_PATCH_WORDS = 3
_WORD_RE = re.compile(r"\w+")

_RANK = {Verdict.INCORRECT: 0, Verdict.PARTIAL: 1, Verdict.CORRECT: 2}


def tail_start(text: str) -> int | None:
    """Where the words after the answer's last retraction start, or None when
    it takes nothing back (or nothing follows the retraction)."""
    lowered = text.lower()
    if not any(map(lowered.__contains__, _CUES)):
        return None  # nearly every answer: a few substring tests, no regex
    last = None
    for match in _TAKEN_BACK_RE.finditer(text):
        last = match
    if last is None or last.start() == 0:
        return None  # nothing before it to take back
    start = last.end()
    while start < len(text) and not text[start].isalnum():
        start += 1
    return start if start < len(text) else None


def lower_of(whole: GradeResult, tail: GradeResult, offset: int) -> GradeResult:
    """`whole`, unless the words after the retraction (`tail`, graded alone,
    starting at `offset` in the answer) grade lower: then theirs, its checklist
    and marks placed on the whole answer."""
    if _RANK[tail.verdict] >= _RANK[whole.verdict]:
        return whole
    if tail.verdict != Verdict.INCORRECT and len(_WORD_RE.findall(tail.text)) < _PATCH_WORDS:
        # "Prod, Archived. Sorry, I mean Production": a word or two that patch
        # the answer, not a new one; only a wrong patch lowers it.
        return whole
    points = tuple(
        PointResult(
            p.label,
            p.status,
            None if p.span is None else (p.span[0] + offset, p.span[1] + offset),
            p.required,
            p.words,
            p.via,
        )
        for p in tail.points
    )
    said = whole.text[offset:].strip()
    reason = f"Taken back: the answer ends on “{said}”, and that is what is graded."
    return GradeResult(
        verdict=tail.verdict,
        score=tail.score,
        points=points,
        text=whole.text,
        confusion=tail.confusion,
        reasons=(reason, *tail.reasons),
        wording=tail.wording,
        notes=tail.notes,
        false_claim=tail.false_claim,
    )
