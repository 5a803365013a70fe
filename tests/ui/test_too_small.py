"""The "terminal too small" notice: below 40x12 it covers whatever screen is up, keys
wait, and growing back brings the same screen, focus and session (issue 6, item 10).

Each test says its rule. The real process under a pty is in
tests/e2e/test_terminal.py; these check the screens one by one.
"""

from __future__ import annotations

import pytest
from textual.geometry import Size

from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.screens.challenge import ChallengeResultsScreen, ChallengeScreen, DurationPicker
from mlquiz.ui.screens.help import HelpScreen
from mlquiz.ui.screens.menu import MenuScreen
from mlquiz.ui.screens.quiz import QuizScreen
from mlquiz.ui.screens.results import ResultsScreen
from mlquiz.ui.screens.review import ReviewScreen
from mlquiz.ui.screens.stats import StatsScreen
from mlquiz.ui.widgets.answer_box import AnswerBox
from mlquiz.ui.widgets.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall, too_small
from tests.support.factories import FakeMonotonic
from tests.support.pilot import CORRECT, answer, settle, ui_service

SIZE = (100, 32)


def notices(app) -> list[TooSmall]:
    return [n for screen in app.screen_stack for n in screen.query(TooSmall)]


def covered(app) -> bool:
    """The notice is on the current screen and on top at its corners and middle."""
    screen = app.screen
    if not list(screen.query(TooSmall)):
        return False
    w, h = app.size
    points = {(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1), (w // 2, h // 2)}
    return all(isinstance(app.get_widget_at(x, y)[0], TooSmall) for x, y in points)


async def resize(pilot, width: int, height: int) -> None:
    await pilot.resize_terminal(width, height)
    await settle(pilot)
    await pilot.pause()


def test_the_minimum_is_40_columns_and_12_rows():
    """40x12 is enough; one column or one row less is not."""
    assert (MIN_WIDTH, MIN_HEIGHT) == (40, 12)
    assert not too_small(Size(40, 12)) and not too_small(Size(200, 60))
    assert too_small(Size(39, 60)) and too_small(Size(200, 11)) and too_small(Size(1, 1))


async def test_below_the_minimum_a_notice_covers_the_quiz_and_keys_wait(make_app, service):
    """Mid-card: the notice says how small and what is needed; keys typed under it
    neither type nor submit; grown back, the card, the typed text and the focus are
    as they were, and the answer is graded and stored."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        box = quiz.query_one(AnswerBox)
        box.insert("One execution of training code")
        await resize(pilot, 39, 12)
        assert covered(app)
        text = str(app.screen.query_one(TooSmall).render())
        assert "Terminal too small" in text and "39x12: mlquiz needs 40x12" in text

        await pilot.press("x", "y", "enter", "escape", "ctrl+n", "f1")
        await settle(pilot)
        await resize(pilot, 40, 11)
        assert "40x11" in str(app.screen.query_one(TooSmall).render())
        assert len(notices(app)) == 1  # updated, not stacked

        await resize(pilot, 40, 12)
        assert notices(app) == [] and app.screen is quiz
        assert not quiz.has_class("-too-small")
        assert quiz.session.attempts == [] and quiz.session.index == 0
        assert box.text == "One execution of training code"
        assert app.focused is box

        box.insert(" where params and metrics are logged together.")
        await pilot.press("enter")
        await settle(pilot)
        [row] = service.store.session_attempts(quiz.session.id)
        assert row["answer"] == CORRECT["run"] and row["verdict"] == "correct"


@pytest.mark.parametrize(
    "keys, screen_type",
    [
        ((), MenuScreen),
        (("x",), DurationPicker),
        (("f1",), HelpScreen),
        (("b",), ReviewScreen),
        (("s",), StatsScreen),
        (("enter",), QuizScreen),
        (("enter", "feedback"), QuizScreen),
        (("enter", "feedback", "escape"), ResultsScreen),
    ],
    ids=["menu", "duration-picker", "help", "browse", "stats", "quiz", "feedback", "results"],
)
async def test_every_screen_survives_1x1_and_comes_back(make_app, keys, screen_type):
    """Down to 1x1 and back on each screen: no exception (an option list cannot be laid
    out one column wide, so the covered screen's widgets are hidden), the notice while
    small, and the same screen with its focus afterwards."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in keys:
            if key == "feedback":
                await answer(pilot, CORRECT["run"])
            else:
                await pilot.press(key)
                await settle(pilot)
        screen = app.screen
        assert isinstance(screen, screen_type)
        focused = app.focused
        for size in [(1, 1), (2, 2), (10, 3), (1, 1), (39, 40)]:
            await resize(pilot, *size)
            assert covered(app), size
        await resize(pilot, *SIZE)
        assert app.screen is screen and notices(app) == []
        assert app.focused is focused


async def test_a_challenge_that_ends_while_covered_shows_its_results_after(tmp_path, clock):
    """The countdown goes on under the notice (time away is time spent); when it ends the
    results screen comes up covered too, and shows once the terminal grows."""
    mono = FakeMonotonic()
    service = ui_service(tmp_path, clock, mono=mono)
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(timed_feedback="until-enter")
    app = QuizApp(service, startup)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        challenge_screen = app.screen
        assert isinstance(challenge_screen, ChallengeScreen)
        challenge_screen.query_one(AnswerBox).insert(CORRECT[challenge_screen.challenge.current.id])
        await resize(pilot, 1, 1)
        assert covered(app)

        mono.now += 61  # time runs out under the notice
        challenge_screen.tick()
        await settle(pilot)
        assert isinstance(app.screen, ChallengeResultsScreen)
        assert covered(app)
        assert app.screen.results.answers == 1  # the text left in the box was graded

        await resize(pilot, *SIZE)
        assert notices(app) == [] and isinstance(app.screen, ChallengeResultsScreen)
        assert app.screen.query_one("#challenge-headline").region.height > 0
        assert app.focused is app.screen.query_one("#challenge-bests")  # as it set it
        run = challenge_screen.challenge
        assert len(service.store.session_attempts(run.session.id)) == 1
    service.close()


async def test_ctrl_q_still_quits_while_covered(make_app):
    """The one key that works under the notice is quitting."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await resize(pilot, 20, 5)
        assert covered(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_a_game_started_in_a_small_terminal_starts_covered(make_app):
    """Too small from the first frame: the menu is covered at once and usable once grown."""
    app = make_app()
    async with app.run_test(size=(30, 10)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen) and covered(app)
        await resize(pilot, *SIZE)
        assert notices(app) == []
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)


async def test_at_the_smallest_size_the_quiz_score_is_not_cut(make_app):
    """At 40x12 the status row said "Score 0% (0 of 1 poin": it gives the percentage
    alone there, whole, and the full line again once the terminal is wider."""
    from tests.ui.test_keys_explained import screen_lines

    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, CORRECT[app.screen.session.current.id])
        status = screen_lines(app)[1]
        assert status.startswith(" Card 1 of ") and status.rstrip().endswith("Score 100%")
        await resize(pilot, 100, 32)
        status = screen_lines(app)[1]
        assert status.rstrip().endswith("Score 100% (1 of 1 point)")
