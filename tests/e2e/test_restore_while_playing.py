"""`mlquiz restore` while a game has the database open (issue 16, item 12): it
refuses, naming the game's process, and changes nothing; once the game is
quit (or killed) the same restore goes ahead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.pty_game import CTRL_Q, ENTER, SRC, Game, stored_cards, write_deck, write_settings


def mlquiz(data: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MLQUIZ_DATA_DIR": str(data),
        "MLQUIZ_CONFIG_DIR": str(config),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-m", "mlquiz", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_restore_refuses_while_a_game_is_open_and_names_its_process(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    write_settings(config)
    deck = write_deck(tmp_path / "deck.toml")
    # A first game leaves a backup (made as the database opens) and one answer.
    with Game(data, config, "--deck", str(deck)) as game:
        game.wait_for("Crash deck")
        game.send(ENTER)
        game.wait_for("Card 1 of 40")
        game.send("alpha and beta\r")
        game.wait_for("refmark0001")
        game.send(CTRL_Q)
        assert game.wait() == 0
    assert mlquiz(data, config, "backup").returncode == 0
    answers_before = stored_cards(data / "mlquiz.sqlite3")

    with Game(data, config, "--deck", str(deck)) as game:
        game.wait_for("Crash deck")
        refused = mlquiz(data, config, "restore", "latest")
        assert refused.returncode == 1
        assert f"process {game.proc.pid}" in refused.stderr, refused.stderr
        assert "Quit it" in refused.stderr
        assert not list((data / "backups").glob("before-restore-*"))  # nothing was done
        assert stored_cards(data / "mlquiz.sqlite3") == answers_before
        game.send(CTRL_Q)
        assert game.wait() == 0

    done = mlquiz(data, config, "restore", "latest")
    assert done.returncode == 0, done.stderr
    assert "restored" in done.stdout


def test_a_killed_game_does_not_block_a_restore(tmp_path: Path) -> None:
    """The lock goes with the process: kill -9 leaves a file no one holds."""
    data, config = tmp_path / "data", tmp_path / "config"
    write_settings(config)
    deck = write_deck(tmp_path / "deck.toml")
    with Game(data, config, "--deck", str(deck)) as game:
        game.wait_for("Crash deck")
        assert list((data / "running").glob("game-*.lock"))
        game.kill()
    assert mlquiz(data, config, "backup").returncode == 0
    done = mlquiz(data, config, "restore", "latest")
    assert done.returncode == 0, done.stderr
