"""Each deck's schedule settings: desired retention, daily limits, leeches.

Stored in the settings file under `"decks"`, one object per deck id (see
`core/settings.py`); a deck with none uses `DeckSettings()`. What each means:

- `desired_retention`: FSRS's own parameter, the probability of recall at
  which a card comes due (0.70 to 0.97; FSRS's default 0.9). Higher means
  shorter intervals and more reviews.
- `new_per_day`: how many cards never answered a review introduces a day
  (after the due ones); 0 introduces none. Cards first answered in a quiz
  count too.
- `reviews_per_day`: how many graduated cards (FSRS's review state) a review
  asks a day; cards still in learning steps, and missed ones, are not
  limited (as in Anki, a card half-learnt is finished first).
- `challenge_schedules`: whether timed-challenge answers move a card's
  schedule (off: they are stored and counted, but FSRS does not see them).
- `leech_threshold`: after this many lapses a card is a leech (Anki's
  default, 8); `leech_suspend`: whether a new leech is also suspended.

Limits run from 0 to `MAX_PER_DAY` (Anki's own ceiling): a larger number is
refused with the reason, never cut silently.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

# FSRS's own default desired retention (the probability of recall at which a
# card comes due), and the range offered.
DEFAULT_RETENTION = 0.9
RETENTION_RANGE = (0.70, 0.97)
MAX_PER_DAY = 9999
LEECH_RANGE = (1, 99)


@dataclass(frozen=True)
class LeechRule:
    """When a card becomes a leech, and whether that suspends it."""

    threshold: int
    suspend: bool


@dataclass(frozen=True)
class DeckSettings:
    desired_retention: float = DEFAULT_RETENTION
    new_per_day: int = 20
    reviews_per_day: int = 200
    challenge_schedules: bool = True
    leech_threshold: int = 8
    leech_suspend: bool = True

    @property
    def leech_rule(self) -> LeechRule:
        return LeechRule(self.leech_threshold, self.leech_suspend)


DEFAULTS = DeckSettings()
NAMES = tuple(f.name for f in fields(DeckSettings))


def problem(name: str, value: Any) -> str | None:
    """Why `value` cannot be the setting `name` (None: it can), in the player's words."""
    if name == "desired_retention":
        low, high = RETENTION_RANGE
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "Desired retention must be a number such as 0.9."
        if not low <= value <= high:
            return (
                f"Desired retention must be between {low:.2f} and {high:.2f} "
                f"(FSRS's range for daily study); {value:g} is outside it."
            )
        return None
    if name in ("new_per_day", "reviews_per_day"):
        what = "New cards per day" if name == "new_per_day" else "Reviews per day"
        if type(value) is not int:
            return f"{what} must be a whole number."
        if not 0 <= value <= MAX_PER_DAY:
            return (
                f"{what} must be between 0 and {MAX_PER_DAY:,}; {value:,} is more than "
                "anyone can study in a day (for no limit, use the maximum)."
                if value > MAX_PER_DAY
                else f"{what} cannot be negative."
            )
        return None
    if name == "leech_threshold":
        low, high = LEECH_RANGE
        if type(value) is not int:
            return "Leech threshold must be a whole number."
        if not low <= value <= high:
            return f"Leech threshold must be between {low} and {high} lapses."
        return None
    if name in ("challenge_schedules", "leech_suspend"):
        return None if isinstance(value, bool) else f"{name} must be true or false."
    return f"unknown setting {name!r}"


def parse_number(name: str, text: str) -> tuple[float | int | None, str | None]:
    """A setting typed into a box: (value, None) or (None, why not)."""
    text = text.strip().replace(",", "").replace("_", "")
    if not text:
        return None, "Type a number."
    try:
        value: float | int = float(text) if name == "desired_retention" else int(text)
    except ValueError:
        kind = "a number such as 0.9" if name == "desired_retention" else "a whole number"
        return None, f"{text!r} is not {kind}."
    if name == "desired_retention" and value > 1 and value <= 100:
        value = value / 100  # "90" as a percentage
    why = problem(name, value)
    return (None, why) if why else (value, None)


def from_dict(data: Any) -> DeckSettings:
    """A deck's settings from the file; a bad value falls back to its default alone."""
    if not isinstance(data, dict):
        return DEFAULTS
    good = {
        name: data[name] for name in NAMES if name in data and problem(name, data[name]) is None
    }
    if "desired_retention" in good:
        good["desired_retention"] = float(good["desired_retention"])
    return DeckSettings(**good)


def to_dict(settings: DeckSettings) -> dict[str, Any]:
    return asdict(settings)


def decks_from_dict(data: Any) -> dict[str, DeckSettings]:
    if not isinstance(data, dict):
        return {}
    return {str(deck_id): from_dict(value) for deck_id, value in data.items()}
