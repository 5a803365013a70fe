"""Question-and-answer collections as GitHub Markdown shows them.

Interview-question repositories write their cards in a handful of shapes,
each read here without `Q:`/`A:` markers (those are `markdown.py`'s):

- `headings`: each question a heading (`## 12. What is bagging?`,
  `### Why normalise inputs?`), its answer the text up to the next heading
  of the same level or above (deeper headings stay in the answer);
- `bold`: each question a whole bold line (`**What is X?** 🤔`), its answer
  the paragraphs under it, cards often separated by `<br/>` lines;
- `numbered`: numbered question lines (`1. What is X?`) at the margin, each
  followed by its answer (a numbered list inside an answer has no "?");
- `details`: `<details><summary>Q</summary>A</details>` (when the summary
  only says "Answer", the question is the text just before the block);
- `table`: rows of two-column Markdown tables (question | answer).

`parse_markdown_shapes` tries them all and keeps the shape that finds the
most cards. Lines inside ``` fences are never questions. Nothing is cut:
a table row with more cells than two keeps the rest in its answer, with a
warning naming its line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mlquiz.core.decks.importing.source import Parsed, RawCard, tidy

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)\s*(.+?)\s*(?:\*\*|__)\s*([^\w\s*_`\[<]*)\s*$"
)
_NUMBERED_QUESTION = re.compile(r"^\s{0,3}(?:Q\s*)?(\d{1,4})\s*[.):]\s+(.+\?)\s*$", re.IGNORECASE)
_NUMBER_PREFIX = re.compile(r"^\s*(?:Q(?:uestion)?\s*)?\d{1,4}\s*[.):-]\s*", re.IGNORECASE)
_QUESTION_WORDS = frozenset(
    """what why how when where which who whom whose is are do does did can could
    should would will explain describe define compare name list give state what's
    tell discuss differentiate contrast""".split()
)
_BREAK_LINE = re.compile(r"^\s*(?:<\s*/?\s*br\s*/?\s*>\s*)+$", re.IGNORECASE)
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_DETAILS = re.compile(
    r"<details[^>]*>\s*<summary[^>]*>(.*?)</summary>(.*?)</details>", re.IGNORECASE | re.DOTALL
)
_GENERIC_SUMMARY = re.compile(
    r"^\W*(?:show|see|view|reveal|click(?: here)?(?: to)?(?: expand| see| show| view)?)?\s*"
    r"(?:the\s+)?(?:answer|solution|explanation|expand|details)?\W*$",
    re.IGNORECASE,
)
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_TABLE_HEADERS = frozenset(
    "question questions q term front prompt answer answers a definition back response".split()
)
_TAG = re.compile(r"<[^<>]+>")
_BR = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)
_EMOJI_TAIL = re.compile(r"[^\w?.!)\]\"'`]+$")


@dataclass
class _Block:
    question: str
    line: int
    body: list[str]


def parse_markdown_shapes(text: str, path: str | Path) -> Parsed | None:
    """The cards of the shape that finds the most (at least two), or None."""
    lines = text.split("\n")
    fenced = _fenced(lines)
    best: Parsed | None = None
    for shape in SHAPES:
        parsed = shape(text, lines, fenced, path)
        if len(parsed.cards) >= 2 and (best is None or len(parsed.cards) > len(best.cards)):
            best = parsed
    return best


def _fenced(lines: list[str]) -> list[bool]:
    """For each line, is it inside (or a fence of) a ``` block?"""
    out: list[bool] = []
    inside = False
    for line in lines:
        if _FENCE.match(line):
            out.append(True)
            inside = not inside
        else:
            out.append(inside)
    return out


def _questionlike(text: str) -> bool:
    words = re.findall(r"[A-Za-z']+", text.lower())
    return text.rstrip().endswith("?") or bool(words and words[0] in _QUESTION_WORDS)


def _question_text(raw: str) -> str:
    """A question line as the player reads it: numbering, emphasis, emoji off."""
    text = _NUMBER_PREFIX.sub("", raw.strip())
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = _TAG.sub("", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = _EMOJI_TAIL.sub("", text).strip()
    return html.unescape(text)


def answer_text(lines: list[str]) -> str:
    """An answer's Markdown as text to read: `<br>` lines and rules out, links
    as their text, images as nothing, emphasis markers off; code kept."""
    out: list[str] = []
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            continue
        if in_fence:
            out.append(line)
            continue
        if _BREAK_LINE.match(line) or _RULE.match(line):
            out.append("")
            continue
        line = _BR.sub("\n", line)
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"(\*\*|__)(\S(?:.*?\S)?)\1", r"\2", line)
        line = _TAG.sub("", line)
        out.append(html.unescape(line))
    return tidy("\n".join(out))


def _cards(parsed: Parsed, blocks: list[_Block]) -> Parsed:
    for position, block in enumerate(blocks, start=1):
        question = _question_text(block.question)
        answer = answer_text(block.body)
        if not question:
            parsed.skip(block.line, "empty question", "the question is empty")
            continue
        if not answer:
            parsed.skip(block.line, "empty answer", "the answer is empty")
            continue
        parsed.cards.append(RawCard(question, answer, block.line, position=position))
    return parsed


# --------------------------------------------------------------------------
# The shapes


def _by_headings(text: str, lines: list[str], fenced: list[bool], path: str | Path) -> Parsed:
    parsed = Parsed("markdown")
    headings = [
        (i, len(m.group(1)), m.group(2))
        for i, line in enumerate(lines)
        if not fenced[i] and (m := _HEADING.match(line))
    ]
    scores: dict[int, int] = {}
    for _, level, title in headings:
        if _questionlike(title) or _NUMBER_PREFIX.match(title):
            scores[level] = scores.get(level, 0) + 1
    if not scores:
        return parsed
    level = max(scores, key=lambda n: (scores[n], -n))
    at_level = [(i, title) for i, lvl, title in headings if lvl == level]
    questionlike = [(i, t) for i, t in at_level if _questionlike(t) or _NUMBER_PREFIX.match(t)]
    mostly = len(questionlike) * 2 >= len(at_level)
    if level > 1:
        title = next((t for i, lvl, t in headings if lvl < level), "")
        parsed.title = _question_text(title)
    ends = sorted(i for i, lvl, _ in headings if lvl <= level) + [len(lines)]
    blocks = []
    for i, title in questionlike if mostly else at_level:
        end = next(e for e in ends if e > i)
        blocks.append(_Block(title, i + 1, lines[i + 1 : end]))
    return _cards(parsed, blocks)


def _by_bold_lines(text: str, lines: list[str], fenced: list[bool], path: str | Path) -> Parsed:
    parsed = Parsed("markdown")
    bold = [
        (i, m.group(1))
        for i, line in enumerate(lines)
        if not fenced[i] and (m := _BOLD_LINE.match(line)) and "**" not in m.group(1)
    ]
    questions = [(i, t) for i, t in bold if _questionlike(t)]
    if len(questions) < 2:
        return parsed
    starts = [i for i, _ in questions] + [len(lines)]
    blocks = [
        _Block(title, i + 1, lines[i + 1 : starts[n + 1]]) for n, (i, title) in enumerate(questions)
    ]
    return _cards(parsed, blocks)


def _by_numbered_questions(
    text: str, lines: list[str], fenced: list[bool], path: str | Path
) -> Parsed:
    parsed = Parsed("markdown")
    found = [
        (i, int(m.group(1)), m.group(2))
        for i, line in enumerate(lines)
        if not fenced[i] and (m := _NUMBERED_QUESTION.match(line))
    ]
    # The questions count up (1, 2, 3 ...); a numbered line out of that run is
    # a list item inside an answer.
    run: list[tuple[int, str]] = []
    expected = None
    for i, number, title in found:
        if expected is None or number == expected:
            run.append((i, title))
            expected = number + 1
    if len(run) < 2:
        return parsed
    starts = [i for i, _ in run] + [len(lines)]
    blocks = [
        _Block(title, i + 1, lines[i + 1 : starts[n + 1]]) for n, (i, title) in enumerate(run)
    ]
    return _cards(parsed, blocks)


def _by_details(text: str, lines: list[str], fenced: list[bool], path: str | Path) -> Parsed:
    parsed = Parsed("markdown")
    blocks = []
    for match in _DETAILS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        summary = _question_text(_TAG.sub("", match.group(1)))
        if not summary or _GENERIC_SUMMARY.match(summary):
            before = [b for b in text[: match.start()].split("\n") if b.strip()]
            summary = before[-1] if before else ""
            summary = _HEADING.sub(lambda m: m.group(2), summary)
        blocks.append(_Block(summary, line, match.group(2).split("\n")))
    return _cards(parsed, blocks)


def _by_tables(text: str, lines: list[str], fenced: list[bool], path: str | Path) -> Parsed:
    parsed = Parsed("markdown")
    blocks = []
    i = 0
    while i < len(lines):
        if fenced[i] or i + 1 >= len(lines) or not TABLE_RULE.match(lines[i + 1]):
            i += 1
            continue
        header = _cells(lines[i])
        if len(header) != 2:
            i += 1
            continue
        names = {re.sub(r"\W", "", c).lower() for c in header}
        if not names <= _TABLE_HEADERS and _questionlike(header[0]):
            blocks.append(_Block(header[0], i + 1, [header[1]]))
        i += 2
        while i < len(lines) and "|" in lines[i] and not fenced[i]:
            cells = _cells(lines[i], strip=False)
            if len(cells) > 2:
                parsed.warnings.append(
                    (
                        i + 1,
                        f"{len(cells)} cells where 2 were expected: a '|' inside the answer? "
                        "It is kept in the answer; check this card",
                    )
                )
                cells = [cells[0], "|".join(cells[1:])]
            cells = [c.strip() for c in cells]
            if len(cells) == 2:
                blocks.append(_Block(cells[0], i + 1, [_BR.sub("\n", cells[1])]))
            elif cells and any(cells):
                parsed.skip(i + 1, "one cell only", "a table row with one cell")
            i += 1
    return _cards(parsed, blocks)


def _cells(line: str, strip: bool = True) -> list[str]:
    """A table row's cells (an escaped "\\|" is a "|" of the text)."""
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    cells = [c.replace("\\|", "|") for c in _CELL_SPLIT.split(inner)]
    return [c.strip() for c in cells] if strip else cells


Shape = Callable[[str, list[str], list[bool], "str | Path"], Parsed]
SHAPES: tuple[Shape, ...] = (
    _by_headings,
    _by_bold_lines,
    _by_numbered_questions,
    _by_details,
    _by_tables,
)
