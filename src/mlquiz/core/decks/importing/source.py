"""The file as every format's parser reads it, and the cards it finds there.

The parsers work on decoded text (UTF-8, with or without a byte-order mark;
line ends normalised to "\\n"), so their line numbers are 1-based lines of
the file as an editor shows it. Anki and spreadsheet fields may be HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from mlquiz.core.errors import DeckImportError
from mlquiz.core.fileio import FileTooBig, NotARegularFile, read_regular
from mlquiz.core.markup import is_html_element

# A well-formed tag name: an unknown one (`<package>`) is text; a malformed one
# (`<br<br>`, a typo of an editor) is still markup, dropped as before.
_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*")


def _is_text_tag(tag: str) -> bool:
    """Is this tag (as the HTML parser names it) angle-bracket text, not markup?"""
    return _TAG_NAME.fullmatch(tag) is not None and not is_html_element(tag)


@dataclass(frozen=True)
class RawCard:
    """One card as read from a file, before key points are derived."""

    question: str
    answer: str
    line: int  # where the card starts in the file
    tags: tuple[str, ...] = ()
    source_id: str = ""  # an id the file gives the card (a number, a GUID)
    hint: str = ""
    # The card's 1-based place in the file as published (its n-th record, note
    # or question), counting the ones skipped: the id when the file gives none,
    # so filling in a skipped card later never renumbers the others.
    position: int = 0
    # A cloze note (core/cloze.py): its text with {{c1::...}} blanks, and the
    # extra notes shown with the answer; question and answer are then empty.
    cloze: str = ""
    extra: str = ""


@dataclass
class Parsed:
    """What a parser found in a file."""

    format: str
    cards: list[RawCard] = field(default_factory=list)
    title: str = ""
    # (line, message) for cards skipped or oddities worth telling the user.
    warnings: list[tuple[int | None, str]] = field(default_factory=list)
    # Why cards were skipped, and how many each time: the import's summary.
    skipped: dict[str, int] = field(default_factory=dict)
    # Text of the file that is in no card ("section intro", "navigation line"),
    # and how much: the summary says so, so nothing is left out unseen.
    left_out: dict[str, int] = field(default_factory=dict)
    left_out_warnings: int = 0  # of `warnings`, those about text left out

    def skip(self, line: int | None, reason: str, message: str = "") -> None:
        """Count a card skipped for `reason` and warn about it (`message`, or the reason)."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        self.warnings.append((line, f"skipped: {message or reason}"))

    def leave_out(self, line: int | None, reason: str, message: str = "", count: int = 1) -> None:
        """Count text that goes in no card, and warn about it when there is a `message`."""
        self.left_out[reason] = self.left_out.get(reason, 0) + count
        if message:
            self.warnings.append((line, f"not imported: {message}"))
            self.left_out_warnings += 1


# --------------------------------------------------------------------------
# Reading files


def read_text(path: str | Path, limit: int | None = None) -> str:
    """The file's text, decoded as UTF-8 (a BOM is dropped), with "\\n" line ends.

    A regular file within the read limit only (`fileio.read_regular`): a FIFO,
    a device or a file over `limit` bytes is refused with a message.
    """
    return decode(read_bytes(path, limit), path)


def read_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """The file's bytes, or DeckImportError saying why they cannot be read: a
    regular file within the read limit only (`fileio.read_regular`)."""
    try:
        return read_regular(path, limit)
    except FileNotFoundError:
        raise DeckImportError(path, None, "no such file") from None
    except IsADirectoryError:
        raise DeckImportError(path, None, "is a directory, not a file") from None
    except (NotARegularFile, FileTooBig) as exc:
        raise DeckImportError(path, None, str(exc.strerror)) from None
    except OSError as exc:
        raise DeckImportError(path, None, f"cannot read: {exc.strerror or exc}") from None


def decode(data: bytes, path: str | Path = "<input>") -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DeckImportError(
            path, 1, "the file is UTF-16, not UTF-8: re-save it as UTF-8 and import again"
        )
    if b"\x00" in data[:4096]:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise DeckImportError(
            path,
            line,
            "the file contains NUL bytes: it is binary or UTF-16, not UTF-8 text "
            "(re-save it as UTF-8 text)",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DeckImportError(
            path,
            line,
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded "
            "(is it Windows-1252/cp1252 or Latin-1?); re-save the file as UTF-8",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------
# HTML fields (Anki stores fields as HTML)

HTML_HINT = re.compile(
    r"<\s*/?\s*(?:br|div|p|b|i|u|s|span|img|a|ul|ol|li|sub|sup|font|hr|strong|em|code|pre"
    r"|table|tr|td|th|h[1-6])\b[^>]*>|&(?:nbsp|amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    {"div", "p", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"}
)
_SOUND = re.compile(r"\[sound:[^\]]*\]")


class _TextExtractor(HTMLParser):
    def __init__(self, wrapped: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0  # inside <script> or <style>
        # The field marks its line breaks with tags, so a raw line break in
        # its source is only wrapping (a space), as a browser shows it.
        self._wrapped = wrapped
        self._pre = 0  # inside <pre>, where line breaks are kept

    def _break(self) -> None:
        """A line break for a block element, unless one is already there."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if _is_text_tag(tag):  # `<package>` in a command: text, not a tag
            self.handle_data(self.get_starttag_text() or "")
        elif tag in ("script", "style"):
            self._skip += 1
        elif tag == "pre":
            self._pre += 1
            self._break()
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self._break()
            self.parts.append("- ")
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if _is_text_tag(tag):
            self.handle_data(self.get_starttag_text() or "")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if _is_text_tag(tag):
            self.handle_data(f"</{tag}>")
        elif tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self._break()
        elif tag in _BLOCK_TAGS or tag == "li":
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._wrapped and not self._pre:
            data = _WRAP.sub(" ", data)
            if self.parts and self.parts[-1].endswith("\n"):
                data = data.lstrip(" ")
        self.parts.append(data)


# Tried only where a run of spaces starts (`(?<![ \t])`): at each space of a
# run, each try read to its end (an HTML field's 10,000 spaces: 0.1 s, 40,000:
# 1.6 s, quadratic). What it matches is unchanged.
_WRAP = re.compile(r"(?<![ \t])[ \t]*+\n[ \t\n]*+")
_LINE_BREAK_TAG = re.compile(r"<\s*(?:br|p|div|li|tr|h[1-6])\b", re.IGNORECASE)


def strip_html(text: str) -> str:
    """Plain text of an HTML field: tags dropped, <br> and blocks as line breaks.

    When the field marks line breaks with tags (<br>, <p>, <div>, ...), the
    line breaks of its source are wrapping, shown as spaces; a field without
    such tags keeps its line breaks, which are then the author's.
    """
    parser = _TextExtractor(wrapped=bool(_LINE_BREAK_TAG.search(text)))
    parser.feed(text)
    parser.close()
    plain = html.unescape("".join(parser.parts))  # entities left by an unclosed tag
    plain = _SOUND.sub("", plain).replace("\xa0", " ")
    return tidy(plain)


def tidy(text: str) -> str:
    """Trailing spaces off each line, at most one blank line in a row, ends trimmed."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    return "\n".join(out).strip()


def clean_tags(tags: object) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for tag in tags:  # type: ignore[attr-defined]
        tag = str(tag).strip()
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)
