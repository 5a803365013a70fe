"""The help screen lists the keys of every screen, the timed challenge's included."""

from __future__ import annotations

from mlquiz.core.challenge import HINT_COST, SKIP_COST
from mlquiz.ui.screens.challenge import ChallengeResultsScreen, ChallengeScreen, DurationPicker
from mlquiz.ui.screens.help import KEYS
from tests.support.pilot import settle


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
    assert "abandon" in rows["Escape twice"]


async def test_the_palette_offers_the_quiz_keys_that_work_now(make_app):
    """ctrl+p in a quiz lists the screen's keys that do something now (Hint, Skip,
    Leave; after an answer Next card and the overrides), and choosing one does it."""
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        titles = {command.title for command in app.get_system_commands(quiz)}
        assert {"Hint", "Skip", "Leave"} <= titles
        assert not {"Next card", "I was right"} & titles
        # Textual's own screen keys are not offered as the game's.
        assert not {"Focus Next", "Focus Previous", "Copy selected text"} & titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"hint")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is quiz
        assert quiz._hints == ["Hint 1: 3 key points (2 required)"]
