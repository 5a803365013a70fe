"""The menu's Review mode: available whenever a card is due or missed.

Review asks the cards FSRS has due first, then the missed ones
(`modes.review_cards`), so a learner who answered everything right still has
cards to review once they come due.
"""

from __future__ import annotations

from datetime import timedelta

from mlquiz.ui.screens.menu import MenuScreen
from mlquiz.ui.screens.quiz import QuizScreen
from tests.support.pilot import (
    CORRECT,
    WRONG,
    click_text,
    hold_read_until_removed,
    menu_link,
    settle,
)

SIZE = (100, 32)


def play_all(service, answers: dict[str, str]) -> None:
    session = service.start_quiz("ui-deck", shuffle=False)
    while not session.finished:
        service.submit(session, answers.get(session.current.id, CORRECT[session.current.id]))
        service.advance(session)
    service.finish(session)


def review_row(menu: MenuScreen) -> tuple[str, bool]:
    """The Review row of the menu's Play list, and whether a click starts it."""
    [row] = [
        line
        for line in menu.query_one("#menu-modes").render().plain.splitlines()
        if "Review" in line
    ]
    _, _, action = menu_link(menu, "#menu-modes", "Review")
    return row, action == "screen.review"


def review_style(menu: MenuScreen) -> str:
    """The style of the Review row's label."""
    content = menu.query_one("#menu-modes").render()
    start = content.plain.index("Review")
    return " ".join(str(span.style) for span in content.spans if span.start <= start < span.end)


async def test_review_is_open_for_cards_due_with_nothing_missed(make_app, service, clock):
    """All four answered right, 40 days later: nothing missed, four due; r reviews them."""
    play_all(service, {})
    clock.tick(timedelta(days=40).total_seconds())
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        menu = app.screen
        assert (menu.summary.missed, menu.summary.due_now) == (0, 4)
        row, clickable = review_row(menu)
        assert clickable
        assert "Review (4 due · 0 missed)" in row
        assert menu.check_action("review", ()) is True
        await pilot.press("r")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.session.mode == "review"
        assert {c.id for c in quiz.session.cards} == set(CORRECT)


async def test_a_click_on_review_starts_it(make_app, service):
    """The Review row is a link while there is something to review."""
    play_all(service, {"registry": WRONG})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await click_text(pilot, "#menu-modes", "Review")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.session.mode == "review"


async def test_review_counts_due_and_missed_cards(make_app, service, clock):
    """The label gives both pools: the card answered wrong is missed (and due soon after)."""
    play_all(service, {"registry": WRONG})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        menu = app.screen
        row, clickable = review_row(menu)
        assert "Review (0 due · 1 missed)" in row
        assert clickable


async def test_with_nothing_due_or_missed_review_says_when_cards_come_due(make_app, service):
    """Everything right a moment ago: no card due yet, none missed. The Review row is
    greyed out (a click does nothing); r stays on the menu and says when the next card
    is due."""
    play_all(service, {})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        menu = app.screen
        notes: list[str] = []
        notify = app.notify
        app.notify = lambda message, **kw: (notes.append(str(message)), notify(message, **kw))
        assert (menu.summary.missed, menu.summary.due_now) == (0, 0)
        assert "$foreground-disabled" in review_style(menu) and not review_row(menu)[1]
        await click_text(pilot, "#menu-modes", "Review")
        await settle(pilot)
        assert app.screen is menu and notes == []
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is menu
        assert len(notes) == 1
        assert notes[0].startswith("Nothing to review yet: nothing missed, and the next card")


def test_the_summary_line_counts_due_cards_as_the_review_row_does(service, clock):
    """The summary says how many cards are due now (the number the Review row
    shows and a review asks first) and how many more come due later today."""
    from mlquiz.core.summaries import MenuSummary
    from mlquiz.ui.screens.menu_lines import summary_line

    def line(due_now: int, due_today: int, next_due=None) -> str:
        summary = MenuSummary(
            deck_id="ui-deck",
            cards=4,
            missed=0,
            last_session=None,
            due_today=due_today,
            next_due=next_due,
            due_now=due_now,
        )
        return summary_line(summary, service)

    assert "1 due now, 2 later today" in line(1, 3)
    assert "2 due now ·" in line(2, 2)
    assert "3 due later today" in line(0, 3)
    tomorrow = clock() + timedelta(days=1)
    assert "due" not in line(0, 0)  # nothing scheduled
    assert "next due tomorrow" in line(0, 0, tomorrow)


async def test_browse_on_a_deck_never_played_says_so(make_app, service):
    """b on a deck with no answers: 'nothing missed yet', not a claim about answers."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        title = str(app.screen.query_one("#review-title").render())
        assert title == "Nothing missed yet: you have not answered a card of this deck."


async def test_browse_after_all_right_says_the_answers_were_right(make_app, service):
    play_all(service, {})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        title = str(app.screen.query_one("#review-title").render())
        assert title.startswith("Nothing missed in this deck: your last answer to every card")


async def test_r_reviews_a_card_that_came_due_while_the_menu_was_open(make_app, service, clock):
    """The menu's summary was read when nothing was due; time passes with the menu
    open: r starts the review instead of saying there is nothing to review."""
    play_all(service, {})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.summary.due_now == 0
        clock.tick(timedelta(days=40).total_seconds())
        await pilot.press("r")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.session.mode == "review"


async def test_leaving_the_missed_cards_while_they_load_never_fails_the_app(
    make_app, service, monkeypatch
):
    """b opens the missed cards, read on the service thread; the player presses Escape
    before that read ends. Textual removes a screen's fields before it stops the screen's
    workers: a read that ended in between wrote into a title already gone and failed the
    app (the card history's race). Here the read ends just as the title goes."""
    import asyncio

    from textual.widgets import Static

    from mlquiz.ui.screens.review import ReviewScreen

    play_all(service, {"run": WRONG})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        menu = app.screen
        read_may_end = hold_read_until_removed(
            monkeypatch, service, "missed_browse", Static, "review-title"
        )
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        await asyncio.sleep(0.3)  # the screen gone whole
        await settle(pilot)
        assert app.screen is menu and app.return_code is None
        assert read_may_end.is_set()  # the read did end while the screen went
