"""Answers the disk refuses: said once while playing, stored or written to a file on quit,
and the start-up sentences about an unusable or damaged database (issue 6, items 3 and 7).

The real process on an unusable folder is in tests/e2e/test_disk.py; here the
store is made to refuse writes in-process. Each test says its rule.
"""

from __future__ import annotations

import json
import os

from mlquiz.core.errors import StorageError
from mlquiz.ui.unsaved_exit import keep_unsaved
from tests.support.pilot import CORRECT, PARTIAL, answer, settle

SIZE = (100, 32)


def record_notes(app) -> list[str]:
    """Every notification the app shows from now on (screens notify through the app)."""
    notes: list[str] = []
    notify = app.notify

    def spy(message, **kwargs):
        notes.append(str(message))
        return notify(message, **kwargs)

    app.notify = spy
    return notes


def refuse_writes(monkeypatch, service) -> None:
    """The disk fills up: every answer from now on fails to be stored."""

    def full(attempt):
        raise StorageError(f"{service.database_path}: database or disk is full")

    monkeypatch.setattr(service.store, "record_attempt", full)


def not_saved_notes(notes: list[str]) -> list[str]:
    return [n for n in notes if "not being saved" in n or "Cannot use your answer" in n]


async def test_answers_the_disk_refuses_are_announced_once_with_where_they_go(
    make_app, service, monkeypatch, tmp_path
):
    """The first answer the disk refuses brings one sentence saying answers are not being
    saved and the file each is written to instead; later ones do not repeat it
    (each still gets its own "could not be saved")."""
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = record_notes(app)
        refuse_writes(monkeypatch, service)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, CORRECT["run"])
        await pilot.pause(1.2)  # the app looks for unsaved answers once a second
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, PARTIAL["experiment"])
        await pilot.pause(1.2)
        [sentence] = not_saved_notes(notes)
        [copy] = tmp_path.glob("mlquiz-unsaved-*.json")
        assert sentence == (
            "Your answers are not being saved to the database; each one is written to "
            f"{copy} instead."
        )
        assert len(json.loads(copy.read_text(encoding="utf-8"))) == 2
        assert (
            sum(
                n.startswith("Your answer could not be saved to the database (")
                and n.endswith(f"it was written to {copy} instead.")
                for n in notes
            )
            == 2
        )
        assert len(service.unsaved) == 2


async def test_a_database_that_cannot_be_opened_is_one_sentence_at_start(
    tmp_path, clock, monkeypatch
):
    """The data folder cannot be used: the start-up sentence names the error and where the
    answers will go, and answering does not add a second such sentence."""
    from mlquiz.ui.app import QuizApp, prepare
    from tests.support.pilot import ui_service

    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").write_text("a file where the data folder should be")
    service = ui_service(tmp_path, clock)
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    app = QuizApp(service, startup)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, CORRECT["run"])
        await pilot.pause(1.2)
        [sentence] = not_saved_notes(notes)
        assert sentence.startswith("Cannot use your answer database: ")
        assert str(tmp_path / "data") in sentence
        assert sentence.endswith(f"written to a file in {tmp_path} as you give them.")
        assert len(service.unsaved) == 1
        [copy] = tmp_path.glob("mlquiz-unsaved-*.json")  # already, before any quit
        assert [r["card_id"] for r in json.loads(copy.read_text(encoding="utf-8"))] == ["run"]
    service.close()


async def test_a_damaged_database_sentence_points_to_mlquiz_restore(tmp_path, clock):
    """Garbage in the database: it is moved aside and the sentence says where, and how to
    go back to a backup."""
    from mlquiz.ui.app import QuizApp, prepare
    from tests.support.pilot import ui_service

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mlquiz.sqlite3").write_bytes(os.urandom(8192))
    service = ui_service(tmp_path, clock)
    app = QuizApp(service, prepare(service))
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    service.close()
    [sentence] = [n for n in notes if "damaged" in n]
    assert "mlquiz.sqlite3.corrupt-" in sentence
    assert sentence.endswith("(quit and run `mlquiz restore` to go back to a backup).")


def test_on_quit_unsaved_answers_are_stored_if_the_disk_recovered(
    service, monkeypatch, tmp_path, capsys
):
    """Space was freed before quitting: the answers go to the database, the copy made
    when they were refused is removed, and one line says they are saved now."""
    monkeypatch.chdir(tmp_path)
    session = service.start_quiz("ui-deck", shuffle=False)
    refuse_writes(monkeypatch, service)
    try:
        service.submit(session, CORRECT["run"])
    except StorageError:
        pass
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    keep_unsaved(service)
    assert service.unsaved == []
    assert [a["card_id"] for a in service.store.session_attempts(session.id)] == ["run"]
    assert list(tmp_path.glob("mlquiz-unsaved-*.json")) == []
    assert capsys.readouterr().err == "mlquiz: 1 answer the database refused earlier is saved now\n"


def test_on_quit_unsaved_answers_are_written_to_a_file_and_its_path_printed(
    service, monkeypatch, tmp_path, capsys
):
    """Still refused at quit: one file in the working folder with the answers, and one
    line on stderr naming the database and the file."""
    monkeypatch.chdir(tmp_path)
    session = service.start_quiz("ui-deck", shuffle=False)
    refuse_writes(monkeypatch, service)
    for text in (CORRECT["run"], PARTIAL["experiment"]):
        try:
            service.submit(session, text)
        except StorageError:
            pass
        service.advance(session)
    keep_unsaved(service)
    [exported] = tmp_path.glob("mlquiz-unsaved-*.json")
    records = json.loads(exported.read_text(encoding="utf-8"))
    # The failed retry at quit may reorder them; seq and answered_at give the order.
    assert [r["card_id"] for r in sorted(records, key=lambda r: r["seq"])] == ["run", "experiment"]
    err = capsys.readouterr().err
    assert err == (
        f"mlquiz: 2 answers could not be saved to {service.database_path}; written to {exported}"
        f" (`mlquiz save-unsaved {exported}` stores them once the database works)\n"
    )


async def test_an_answer_that_reaches_no_file_either_says_it_is_in_memory(
    make_app, service, monkeypatch, tmp_path
):
    """The database refuses the answer and no folder takes the copy: the notice does
    not name a file that does not hold it."""
    monkeypatch.chdir(tmp_path)

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = record_notes(app)
        refuse_writes(monkeypatch, service)
        monkeypatch.setattr(service.journal, "_write", no_room)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, CORRECT["run"])
        [note] = [n for n in notes if n.startswith("Your answer could not be saved")]
        assert note.endswith("nor written to a file; it is kept in memory until you quit.")
        assert len(service.unsaved) == 1 and service.unsaved_file is None


async def test_a_daily_backup_that_fails_is_said_once_on_the_menu(make_app, service, clock):
    """The backup taken as the database opens cannot be written: the menu says so once,
    naming why, and play goes on; the next answers are stored as usual."""
    session = service.start_quiz("ui-deck", count=1, shuffle=False)
    service.submit(session, CORRECT[session.current.id])  # something worth backing up
    service.close()
    (service.database_path.parent / "backups").write_text("a file where the folder should be")
    app = make_app()
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # a quiz, and back: the notice does not come again
        await settle(pilot)
        await answer(pilot, CORRECT["run"])
        await pilot.press("escape")
        await settle(pilot)
        assert len(service.store.attempts("ui-deck")) == 2
    [sentence] = [n for n in notes if "backup" in n]
    assert sentence.startswith("Today's backup of your answers could not be made: ")
    assert str(service.database_path.parent / "backups") in sentence


async def test_no_backup_notice_when_the_backup_works(make_app, service, clock):
    """The same start with a usable backups folder says nothing about backups."""
    session = service.start_quiz("ui-deck", count=1, shuffle=False)
    service.submit(session, CORRECT[session.current.id])
    service.close()
    app = make_app()
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert [n for n in notes if "backup" in n] == []
    assert len(list((service.database_path.parent / "backups").iterdir())) == 1


async def test_f7_a_database_damaged_mid_game_is_replaced_and_the_player_told(make_app, service):
    """SQLite says "malformed" at an answer: the game moves the file aside, keeps this
    session's answers in a new one, and a notice says where the old file went."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = record_notes(app)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        await answer(pilot, CORRECT["run"])
        store = service.store
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db = service.database_path
        with open(db, "r+b") as handle:  # everything past the first page destroyed
            handle.seek(4096)
            handle.write(b"\xff" * (db.stat().st_size - 4096))
        store._conn.execute("PRAGMA shrink_memory")
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, PARTIAL["experiment"])
        await pilot.pause(1.2)  # the notices are looked for every second
        moved = store.recovered_from
        assert moved is not None and moved.exists()
        assert any(str(moved) in note and "damaged" in note for note in notes), notes
        rows = service.store.session_attempts(quiz.session.id)
        assert [r["answer"] for r in rows] == [CORRECT["run"], PARTIAL["experiment"]]


async def test_the_game_starts_the_weekly_full_check_once_it_is_up(make_app, service, monkeypatch):
    from mlquiz.ui import app as app_module

    monkeypatch.setattr(app_module, "FULL_CHECK_DELAY", 0.01)
    asked: list[bool] = []
    monkeypatch.setattr(service, "check_database_in_background", lambda: asked.append(True))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
    assert asked == [True]


async def test_f7_damage_under_a_matching_stamp_is_told_after_the_first_frame(
    make_app, service, clock, monkeypatch
):
    """The game trusts the database's stamp at start (no whole-file read before the
    first frame), compares its CRC once the menu is up, and the next answer moves
    the damaged file aside, keeps the session's answers, and says where it went
    (the comparison itself: tests/core/test_damage.py)."""
    from mlquiz.ui import app as app_module
    from tests.core.test_damage import (
        backed_up_today,
        bytes_changed_under_the_stamp,
        count_crcs,
    )

    deck_id = service.deck_infos()[0].id
    session = service.start_quiz(deck_id, shuffle=False)
    for n in range(60):
        service.submit(session, f"answer {n} " + "words of an answer " * 40)
        if service.advance(session) is None:
            service.finish(session)
            session = service.start_quiz(deck_id, shuffle=False)
    service.menu_summary(deck_id, None)
    service.close()
    backed_up_today(service.database_path.parent, clock)  # none due at the start
    damaged = bytes_changed_under_the_stamp(service.database_path)
    service.verify_stamp_later = True
    # The check is started below, as the timer would once the menu is up.
    monkeypatch.setattr(app_module, "FULL_CHECK_DELAY", 3600)
    crcs = count_crcs(monkeypatch)

    app = make_app()
    notes = record_notes(app)  # from the start: a read may find the damage first
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert crcs == []  # the start read no whole file
        app._check_database()
        await settle(pilot)
        service.store.wait_for_full_check(timeout=20)
        # (A read of the menu's that meets a damaged page finds it first: as well.)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        await answer(pilot, CORRECT["run"])
        await pilot.pause(1.2)  # the notices are looked for every second
        moved = service.store.recovered_from
        assert moved is not None and moved.read_bytes() == damaged
        assert any(str(moved) in note and "damaged" in note for note in notes), notes
        rows = service.store.session_attempts(quiz.session.id)
        assert [r["answer"] for r in rows] == [CORRECT["run"]]
