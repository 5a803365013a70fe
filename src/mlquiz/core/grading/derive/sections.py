"""Labeled sections of a deck's answers: "KEYWORDS: ...", "USE WHEN: ...".

Some decks lay out every back the same way: the answer first, then sections
each opened by a short capitalised label and a colon ("Object storage. Any
file in buckets. KEYWORDS: bucket · object · key. TRADE-OFF: ..."). The
labels are the deck's own, found from the deck (a label that opens a sentence
in many of its answers), never from a list written here: what follows one is
elaboration the author set apart from the answer, optional at most, and the
label itself is no word of any idea.

When most of the deck's answers have such a section, the label is the
deck's layout: the text before a card's first labeled section is the whole
answer the author gives, so all of it is the card's core (each of its few
short statements essential). A label only some answers use ("Note:") marks
elaboration there, and leaves the core as the answer's sentences make it.

A back that opens with a label ("Pros: ... Cons: ..."), or whose text before
its first label says no point ("A CDN. KEYWORDS: edge · cache"), has no
answer to set apart from its sections: it is read as written, as in a deck
without sections, but for the labels' own words (`without_labels`,
`Sections.strip_labels` and derive/points.py).

Such backs list items between middle dots ("KEYWORDS: bucket · object"):
those dots are the commas they stand for (`dot_items`), but in a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A label: one to three words, the first capitalised, then a colon and a space
# ("KEYWORDS:", "USE WHEN:", "TRADE-OFF:", "Note:"), opening a sentence or a
# line (a list line's "- " allowed).
_LABEL = re.compile(r"\s*(?:[-*] )?([A-Z][A-Za-z-]*(?:[ /][A-Za-z][A-Za-z-]*){0,2}):\s+(?=\S)")
# Where a sentence or a line may open, for finding labels in a whole answer.
_OPENING = re.compile(r"(?:^|(?<=[.!?])\s+|\n)")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# A label is the deck's when at least this many answers have it, and this
# share of them.
LABEL_ANSWERS = 3
LABEL_SHARE = 0.10
# ... and the deck's layout (the answer, then its sections) when this share
# of the answers has one of the deck's labels.
LAYOUT_SHARE = 0.5


@dataclass(frozen=True)
class Sections:
    """A deck's section labels (lower case) and whether they are its layout."""

    labels: frozenset[str] = frozenset()
    layout: bool = False

    def label_of(self, sentence: str) -> re.Match[str] | None:
        """The deck's label opening `sentence`, if any."""
        if not self.labels:
            return None
        match = _LABEL.match(sentence)
        if match is None or match.group(1).lower() not in self.labels:
            return None
        return match

    def strip_labels(self, text: str) -> str:
        """`text` without the deck's labels: their words say no idea, and a
        point "KEYWORDS: shard" would make "KEYWORDS" a word to say."""
        if not self.labels or ":" not in text:
            return text
        out, last = [], 0
        for opening in _OPENING.finditer(text):
            match = _LABEL.match(text, opening.end())
            if match is not None and match.group(1).lower() in self.labels:
                out.append(text[last : match.start(1)])
                # What follows still opens a sentence ("... latency. Users ...").
                out.append(text[match.end() : match.end() + 1].upper())
                last = match.end() + 1
        return "".join(out) + text[last:]


NO_SECTIONS = Sections()


def _labels_of(answer: str) -> set[str]:
    found: set[str] = set()
    for opening in _OPENING.finditer(answer):
        match = _LABEL.match(answer, opening.end())
        if match is not None:
            found.add(match.group(1).lower())
    return found


def deck_sections(answers: Iterable[str], questions: Sequence[str] = ()) -> Sections:
    """The section labels many of the deck's `answers` (clean text) use. A
    label that is its card's question's own words ("Delta Lake: ... Parquet:
    ..." for "Delta Lake vs Parquet: history?") is the subject of a
    comparison, not a section: it does not count there (`questions`, the
    answers' questions in the same order, when given)."""
    counts: dict[str, int] = {}
    per_answer: list[set[str]] = []
    for number, answer in enumerate(answers):
        found = _labels_of(answer) if ":" in answer else set()
        if found and number < len(questions):
            # Whole words: "note" is no word of "notebook", nor "use" of "used".
            asked = set(_WORD.findall(questions[number].lower()))
            found = {label for label in found if not set(_WORD.findall(label)) <= asked}
        per_answer.append(found)
        for label in found:
            counts[label] = counts.get(label, 0) + 1
    total = len(per_answer)
    labels = frozenset(
        label for label, n in counts.items() if n >= LABEL_ANSWERS and n >= LABEL_SHARE * total
    )
    if not labels:
        return NO_SECTIONS
    with_one = sum(1 for one in per_answer if one & labels)
    return Sections(labels, with_one >= LAYOUT_SHARE * total)


def without_labels(sentences: list[str], sections: Sections) -> tuple[list[str], int]:
    """The sentences without the deck's labels, and the place of the first
    labeled one. When none is, or the first sentence is ("Pros: ... Cons:
    ...", "KEYWORDS: shard · replica. USE WHEN: ..."), there is no answer
    before the sections to tell apart: the sentences are read as written,
    without their labels' words, and 0 is returned."""
    if not sections.labels or not sentences:
        return sentences, 0
    out: list[str] = []
    first: int | None = None
    for number, sentence in enumerate(sentences):
        match = sections.label_of(sentence)
        if match is None:
            out.append(sentence)
            continue
        if first is None:
            first = number
        out.append(sentence[: match.start(1)] + sentence[match.end() :])
    return out, first or 0


# Items of a list written on one line between middle dots ("Users · groups · roles");
# a sentence with a formula's signs uses the dot as a product ("2 · Precision · Recall",
# "q · k"): a number beside a dot, or a division ("a / b", "1/n"; not a slash of
# "and/or", "TCP/UDP" or a web address), or only one-letter symbols beside the dots
# ("q · k", "a · b · c"; not "Python · R · Scala", a list with a one-letter name).
_DOT_SEPARATOR = re.compile(r"\s+[·•]\s+")
_FORMULA_SIGN = re.compile(r"[=+×^]|\s/\s|\d/|/\d|(?<!\w)\d\s*[·•]|[·•]\s*\d(?!\w)")
_BESIDE_DOT = re.compile(r"(\w+)?[^\S\n]*[·•][^\S\n]*(\w+)?")


def _formula(sentence: str) -> bool:
    if _FORMULA_SIGN.search(sentence):
        return True
    beside = [w for m in _BESIDE_DOT.finditer(sentence) for w in m.groups() if w]
    return bool(beside) and all(len(word) == 1 for word in beside)


_SENTENCE_GAP = re.compile(r"((?<=[.!?])\s+|\n)")


def dot_items(text: str) -> str:
    """`text` with the middle dots between items read as the commas they
    stand for, but in a sentence with a formula's signs."""
    if not _DOT_SEPARATOR.search(text):
        return text
    parts = _SENTENCE_GAP.split(text)  # sentences, and the gaps between them
    return "".join(p if _formula(p) else _DOT_SEPARATOR.sub(", ", p) for p in parts)
