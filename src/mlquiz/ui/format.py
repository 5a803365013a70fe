"""Game values in words and marks for the screens.

The plain wording (`plural`, `percent`, `due_in`, ...) is `core/format.py`'s,
shared with the command line; here is what only a screen shows: verdicts as
symbols and words, and the answer with its matched words marked.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from mlquiz.core.format import ago, due_in, duration, percent, plural, points, score_line
from mlquiz.core.terminal_text import shown

__all__ = [
    "POINT_SYMBOL",
    "VERDICT_SYMBOL",
    "VERDICT_WORD",
    "ago",
    "due_in",
    "duration",
    "marked_answer",
    "point_line",
    "percent",
    "plural",
    "points",
    "score_line",
    "verdict_label",
]

# A verdict is always shown as a symbol and a word as well as a colour, so it
# reads the same without colour (NO_COLOR, a monochrome terminal, colour blindness).
VERDICT_SYMBOL = {"correct": "✓", "partial": "◐", "incorrect": "✗"}
VERDICT_WORD = {"correct": "Correct", "partial": "Partial", "incorrect": "Incorrect"}
# "partly": a point missed of which the answer says some words (`PointResult.shown`);
# a ✗ is only for a point of which it says nothing.
POINT_SYMBOL = {"found": "✓", "partly": "◐", "missed": "✗", "contradicted": "⚠"}


def verdict_label(verdict: str) -> str:
    """'✓ Correct', '◐ Partial' or '✗ Incorrect'."""
    return f"{VERDICT_SYMBOL.get(verdict, '?')} {VERDICT_WORD.get(verdict, verdict.title())}"


# Longer words that earned a point are cut to this many characters.
_WORDS_SHOWN = 48


def point_line(label: str, status: str, required: bool, words: str = "", via: str = "") -> str:
    """One row of the checklist: "✓ label  ← “the words” (in code)", or for a
    point said in part (`status` "partly"), "◐ label  ← only “the words”"."""
    line = f"{POINT_SYMBOL[status]} {shown(label)}"
    if status == "contradicted":
        line += "  (contradicted)"
    if not required:
        line += "  (optional)"
    said = " ".join(words.split())
    # The words are worth showing when they are not the label itself.
    if len(said) > _WORDS_SHOWN:
        said = said[: _WORDS_SHOWN - 1].rstrip() + "…"
    if status == "partly":
        line += f"  ← only “{shown(said)}”"
    elif status == "found" and said and (said.casefold() != label.casefold() or via):
        line += f"  ← “{shown(said)}”"
        if via:
            line += f" ({shown(via)})"
    return line


def marked_answer(
    text: str, spans: Sequence[tuple[int, int]], wrong: Sequence[tuple[int, int]] = ()
) -> Content:
    """The learner's answer with the words that earned a key point marked, and
    the words of a false claim or a wrong item marked as wrong.

    Marked words are bold and underlined (wrong ones reversed) as well as
    coloured, so the marks survive NO_COLOR. Controls in the text are made
    visible (one character for one, so the spans still fit).
    """
    content = Content(shown(text))
    for start, end in sorted(spans):
        start, end = max(start, 0), min(end, len(text))
        if start < end:
            content = content.stylize("bold underline $text-success", start, end)
    for start, end in sorted(wrong):
        start, end = max(start, 0), min(end, len(text))
        if start < end:
            content = content.stylize("bold reverse $text-error", start, end)
    return content
