"""Where each table and key of a deck file starts, for messages that name lines.

tomllib reports line numbers only for syntax errors, so the lines of keys and
tables are recovered by scanning the raw text (`LineMap`). That scan is best
effort: a problem whose line cannot be found is reported with `line=None`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class TableLines:
    header: int | None = None
    keys: dict[str, int] = field(default_factory=dict)

    def key(self, name: str | None = None) -> int | None:
        if name is not None and name in self.keys:
            return self.keys[name]
        return self.header


@dataclass
class CardLines(TableLines):
    points: list[TableLines] = field(default_factory=list)
    confusions: list[TableLines] = field(default_factory=list)
    false_claims: list[TableLines] = field(default_factory=list)
    # Per key point (by index): its [[cards.points.analogies]] tables.
    analogies: dict[int, list[TableLines]] = field(default_factory=dict)


# The lines of a card the scan did not find (every card of a deck streamed without
# lines): one shared value, read only, rather than a new one per card.
_NO_LINES = CardLines()

_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_RE = re.compile(r"""^\s*([A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')\s*[.=]""")


class LineMap:
    """Where each table and key of a deck file starts, found by scanning text."""

    def __init__(self, text: str, first_line: int = 1, first_card: int = 0) -> None:
        """`text` is a whole file, or a part of one (a card's table, read on its own by
        `stream.py`) starting at line `first_line` of the file, whose first
        `[[cards]]` table is the file's card number `first_card` (from 0)."""
        self.top = TableLines(header=None)
        self.glossary = TableLines()
        self.cards: list[CardLines] = []
        self.first_card = first_card
        self._scan(text, first_line)

    def _scan(self, text: str, first_line: int) -> None:
        current: TableLines = self.top
        closing: str | None = None  # delimiter of an open multi-line string
        for number, line in enumerate(text.split("\n"), start=first_line):
            if closing is not None:
                if closing in line:
                    closing = None
                continue
            header = _HEADER_RE.match(line)
            if header:
                current = self._enter(header.group(1) == "[[", header.group(2), number)
                continue
            key = _KEY_RE.match(line)
            if key:
                current.keys.setdefault(_unquote(key.group(1)), number)
                # A value may open a multi-line string; quotes inside a one-line
                # string ("'''Stream") open nothing.
                closing = open_string(line[key.end() :])

    def _enter(self, is_array: bool, name: str, number: int) -> TableLines:
        parts = [_unquote(p.strip()) for p in name.split(".")]
        scratch = TableLines(header=number)
        if parts == ["cards"] and is_array:
            card = CardLines(header=number)
            self.cards.append(card)
            return card
        if parts == ["glossary"]:
            self.glossary.header = number
            return self.glossary
        if parts[0] == "cards" and len(parts) >= 2 and self.cards:
            card = self.cards[-1]
            if len(parts) == 2 and is_array and parts[1] == "points":
                card.points.append(scratch)
            elif len(parts) == 2 and is_array and parts[1] in ("confusions", "false_claims"):
                getattr(card, parts[1]).append(scratch)
            elif parts[1:] == ["points", "analogies"] and is_array and card.points:
                card.analogies.setdefault(len(card.points) - 1, []).append(scratch)
            else:
                card.keys.setdefault(parts[1], number)
            return scratch
        self.top.keys.setdefault(parts[0], number)
        return scratch

    def card(self, index: int) -> CardLines:
        index -= self.first_card
        if 0 <= index < len(self.cards):
            return self.cards[index]
        return _NO_LINES

    def sub(self, card_index: int, kind: str, index: int) -> TableLines:
        """The lines of a card's point, confusion or false claim (`kind` is the key)."""
        card = self.card(card_index)
        tables: list[TableLines] = getattr(card, kind)
        if 0 <= index < len(tables):
            return tables[index]
        # Inline tables or unusual layouts: the best we know is the card key.
        return TableLines(header=card.key(kind))

    def analogy(self, card_index: int, point_index: int, index: int) -> TableLines:
        """The lines of one analogy table of a key point."""
        card = self.card(card_index)
        tables = card.analogies.get(point_index, [])
        if 0 <= index < len(tables):
            return tables[index]
        return TableLines(header=self.sub(card_index, "points", point_index).key("analogies"))


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


# Outside strings: a comment, a multi-line string's opening, a one-line string.
TOKEN = re.compile(r"""#[^\n]*|\"\"\"|'''|"(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?""")
BASIC_END = re.compile(r'\\[\s\S]|"""')


def open_string(text: str) -> str | None:
    """The delimiter of the multi-line string `text` (starting outside any string)
    ends inside, or None when it ends outside every string."""
    position, size = 0, len(text)
    while position < size:
        token = TOKEN.search(text, position)
        if token is None:
            return None
        value = token.group()
        if value == '"""':
            while True:
                close = BASIC_END.search(text, token.end())
                if close is None:
                    return '"""'
                if close.group() == '"""':
                    break
                token = close
            position = _past_quotes(text, close.end(), '"')
        elif value == "'''":
            close_at = text.find("'''", token.end())
            if close_at < 0:
                return "'''"
            position = _past_quotes(text, close_at + 3, "'")
        else:
            position = token.end()
    return None


def _past_quotes(text: str, position: int, quote: str) -> int:
    """After a multi-line string's closing quotes: up to two more quotes are its own."""
    for _ in range(2):
        if text.startswith(quote, position):
            position += 1
    return position
