"""The menu's summary of a deck as the game last left the database, so that the next
start shows it without opening the database.

Opening the database (SQLite and the store's code) is most of what the menu
would otherwise wait for, in time and memory. When the game closes a database
it used, it counts the menu's figures once more for each deck (and tag filter)
the menu showed, and keeps them here with what they depend on:

- the database file as it was left: its size, modification and change times
  and inode, and no `-wal` file beside it (a write by any program, a restore,
  a game still running or one that was killed, all change one of these);
- the deck's content hash (the deck index's), the day's review and new-card
  limits, and the learner's time zone and UTC offset;
- the moment they were counted and the moment they would next change as time
  passes with no write: the next card coming due or back from a burial, or the
  end of the local day (`due.end_of_day`), whichever comes first.

A summary is served only while all of these hold and the clock is between the
two moments; anything else (or a missing, damaged, foreign file) means the
database is opened and the figures counted there, as before. The file is
marshalled plain values behind a CRC-32, written whole or not at all, in the
cache folder (safe to delete).
"""

from __future__ import annotations

import marshal
import os
import zlib
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from mlquiz.core.clock import as_utc, iso
from mlquiz.core.summaries import MenuSummary, SessionSummary

FORMAT = 1
_MAGIC = b"mlquiz-menu\n"

# (deck id, tag) -> (content, limits, zone, counted at, valid until, summary values)
Key = tuple[str, "str | None"]


def database_stamp(database: Path) -> tuple[int, int, int, int] | None:
    """The state of a database file left closed, or None if it is in use, was not
    closed cleanly (a `-wal` file beside it) or cannot be stat'ed."""
    if os.path.lexists(f"{database}-wal"):
        return None
    try:
        st = os.stat(database)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def zone_key(now: datetime, tz: tzinfo | None) -> str:
    """The learner's time zone as it decides "today" at `now` (its name and offset)."""
    local = as_utc(now).astimezone(tz) if tz is not None else as_utc(now).astimezone()
    return f"{local.tzname()}{local.utcoffset()}"


def _to_value(summary: MenuSummary) -> tuple[Any, ...]:
    last = summary.last_session
    return (
        summary.deck_id,
        summary.cards,
        summary.missed,
        None if last is None else tuple(last.as_dict().values()),
        summary.due_today,
        None if summary.next_due is None else iso(summary.next_due),
        summary.due_now,
        summary.new,
        summary.reviews_waiting,
        summary.new_waiting,
        summary.due_tomorrow,
        summary.suspended,
        summary.buried,
        summary.tag,
        summary.deck_cards,
    )


def _from_value(value: tuple[Any, ...]) -> MenuSummary:
    from mlquiz.core.cachefile import Fixed, Maybe, check_shape

    session = Fixed(str, str, str, str, Maybe(str), int, int, int, int, float, float, float)
    shape = Fixed(str, int, int, Maybe(session), int, Maybe(str), *(int,) * 7, Maybe(str), int)
    check_shape(value, shape, "the menu snapshot")
    (deck_id, cards, missed, last, due_today, next_due, *counts, tag, deck_cards) = value
    return MenuSummary(
        deck_id=deck_id,
        cards=cards,
        missed=missed,
        last_session=None if last is None else SessionSummary(*last),
        due_today=due_today,
        next_due=None if next_due is None else datetime.fromisoformat(next_due),
        due_now=counts[0],
        new=counts[1],
        reviews_waiting=counts[2],
        new_waiting=counts[3],
        due_tomorrow=counts[4],
        suspended=counts[5],
        buried=counts[6],
        tag=tag,
        deck_cards=deck_cards,
    )


class Snapshot:
    """The summaries in one file: `get` one, `write` a new set."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: Any = None
        self._entries: dict[Any, Any] = {}
        self._read()

    def _read(self) -> None:
        try:
            data = self.path.read_bytes()
            if not data.startswith(_MAGIC):
                return
            header_end = data.index(b"\n", len(_MAGIC))
            payload = data[header_end + 1 :]
            if zlib.crc32(payload) != int(data[len(_MAGIC) : header_end]):
                return
            version, stamp, entries = marshal.loads(payload)
        except Exception:  # missing or damaged: no snapshot
            return
        if version == FORMAT and type(entries) is dict:
            self._stamp, self._entries = stamp, entries

    def get(
        self,
        key: Key,
        *,
        database: tuple[int, int, int, int] | None,
        content: str,
        limits: tuple[int, int],
        zone: str,
        now: datetime,
    ) -> MenuSummary | None:
        """The summary kept for `key`, if everything it depends on is as it was."""
        entry = self._entries.get(key)
        if database is None or entry is None or self._stamp != database:
            return None
        try:
            kept_content, kept_limits, kept_zone, counted_at, valid_until, value = entry
            if (kept_content, tuple(kept_limits), kept_zone) != (content, limits, zone):
                return None
            moment = iso(now)
            if not counted_at <= moment < valid_until:
                return None
            return _from_value(value)
        except Exception:  # a value of another shape: count again
            return None


def write_snapshot(
    path: Path,
    database: tuple[int, int, int, int] | None,
    entries: dict[Key, tuple[str, tuple[int, int], str, datetime, datetime, MenuSummary]],
) -> None:
    """Keep `entries` ((deck id, tag) -> content, limits, zone, counted at, valid until,
    summary) for the database in state `database`; errors are ignored (no snapshot)."""
    from mlquiz.core.fileio import write_atomic

    if database is None:
        try:
            path.unlink()
        except OSError:
            pass
        return
    values = {
        key: (content, limits, zone, iso(counted), iso(until), _to_value(summary))
        for key, (content, limits, zone, counted, until, summary) in entries.items()
    }
    try:
        payload = marshal.dumps((FORMAT, database, values))
        data = _MAGIC + str(zlib.crc32(payload)).encode() + b"\n" + payload
        write_atomic(path, data, make_folder=True)
    except (OSError, ValueError):
        pass
