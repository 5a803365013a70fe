"""The real game on a data folder it cannot use, a damaged database, and one from a
newer mlquiz (issue 6, items 3, 5 and 7, as the player meets them). Answers the
disk refused are written to `mlquiz-unsaved-<time>.json` in the working folder
on quit; each game here runs in the test's own folder.

As root no permission stops a write, so the unusable folder is made real in a
way root cannot get around: MLQUIZ_DATA_DIR points inside a regular file, so
creating the folder fails (ENOTDIR) like a read-only disk does (EROFS).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.pty_game import (
    CTRL_Q,
    ENTER,
    Game,
    integrity,
    stored_cards,
    write_deck,
    write_settings,
)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    data, config = tmp_path / "data", tmp_path / "config"
    write_settings(config)
    return data, config, write_deck(tmp_path / "deck.toml")


def flat(text: str) -> str:
    """Screen text with the box drawing and line breaks of notifications removed."""
    return " ".join("".join(ch for ch in text if ch not in "│▌▐▎▊▍▋█").split())


def play_one(game: Game) -> None:
    game.wait_for("Crash deck")
    time.sleep(0.5)  # the store opens on the service thread after the first frame
    game.send(ENTER)
    game.wait_for("Card 1 of 40")
    before = len(game.text)
    game.send("alpha and beta\r")
    game.wait_for("refmark0001", since=before)


def exports(folder: Path) -> list[Path]:
    return sorted(folder.glob("mlquiz-unsaved-*.json"))


def exported_answers(path: Path) -> list[tuple[str, str]]:
    return [(a["card_id"], a["answer"]) for a in json.loads(path.read_text(encoding="utf-8"))]


def test_an_unusable_data_folder_names_it_and_play_goes_on(setup, tmp_path):
    """The player is told the database cannot be used (naming it) and, in the same
    sentence, that answers go to a file as they are given; can still play, sees each
    verdict and is told the answer was not saved; no traceback."""
    _, config, deck = setup
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    data = blocker / "data"
    with Game(data, config, "--deck", str(deck), cwd=tmp_path) as game:
        play_one(game)
        time.sleep(0.5)
        screen = flat(game.text)
        assert "Cannot use your answer database" in screen
        assert "your answers will be written to a file in" in screen
        assert "could not be saved" in screen
        assert "not-a-folder" in screen  # the path is named
        game.send(CTRL_Q)
        assert game.wait() == 0
        assert "Traceback" not in game.text


def test_unsaved_answers_are_exported_when_the_game_ends(setup, tmp_path):
    """Quitting with answers that could not be saved writes them to a file in the
    working folder and prints its path."""
    _, config, deck = setup
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with Game(blocker / "data", config, "--deck", str(deck), cwd=tmp_path) as game:
        play_one(game)
        game.send(CTRL_Q)
        assert game.wait() == 0
        [exported] = exports(tmp_path)
        assert f"1 answer could not be saved to {blocker / 'data'}" in game.text
        assert f"written to {exported}" in game.text
    assert exported_answers(exported) == [("1", "alpha and beta")]


def test_unsaved_answers_are_exported_when_the_window_is_closed(setup, tmp_path):
    """Closing the terminal (SIGHUP) with unsaved answers: nothing can be printed any
    more, but the file is written all the same."""
    _, config, deck = setup
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    game = Game(blocker / "data", config, "--deck", str(deck), cwd=tmp_path)
    try:
        play_one(game)
        game.hang_up()
        assert game.proc.wait(timeout=15) == 128 + signal.SIGHUP
    finally:
        game.close()
    [exported] = exports(tmp_path)
    assert exported_answers(exported) == [("1", "alpha and beta")]


def test_unsaved_answers_survive_a_kill(setup, tmp_path):
    """kill -9 right after an answer the database refused was shown graded: the answer
    is already in the file, since it is written there as it is given, not on quit."""
    _, config, deck = setup
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    game = Game(blocker / "data", config, "--deck", str(deck), cwd=tmp_path)
    try:
        play_one(game)
        game.kill()
        game.proc.wait(timeout=15)
    finally:
        game.close()
    [exported] = exports(tmp_path)
    assert exported_answers(exported) == [("1", "alpha and beta")]


def test_a_damaged_database_is_moved_aside_and_the_game_starts(setup):
    """Garbage in the database: the game starts, says in one sentence where the file
    went, keeps it byte for byte, and stores new answers in a fresh database."""
    data, config, deck = setup
    data.mkdir()
    damaged = os.urandom(20000)
    (data / "mlquiz.sqlite3").write_bytes(damaged)
    with Game(data, config, "--deck", str(deck)) as game:
        play_one(game)
        screen = flat(game.text)
        assert "was damaged; it was moved to" in screen
        assert "run `mlquiz restore` to go back to a backup" in screen
        game.send(CTRL_Q)
        assert game.wait() == 0
    [moved] = [p for p in data.glob("mlquiz.sqlite3.corrupt-*") if "-wal" not in p.name]
    assert moved.read_bytes() == damaged
    assert list(stored_cards(data / "mlquiz.sqlite3").values()) == [["1"]]
    assert integrity(data / "mlquiz.sqlite3") == "ok"


def test_a_newer_database_is_refused_and_left_byte_identical(setup, tmp_path):
    """A database from a newer mlquiz: the game says so, writes nothing to it (the
    file is byte-identical and nothing is added beside it), still lets you play, and
    writes the answers to a file on quit."""
    data, config, deck = setup
    data.mkdir()
    db = data / "mlquiz.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE attempts (x)")
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = db.read_bytes()
    with Game(data, config, "--deck", str(deck), cwd=tmp_path) as game:
        play_one(game)
        time.sleep(0.5)
        assert "newer version of mlquiz" in flat(game.text)
        game.send(CTRL_Q)
        assert game.wait() == 0
    assert db.read_bytes() == before
    # No -wal, -shm, backup or moved copy; `cache` is the deck cache, not the database's.
    assert sorted(p.name for p in data.iterdir() if p.name != "cache") == ["mlquiz.sqlite3"]
    [exported] = exports(tmp_path)
    assert exported_answers(exported) == [("1", "alpha and beta")]
