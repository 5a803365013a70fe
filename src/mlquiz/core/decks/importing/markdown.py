"""Markdown with Q: / A: blocks (optional id:, tags: and hint: lines), or in one of
the GitHub Q&A shapes of `markdown_qa.py` when it has no such fields."""

from __future__ import annotations

import re
from pathlib import Path

from mlquiz.core.decks.importing.markdown_lines import atx_heading, warn_lookalikes
from mlquiz.core.decks.importing.markdown_qa import (
    BOLD,
    answer_text,
    is_contents_heading,
    parse_markdown_shapes,
    without_navigation,
)
from mlquiz.core.decks.importing.source import Parsed, RawCard, clean_tags, tidy
from mlquiz.core.markup import code_fence_lines, sub_emphasis

# A field's line ("Q: What is X?", "- **A:** It is Y"), its value up to its
# last non-space. The value was `(.*?)\s*$`: each character it grew by re-read
# the spaces after it ("Q: a", 5,000 spaces and "x" took 1 s, 20,000 took 19 s);
# now runs of spaces, each then a non-space, taken whole (a value holds no
# "\n", as `.` did not), and the runs before it possessive (what follows each
# is no space). What it matches, and its groups, are unchanged.
MD_FIELD = re.compile(
    r"^\s*+(?:[-*+]\s++|#{1,6}\s++|>\s*+)?(?:\*\*|__)?"
    r"(q|a|question|answer|id|tags|tag|hint)"
    r"(?:\*\*|__)?\s*+:\s*+(?:\*\*|__)?\s*+((?:[^\S\n]*+\S)*+)\s*+$",
    re.IGNORECASE,
)
MD_KEYS = {"q": "q", "question": "q", "a": "a", "answer": "a", "tag": "tags"}
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")


def parse_markdown(text: str, path: str | Path) -> Parsed:
    """Blocks of `Q:` and `A:` lines (also **Q:**, - Q:, Question:), with `id:`/`tags:`.

    A card begins at a field its predecessor already has (a second `Q:`), at
    a `Q:` after an `A:`, or, in files whose first field is `id:` or `tags:`,
    at such a line after a question or answer. A question or answer runs on
    over the following lines (blank lines included) until the next field, a
    horizontal rule or a heading; lines inside ``` fences are never fields.
    Text after a heading or rule and before the next field is in no card: it
    is named in a warning and counted. Lines that are only in-page links
    ("back to top") are left out of the answers and counted.

    A file whose `A:` lines have no `Q:` (`#### Q1: What is X?` headings, each
    answered by an `**Answer:** ...` paragraph) is read in the GitHub shapes
    when they find more cards.
    """
    parsed = Parsed("markdown")
    # Whether `id:`/`tags:` lines open a card (come before its Q:) or close
    # it (come after its A:) is decided once, by the file's first field.
    first_field = next(
        (m.group(1).lower() for m in map(MD_FIELD.match, text.split("\n")) if m), "q"
    )
    leading = MD_KEYS.get(first_field, first_field) in ("id", "tags")
    cards: list[dict[str, object]] = []
    current: dict[str, object] = {}
    target: str | None = None  # the field continuation lines go to
    # Text in no field, as (line, the heading above it, its lines): see `_report_loose`.
    loose: list[tuple[int, str, list[str]]] = []
    heading = ""

    def close() -> None:
        nonlocal current
        if current:
            cards.append(current)
        current = {}

    file_lines = text.split("\n")
    fenced = code_fence_lines(file_lines)
    for number, (line, in_fence) in enumerate(zip(file_lines, fenced, strict=True), start=1):
        match = None if in_fence else MD_FIELD.match(line)
        if match:
            key = MD_KEYS.get(match.group(1).lower(), match.group(1).lower())
            value = match.group(2)
            opens = leading and key in ("id", "tags") and ("q" in current or "a" in current)
            if key in current or opens or (key == "q" and "a" in current):
                close()
            if not current:
                current["line"] = number
            current[key] = [value] if key in ("q", "a") else value
            current[f"{key} line"] = number
            target = key if key in ("q", "a") else None
            continue
        heading_line = None if in_fence else atx_heading(line)
        if heading_line is not None or (not in_fence and _MD_RULE.match(line)):
            if heading_line is not None:
                level, heading = heading_line
                if level == 1 and heading and not cards and not current and not parsed.title:
                    if not is_contents_heading(heading):
                        parsed.title = heading
            close()
            target = None
            continue
        if target is not None:
            lines = current[target]
            assert isinstance(lines, list)
            lines.append(line)
        elif line.strip():
            if loose and loose[-1][0] + len(loose[-1][2]) == number:
                loose[-1][2].append(line)
            else:
                loose.append((number, heading, [line]))
        elif loose and loose[-1][0] + len(loose[-1][2]) == number:
            loose[-1][2].append(line)
    close()

    if not cards or any("q" not in card or "a" not in card for card in cards):
        # No Q:/A: fields, answers without questions, or questions without A:
        # (`### Q: ...` headings answered in a `<details>` block): a GitHub
        # Q&A shape (headings, bold lines, details ...), if it reads more cards.
        shaped = parse_markdown_shapes(text, path)
        usable = sum("q" in card and "a" in card for card in cards)
        if shaped is not None and len(shaped.cards) > usable:
            if not parsed.title:
                return shaped
            shaped.title = shaped.title or parsed.title
            return shaped
    _report_loose(parsed, loose)
    for position, card in enumerate(cards, start=1):
        start = card["line"]
        assert isinstance(start, int)
        for key in ("q", "a"):
            lines, first = card.get(key), card.get(f"{key} line")
            if isinstance(lines, list) and isinstance(first, int):
                warn_lookalikes(parsed, lines[1:], first + 1, start)
        question = _md_text(card.get("q"), parsed, start)
        answer = _md_text(card.get("a"), parsed, start)
        if not question or not answer:
            missing = "Q:" if not question else "A:"
            reason = "empty question" if not question else "empty answer"
            parsed.skip(start, reason, f"a card without {missing}")
            continue
        raw_tags = str(card.get("tags", ""))
        tags = re.split(r"[,;]", raw_tags) if re.search(r"[,;]", raw_tags) else raw_tags.split()
        parsed.cards.append(
            RawCard(
                question=question,
                answer=answer,
                line=start,
                tags=clean_tags(t.lstrip("#") for t in tags),
                source_id=str(card.get("id", "")).strip().strip("`"),
                hint=str(card.get("hint", "")).strip(),
                position=position,
            )
        )
    parsed.warnings.sort(key=lambda warning: warning[0] or 0)  # in file order
    return parsed


def _md_text(lines: object, parsed: Parsed, line: int) -> str:
    """The text of a field, bold markers and lines of in-page links ("back to
    top", counted) dropped: the quiz shows plain text."""
    if not isinstance(lines, list):
        return ""
    kept, navigation = without_navigation([str(x) for x in lines])
    if navigation:
        parsed.leave_out(line, "navigation line", count=navigation)
    return tidy(sub_emphasis("\n".join(kept), BOLD, lambda match: match.group(2)))


def _report_loose(parsed: Parsed, loose: list[tuple[int, str, list[str]]]) -> None:
    """Name and count text that is under no Q: or A: (after a heading or a rule)."""
    for line, heading, lines in loose:
        body, _ = without_navigation(lines)
        words = answer_text(body)
        if not words:
            continue
        flat = " ".join(words.split())
        quote = flat if len(flat) <= 60 else flat[:59] + "…"
        where = f"under the heading '{heading}'" if heading else "outside any Q: or A:"
        parsed.leave_out(
            line, "section intro", f'the text {where} is in no card (no Q: or A:): "{quote}"'
        )
