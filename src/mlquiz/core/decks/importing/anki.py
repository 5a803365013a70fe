"""Anki's "Notes in Plain Text" export and its text import format."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from mlquiz.core.decks.importing.anki_cloze import ClozeError, anki_cloze_note
from mlquiz.core.decks.importing.records import (
    SEPARATOR_NAMES,
    SEPARATOR_WORDS,
    guess_separator,
    split_records,
)
from mlquiz.core.decks.importing.source import (
    HTML_HINT,
    Parsed,
    RawCard,
    clean_tags,
    strip_html,
    tidy,
)
from mlquiz.core.errors import DeckImportError

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


def anki_headers(text: str) -> tuple[dict[str, tuple[int, str]], int]:
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


def _usual_field_count(records: list[tuple[int, list[str]]]) -> int:
    """How many fields most records have (what a record with more has too many of)."""
    counts: dict[int, int] = {}
    for _, fields in records:
        counts[len(fields)] = counts.get(len(fields), 0) + 1
    return max(counts, key=lambda n: (counts[n], -n)) if counts else 0


def parse_anki(text: str, path: str | Path) -> Parsed:
    """Anki's "Notes in Plain Text" export and its text import format."""
    parsed = Parsed("anki")
    headers, _ = anki_headers(text)

    def header_line(key: str) -> int | None:
        return headers[key][0] if key in headers else None

    sep: str | None = None
    if "separator" in headers:
        line, value = headers["separator"]
        sep = SEPARATOR_NAMES.get(value.lower(), value if len(value) == 1 else None)
        if sep is None:
            raise DeckImportError(
                path,
                line,
                f"unknown separator {value!r} (use Tab, Comma, Semicolon, Pipe, Space, "
                "Colon or a single character)",
            )
    if sep is None:
        sep = guess_separator(text, path) or "\t"

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

    records = list(split_records(text, sep, path, warnings=parsed.warnings))
    if as_html is None:
        as_html = any(HTML_HINT.search(f) for _, fields in records[:500] for f in fields)

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
    sep_word = SEPARATOR_WORDS.get(sep, repr(sep))
    expected = len(names) if names else _usual_field_count(records)
    for position, (line, fields) in enumerate(records, start=1):
        extra = len(fields) - expected if expected >= 2 and answer_col >= 0 else 0
        if extra > 0:
            # Unquoted text holding the separator ("[FIRST|AFTER col]" in a
            # pipe-separated file): the answer keeps every piece, never a part.
            fields = (
                fields[:answer_col]
                + [sep.join(fields[answer_col : answer_col + extra + 1])]
                + fields[answer_col + extra + 1 :]
            )
            parsed.warnings.append(
                (
                    line,
                    f"{expected + extra} fields where {expected} were expected: "
                    f"a {sep_word} inside the answer? It is kept in the answer; check this card",
                )
            )

        def cell(index: int | None, fields: list[str] = fields) -> str:
            if index is None or index < 0 or index >= len(fields):
                return ""
            return fields[index]

        if len(fields) < 2:
            parsed.skip(
                line, "one field only", f"only one field (expected fields separated by {sep_word})"
            )
            continue
        question, answer = cell(question_col), cell(answer_col)
        notetype = cell(notetype_col) or headers.get("notetype", (0, ""))[1]
        tags = common_tags + tuple(cell(special.get("tags")).split())
        if "cloze" in notetype.lower() or _CLOZE.search(question):
            try:
                raw = anki_cloze_note(
                    question,
                    answer,
                    html=as_html,
                    line=line,
                    tags=clean_tags(tags),
                    source_id=cell(special.get("guid")).strip(),
                )
            except ClozeError as error:
                parsed.skip(
                    line,
                    "cloze note that cannot be asked",
                    f"a cloze note that cannot be asked: {error}",
                )
                continue
            parsed.cards.append(replace(raw, position=position))
            continue
        if as_html:
            question, answer = strip_html(question), strip_html(answer)
        else:
            question, answer = tidy(question), tidy(answer)
        if not question or not answer:
            missing = "question" if not question else "answer"
            parsed.skip(line, f"empty {missing}", f"the {missing} is empty")
            continue
        deck = cell(special.get("deck")).strip()
        if deck:
            deck_names.setdefault(deck, None)
        parsed.cards.append(
            RawCard(
                question=question,
                answer=answer,
                line=line,
                tags=clean_tags(tags),
                source_id=cell(special.get("guid")).strip(),
                position=position,
            )
        )
    deck_header = headers.get("deck", (0, ""))[1]
    if deck_header:
        parsed.title = deck_header
    elif len(deck_names) == 1:
        parsed.title = next(iter(deck_names))
    parsed.title = parsed.title.replace("::", " / ")
    return parsed
