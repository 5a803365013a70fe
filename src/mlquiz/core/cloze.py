"""Cloze cards: a sentence with blanks, `{{c1::answer}}` as in Anki.

A cloze note is one text with numbered blanks: `{{c1::Model Registry}}` or,
with a hint shown in its place, `{{c1::Model Registry::where versions
live}}`. Each number becomes one card (Anki's way): the blanks of that
number are asked, shown as `[...]` (or `[hint]`), and every other blank is
shown filled in. Two blanks with the same number are asked together. The
reference answer is the whole sentence filled in; the key points are the
blanks' answers, which `grading/cloze.py` grades the typed answer against.

`parse_cloze` finds the blanks or raises `ClozeError` with the position of
the problem: no blank at all, a blank inside a blank, a blank never closed,
an empty answer or a number that is not 1 or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlquiz.core.cards import Card, Cloze, KeyPoint

_OPEN = re.compile(r"\{\{c(\d+)::")
GAP = "[...]"


class ClozeError(ValueError):
    """A cloze text that cannot be asked; `position` is where the problem is in it."""

    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(message)
        self.position = position


@dataclass(frozen=True)
class Blank:
    """One `{{cN::answer::hint}}`: its number, answer, hint ("" when none) and where it
    is in the text (`start` at its `{{`, `end` after its `}}`)."""

    number: int
    answer: str
    hint: str
    start: int
    end: int


def parse_cloze(text: str) -> tuple[Blank, ...]:
    """The blanks of `text`, in order; ClozeError naming the first problem."""
    blanks: list[Blank] = []
    position = 0
    while True:
        opened = _OPEN.search(text, position)
        if opened is None:
            break
        close = text.find("}}", opened.end())
        if close < 0:
            raise ClozeError(
                f"the blank {opened.group()!r} is never closed: end it with '}}}}'", opened.start()
            )
        nested = _OPEN.search(text, opened.end(), close)
        if nested is not None:
            raise ClozeError(
                f"a blank inside a blank ({nested.group()!r} inside {opened.group()!r}): "
                "close the first with '}}' before opening the next",
                nested.start(),
            )
        number = int(opened.group(1))
        if number < 1:
            raise ClozeError("blank numbers start at 1 ({{c1::...}})", opened.start())
        answer, _, hint = text[opened.end() : close].partition("::")
        if not answer.strip():
            raise ClozeError(f"the blank {opened.group()!r} has no answer", opened.start())
        blanks.append(Blank(number, answer.strip(), hint.strip(), opened.start(), close + 2))
        position = close + 2
    if not blanks:
        raise ClozeError(
            "a cloze needs at least one blank: write {{c1::answer}} around the part to ask"
        )
    return tuple(blanks)


def render(text: str, blanks: tuple[Blank, ...], asked: int | None) -> str:
    """`text` with the blanks numbered `asked` shown as gaps and the others filled in
    (`asked` None: all filled in, the reference answer)."""
    parts = []
    position = 0
    for blank in blanks:
        parts.append(text[position : blank.start])
        if blank.number == asked:
            parts.append(f"[{blank.hint}]" if blank.hint else GAP)
        else:
            parts.append(blank.answer)
        position = blank.end
    parts.append(text[position:])
    return "".join(parts).strip()


def card_id(note_id: str, number: int) -> str:
    """The id of the card asking blank `number` of note `note_id`: "note.c1"."""
    return f"{note_id}.c{number}"


def cloze_cards(
    note_id: str, text: str, *, hint: str = "", tags: tuple[str, ...] = (), extra: str = ""
) -> tuple[Card, ...]:
    """One card per blank number of the note (ClozeError if the text has a problem);
    `extra` (Anki's "Back Extra") follows the sentence in the reference answer."""
    blanks = parse_cloze(text)
    reference = render(text, blanks, None)
    if extra:
        reference = f"{reference}\n\n{extra}"
    cards = []
    for number in sorted({blank.number for blank in blanks}):
        labels: list[str] = []
        for blank in blanks:
            if blank.number != number:
                continue
            label = blank.answer
            # Two blanks of one number with the same answer: two points, told apart.
            while label in labels:
                label = f"{blank.answer} ({len(labels) + 1})"
            labels.append(label)
        answers = [blank.answer for blank in blanks if blank.number == number]
        cards.append(
            Card(
                id=card_id(note_id, number),
                question=render(text, blanks, number),
                answer=reference,
                points=tuple(
                    KeyPoint(label=label, phrases=(answer,))
                    for label, answer in zip(labels, answers, strict=True)
                ),
                hint=hint,
                tags=tags,
                cloze=Cloze(note_id=note_id, text=text, number=number, extra=extra),
            )
        )
    return tuple(cards)
