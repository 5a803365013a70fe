"""Small pure functions that turn game values into words for the screens.

Kept apart from the widgets so they are easy to test and reuse, and so the
same verdict reads the same way on every screen.
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from mlquiz.core.terminal_text import shown

# A verdict is always shown as a symbol and a word as well as a colour, so it
# reads the same without colour (NO_COLOR, a monochrome terminal, colour blindness).
VERDICT_SYMBOL = {"correct": "✓", "partial": "◐", "incorrect": "✗"}
VERDICT_WORD = {"correct": "Correct", "partial": "Partial", "incorrect": "Incorrect"}
POINT_SYMBOL = {"found": "✓", "missed": "✗", "contradicted": "⚠"}


def verdict_label(verdict: str) -> str:
    """'✓ Correct', '◐ Partial' or '✗ Incorrect'."""
    return f"{VERDICT_SYMBOL.get(verdict, '?')} {VERDICT_WORD.get(verdict, verdict.title())}"


def percent(fraction: float) -> str:
    return f"{round(fraction * 100):d}%"


def points(score: float) -> str:
    """A score with at most two decimals, without trailing zeros: '1', '0.5',
    '0.75'. (With one, 0.75 showed as '0.8' beside its '75%'; hints make 0.85
    and 0.72.)"""
    text = f"{score:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def duration(seconds: float) -> str:
    """'42s', '3m 05s', '1h 02m'."""
    seconds = max(int(round(seconds)), 0)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def ago(moment: str | datetime | None, now: datetime) -> str:
    """How long ago an ISO time (as the store keeps them) was: 'today', '3 days ago'."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return ""
    days = (now.date() - moment.astimezone(now.tzinfo).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 60:
        return f"{days} days ago"
    return moment.strftime("%Y-%m-%d")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def marked_answer(text: str, spans: list[tuple[int, int]]) -> Content:
    """The learner's answer with the words that earned a key point marked.

    Marked words are bold and underlined as well as coloured, so the marks
    survive NO_COLOR. Controls in the text are made visible (one character for
    one, so the spans still fit).
    """
    content = Content(shown(text))
    for start, end in sorted(spans):
        start, end = max(start, 0), min(end, len(text))
        if start < end:
            content = content.stylize("bold underline $text-success", start, end)
    return content
