"""Game values in words, the same on every screen and in `mlquiz stats`.

Small pure functions with no UI library behind them, so the command line and
the screens share them (`ui/format.py` adds what needs Textual).
"""

from __future__ import annotations

import math
from datetime import datetime, tzinfo


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 card', '2 cards' ('2 entries' with `many`)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


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


def minutes(seconds: float) -> str:
    """Time spent in whole minutes: '25 min', '2 h 05 min'."""
    total = round(seconds / 60)
    if total < 60:
        return f"{total} min"
    return f"{total // 60} h {total % 60:02d} min"


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


def due_in(moment: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """When a card comes due, seen from `now`: 'now', 'in 25 min', 'in 3 h',
    'tomorrow', 'in 4 days', 'on 2025-06-01'. Days are local days in `tz`
    (None: the computer's zone), so 'tomorrow' is the learner's tomorrow."""
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        return f"in {max(1, math.ceil(seconds / 60))} min"
    days = (moment.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days <= 0:
        return f"in {round(seconds / 3600)} h"
    if days == 1:
        return "tomorrow"
    if days < 60:
        return f"in {days} days"
    return f"on {moment.astimezone(tz).date().isoformat()}"
