"""Time as a value passed in from outside.

Core logic never reads the wall clock: it takes `now` arguments, and the
service holds a `Clock` (any zero-argument callable returning an aware
datetime). Tests pass a `FixedClock` and move it by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, in UTC (the default clock of the service)."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class FixedClock:
    """A clock that only moves when told to: `clock.tick(seconds)`."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = as_utc(start or datetime(2025, 1, 6, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 1.0) -> datetime:
        self.now = self.now + timedelta(seconds=seconds)
        return self.now


def iso(moment: datetime) -> str:
    """`moment` as stored: UTC ISO-8601 with microseconds (such texts sort as times)."""
    return as_utc(moment).isoformat(timespec="microseconds")


def stamp(moment: datetime) -> str:
    """`moment` in UTC for a file name: 'YYYYmmdd-HHMMSS'."""
    return as_utc(moment).strftime("%Y%m%d-%H%M%S")
