"""The menu composed with the summary `run` read before the app started (issue 3):
complete on its first frame, the same screen as one that reads it once mounted,
and the database's problems told as before."""

from __future__ import annotations

import os

from mlquiz.ui.app import QuizApp, keep_summary, open_store, prepare
from mlquiz.ui.screens.menu import MenuScreen
from tests.support.pilot import CORRECT, answer, settle, ui_service

SIZE = (100, 32)


def notes_of(app) -> list[str]:
    notes: list[str] = []
    real = app.notify

    def spy(message, **kwargs):
        notes.append(str(message))
        return real(message, **kwargs)

    app.notify = spy
    return notes


async def screen_of(service, preload: bool) -> str:
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    if preload:
        open_store(service, startup)
    app = QuizApp(service, startup)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        return app.export_screenshot()


async def test_a_preloaded_menu_looks_like_one_that_reads_its_summary(tmp_path, clock):
    service = ui_service(tmp_path, clock)
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    app = QuizApp(service, startup)
    async with app.run_test(size=SIZE) as pilot:  # one answer: a missed count, a session
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, CORRECT["run"])
        await settle(pilot)
    service.close()
    assert await screen_of(service, preload=True) == await screen_of(service, preload=False)
    service.close()


async def test_a_preloaded_menu_is_complete_before_any_worker_runs(tmp_path, clock):
    service = ui_service(tmp_path, clock)
    startup = prepare(service)
    open_store(service, startup)
    assert startup.summary is not None
    app = QuizApp(service, startup)
    updates: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MenuScreen)
        # Nothing on the menu changes after mount: no summary read, no watcher.
        screen.watch_summary = lambda summary: updates.append("summary")
        screen.watch_deck_id = lambda deck_id: updates.append("deck")
        assert "not played yet" in str(screen.query_one("#menu-glance").render())
        await settle(pilot)
        assert not [w for w in app.workers if w.group in ("summary", "store")]
    assert updates == []
    service.close()


async def test_a_damaged_database_found_before_the_app_starts_is_told_as_before(tmp_path, clock):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mlquiz.sqlite3").write_bytes(os.urandom(8192))
    service = ui_service(tmp_path, clock)
    startup = prepare(service)
    open_store(service, startup)
    app = QuizApp(service, startup)
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    service.close()
    [sentence] = [n for n in notes if "damaged" in n]
    assert "mlquiz.sqlite3.corrupt-" in sentence
    assert sentence.endswith("(quit and run `mlquiz restore` to go back to a backup).")


async def test_a_database_that_cannot_be_opened_before_the_app_starts_is_told_as_before(
    tmp_path, clock, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").write_text("a file where the data folder should be")
    service = ui_service(tmp_path, clock)
    startup = prepare(service)
    open_store(service, startup)
    assert startup.store_error is not None and startup.summary is None
    app = QuizApp(service, startup)
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        glance = str(app.screen.query_one("#menu-glance").render())
    service.close()
    [sentence] = [n for n in notes if n.startswith("Cannot use your answer database: ")]
    assert sentence.endswith(f"written to a file in {tmp_path} as you give them.")
    assert glance == "Your history cannot be read."


# -- a start on the figures the last game kept (core/menu_snapshot.py) ---------------------


async def played_once(tmp_path, clock):
    """A game with one answer, closed: its figures are kept for the next start."""
    service = ui_service(tmp_path, clock)
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    app = QuizApp(service, startup)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, CORRECT["run"])
        await pilot.press("escape")
        await settle(pilot)
    service.close()


async def test_a_start_on_kept_figures_opens_no_database_and_looks_the_same(tmp_path, clock):
    await played_once(tmp_path, clock)
    counted = ui_service(tmp_path, clock)
    expected = await screen_of(counted, preload=True)
    counted.close()
    service = ui_service(tmp_path, clock)
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    assert keep_summary(service, startup) and startup.summary is not None
    app = QuizApp(service, startup)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not service.store_is_open  # the menu is up, the database still closed
        assert app.export_screenshot() == expected
        await pilot.press("enter")  # the first action that needs it opens it
        await settle(pilot)
        assert service.store_is_open
    service.close()


async def test_what_opening_the_database_finds_is_told_at_its_first_use(
    tmp_path, clock, monkeypatch
):
    """Kept figures leave the database closed at start; the day's backup (the first with
    answers to keep) failing is told when a quiz opens it, within a second."""
    await played_once(tmp_path, clock)  # its database had no answer yet when opened
    service = ui_service(tmp_path, clock)
    (service.database_path.parent / "backups").write_text("a file where the folder should be")
    startup = prepare(service)
    assert keep_summary(service, startup)
    app = QuizApp(service, startup)
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(1.2)
    service.close()
    [sentence] = [n for n in notes if "backup" in n]
    assert sentence.startswith("Today's backup of your answers could not be made: ")


async def test_a_database_that_cannot_be_used_is_told_at_its_first_use(
    tmp_path, clock, monkeypatch
):
    from mlquiz.core.errors import StorageError
    from mlquiz.core.store import database

    await played_once(tmp_path, clock)
    monkeypatch.chdir(tmp_path)
    service = ui_service(tmp_path, clock)
    startup = prepare(service)
    assert keep_summary(service, startup)

    def refused(self, path, **kwargs):
        raise StorageError(f"cannot open {path}: disk I/O error")

    monkeypatch.setattr(database.Store, "__init__", refused)
    app = QuizApp(service, startup)
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not [n for n in notes if "Cannot use" in n]  # nothing opened yet
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(1.2)
    service.close()
    [sentence] = [n for n in notes if n.startswith("Cannot use your answer database: ")]
    assert "disk I/O error" in sentence
