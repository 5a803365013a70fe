"""Importing decks from other flashcard tools, and writing decks as TOML.

`import_deck(path)` reads a file in one of `FORMATS`, turns every card into a
`Card` whose key points are derived from its answer (`grading/derive/`), and
returns a `Deck` plus the TOML text of that deck, written so a person can
refine the points by hand. Reading never raises anything but
`DeckImportError` (naming the file, and the line when there is one); cards
that cannot be used (an empty answer, a row with one field) are skipped with
a warning rather than failing a whole import of hundreds of notes.

The parsers work on decoded text (UTF-8, with or without a byte-order mark;
line ends normalised to "\\n"), so their line numbers are 1-based lines of
the file as an editor shows it.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from mlquiz.core import locations
from mlquiz.core.cards import Card, Deck
from mlquiz.core.content import DECK_ID_RE, DeckError, parse_deck
from mlquiz.core.exporters import GUID_PREFIX

FORMATS = ("anki", "quizlet", "csv", "markdown", "text")
FORMAT_HELP = {
    "anki": "Anki notes as plain text (tab, semicolon, comma or pipe separated, "
    "optional #separator:/#html:/#columns: headers)",
    "quizlet": "Quizlet export (term and definition separated by a tab, one card a line)",
    "csv": "CSV with a header row naming the question and answer columns",
    "markdown": "Markdown with Q: / A: blocks (optional id: and tags: lines)",
    "text": "flashcard-site text: numbered cards, question then answer, "
    "with or without Q / A lines",
}


class DeckImportError(ValueError):
    """A file that cannot be imported. `str()` is `path:line: problem`."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class RawCard:
    """One card as read from a file, before key points are derived."""

    question: str
    answer: str
    line: int  # where the card starts in the file
    tags: tuple[str, ...] = ()
    source_id: str = ""  # an id the file gives the card (a number, a GUID)
    hint: str = ""


@dataclass
class Parsed:
    """What a parser found in a file."""

    format: str
    cards: list[RawCard] = field(default_factory=list)
    title: str = ""
    # (line, message) for cards skipped or oddities worth telling the user.
    warnings: list[tuple[int | None, str]] = field(default_factory=list)


@dataclass
class ImportResult:
    deck: Deck
    toml: str
    format: str
    warnings: list[str]


# --------------------------------------------------------------------------
# Reading files


def read_text(path: str | Path) -> str:
    """The file's text, decoded as UTF-8 (a BOM is dropped), with "\\n" line ends."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DeckImportError(path, None, "no such file") from None
    except IsADirectoryError:
        raise DeckImportError(path, None, "is a directory, not a file") from None
    except OSError as exc:
        raise DeckImportError(path, None, f"cannot read: {exc.strerror or exc}") from None
    return decode(data, path)


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

_HTML_HINT = re.compile(
    r"<\s*/?\s*(?:br|div|p|b|i|u|s|span|img|a|ul|ol|li|sub|sup|font|hr|strong|em|code|pre"
    r"|table|tr|td|th|h[1-6])\b[^>]*>|&(?:nbsp|amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    {"div", "p", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"}
)
_SOUND = re.compile(r"\[sound:[^\]]*\]")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0  # inside <script> or <style>

    def _break(self) -> None:
        """A line break for a block element, unless one is already there."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self._break()
            self.parts.append("- ")
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS or tag == "li":
            self._break()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """Plain text of an HTML field: tags dropped, <br> and blocks as line breaks."""
    parser = _TextExtractor()
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


# --------------------------------------------------------------------------
# Delimited records (CSV quoting, multi-line quoted fields)


def split_records(
    text: str,
    sep: str,
    path: str | Path,
    *,
    quoting: bool = True,
    comments: bool = True,
    first_line: int = 1,
) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) for each record, like Anki's reader.

    A field that starts with a double quote runs to the matching quote ("" is
    a literal quote) and may hold separators and line breaks; a quote inside
    an unquoted field is literal. With `comments`, a line starting with "#"
    outside a quoted field is skipped. Blank lines are skipped.
    """
    i = 0
    n = len(text)
    line = first_line
    while i < n:
        # At the start of a record.
        if text[i] == "\n":
            i += 1
            line += 1
            continue
        if comments and text[i] == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        start_line = line
        fields: list[str] = []
        while True:
            # At the start of a field.
            if quoting and i < n and text[i] == '"':
                quote_line = line
                i += 1
                buf: list[str] = []
                while True:
                    j = text.find('"', i)
                    if j < 0:
                        raise DeckImportError(
                            path,
                            quote_line,
                            "a quoted field is never closed (a '\"' opens it here); "
                            'if the quotes are part of the text, double them ("") '
                            "or import with --format quizlet",
                        )
                    chunk = text[i:j]
                    line += chunk.count("\n")
                    buf.append(chunk)
                    if j + 1 < n and text[j + 1] == '"':
                        buf.append('"')
                        i = j + 2
                        continue
                    i = j + 1
                    break
                # Anything between the closing quote and the separator is kept.
                rest_end = _field_end(text, i, sep)
                buf.append(text[i:rest_end])
                fields.append("".join(buf))
                i = rest_end
            else:
                end = _field_end(text, i, sep)
                fields.append(text[i:end])
                i = end
            if i < n and text.startswith(sep, i):
                i += len(sep)
                continue
            # End of line or of text: the record is complete.
            if i < n:
                i += 1
                line += 1
            break
        if len(fields) == 1 and not fields[0].strip():
            continue
        yield start_line, fields


def _field_end(text: str, start: int, sep: str) -> int:
    newline = text.find("\n", start)
    stop = text.find(sep, start) if sep != "\n" else -1
    ends = [p for p in (newline, stop) if p >= 0]
    return min(ends) if ends else len(text)


_SEPARATOR_NAMES = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}
_SEPARATOR_WORDS = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}


def _guess_separator(text: str, path: str | Path, quoting: bool = True) -> str | None:
    """The separator that splits the records into a steady number (>= 2) of fields."""
    best: tuple[float, str] | None = None
    for sep in ("\t", "|", ";", ","):
        if sep not in text:
            continue
        try:
            counts = [
                len(f) for _, f in _take(split_records(text, sep, path, quoting=quoting), 200)
            ]
        except DeckImportError:
            continue
        if not counts:
            continue
        modal = max(set(counts), key=counts.count)
        if modal < 2:
            continue
        steady = counts.count(modal) / len(counts)
        if steady >= 0.8 and (best is None or steady > best[0]):
            best = (steady, sep)
    return best[1] if best else None


def _take(records: Iterator[tuple[int, list[str]]], limit: int) -> list[tuple[int, list[str]]]:
    out = []
    for record in records:
        out.append(record)
        if len(out) >= limit:
            break
    return out


# --------------------------------------------------------------------------
# Anki


_ANKI_HEADER = re.compile(r"^#\s*([a-z][a-z ]*[a-z])\s*:(.*)$", re.IGNORECASE)
ANKI_HEADERS = (
    "separator",
    "html",
    "tags",
    "columns",
    "notetype",
    "deck",
    "notetype column",
    "deck column",
    "tags column",
    "guid column",
    "if matches",
)
_CLOZE = re.compile(r"\{\{c\d+::")
_QUESTION_NAMES = ("question", "front", "term", "prompt", "q", "side 1", "text")
_ANSWER_NAMES = ("answer", "back", "definition", "a", "response", "side 2", "extra", "meaning")


def _anki_headers(text: str) -> tuple[dict[str, tuple[int, str]], int]:
    """The `#key:value` headers at the top of the file, and the line after them."""
    headers: dict[str, tuple[int, str]] = {}
    lines = text.split("\n")
    number = 0
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            return headers, number
        match = _ANKI_HEADER.match(line.strip())
        if match and match.group(1).lower() in ANKI_HEADERS:
            headers[match.group(1).lower()] = (number, match.group(2).strip())
    return headers, number + 1


def parse_anki(text: str, path: str | Path) -> Parsed:
    """Anki's "Notes in Plain Text" export and its text import format."""
    parsed = Parsed("anki")
    headers, _ = _anki_headers(text)

    def header_line(key: str) -> int | None:
        return headers[key][0] if key in headers else None

    sep: str | None = None
    if "separator" in headers:
        line, value = headers["separator"]
        sep = _SEPARATOR_NAMES.get(value.lower(), value if len(value) == 1 else None)
        if sep is None:
            raise DeckImportError(
                path,
                line,
                f"unknown separator {value!r} (use Tab, Comma, Semicolon, Pipe, Space, "
                "Colon or a single character)",
            )
    if sep is None:
        sep = _guess_separator(text, path) or "\t"

    as_html: bool | None = None
    if "html" in headers:
        line, value = headers["html"]
        if value.lower() not in ("true", "false"):
            raise DeckImportError(path, line, f"#html: must be true or false, not {value!r}")
        as_html = value.lower() == "true"

    special: dict[str, int] = {}
    for key in ("notetype column", "deck column", "tags column", "guid column"):
        if key in headers:
            line, value = headers[key]
            if not value.isdigit() or int(value) < 1:
                raise DeckImportError(
                    path, line, f"#{key}: must be a column number (1 is the first)"
                )
            special[key.split()[0]] = int(value) - 1

    names: list[str] = []
    if "columns" in headers:
        names = [n.strip() for n in headers["columns"][1].split(sep)]
        for index, name in enumerate(names):
            if name.lower() == "tags" and "tags" not in special:
                special["tags"] = index
    common_tags = tuple(headers["tags"][1].split()) if "tags" in headers else ()

    records = list(split_records(text, sep, path))
    if as_html is None:
        as_html = any(_HTML_HINT.search(f) for _, fields in records[:500] for f in fields)

    # Which of the remaining columns hold the question and the answer.
    field_columns = [i for i in range(max((len(f) for _, f in records), default=0))]
    field_columns = [i for i in field_columns if i not in special.values()]
    question_col, answer_col = (field_columns + [-1, -1])[:2]
    if names:
        lowered = [n.lower() for n in names]
        for wanted, assign in ((_QUESTION_NAMES, "q"), (_ANSWER_NAMES, "a")):
            for synonym in wanted:
                if synonym in lowered and lowered.index(synonym) not in special.values():
                    if assign == "q":
                        question_col = lowered.index(synonym)
                    else:
                        answer_col = lowered.index(synonym)
                    break
    notetype_col = special.get("notetype")
    deck_names: dict[str, None] = {}
    for line, fields in records:

        def cell(index: int | None, fields: list[str] = fields) -> str:
            if index is None or index < 0 or index >= len(fields):
                return ""
            return fields[index]

        if len(fields) < 2:
            parsed.warnings.append(
                (
                    line,
                    f"skipped: only one field (expected fields separated by "
                    f"{_SEPARATOR_WORDS.get(sep, repr(sep))})",
                )
            )
            continue
        question, answer = cell(question_col), cell(answer_col)
        notetype = cell(notetype_col) or headers.get("notetype", (0, ""))[1]
        if "cloze" in notetype.lower() or _CLOZE.search(question):
            parsed.warnings.append((line, "skipped: cloze notes have no question and answer"))
            continue
        if as_html:
            question, answer = strip_html(question), strip_html(answer)
        else:
            question, answer = tidy(question), tidy(answer)
        if not question or not answer:
            missing = "question" if not question else "answer"
            parsed.warnings.append((line, f"skipped: the {missing} is empty"))
            continue
        tags = common_tags + tuple(cell(special.get("tags")).split())
        deck = cell(special.get("deck")).strip()
        if deck:
            deck_names.setdefault(deck, None)
        parsed.cards.append(
            RawCard(
                question=question,
                answer=answer,
                line=line,
                tags=_clean_tags(tags),
                source_id=cell(special.get("guid")).strip(),
            )
        )
    deck_header = headers.get("deck", (0, ""))[1]
    if deck_header:
        parsed.title = deck_header
    elif len(deck_names) == 1:
        parsed.title = next(iter(deck_names))
    parsed.title = parsed.title.replace("::", " / ")
    return parsed


# --------------------------------------------------------------------------
# Quizlet


def parse_quizlet(
    text: str, path: str | Path, term_sep: str = "\t", card_sep: str = "\n"
) -> Parsed:
    """Quizlet's export: no quoting, so a separator inside a card cannot be escaped.

    With cards separated by line breaks, a line without the term separator
    continues the previous card's definition (Quizlet writes multi-line
    definitions as they are).
    """
    parsed = Parsed("quizlet")
    term_sep = _unescape_sep(term_sep)
    card_sep = _unescape_sep(card_sep)
    if not term_sep or not card_sep:
        raise DeckImportError(path, None, "the term and card separators must not be empty")
    pieces: list[tuple[int, str]] = []
    line = 1
    for chunk in text.split(card_sep):
        lead = len(chunk) - len(chunk.lstrip("\n"))  # the card starts after blank lines
        pieces.append((line + lead, chunk))
        line += chunk.count("\n") + card_sep.count("\n")
    cards: list[tuple[int, str, str]] = []
    for line, chunk in pieces:
        if not chunk.strip():
            continue
        if term_sep in chunk:
            term, definition = chunk.split(term_sep, 1)
            cards.append((line, term, definition))
        elif card_sep == "\n" and cards:
            prev_line, term, definition = cards[-1]
            cards[-1] = (prev_line, term, definition + "\n" + chunk)
        else:
            what = "tab" if term_sep == "\t" else repr(term_sep)
            parsed.warnings.append(
                (line, f"skipped: no {what} between term and definition in {chunk.strip()[:40]!r}")
            )
    for line, term, definition in cards:
        term, definition = tidy(term), tidy(definition)
        if not term or not definition:
            parsed.warnings.append((line, "skipped: the term or the definition is empty"))
            continue
        parsed.cards.append(RawCard(question=term, answer=definition, line=line))
    return parsed


def _unescape_sep(sep: str) -> str:
    """Separators given on the command line: "\\t", "\\n", "tab", "newline" work."""
    named = {"tab": "\t", "newline": "\n", "comma": ",", "semicolon": ";", "pipe": "|"}
    if sep.lower() in named:
        return named[sep.lower()]
    return sep.replace("\\t", "\t").replace("\\n", "\n")


# --------------------------------------------------------------------------
# CSV with a header row

_CSV_COLUMNS = {
    "question": ("question", "questions", "front", "term", "prompt", "q", "side 1", "card front"),
    "answer": (
        "answer",
        "answers",
        "back",
        "definition",
        "a",
        "response",
        "side 2",
        "card back",
        "solution",
    ),
    "tags": ("tags", "tag", "labels", "label", "category", "categories", "topic", "topics"),
    "id": ("id", "card id", "cardid", "guid", "key", "number", "no", "#"),
    "hint": ("hint", "hints", "clue"),
}


def _header_name(cell: str) -> str:
    name = cell.strip().strip("\ufeff").strip().lower().replace("_", " ").replace("-", " ")
    return " ".join(name.split())


def _csv_columns(header: list[str]) -> dict[str, int]:
    names = [_header_name(c) for c in header]
    found: dict[str, int] = {}
    for role, synonyms in _CSV_COLUMNS.items():
        for index, name in enumerate(names):
            if name in synonyms and index not in found.values():
                found[role] = index
                break
    return found


def parse_csv(text: str, path: str | Path) -> Parsed:
    """CSV (comma, semicolon or tab) whose first row names the columns."""
    parsed = Parsed("csv")
    first = text.split("\n", 1)[0]
    sep = _guess_separator(text, path) or next((s for s in ",;\t" if s in first), ",")
    records = split_records(text, sep, path, comments=False)
    header_record = next(records, None)
    if header_record is None:
        raise DeckImportError(path, None, "the file has no rows")
    header_line, header = header_record
    columns = _csv_columns(header)
    if "question" not in columns or "answer" not in columns:
        missing = [r for r in ("question", "answer") if r not in columns]
        accepted = "; ".join(f"{r}: {', '.join(_CSV_COLUMNS[r][:5])}" for r in missing)
        raise DeckImportError(
            path,
            header_line,
            f"the header row {', '.join(repr(c.strip()) for c in header)} names no "
            f"{' and no '.join(missing)} column (accepted names, any case: {accepted})",
        )
    rows = list(records)
    # Spreadsheets exported from Anki or a website may carry HTML fields.
    as_html = any(_HTML_HINT.search(f) for _, fields in rows[:500] for f in fields)
    clean = strip_html if as_html else tidy
    for line, fields in rows:

        def cell(role: str, fields: list[str] = fields) -> str:
            index = columns.get(role)
            return fields[index] if index is not None and index < len(fields) else ""

        question, answer = clean(cell("question")), clean(cell("answer"))
        if not question or not answer:
            missing = "question" if not question else "answer"
            parsed.warnings.append((line, f"skipped: the {missing} is empty"))
            continue
        raw_tags = cell("tags")
        tags = re.split(r"[,;]", raw_tags) if re.search(r"[,;]", raw_tags) else raw_tags.split()
        parsed.cards.append(
            RawCard(
                question=question,
                answer=answer,
                line=line,
                tags=_clean_tags(tags),
                source_id=cell("id").strip(),
                hint=tidy(cell("hint")),
            )
        )
    return parsed


# --------------------------------------------------------------------------
# Markdown

_MD_FIELD = re.compile(
    r"^\s*(?:[-*+]\s+|#{1,6}\s+|>\s*)?(?:\*\*|__)?"
    r"(q|a|question|answer|id|tags|tag|hint)"
    r"(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*?)\s*$",
    re.IGNORECASE,
)
_MD_KEYS = {"q": "q", "question": "q", "a": "a", "answer": "a", "tag": "tags"}
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s")
_MD_TITLE = re.compile(r"^\s*#\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def parse_markdown(text: str, path: str | Path) -> Parsed:
    """Blocks of `Q:` and `A:` lines (also **Q:**, - Q:, Question:), with `id:`/`tags:`.

    A card begins at a field its predecessor already has (a second `Q:`), or,
    in files whose first field is `id:` or `tags:`, at such a line after a
    question or answer. A question or answer runs on over the following lines
    (blank lines included) until the next field, a horizontal rule or a
    heading; lines inside ``` fences are never fields.
    """
    parsed = Parsed("markdown")
    # Whether `id:`/`tags:` lines open a card (come before its Q:) or close
    # it (come after its A:) is decided once, by the file's first field.
    first_field = next(
        (m.group(1).lower() for m in map(_MD_FIELD.match, text.split("\n")) if m), "q"
    )
    leading = _MD_KEYS.get(first_field, first_field) in ("id", "tags")
    cards: list[dict[str, object]] = []
    current: dict[str, object] = {}
    target: str | None = None  # the field continuation lines go to
    in_fence = False

    def close() -> None:
        nonlocal current
        if current:
            cards.append(current)
        current = {}

    for number, line in enumerate(text.split("\n"), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _MD_FIELD.match(line)
        if match:
            key = _MD_KEYS.get(match.group(1).lower(), match.group(1).lower())
            value = match.group(2)
            opens = leading and key in ("id", "tags") and ("q" in current or "a" in current)
            if key in current or opens:
                close()
            if not current:
                current["line"] = number
            current[key] = [value] if key in ("q", "a") else value
            target = key if key in ("q", "a") else None
            continue
        if not in_fence and (_MD_RULE.match(line) or _MD_HEADING.match(line)):
            title = _MD_TITLE.match(line)
            if title and not cards and not current and not parsed.title:
                parsed.title = title.group(1).strip()
            close()
            target = None
            continue
        if target is not None:
            lines = current[target]
            assert isinstance(lines, list)
            lines.append(line)
    close()

    for card in cards:
        line = card["line"]
        assert isinstance(line, int)
        question = _md_text(card.get("q"))
        answer = _md_text(card.get("a"))
        if not question or not answer:
            missing = "Q:" if not question else "A:"
            parsed.warnings.append((line, f"skipped: a card without {missing}"))
            continue
        raw_tags = str(card.get("tags", ""))
        tags = re.split(r"[,;]", raw_tags) if re.search(r"[,;]", raw_tags) else raw_tags.split()
        parsed.cards.append(
            RawCard(
                question=question,
                answer=answer,
                line=line,
                tags=_clean_tags(t.lstrip("#") for t in tags),
                source_id=str(card.get("id", "")).strip().strip("`"),
                hint=str(card.get("hint", "")).strip(),
            )
        )
    return parsed


_MD_EMPHASIS = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1")


def _md_text(lines: object) -> str:
    """The text of a field, bold markers dropped (the quiz shows plain text)."""
    if not isinstance(lines, list):
        return ""
    return tidy(_MD_EMPHASIS.sub(r"\2", "\n".join(str(x) for x in lines)))


# --------------------------------------------------------------------------
# Flashcard-site text

_RATING_PROMPT = "how well did you know this?"
_RATING_WORDS = frozenset({"1", "2", "3", "4", "5", "not at all", "perfectly"})
_CARD_COUNT = re.compile(r"^\(?\s*(\d+)\s+cards?\s*\)?$", re.IGNORECASE)
_NUMBER_LINE = re.compile(r"^(\d{1,5})\s*[.):]?$")
_NUMBERED_QUESTION = re.compile(r"^(\d{1,5})\s*[.)]\s+(\S.*)$")
_Q_MARK = re.compile(r"^(?:q|question|front|term)\s*[:.]?\s*(.*)$", re.IGNORECASE)
_A_MARK = re.compile(r"^(?:a|answer|back|definition)\s*[:.]?\s*(.*)$", re.IGNORECASE)


def _site_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their numbers, the site's rating buttons taken out."""
    out: list[tuple[int, str]] = []
    in_rating = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        lowered = line.lower()
        if lowered == _RATING_PROMPT:
            in_rating = True
            continue
        if in_rating:
            if lowered in _RATING_WORDS:
                if lowered == "perfectly":
                    in_rating = False
                continue
            in_rating = False
        out.append((number, line))
    return out


def parse_text(text: str, path: str | Path) -> Parsed:
    """Cards copied from a flashcard website: `1`, [`Q`], question, [`A`], answer, ...

    Cards are told apart by their numbers, which must run 1, 2, 3, ...; a
    number out of sequence is text. The lines before card 1 give the title
    (a "(41 cards)" line is checked against the count found).
    """
    parsed = Parsed("text")
    lines = _site_lines(text)
    expected = 1
    starts: list[int] = []  # indices into lines where card `expected` begins
    for index, (_, line) in enumerate(lines):
        match = _NUMBER_LINE.match(line) or _NUMBERED_QUESTION.match(line)
        if match and int(match.group(1)) == expected and index + 1 <= len(lines):
            # A number line must be followed by something that is not the next number.
            starts.append(index)
            expected += 1
    if not starts:
        raise DeckImportError(
            path, None, "found no numbered cards (a line '1', then the question, then the answer)"
        )
    declared: int | None = None
    for _, line in lines[: starts[0]]:
        count = _CARD_COUNT.match(line)
        if count:
            declared = int(count.group(1))
        elif not parsed.title:
            parsed.title = line
    bounds = starts + [len(lines)]
    for k, (begin, end) in enumerate(zip(bounds, bounds[1:], strict=False), start=1):
        number, first = lines[begin]
        body = [line for _, line in lines[begin + 1 : end]]
        inline = _NUMBERED_QUESTION.match(first)
        if inline:
            body.insert(0, inline.group(2))
        question, answer = _split_site_card(body)
        if not question or not answer:
            missing = "question" if not question else "answer"
            parsed.warnings.append((number, f"skipped: card {k} has no {missing}"))
            continue
        parsed.cards.append(
            RawCard(question=question, answer=answer, line=number, source_id=str(k))
        )
    if declared is not None and declared != len(parsed.cards):
        parsed.warnings.append(
            (None, f"the file says {declared} cards but {len(parsed.cards)} were found")
        )
    return parsed


def _split_site_card(body: list[str]) -> tuple[str, str]:
    q_at = a_at = None
    for i, line in enumerate(body):
        if q_at is None and a_at is None and _is_marker(line, _Q_MARK):
            q_at = i
        elif a_at is None and _is_marker(line, _A_MARK) and (q_at is not None or i > 0):
            a_at = i
            break
    if a_at is not None:
        q_lines = body[(q_at + 1 if q_at is not None else 0) : a_at]
        q_inline = _Q_MARK.match(body[q_at]).group(1) if q_at is not None else ""  # type: ignore[union-attr]
        a_inline = _A_MARK.match(body[a_at]).group(1)  # type: ignore[union-attr]
        question = "\n".join([q_inline] + q_lines if q_inline else q_lines)
        answer = "\n".join([a_inline] + body[a_at + 1 :] if a_inline else body[a_at + 1 :])
        return tidy(question), tidy(answer)
    if q_at is not None:
        body = body[q_at + 1 :]
    if len(body) < 2:
        return tidy("\n".join(body)), ""
    # No markers: the question is the first line, or runs to the first line
    # ending in "?" when that comes soon and leaves an answer.
    cut = 1
    for i, line in enumerate(body[:4]):
        if line.endswith("?") and i + 1 < len(body):
            cut = i + 1
            break
    return tidy("\n".join(body[:cut])), tidy("\n".join(body[cut:]))


def _is_marker(line: str, pattern: re.Pattern[str]) -> bool:
    """A bare `Q`/`A` line, or `Q:`/`A:` with text after the colon."""
    match = pattern.match(line)
    if not match:
        return False
    word = line.split(":", 1)[0].split(".", 1)[0].strip()
    # "Q" and "A" alone, or followed by ':' - never the word "A" opening a sentence.
    return not match.group(1) or (":" in line and len(word.split()) == 1)


# --------------------------------------------------------------------------
# Detecting the format


def detect_format(text: str, path: str | Path = "<input>") -> str:
    """The most likely format of `text`, or DeckImportError listing the formats."""
    stripped = text.strip()
    if not stripped:
        raise DeckImportError(path, None, "the file is empty")
    headers, _ = _anki_headers(text)
    if headers:
        return "anki"
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    lowered = [line.lower() for line in lines]
    if _RATING_PROMPT in lowered or any(_CARD_COUNT.match(line) for line in lines[:5]):
        return "text"
    first_line = lines[0]
    for sep in (",", ";", "\t", "|"):
        if sep in first_line:
            header = next(iter(split_records(first_line, sep, path, comments=False)), (0, []))[1]
            columns = _csv_columns(header)
            if "question" in columns and "answer" in columns:
                return "csv"
    q_fields = a_fields = 0
    for line in lines:
        match = _MD_FIELD.match(line)
        if match:
            key = _MD_KEYS.get(match.group(1).lower(), "")
            q_fields += key == "q"
            a_fields += key == "a"
    if q_fields and a_fields and min(q_fields, a_fields) * 2 >= max(q_fields, a_fields):
        return "markdown"
    numbers = [int(m.group(1)) for line in lines if (m := _NUMBER_LINE.match(line))]
    run = 0
    for value in numbers:
        if value == run + 1:
            run += 1
    if run >= 2 and run * 2 >= len(numbers) - 2:
        return "text"
    if "\t" in text:
        quoted = any(line.startswith('"') or '\t"' in line for line in lines[:200])
        tabs = {line.count("\t") for line in lines[:200] if "\t" in line}
        if not quoted and not _HTML_HINT.search(text[:20000]) and tabs == {1}:
            return "quizlet"
        return "anki"
    if _guess_separator(text, path):
        return "anki"
    raise DeckImportError(path, None, unknown_format_message())


def unknown_format_message() -> str:
    listing = "; ".join(f"{name}: {FORMAT_HELP[name]}" for name in FORMATS)
    return f"cannot tell the format of this file. Give one with --format. Formats: {listing}"


# --------------------------------------------------------------------------
# From parsed cards to a deck


def parse_file_text(
    text: str,
    path: str | Path,
    fmt: str = "auto",
    *,
    term_sep: str = "\t",
    card_sep: str = "\n",
) -> Parsed:
    if fmt == "auto":
        fmt = detect_format(text, path)
    if not text.strip():
        raise DeckImportError(path, None, "the file is empty")
    if fmt == "anki":
        parsed = parse_anki(text, path)
    elif fmt == "quizlet":
        parsed = parse_quizlet(text, path, term_sep, card_sep)
    elif fmt == "csv":
        parsed = parse_csv(text, path)
    elif fmt == "markdown":
        parsed = parse_markdown(text, path)
    elif fmt == "text":
        parsed = parse_text(text, path)
    else:
        raise DeckImportError(
            path, None, f"unknown format {fmt!r} (formats: auto, {', '.join(FORMATS)})"
        )
    if not parsed.cards:
        why = "; ".join(
            f"line {line}: {message}" if line else message for line, message in parsed.warnings[:3]
        )
        raise DeckImportError(
            path, None, f"no cards found as {parsed.format}" + (f" ({why})" if why else "")
        )
    return parsed


def slug(text: str) -> str:
    """A deck id made from a title or file name: lowercase words joined by '-'."""
    ascii_text = text.lower().encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return "-".join(words)[:60].strip("-") or "imported"


def _clean_tags(tags: object) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for tag in tags:  # type: ignore[attr-defined]
        tag = str(tag).strip()
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def _card_ids(cards: list[RawCard]) -> list[str]:
    """Each card's own id from the file when it has a distinct one, else a number.

    Numbers count the cards (1, 2, 3, ...), skipping any the file already
    uses as an id. GUIDs written by `mlquiz export` (`mlquiz:<deck>:<card>`)
    give back the card ids they were made from.
    """
    given = [c.source_id.strip() for c in cards]
    if given and all(i.startswith(GUID_PREFIX) and i.count(":") >= 2 for i in given):
        given = [i.split(":", 2)[2].strip() for i in given]
    counts: dict[str, int] = {}
    for card_id in given:
        counts[card_id] = counts.get(card_id, 0) + 1
    ids: list[str] = []
    taken = {i for i in given if i and counts[i] == 1}
    for position, card_id in enumerate(given, start=1):
        if card_id and counts[card_id] == 1:
            ids.append(card_id)
            continue
        number = position
        while str(number) in taken:
            number += len(given)
        taken.add(str(number))
        ids.append(str(number))
    return ids


def build_deck(
    parsed: Parsed, path: str | Path, deck_id: str | None = None, title: str | None = None
) -> Deck:
    """The deck of the parsed cards, with key points derived from the answers."""
    stem = Path(path).stem
    title = (title or parsed.title or stem.replace("_", " ").replace("-", " ")).strip()
    title = title or "Imported deck"
    deck_id = deck_id or slug(parsed.title or stem)
    if not DECK_ID_RE.match(deck_id):
        raise DeckImportError(
            path, None, f"deck id {deck_id!r} may only contain letters, digits, '-' and '_'"
        )
    ids = _card_ids(parsed.cards)
    # Imported here, not at the top: the CLI imports this module (for FORMATS)
    # whenever it builds its subcommands' parser, and derivation loads the
    # grader's rapidfuzz and stemmer, which `mlquiz stats` or `export` never need.
    from mlquiz.core.grading.derive.points import derive_deck_points

    derived = derive_deck_points([(c.question, c.answer) for c in parsed.cards])
    cards = []
    for card_id, raw, points in zip(ids, parsed.cards, derived.cards, strict=True):
        cards.append(
            Card(
                id=card_id,
                question=raw.question,
                answer=raw.answer,
                points=points.points,
                hint=raw.hint,
                tags=raw.tags,
                ordered=points.ordered,
                vague=points.vague,
            )
        )
    count = len(cards)
    description = (
        f"Imported from {Path(path).name} ({parsed.format} format, {count} "
        f"card{'s' if count != 1 else ''}); key points derived from the answers."
    )
    return Deck(
        id=deck_id,
        title=title,
        description=description,
        cards=tuple(cards),
        glossary=derived.glossary,
    )


def import_deck(
    path: str | Path,
    fmt: str = "auto",
    *,
    deck_id: str | None = None,
    title: str | None = None,
    term_sep: str = "\t",
    card_sep: str = "\n",
) -> ImportResult:
    """Read `path`, build the deck and its TOML; the TOML is checked by the loader."""
    text = read_text(path)
    parsed = parse_file_text(text, path, fmt, term_sep=term_sep, card_sep=card_sep)
    deck = build_deck(parsed, path, deck_id, title)
    toml = deck_to_toml(deck, header=f"Imported by mlquiz from {Path(path).name}.")
    try:
        parse_deck(toml, f"<deck imported from {path}>")
    except DeckError as exc:  # a bug of ours, not of the user's file
        raise DeckImportError(path, None, f"the imported deck does not validate: {exc}") from None
    warnings = [
        f"{path}:{line}: warning: {message}" if line else f"{path}: warning: {message}"
        for line, message in parsed.warnings
    ]
    return ImportResult(deck=deck, toml=toml, format=parsed.format, warnings=warnings)


def user_deck_path(deck_id: str) -> Path:
    """Where an imported deck goes by default: the user's decks folder."""
    return locations.user_decks_dir() / f"{deck_id}.toml"


def write_deck_file(toml: str, path: str | Path, force: bool = False) -> Path:
    """Write the deck's TOML to `path`, refusing to replace a file unless `force`.

    The text goes to a temporary file first and is renamed into place, so a
    crash never leaves half a deck where the game would find it.
    """
    target = Path(path)
    if target.exists() and not force:
        raise DeckImportError(target, None, "already exists (use --force to replace it)")
    if target.is_dir():
        raise DeckImportError(target, None, "is a directory")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(toml, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise DeckImportError(target, None, f"cannot write: {exc.strerror or exc}") from None
    return target


# --------------------------------------------------------------------------
# Writing TOML

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_ESCAPES["\r"] = "\\r"
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def toml_string(value: str, multiline: bool = False) -> str:
    """A TOML basic string for `value`; multi-line (\"\"\"...) when asked and useful.

    Every backslash and quote is escaped, and control characters become
    escapes, so any text survives a round trip through tomllib.
    """
    if not _NEEDS_ESCAPE.search(value):
        return f'"{value}"'
    out = []
    for ch in value:
        if ch == "\n" and multiline:
            out.append("\n")
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    body = "".join(out)
    if multiline and "\n" in value:
        # The newline right after the opening quotes is not part of the value.
        return f'"""\n{body}"""'
    return f'"{body}"'


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def _string_array(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def deck_to_toml(deck: Deck, header: str = "") -> str:
    """The deck as TOML in the layout of docs/deck-format.md."""
    lines: list[str] = []
    if header:
        lines.append(f"# {header}")
    lines += [
        "# Key points were derived from each answer automatically: edit the labels,",
        "# phrases and `required` flags to suit (see docs/deck-format.md), then",
        "# run `mlquiz deck check` on this file.",
        "",
        f"id = {toml_string(deck.id)}",
        f"title = {toml_string(deck.title)}",
        f"description = {toml_string(deck.description)}",
    ]
    if deck.glossary:
        lines += ["", "[glossary]"]
        for written, meaning in deck.glossary.items():
            lines.append(f"{toml_key(written)} = {toml_string(meaning)}")
    for card in deck.cards:
        lines += ["", "[[cards]]", f"id = {toml_string(card.id)}"]
        lines.append(f"question = {toml_string(card.question, multiline=True)}")
        lines.append(f"answer = {toml_string(card.answer, multiline=True)}")
        if card.hint:
            lines.append(f"hint = {toml_string(card.hint, multiline=True)}")
        if card.tags:
            lines.append(f"tags = {_string_array(card.tags)}")
        if card.ordered:
            lines.append("ordered = true")
        if card.vague:
            lines.append(f"vague = {_string_array(card.vague)}")
        for point in card.points:
            lines += ["", "[[cards.points]]", f"label = {toml_string(point.label)}"]
            lines.append(f"phrases = {_string_array(point.phrases)}")
            if not point.required:
                lines.append("required = false")
        for confusion in card.confusions:
            lines += ["", "[[cards.confusions]]"]
            lines.append(f"phrases = {_string_array(confusion.phrases)}")
            lines.append(f"message = {toml_string(confusion.message)}")
    return "\n".join(lines) + "\n"
