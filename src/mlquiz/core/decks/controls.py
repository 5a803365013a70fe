"""Control characters in a deck: warned about, with the file and line of each.

TOML cannot hold a raw control character in a string, but its escapes can
(`\\u001b` is ESC, `\\u0007` BEL), so a deck may carry escape sequences that
would clear a screen or write a clipboard if they reached a terminal. The
game shows them as visible symbols (`core/terminal_text.py`), so such a deck
still loads and plays; `mlquiz deck check` says where they are, so the
author can take them out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from mlquiz.core.cards import Card, Deck
from mlquiz.core.decks.lines import LineMap
from mlquiz.core.errors import Problem
from mlquiz.core.terminal_text import control_characters

# Where a field's key is, for `_line` to find in a `LineMap`: ("top", key),
# ("glossary", written), ("card", table index, key) or ("sub", table index,
# "points" | "confusions", number, key).
Place = tuple[str | int, ...]


class HeadFields(Protocol):
    """A deck's own fields: a `Deck`, or the `DeckHead` of a deck read card by card."""

    @property
    def glossary(self) -> dict[str, str]: ...


def control_warnings(deck: Deck, text: str, path: str) -> list[Problem]:
    """One warning per field of `deck` (read from `text`) that holds a control
    character, tab and newline aside, naming the line of its key."""
    # Scanning the text for the lines of keys costs more than checking every
    # field: it is done only when a field holds a control (rarely).
    scanned: list[LineMap] = []

    def lines() -> LineMap:
        if not scanned:
            scanned.append(LineMap(text))
        return scanned[0]

    problems = head_control_warnings(deck, lines, path)
    index = -1
    notes: set[str] = set()
    for card in deck.cards:
        if card.cloze is not None:
            if card.cloze.note_id in notes:
                continue  # another blank of a note checked already
            notes.add(card.cloze.note_id)
        index += 1  # a cloze note is one [[cards]] table and a card per blank
        problems += table_control_warnings(card, index, lines, path)
    return sorted(problems, key=lambda p: p.line or 0)


def head_control_warnings(
    head: HeadFields, lines: Callable[[], LineMap], path: str
) -> list[Problem]:
    """The warnings of the deck's own fields (id, title, description, glossary);
    `lines` scans for the lines of keys, called only when a field holds a control."""
    fields: list[tuple[str, Place, str]] = [
        (getattr(head, key), ("top", key), f"deck: '{key}' ")
        for key in ("id", "title", "description")
    ]
    for written, meaning in head.glossary.items():
        fields.append((f"{written} {meaning}", ("glossary", written), f"glossary: '{written}' "))
    return _problems(fields, lines, path)


def table_control_warnings(
    card: Card, index: int, lines: Callable[[], LineMap], path: str, text: str | None = None
) -> list[Problem]:
    """The warnings of one `[[cards]]` table (number `index`, from 0), given its card
    (or the first card of its cloze note); `lines` as for `head_control_warnings`.

    `text`, the part of the file the table was read from, if known: a value can
    only hold a control that the text holds, or writes as an escape (a
    backslash), so a text with neither needs no look at each field.
    """
    if text is not None and "\\" not in text and not control_characters(text):
        return []
    return _problems(_card_fields(card, index), lines, path)


def _problems(
    fields: Iterable[tuple[str, Place, str]], lines: Callable[[], LineMap], path: str
) -> list[Problem]:
    problems: list[Problem] = []
    for value, place, where in fields:
        names = control_characters(value)
        if names:
            problems.append(
                Problem(
                    path,
                    _line(lines(), place),
                    f"{where}holds control characters ({', '.join(names)}); they are shown "
                    "as symbols, never sent to the terminal: remove them",
                )
            )
    return problems


def _card_fields(card: Card, index: int) -> Iterator[tuple[str, Place, str]]:
    """Each text field of a card table: (its value, where its key is, how to name it)."""
    where = f"card #{index + 1}: "
    if card.cloze is not None:
        yield card.cloze.note_id, ("card", index, "id"), f"{where}'id' "
        yield card.cloze.text, ("card", index, "cloze"), f"{where}'cloze' "
        yield card.cloze.extra, ("card", index, "extra"), f"{where}'extra' "
        yield card.hint, ("card", index, "hint"), f"{where}'hint' "
        yield " ".join(card.tags), ("card", index, "tags"), f"{where}'tags' "
        return
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
