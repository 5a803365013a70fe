"""Control characters in a deck: warned about, with the file and line of each.

TOML cannot hold a raw control character in a string, but its escapes can
(`\\u001b` is ESC, `\\u0007` BEL), so a deck may carry escape sequences that
would clear a screen or write a clipboard if they reached a terminal. The
game shows them as visible symbols (`core/terminal_text.py`), so such a deck
still loads and plays; `mlquiz deck check` says where they are, so the
author can take them out.
"""

from __future__ import annotations

from mlquiz.core.cards import Deck
from mlquiz.core.decks.lines import LineMap
from mlquiz.core.errors import Problem
from mlquiz.core.terminal_text import control_characters


def control_warnings(deck: Deck, text: str, path: str) -> list[Problem]:
    """One warning per field of `deck` (read from `text`) that holds a control
    character, tab and newline aside, naming the line of its key."""
    lines = LineMap(text)
    problems: list[Problem] = []

    def check(value: str, line: int | None, where: str) -> None:
        names = control_characters(value)
        if names:
            problems.append(
                Problem(
                    path,
                    line,
                    f"{where}holds control characters ({', '.join(names)}); they are shown "
                    "as symbols, never sent to the terminal: remove them",
                )
            )

    top = lines.top
    for key in ("id", "title", "description"):
        check(getattr(deck, key), top.key(key), f"deck: '{key}' ")
    for written, meaning in deck.glossary.items():
        check(f"{written} {meaning}", lines.glossary.key(written), f"glossary: '{written}' ")
    # A cloze note is one [[cards]] table and a card per blank: `index` counts tables.
    index = -1
    notes: set[str] = set()
    for card in deck.cards:
        if card.cloze is not None and card.cloze.note_id in notes:
            continue  # another blank of a note checked already
        index += 1
        card_lines = lines.card(index)
        where = f"card #{index + 1}: "
        if card.cloze is not None:
            notes.add(card.cloze.note_id)
            check(card.cloze.note_id, card_lines.key("id"), f"{where}'id' ")
            check(card.cloze.text, card_lines.key("cloze"), f"{where}'cloze' ")
            check(card.cloze.extra, card_lines.key("extra"), f"{where}'extra' ")
            check(card.hint, card_lines.key("hint"), f"{where}'hint' ")
            check(" ".join(card.tags), card_lines.key("tags"), f"{where}'tags' ")
            continue
        for key in ("id", "question", "answer", "hint"):
            check(getattr(card, key), card_lines.key(key), f"{where}'{key}' ")
        for key in ("tags", "vague"):
            check(" ".join(getattr(card, key)), card_lines.key(key), f"{where}'{key}' ")
        for number, point in enumerate(card.points):
            point_lines = lines.sub(index, "points", number)
            label = f"{where}point {number + 1}: "
            check(point.label, point_lines.key("label"), f"{label}'label' ")
            check(" ".join(point.phrases), point_lines.key("phrases"), f"{label}'phrases' ")
        for number, confusion in enumerate(card.confusions):
            confusion_lines = lines.sub(index, "confusions", number)
            label = f"{where}confusion {number + 1}: "
            check(confusion.message, confusion_lines.key("message"), f"{label}'message' ")
            check(" ".join(confusion.phrases), confusion_lines.key("phrases"), f"{label}'phrases' ")
    return sorted(problems, key=lambda p: p.line or 0)
