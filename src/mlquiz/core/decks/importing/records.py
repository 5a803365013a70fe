"""Delimited records: CSV quoting, multi-line quoted fields, the separator guessed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mlquiz.core.errors import DeckImportError


def split_records(
    text: str,
    sep: str,
    path: str | Path,
    *,
    quoting: bool = True,
    comments: bool = True,
    first_line: int = 1,
    warnings: list[tuple[int | None, str]] | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) for each record, like Anki's reader.

    A field that starts with a double quote runs to the matching quote ("" is
    a literal quote) and may hold separators and line breaks; a quote inside
    an unquoted field is literal. With `comments`, a line starting with "#"
    outside a quoted field is skipped. Blank lines are skipped.

    A quote never closed is an error, unless no separator follows it: then
    the field is the rest of the file (a published deck whose last field lost
    its closing quote), and `warnings` gets a line saying so.
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
                    if j < 0 and sep not in text[i:]:
                        if warnings is not None:
                            warnings.append(
                                (
                                    quote_line,
                                    "a quoted field is never closed: it is read to the end "
                                    "of the file; check the last card",
                                )
                            )
                        line += text.count("\n", i, n)
                        buf.append(text[i:n])
                        i = n
                        break
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


SEPARATOR_NAMES = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}
SEPARATOR_WORDS = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}


def guess_separator(text: str, path: str | Path, quoting: bool = True) -> str | None:
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
