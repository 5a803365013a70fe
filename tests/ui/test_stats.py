"""The stats screen: what it shows for no history and for a small hand-built one.

The history is recorded through the service with a fixed clock (and UTC as
the learner's zone), so every figure is known in advance: three days, four
sessions, fourteen answers of twenty seconds each. Tests assert on the
widgets' values (the tiles' figures, the charts' plotted percentages, the
state counts, the table's rows), not on rendered text. Each test says its rule.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mlquiz.core.clock import FixedClock
from mlquiz.core.decks.library import load_deck
from mlquiz.core.format import due_in, percent
from mlquiz.service import GameService
from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.screens.menu import MenuScreen
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.state_bar import shares
from tests.support.factories import make_service
from tests.support.pilot import (
    CORRECT,
    PARTIAL,
    START,
    UI_DECK,
    WRONG,
    hold_read_until_removed,
    settle,
)

SIZE = (100, 32)
TINY_DECK = UI_DECK.parent / "tiny.toml"

# (when, answers in deck order: run, experiment, registry, batch). A session
# that ends early has fewer answers.
HISTORY = [
    (datetime(2025, 3, 1, 10, 0, tzinfo=UTC), [CORRECT["run"], CORRECT["experiment"],
                                                CORRECT["registry"], CORRECT["batch"]]),
    (datetime(2025, 3, 2, 10, 0, tzinfo=UTC), [CORRECT["run"], PARTIAL["experiment"],
                                                WRONG, CORRECT["batch"]]),
    (datetime(2025, 3, 3, 8, 0, tzinfo=UTC), [WRONG, CORRECT["experiment"],
                                               WRONG, CORRECT["batch"]]),
    (datetime(2025, 3, 3, 9, 0, tzinfo=UTC), [CORRECT["run"], CORRECT["experiment"]]),
]  # fmt: skip
SECONDS_PER_ANSWER = 20


def make_stats_service(tmp_path: Path, clock: FixedClock, *extra_decks: Path) -> GameService:
    decks = [load_deck(UI_DECK, source="built-in")]
    decks += [load_deck(path, source="built-in") for path in extra_decks]
    return make_service(tmp_path / "data", clock, decks=decks, tz=UTC)


def record_history(service: GameService, clock: FixedClock) -> None:
    """Play HISTORY through the service; the clock ends at START (Mar 3, 09:30)."""
    for when, answers in HISTORY:
        clock.now = when
        session = service.start_quiz("ui-deck", shuffle=False)
        for n, text in enumerate(answers):
            clock.tick(SECONDS_PER_ANSWER)
            service.submit(session, text)
            if n + 1 < len(answers):
                service.advance(session)
        service.finish(session)
    clock.now = START


@pytest.fixture
def stats_clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def stats_service(tmp_path: Path, stats_clock: FixedClock):
    service = make_stats_service(tmp_path, stats_clock)
    yield service
    service.close()


def app_over(service: GameService) -> QuizApp:
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    return QuizApp(service, startup)


async def open_stats(pilot) -> None:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)


def tile(screen, name: str) -> tuple[str, str]:
    widget = screen.query_one(f"#stats-{name}")
    return widget.value, widget.note


def recall_rows(screen) -> list[list[str]]:
    table = screen.query_one("#stats-recall")
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


# -- no history ---------------------------------------------------------------


async def test_an_empty_database_shows_zeros_and_says_there_is_nothing_yet(stats_service):
    """No answers: no accuracy, no streak, no time, nothing due; every card new; empty charts."""
    app = app_over(stats_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_stats(pilot)
        screen = app.screen
        assert screen.__class__.__name__ == "StatsScreen"
        assert not screen.query_one("#stats-body").loading
        assert tile(screen, "accuracy") == ("—", "no answers yet")
        assert tile(screen, "streak") == ("0 days", "play to begin")
        assert tile(screen, "time") == ("0s today", "0s in all")
        assert tile(screen, "due") == ("0 cards", "none scheduled")
        assert screen.query_one("#stats-states").states == {
            "new": 4,
            "learning": 0,
            "review": 0,
            "mastered": 0,
        }
        for chart in ("#stats-by-day", "#stats-by-session"):
            assert screen.query_one(chart).has_class("-empty")
            assert screen.query_one(chart).plotted == []
        assert "No key point missed yet" in str(screen.query_one("#stats-missed").content)
        rows = recall_rows(screen)
        assert [row[1] for row in rows] == ["new"] * 4
        await pilot.press("escape")
        assert isinstance(app.screen, MenuScreen)


# -- a small history ----------------------------------------------------------


async def test_a_small_history_shows_its_figures(stats_service, stats_clock):
    """Three days, four sessions, 14 answers (10 correct), 20 s each: every figure on screen."""
    record_history(stats_service, stats_clock)
    progress = stats_service.progress("ui-deck")
    app = app_over(stats_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_stats(pilot)
        screen = app.screen
        assert screen.scope == "ui-deck"
        assert str(screen.query_one("#stats-scope").content) == (
            "MLflow basics · 4 cards · 14 answers"
        )
        assert tile(screen, "accuracy") == ("71%", "of 14 answers")
        assert tile(screen, "streak") == ("3 days", "played today")
        assert tile(screen, "time") == ("2m 00s today", "4m 40s in all")
        due_value, due_note = tile(screen, "due")
        assert due_value == f"{progress.due_today} card" + ("" if progress.due_today == 1 else "s")
        # A card missed this morning is due now: the tile says so, as the table does
        # (it used to say "next: in 5 days" beside a row due "now"; issue 16).
        later = progress.due_today - progress.due_now
        assert progress.due_now
        assert due_note == (f"{progress.due_now} now · {later} later" if later else "all due now")
        # Per day: Mar 1 4/4, Mar 2 2/4, Mar 3 4/6; per session: 4/4, 2/4, 2/4, 2/2.
        assert screen.query_one("#stats-by-day").plotted == [100.0, 50.0, 66.7]
        assert screen.query_one("#stats-by-session").plotted == [100.0, 50.0, 50.0, 100.0]
        states = screen.query_one("#stats-states").states
        assert states == progress.states and sum(states.values()) == 4 and states["new"] == 0
        # The registry card was answered wrongly twice: its points lead the list.
        missed = str(screen.query_one("#stats-missed").content).splitlines()
        registry = stats_service.deck("ui-deck").cards[2]
        assert missed[0].startswith("2×")
        assert registry.question[:20] in missed[0]
        assert any(point.label in missed[0] for point in registry.points)
        # Cards in learning first (no recall figure yet), then the rest weakest
        # first, as the service orders them; each row's percentage and state.
        rows = recall_rows(screen)
        assert len(rows) == 4
        learning = [c for c in progress.recall if c.bucket == "learning"]
        known = [c for c in progress.recall if c.bucket in ("review", "mastered")]
        assert learning and known
        for row, card in zip(rows, learning + known, strict=True):
            assert row[1] == card.bucket
            assert (
                row[0] == "—"
                if card.bucket == "learning"
                else row[0].endswith(percent(card.retrievability))
            )
        percents = [int(row[0].split()[-1].rstrip("%")) for row in rows[len(learning) :]]
        assert percents == sorted(percents)


async def test_a_switches_between_the_deck_and_all_decks(tmp_path, stats_clock):
    """`a` shows every deck (cards of both, a Deck column); `a` again, the menu's deck."""
    service = make_stats_service(tmp_path, stats_clock, TINY_DECK)
    record_history(service, stats_clock)
    app = app_over(service)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_stats(pilot)
            screen = app.screen
            assert screen.scope == "ui-deck"
            assert screen.check_action("all_decks", ()) and not screen.check_action("this_deck", ())
            await pilot.press("a")
            await settle(pilot)
            tiny_cards = len(service.deck("tiny").cards)
            assert screen.scope is None
            assert sum(screen.query_one("#stats-states").states.values()) == 4 + tiny_cards
            assert str(screen.query_one("#stats-scope").content).startswith("All decks (2)")
            table = screen.query_one("#stats-recall")
            assert [c.label.plain for c in table.columns.values()] == [
                "Recall",
                "State",
                "Due",
                "Deck",
                "Card",
            ]
            # Answered cards first (weakest first), the never-answered tiny deck after them.
            assert [row[3] for row in recall_rows(screen)][-tiny_cards:] == [
                "Tiny deck"
            ] * tiny_cards
            assert screen.check_action("this_deck", ()) and not screen.check_action("all_decks", ())
            await pilot.press("a")
            await settle(pilot)
            assert screen.scope == "ui-deck"
            assert sum(screen.query_one("#stats-states").states.values()) == 4
    finally:
        service.close()


async def test_a_long_recall_table_shows_the_weakest_and_says_how_many_are_left_out(
    stats_service, stats_clock, monkeypatch
):
    """Past RECALL_ROWS cards the table keeps the weakest and a line says how many there are."""
    from mlquiz.ui.screens import stats

    monkeypatch.setattr(stats, "RECALL_ROWS", 2)
    record_history(stats_service, stats_clock)
    app = app_over(stats_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_stats(pilot)
        screen = app.screen
        recall = stats_service.progress("ui-deck").recall
        weakest = sorted((c for c in recall if c.bucket == "learning"), key=lambda c: c.due) + [
            c for c in recall if c.bucket in ("review", "mastered")
        ]
        rows = recall_rows(screen)
        assert [row[2] for row in rows] == [due_in(c.due, START, UTC) for c in weakest[:2]]
        more = screen.query_one("#stats-recall-more")
        assert more.has_class("-shown")
        assert "The first 2 of 4 cards" in str(more.content)


async def test_the_body_shows_a_loading_indicator_until_the_figures_arrive(stats_service):
    """While the service thread is busy the body is loading; then the figures appear."""
    app = app_over(stats_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        release = threading.Event()
        blocker = app.run_worker(call(release.wait, 10))  # the service thread is busy
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#stats-body").loading
        assert tile(screen, "accuracy")[0] == "…"
        release.set()
        await blocker.wait()
        await settle(pilot)
        assert not screen.query_one("#stats-body").loading
        assert tile(screen, "accuracy")[0] == "—"


async def test_the_command_palette_opens_the_stats_of_the_selected_deck(stats_service):
    """The palette's Stats command opens the same screen, on the menu's deck."""
    app = app_over(stats_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Stats"].callback()
        await settle(pilot)
        assert app.screen.__class__.__name__ == "StatsScreen"
        assert app.screen.scope == "ui-deck"


async def test_the_recall_table_shows_its_cursor_only_when_focused(stats_service, stats_clock):
    """Tab moves focus from the page to the table, which then shows its cursor."""
    record_history(stats_service, stats_clock)
    app = app_over(stats_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_stats(pilot)
        table = app.screen.query_one("#stats-recall")
        assert app.focused is app.screen.query_one("#stats-body")
        assert not table.show_cursor
        await pilot.press("tab")
        assert app.focused is table and table.show_cursor


async def test_the_menu_says_when_the_next_cards_come_when_none_is_due_today(
    stats_service, stats_clock
):
    """Cards answered at once and right (Easy) come back in days: the menu says when."""
    session = stats_service.start_quiz("ui-deck", shuffle=False)
    for n in range(4):
        stats_service.submit(session, CORRECT[session.current.id])
        if n < 3:
            stats_service.advance(session)
    stats_service.finish(session)
    app = app_over(stats_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = app.screen.summary
        assert summary.due_today == 0 and summary.next_due is not None
        glance = str(app.screen.query_one("#menu-glance").content)
        assert f"next due {due_in(summary.next_due, START, UTC)}" in glance
        assert "next due in " in glance and " days" in glance


# -- pure helpers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=-5), "now"),
        (timedelta(0), "now"),
        (timedelta(seconds=30), "in 1 min"),
        (timedelta(minutes=25), "in 25 min"),
        (timedelta(hours=3), "in 3 h"),
        (timedelta(hours=15), "tomorrow"),  # 09:30 + 15 h is 00:30 the next day
        (timedelta(days=4), "in 4 days"),
        (timedelta(days=90), "on 2025-06-01"),
    ],
)
def test_due_in_says_when_in_the_learners_days(delta, text):
    """Minutes under an hour, hours the same day, then local days, then a date."""
    assert due_in(START + delta, START, UTC) == text


@pytest.mark.parametrize(
    ("counts", "width", "cells"),
    [
        ([0, 0, 0, 0], 40, [0, 0, 0, 0]),
        ([1, 1, 1, 1], 40, [10, 10, 10, 10]),
        ([1, 0, 0, 999], 40, [1, 0, 0, 39]),
        ([2, 1, 0, 0], 10, [7, 3, 0, 0]),
        ([10, 25, 6, 0], 0, [0, 0, 0, 0]),
    ],
)
def test_state_bar_shares_fill_the_width_and_keep_every_state_visible(counts, width, cells):
    """Cells in proportion; every state with a card keeps one; the width is filled exactly."""
    assert shares(counts, width) == cells


# -- start-up -----------------------------------------------------------------


def test_the_menu_path_does_not_import_plotext_or_the_stats_screen():
    """plotext and the stats screen load when the screen opens, not with the menu."""
    lazy = ("plotext", "textual_plotext", "mlquiz.ui.screens.stats")
    code = (
        "import sys, mlquiz.cli, mlquiz.ui.app, mlquiz.ui.screens.menu\n"
        f"print(','.join(m for m in {lazy!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


# -- snapshots ----------------------------------------------------------------


class TestStatsSnapshots:
    def test_stats_after_three_days(self, snap_compare, stats_service, stats_clock):
        """Figures, cards by state, both charts and the lists after the hand-built history."""
        record_history(stats_service, stats_clock)
        assert snap_compare(app_over(stats_service), run_before=open_stats, terminal_size=SIZE)

    def test_stats_80x24(self, snap_compare, stats_service, stats_clock):
        """The smallest supported terminal: the figures and the state bar above the fold."""
        record_history(stats_service, stats_clock)
        assert snap_compare(app_over(stats_service), run_before=open_stats, terminal_size=(80, 24))


async def test_leaving_the_stats_while_they_load_never_fails_the_app(stats_service, monkeypatch):
    """s opens the stats, which are read on the service thread; the player presses
    Escape before that read ends. Textual removes a screen's fields before it stops the
    screen's workers: a read that ended in between would write into a scope line already
    gone and fail the app (the card editor's, history's and picker's race). Here the read
    ends just as the scope line goes, while the rest of the screen is still going."""
    import asyncio

    from textual.widgets import Static

    from mlquiz.ui.screens import stats

    app = app_over(stats_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        read_may_end = hold_read_until_removed(
            monkeypatch, stats, "read_stats", Static, "stats-scope"
        )
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "StatsScreen"
        await pilot.press("escape")
        await settle(pilot)
        await asyncio.sleep(0.3)  # the stats gone whole
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen) and app.return_code is None
        assert read_may_end.is_set()  # the read did end while the screen went
