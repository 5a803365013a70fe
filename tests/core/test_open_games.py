"""Lock files of open games (core/store/games.py): held while a game runs, seen
by other processes, ignored and cleared once no process holds them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from mlquiz.core.store.games import STALE_AFTER_SECONDS, hold, open_games

NOW = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
SRC = Path(__file__).resolve().parents[2] / "src"


def test_a_game_is_seen_by_another_process_until_it_ends(tmp_path: Path) -> None:
    db = tmp_path / "mlquiz.sqlite3"
    with hold(db, NOW) as lock:
        assert lock is not None and lock.exists()
        assert open_games(db) == []  # this process itself is not "another game"
        code = (
            "import sys; from mlquiz.core.store.games import open_games; "
            "print([g.pid for g in open_games(sys.argv[1])])"
        )
        seen = subprocess.run(
            [sys.executable, "-c", code, str(db)],
            env={**os.environ, "PYTHONPATH": str(SRC)},
            capture_output=True,
            text=True,
            check=True,
        )
        assert seen.stdout.strip() == f"[{os.getpid()}]"
    assert not lock.exists()


def test_a_file_no_process_holds_is_no_game_and_is_cleared_once_old(tmp_path: Path) -> None:
    db = tmp_path / "mlquiz.sqlite3"
    folder = tmp_path / "running"
    folder.mkdir()
    record = {"pid": 999999, "started_at": "2025-03-03 09:00", "command": "mlquiz"}
    old, new = folder / "game-999998.lock", folder / "game-999999.lock"
    for path in (old, new):
        path.write_text(json.dumps(record))
    then = time.time() - STALE_AFTER_SECONDS - 5
    os.utime(old, (then, then))
    assert open_games(db) == []
    assert not old.exists()  # left by a crash long ago
    assert new.exists()  # may be a game starting this moment: left alone


def test_a_folder_that_cannot_be_written_does_not_stop_the_game(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with hold(blocker / "mlquiz.sqlite3", NOW) as lock:  # its folder is a file
        assert lock is None


def test_a_game_leaves_nothing_behind_when_it_ends(tmp_path: Path) -> None:
    db = tmp_path / "mlquiz.sqlite3"
    with hold(db, NOW):
        assert (tmp_path / "running").is_dir()
    assert not (tmp_path / "running").exists()
