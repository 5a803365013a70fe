"""CSV with a header row naming the question and answer columns."""

from __future__ import annotations

import re
from pathlib import Path

from mlquiz.core.decks.export import unguard_formula
from mlquiz.core.decks.importing.records import SEPARATOR_WORDS, guess_separator, split_records
from mlquiz.core.decks.importing.source import (
    HTML_HINT,
    Parsed,
    RawCard,
    clean_tags,
    strip_html,
    tidy,
)
from mlquiz.core.errors import DeckImportError

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


def csv_columns(header: list[str]) -> dict[str, int]:
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
    sep = guess_separator(text, path) or next((s for s in ",;\t" if s in first), ",")
    records = split_records(text, sep, path, comments=False, warnings=parsed.warnings)
    header_record = next(records, None)
    if header_record is None:
        raise DeckImportError(path, None, "the file has no rows")
    header_line, header = header_record
    columns = csv_columns(header)
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
    as_html = any(HTML_HINT.search(f) for _, fields in rows[:500] for f in fields)
    clean = strip_html if as_html else tidy
    width = len(header)
    for position, (line, fields) in enumerate(rows, start=1):
        fields = _fold_extra_fields(fields, width, columns["answer"], sep, line, parsed)

        def cell(role: str, fields: list[str] = fields) -> str:
            index = columns.get(role)
            # A cell `mlquiz export` guarded against spreadsheet formulas ('=...).
            return (
                unguard_formula(fields[index]) if index is not None and index < len(fields) else ""
            )

        question, answer = clean(cell("question")), clean(cell("answer"))
        if not question or not answer:
            empty = "question" if not question else "answer"
            parsed.skip(line, f"empty {empty}", f"the {empty} is empty")
            continue
        raw_tags = cell("tags")
        tags = re.split(r"[,;]", raw_tags) if re.search(r"[,;]", raw_tags) else raw_tags.split()
        parsed.cards.append(
            RawCard(
                question=question,
                answer=answer,
                line=line,
                tags=clean_tags(tags),
                source_id=cell("id").strip(),
                hint=tidy(cell("hint")),
                position=position,
            )
        )
    return parsed


def _fold_extra_fields(
    fields: list[str], width: int, answer: int, sep: str, line: int, parsed: Parsed
) -> list[str]:
    """A row with more fields than the header has columns keeps the extra text
    in its answer, with a warning: an unquoted separator in a field ("Staging,
    Production") or a stray column is never cut off silently. Empty trailing
    fields (a row ending in separators) lose nothing and are dropped."""
    while len(fields) > width and not fields[-1].strip():
        fields = fields[:-1]
    extra = len(fields) - width
    if extra <= 0:
        return fields
    end = answer + extra + 1
    kept = fields[:answer] + [sep.join(fields[answer:end])] + fields[end:]
    sep_word = SEPARATOR_WORDS.get(sep, repr(sep))
    parsed.warnings.append(
        (
            line,
            f"{len(fields)} fields where the header names {width}: "
            f"{sep.join(fields[answer + 1 : end])!r} is kept in the answer "
            f"(a {sep_word} inside a field that is not quoted?); check this card",
        )
    )
    return kept
