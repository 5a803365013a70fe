"""The import formats, and telling which one a file is in."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.anki import anki_headers
from mlquiz.core.decks.importing.csv_table import csv_columns
from mlquiz.core.decks.importing.formats import FORMAT_HELP, FORMATS
from mlquiz.core.decks.importing.markdown import MD_FIELD, MD_KEYS
from mlquiz.core.decks.importing.markdown_qa import TABLE_RULE, parse_markdown_shapes
from mlquiz.core.decks.importing.mochi import is_mochi
from mlquiz.core.decks.importing.records import guess_separator, split_records
from mlquiz.core.decks.importing.site_text import CARD_COUNT, NUMBER_LINE, RATING_PROMPT
from mlquiz.core.decks.importing.source import HTML_HINT
from mlquiz.core.errors import DeckImportError

__all__ = ["FORMATS", "FORMAT_HELP", "detect_format"]


def detect_format(text: str, path: str | Path = "<input>") -> str:
    """The most likely format of `text`, or DeckImportError listing the formats."""
    stripped = text.strip()
    if not stripped:
        raise DeckImportError(path, None, "the file is empty")
    headers, _ = anki_headers(text)
    if headers:
        return "anki"
    if is_mochi(text):
        return "mochi"
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    lowered = [line.lower() for line in lines]
    if RATING_PROMPT in lowered or any(CARD_COUNT.match(line) for line in lines[:5]):
        return "text"
    first_line = lines[0]
    if len(lines) > 1 and TABLE_RULE.match(lines[1]) and first_line.startswith("|"):
        return "markdown"  # a Markdown table, not pipe-separated text
    for sep in (",", ";", "\t", "|"):
        if sep in first_line:
            header = next(iter(split_records(first_line, sep, path, comments=False)), (0, []))[1]
            columns = csv_columns(header)
            if "question" in columns and "answer" in columns:
                return "csv"
    q_fields = a_fields = 0
    for line in lines:
        match = MD_FIELD.match(line)
        if match:
            key = MD_KEYS.get(match.group(1).lower(), "")
            q_fields += key == "q"
            a_fields += key == "a"
    if q_fields and a_fields and min(q_fields, a_fields) * 2 >= max(q_fields, a_fields):
        return "markdown"
    tabbed = sum("\t" in line for line in lines[:200])
    if tabbed * 2 < min(len(lines), 200) and parse_markdown_shapes(text, path) is not None:
        return "markdown"  # headings, bold lines, numbered questions, <details>, tables
    numbers = [int(m.group(1)) for line in lines if (m := NUMBER_LINE.match(line))]
    run = 0
    for value in numbers:
        if value == run + 1:
            run += 1
    if run >= 2 and run * 2 >= len(numbers) - 2:
        return "text"
    if "\t" in text:
        quoted = any(line.startswith('"') or '\t"' in line for line in lines[:200])
        tabs = {line.count("\t") for line in lines[:200] if "\t" in line}
        if not quoted and not HTML_HINT.search(text[:20000]) and tabs == {1}:
            return "quizlet"
        return "anki"
    if guess_separator(text, path):
        return "anki"
    raise DeckImportError(path, None, unknown_format_message())


def unknown_format_message() -> str:
    listing = "; ".join(f"{name}: {FORMAT_HELP[name]}" for name in FORMATS)
    return f"cannot tell the format of this file. Give one with --format. Formats: {listing}"
