"""Control characters in a deck: warned about, with the file and line of each.

TOML cannot hold a raw control character in a string, but its escapes can
(`\\u001b` is ESC, `\\u0007` BEL), so a deck may carry escape sequences that
would clear a screen or write a clipboard if they reached a terminal. The
game shows them as visible symbols (`core/terminal_text.py`), so such a deck
still loads and plays; `mlquiz deck check` says where they are, so the
author can take them out.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlquiz.core.cards import Deck
from mlquiz.core.decks.lines import LineMap
from mlquiz.core.errors import Problem
from mlquiz.core.terminal_text import control_characters

# Where a field's key is, for `_line` to find in a `LineMap`: ("top", key),
# ("glossary", written), ("card", table index, key) or ("sub", table index,
# "points" | "confusions", number, key).
Place = tuple[str | int, ...]


def control_warnings(deck: Deck, text: str, path: str) -> list[Problem]:
    """One warning per field of `deck` (read from `text`) that holds a control
    character, tab and newline aside, naming the line of its key."""
    # Scanning the text for the lines of keys costs more than checking every
    # field: it is done only when a field holds a control (rarely).
    lines: LineMap | None = None
    problems: list[Problem] = []
    for value, place, where in _fields(deck):
        names = control_characters(value)
        if names:
            if lines is None:
                lines = LineMap(text)
            problems.append(
                Problem(
                    path,
                    _line(lines, place),
                    f"{where}holds control characters ({', '.join(names)}); they are shown "
                    "as symbols, never sent to the terminal: remove them",
                )
            )
    return sorted(problems, key=lambda p: p.line or 0)


def _fields(deck: Deck) -> Iterator[tuple[str, Place, str]]:
    """Each text field of the deck: (its value, where its key is, how to name it)."""
    for key in ("id", "title", "description"):
        yield getattr(deck, key), ("top", key), f"deck: '{key}' "
    for written, meaning in deck.glossary.items():
        yield f"{written} {meaning}", ("glossary", written), f"glossary: '{written}' "
    # A cloze note is one [[cards]] table and a card per blank: `index` counts tables.
    index = -1
    notes: set[str] = set()
    for card in deck.cards:
        if card.cloze is not None and card.cloze.note_id in notes:
            continue  # another blank of a note checked already
        index += 1
        where = f"card #{index + 1}: "
        if card.cloze is not None:
            notes.add(card.cloze.note_id)
            yield card.cloze.note_id, ("card", index, "id"), f"{where}'id' "
            yield card.cloze.text, ("card", index, "cloze"), f"{where}'cloze' "
            yield card.cloze.extra, ("card", index, "extra"), f"{where}'extra' "
            yield card.hint, ("card", index, "hint"), f"{where}'hint' "
            yield " ".join(card.tags), ("card", index, "tags"), f"{where}'tags' "
            continue
        for key in ("id", "question", "answer", "hint"):
            yield getattr(card, key), ("card", index, key), f"{where}'{key}' "
        for key in ("tags", "vague"):
            yield " ".join(getattr(card, key)), ("card", index, key), f"{where}'{key}' "
        for number, point in enumerate(card.points):
            label = f"{where}point {number + 1}: "
            yield point.label, ("sub", index, "points", number, "label"), f"{label}'label' "
            phrases = " ".join(point.phrases)
            yield phrases, ("sub", index, "points", number, "phrases"), f"{label}'phrases' "
        for number, confusion in enumerate(card.confusions):
            label = f"{where}confusion {number + 1}: "
            message, phrases = confusion.message, " ".join(confusion.phrases)
            yield message, ("sub", index, "confusions", number, "message"), f"{label}'message' "
            yield phrases, ("sub", index, "confusions", number, "phrases"), f"{label}'phrases' "


def _line(lines: LineMap, place: Place) -> int | None:
    kind, *rest = place
    if kind == "top":
        return lines.top.key(str(rest[0]))
    if kind == "glossary":
        return lines.glossary.key(str(rest[0]))
    if kind == "card":
        return lines.card(int(rest[0])).key(str(rest[1]))
    return lines.sub(int(rest[0]), str(rest[1]), int(rest[2])).key(str(rest[3]))
