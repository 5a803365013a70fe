"""What the learner knows: the numbers behind the stats screen and `mlquiz stats`.

The store hands over raw totals (answers per UTC hour, per session, key
points missed, FSRS states); this module shapes them into frozen values.
Time comes in from outside: `now` and `tz` (a `tzinfo`; None means the
computer's local zone, looked up per moment so daylight saving is right).

Definitions
-----------
- accuracy: correct answers / answers, by effective verdict (an override
  counts), 0..1; the same as `mlquiz stats --json`'s per-deck `accuracy`.
- a day is a local calendar day. Answers are totalled per UTC hour in the
  store and each hour is placed in the local day of its middle (hh:30), so in
  a zone whose offset is not whole hours (India, +5:30) answers within half
  an hour of midnight may be counted on the neighbouring day.
- streak: consecutive days with at least one answer, ending today, or ending
  yesterday when nothing has been answered yet today (the streak is not lost
  until the day is over, as in Duolingo). 0 when neither day has answers.
- time spent: the sum of the seconds each card was on screen before it was
  answered (`Attempt.elapsed`); reading feedback is not counted.
- cards by state: see `scheduling` (new, learning, review, mastered). A card
  in the deck that was never answered is new; states of cards no longer in the
  deck are left out.
- due: see `due.due_counts`, the one definition the menu, the stats and
  `mlquiz stats` share: due now is a scheduled review at or before now (what
  a review asks first); due today is one before the end of the local day
  (local midnight belongs to tomorrow), overdue cards included.
- retrievability: FSRS's probability of recalling the card now (0 when new).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from mlquiz.core import scheduling
from mlquiz.core.clock import as_utc
from mlquiz.core.due import due_counts

if TYPE_CHECKING:
    from mlquiz.core.cards import Deck
    from mlquiz.core.store.database import Store


@dataclass(frozen=True)
class DayPoint:
    """One local day: answers, correct and partial (effective), seconds spent."""

    day: date
    answers: int
    correct: int
    partial: int
    seconds: float

    @property
    def accuracy(self) -> float:
        return self.correct / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class SessionPoint:
    """One session with at least one answer."""

    session_id: str
    deck_id: str
    mode: str
    started_at: datetime
    answers: int
    correct: int
    partial: int
    seconds: float

    @property
    def accuracy(self) -> float:
        return self.correct / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class MissedPoint:
    """A key point of a card and how many answers missed it."""

    label: str
    deck_id: str
    card_id: str
    times: int
    last_missed: datetime


@dataclass(frozen=True)
class CardRecall:
    """A card's FSRS memory now: bucket, recall probability, stability, next due."""

    deck_id: str
    card_id: str
    bucket: str
    retrievability: float
    stability: float | None  # days; None when new
    due: datetime | None  # None when new (a new card is not scheduled yet)


@dataclass(frozen=True)
class Progress:
    """Everything the stats screen shows, for one deck or (deck_id None) all decks.

    `by_day` and `by_session` are oldest first (chart order); `recall` is
    weakest first; `missed_points` most missed first.
    """

    deck_id: str | None
    answers: int
    correct: int
    partial: int
    by_day: tuple[DayPoint, ...]
    by_session: tuple[SessionPoint, ...]
    states: dict[str, int]  # new, learning, review, mastered
    missed_points: tuple[MissedPoint, ...]
    streak: int
    seconds_total: float
    seconds_today: float
    recall: tuple[CardRecall, ...]
    due_today: int
    next_due: datetime | None
    today: date  # the local day "today" and "streak" refer to

    @property
    def accuracy(self) -> float:
        return self.correct / self.answers if self.answers else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able values (dates and datetimes as ISO text); the keys
        `mlquiz stats --json` adds to each deck (README, "mlquiz stats")."""
        values: dict[str, Any] = _jsonable(
            {
                "answers": self.answers,
                "accuracy": round(self.accuracy, 4),
                "by_day": [{**asdict(p), "accuracy": round(p.accuracy, 4)} for p in self.by_day],
                "by_session": [
                    {**asdict(p), "accuracy": round(p.accuracy, 4)} for p in self.by_session
                ],
                "states": self.states,
                "missed_points": [asdict(p) for p in self.missed_points],
                "streak": self.streak,
                "seconds_total": round(self.seconds_total, 1),
                "seconds_today": round(self.seconds_today, 1),
                "due_today": self.due_today,
                "next_due": self.next_due,
                "recall": [
                    {
                        "card_id": c.card_id,
                        "state": c.bucket,
                        "retrievability": round(c.retrievability, 4),
                        "stability": c.stability,
                        "due": c.due,
                    }
                    for c in self.recall
                ],
            }
        )
        return values


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    return value


# -- time ---------------------------------------------------------------------


def local_date(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day of `moment` in `tz` (None: the computer's zone)."""
    moment = as_utc(moment)
    return (moment.astimezone(tz) if tz is not None else moment.astimezone()).date()


def _hour_start(hour: str) -> datetime:
    # 'YYYY-MM-DDTHH' from the store; tolerate anything ISO (hand-made data).
    text = hour + ":00:00" if len(hour) == 13 else hour
    return as_utc(datetime.fromisoformat(text))


# -- shaping ------------------------------------------------------------------


def offset_segments(
    first: datetime, last: datetime, tz: tzinfo | None = None
) -> list[tuple[Any, ...]]:
    """Split the hours from `first` to `last` (UTC, inclusive) where `tz`'s offset changes.

    Returns [(start hour, end hour exclusive, offset in minutes)], hours as
    the store's 'YYYY-MM-DDTHH' text. The offset is probed once a day, and
    hour by hour only across a day where it changed, so a year costs ~365
    look-ups whatever the number of answers.
    """
    hour = timedelta(hours=1)
    first = as_utc(first).replace(minute=0, second=0, microsecond=0)
    end = as_utc(last).replace(minute=0, second=0, microsecond=0) + hour
    segments = []
    start, current, probe = first, _offset(first, tz), first
    while probe < end:
        step = min(probe + timedelta(days=1), end)
        if _offset(min(step, end - hour), tz) == current:
            probe = step
            continue
        moment = probe + hour
        while _offset(moment, tz) == current:
            moment += hour
        segments.append((start, moment, current))
        start, current, probe = moment, _offset(moment, tz), moment
    segments.append((start, end, current))
    return [
        (a.strftime("%Y-%m-%dT%H"), b.strftime("%Y-%m-%dT%H"), int(off.total_seconds() // 60))
        for a, b, off in segments
    ]


def _offset(moment: datetime, tz: tzinfo | None) -> timedelta:
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    return local.utcoffset() or timedelta(0)


def daily(store: Store, deck_id: str | None, tz: tzinfo | None = None) -> list[DayPoint]:
    """Answers, correct, partial and seconds per local day, oldest first."""
    span = store.hour_range(deck_id)
    if span is None:
        return []
    days: dict[date, list[float]] = {}
    for start, end, minutes in offset_segments(_hour_start(span[0]), _hour_start(span[1]), tz):
        for day, answers, correct, partial, seconds in store.day_totals(
            deck_id, start, end, minutes
        ):
            total = days.setdefault(date.fromisoformat(day), [0, 0, 0, 0.0])
            total[0] += answers
            total[1] += correct or 0
            total[2] += partial or 0
            total[3] += seconds or 0.0
    return [
        DayPoint(day, int(t[0]), int(t[1]), int(t[2]), float(t[3]))
        for day, t in sorted(days.items())
    ]


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days with answers ending today (or yesterday); see the module docstring."""
    played = set(days)
    day = today if today in played else today - timedelta(days=1)
    count = 0
    while day in played:
        count += 1
        day -= timedelta(days=1)
    return count


def sessions_from_rows(rows: Iterable[tuple[Any, ...]]) -> list[SessionPoint]:
    return [
        SessionPoint(
            session_id=row[0],
            deck_id=row[1],
            mode=row[2],
            started_at=as_utc(datetime.fromisoformat(row[3])),
            answers=row[4],
            correct=row[5] or 0,
            partial=row[6] or 0,
            seconds=float(row[7] or 0.0),
        )
        for row in rows
    ]


def missed_from_rows(rows: Iterable[tuple[Any, ...]]) -> list[MissedPoint]:
    return [
        MissedPoint(label, deck_id, card_id, times, as_utc(datetime.fromisoformat(last)))
        for label, deck_id, card_id, times, last in rows
    ]


def recall_from_rows(
    rows: Iterable[tuple[Any, ...]],
    now: datetime,
    card_ids: set[tuple[str, str]] | None = None,
) -> list[CardRecall]:
    """Every card's recall now, weakest first; `card_ids` ((deck, card) pairs)
    keeps only cards still in their deck and adds the never-answered ones as new.
    """
    now = as_utc(now)
    out: list[CardRecall] = []
    seen: set[tuple[str, str]] = set()
    for deck_id, card_id, state, stability, last_review, due in rows:
        key = (deck_id, card_id)
        if card_ids is not None and key not in card_ids:
            continue
        seen.add(key)
        # The store writes aware UTC times, so no conversion is needed.
        days = max((now - datetime.fromisoformat(last_review)).total_seconds() / 86400, 0.0)
        out.append(
            CardRecall(
                deck_id=deck_id,
                card_id=card_id,
                bucket=scheduling.bucket_of(state, stability),
                retrievability=scheduling.recall_after(days, stability),
                stability=stability,
                due=datetime.fromisoformat(due),
            )
        )
    for deck_id, card_id in sorted((card_ids or set()) - seen):
        out.append(CardRecall(deck_id, card_id, "new", 0.0, None, None))
    out.sort(key=lambda c: (c.retrievability, c.deck_id, _card_order(c.card_id)))
    return out


def _card_order(card_id: str) -> tuple[int, int | str]:
    # Numbered cards in number order ("2" before "10"), then named ones by name.
    # isascii: "①" and "²" are digits to isdigit, and int() refuses them.
    return (0, int(card_id)) if card_id.isascii() and card_id.isdigit() else (1, card_id)


def bucket_counts(recall: Iterable[CardRecall]) -> dict[str, int]:
    counts = dict.fromkeys(scheduling.BUCKETS, 0)
    for card in recall:
        counts[card.bucket] += 1
    return counts


# -- the whole picture --------------------------------------------------------


def progress(
    store: Store,
    deck_id: str | None,
    card_ids: set[tuple[str, str]] | None,
    now: datetime,
    tz: tzinfo | None = None,
    sessions: int = 50,
    missed_points: int = 10,
) -> Progress:
    """Everything the stats screen needs, for one deck or (None) all of them.

    `card_ids`: the (deck id, card id) pairs of the installed cards in scope,
    which decide which cards count as new; None counts only answered cards.
    `sessions` and `missed_points` cap those lists. Reads summary tables and
    bounded index ranges only, so it costs a few tens of ms at 100,000 answers.
    """
    now = as_utc(now)
    today = local_date(now, tz)
    by_day = daily(store, deck_id, tz)
    recall = recall_from_rows(store.card_state_rows(deck_id), now, card_ids)
    due = due_counts((c.due for c in recall if c.due is not None), now, tz)
    today_point = by_day[-1] if by_day and by_day[-1].day == today else None
    return Progress(
        deck_id=deck_id,
        answers=sum(p.answers for p in by_day),
        correct=sum(p.correct for p in by_day),
        partial=sum(p.partial for p in by_day),
        by_day=tuple(by_day),
        by_session=tuple(sessions_from_rows(store.session_totals(deck_id, limit=sessions))),
        states=bucket_counts(recall),
        missed_points=tuple(missed_from_rows(store.missed_point_totals(deck_id, missed_points))),
        streak=streak((p.day for p in by_day), today),
        seconds_total=sum(p.seconds for p in by_day),
        seconds_today=today_point.seconds if today_point else 0.0,
        recall=tuple(recall),
        due_today=due.today,
        next_due=due.next,
        today=today,
    )


# -- `mlquiz stats --json` -------------------------------------------------------

# A deck with no stored answers, in `Store.stats()`'s shape.
_NO_ANSWERS: dict[str, Any] = {
    "attempts": 0,
    "sessions": 0,
    "correct": 0,
    "partial": 0,
    "incorrect": 0,
    "skipped": 0,
    "overridden": 0,
    "accuracy": 0.0,
    "missed": [],
    "last_session": None,
}


def stats_report(
    store: Store, decks: Iterable[Deck], now: datetime, tz: tzinfo | None = None
) -> dict[str, Any]:
    """The data of `mlquiz stats --json` (see `Store.stats` for the keys).

    Every deck of `decks` (the installed ones) appears, with zeros if it has
    no answers yet; decks that have answers but are no longer installed
    appear too. Each deck also carries `Progress.as_dict()`'s keys
    (due_today, next_due, streak, seconds_total, seconds_today, states,
    missed_points, by_day, by_session, recall); the top level adds `streak`
    and `seconds_total` over all decks.
    """
    stats = store.stats()
    by_id = stats["decks"]
    installed = {deck.id: deck for deck in decks}
    for deck_id in installed:
        by_id.setdefault(deck_id, {**_NO_ANSWERS, "missed": []})
    stats["decks"] = dict(sorted(by_id.items()))
    for deck_id, entry in stats["decks"].items():
        deck = installed.get(deck_id)
        cards = {(deck_id, card.id) for card in deck.cards} if deck else None
        extra = progress(store, deck_id, cards, now, tz).as_dict()
        entry.update({k: v for k, v in extra.items() if k not in entry and k != "answers"})
    overall = progress(store, None, None, now, tz)
    stats["streak"] = overall.streak
    stats["seconds_total"] = round(overall.seconds_total, 1)
    return stats
