"""Markdown lines as CommonMark (and so GitHub) reads them: headings, code
fences, and lines that only look like a question heading.

A line that reads like a question but that Markdown shows as text ("###Q3-
What is X?", or a heading indented four spaces, which is code) stays in the
answer it is in, and the importer says so with its file and line, as it does
for a numbered question heading one level deeper than the others: a card is
never merged into another unseen. One level higher ("## Q7- What is X?" among
`###` questions, with its own text under it) is still a card.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from mlquiz.core.decks.importing.source import Parsed
from mlquiz.core.markup import code_fence_lines

# An ATX heading as CommonMark (and so GitHub) reads it: at most three spaces
# before one to six '#', then a space, a tab or the end of the line. With four
# spaces (or a tab) it is code; "###Q3" and "####### x" are text.
_ATX_OPEN = re.compile(r"^ {0,3}(#{1,6})(?:[ \t](.*))?$")
# "Q" or "Question" labelling a question's number ("Q3:", "Question 3.").
_Q_LABEL = r"Q(?:uestion)?"
NUMBER_PREFIX = re.compile(rf"^\s*(?:{_Q_LABEL}\s*)?\d{{1,4}}\s*[.):-]\s*", re.IGNORECASE)
# Only the labelled form, "Q3:", "Q 3.", "Question 3:": a bare "3." numbers
# an answer's own list as well as the questions, so it tells nothing.
QUESTION_NUMBER = re.compile(
    rf"^(?P<label>{_Q_LABEL})\s*(?P<number>\d+)\s*(?P<separator>[.:])\s*", re.IGNORECASE
)
QUESTION_WORDS = frozenset(
    """what why how when where which who whom whose is are do does did can could
    should would will explain describe define compare name list give state what's
    tell discuss differentiate contrast""".split()
)

# "**Answer:**" or "- **Expected Answer**:" opening an answer: a label, not
# text. The player sees the answer side already, and a label left in would be
# read as a required point ("Expected Answer") no learner writes. "A:" /
# "**A:**" is one too, as it always was ("#### Q1: ..." then "**A:** When a
# model ..."), but not as a list item: "- A: ..." opens lettered options.
# "Solution:" and "Short answer:" open answers' own sentences: kept.
# Matched on the line without its indent, and no two whitespace runs touch,
# so a long run of spaces is read once, not once for each split of it.
_BOLD_OPEN = r"(?:(?:\*\*|__)\s*)?"
_ANSWER_LABEL = re.compile(
    rf"(?:(?P<bullet>[-*+]\s+){_BOLD_OPEN}"
    r"(?:(?:expected|sample|model|suggested)\s+answer|answer|ans)"
    rf"|{_BOLD_OPEN}(?:(?:expected|sample|model|suggested)\s+answer|answer|ans|a))"
    r"\s*(?:(?:\*\*|__)\s*)?:\s*(?:(?:\*\*|__)\s*)?",
    re.IGNORECASE,
)


class AnswerLabel(NamedTuple):
    """An answer label opening a line: was it a list item of its own ("-
    **Expected Answer**:"), and the line's text after it."""

    bulleted: bool
    rest: str


def answer_label(line: str) -> AnswerLabel | None:
    """The answer label opening `line`, or None."""
    text = line.lstrip()
    match = _ANSWER_LABEL.match(text)
    if match is None:
        return None
    return AnswerLabel(match.group("bullet") is not None, text[match.end() :])


def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a Markdown heading line (`_ATX_OPEN`), or None.

    A closing run of '#' is no text when a space comes before it ("## Bagging ##"),
    but "### What is C#?" keeps its '#'. Linear in the line: the closing run
    is taken off by hand, not by a regular expression that backtracks.
    """
    match = _ATX_OPEN.match(line)
    if match is None:
        return None
    text = (match.group(2) or "").strip(" \t")
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip(" \t")
    return len(match.group(1)), text


def heading_text(line: str) -> str:
    """A line as text: its heading marks off when it is a heading."""
    heading = atx_heading(line)
    return line if heading is None else heading[1]


def questionlike(text: str) -> bool:
    words = re.findall(r"[A-Za-z']+", text.lower())
    return text.rstrip().endswith("?") or bool(words and words[0] in QUESTION_WORDS)


# "## Q. Describe the shared responsibility model.": a heading the author
# labels a question, whatever it ends with. (Headings only: a bold "**Q3: Drop
# the index.**" inside an answer is the deck's own style question, or none.)
_LABELLED_QUESTION = re.compile(rf"^\W*{_Q_LABEL}\s*\d*\s*[.:)](?:\*\*|__)?\s", re.IGNORECASE)


def asking_heading(text: str) -> bool:
    """Does a heading's text ask: a question, a numbered line, or labelled "Q."?"""
    return (
        questionlike(text)
        or bool(NUMBER_PREFIX.match(text))
        or bool(_LABELLED_QUESTION.match(text))
    )


def heading_lookalike(line: str) -> str | None:
    """Why a line that reads like a question heading ("###Q3- What is X?") is not
    a heading in Markdown, or None. Such a line is text of the card above it:
    the importer says so (file:line) rather than let a card vanish into another."""
    stripped = line.lstrip(" \t")
    if not stripped.startswith("#") or atx_heading(line) is not None:
        return None
    marks = len(stripped) - len(stripped.lstrip("#"))
    text = stripped[marks:].strip()
    if not (questionlike(text) or NUMBER_PREFIX.match(text)):
        return None
    if marks > 6:
        return f"{marks} '#' where a heading has at most 6"
    if stripped[marks : marks + 1] not in (" ", "\t", ""):
        return f"no space after the {'#' * marks}"
    return "indented by a tab or four spaces or more, which makes it code"


def quoted(text: str, size: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"


def warn_lookalikes(parsed: Parsed, lines: list[str], first: int, card_line: int) -> None:
    """A warning for each line of an answer (`lines`, the first at file line
    `first`; fenced code aside) that looks like a question heading but is not one."""
    for offset, (line, code) in enumerate(zip(lines, code_fence_lines(lines), strict=True)):
        why = None if code else heading_lookalike(line)
        if why:
            parsed.warnings.append(
                (
                    first + offset,
                    f'"{quoted(line)}" looks like a question heading but is not one in '
                    f"Markdown ({why}): it is kept in the answer of the card at line "
                    f"{card_line}; if it is a question of its own, write it as a heading",
                )
            )


def shallower_questions(
    lines: list[str], headings: list[tuple[int, int, str]], level: int
) -> list[tuple[int, str]]:
    """Headings above the questions' level that ask ("## Q7- What is X?" among
    `###` questions) and have text of their own under them: cards written one
    level too high. A section heading with questions right under it is none."""
    found = []
    for n, (i, depth, title) in enumerate(headings):
        asks = title.rstrip().endswith("?") or bool(NUMBER_PREFIX.match(title))
        if depth >= level or not asks or not questionlike(title):
            continue
        end = headings[n + 1][0] if n + 1 < len(headings) else len(lines)
        if any(line.strip() for line in lines[i + 1 : end]):
            found.append((i, title))
    return found


def warn_deeper_questions(
    parsed: Parsed, headings: list[tuple[int, int, str]], level: int, question_lines: list[int]
) -> None:
    """A deeper heading is part of the answer above it ("#### L1 penalty"); one
    numbered like a question ("#### Q5- What is X?") may be a card written one
    level too deep, so the importer names it rather than merge it silently."""
    starts = {line - 1: line for line in question_lines}
    owner = None
    for i, depth, title in headings:
        if i in starts:
            owner = starts[i]
        elif depth <= level:
            owner = None
        elif owner is not None and NUMBER_PREFIX.match(title) and questionlike(title):
            parsed.warnings.append(
                (
                    i + 1,
                    f'the heading "{quoted(title)}" reads like a question but is deeper '
                    f"({'#' * depth}) than the questions ({'#' * level}): it is kept in the "
                    f"answer of the card at line {owner}",
                )
            )


# A numbered question, its text bold or not ("1. **What is X?**", "Q2) Why?").
# It was one pattern, `_NUMBERED_HEAD` + `\s+(?:\*\*|__)?\s*(.+?\?)` +
# `_QUESTION_END`: the runs of spaces side by side were tried at every split,
# each reading on to the line's end ("1. ", 1,000 spaces and "x" took 3.6 s,
# cubic). `numbered_question` finds the same number and text in one pass.
_NUMBERED_HEAD = re.compile(r" {0,3}(?:Q\s*+)?(\d{1,4})\s*+[.):]", re.IGNORECASE)
_QUESTION_END = re.compile(r"\s*+(?:\*\*|__)?\s*+")


def numbered_question(line: str) -> tuple[str, str] | None:
    """The number and the text of a numbered question (one line: no "\\n"),
    as the pattern read them: ("12", "What is X?") of "12. **What is X?**".

    The text ends at the line's last "?" (only spaces and closing marks may
    follow it). It starts where the pattern's first try that fits started it:
    after the spaces and opening marks, else (the text must hold a character
    before its "?") the latest place before that it could ("1.  ?" gives " ?")."""
    head = _NUMBERED_HEAD.match(line)
    if head is None:
        return None
    rest = line[head.end() :]
    end = rest.rfind("?")
    if end < 0 or not _QUESTION_END.fullmatch(rest, end + 1):
        return None
    spaces = len(rest) - len(rest.lstrip())
    if spaces == 0:
        return None
    start = min(spaces, end - 1)
    if rest.startswith(("**", "__"), spaces):
        after = spaces + 2  # past the opening marks, then past their spaces
        opened = after + len(rest[after:]) - len(rest[after:].lstrip())
        if opened <= end - 1:
            start = opened
        elif after <= end - 1:
            start = end - 1
    if start < 1:
        return None
    return head.group(1), rest[start : end + 1]


# The emoji and decoration ending a question ("What is X? 🤔 ➡️"): the run at
# the text's end of what is not a word's character or a closing mark. It was
# `re.sub(r"[^\w?.!)\]\"'`]+$", "", text)`, tried at every character of a run
# that did not reach the end, each try reading on to the run's end ("!",
# 10,000 spaces and "x" as a <summary>: 1.4 s each time, quadratic; its deck
# took 5.5 s to import, with `build`'s and `abbreviations`' twins); read backwards,
# the run at the end is found in one pass.
_TAIL_RUN = re.compile(r"[^\w?.!)\]\"'`]++")


def without_emoji_tail(text: str) -> str:
    """`text` without the run of emoji, spaces and other marks that ends it."""
    run = _TAIL_RUN.match(text[::-1])
    return text[: len(text) - run.end()] if run else text
