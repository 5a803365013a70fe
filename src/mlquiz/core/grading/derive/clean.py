"""A reference answer as a reader takes it in: the words, not the markup around them.

Published decks carry HTML remnants, Markdown emphasis, links, images, bare
URLs, LaTeX, list markers and numbers. Mined as content they become key
points ("strong ean", "br", a point named "1"); so derivation and the
whole-answer similarity read `clean_text(answer)`, while the card keeps the
answer as published for the player to read.

- `clean_text`: markup out, one line per list item ("- item") or paragraph, the words of
  a LaTeX formula's `\\text{...}` kept (a formula's symbols are not words a
  learner types);
- `repeated_lines` / `without_lines`: lines that many answers of one deck
  share (a site's "view answer on ..." link, a signature) say nothing about
  any one card.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from mlquiz.core.decks.importing.latex import ENCLOSURES, FORMULA_START
from mlquiz.core.grading.derive.code import code_lines
from mlquiz.core.markup import (
    CODE_LINE,
    FENCE_LINE,
    code_fence_lines,
    is_navigation_line,
    outside_code,
    replace_html_tags,
    sub_bracketed,
    sub_emphasis,
    sub_enclosed,
)

_BREAK_TAGS = frozenset({"br", "p", "div", "li", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "h5"})
# Tags inside a word ("<strong>M</strong>ean"): gone without a space.
_INLINE_TAGS = frozenset(
    "a b i u s em strong span sub sup code font mark small del ins abbr kbd tt var".split()
)
# What follows an image's or a link's `[text]`: its target, one level of
# parentheses in it, and a title (`sub_bracketed` reads the `[text]`).
_LINK_TARGET = re.compile(r"\(([^()\s]*(?:\([^()]*\))?[^()\s]*)(?:\s+\"[^\"]*\")?\)")
# ... and a reference link's `[ref]`.
_LINK_REFERENCE = re.compile(r"\[[^\]]*\]")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]", re.IGNORECASE)
_LATEX = re.compile(
    r"\[\$\$\](.*?)\[/\$\$\]|\[\$\](.*?)\[/\$\]|\[latex\](.*?)\[/latex\]"
    r"|\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<![\w$])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])",
    re.DOTALL | re.IGNORECASE,
)
_LATEX_TEXT = re.compile(r"\\(?:text|mathrm|textrm|textbf|textit|operatorname|mbox)\s*\{([^{}]*)\}")
_EMPHASIS = re.compile(
    r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"
)
_UNDERSCORE = re.compile(r"(?<![\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w])")
_CODE = re.compile(r"`+([^`\n]*)`+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s*(?:>\s*)+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•▪◦·]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s))\s+")
# Possessive, as `markdown_qa.TABLE_RULE` (a line of spaces read in linear time).
_TABLE_RULE = re.compile(r"^\s*+\|?\s*+:?-{3,}:?\s*+(?:\|\s*+:?-{3,}:?\s*+)*\|?\s*+$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")


def _nothing(_: str) -> str:
    return " "


def _label(label: str) -> str:
    return label


def _emphasis_words(match: re.Match[str]) -> str:
    return match.group(2) or match.group(3)


def clean_text(text: str, headings: bool = True, code_names: bool = False) -> str:
    """`text` without its markup, one paragraph or list item a line (see the module).

    `headings=False` leaves out the answer's own sub-headings ("#### Types"):
    they are its structure, no idea of the card (derivation reads it so).
    `code_names=True` reads a fenced code block that opens the answer as the
    names it calls and its comments (`code.py`), not line by line:
    derivation's reading."""
    text = html.unescape(text.replace("\r", ""))
    text = _without_navigation(text)
    # Each pattern is tried only on text holding the characters it needs:
    # most answers have no markup, and an import cleans 100,000 of them.
    if "$" in text or "\\" in text or "[" in text:
        text = sub_enclosed(text, _LATEX, _latex_words, ENCLOSURES, FORMULA_START)
    # Images out, links as their text; linear in the text (a line of 20,000
    # "[" took seconds as regular expressions).
    text = sub_bracketed(text, "![", _LINK_TARGET, _nothing, ")", empty=True)
    text = sub_bracketed(text, "[", _LINK_TARGET, _label, ")")
    text = sub_bracketed(text, "[", _LINK_REFERENCE, _label, "]")
    text = _tags_out(text)
    if "://" in text or "www." in text.lower():
        text = _URL.sub(" ", text)
    lines: list[str] = []
    # Cells of a table only where the text has a table's rule line or a row
    # framed by pipes: "cmd1 | cmd2" in a sentence is the shell's pipe.
    table = "|" in text and any(
        _TABLE_RULE.match(r) and "|" in r or _FRAMED_ROW.match(r) for r in text.split("\n")
    )
    raws = text.split("\n")
    block: list[str] = []
    for raw, kind in zip(raws, code_fence_lines(raws), strict=True):
        if kind == CODE_LINE:
            if code_names:
                block.append(raw)
            else:
                lines.append(raw.strip())  # code is content: a learner may answer in it
            continue
        if block:
            lines.extend(_code_block(block))
            block.clear()
        if kind == FENCE_LINE:
            continue
        if not headings and _HEADING.match(raw):
            lines.append("")
            continue
        line = _HEADING.sub(r"\1", raw)
        line = _QUOTE.sub("", line)
        if _RULE.match(line) or _TABLE_RULE.match(line):
            lines.append("")
            continue
        # A list item stays one (its number or bullet would be mined as a word).
        line = _LIST_MARKER.sub("- ", line)
        if "*" in line or "__" in line or "~~" in line:
            line = sub_emphasis(line, _EMPHASIS, _emphasis_words)
        if "_" in line:
            line = _UNDERSCORE.sub(r"\1", line)
        if "`" in line:
            line = _CODE.sub(r"\1", line)
        if "|" in line:
            line = _pipes(line, table)
        lines.append(_symbols_out(line))
    if block:  # a block left open runs to the end
        lines.extend(_code_block(block))
    out: list[str] = []
    for line in lines:
        line = " ".join(line.split())
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _code_block(block: list[str]) -> list[str]:
    """The lines read for a fenced block: the names it calls, a paragraph of its
    own, wherever it stands. After prose too: read line by line, a block of
    queries gave the player "SELECT name", "ORDER BY salary DESC (2)"; a call
    the question names ("How do you start an MLflow run?": `mlflow.start_run`)
    stays an item, its words joined in the deck's glossary (`code.py`)."""
    return ["", *code_lines(block), ""]


_FRAMED_ROW = re.compile(r"^\s*\|.*\|\s*$")
# A cell of a list written "A | B | C": a few words.
_LIST_CELL_WORDS = 3


def _pipes(line: str, table: bool) -> str:
    """A line with pipes: a table row's cells, a short list "sklearn | pytorch"
    as a comma list (each item an idea), or prose whose pipe is a symbol
    ("cmd1 | cmd2"), left as written: derivation reads no word in it."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if table and len(cells) >= 2:
        return " ; ".join(c for c in cells if c)
    words = [re.findall(r"[^\W_]+", c) for c in cells]
    if len(cells) >= 2 and all(
        1 <= len(w) <= _LIST_CELL_WORDS and any(x.lower() not in _ARTICLES for x in w)
        for w in words
    ):
        return ", ".join(cells)
    return line


_ARTICLES = frozenset({"a", "an", "the"})


def without_heading_marks(text: str) -> str:
    """`text` with its Markdown headings' `#` marks taken off ("#### Types" ->
    "Types"), outside code fences: the answer as the player reads it."""
    if "#" not in text:
        return text
    out: list[str] = []
    lines = text.split("\n")
    for line, code in zip(lines, code_fence_lines(lines), strict=True):
        if not code and _HEADING.match(line):
            line = _HEADING.sub(r"\1", line)
        out.append(line)
    return "\n".join(out)


def _without_navigation(text: str) -> str:
    """`text` without its lines of in-page links ("back to top"): no card's words."""
    if "#" not in text:
        return text
    kept: list[str] = []
    lines = text.split("\n")
    for line, code in zip(lines, code_fence_lines(lines), strict=True):
        if not code and is_navigation_line(line):
            continue
        kept.append(line)
    return "\n".join(kept)


def _tags_out(text: str) -> str:
    """HTML tags out, but not in code (fenced or inline) and not angle-bracket text
    that is no tag (`<package>`, `<T>`: `core/markup.py`)."""
    if "<" not in text:
        return text
    parts: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            parts.append(outside_code("\n".join(prose), _prose_tags_out))
            prose.clear()

    lines = text.split("\n")
    for line, code in zip(lines, code_fence_lines(lines), strict=True):
        if code:
            flush()
            parts.append(line)
        else:
            prose.append(line)
    flush()
    return "\n".join(parts)


def _prose_tags_out(text: str) -> str:
    return replace_html_tags(text, _tag)


def _tag(match: re.Match[str]) -> str:
    name = match.group(1).lower()
    if name == "li" and not match.group(0).lstrip("< ").startswith("/"):
        return "\n- "
    return "\n" if name in _BREAK_TAGS else "" if name in _INLINE_TAGS else " "


def _latex_words(match: re.Match[str]) -> str:
    body = next(g for g in match.groups() if g is not None)
    words = [w.strip() for w in _LATEX_TEXT.findall(body) if w.strip()]
    return " " + " ".join(words) + " "


def _symbols_out(line: str) -> str:
    """Emoji and pictographs out (a question line often ends in one)."""
    if line.isascii():
        return line
    return "".join(ch for ch in line if unicodedata.category(ch) not in ("So", "Cs", "Co"))


# --------------------------------------------------------------------------
# Lines a deck repeats

# A line is the deck's, not a card's, when this share of the answers has it
# (and at least three answers do).
REPEATED_SHARE = 0.25


def _line_key(line: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", line.lower()))


def repeated_lines(answers: Iterable[str]) -> frozenset[str]:
    """Lines (as word keys) that many of `answers` (clean text) have besides a
    line of their own: a footer. A line that is a whole answer is no footer,
    however many cards share it (2,000 cards all answering "yes")."""
    counts: dict[str, int] = {}
    total = 0
    for answer in answers:
        total += 1
        keys = {_line_key(line) for line in answer.split("\n")} - {""}
        if len(keys) > 1:
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
    return frozenset(k for k, n in counts.items() if n >= 3 and n >= REPEATED_SHARE * total)


def without_lines(text: str, lines: frozenset[str]) -> str:
    """`text` without the lines whose word keys are in `lines`."""
    if not lines:
        return text
    return "\n".join(line for line in text.split("\n") if _line_key(line) not in lines).strip()
