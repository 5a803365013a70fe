"""Question-and-answer collections as GitHub Markdown shows them.

Interview-question repositories write their cards in a handful of shapes,
each read here without `Q:`/`A:` markers (those are `markdown.py`'s):

- `headings`: each question a heading (`## 12. What is bagging?`,
  `### Why normalise inputs?`, read as CommonMark does: `markdown_lines.py`),
  its answer the text up to the next heading of the same level or above
  (deeper headings stay in the answer);
- `bold`: each question a whole bold line (`**What is X?** 🤔`), its answer
  the paragraphs under it, cards often separated by `<br/>` lines;
- `numbered`: numbered question lines (`1. What is X?`) at the margin, each
  followed by its answer (a numbered list inside an answer has no "?");
- `details`: `<details><summary>Q</summary>A</details>` (when the summary
  only says "Answer", the question is the text just before the block);
- `table`: rows of two-column Markdown tables (question | answer).

`parse_markdown_shapes` tries them all and keeps the shape that finds the
most cards; a question of another shape inside one of its answers is named
in a warning. Lines inside ``` fences are never questions. Nothing is cut:
a table row with more cells than two keeps the rest in its answer, with a
warning naming its line; in the `headings` shape, text under no question (a
section's intro, a licence) is named in a warning and counted. A table of
contents is never a card or a title, and lines that are only in-page links
("back to top") are left out of answers and counted (`core/markup.py`).
"""

from __future__ import annotations

import bisect
import html
import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mlquiz.core.decks.importing.markdown_bold import bold_questions, is_separator
from mlquiz.core.decks.importing.markdown_lines import (
    NUMBER_PREFIX,
    answer_label,
    asking_heading,
    atx_heading,
    heading_text,
    numbered_question,
    questionlike,
    quoted,
    shallower_questions,
    warn_deeper_questions,
    warn_lookalikes,
    without_emoji_tail,
)
from mlquiz.core.decks.importing.source import Parsed, RawCard, tidy
from mlquiz.core.markup import (
    code_fence_lines,
    is_navigation_line,
    outside_code,
    replace_html_tags,
    sub_bracketed,
    sub_emphasis,
)

_DETAILS = re.compile(
    r"<details[^>]*>\s*<summary[^>]*>(.*?)</summary>(.*?)</details>", re.IGNORECASE | re.DOTALL
)
# Possessive runs (`*+`, `++`) here and in `_Q_LABEL`: runs of spaces side by
# side were tried at every split ("!", 1,000 spaces and "x" as a <summary>
# never ended); what matches is unchanged.
_GENERIC_SUMMARY = re.compile(
    r"^\W*+(?:show|see|view|reveal|click(?: here)?(?: to)?(?: expand| see| show| view)?)?\s*+"
    r"(?:the\s++)?(?:answer|solution|explanation|expand|details)?\W*+$",
    re.IGNORECASE,
)
# Possessive (`*+`): two runs of spaces side by side were tried at every
# split of a line of spaces (1.2 s for 10,000); what matches is unchanged.
TABLE_RULE = re.compile(r"^\s*+\|?\s*+:?-{2,}:?\s*+(?:\|\s*+:?-{2,}:?\s*+)+\|?\s*+$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
# "Q:" or "Question 3:" opening a question line: a label, not its text.
_Q_LABEL = re.compile(
    r"^\s*+(?:\*\*|__)?\s*+(?:q|question)\s*+\d*+\s*+[:.)]\s*+(?:\*\*|__)?\s*+", re.I
)
_TABLE_HEADERS = frozenset(
    "question questions q term front prompt answer answers a definition back response".split()
)
_BR = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)
# A heading over a table of contents: never a card, never the deck's title.
_CONTENTS = re.compile(
    r"^\W*(?:table of contents?|contents|toc|index|questions? index|list of questions)\W*$",
    re.IGNORECASE,
)


@dataclass
class _Block:
    question: str
    line: int
    body: list[str]
    body_line: int = 0  # where `body` starts in the file, when not the line after `line`


def parse_markdown_shapes(text: str, path: str | Path) -> Parsed | None:
    """The cards of the shape that finds the most (at least two), or None."""
    lines = text.split("\n")
    fenced = [bool(kind) for kind in code_fence_lines(lines)]
    best: tuple[Shape, _ShapeParsed] | None = None
    tried = []
    for shape in SHAPES:
        parsed = shape(text, lines, fenced, path)
        tried.append((shape, parsed))
        if len(parsed.cards) >= 2 and (best is None or parsed.weight > best[1].weight):
            best = (shape, parsed)
    if best is None:
        return None
    _warn_other_shapes(best, [(shape, other) for shape, other in tried if other is not best[1]])
    # In file order: a section's intro before its cards' warnings.
    best[1].warnings.sort(key=lambda warning: warning[0] or 0)
    return best[1]


@dataclass
class _ShapeParsed(Parsed):
    """What a shape read, with where each card's answer lies in the file."""

    answers: list[tuple[int, int, int]] = field(default_factory=list)  # (card, first, last line)
    # Cards that weigh nothing in choosing the shape: bold lines read as
    # questions only by their Q-number ("**Q2: Add an index.**" asks
    # nothing), which may be exercises inside another shape's answers.
    unweighed: int = 0

    @property
    def weight(self) -> int:
        return len(self.cards) - self.unweighed


def _warn_other_shapes(
    best: tuple[Shape, _ShapeParsed], others: list[tuple[Shape, _ShapeParsed]]
) -> None:
    """A file mixing shapes is read in the one that finds most cards; a question
    of another shape ("**What is X?**" among `### Q1` headings) then lies inside
    an answer. It stays there, and a warning names its line."""
    best_shape, parsed = best
    starts = [first for _, first, _ in parsed.answers]
    questions = {card.line for card in parsed.cards}
    named: set[int] = set()
    for shape, other in others:
        for card in other.cards:
            line = card.line
            at = bisect.bisect_right(starts, line) - 1
            # Only a line that asks: "**How it works**" is a label inside an answer.
            asks = card.question.rstrip().endswith("?")
            if not asks or line in questions or line in named or at < 0:
                continue
            owner, _, last = parsed.answers[at]
            if line <= last:
                named.add(line)
                parsed.warnings.append(
                    (
                        line,
                        f'"{quoted(card.question)}" reads like a question '
                        f"({_SHAPE_NAMES[shape][0]}), but this file's cards are "
                        f"{_SHAPE_NAMES[best_shape][1]}: it is kept in the answer of the card "
                        f"at line {owner}",
                    )
                )


_SUMMARY_LINE = re.compile(r"^\s*(?:<details[^>]*>\s*)?<summary[^>]*>(.*?)</summary>\s*$", re.I)


def _generic_summary_line(line: str) -> bool:
    match = _SUMMARY_LINE.match(line)
    return bool(match and _GENERIC_SUMMARY.match(_tags_out(match.group(1)).strip()))


def is_contents_heading(title: str) -> bool:
    """Does this heading stand over a table of contents ("Table of Contents", "Index")?"""
    return _CONTENTS.match(_question_text(title)) is not None


def _tags_out(text: str) -> str:
    """HTML tags out (not `<package>` or `<T>`, which are text: `core/markup.py`)."""
    return replace_html_tags(text, lambda _: "") if "<" in text else text


# What follows a link's or an image's `[text]` (`sub_bracketed` reads that).
_LINK_TARGET = re.compile(r"\([^)]*\)")


def _nothing(_: str) -> str:
    return ""


def _label(label: str) -> str:
    return label


# Bold text: its markers go, its words stay (`sub_emphasis`: linear).
BOLD = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1")


def _bold_words(match: re.Match[str]) -> str:
    return match.group(2)


def _question_text(raw: str) -> str:
    """A question line as the player reads it: numbering, emphasis, emoji off."""
    text = NUMBER_PREFIX.sub("", _Q_LABEL.sub("", raw.strip()))
    text = outside_code(text, _tags_out)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = sub_bracketed(text, "[", _LINK_TARGET, _label, ")")
    text = without_emoji_tail(text).strip()
    return html.unescape(text)


def answer_text(lines: list[str]) -> str:
    """An answer's Markdown as text to read: `<br>` lines and rules out, links
    as their text, images as nothing, emphasis markers off; code kept."""
    out: list[str] = []
    for line, code in zip(lines, code_fence_lines(lines), strict=True):
        if code:
            out.append(line)
            continue
        if is_separator(line):
            out.append("")
            continue
        out.append(html.unescape(outside_code(line, _prose_markup_out)))
    return tidy("\n".join(out))


def _prose_markup_out(text: str) -> str:
    """Markup out of text that is not code (see `answer_text`)."""
    text = _BR.sub("\n", text)
    # Images out, links as their text: linear in the text (as regular
    # expressions, a line of 15,000 "[x](#y " took seconds).
    text = sub_bracketed(text, "![", _LINK_TARGET, _nothing, ")", empty=True)
    text = sub_bracketed(text, "[", _LINK_TARGET, _label, ")")
    text = sub_emphasis(text, BOLD, _bold_words)
    return _tags_out(text)


def without_navigation(lines: list[str]) -> tuple[list[str], int]:
    """The lines but those that are only in-page links ("back to top"), and how many
    those were (lines in ``` fences are code, kept as they are)."""
    kept: list[str] = []
    for line, code in zip(lines, code_fence_lines(lines), strict=True):
        if not code and is_navigation_line(line):
            continue
        kept.append(line)
    return kept, len(lines) - len(kept)


def _without_answer_label(lines: list[str]) -> list[str]:
    """The answer without an "**Answer:**" label on its first line. When the
    label was a list item of its own ("- **Expected Answer**:") the answer is
    indented under it: the rest loses the indent common to all its lines
    with text (textwrap.dedent, blank lines included), so that it shows as an
    answer of its own while code, nested lists and paragraphs keep their
    indentation relative to each other. A line with no indent keeps it all."""
    for n, line in enumerate(lines):
        if line.strip():
            label = answer_label(line)
            if label is None:
                return lines
            rest = lines[n + 1 :]
            if label.bulleted and not label.rest.strip():
                rest = textwrap.dedent("\n".join(rest)).split("\n")
            return lines[:n] + [label.rest] + rest
    return lines


def _cards(parsed: _ShapeParsed, blocks: list[_Block]) -> _ShapeParsed:
    for block in blocks:
        warn_lookalikes(parsed, block.body, block.body_line or block.line + 1, block.line)
    for position, block in enumerate(blocks, start=1):
        first = block.body_line or block.line + 1
        parsed.answers.append((block.line, first, first + len(block.body) - 1))
        question = _question_text(block.question)
        body, navigation = without_navigation(block.body)
        # A "<summary>Show Answer</summary>" line only opens the answer: no text of it.
        body = [line for line in body if not _generic_summary_line(line)]
        if navigation:
            parsed.leave_out(block.line, "navigation line", count=navigation)
        answer = answer_text(_without_answer_label(body))
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


def _headings(lines: list[str], fenced: list[bool]) -> list[tuple[int, int, str]]:
    """(index, level, title) of each heading outside code."""
    return [
        (i, *heading)
        for i, line in enumerate(lines)
        if not fenced[i] and (heading := atx_heading(line))
    ]


def _by_headings(text: str, lines: list[str], fenced: list[bool], path: str | Path) -> _ShapeParsed:
    parsed = _ShapeParsed("markdown")
    headings = _headings(lines, fenced)
    scores: dict[int, int] = {}
    for _, level, title in headings:
        if asking_heading(title):
            scores[level] = scores.get(level, 0) + 1
    if not scores:
        return parsed
    level = max(scores, key=lambda n: (scores[n], -n))
    at_level = [(i, t) for i, lvl, t in headings if lvl == level and not is_contents_heading(t)]
    asking = [(i, t) for i, t in at_level if asking_heading(t)]
    mostly = len(asking) * 2 >= len(at_level)
    ends = sorted(i for i, lvl, _ in headings if lvl <= level) + [len(lines)]
    chosen = asking if mostly else at_level
    if mostly:
        chosen = sorted(chosen + shallower_questions(lines, headings, level))
    if level > 1:
        taken = {i for i, _ in chosen}
        title = next(
            (
                t
                for i, lvl, t in headings
                if lvl < level and i not in taken and not is_contents_heading(t)
            ),
            "",
        )
        parsed.title = _question_text(title)
    blocks = []
    for i, title in chosen:
        end = ends[bisect.bisect_right(ends, i)]
        blocks.append(_Block(title, i + 1, lines[i + 1 : end]))
    warn_deeper_questions(parsed, headings, level, [block.line for block in blocks])
    _report_text_in_no_card(parsed, lines, headings, blocks)
    return _cards(parsed, blocks)


def _report_text_in_no_card(
    parsed: Parsed,
    lines: list[str],
    headings: list[tuple[int, int, str]],
    blocks: list[_Block],
    question_lines: Iterable[int] = (),
) -> None:
    """Name and count the text no card holds: the intro under a section heading
    before its first question, a deck's own introduction, a "License" section.
    Headings themselves are the deck's outline, and in-page links its navigation.
    `question_lines` (indexes) hold questions outside their blocks."""
    covered = [False] * len(lines)
    for i in question_lines:
        covered[i] = True
    for block in blocks:
        for i in range(block.line - 1, block.line + len(block.body)):
            covered[i] = True
    heading_at = {i: title for i, _, title in headings}
    region: list[str] = []
    start = 0
    name = ""

    def report() -> None:
        body, _ = without_navigation(region)
        words = answer_text(body)
        if not words:
            return
        first = start + next(n for n, line in enumerate(region) if line.strip()) + 1
        paragraphs = len([p for p in re.split(r"\n\s*\n", words) if p.strip()])
        flat = " ".join(words.split())
        quote = flat if len(flat) <= 60 else flat[:59] + "…"
        where = f"under the heading '{_question_text(name)}'" if name else "before any heading"
        parsed.leave_out(
            first,
            "section intro",
            f"the text {where} is in no card (no question heads it): "
            f'"{quote}" ({paragraphs} paragraph{"" if paragraphs == 1 else "s"})',
        )

    for i, line in enumerate(lines):
        if covered[i] or i in heading_at:
            if region:
                report()
                region = []
            if i in heading_at and not covered[i]:
                name = heading_at[i]
            continue
        if not region:
            start = i
        region.append(line)
    if region:
        report()


def _by_bold_lines(
    text: str, lines: list[str], fenced: list[bool], path: str | Path
) -> _ShapeParsed:
    parsed = _ShapeParsed("markdown")
    questions, titles, opened, only_numbered = bold_questions(lines, fenced)
    if not questions:
        return parsed
    headings = _headings(lines, fenced)
    blocks = _blocks_between(questions, lines, headings)
    _warn_joined_titles(parsed, titles, blocks)
    # A title read as a question is said too: "**Example 👶**" after a rule
    # inside an answer ends as the deck's questions do, and only the player
    # can tell it is no card (`mlquiz deck` lets them edit or delete it).
    for i, title in opened:
        parsed.warnings.append(
            (
                i + 1,
                f"the bold line '{quoted(_question_text(title))}' asks no question (no '?') "
                "but stands where the deck's questions stand: it is read as a card",
            )
        )
    _report_text_in_no_card(parsed, lines, headings, blocks)
    parsed = _cards(parsed, blocks)
    parsed.unweighed = sum(card.line - 1 in only_numbered for card in parsed.cards)
    return parsed


def _warn_joined_titles(
    parsed: Parsed, titles: list[tuple[int, str]], blocks: list[_Block]
) -> None:
    """A bold title read as no question stays in the answer above it: say so
    (file:line), as a card may have vanished into another."""
    starts = [block.line - 1 for block in blocks]
    for i, title in titles:
        at = bisect.bisect_right(starts, i) - 1
        if at < 0 or i >= starts[at] + 1 + len(blocks[at].body):
            continue  # in no card: `_report_text_in_no_card` names it
        parsed.warnings.append(
            (
                i + 1,
                f"the bold line '{quoted(_question_text(title))}' is not read as a question "
                f"(no '?'): it stays in the answer of the card at line {blocks[at].line}",
            )
        )


def _blocks_between(
    questions: list[tuple[int, str]],
    lines: list[str],
    headings: list[tuple[int, int, str]],
    cuts: dict[int, int] | None = None,
) -> list[_Block]:
    """Each question (index, text) with its answer: the lines up to the next
    question, or up to `cuts[next]` (where the next one's section begins).
    Headings just before the next question (nothing but blank lines and
    headings in between) are that section's title, not the end of this answer."""
    heading_at = {i for i, _, _ in headings}
    ends = [i for i, _ in questions[1:]] + [len(lines)]
    blocks = []
    for (i, title), end in zip(questions, ends, strict=True):
        end = (cuts or {}).get(end, end)
        last = end
        while last - 1 > i and (last - 1 in heading_at or not lines[last - 1].strip()):
            last -= 1
            if last in heading_at:
                end = last
        blocks.append(_Block(title, i + 1, lines[i + 1 : end]))
    return blocks


def _by_numbered_questions(
    text: str, lines: list[str], fenced: list[bool], path: str | Path
) -> _ShapeParsed:
    parsed = _ShapeParsed("markdown")
    found = [
        (i, int(m[0]), m[1])
        for i, line in enumerate(lines)
        if not fenced[i] and (m := numbered_question(line))
    ]
    # The questions count up (1, 2, 3 ...), starting again at 1 under a new
    # section heading; a numbered line out of that run is a list item inside
    # an answer, and one that reads like a question is named in a warning.
    headings = _headings(lines, fenced)
    heading_at = [i for i, _, _ in headings]
    run: list[tuple[int, str]] = []
    out_of_run: list[tuple[int, int, int]] = []  # (index, number, the question's index)
    expected = 0
    cuts: dict[int, int] = {}
    for i, number, title in found:
        after = run[-1][0] if run else -1
        later = bisect.bisect_right(heading_at, after)
        restart = number == 1 and later < len(heading_at) and heading_at[later] < i
        if not run or number == expected or restart:
            if restart and number != expected:
                # The new section's heading (the shallowest between the two
                # questions: a sub-heading of the answer above stays in it) ends it.
                between = headings[later : bisect.bisect_left(heading_at, i)]
                top = min(level for _, level, _ in between)
                cuts[i] = next(h for h, level, _ in between if level == top)
            run.append((i, title))
            expected = number + 1
        else:
            out_of_run.append((i, number, after))
    if not run:
        return parsed
    for i, number, owner in out_of_run:
        parsed.warnings.append(
            (
                i + 1,
                f'"{quoted(lines[i])}" reads like question {number} but is out of the '
                f"questions' count: it is kept in the answer of the card at line {owner + 1}",
            )
        )
    blocks = _blocks_between(run, lines, headings, cuts)
    _report_text_in_no_card(parsed, lines, headings, blocks)
    return _cards(parsed, blocks)


def _by_details(text: str, lines: list[str], fenced: list[bool], path: str | Path) -> _ShapeParsed:
    parsed = _ShapeParsed("markdown")
    blocks = []
    question_lines = []
    for match in _DETAILS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        summary = _question_text(_tags_out(match.group(1)))
        if not summary or _GENERIC_SUMMARY.match(summary):
            prefix = text[: match.start()].rstrip()
            summary = prefix.rsplit("\n", 1)[-1] if prefix else ""
            summary = heading_text(summary)
            if prefix:
                question_lines.append(prefix.count("\n"))
        body_line = text.count("\n", 0, match.start(2)) + 1
        blocks.append(_Block(summary, line, match.group(2).split("\n"), body_line))
    if blocks:
        # Text outside every block (an intro, a heading with no answer) is
        # named and counted, as in the other shapes: nothing is left out unseen.
        _report_text_in_no_card(parsed, lines, _headings(lines, fenced), blocks, question_lines)
    return _cards(parsed, blocks)


def _by_tables(text: str, lines: list[str], fenced: list[bool], path: str | Path) -> _ShapeParsed:
    parsed = _ShapeParsed("markdown")
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
        if not names <= _TABLE_HEADERS and questionlike(header[0]):
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


Shape = Callable[[str, list[str], list[bool], "str | Path"], _ShapeParsed]
SHAPES: tuple[Shape, ...] = (
    _by_headings,
    _by_bold_lines,
    _by_numbered_questions,
    _by_details,
    _by_tables,
)
_SHAPE_NAMES: dict[Shape, tuple[str, str]] = {
    _by_headings: ("a question heading", "question headings"),
    _by_bold_lines: ("a bold question line", "bold question lines"),
    _by_numbered_questions: ("a numbered question", "numbered questions"),
    _by_details: ("a <details> block", "<details> blocks"),
    _by_tables: ("a table row", "table rows"),
}
