"""Which whole bold lines of a Markdown file are questions (`markdown_qa.py`'s
`bold` shape: `**What is X?** 🤔`, its answer the paragraphs under it).

A bold line is a question when it reads like one ("?", a question word), when
it goes on with the questions' count ("55. **Write a function …**"), or when
it carries the deck's explicit question numbering ("**Q4: Write a query …**"
where "**Q1: What …?**" is a question). Nothing else without a "?" is: a bold
step ("**Create a virtual environment first.**") or a bare-numbered bold list
("**1. Use caching.**") inside an answer stays in that answer.
Where the deck stands a separator line (`<br/>`, `---`) before its cards and
ends its questions with an emoji, a bold title just after a separator with its
own text under it that ends with one of the same emoji is a card too, though it
asks nothing ("**Precision-recall trade-off ⭐️**"). Any other bold
title stays in the answer above it, and the caller says so (file:line): a
card never vanishes into another unseen.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from mlquiz.core.decks.importing.markdown_lines import (
    QUESTION_NUMBER,
    answer_label,
    atx_heading,
    questionlike,
)

# A bold line may be a list item, bulleted or numbered ("1. **What is X?**").
# It was one pattern, `_BOLD_OPEN` + `\s*(?P<title>.+?)\s*(?:\*\*|__)` +
# `_BOLD_END`: its lazy title tried every end, each reading on over the spaces
# after it (0.5 s for a line of 10,000 spaces; "** " and spaces, cubic, never
# ended). `bold_line` finds the same title in one pass (see there).
_BOLD_OPEN = re.compile(r" {0,3}(?:(?:[-*+]|(?P<number>\d{1,4})[.)])\s+)?(?:\*\*|__)")
_BOLD_END = re.compile(r"\s*+[^\w\s*_`\[<]*+\s*+")
_BREAK_LINE = re.compile(r"^\s*(?:<\s*/?\s*br\s*/?\s*>\s*)+$", re.IGNORECASE)
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,4}[.)])\s")
# Emoji and their joiners and variation selectors: symbols, format and marks.
_DECOR = frozenset({"So", "Sk", "Cf", "Mn", "Me"})

Lines = list[tuple[int, str]]  # (index in the file, title)


class _Numbering(NamedTuple):
    """A bold title's explicit question numbering ("Q3:" of "**Q3: Explain X.**")."""

    number: int
    label: str  # "q" or "question"
    separator: str  # ":" or "."

    @property
    def style(self) -> tuple[str, str]:
        """How the deck numbers its questions: "Q3:" and "Q 12:" alike."""
        return self.label, self.separator


def _numbering(title: str) -> _Numbering | None:
    match = QUESTION_NUMBER.match(title)
    if match is None:
        return None
    return _Numbering(
        int(match.group("number")), match.group("label").lower(), match.group("separator")
    )


def bold_line(line: str) -> tuple[str, str | None] | None:
    """The title of a whole bold line (one line: no "\\n") and its list number,
    if it has one ("12. **What is X?** 🤔" gives ("What is X?", "12")).

    What follows the closing `**` (emoji, punctuation, spaces) holds no `*` or
    `_`, so the closing marks are the line's last `*` or `_` and the one
    before it; the title is what stands between the marks, spaces around it
    aside (all spaces: the last of them, as the pattern's lazy title took)."""
    opened = _BOLD_OPEN.match(line)
    if opened is None:
        return None
    end = max(line.rfind("*"), line.rfind("_"))
    start = opened.end()
    if end - 1 <= start or line[end - 1] != line[end] or not _BOLD_END.fullmatch(line, end + 1):
        return None
    inside = line[start : end - 1]
    title = inside.strip() or inside[-1]
    return title, opened.group("number")


def is_separator(line: str) -> bool:
    """A `<br/>` line or a horizontal rule: what stands between cards."""
    return bool(_BREAK_LINE.match(line) or _RULE.match(line))


def bold_questions(lines: list[str], fenced: list[bool]) -> tuple[Lines, Lines, Lines, set[int]]:
    """The bold lines that open cards, the bold titles left in an answer, the
    titles (no "?") among the first that were read as questions (both kinds
    of title are named in a warning, so that neither is silent), and the
    lines of the questions that are questions only by their Q-number."""
    bold: list[tuple[int, str, str | None]] = []
    for i, line in enumerate(lines):
        if not fenced[i] and (found := bold_line(line)) and "**" not in found[0]:
            bold.append((i, _undecorated(found[0]), found[1]))
    questions = []
    bold_at = {i for i, _, _ in bold}
    numbered = {i: _numbering(title) for i, title, _ in bold}
    # The explicit numbering styles of the lines that read as questions: a
    # line numbered the same way ("**Q3: Explain X.**" beside "**Q1: What
    # ...?**") is one of them though it asks nothing.
    styles = {
        numbering.style
        for i, title, _ in bold
        if (numbering := numbered[i]) is not None and questionlike(title)
    }
    last: int | None = None  # the number of the question before, while the count runs
    # The Q-number of the last question that had one: a Q-numbered line is a
    # question only past it (a section counting from "**Q1: What ...?**"
    # again goes on from there). "**Question 3: Full marks.**" after "**Question
    # 3: What is ...?**", or "1. **Q1: ETL transforms ...**" in an answer, is
    # the answer's own text.
    last_asked = 0
    only_numbered: set[int] = set()  # questions only by their Q-number
    for i, title, number in bold:
        n = int(number) if number else None
        # A numbered bold line that goes on with the questions' count is the
        # next question even when it does not read like one ("55. **Write a
        # function that ...**"); else it and its answer vanish into the card
        # above. A numbered list inside an answer breaks the count, and so does
        # a line with no answer of its own under it (a bold step of a list).
        goes_on = n is not None and last is not None and n == last + 1
        numbering = numbered[i]
        numbered_as_asked = (
            numbering is not None and numbering.style in styles and numbering.number > last_asked
        )
        if questionlike(title) or (
            (goes_on or numbered_as_asked) and _text_follows(lines, i, bold_at)
        ):
            questions.append((i, title))
            last = n
            if numbering is not None:
                last_asked = numbering.number
            if numbered_as_asked and not goes_on and not questionlike(title):
                only_numbered.add(i)
        elif n is not None:
            last = None
    if not questions:
        return [], [], [], set()
    asked = {i for i, _ in questions}
    # Titles left in an answer are named; so is a line numbered as the
    # questions are ("- **Q7: ...**" with no answer under it), list item or not.
    titles = [
        (i, title)
        for i, title, _ in bold
        if i not in asked
        and (_titlelike(lines, i) or ((nb := numbered[i]) is not None and nb.style in styles))
    ]
    marks = {_end_marks(lines[i]) for i, _ in questions} - {frozenset()}
    if marks and _separated(lines, [i for i, _ in questions]):
        opening = {
            i for i, _ in titles if _end_marks(lines[i]) in marks and _opens_card(lines, i, bold_at)
        }
        opened = [(i, t) for i, t in titles if i in opening]
        questions = sorted(questions + opened)
        titles = [(i, t) for i, t in titles if i not in opening]
        return questions, titles, opened, only_numbered
    return questions, titles, [], only_numbered


def _undecorated(title: str) -> str:
    """A bold title without the emoji that end it inside the bold ("**Why X?
    ⭐️**"): the question is "Why X?" (it was read as no question, and the card
    went into the answer above it)."""
    end = len(title)
    while end and (title[end - 1].isspace() or unicodedata.category(title[end - 1]) in _DECOR):
        end -= 1
    return title[:end] if end else title


def _end_marks(line: str) -> frozenset[str]:
    """The emoji that end a bold line, inside the bold or after it ("⭐️" of
    "**Why X? ⭐️**"), without their joiners and variation selectors. A title
    that ends as the deck's questions do is one of them; a plain one
    ("**Example**" after a `---` inside an answer) is not."""
    end = line.rstrip().rstrip("*_").rstrip()
    marks: set[str] = set()
    while end and (end[-1].isspace() or unicodedata.category(end[-1]) in _DECOR):
        if unicodedata.category(end[-1]) in {"So", "Sk"}:
            marks.add(end[-1])
        end = end[:-1].rstrip("*_")
    return frozenset(marks)


def _text_follows(lines: list[str], i: int, bold_at: set[int]) -> bool:
    """Is the next line with text after line `i` answer text (not another bold
    line)? A bold answer label ("- **Expected Answer**:") is: the answer is under it."""
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            labeled = answer_label(lines[j]) is not None
            return (j not in bold_at or labeled) and atx_heading(lines[j]) is None
    return False


def _titlelike(lines: list[str], i: int) -> bool:
    """Is bold line `i` a paragraph of its own, titling what follows it? Not a
    list item (a bold step of a list) nor a label ("**Example:**")."""
    return (
        not _LIST_ITEM.match(lines[i])
        and not lines[i].rstrip().rstrip("*_").rstrip().endswith(":")
        and (i == 0 or not lines[i - 1].strip())
    )


def _next_text(lines: list[str], i: int, step: int) -> int | None:
    """The nearest line with text before (`step` -1) or after (1) line `i`."""
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].strip():
            return j
        j += step
    return None


def _separated(lines: list[str], questions: list[int]) -> bool:
    """Does a separator line stand before most questions after the first (the
    deck's layout: the first needs none)?"""
    after = 0
    for i in questions[1:]:
        j = _next_text(lines, i, -1)
        after += j is not None and is_separator(lines[j])
    return after >= 1 and 2 * after >= len(questions) - 1


def _opens_card(lines: list[str], i: int, bold_at: set[int]) -> bool:
    """Does bold line `i` stand where the deck's questions stand: just after a
    separator, with answer text (not another title or separator) under it?"""
    before, after = _next_text(lines, i, -1), _next_text(lines, i, 1)
    return (
        before is not None
        and is_separator(lines[before])
        and after is not None
        and after not in bold_at
        and not is_separator(lines[after])
        and atx_heading(lines[after]) is None
    )
