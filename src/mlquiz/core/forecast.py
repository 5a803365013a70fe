"""How many cards come due on each of the next days: the stats' forecast, the menu's "tomorrow".

Day 0 is today (the learner's local day) and holds every card due by its
end, overdue ones included, as "due today" does (`due.due_counts`); day n
is the n-th local day after. A suspended card is left out; a buried one
counts on the day it comes back, if that is later than its due date. The
daily limits are not applied: this is what FSRS has scheduled, which the
player may not get through.

Dues are counted by bisecting the day boundaries, so 10,000 cards cost a
few ms.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import datetime, tzinfo

from mlquiz.core.due import end_of_day

FORECAST_DAYS = 30


def day_ends(now: datetime, tz: tzinfo | None = None, days: int = FORECAST_DAYS) -> list[datetime]:
    """The end of each of `days` local days from today's (UTC): day n runs up to
    `ends[n]`, exclusive. Each is worked out from the one before, so a day that
    daylight saving makes 23 or 25 hours long is one day all the same."""
    ends = []
    moment = now
    for _ in range(days):
        moment = end_of_day(moment, tz)
        ends.append(moment)
    return ends


def forecast(
    dues: Iterable[str | datetime],
    now: datetime,
    tz: tzinfo | None = None,
    days: int = FORECAST_DAYS,
) -> tuple[int, ...]:
    """Cards due on each of the next `days` local days, today first (see the module
    docstring); `dues` are aware due times, or the store's ISO text of them. Cards
    due later are not counted."""
    ends = day_ends(now, tz, days)
    counts = [0] * days
    for value in dues:
        due = datetime.fromisoformat(value) if isinstance(value, str) else value
        # How many days have ended by the due time: a due at midnight opens the next day.
        day = bisect_right(ends, due)
        if day < days:
            counts[day] += 1
    return tuple(counts)
