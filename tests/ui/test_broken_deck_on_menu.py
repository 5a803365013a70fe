"""A deck that did not load is said on the menu, where it stays, not in a toast
that arrives once a quiz is under way and covers the reference answer (issue
16, item 14)."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.errors import DeckError, Problem
from mlquiz.ui.app import QuizApp, prepare
from tests.support.factories import make_service
from tests.support.pilot import settle


def broken_app(tmp_path: Path) -> QuizApp:
    error = DeckError.from_problems(
        [
            Problem(str(tmp_path / "decks" / "oops.toml"), 2, "unknown key 'qestion'"),
            Problem(str(tmp_path / "decks" / "oops.toml"), None, "deck: missing 'title'"),
        ]
    )
    service = make_service(tmp_path / "data", errors=[error])
    return QuizApp(service, prepare(service))


async def test_a_broken_deck_is_listed_under_the_decks_and_never_toasted(tmp_path):
    app = broken_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        broken = app.screen.query_one("#menu-broken")
        text = str(broken.render())
        assert "1 deck not loaded" in text
        assert "oops.toml:2: unknown key 'qestion'" in text
        assert broken.region.height > 0 and broken.region.bottom <= 23  # on screen
        await pilot.press("enter")  # a quiz, an answer: nothing about decks pops up
        await settle(pilot)
        await pilot.press(*"alpha", "enter")
        await settle(pilot)
        assert not [n for n in app._notifications if "deck" in str(n.message).lower()]
    app.service.close()


async def test_with_every_deck_fine_the_menu_says_nothing_of_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query("#menu-broken")
