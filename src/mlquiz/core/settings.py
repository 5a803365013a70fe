"""The user's settings: a small JSON file in the config directory.

Reading never fails: a missing file gives the defaults; a file that is not a
JSON object is moved aside as `settings.json.broken-<YYYYmmdd-HHMMSS>` (kept,
so a hand edit is not lost) and the defaults are used; a single bad value
falls back to its default while the rest is kept. Keys this version does not
know are carried through a save unchanged, so an older mlquiz does not erase
a newer one's settings. Saving writes a temporary file beside the real one and
renames it over (`os.replace`), so a crash leaves the old or the new file,
never half of one (`fileio.write_atomic`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from mlquiz.core import deck_settings
from mlquiz.core.clock import system_clock
from mlquiz.core.deck_settings import DeckSettings
from mlquiz.core.fileio import move_aside, write_atomic

FILE_NAME = "settings.json"


class TimedFeedback(StrEnum):
    """How long the feedback on a timed-challenge answer stays: a moment, or until Enter."""

    BRIEF = "brief"
    UNTIL_ENTER = "until-enter"


FEEDBACK_CHOICES = tuple(TimedFeedback)


@dataclass(frozen=True)
class Settings:
    """What persists between runs.

    theme: a Textual theme name. count: cards per quiz (10, 20, or None for
    all). shuffle: ask in random order. tag: the tag filter, or None.
    timed_feedback: after a timed-challenge answer, show feedback "brief"ly or
    "until-enter".
    """

    theme: str = "textual-dark"
    count: int | None = 10
    shuffle: bool = True
    tag: str | None = None
    timed_feedback: TimedFeedback = TimedFeedback.BRIEF
    # Each deck's schedule settings, by deck id (see core/deck_settings.py).
    decks: dict[str, DeckSettings] = field(default_factory=dict)
    # Keys from a newer mlquiz, kept so that saving does not drop them.
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def deck(self, deck_id: str) -> DeckSettings:
        """The deck's schedule settings (the defaults if it has none)."""
        return self.decks.get(deck_id, DeckSettings())

    def with_deck(self, deck_id: str, deck: DeckSettings) -> Settings:
        return replace(self, decks={**self.decks, deck_id: deck})


def _valid(name: str, value: Any) -> bool:
    if name == "theme":
        return isinstance(value, str) and bool(value.strip())
    if name == "count":
        return value is None or (type(value) is int and value > 0)
    if name == "shuffle":
        return isinstance(value, bool)
    if name == "tag":
        return value is None or isinstance(value, str)
    if name == "timed_feedback":
        return value in FEEDBACK_CHOICES
    if name == "decks":
        return isinstance(value, dict)
    return False


_KNOWN = tuple(f.name for f in fields(Settings) if f.name != "extra")


def default_path() -> Path:
    from mlquiz.core.locations import config_dir

    return config_dir() / FILE_NAME


def from_dict(data: dict[str, Any]) -> Settings:
    """Settings from a parsed file; bad values fall back one by one."""
    known = {name: data[name] for name in _KNOWN if name in data and _valid(name, data[name])}
    if "timed_feedback" in known:
        known["timed_feedback"] = TimedFeedback(known["timed_feedback"])
    if "decks" in known:
        known["decks"] = deck_settings.decks_from_dict(known["decks"])
    extra = {key: value for key, value in data.items() if key not in _KNOWN}
    return Settings(**known, extra=extra)


def to_dict(settings: Settings) -> dict[str, Any]:
    out = dict(settings.extra)
    out.update({name: getattr(settings, name) for name in _KNOWN})
    out["decks"] = {key: deck_settings.to_dict(value) for key, value in settings.decks.items()}
    return out


def load_settings(
    path: Path | None = None, now: datetime | None = None
) -> tuple[Settings, Path | None]:
    """The saved settings, and where a broken file was moved (None if it was not)."""
    path = path or default_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError):
        text = None
    try:
        data = json.loads(text) if text is not None else None
    except ValueError:
        data = None
    if isinstance(data, dict):
        return from_dict(data), None
    try:
        target = move_aside(path, "broken", now or system_clock())
    except OSError:
        # Cannot move it (read-only folder): use defaults, leave the file be.
        return Settings(), None
    return Settings(), target


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write `settings` atomically; returns the path written."""
    path = path or default_path()
    payload = json.dumps(to_dict(settings), indent=2, sort_keys=True) + "\n"
    write_atomic(path, payload, make_folder=True)
    return path
