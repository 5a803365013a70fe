"""A deck written as a TOML file, in the layout of docs/deck-format.md.

The layout is fixed and small (top-level keys, a glossary table, one
`[[cards]]` table per card with one `[[cards.points]]` table per point), so
the file is written directly, in one pass: tomlkit, which wrote it before,
takes time that grows with the square of the number of tables (a
100,000-card import spent minutes there). Every string is escaped as TOML
wants (quotes, backslashes, control characters, DEL), so any text survives
a round trip through the loader (the property tests check it); text with
line breaks is written as a multi-line string, so an imported answer reads
as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mlquiz.core.cards import Deck

IMPORTED_NOTE = (
    "Key points were derived from each answer automatically: edit the labels,",
    "phrases and `required` flags to suit (see docs/deck-format.md), then",
    "run `mlquiz deck check` on this file.",
)

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# Characters a TOML basic string must escape: controls (but tab), DEL, '"', '\'.
_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
# In a multi-line string a line break may stand as it is.
_ESCAPE_MULTILINE = re.compile(r'[\x00-\x08\x0b-\x1f\x7f"\\]')
_NAMED = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\u{ord(char):04x}"


def _string(value: str) -> str:
    """A TOML string: multi-line when it has line breaks, else a basic string."""
    if "\n" in value:
        # The line break right after the opening quotes is not part of the value.
        return '"""\n' + _ESCAPE_MULTILINE.sub(_escape, value) + '"""'
    return '"' + _ESCAPE.sub(_escape, value) + '"'


def _key(name: str) -> str:
    """A key: bare when it can be, else a one-line basic string (keys cannot span lines)."""
    return name if _BARE_KEY.match(name) else '"' + _ESCAPE.sub(_escape, name) + '"'


def _strings(values: Sequence[str]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"


def deck_to_toml(deck: Deck, header: str = "", note: Sequence[str] = IMPORTED_NOTE) -> str:
    """The deck as TOML: `header` and `note` as comments on top, then the deck's
    keys, its glossary, and one [[cards]] table per card with its points."""
    out: list[str] = []
    comments = ([header] if header else []) + list(note)
    for line in comments:
        out.append("# " + line.replace("\n", " ").replace("\r", " "))
    if comments:
        out.append("")
    out.append(f"id = {_string(deck.id)}")
    out.append(f"title = {_string(deck.title)}")
    out.append(f"description = {_string(deck.description)}")
    derived = bool(deck.cards) and all(card.derived for card in deck.cards)
    if derived:
        out.append("derived = true")
    if deck.glossary:
        out.append("")
        out.append("[glossary]")
        for written, meaning in deck.glossary.items():
            out.append(f"{_key(written)} = {_string(meaning)}")
    for card in deck.cards:
        out.append("")
        out.append("[[cards]]")
        out.append(f"id = {_string(card.id)}")
        out.append(f"question = {_string(card.question)}")
        out.append(f"answer = {_string(card.answer)}")
        if card.hint:
            out.append(f"hint = {_string(card.hint)}")
        if card.tags:
            out.append(f"tags = {_strings(card.tags)}")
        if card.ordered:
            out.append("ordered = true")
        if card.derived and not derived:
            out.append("derived = true")
        if card.vague:
            out.append(f"vague = {_strings(card.vague)}")
        for point in card.points:
            out.append("")
            out.append("[[cards.points]]")
            out.append(f"label = {_string(point.label)}")
            out.append(f"phrases = {_strings(point.phrases)}")
            if not point.required:
                out.append("required = false")
            if point.need != 1:
                out.append(f"need = {point.need}")
        for confusion in card.confusions:
            out.append("")
            out.append("[[cards.confusions]]")
            out.append(f"phrases = {_strings(confusion.phrases)}")
            out.append(f"message = {_string(confusion.message)}")
    out.append("")
    return "\n".join(out)
