"""The learner's controls on screen: the schedule settings, the card browser, undo in a
quiz, a leech said in the feedback, a cloze card, the stats' forecast and leeches."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from mlquiz.core.deck_settings import DeckSettings
from mlquiz.core.decks.library import load_deck
from mlquiz.core.settings import load_settings
from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.screens.browser import BrowserScreen
from mlquiz.ui.screens.card_editor import CardEditor
from mlquiz.ui.screens.card_history import CardHistoryScreen
from mlquiz.ui.screens.deck_settings import DeckSettingsScreen
from mlquiz.ui.screens.menu import MenuScreen
from mlquiz.ui.screens.quiz import QuizScreen
from mlquiz.ui.widgets.answer_box import AnswerBox
from mlquiz.ui.widgets.card_table import CardTable
from tests.support.factories import make_service
from tests.support.pilot import CORRECT, WRONG, answer, hold_read_until_removed, settle

SIZE = (100, 32)
CLOZE_DECK = Path(__file__).resolve().parents[1] / "data" / "cloze-deck.toml"


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


# -- the schedule settings ------------------------------------------------------------


async def test_the_settings_screen_saves_good_values_and_refuses_bad_ones(make_app, service):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeckSettingsScreen)
        retention = screen.query_one("#settings-desired_retention")
        retention.value = "0.5"
        screen.query_one("#settings-reviews_per_day").value = "100000"
        await pilot.pause()
        errors = str(screen.query_one("#settings-reviews_per_day-error").render())
        assert "100,000 is more than anyone can study" in errors
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # nothing saved, nothing typed lost
        assert "Desired retention, Reviews per day need a valid value" in notes(app)[-1]
        assert retention.value == "0.5"
        retention.value = "0.85"
        screen.query_one("#settings-reviews_per_day").value = "0"
        screen.query_one("#settings-new_per_day").value = "2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert (app.screen.summary.new, app.screen.summary.new_waiting) == (2, 2)
    wanted = DeckSettings(desired_retention=0.85, new_per_day=2, reviews_per_day=0)
    assert service.deck_settings("ui-deck") == wanted
    assert load_settings(service.settings_path)[0].deck("ui-deck") == wanted


async def test_escape_with_changes_asks_before_leaving(make_app, service):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        app.screen.query_one("#settings-new_per_day").value = "3"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeckSettingsScreen)
        assert "Escape again leaves without" in notes(app)[-1]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
    assert service.deck_settings("ui-deck") == DeckSettings()


async def test_the_palette_opens_the_settings_and_the_browser(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Schedule settings" in titles and "Browse all cards" in titles


# -- the card browser -----------------------------------------------------------------


async def open_browser(pilot) -> BrowserScreen:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, BrowserScreen)
    return pilot.app.screen


def shown_ids(screen: BrowserScreen) -> list[str]:
    return [row.card_id for row in screen.query_one(CardTable).rows]


async def test_the_browser_lists_every_card_and_filters_as_you_type(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot)
        assert shown_ids(screen) == ["run", "experiment", "registry", "batch"]
        await pilot.press("slash")
        await pilot.press(*"registr")
        await pilot.pause()
        assert shown_ids(screen) == ["registry"]
        assert "4 cards · 1 shown" in str(screen.query_one("#browser-count").render())
        search = screen.query_one("#browser-search")
        search.value = "(.*"  # regex characters are searched for as they are
        await pilot.pause()
        assert shown_ids(screen) == []
        assert "No card matches" in str(screen.query_one("#browser-detail").render())
        search.value = ""
        await pilot.press("enter")  # back to the list
        await pilot.pause()
        assert screen.query_one(CardTable).has_focus and len(shown_ids(screen)) == 4


async def test_suspend_bury_flag_and_reset_from_the_browser(make_app, service, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # a quiz: answer "run" so it has a schedule
        await settle(pilot)
        await answer(pilot, CORRECT["run"])
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # results -> menu
        await settle(pilot)
        screen = await open_browser(pilot)
        await pilot.press("space", "space")  # select run and experiment
        await pilot.press("s")
        await settle(pilot)
        assert service.held_cards("ui-deck") == {"run", "experiment"}
        await pilot.press("s")  # all chosen are suspended: unsuspend
        await settle(pilot)
        assert service.held_cards("ui-deck") == set()
        table = screen.query_one(CardTable)
        table.selected.clear()
        table.cursor = 2  # registry
        await pilot.press("b")
        await settle(pilot)
        assert service.store.card_flags("ui-deck")["registry"].buried(clock())
        await pilot.press("f", "f")
        await settle(pilot)
        assert service.store.card_flags("ui-deck")["registry"].flag == "orange"
        table.cursor = 0
        await pilot.press("r")
        await pilot.pause()
        assert service.store.card_state("ui-deck", "run") is not None  # asked first
        await pilot.press("r")
        await settle(pilot)
        assert service.store.card_state("ui-deck", "run") is None
        await pilot.press("escape")
        await settle(pilot)
        summary = app.screen.summary
        assert (summary.buried, summary.suspended) == (1, 0)


async def test_history_and_e_edits_the_card_with_its_last_answer(make_app, service):
    """h shows the card's answers; e opens the card editor (issue 13) on it, its last
    answer graded live, and the list shows the card as saved."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, WRONG)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await open_browser(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, CardHistoryScreen)
        assert "1 answer, 1 not correct" in str(app.screen.query_one("#history-summary").render())
        await pilot.press("escape")
        await settle(pilot)
        browser = app.screen
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor) and editor.card.id == "run"
        assert str(editor.query_one("#edit-your-answer", Static).render()) == WRONG
        editor.query_one("#edit-question", Input).value = "What is an MLflow run, in short?"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is browser
        assert browser.query_one(CardTable).current.card.question == (
            "What is an MLflow run, in short?"
        )
        await pilot.press("down", "e")  # a card never answered: nothing to grade, and why
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        assert "you have not answered it yet" in str(editor.query_one("#edit-verdict").render())


@pytest.mark.parametrize("keys", [("ctrl+s",), ("escape", "escape")], ids=["save", "leave"])
async def test_closing_the_editor_right_after_a_change_never_fails_the_app(
    make_app, monkeypatch, keys
):
    """A change starts the live grade after a short wait; ctrl+s (or Escape twice) right
    away closes the editor. Textual removes a screen's fields before it stops the
    screen's workers, and on a loaded machine that takes a while: a grade that woke
    then read a field already gone and failed the app (the flaky
    test_history_and_e_edits_the_card_with_its_last_answer). Here its wait ends
    just as the question field has gone, while the rest of the editor is still going."""
    import asyncio
    import contextlib
    from types import SimpleNamespace

    from mlquiz.ui.screens import card_editor

    gate = asyncio.Event()
    real_sleep, real_exit = asyncio.sleep, Input._message_loop_exit

    async def grade_wait(delay: float) -> None:
        # (bounded: an editor that never closes fails the asserts below, not a hang)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(gate.wait(), timeout=20)

    async def exit_slowly(self) -> None:
        await real_exit(self)
        if self.id == "edit-question":
            gate.set()
            await real_sleep(0.2)

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        browser = await open_browser(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        monkeypatch.setattr(card_editor, "asyncio", SimpleNamespace(sleep=grade_wait))
        monkeypatch.setattr(Input, "_message_loop_exit", exit_slowly)
        editor.query_one("#edit-question", Input).value = "What is an MLflow run, in short?"
        await pilot.pause()  # the change seen: its grade waits
        await pilot.press(*keys)
        await settle(pilot)
        await asyncio.sleep(0.3)  # the editor gone whole
        await settle(pilot)
        assert app.screen is browser and app.return_code is None
        saved = browser.query_one(CardTable).current.card.question
        assert (saved == "What is an MLflow run, in short?") == (keys == ("ctrl+s",))


@pytest.mark.parametrize("key", ["escape", "h", "q"])
async def test_closing_a_history_still_loading_never_fails_the_app(
    make_app, service, monkeypatch, key
):
    """h opens a card's history, and the player closes it before its answers are read.
    As with the editor, Textual removes the screen's fields before it stops the screen's
    workers: a read that ended in between (a loaded machine, a big history) wrote into
    a summary already gone and failed the app. Here the read ends just as the summary
    goes, while the rest of the screen is still going."""
    import asyncio

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        browser = await open_browser(pilot)
        read_may_end = hold_read_until_removed(
            monkeypatch, service, "card_history", Static, "history-summary"
        )
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, CardHistoryScreen)
        await pilot.press(key)
        await settle(pilot)
        await asyncio.sleep(0.3)  # the history gone whole
        await settle(pilot)
        assert app.screen is browser and app.return_code is None
        assert read_may_end.is_set()  # the read did end while the screen went


@pytest.mark.parametrize("read", ["opening", "after-suspend", "for-edit"])
async def test_leaving_the_browser_while_its_list_loads_never_fails_the_app(
    make_app, service, monkeypatch, read
):
    """The browser reads every card's row on the service thread when it opens, and again
    after s suspends a card; the player presses Escape before that read ends. Textual
    removes a screen's fields before it stops the screen's workers: a read that ended in
    between wrote into a search field already gone and failed the app (the history's
    race). Here the read ends just as the search field goes. The suspension is kept.
    After e, the card's answers are read before the editor opens: one that ended in
    between opened the editor over the menu, the browser gone."""
    import asyncio

    slowed = "card_history" if read == "for-edit" else "browse_cards"

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        menu = app.screen
        if read != "opening":
            await open_browser(pilot)
        read_may_end = hold_read_until_removed(
            monkeypatch, service, slowed, Input, "browser-search"
        )
        await pilot.press({"opening": "a", "after-suspend": "s", "for-edit": "e"}[read])
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("escape")
        await settle(pilot)
        await asyncio.sleep(0.3)  # the browser gone whole
        await settle(pilot)
        assert app.screen is menu and app.return_code is None
        assert read_may_end.is_set()  # the read did end while the screen went
        if read == "after-suspend":
            assert service.held_cards("ui-deck") == {"run"}


async def test_the_cursor_stays_on_the_card_just_edited(make_app):
    """After e and ctrl+s on the third card, the list is read again with the edited
    deck: the cursor is still on that card, not back at the top."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        browser = await open_browser(pilot)
        await pilot.press("down", "down")
        assert browser.query_one(CardTable).current.card_id == "registry"
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor) and editor.card.id == "registry"
        editor.query_one("#edit-question", Input).value = "What does the Model Registry hold?"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is browser
        current = browser.query_one(CardTable).current
        assert current.card_id == "registry"
        assert current.card.question == "What does the Model Registry hold?"


async def test_the_column_titles_stay_over_their_columns_when_a_search_shortens_the_list(
    tmp_path, clock
):
    """60 cards need a scrollbar; a search that leaves six does not, so the rows grow
    by the scrollbar's width: the titles move with them (they stayed where they were,
    two cells left of the columns from State on)."""
    from tests.support.factories import make_deck

    deck = make_deck("many", 60, question="What is card number {i} about?")
    service = make_service(tmp_path / "data", clock, decks=[deck])
    app = QuizApp(service, prepare(service))
    async with app.run_test(size=SIZE) as pilot:
        browser = await open_browser(pilot)
        table = browser.query_one(CardTable)

        def state_column() -> tuple[int, int]:
            header = str(browser.query_one("#browser-header").render())
            widths = table.widths(table.scrollable_content_region.width)
            row_start = sum(widths[:3]) + 3  # mark, id, question and their gaps
            return header.index("State"), row_start

        title, row = state_column()
        assert title == row
        await pilot.press("slash", *"number 7")
        await settle(pilot)
        assert len(table.rows) == 6 and not table.show_vertical_scrollbar
        title, row = state_column()
        assert title == row
    service.close()


async def test_letters_typed_in_the_search_are_not_actions(make_app, service):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(pilot)
        await pilot.press("slash", "s", "b", "f")
        await settle(pilot)
        assert screen.query_one("#browser-search").value == "sbf"
        assert service.store.card_flags("ui-deck") == {}


# -- undo and leeches in a quiz ---------------------------------------------------------


async def test_ctrl_z_on_the_feedback_takes_the_answer_back(make_app, service):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+z")  # on the menu: nothing happens
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+z")  # first card, nothing answered
        await settle(pilot)
        assert "no card has been answered" in notes(app)[-1]
        await answer(pilot, WRONG)
        assert len(service.store.attempts("ui-deck")) == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.phase == "answering"
        assert screen.query_one(AnswerBox).text == WRONG
        assert service.store.attempts("ui-deck") == []
        assert service.store.card_state("ui-deck", "run") is None


async def test_the_feedback_says_when_a_card_just_became_a_leech(make_app, service, clock):
    """Leech threshold 1: the first lapse of a learnt card makes it a leech, suspended."""
    settings = {"decks": {"ui-deck": DeckSettings(leech_threshold=1)}}
    app = make_app(**settings)
    deck = service.deck("ui-deck")
    for _ in range(2):  # Good twice: "run" is learnt
        session = service.start_session("ui-deck", [deck.card("run")], "quiz")
        clock.tick(60)
        service.submit(session, CORRECT["run"])
        service.finish(session)
        clock.tick(11 * 60)
    clock.tick(30 * 86400)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, WRONG)
        leech = app.screen.query_one("#feedback-leech")
        assert "Leech: you have forgotten this card 1 times" in str(leech.render())
        assert "suspended" in str(leech.render())
    assert service.held_cards("ui-deck") == {"run"}


# -- a cloze card -----------------------------------------------------------------------


@pytest.fixture
def cloze_app(tmp_path, clock):
    deck = load_deck(CLOZE_DECK, source="built-in")
    service = make_service(tmp_path / "data", clock, decks=[deck])
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    yield QuizApp(service, startup)
    service.close()


async def test_a_cloze_card_is_asked_with_its_gap_and_graded_against_the_blank(cloze_app):
    async with cloze_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        question = str(cloze_app.screen.query_one("#quiz-question").render())
        assert question == "Models and their versions live in the [...] of Unity Catalog."
        await answer(pilot, "Model Regsitry")
        verdict = str(cloze_app.screen.query_one("#feedback-verdict").render())
        assert verdict.startswith("✓ Correct")
        reasons = str(cloze_app.screen.query_one("#feedback-reasons").render())
        assert "“Regsitry” was taken as “Registry”" in reasons
