"""The hint ladder as a learner meets it (issue 16, item 7): the card's own
friendly hint before the first letters, and a key that says when there is
nothing more to give."""

from __future__ import annotations

from tests.support.pilot import settle

SIZE = (100, 32)


async def test_the_cards_own_hint_comes_before_the_first_letters(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        await pilot.press("ctrl+t", "ctrl+t", "ctrl+t")
        assert quiz._hints == [
            "Hint 1: 3 key points (2 required)",
            "Hint 2: Think of one go of your training script.",
            "Hint 3: s… e…  p… a… m… l…  l… a… a… u…",
        ]


async def test_a_fourth_hint_key_says_there_are_no_more(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        await pilot.press("ctrl+t", "ctrl+t", "ctrl+t")
        assert not [n for n in app._notifications if "hint" in str(n.message)]
        await pilot.press("f2")
        await settle(pilot)
        assert len(quiz._hints) == 3 and quiz.session.hints_used == 3
        messages = [str(n.message) for n in app._notifications]
        assert any("No more hints for this card" in m for m in messages), messages


async def test_the_challenge_says_so_too_and_charges_nothing_for_it(make_app, service):
    from mlquiz.core.challenge import HINT_COST
    from mlquiz.ui.screens.challenge import ChallengeScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        challenge = service.start_challenge("ui-deck", 60)
        screen = ChallengeScreen(service, challenge, "MLflow basics", ticks_per_second=0)
        app.push_screen(screen)
        await settle(pilot)
        levels = 3 if challenge.current.hint else 2
        await pilot.press(*["ctrl+t"] * (levels + 1))
        await settle(pilot)
        assert challenge.score == -HINT_COST * levels
        messages = [str(n.message) for n in app._notifications]
        assert any("No more hints for this card" in m for m in messages), messages
