"""An answer that takes back what it said ("..., single source of truth.
Correction: it's only a faster file system"; "None, Staging, Production,
Archived. Wait, no: Dev, Staging, Prod") ends on what the learner means: the
words after the retraction. A teacher grades those; the right words before them
were withdrawn.

The rule only lowers a verdict: the answer is graded whole, as before, and then
on its words after the retraction alone; the lower of the two stands, and only
when those words say something of their own beyond the card's points they earn
("a faster file system", "Dev"). Words after a retraction that add to the answer
("also model artifacts", "evaluation code too"), refine it ("not for every
library, only supported ones") or confirm it ("I'm sure that's it") take
nothing back.

The cue is strict: one of `_CUES`, opening a sentence or clause. "actually",
"I was wrong", "forget that", "hmm, no" or "no wait" inside a sentence ("so
there's no wait for predictions") are how people talk, not retractions.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from mlquiz.core.grading.claim_words import HEDGES
from mlquiz.core.grading.results import GradeResult
from mlquiz.core.text import stem
from mlquiz.core.verdicts import FOUND, Verdict

if TYPE_CHECKING:
    from collections.abc import Sequence, Set

    from mlquiz.core.cards import Card
    from mlquiz.core.grading.reader import Token

# What a learner types to withdraw what came before, at the start of a sentence
# or clause. Words are cut by a space, a comma or both ("wait no", "wait, no");
# a trailing ":" is typed as is.
_CUES = (
    "correction:",
    "wait no",
    "no wait",
    "scratch that",
    "on second thought",
    "on second thoughts",
    "sorry i mean",
    "sorry i meant",
    "i take it back",
    "or rather",
)
# What may open the clause a cue opens: the answer's start, a sentence end, a
# semicolon or a dash, with at most a few spaces after it. Every repeat is
# bounded, so the search stays linear in the answer's length (an unbounded
# `\s*` before and after optional punctuation made it quadratic on long runs of
# spaces).
_CLAUSE_START = r"(?:^|[.!?;\n\u2014\u2013]|\s-)[ \t]{0,3}"
_BETWEEN_WORDS = r",?[ \t]?"


def _cue_source(cue: str) -> str:
    words = _BETWEEN_WORDS.join(re.escape(w) for w in cue.split(" "))
    return words if cue.endswith(":") else words + r"\b"


_TAKEN_BACK_RE = re.compile(
    _CLAUSE_START + "(?:" + "|".join(map(_cue_source, sorted(_CUES, key=len, reverse=True))) + ")",
    re.IGNORECASE,
)
# The longest word of each cue, which every answer holding the cue holds: a
# substring test spares nearly every answer the regex ("no" would not: "not",
# "know", "None").
_ANCHORS = tuple(sorted({max(cue.rstrip(":").split(" "), key=len) for cue in _CUES}))

# Words after a retraction that add to the answer rather than replace it
# ("On second thought, also model artifacts").
_ADDING_RE = re.compile(
    r"\b(?:also|too|plus|as well|additionally|i'?d add|and also)\b", re.IGNORECASE
)
# "Correction: not for every library, only supported ones": a refinement of
# what came before, not a new answer.
_REFINING_RE = re.compile(r"(?:not|but not|though not) for\b", re.IGNORECASE)

# Words that confirm, remark or order the card's own items, claiming nothing
# new: "I'm sure that's it", "newer MLflow uses ... instead", "register after
# validation? No, register first".
_SAYS_NOTHING = HEDGES | frozenset(
    "sure certain positive confident it that all everything newer now nowadays use uses"
    " used instead after before first then next last".split()
)
_WORD_RE = re.compile(r"\w+")
# "Correction: it's just versioning": a card's item said alone, the rest dropped.
_RESTRICTING_RE = re.compile(r"\b(?:just|only|merely|solely|simply)\b", re.IGNORECASE)

_RANK = {Verdict.INCORRECT: 0, Verdict.PARTIAL: 1, Verdict.CORRECT: 2}


def tail_start(text: str) -> int | None:
    """Where the words after the answer's last retraction start, or None when
    it takes nothing back (or nothing comes before or after the retraction)."""
    lowered = text.lower()
    if not any(map(lowered.__contains__, _ANCHORS)):
        return None  # nearly every answer: a few substring tests, no regex
    last = None
    for match in _TAKEN_BACK_RE.finditer(text):
        last = match
    if last is None or not text[: last.start()].strip(" \t.!?;\n\u2014\u2013-"):
        return None  # nothing before it to take back
    start = last.end()
    while start < len(text) and not text[start].isalnum():
        start += 1
    return start if start < len(text) else None


def adds_rather_than_replaces(tail_text: str) -> bool:
    """Do the words after a retraction add to or refine the answer ("also
    model artifacts", "not for every library, ...") instead of replacing it?"""
    return bool(_ADDING_RE.search(tail_text) or _REFINING_RE.match(tail_text))


def says_something_new(tail: GradeResult, tokens: Sequence[Token], card_words: Set[str]) -> bool:
    """Do the words after a retraction (`tokens`, read from `tail.text`, the
    tail graded alone as `tail`) say something of their own, beyond the card's
    points they earn and the card's own vocabulary? A tail that names nothing
    new ("I'm sure that's it"), only the card's items ("Archived, not Deleted":
    a denied extra is no claim) or the card's own remarks ("newer MLflow uses
    aliases instead of stages") confirms or patches the answer: no new answer."""
    if _RESTRICTING_RE.search(tail.text):
        return True  # "it's just versioning": the answer is now that alone
    earned = [p.span for p in tail.points if p.span is not None and p.status == FOUND]
    for k, tok in enumerate(tokens):
        if tok.stop or tok.negator or tok.word in _SAYS_NOTHING or tok.stem in card_words:
            continue
        if any(a <= tok.start and tok.end <= b for a, b in earned):
            continue
        if k and tokens[k - 1].negator:
            continue  # "not Deleted": what it is not
        return True
    return False


def card_words(card: Card) -> frozenset[str]:
    """Stems of the card's own words: its reference answer, its points' labels,
    and the tools and notes of their analogies (not its question: "files or
    paths" is what the card sets aside)."""
    texts = [card.answer]
    for point in card.points:
        texts.append(point.label)
        texts += [t for a in point.analogies for t in (a.tool, a.note)]
    return frozenset(stem(w) for text in texts for w in _WORD_RE.findall(text.lower()))


def lower_of(whole: GradeResult, tail: GradeResult, offset: int, new: bool) -> GradeResult:
    """`whole`, unless the words after the retraction (`tail`, graded alone,
    starting at `offset` in the answer) grade lower and say something `new` of
    their own: then theirs, its checklist and marks placed on the whole answer."""
    if _RANK[tail.verdict] >= _RANK[whole.verdict] or not new:
        return whole
    points = tuple(
        p if p.span is None else replace(p, span=(p.span[0] + offset, p.span[1] + offset))
        for p in tail.points
    )
    said = whole.text[offset:].strip()
    reason = f"Taken back: the answer ends on “{said}”, and that is what is graded."
    return replace(tail, points=points, text=whole.text, reasons=(reason, *tail.reasons))
