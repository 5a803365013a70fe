"""The tag filter in plain sight (issue 16, item 10): the menu says it is on and
counts with it, a review asks the same cards, the tag list is sorted, and the
timed challenge keeps one best table per filter."""

from __future__ import annotations

import random

from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.screens.quiz import QuizScreen
from tests.support.factories import make_deck, make_service
from tests.support.pilot import WRONG, settle

SIZE = (100, 32)


def glance(app) -> str:
    return str(app.screen.query_one("#menu-glance").render())


def miss_every_card(service) -> None:
    session = service.start_quiz("ui-deck", shuffle=False)
    while session.current is not None:
        service.submit(session, WRONG)
        if service.advance(session) is None:
            break
    service.finish(session)


async def test_a_remembered_filter_is_said_and_counted_on_the_menu(make_app, service):
    miss_every_card(service)  # four cards missed, two of them tagged "tracking"
    app = make_app(tag="tracking")  # as a settings file from an earlier game has it
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = glance(app)
        assert line.startswith("tag tracking: 2 of 4 cards · 2 missed"), line
        modes = str(app.screen.query_one("#menu-modes").render())
        assert "2 missed)" in modes
        await pilot.press("r")  # the review asks what the menu counted
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert {card.id for card in app.screen.session.cards} == {"run", "experiment"}


async def test_the_missed_cards_listed_are_the_ones_the_filter_keeps(make_app, service):
    """b under a filter lists the missed cards the menu counted (it listed all four
    while the menu said 2 missed and Enter quizzed two), and says which filter."""
    from mlquiz.ui.screens.review import ReviewScreen

    miss_every_card(service)
    app = make_app(tag="tracking")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert {entry.card.id for entry in screen.entries} == {"run", "experiment"}
        title = str(screen.query_one("#review-title").render())
        assert title.startswith("tag tracking: 2 missed cards"), title
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert {card.id for card in app.screen.session.cards} == {"run", "experiment"}


async def test_choosing_all_tags_counts_the_whole_deck_again(make_app, service):
    miss_every_card(service)
    app = make_app(tag="tracking")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("home", "enter")  # "All tags", first in the list
        await settle(pilot)
        assert glance(app).startswith("4 cards · 4 missed")


async def test_the_tag_list_is_sorted(tmp_path):
    tags = {1: ("zeta",), 2: ("Alpha",), 3: ("mlflow",), 4: ("beta", "zeta")}
    deck = make_deck("tagged", 4, tags=lambda i: tags[i])
    service = make_service(tmp_path / "data", decks=[deck])
    app = QuizApp(service, prepare(service))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        options = app.screen.query_one("#tag-list")
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == [
            "All tags (4 cards)",
            "Alpha (1)",
            "beta (1)",
            "mlflow (1)",
            "zeta (2)",
        ]
    service.close()


def play_a_run(service, mono, tag: str | None) -> None:
    """A 60 s run: one card answered with its reference answer, then time is up."""
    run = service.start_challenge("ui-deck", 60, tag, random.Random(1))
    service.challenge_submit(run, run.current.answer)
    service.challenge_next(run)  # the clock runs again (it stops for the feedback)
    mono.tick(61)
    service.challenge_finish(run)


async def test_challenge_bests_are_kept_per_tag_filter(tmp_path, clock):
    from mlquiz.ui.screens.challenge import DurationPicker
    from tests.support.factories import FakeMonotonic
    from tests.support.pilot import ui_service

    mono = FakeMonotonic()
    service = ui_service(tmp_path, clock, mono=mono)
    play_a_run(service, mono, "tracking")  # a best made over two tagged cards only
    assert service.challenge_bests("ui-deck", 60) == []
    assert len(service.challenge_bests("ui-deck", 60, "tracking")) == 1
    app = QuizApp(service, prepare(service))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        deck = service.deck("ui-deck")
        for tag, expected in ((None, "no run yet"), ("tracking", "best ")):
            app.push_screen(DurationPicker(service, deck, tag))
            await settle(pilot)
            options = app.screen.query_one("#duration-list")
            first = str(options.get_option_at_index(0).prompt)
            assert expected in first, (tag, first)
            await pilot.press("escape")
            await settle(pilot)
    # A run over all the cards starts its own table, and is ranked first there.
    play_a_run(service, mono, None)
    assert [run.tag for run in service.challenge_bests("ui-deck", 60)] == [None]
    service.close()
