"""The timed challenge on screen: whole runs by keys with a fake monotonic clock.

The countdown reads `service.monotonic`, here a fake that moves only when a
test says so; the screen's timer still fires in real time, and tests that need
a tick now call `screen.tick()` instead of sleeping. Each test says its rule.
"""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widget import Widget

from mlquiz.core.challenge import HINT_COST, SKIP_COST
from mlquiz.core.clock import FixedClock
from mlquiz.core.errors import StorageError
from mlquiz.core.settings import load_settings
from mlquiz.service import GameService
from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.screens.challenge import (
    ChallengeResultsScreen,
    ChallengeScreen,
    DurationPicker,
    open_challenge,
)
from mlquiz.ui.screens.menu import MenuScreen
from mlquiz.ui.widgets.answer_box import AnswerBox
from mlquiz.ui.widgets.countdown import Countdown, SecondsLeft
from tests.support.factories import FakeMonotonic
from tests.support.pilot import (
    CORRECT,
    PARTIAL,
    START,
    WRONG,
    hold_read_until_removed,
    settle,
    ui_service,
)

SIZE = (100, 32)


@pytest.fixture
def mono() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


def make_service(folder: Path, clock: FixedClock, mono: FakeMonotonic) -> GameService:
    return ui_service(folder, clock, mono=mono)


@pytest.fixture
def service(tmp_path, clock, mono):
    svc = make_service(tmp_path, clock, mono)
    yield svc
    svc.close()


def make_app(service: GameService, **settings: object) -> QuizApp:
    """The game over `service`; feedback stays until Enter unless a test says otherwise."""
    startup = prepare(service)
    changes = {"shuffle": False, "timed_feedback": "until-enter", **settings}
    startup.settings = startup.settings.with_changes(**changes)
    return QuizApp(service, startup)


async def type_text(pilot, text: str) -> None:
    pilot.app.screen.query_one(AnswerBox).insert(text)
    await pilot.pause()


async def submit(pilot, text: str) -> None:
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def start_run(pilot, service, feedback: str | None = None, keys: tuple = ()) -> None:
    """From the menu: x opens the duration picker, pick (first: 60 s), wait for the first card.

    With `feedback`, the flow is opened directly with that setting and a
    seeded rng (as the menu would, but with a fixed card order for snapshots).
    """
    if feedback is None:
        await pilot.press("x")
    else:
        deck = service.deck("ui-deck")
        open_challenge(pilot.app, service, deck, feedback=feedback, rng=random.Random(4))
    await settle(pilot)
    assert isinstance(pilot.app.screen, DurationPicker)
    await pilot.press(*keys)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ChallengeScreen)


def card_answer(screen: ChallengeScreen, kind: str = "correct") -> str:
    card = screen.challenge.current
    return {"correct": CORRECT, "partial": PARTIAL}.get(kind, {}).get(card.id, WRONG)


async def test_a_whole_challenge_from_picker_to_results(service, mono):
    """Answer, hint, skip, then the limit: the answer in the box is graded, the run ranks."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        screen = app.screen
        run = screen.challenge
        assert run.duration_s == 60 and app.focused is screen.query_one(AnswerBox)

        mono.tick(8)
        await submit(pilot, card_answer(screen))
        assert screen.phase == "feedback" and run.paused
        assert run.score > 0 and run.streak == 1
        assert str(screen.query_one("#challenge-score").render()) == f"Score {run.score}"
        mono.tick(30)  # reading the feedback costs no time
        await pilot.press("enter")
        await settle(pilot)
        assert screen.phase == "answering" and run.remaining() == 52.0

        before = run.score
        await pilot.press("ctrl+t")
        assert run.score == before - HINT_COST and run.hints == 1
        assert "Hint 1" in str(screen.query_one("#challenge-hints").render())
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert run.skipped == 1 and run.streak == 0
        assert run.score == before - HINT_COST - SKIP_COST
        await pilot.press("enter")
        await settle(pilot)

        await type_text(pilot, card_answer(screen))  # typed, never submitted
        mono.tick(60)
        screen.tick()
        await settle(pilot)

        assert isinstance(app.screen, ChallengeResultsScreen)
        results = app.screen.results
        assert results.final_answer is not None and results.answers == 2
        assert results.elapsed == 60.0 and results.rank == 1 and results.new_best
        stored = service.store.session_attempts(run.session.id)
        assert len(stored) == 3 and all(a["timed"] for a in stored)
        assert app.screen.query_one("#challenge-headline").has_class("-new-best")
        assert app.screen.query_one("#challenge-bests").row_count == 1

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)


async def test_the_countdown_shows_the_time_left_and_stops_during_feedback(service, mono):
    """Bar and seconds follow the monotonic clock; -low under 10 s; -paused while feedback shows."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service, keys=("down",))  # 120 s
        screen = app.screen
        countdown = screen.query_one(Countdown)
        assert screen.challenge.duration_s == 120
        mono.tick(15.5)
        screen.tick()
        assert countdown.query_one(SecondsLeft).seconds == 105
        assert countdown.query_one("#countdown-bar").progress == 104.5
        await submit(pilot, card_answer(screen))
        screen.tick()
        assert countdown.has_class("-paused")
        await pilot.press("enter")
        await settle(pilot)
        mono.tick(95)
        screen.tick()
        assert countdown.has_class("-low") and not countdown.has_class("-paused")
        assert countdown.query_one(SecondsLeft).seconds == 10


async def test_a_tick_repaints_only_the_countdown(service, mono, monkeypatch):
    """The timer's redraw touches the countdown's widgets alone and never asks for a layout."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        screen = app.screen
        await type_text(pilot, "half an answer")
        await pilot.pause()
        refreshed: list[tuple[Widget, bool]] = []
        original = Widget.refresh

        def spy(self, *regions, repaint=True, layout=False, recompose=False):
            refreshed.append((self, layout or recompose))
            return original(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

        monkeypatch.setattr(Widget, "refresh", spy)
        for _ in range(12):  # across a whole second, and into the last ten
            mono.tick(0.2)
            screen.tick()
        mono.tick(48)
        screen.tick()
        monkeypatch.undo()
        countdown = screen.query_one(Countdown)
        assert refreshed, "the countdown did not redraw"
        outside = [w for w, _ in refreshed if w is not countdown and countdown not in w.ancestors]
        assert outside == []
        assert not any(layout for _, layout in refreshed)


async def test_an_enter_after_the_limit_is_the_last_answer(service, mono):
    """Enter pressed after the limit, before the timer noticed: graded, then the results."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        run = app.screen.challenge
        await type_text(pilot, card_answer(app.screen))
        mono.tick(60.1)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChallengeResultsScreen)
        assert app.screen.results.answers == 1 and app.screen.results.final_answer.final
        assert len(service.store.session_attempts(run.session.id)) == 1


async def test_the_real_timer_ends_the_run(service, mono):
    """No test hook: the interval timer itself notices the limit within a few ticks."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        mono.tick(61)
        await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, ChallengeResultsScreen)
        assert app.screen.results.answers == 0


async def test_brief_feedback_moves_on_by_itself(service, mono):
    """With 'brief' feedback the next card comes after a moment, without a key."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        run = service.start_challenge("ui-deck", 60, rng=random.Random(2))
        screen = ChallengeScreen(service, run, "MLflow basics", feedback_seconds=0.05)
        app.push_screen(screen)
        await settle(pilot)
        first = run.current.id
        await submit(pilot, WRONG)
        for _ in range(40):  # no key pressed: wait for the feedback timer
            if screen.phase == "answering":
                break
            await pilot.pause(0.05)
        assert screen.phase == "answering" and run.current.id != first
        assert run.answers == 1


async def test_until_enter_feedback_waits(service, mono):
    """With 'until-enter' the feedback stays until Enter, with the clock stopped."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service, feedback="until-enter")
        screen = app.screen
        await submit(pilot, WRONG)
        await pilot.pause(0.3)
        assert screen.phase == "feedback"


async def test_f_in_the_picker_switches_the_feedback_setting_and_keeps_it(service, mono):
    """f in the picker toggles brief / until Enter; the run uses it and the settings keep it."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DurationPicker) and app.screen.feedback == "until-enter"
        await pilot.press("f", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChallengeScreen) and app.screen.feedback == "brief"
        assert app.settings.timed_feedback == "brief"
        saved, _ = load_settings(service.settings_path)
        assert saved.timed_feedback == "brief"


@pytest.mark.parametrize("key", ["escape", "enter"])
async def test_leaving_the_picker_while_its_bests_load_never_fails_the_app(
    service, mono, monkeypatch, key
):
    """x opens the duration picker, which reads each duration's best score; the player
    picks (or cancels) before that read ends. Textual removes a screen's fields before
    it stops the screen's workers: a read that ended in between wrote into a list
    already gone and failed the app (the card editor's and history's race). Here the
    read ends just as the list goes, while the rest of the picker is still going."""
    import asyncio

    from textual.widgets import OptionList

    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bests_may_load = hold_read_until_removed(
            monkeypatch, service, "challenge_bests", OptionList, "duration-list"
        )
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, DurationPicker)
        await pilot.press(key)
        await settle(pilot)
        await asyncio.sleep(0.3)  # the picker gone whole
        await settle(pilot)
        assert app.return_code is None and bests_may_load.is_set()
        assert isinstance(app.screen, MenuScreen if key == "escape" else ChallengeScreen)


async def test_the_feedback_setting_is_saved_with_the_other_settings(service, mono):
    """A theme change, then f in the picker straight after: both reach the settings file,
    through the app's one (debounced) save, and the menu opens the next picker with it."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        menu = app.screen
        await pilot.press("x")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, DurationPicker)
        app.theme = "nord"  # its save waits a moment for more changes...
        await pilot.pause()
        picker.action_toggle_feedback()  # ...and f, then a duration, come within it
        picker.dismiss((60, picker.feedback))
        await settle(pilot)
        assert isinstance(app.screen, ChallengeScreen)
        assert menu.timed_feedback == "brief"
        assert (app.settings.theme, app.settings.timed_feedback) == ("nord", "brief")
        saved, _ = load_settings(service.settings_path)
        assert (saved.theme, saved.timed_feedback) == ("nord", "brief")
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert app.screen.feedback == "brief"


async def test_escape_twice_abandons_the_run_and_keeps_its_answers(service, mono):
    """One Escape only asks for another; two: back to the menu, the run is stored as
    abandoned and unranked, answers kept."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        run = app.screen.challenge
        await submit(pilot, card_answer(app.screen))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChallengeScreen) and not run.abandoned
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert run.abandoned
        assert service.challenge_bests("ui-deck", 60) == []
        with closing(sqlite3.connect(service.database_path)) as conn:
            query = "SELECT abandoned FROM challenge_runs WHERE id = ?"
            assert conn.execute(query, (run.run_id,)).fetchone() == (1,)
        assert len(service.store.session_attempts(run.session.id)) == 1


async def test_play_again_from_the_results(service, mono):
    """'a' on the results opens the same duration at once."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        first = app.screen.challenge
        mono.tick(60)
        app.screen.tick()
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ChallengeScreen)
        assert app.screen.challenge is not first and app.screen.challenge.duration_s == 60


def break_the_grader(monkeypatch, screen: ChallengeScreen) -> None:
    def broken(card, answer):
        raise RuntimeError("grader bug")

    monkeypatch.setattr(screen.challenge.session.grader, "grade", broken)


def refuse_writes(monkeypatch, service: GameService) -> None:
    def refuse(attempt):
        raise StorageError("disk full (simulated)")

    monkeypatch.setattr(service.store, "record_attempt", refuse)


async def test_a_grader_failure_keeps_the_run_going(service, mono, monkeypatch):
    """If grading raises, the learner is told, keeps the typed text and can skip the card."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        screen = app.screen
        run = screen.challenge
        break_the_grader(monkeypatch, screen)
        await submit(pilot, "some answer")
        assert app.is_running and app.screen is screen
        assert screen.phase == "answering" and not run.paused and run.answers == 0
        assert screen.query_one(AnswerBox).text == "some answer"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.phase == "feedback" and run.skipped == 1


async def test_a_grader_failure_at_the_limit_still_shows_the_results(service, mono, monkeypatch):
    """The answer in the box cannot be graded when time runs out: the run ends and ranks."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        screen = app.screen
        await submit(pilot, card_answer(screen))
        await pilot.press("enter")
        await settle(pilot)
        break_the_grader(monkeypatch, screen)
        await type_text(pilot, "typed as time ran out")
        mono.tick(61)
        screen.tick()
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ChallengeResultsScreen)
        results = app.screen.results
        assert results.answers == 1 and results.final_answer is None and results.rank == 1


async def test_a_grader_failure_on_an_enter_after_the_limit_ends_the_run(
    service, mono, monkeypatch
):
    """Enter after the limit with a grader that raises: the results, not a traceback."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        break_the_grader(monkeypatch, app.screen)
        await type_text(pilot, "too late")
        mono.tick(60.1)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ChallengeResultsScreen)
        assert app.screen.results.answers == 0


async def test_a_refused_write_at_the_limit_shows_the_results_and_keeps_the_answer(
    service, mono, monkeypatch
):
    """The disk refuses the answer pending at the limit: results shown, the answer unsaved."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        screen = app.screen
        text = card_answer(screen)
        await type_text(pilot, text)
        refuse_writes(monkeypatch, service)
        mono.tick(61)
        screen.tick()
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ChallengeResultsScreen)
        results = app.screen.results
        assert results.answers == 1 and results.final_answer is not None
        assert [a.card_id for a in service.unsaved] == [results.final_answer.attempt.card_id]
        assert screen.challenge.ended


async def test_a_skip_just_after_the_limit_ends_the_run(service, mono):
    """ctrl+n after the limit, before the timer noticed: the run ends with the results."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_run(pilot, service)
        mono.tick(60.1)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ChallengeResultsScreen)
        assert app.screen.results.skipped == 0


# -- snapshots ----------------------------------------------------------------


def seed_bests(service: GameService, clock: FixedClock, mono: FakeMonotonic) -> None:
    """Three earlier 60 s runs on earlier days, for the best table."""
    for day, answers in ((-9, 1), (-5, 3), (-2, 2)):
        clock.now = START + timedelta(days=day)
        run = service.start_challenge("ui-deck", 60, rng=random.Random(day))
        for _ in range(answers):
            card = run.current
            service.challenge_submit(run, CORRECT.get(card.id, WRONG))
            service.challenge_next(run)
        mono.tick(60)
        service.challenge_finish(run)
    clock.now = START


def snapshot_app(tmp_path: Path):
    clock = FixedClock(START)
    mono = FakeMonotonic()
    service = make_service(tmp_path, clock, mono)
    return make_app(service), service, clock, mono


def test_snapshot_challenge_in_progress(snap_compare, tmp_path):
    """A run 23 s in: two answers given (streak 2), a hint taken, an answer being typed."""
    app, service, clock, mono = snapshot_app(tmp_path)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await start_run(pilot, service, feedback="until-enter")
        screen = pilot.app.screen
        for seconds in (9, 7):
            mono.tick(seconds)
            await submit(pilot, card_answer(screen))
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("ctrl+t")
        await type_text(pilot, CORRECT[screen.challenge.current.id][:24])
        mono.tick(7.4)
        screen.tick()
        screen.query_one(AnswerBox).cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
    service.close()


def test_snapshot_challenge_results_with_a_new_best(snap_compare, tmp_path):
    """The results of a run that beats three earlier ones: the best table, the celebration."""
    app, service, clock, mono = snapshot_app(tmp_path)
    seed_bests(service, clock, mono)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await start_run(pilot, service, feedback="until-enter")
        screen = pilot.app.screen
        for kind in ("correct", "correct", "partial", "correct", "correct"):
            mono.tick(6)
            await submit(pilot, card_answer(screen, kind))
            await pilot.press("enter")
            await settle(pilot)
        mono.tick(60)
        screen.tick()
        await settle(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
    service.close()
