"""A deck written as a TOML file, in the layout of docs/deck-format.md.

tomlkit writes the file, so every string is quoted and escaped as TOML
wants (quotes, backslashes, control characters) and any text survives a
round trip through the loader. Text with line breaks is written as a
multi-line string, so an imported answer reads as it was written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import tomlkit
from tomlkit.items import String, Table

from mlquiz.core.cards import Deck

IMPORTED_NOTE = (
    "Key points were derived from each answer automatically: edit the labels,",
    "phrases and `required` flags to suit (see docs/deck-format.md), then",
    "run `mlquiz deck check` on this file.",
)


def deck_to_toml(deck: Deck, header: str = "", note: Sequence[str] = IMPORTED_NOTE) -> str:
    """The deck as TOML: `header` and `note` as comments on top, then the deck's
    keys, its glossary, and one [[cards]] table per card with its points."""
    doc = tomlkit.document()
    for line in ([header] if header else []) + list(note):
        doc.add(tomlkit.comment(line))
    if header or note:
        doc.add(tomlkit.nl())
    doc.add("id", deck.id)
    doc.add("title", _text(deck.title))
    doc.add("description", _text(deck.description))
    derived = bool(deck.cards) and all(card.derived for card in deck.cards)
    if derived:
        doc.add("derived", True)
    if deck.glossary:
        glossary = tomlkit.table()
        for written, meaning in deck.glossary.items():
            glossary.add(written, meaning)
        doc.add("glossary", glossary)
    cards = tomlkit.aot()
    for card in deck.cards:
        table = tomlkit.table()
        table.add("id", card.id)
        table.add("question", _text(card.question))
        table.add("answer", _text(card.answer))
        if card.hint:
            table.add("hint", _text(card.hint))
        if card.tags:
            table.add("tags", _strings(card.tags))
        if card.ordered:
            table.add("ordered", True)
        if card.derived and not derived:
            table.add("derived", True)
        if card.vague:
            table.add("vague", _strings(card.vague))
        points = tomlkit.aot()
        for point in card.points:
            points.append(_table(label=point.label, phrases=_strings(point.phrases)))
            if not point.required:
                points[-1].add("required", False)
            if point.need != 1:
                points[-1].add("need", point.need)
        table.add("points", points)
        if card.confusions:
            confusions = tomlkit.aot()
            for confusion in card.confusions:
                confusions.append(
                    _table(phrases=_strings(confusion.phrases), message=confusion.message)
                )
            table.add("confusions", confusions)
        cards.append(table)
    doc.add("cards", cards)
    return tomlkit.dumps(doc)


def _text(value: str) -> String:
    """A string, multi-line when it has line breaks (and no carriage return, which
    a multi-line string would not keep)."""
    multiline = "\n" in value and "\r" not in value
    return tomlkit.string(value, multiline=multiline)


def _strings(values: Sequence[str]) -> list[str]:
    return list(values)


def _table(**values: Any) -> Table:
    table = tomlkit.table()
    for key, value in values.items():
        table.add(key, value)
    return table
