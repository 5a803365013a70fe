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
    """'62%'. Only all of it is 100% and only none of it 0%: 0.996 is '99%', 0.004 '1%'."""
    whole = round(fraction * 100)
    if whole >= 100 and fraction < 1:
        whole = 99
    elif whole <= 0 < fraction:
        whole = 1
    return f"{whole:d}%"


def points(score: float) -> str:
    """Points with at most one decimal: '3' when whole (no hint or partial answer
    cut them), else '3.1', '0.6'. A whole number is shown only for one: a
    rounding that would reach it stops a tenth short (4.96 is '4.9', 0.04 '0.1'),
    so '5 of 5 points' always means all of them. Shown after a percentage,
    which carries the precision ('62% · 3.1 of 5 points')."""
    if abs(score - round(score)) < 1e-6:
        return str(int(round(score)) + 0)  # + 0: never '-0'
    tenths = round(score * 10)
    if tenths % 10 == 0:
        tenths += 1 if score * 10 > tenths else -1
    return f"{tenths / 10:.1f}"


def score_line(score: float, answered: int) -> str:
    """A session's score, percentage first: 'Score 62% (3.1 of 5 points)'."""
    if not answered:
        return "Score —"
    return f"Score {percent(score / answered)} ({points(score)} of {plural(answered, 'point')})"


def accuracy_line(correct: int, answers: int) -> str:
    """Answers graded correct: 'accuracy 60% (3 of 5 correct)'."""
    if not answers:
        return "accuracy —"
    return f"accuracy {percent(correct / answers)} ({correct} of {answers} correct)"


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
