"""Reading a deck file card by card, without holding the raw tables of all its cards.

A whole-file TOML parse of a 100,000-card deck holds every card's raw table at
once (about 400 MB for a 68 MB file). `DeckStream` parses the deck's own keys
(everything before the first `[[cards]]` line), then the `[[cards]]` tables in
runs of about 64 KB, each run with one toml-rs call (`_run`), or, where a run
is not read as one card table per part, each part on its own (with toml-rs
where it reads the part as tomli would, else tomli: `_loads`); it validates
each table (`validate.py`) and hands it on, dropping its raw table; it keeps
the file's bytes and each card's id (for duplicates).

Exactly the decks, and the errors, of a whole-file parse (`parse.parse_deck`):

- The file is split before each line that is a `[[cards]]` header, outside a
  multi-line string (`lines.open_string` follows them). A split anywhere else
  (inside an array, or a string the scan misread) leaves the part before it
  unterminated, which the parser reports "at end of document": such an error,
  and any part that holds a table other than a card's (a `[glossary]` after
  the cards), are read again as the whole file (`whole=True`), so its error or
  deck is the whole-file parse's own.
- Encoding problems and NUL characters are checked for the whole file first,
  as `parse_deck` does, and win over any TOML error; a TOML error wins over
  every validation problem; validation problems are all reported, in file
  order, with the file's line numbers (each part is scanned for lines with its
  first line's number, only when there is a problem to report).

`stream_deck(data, path)` gives the `Deck`; `DeckStream.tables()` gives the
cards table by table, for a reader that needs no more than one at a time
(`mlquiz deck check`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlquiz.core.cards import Card, Deck
from mlquiz.core.decks.lines import LineMap, open_string
from mlquiz.core.decks.parse import check_encoding
from mlquiz.core.decks.validate import DeckHead, Validator
from mlquiz.core.errors import DeckError
from mlquiz.core.terminal_text import control_characters

_HEADER = b"[[cards]]"
_LINE_HEADER = b"\n" + _HEADER


class Unstreamable(Exception):
    """The file turned out to need a whole-file parse (a table other than a card's
    after the cards, such as its glossary) when some of its tables may have been
    handed on: read it again with `DeckStream(..., whole=True)`."""


@dataclass
class CardTable:
    """One `[[cards]]` table of a deck file: its card (or a cloze note's cards)."""

    index: int  # the table's number in the file, from 0
    cards: tuple[Card, ...]
    _lines: Callable[[], LineMap]
    # The part of the file it was read from (with any tables read along with it);
    # None when the file was read whole.
    text: str | None = None
    # The file's text around it holds no control character and no escape (a
    # backslash), so no field of it holds a control.
    clean: bool = False

    def lines(self) -> LineMap:
        """Where the table's keys are, with the file's line numbers (scanned when asked)."""
        return self._lines()


def stream_deck(data: bytes | str, path: str | Path = "<deck>", source: str = "") -> Deck:
    """The `Deck` of a deck file's text (or raw bytes), read table by table: the same
    deck, or the same `DeckError`, as `parse.parse_deck`, without ever holding the
    raw tables of the whole file (a file that needs a whole-file parse gets one)."""
    try:
        return DeckStream(data, path, source).deck()
    except Unstreamable:
        return DeckStream(data, path, source, whole=True).deck()


def check_written_deck(text: str, path: str) -> None:
    """Raise the `DeckError` of `stream_deck(text, path)`, if any, for the text of a
    deck this program has just written (an import's TOML), at less cost: when
    `_loads_as_written` finds no problem the loader finds none, and nothing more
    is read; else `stream_deck` reads it and names the problem as the loader
    would (a 10,000-row CSV's deck: 0.40 s for the streamed read, 0.25 s)."""
    if not _loads_as_written(text, path):
        stream_deck(text, path)


# A card table's header line as a deck writer writes it.
_WRITTEN_HEADER = "\n[[cards]]\n"


def _loads_as_written(text: str, path: str) -> bool:
    """Whether the deck text validates as the loader validates it (`Validator.deck`,
    as `parse.parse_deck` does), read by toml-rs: the deck's own keys up to the
    first `[[cards]]` header line, then runs of about `_RUN_BYTES` each cut
    before such a line. Without `_Bounds`' scan for multi-line strings, nor a
    look for controls (no card table is handed on): a cut inside a multi-line
    string, an array or an inline table leaves the part before it unterminated,
    a TOML error, and so does a cut in the deck's keys' `cards` array (an
    array there is the whole file's cards: False); each run that reads holds
    the file's card tables there. Any error: False, and `stream_deck` reads
    the text. toml-rs reads as tomli does (see `_loads`) with no byte-order
    mark and no NUL (both asked here), at a written deck's nesting (a point's
    analogies) and dotted keys (`cards.points`)."""
    if text.startswith("\ufeff") or "\x00" in text:
        return False
    try:
        from toml_rs import loads
    except ImportError:  # pragma: no cover - a platform without its wheel
        return False
    validator = Validator(path, "", "", lines=LineMap(""))
    first = text.find(_WRITTEN_HEADER)
    end = len(text) if first < 0 else first + 1
    try:
        raw = loads(text[:end])
    except Exception:  # a TOML error, or text toml-rs cannot take (lone surrogates)
        return False
    items = raw.pop("cards", None)
    derived = validator.head(raw).derived
    if first >= 0:
        if items is not None:
            return False  # cards among the deck's own keys, and card tables after
        items = []
    # (Else no card table: the cards, if any, are the deck's keys' own, all read.)
    index = 0
    while True:
        if derived is None or type(items) is not list:
            return False
        for item in items:
            validator.card_table(index, item, derived)
            index += 1
        if validator.problems:
            return False
        if end >= len(text):
            return index > 0  # (`Validator.tables`: no card at all is a problem)
        start = end
        cut = text.find(_WRITTEN_HEADER, start + _RUN_BYTES)
        end = len(text) if cut < 0 else cut + 1
        try:
            raw = loads(text[start:end])
        except Exception:
            return False
        if raw.keys() != {"cards"}:
            return False  # a table other than a card's after the cards
        items = raw["cards"]


class DeckStream:
    """A deck file read table by table (see the module docstring).

    Raises DeckError at once for encoding problems, NUL characters and TOML errors
    in the deck's own keys; `head` holds those keys. `tables()` hands on the card
    tables one at a time and raises DeckError after the last one it hands on if
    the deck has any problem (a reader must not act on what it was handed before
    that), or `Unstreamable` if the file needs a whole-file parse after all.
    """

    def __init__(
        self, data: bytes | str, path: str | Path = "<deck>", source: str = "", whole: bool = False
    ) -> None:
        self.path = str(path)
        self.source = source
        self._given = data  # for a whole-file parse, if it comes to that
        checked = check_encoding(data, self.path)
        if isinstance(checked, str):
            # Bytes either way (a text's lone surrogates kept as they were, as a
            # whole parse of the text sees them).
            checked = checked.encode("utf-8", "surrogatepass")
        self._data = checked
        self._whole: Deck | None = None
        self._bounds = _Bounds(self._data)
        self._head_end = self._bounds.next_split(0)
        head_text = self._text(0, self._head_end)
        self._head_lines = head_text.count("\n")
        raw = None
        if not whole:
            raw = _parse_part(head_text, self.path, 1, prefix=True, last=self._ends(self._head_end))
        if raw is None or "cards" in raw:
            # An error to read in the whole file's context, or cards given some other way.
            deck = self._whole = self._parse_whole()
            self.head = DeckHead(deck.id, deck.title, deck.description, deck.glossary, False)
            return
        self._head_raw = raw
        validator = Validator(self.path, "", source, lines=LineMap(""))
        self.head = validator.head(raw)
        self._head_problems = bool(validator.problems)

    def head_lines(self) -> LineMap:
        """Where the deck's own keys are (scanned when asked)."""
        end = len(self._data) if self._whole is not None else self._head_end
        return LineMap(self._text(0, end))

    def tables(self) -> Iterator[CardTable]:
        """Each `[[cards]]` table in file order (see the class docstring)."""
        if self._whole is not None:
            yield from _whole_tables(self._whole, self._data)
            return
        if not self._head_problems:
            for table in self._quick_tables():
                if table is None:
                    break  # a problem: read again with lines, below, to report it
                yield table
            else:
                return
        # Every problem with its line, as `parse_deck` reports them.
        for _ in self._tables(lines=True):
            pass
        raise AssertionError("a deck with problems read again without any")  # pragma: no cover

    def deck(self) -> Deck:
        """The whole deck, as `parse.parse_deck` gives it."""
        if self._whole is not None:
            return self._whole
        cards: list[Card] = []
        for table in self.tables():
            cards.extend(table.cards)
        return self.head.deck(cards, self.source, self.path)

    def _quick_tables(self) -> Iterator[CardTable | None]:
        """`_tables(lines=False)`, reading runs of parts (`_run`) with one toml-rs
        call and one look for controls each, where it can (rather than a call and
        a look per table: ~10% of the read of a generated deck)."""
        validator = Validator(self.path, "", self.source, lines=LineMap(""))
        derived, data = self.head.derived, self._data
        start, first_line, index = self._head_end, self._head_lines + 1, 0
        while not self._ends(start):
            items, ends, text = self._run(start)
            if items is None:  # the run's parts one by one, as before
                first_line, index = yield from self._tables(
                    False, validator, (start, first_line, index), ends[-1]
                )
                if validator.problems:
                    return
                start = ends[-1]
                continue
            # One look at the run's text for controls, instead of one per table.
            clean = data.find(b"\\", start, ends[-1]) < 0 and not _holds_controls(
                data[start : ends[-1]], text
            )
            run_start, run_line = start, first_line
            for item, end in zip(items, ends, strict=True):
                cards = validator.card_table(index, item, derived)
                if validator.problems:
                    yield None
                    return
                part = None if clean else self._text(start, end)
                lines = self._lines_at(start, end, (run_start, run_line), index)
                yield CardTable(index, cards, lines, part, clean)
                index += 1
                start = end
            first_line += data.count(b"\n", run_start, start)
        if index == 0:  # no card at all: as the part-by-part reading reports it
            yield from self._tables(False, validator, (start, first_line, index))

    def _run(self, start: int) -> tuple[list[Any] | None, list[int], str]:
        """The parts from `start` on, about `_RUN_BYTES` of them, read by one toml-rs
        call: their card tables (None when a part is past the guard of `_loads`,
        or the run is not read as one card table per part: each part is then read
        on its own, as before), the end of each part, and the run's text."""
        data, bounds = self._data, self._bounds
        ends: list[int] = []
        end = start
        while not self._ends(end) and end - start < _RUN_BYTES:
            at, end = end, bounds.next_split(end + 1)
            ends.append(end)
            # (A part shorter than a limit is under it: not counted.)
            if data.count(b"[", at, end) + data.count(b"{", at, end) >= _MAX_OPENINGS or (
                end - at >= _MAX_DOTS and data.count(b".", at, end) >= _MAX_DOTS
            ):
                return None, ends, ""
        text = self._text(start, end)
        try:
            from toml_rs import loads

            raw = None if text.startswith("\ufeff") else loads(text)
        except Exception:  # (ImportError: a platform without its wheel)
            raw = None  # each part on its own says what is wrong
        items = raw.get("cards") if raw is not None else None
        if raw is None or raw.keys() != {"cards"} or type(items) is not list:
            return None, ends, text
        return (items if len(items) == len(ends) else None), ends, text

    def _lines_at(
        self, start: int, end: int, run: tuple[int, int], index: int
    ) -> Callable[[], LineMap]:
        """The lines of the part from `start` to `end`, in a run starting at `run`
        (an offset and its line): the part's first line is counted when asked."""
        run_start, run_line = run
        return lambda: LineMap(
            self._text(start, end), run_line + self._data.count(b"\n", run_start, start), index
        )

    def _tables(
        self,
        lines: bool,
        validator: Validator | None = None,
        at: tuple[int, int, int] | None = None,
        stop: int | None = None,
    ) -> Generator[CardTable | None, None, tuple[int, int]]:
        """The card tables. Without `lines`, ends with None at the first problem; with
        them, goes through every table and raises the DeckError of all problems.
        `_quick_tables` has it read from `at` (an offset, its line and its table's
        index) up to `stop` with its `validator`, and gets the line and index where
        it stopped."""
        path, source = self.path, self.source
        if validator is None and lines:
            validator = Validator(path, self._text(0, self._head_end), source)
            validator.head(self._head_raw)
        elif validator is None:
            validator = Validator(path, "", source, lines=LineMap(""))
        derived = self.head.derived
        start, first_line, index = at or (self._head_end, self._head_lines + 1, 0)
        if self._ends(start) and index == 0:
            validator.tables({}, "cards", "deck: ", validator.lines.top, required=True)
        while not self._ends(start) and start != stop:
            end = self._bounds.next_split(start + 1)
            text = self._text(start, end)
            raw = _parse_part(text, path, first_line, prefix=start == 0, last=self._ends(end))
            if raw is None or raw.keys() != {"cards"} or not isinstance(raw["cards"], list):
                self._whole = self._parse_whole()  # raises the file's own DeckError, if any
                raise Unstreamable(path)
            if lines:
                validator.lines = LineMap(text, first_line, index)
                validator.source_text = text
                validator.first_line = first_line
            first_index = index  # of the part's first table (it may hold several)
            for item in raw["cards"]:
                cards = validator.card_table(index, item, derived)
                if not lines:
                    if validator.problems:
                        yield None
                        return first_line, index
                    yield CardTable(index, cards, _lines_of(text, first_line, first_index), text)
                index += 1
            first_line += text.count("\n")
            start = end
        if validator.problems:
            if not lines:
                yield None
                return first_line, index
            validator.problems.sort(key=lambda p: p.line or 0)
            raise DeckError.from_problems(validator.problems)
        return first_line, index

    def _ends(self, offset: int) -> bool:
        return offset >= len(self._data)

    def _parse_whole(self) -> Deck:
        from mlquiz.core.decks.parse import parse_deck

        return parse_deck(self._given, self.path, self.source)

    def _text(self, start: int, end: int) -> str:
        return self._data[start:end].decode("utf-8", "surrogatepass")


# The bytes of printable ASCII, tab and newline: a text made of them only holds
# no control character.
_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n"


def _holds_controls(raw: bytes, text: str) -> bool:
    """Whether `text` (whose UTF-8 is `raw`) holds a control character. Deleting
    the plain bytes (`_PLAIN_BYTES`) is a tenth of the regular expression's
    search; the search runs only when other bytes are left (non-ASCII text)."""
    return bool(raw.translate(None, _PLAIN_BYTES)) and bool(control_characters(text))


def _lines_of(text: str, first_line: int, index: int) -> Callable[[], LineMap]:
    return lambda: LineMap(text, first_line, index)


def _whole_tables(deck: Deck, data: bytes) -> Iterator[CardTable]:
    """A deck read whole, table by table: a cloze note's cards are one table."""
    scanned: list[LineMap] = []

    def whole_lines() -> LineMap:
        if not scanned:
            scanned.append(LineMap(data.decode("utf-8", "surrogatepass")))
        return scanned[0]

    index = 0
    group: list[Card] = []
    for card in deck.cards:
        note = card.cloze.note_id if card.cloze is not None else None
        if group and (note is None or group[0].cloze is None or note != group[0].cloze.note_id):
            yield CardTable(index, tuple(group), whole_lines)
            index += 1
            group = []
        group.append(card)
    if group:
        yield CardTable(index, tuple(group), whole_lines)


def _parse_part(
    text: str, path: str, first_line: int, prefix: bool, last: bool
) -> dict[str, Any] | None:
    """One part of the file parsed on its own; None when its TOML error must be read
    in the whole file's context (see the module docstring). `prefix`: the part
    starts the file, so its errors are the whole file's; `last`: it ends it."""
    import tomli as tomllib

    from mlquiz.core.decks.parse import toml_error

    try:
        return _loads(text)
    except tomllib.TOMLDecodeError as exc:
        at_end = exc.pos >= len(text)
        if (at_end and not last) or (not prefix and _OTHER_TABLE.search(text)):
            return None
        line, problem = toml_error(exc, text)
        if line is not None:
            line += first_line - 1
        raise DeckError(path, line, f"TOML syntax error: {problem}") from None
    except RecursionError:
        raise DeckError(path, None, "TOML syntax error: nested too deeply") from None


def _loads(text: str) -> dict[str, Any]:
    """A part's TOML, read by toml-rs (Rust, about four times tomli's speed on a
    card's table: a third of the check of a 100,000-card deck) when it reads it as
    tomli does, else by tomli. toml-rs agrees with tomli on the TOML test suite
    (toml-lang/toml-test) but for tomli's limits, which a part over them is left
    to: 400 levels of nested arrays and inline tables (toml-rs reads deeper, and
    crashes past some thousands), 1,000 parts of a key, and a byte-order mark
    (an error to tomli; a file's own was taken off before). A part toml-rs
    finds wrong (or cannot take: lone surrogates) is read again by tomli, whose
    error the check reports."""
    import tomli as tomllib

    if (
        text.count("[") + text.count("{") < _MAX_OPENINGS
        and text.count(".") < _MAX_DOTS
        and not text.startswith("\ufeff")
    ):
        try:
            from toml_rs import loads
        except ImportError:  # pragma: no cover - a platform without its wheel
            return tomllib.loads(text)
        try:
            return loads(text)
        except Exception:  # tomli reads it again and says why
            pass
    return tomllib.loads(text)


# About a hundred cards' tables: read with one toml-rs call, held for as long as
# their cards are handed on.
_RUN_BYTES = 64 * 1024
# Under tomli's limits with room to spare: nesting is at most the number of
# opening brackets, a key's parts at most the number of dots.
_MAX_OPENINGS = 200
_MAX_DOTS = 900


# A line that may open a table other than a card's (or part of one), quoted names
# included: a TOML error after it may depend on the tables before the part.
_OTHER_TABLE = re.compile(r"^[ \t]*\[(?!\[?[ \t]*cards[ \t]*[\].])", re.MULTILINE)


class _Bounds:
    """Where the file splits: before each `[[cards]]` header line that is not inside
    a multi-line string."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        # No triple quote starts from `_quotes_from` up to `_quote_at` (the first
        # one after it, or the file's size): most parts are not searched for one.
        self._quotes_from = self._quote_at = 0
        # Per kind of triple quote: (searched from, first one found there or the
        # file's size). A file with `"""` strings and no `'''` would else be
        # searched to its end for `'''` at every part that holds a `"""`: quadratic.
        self._next_quote: dict[bytes, tuple[int, int]] = {}

    def next_split(self, start: int) -> int:
        """The offset of the first split at or after `start` (the file's size if none)."""
        data, size = self.data, len(self.data)
        position = start
        while True:
            found = self._next_header(position)
            if found >= size:
                return size
            if start >= self._quotes_from and found < self._quote_at + 3:
                return found  # no triple quote in the part: no multi-line string
            # (Searched in place, not in a copy of the part.)
            self._quotes_from = start
            self._quote_at = min(self._first(b'"""', start), self._first(b"'''", start))
            if self._quote_at + 3 <= found and (
                open_string(data[start:found].decode("utf-8", "surrogatepass")) is not None
            ):
                position = found + 1
                continue
            return found

    def _first(self, quote: bytes, start: int) -> int:
        """The first `quote` at or after `start` (the file's size if none), found
        again only when the one found last is before `start`."""
        searched, at = self._next_quote.get(quote, (-1, -1))
        if not searched <= start <= at:
            at = self.data.find(quote, start)
            at = len(self.data) if at < 0 else at
            self._next_quote[quote] = (start, at)
        return at

    def _next_header(self, position: int) -> int:
        """The start of the next line that is `[[cards]]` (maybe followed by spaces or a
        comment) at or after `position`; the file's size if none."""
        data, size = self.data, len(self.data)
        if position == 0 and data.startswith(_HEADER) and self._header_line(0):
            return 0
        position = max(position - 1, 0)
        while True:
            at = data.find(_LINE_HEADER, position)
            if at < 0:
                return size
            # (The usual header, "[[cards]]" and the line's end, without a slice.)
            if data.startswith(b"\n", at + len(_LINE_HEADER)) or self._header_line(at + 1):
                return at + 1
            position = at + 1

    def _header_line(self, at: int) -> bool:
        end = self.data.find(b"\n", at)
        rest = self.data[at + len(_HEADER) : end if end >= 0 else len(self.data)]
        rest = rest.strip(b" \t\r")
        return not rest or rest.startswith(b"#")
