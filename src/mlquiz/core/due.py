"""Which cards are due: the one definition the menu, the stats and `mlquiz stats` share.

Due now is a scheduled review at or before now (what a review asks first);
due today is one before the end of the learner's local day (local midnight
belongs to tomorrow), overdue cards included. Its own module, apart from
`progress`, because the menu counts due cards as the game starts and
`progress` (the stats) need not be loaded for that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from mlquiz.core.clock import as_utc


def end_of_day(now: datetime, tz: tzinfo | None = None) -> datetime:
    """The first moment of the local day after `now`'s, in UTC."""
    local = as_utc(now).astimezone(tz) if tz is not None else as_utc(now).astimezone()
    tomorrow = local.date() + timedelta(days=1)
    midnight = datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=local.tzinfo)
    if tz is None:
        # The computer's zone may change offset overnight (daylight saving).
        midnight = midnight.replace(tzinfo=None).astimezone()
    return midnight.astimezone(UTC)


def start_of_day(now: datetime, tz: tzinfo | None = None) -> datetime:
    """The first moment of `now`'s local day, in UTC (what "today" counts from)."""
    local = as_utc(now).astimezone(tz) if tz is not None else as_utc(now).astimezone()
    day = local.date()
    midnight = datetime(day.year, day.month, day.day, tzinfo=local.tzinfo)
    if tz is None:
        midnight = midnight.replace(tzinfo=None).astimezone()
    return midnight.astimezone(UTC)


@dataclass(frozen=True)
class Due:
    """Cards due now and today, and when the next one not yet due comes due."""

    now: int
    today: int
    next: datetime | None


def due_counts(dues: Iterable[datetime], now: datetime, tz: tzinfo | None = None) -> Due:
    """Count `dues` (the scheduled review times of the cards in scope; see the module
    docstring): due at or before `now`, due before the end of `now`'s local day, and
    the first due time after `now` (None: none)."""
    now = as_utc(now)
    until = end_of_day(now, tz)
    due_now = due_today = 0
    upcoming: datetime | None = None
    for due in dues:
        if due <= now:
            due_now += 1
        elif upcoming is None or due < upcoming:
            upcoming = due
        if due < until:
            due_today += 1
    return Due(now=due_now, today=due_today, next=upcoming)
