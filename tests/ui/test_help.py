"""The help screen lists the keys of every screen, the timed challenge's included."""

from __future__ import annotations

from mlquiz.core.challenge import HINT_COST, SKIP_COST
from mlquiz.ui.screens.challenge import ChallengeResultsScreen, ChallengeScreen, DurationPicker
from mlquiz.ui.screens.help import KEYS


def section(name: str) -> dict[str, str]:
    return next(dict(rows) for title, rows in KEYS if title == name)


def test_the_help_lists_every_key_of_the_timed_challenge():
    """Each key bound on the picker, the run and its results is in the help, with the costs."""
    rows = section("Timed challenge")
    listed = " ".join(rows).replace(" / ", " ").lower().split()
    bindings = [
        *DurationPicker.BINDINGS,
        *ChallengeScreen.BINDINGS,
        *ChallengeResultsScreen.BINDINGS,
    ]
    for binding in bindings:
        if binding.action in ("cancel", "menu"):  # Escape / Enter back: under "Everywhere"
            continue
        for key in binding.key.split(","):
            assert key in listed, f"{key} ({binding.action}) is not in the help"
    assert f"-{HINT_COST} points" in rows["ctrl+t / F2"]
    assert f"-{SKIP_COST} points" in rows["ctrl+n / F3"]
    assert "abandon" in rows["Escape"]
