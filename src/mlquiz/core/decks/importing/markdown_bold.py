"""Which whole bold lines of a Markdown file are questions (`markdown_qa.py`'s
`bold` shape: `**What is X?** 🤔`, its answer the paragraphs under it).

A bold line is a question when it reads like one ("?", a question word, its
numbering aside: "**Q3: Explain X.**"), when it goes on with the questions'
count ("55. **Write a function …**", "**Q4: Write …**"), when it carries the
labeled numbering of the deck's questions ("**Q9: Design …**" where "**Q8:
What …?**" is one, though Q8 was not the one before), or when it opens with a
prompt verb ("**Implement an LRU cache.**") and stands where the deck's
questions stand (see `_prompt`).
Where the deck stands a separator line (`<br/>`, `---`) before its cards and
ends its questions with an emoji, a bold title just after a separator with its
own text under it that ends with one of the same emoji is a card too, though it
asks nothing ("**Precision-recall trade-off ⭐️**"). Any other bold
title stays in the answer above it, and the caller says so (file:line): a
card never vanishes into another unseen.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from mlquiz.core.decks.importing.markdown_lines import answer_label, atx_heading, questionlike

# A bold line may be a list item, bulleted or numbered ("1. **What is X?**").
_BOLD_LINE = re.compile(
    r"^ {0,3}(?:(?:[-*+]|(?P<number>\d{1,4})(?P<sep>[.)]))\s+)?"
    r"(?:\*\*|__)\s*(?P<title>.+?)\s*(?:\*\*|__)\s*[^\w\s*_`\[<]*\s*$"
)
_BREAK_LINE = re.compile(r"^\s*(?:<\s*/?\s*br\s*/?\s*>\s*)+$", re.IGNORECASE)
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,4}[.)])\s")
# A question's numbering inside its bold: "Q3:", "Question 3.", "3." ("Q" and
# "Question" label it; a bare number needs a space after it: "2-phase commit").
_NUMBERING = re.compile(
    r"^(?:(?P<label>q|question)\s*(?P<n>\d{1,4})\s*(?P<sep>[.):-])\s*"
    r"|(?P<bare>\d{1,4})(?P<bare_sep>[.):-])\s+)",
    re.IGNORECASE,
)
# Verbs that open a task rather than ask ("Write a query …", "Design a …"),
# beyond the question words of `questionlike` (which already reads "Explain X").
# Those that are nouns too ("Write path", "Design patterns", "Build tools":
# `_AMBIGUOUS`) need more to be read as prompts (`_prompt`).
_PROMPT_VERBS = frozenset(
    """implement illustrate derive calculate compute create summarize summarise
    identify suggest propose prove evaluate analyze analyse elaborate justify
    demonstrate estimate interpret construct develop optimize optimise debug
    refactor solve distinguish write design outline build show draw sketch find
    code walk""".split()
)
_AMBIGUOUS = frozenset("write design outline build show draw sketch find code".split())
_DETERMINERS = frozenset(
    """a an the how why what when where which who whether your our my this these
    that those some two three four five several each all any one down out""".split()
)
# Emoji and their joiners and variation selectors: symbols, format and marks.
_DECOR = frozenset({"So", "Sk", "Cf", "Mn", "Me"})

Lines = list[tuple[int, str]]  # (index in the file, title)


def is_separator(line: str) -> bool:
    """A `<br/>` line or a horizontal rule: what stands between cards."""
    return bool(_BREAK_LINE.match(line) or _RULE.match(line))


def bold_questions(lines: list[str], fenced: list[bool]) -> tuple[Lines, Lines, Lines]:
    """The bold lines that open cards, the bold titles left in an answer, and
    the titles (no "?") among the first that were read as questions: both
    kinds of title are named in a warning, so that neither is silent."""
    bold = [
        (i, _undecorated(m.group("title")), m)
        for i, line in enumerate(lines)
        if not fenced[i] and (m := _BOLD_LINE.match(line)) and "**" not in m.group("title")
    ]
    bold_at = {i for i, _, _ in bold}
    numbered = {i: _numbering(title, m) for i, title, m in bold}
    # How the lines that read like questions are numbered ("Q" and ":" of
    # "**Q3: ...**", "." of "**3. ...**") and how they stand (`_Stance`).
    asking = [i for i, _, _ in bold if questionlike(numbered[i][2])]
    styles = Counter(numbered[i][1] for i in asking if numbered[i][0] is not None)
    labeled = {style for style in styles if style[0]}
    bare = {style for style, count in styles.items() if not style[0] and count >= 2}
    stance = _stance(lines, asking) if len(asking) >= 2 else None
    headings = [i for i, line in enumerate(lines) if not fenced[i] and atx_heading(line)]
    questions: Lines = []
    last: int | None = None  # the number of the question before, while the count runs
    latest: int | None = None  # the number of the question before, count run or not
    for i, title, _ in bold:
        n, style, text = numbered[i]
        # A numbered bold line that goes on with the questions' count is the
        # next question even when it does not read like one ("55. **Write a
        # function that ...**"); else it and its answer vanish into the card
        # above. A numbered list inside an answer breaks the count, and so does
        # a line with no answer of its own under it (a bold step of a list).
        goes_on = n is not None and last is not None and n == last + 1
        # A line numbered as the questions are is one when the count skips
        # too: "**Q12: ...**" anywhere, "**12. ...**" further on in the count
        # or at 1 again under a new section heading (an answer's own numbered
        # list starts at 1 under no heading: it stays in the answer).
        numbered_as_asked = n is not None and (
            style in labeled
            or (
                style in bare
                and latest is not None
                and (n > latest or (n == 1 and _heading_between(headings, questions[-1][0], i)))
            )
        )
        # A task ("**Implement ...**") is one when it stands as they stand.
        if questionlike(text) or (
            (goes_on or numbered_as_asked or (stance and _prompt(lines, i, text, stance)))
            and _text_follows(lines, i, bold_at)
        ):
            questions.append((i, title))
            last = n
            latest = n if n is not None else latest
        elif n is not None:
            last = None
    if not questions:
        return [], [], []
    asked = {i for i, _ in questions}
    # Titles left in an answer are named; so is a line numbered as the
    # questions are ("- **Q7: ...**" with no answer under it), list item or not.
    titles = [
        (i, title)
        for i, title, _ in bold
        if i not in asked and (_titlelike(lines, i) or numbered[i][1] in labeled)
    ]
    marks = {_end_marks(lines[i]) for i, _ in questions} - {frozenset()}
    if marks and _separated(lines, [i for i, _ in questions]):
        opening = {
            i for i, _ in titles if _end_marks(lines[i]) in marks and _opens_card(lines, i, bold_at)
        }
        opened = [(i, t) for i, t in titles if i in opening]
        questions = sorted(questions + opened)
        titles = [(i, t) for i, t in titles if i not in opening]
        return questions, titles, opened
    return questions, titles, []


_Numbering = tuple[int | None, tuple[str, str, str], str]


def _numbering(title: str, match: re.Match[str]) -> _Numbering:
    """(number, style, text) of a bold line: its number before the bold ("55.
    **...**") or inside it ("**Q3: ...**", "**3. ...**"); the style, (label
    "q", "question" or "", separator, "before" or "inside" the bold), tells
    the deck's numbering from a list's; the text is the title without it."""
    if match.group("number"):
        return int(match.group("number")), ("", match.group("sep"), "before"), title
    inner = _NUMBERING.match(title)
    if inner is None:
        return None, ("", "", ""), title
    rest = title[inner.end() :]
    if inner.group("label"):
        label = inner.group("label").lower()
        return int(inner.group("n")), (label, inner.group("sep"), "inside"), rest
    return int(inner.group("bare")), ("", inner.group("bare_sep"), "inside"), rest


def _heading_between(headings: list[int], start: int, end: int) -> bool:
    """Is there a heading between lines `start` and `end` (a new section)?"""
    at = bisect.bisect_right(headings, start)
    return at < len(headings) and headings[at] < end


def _form(lines: list[str], i: int) -> str:
    """How bold line `i` stands: a list item, or a paragraph of its own."""
    return "item" if _LIST_ITEM.match(lines[i]) else "paragraph"


@dataclass(frozen=True)
class _Stance:
    """How a deck's bold questions stand: as list items or paragraphs, their
    answers opening with a label ("- **Expected Answer**:") or not, and the
    emoji that end them (none when some questions end with none)."""

    form: str
    labeled_answers: bool
    marks: frozenset[frozenset[str]]


def _stance(lines: list[str], asking: list[int]) -> _Stance:
    form = Counter(_form(lines, i) for i in asking).most_common(1)[0][0]
    labeled = sum(_answer_labeled(lines, i) for i in asking)
    ends = [_end_marks(lines[i]) for i in asking]
    marks = frozenset(ends) if all(ends) else frozenset()
    return _Stance(form, 2 * labeled > len(asking), marks)


def _answer_labeled(lines: list[str], i: int) -> bool:
    """Does the first text under line `i` open with an answer label ("A:")?"""
    j = _next_text(lines, i, 1)
    return j is not None and answer_label(lines[j]) is not None


def _prompt(lines: list[str], i: int, text: str, stance: _Stance) -> bool:
    """Is bold line `i` (its numbering off: `text`) a task the deck sets, in a
    deck of bold questions ("**Implement an LRU cache.**")? It must open with a
    prompt verb, be a sentence (four words or more, ending "." or "?"), and
    stand as the deck's questions stand (`_Stance`: a paragraph of its own or a
    list item as they are, its answer labeled if theirs are, ending with their
    emoji). A verb that is a noun too ("Write path", "Design patterns") needs
    a determiner after it ("Write a ...") or a purpose ("Write SQL to ...").
    So the bold titles inside answers stay there: labels ("**Data Owner**:"),
    topics ("**Example**", "**Write amplification**") and the steps of a
    how-to ("**Build the Docker image**", no full stop)."""
    words = re.findall(r"[A-Za-z][A-Za-z']*", text.lower())
    if len(words) < 4 or words[0] not in _PROMPT_VERBS or not text.rstrip().endswith((".", "?")):
        return False
    if _form(lines, i) != stance.form:
        return False
    if stance.form == "paragraph" and not _opens_paragraph(lines, i):
        return False
    if stance.labeled_answers and not _answer_labeled(lines, i):
        return False
    if stance.marks and _end_marks(lines[i]) not in stance.marks:
        return False
    if words[0] == "walk":
        return words[1] in ("through", "me", "us")
    purpose = {"to", "that", "which"} & set(words[2:])
    return words[0] not in _AMBIGUOUS or words[1] in _DETERMINERS or bool(purpose)


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


def _opens_paragraph(lines: list[str], i: int) -> bool:
    """Does line `i` stand after a blank line, a separator or a heading (or first)?"""
    before = lines[i - 1] if i else ""
    return not before.strip() or is_separator(before) or atx_heading(before) is not None


def _text_follows(lines: list[str], i: int, bold_at: set[int]) -> bool:
    """Is the next line with text after line `i` answer text (not another bold
    line)? A bold label ("- **Expected Answer**:", the answer under it) is."""
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            label = lines[j].rstrip().rstrip("*_").rstrip().endswith(":")
            return (j not in bold_at or label) and atx_heading(lines[j]) is None
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
