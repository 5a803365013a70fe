"""Parsing a deck file: bytes or text in, a `Deck` or a `DeckError` out.

A deck is one TOML file (see docs/deck-format.md). `parse_deck` turns its text
into a `Deck` or raises `DeckError` naming the file, the line and the problem,
for every problem it can find in one pass. No input, however broken, may
escape as anything but a `DeckError`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mlquiz.core.cards import Deck
from mlquiz.core.decks.lines import LineMap
from mlquiz.core.decks.validate import Validator
from mlquiz.core.errors import DeckError

if TYPE_CHECKING:
    import tomli as tomllib


def parse_deck(text: str | bytes, path: str | Path = "<deck>", source: str = "") -> Deck:
    """Build a `Deck` from the text (or raw bytes) of a deck file.

    `path` is only used in messages and recorded on the deck.
    """
    # tomli is the compiled twin of the stdlib's tomllib (same API, same errors),
    # about twice as fast: a 10,000-card deck must load in under a second.
    # Imported here, as the deck cache spares most start-ups any parsing.
    import tomli as tomllib

    path = str(path)
    text = _decode(text, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_nul(text, path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where, problem = toml_error(exc, text)
        raise DeckError(path, where, f"TOML syntax error: {problem}") from None
    except RecursionError:
        raise DeckError(path, None, "TOML syntax error: nested too deeply") from None
    # Line numbers are only needed for messages, and scanning for them costs
    # about as much as validating: check without them first, and scan only
    # when there is a problem to report (a 10,000-card deck loads ~1 s sooner).
    try:
        return Validator(path, text, source, lines=LineMap("")).deck(raw)
    except DeckError:
        return Validator(path, text, source).deck(raw)


def check_encoding(data: str | bytes, path: str) -> str | bytes:
    """The checks `parse_deck` makes before parsing (UTF-16, invalid UTF-8, NUL: each
    a DeckError naming its line), without decoding the whole file into a second
    copy: the content, byte-order mark removed, as it came (bytes stay bytes)."""
    if isinstance(data, str):
        text = data[1:] if data.startswith("\ufeff") else data
        _check_nul(text, path)
        return text
    data = bytes(data)
    if not data.isascii():
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            _decode(data, path)  # raises
        # Decoded a megabyte at a time, cut at line ends (UTF-8 never has a newline
        # inside a character), and thrown away: only an error is wanted.
        start = 0
        while start < len(data):
            end = data.find(b"\n", start + (1 << 20))
            end = len(data) if end < 0 else end + 1
            try:
                data[start:end].decode("utf-8")
            except UnicodeDecodeError:
                _decode(data, path)  # raises, naming the byte and line
            start = end
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
    _check_nul(data, path)
    return data


def _check_nul(text: str | bytes, path: str) -> None:
    # The line is counted only for a NUL found: `count(..., 0, -1)` would count
    # every line of the file.
    if isinstance(text, str):
        nul = text.find("\x00")
        line = text.count("\n", 0, nul) + 1 if nul >= 0 else 0
    else:
        nul = text.find(b"\x00")
        line = text.count(b"\n", 0, nul) + 1 if nul >= 0 else 0
    if nul >= 0:
        raise DeckError(
            path,
            line,
            "contains a NUL character: a deck must be a UTF-8 text file "
            "(is it binary, or saved as UTF-16?)",
        )


def _decode(text: str | bytes, path: str) -> str:
    if isinstance(text, str):
        return text
    data = bytes(text)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DeckError(path, 1, "the file is UTF-16: save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DeckError(
            path,
            line,
            f"invalid UTF-8 at byte {exc.start} (byte 0x{data[exc.start]:02x}): "
            "save the file as UTF-8",
        ) from None


_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int | None, str]:
    """The line (None if unknown) and the problem of a TOML error in `text`."""
    message = str(exc)
    match = _TOML_POS.search(message)
    if match:
        problem = message[: match.start()]
        return int(match.group(1)), f"{problem} (column {match.group(2)})"
    match = _TOML_END.search(message)
    if match:
        # e.g. an unterminated string: the end of the file is its last line.
        last_line = text.rstrip("\r\n").count("\n") + 1
        return last_line, f"{message[: match.start()]} (at end of file)"
    return None, message
