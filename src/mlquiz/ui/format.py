"""Game values in words and marks for the screens.

The plain wording (`plural`, `percent`, `due_in`, ...) is `core/format.py`'s,
shared with the command line; here is what only a screen shows: verdicts as
symbols and words, and the answer with its matched words marked.
"""

from __future__ import annotations

from textual.content import Content

from mlquiz.core.format import ago, due_in, duration, percent, plural, points

__all__ = [
    "POINT_SYMBOL",
    "VERDICT_SYMBOL",
    "VERDICT_WORD",
    "ago",
    "due_in",
    "duration",
    "marked_answer",
    "percent",
    "plural",
    "points",
    "verdict_label",
]

# A verdict is always shown as a symbol and a word as well as a colour, so it
# reads the same without colour (NO_COLOR, a monochrome terminal, colour blindness).
VERDICT_SYMBOL = {"correct": "✓", "partial": "◐", "incorrect": "✗"}
VERDICT_WORD = {"correct": "Correct", "partial": "Partial", "incorrect": "Incorrect"}
POINT_SYMBOL = {"found": "✓", "missed": "✗", "contradicted": "⚠"}


def verdict_label(verdict: str) -> str:
    """'✓ Correct', '◐ Partial' or '✗ Incorrect'."""
    return f"{VERDICT_SYMBOL.get(verdict, '?')} {VERDICT_WORD.get(verdict, verdict.title())}"


def marked_answer(text: str, spans: list[tuple[int, int]]) -> Content:
    """The learner's answer with the words that earned a key point marked.

    Marked words are bold and underlined as well as coloured, so the marks
    survive NO_COLOR.
    """
    content = Content(text)
    for start, end in sorted(spans):
        start, end = max(start, 0), min(end, len(text))
        if start < end:
            content = content.stylize("bold underline $text-success", start, end)
    return content
