"""Markup in published decks told apart from text that only looks like it.

Decks written for GitHub or Anki carry HTML tags and navigation links; the
same decks also carry text with angle brackets that is no markup at all: a
shell command's placeholder (`apt-get install <package>`), a type parameter
(`List<T>`). Removing those as if they were tags silently loses words, so:

- `replace_html_tags(text, ...)` replaces only tags of real HTML elements (the WHATWG list,
  with the obsolete ones old decks still use), their name followed by `>`,
  `/` or a space: `<b>`, `</p>`, `<br/>`, `<a href="...">`, but not
  `<package>`, `<your-file>` or `<T>`;
- `outside_code(text, change)` applies a change to the text between inline
  code spans only (a span is code: `<br>` in it is what the author typed);
- `code_fence_lines(lines)` tells which lines are fenced code, as CommonMark
  opens and closes fences;
- `is_navigation_line(line)` tells a line that is only in-page anchor links
  (`[back to top](#table-of-contents)`, `- [What is bias?](#what-is-bias)`,
  `<a href="#top">⬆</a>`): a way around the page, no card's text.

The importers (display text) and key-point derivation (`grading/derive/
clean.py`) read markup with these, so both agree on what is text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

# Every element of the HTML Living Standard, and the obsolete ones that
# decks exported from old editors still carry (font, center, tt, ...).
HTML_ELEMENTS = frozenset(
    """a abbr acronym address applet area article aside audio b base basefont bdi bdo
    big blink blockquote body br button canvas caption center cite code col colgroup
    data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption
    figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html
    i iframe img input ins kbd label legend li link main map mark marquee math menu meta
    meter nav nobr noframes noscript object ol optgroup option output p param picture
    plaintext pre progress q rp rt ruby s samp script search section select slot small
    source span strike strong style sub summary sup svg table tbody td template textarea
    tfoot th thead time title tr track tt u ul var video wbr xmp""".split()
)

# A tag's name ends at ">", "/" or a space: "<a, b>" and "<your-file>" are no tags.
_TAG_SHAPE = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>")


def is_html_element(name: str) -> bool:
    return name.lower() in HTML_ELEMENTS


def replace_html_tags(text: str, replacement: Callable[[re.Match[str]], str]) -> str:
    """`text` with each real HTML tag replaced by `replacement(match)`; group 1
    of the match is the tag's name. Angle-bracket text that is no tag stays."""

    def one(match: re.Match[str]) -> str:
        return replacement(match) if is_html_element(match.group(1)) else match.group(0)

    return _TAG_SHAPE.sub(one, text)


_BACKTICKS = re.compile(r"`+")


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span: a run of backticks up to the next
    run of as many on the same line (CommonMark's rule; a run with no such
    partner is text). Linear in the text, however many backticks it holds."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    # For each run, the next run of the same length on its line, found from the right.
    partner: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for k in range(len(runs) - 1, -1, -1):
        start, end = runs[k]
        if k + 1 < len(runs) and "\n" in text[end : runs[k + 1][0]]:
            seen = {}
        partner[k] = seen.get(end - start)
        seen[end - start] = k
    spans = []
    k = 0
    while k < len(runs):
        other = partner[k]
        if other is None:
            k += 1
            continue
        spans.append((runs[k][0], runs[other][1]))
        k = other + 1
    return spans


def outside_code(text: str, change: Callable[[str], str]) -> str:
    """`text` with `change` applied to everything but its inline code spans."""
    if "`" not in text:
        return change(text)
    out: list[str] = []
    end = 0
    for start, stop in _code_spans(text):
        out.append(change(text[end:start]))
        out.append(text[start:stop])
        end = stop
    out.append(change(text[end:]))
    return "".join(out)


# --------------------------------------------------------------------------
# Fenced code blocks

PROSE, CODE_LINE, FENCE_LINE = 0, 1, 2
# Any indentation: fences inside list items are indented, and GitHub reads them.
_FENCE_RUN = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")


def code_fence_lines(lines: list[str]) -> list[int]:
    """For each line: `FENCE_LINE` (a fence that opens or closes a code block),
    `CODE_LINE` (inside one) or `PROSE`, by CommonMark's rules. A run of three
    or more backticks or tildes opens a block, but not a backtick run with a
    backtick after it ("```x = 1```" is inline code, and taking it for a fence
    turned the rest of a deck into code); only a run of the same character, at
    least as long and with nothing after it, closes the block, so a "```" line
    shown inside a "````" block is code. A block left open runs to the end."""
    out: list[int] = []
    opened = ""
    for line in lines:
        run = _FENCE_RUN.match(line) if ("`" in line or "~" in line) else None
        if not opened:
            if run is not None and not (run.group(1)[0] == "`" and "`" in run.group(2)):
                opened = run.group(1)
                out.append(FENCE_LINE)
            else:
                out.append(PROSE)
        elif (
            run is not None
            and run.group(1)[0] == opened[0]
            and len(run.group(1)) >= len(opened)
            and not run.group(2).strip()
        ):
            opened = ""
            out.append(FENCE_LINE)
        else:
            out.append(CODE_LINE)
    return out


# --------------------------------------------------------------------------
# Navigation lines

# Each part stops at the next bracket or tag, so a line of a million "[" or
# "<a href=#x>" is read in linear time.
_ANCHOR_LINK = re.compile(r"!?\[[^\[\]\n]*\]\(\s*#[^()\s]*\s*\)")
_ANCHOR_TAG = re.compile(r"<a\s[^<>]*href\s*=\s*[\"']?#[^<>]*>[^<]*</a\s*>", re.IGNORECASE)
_LEFTOVER_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def is_navigation_line(line: str) -> bool:
    """Is `line` only in-page anchor links, with list markers, emphasis,
    separators or arrows around them (and no word of its own)?"""
    if "#" not in line:
        return False
    rest, links = _ANCHOR_LINK.subn("", line)
    rest, tags = _ANCHOR_TAG.subn("", rest)
    if not links and not tags:
        return False
    rest = _LEFTOVER_TAG.sub("", rest)
    rest = re.sub(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", "", rest)
    return not re.search(r"[^\W_]", rest)


# --------------------------------------------------------------------------
# Links and images


def sub_bracketed(
    text: str,
    opener: str,
    rest: re.Pattern[str],
    replace: Callable[[str], str],
    closer: str,
    *,
    empty: bool = False,
) -> str:
    """`re.sub` of the pattern `<opener>([^\\]]+)\\]<rest>` (`[^\\]]*` when `empty`)
    with `replace(label)`: the same replacements, in time linear in the text.

    A regex tries each `[` in turn, and each try reads to the next `]` and on
    through `rest`: a line of 20,000 `[` took seconds. Here a try that fails
    at the `]` it reached rules out every `[` before that `]` (they reach the
    same one), and no try is made once no `closer` (the last character
    `rest` needs) is left: `rest` must end with `closer`.
    """
    if opener not in text:
        return text
    last = text.rfind(closer)
    out: list[str] = []
    done = at = 0
    while True:
        start = text.find(opener, at)
        if start == -1:
            break
        label = start + len(opener)
        end = text.find("]", label)
        if end == -1 or end + 1 >= last:
            break  # no later try can reach a `]` and a `closer` after it
        found = rest.match(text, end + 1) if empty or end > label else None
        if found is None:
            at = end + 1
            continue
        out.append(text[done:start])
        out.append(replace(text[label:end]))
        done = at = found.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


# --------------------------------------------------------------------------
# Emphasis

# Where a pair's closing `**`, `__` or `~~` may stand: after a character that
# is not a space.
_CLOSABLE = re.compile(r"(?<=\S)(?=(\*\*|__|~~))")
_EMPHASIS_START = re.compile(r"[*_~]")
_NEWLINE = re.compile(r"\n")


def sub_emphasis(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]
) -> str:
    """`pattern.sub(replace, text)` for an emphasis pattern, in time linear in the text.

    `pattern` starts with `*`, `_` or `~`, and a try of it at a doubled marker
    (`**x**`, `__x__`, `~~x~~`) on one line reads on to the first same marker
    after a non-space, or fails at the line's end: a line of 25,000 "**a "
    took 30 s. Here a doubled marker with no such marker after it on its line
    is not tried (the regular expression would fail there), and everything
    else is tried as `re.sub` would, left to right.
    """
    if "**" not in text and "__" not in text and "~~" not in text:
        return pattern.sub(replace, text)
    closers: dict[str, list[int]] = {"**": [], "__": [], "~~": []}
    for closer in _CLOSABLE.finditer(text):
        closers[closer.group(1)].append(closer.start())
    lines = [found.start() for found in _NEWLINE.finditer(text)]

    def hopeless(where: int) -> bool:
        """A doubled marker with no closing marker after it on its line."""
        positions = closers.get(text[where : where + 2])
        if positions is None:
            return False
        # The first closing marker the try could end at, and the line's end.
        n = bisect_left(positions, where + 3)
        line = bisect_left(lines, where)
        end_of_line = lines[line] if line < len(lines) else len(text)
        return n == len(positions) or positions[n] >= end_of_line

    return _sub_tried(text, _EMPHASIS_START, pattern, replace, hopeless)


def _sub_tried(
    text: str,
    starts: re.Pattern[str],
    pattern: re.Pattern[str],
    replace: Callable[[re.Match[str]], str],
    hopeless: Callable[[int], bool],
) -> str:
    """`pattern.sub(replace, text)`, trying the pattern only where `starts`
    finds a start that is not `hopeless` (where the pattern is known to fail
    without reading on): the scanners below say where a try would read the
    rest of the text in vain."""
    out: list[str] = []
    done = at = 0
    while True:
        start = starts.search(text, at)
        if start is None:
            break
        where = start.start()
        found = None if hopeless(where) else pattern.match(text, where)
        if found is None:
            at = where + 1
            continue
        out.append(text[done:where])
        out.append(replace(found))
        done = at = found.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


# --------------------------------------------------------------------------
# Formulas


class Enclosure:
    """One branch of a pattern: `opener` (starting with the character
    `first`), any text (at least `least` characters, newlines too), and the
    first `closer` after it; both case-insensitive regular expressions."""

    def __init__(self, first: str, opener: str, closer: str, least: int = 0) -> None:
        self.first = first  # the character the opener starts with
        self.opener = re.compile(opener, re.IGNORECASE)
        self.closer = re.compile(f"(?={closer})", re.IGNORECASE)
        self.least = least


def sub_enclosed(
    text: str,
    pattern: re.Pattern[str],
    replace: Callable[[re.Match[str]], str],
    enclosures: tuple[Enclosure, ...],
    starts: re.Pattern[str],
) -> str:
    """`pattern.sub(replace, text)`, in time linear in the text, for a pattern
    whose matches start with a character of `starts` and whose branches are
    the `enclosures` (no two opening at one place) and others that read no
    further than the next line or the next of their own marker.

    A try of an enclosure whose closer never comes reads the whole rest of
    the text: 20,000 `\\[` took 20 s. Here a place where such an enclosure
    opens is not tried (the pattern fails there: no other branch opens at an
    enclosure's opener), and every other place is tried as `re.sub` would.
    """
    # The enclosures by their opener's first character, with where their closers are.
    by_first: dict[str, list[tuple[Enclosure, list[int]]]] = {}
    for enclosure in enclosures:
        closers = [found.start() for found in enclosure.closer.finditer(text)]
        by_first.setdefault(enclosure.first, []).append((enclosure, closers))

    def hopeless(where: int) -> bool:
        """An enclosure opens here whose closer never comes."""
        for enclosure, positions in by_first.get(text[where], ()):
            opened = enclosure.opener.match(text, where)
            if opened is not None:
                first = bisect_left(positions, opened.end() + enclosure.least)
                return first == len(positions)
        return False

    return _sub_tried(text, starts, pattern, replace, hopeless)
