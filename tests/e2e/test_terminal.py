"""The real game in a hostile terminal: signals, a closed window, no terminal at all,
NO_COLOR, and resizing down to 1x1 (issue 6, items 2 and 10)."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.pty_game import (
    CTRL_Q,
    ENTER,
    SRC,
    Game,
    integrity,
    shown_cards,
    stored_cards,
    write_deck,
    write_settings,
)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    data, config = tmp_path / "data", tmp_path / "config"
    write_settings(config)
    return data, config, write_deck(tmp_path / "deck.toml")


def answer_cards(game: Game, answers: list[str]) -> None:
    game.wait_for("Crash deck")
    game.send(ENTER)
    for n, answer in enumerate(answers, start=1):
        game.wait_for(f"Card {n} of 40")
        before = len(game.text)
        game.send(answer + "\r")
        game.wait_for(f"refmark{n:04d}", since=before)
        game.send(ENTER)
    game.wait_for(f"Card {len(answers) + 1} of 40")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_exit_cleanly_and_restore_the_terminal(setup, signum):
    """The game leaves the way quitting does: exit status 128+N, no traceback, the
    terminal back in canonical mode with echo and off the alternate screen, and every
    answer stored."""
    data, config, deck = setup
    with Game(data, config, "--deck", str(deck)) as game:
        assert game.initial_flags == (True, True)
        answer_cards(game, ["alpha and beta", "alpha"])
        game.send("half an answ")  # typed, not submitted: not an answer yet
        time.sleep(0.2)
        assert game.termios_flags() == (False, False)  # raw while playing
        game.signal(signum)
        assert game.wait(timeout=15) == 128 + signum
        assert game.termios_flags() == (True, True)  # ECHO and ICANON are back
        assert b"\x1b[?1049l" in game.raw[-4000:]  # left the alternate screen
        assert "Traceback" not in game.text
        shown = shown_cards(game.text)
    assert shown == ["1", "2"]
    assert list(stored_cards(data / "mlquiz.sqlite3").values()) == [["1", "2"]]
    assert integrity(data / "mlquiz.sqlite3") == "ok"


def test_closing_the_terminal_window_loses_nothing(setup):
    """The pty is closed under the game (the kernel sends SIGHUP, writes fail): the game
    exits within seconds and the answers are stored."""
    data, config, deck = setup
    game = Game(data, config, "--deck", str(deck))
    try:
        answer_cards(game, ["alpha and beta", "beta", "alpha"])
        game.hang_up()
        code = game.proc.wait(timeout=15)
    finally:
        game.close()
    assert code == 128 + signal.SIGHUP  # a clean exit, not death by the signal
    assert list(stored_cards(data / "mlquiz.sqlite3").values()) == [["1", "2", "3"]]
    assert integrity(data / "mlquiz.sqlite3") == "ok"


def run_without_terminal(tmp_path: Path, stdin, stdout) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "MLQUIZ_DATA_DIR": str(tmp_path / "data"),
        "MLQUIZ_CONFIG_DIR": str(tmp_path / "config"),
    }
    return subprocess.run(
        [sys.executable, "-m", "mlquiz"],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        timeout=30,  # a hang fails the test instead of the suite
    )


@pytest.mark.parametrize("case", ["piped-in", "devnull-in", "piped-out"])
def test_no_terminal_is_a_message_and_exit_2_not_a_hang(tmp_path, case):
    """`echo x | mlquiz`, `mlquiz < /dev/null` and `mlquiz > file`: one line on stderr
    saying a terminal is needed, exit status 2, at once."""
    master, slave = os.openpty()
    try:
        if case == "piped-in":
            result = subprocess.run(
                ["sh", "-c", f'echo x | "{sys.executable}" -m mlquiz'],
                stdout=slave,
                stderr=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": str(SRC)},
                timeout=30,
            )
        elif case == "devnull-in":
            result = run_without_terminal(tmp_path, subprocess.DEVNULL, slave)
        else:
            out = open(tmp_path / "out.txt", "wb")  # noqa: SIM115
            with out:
                result = run_without_terminal(tmp_path, slave, out)
    finally:
        os.close(master)
        os.close(slave)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert len(err.strip().splitlines()) == 1 and "terminal" in err and "Traceback" not in err
    assert not (tmp_path / "data").exists()  # nothing was opened or created


def colours(raw: bytes) -> list[tuple[int, int, int]]:
    return [tuple(map(int, m)) for m in re.findall(rb"[34]8;2;(\d+);(\d+);(\d+)", raw)]


def test_no_color_is_respected(setup):
    """With NO_COLOR set every colour drawn is a grey (Textual's monochrome filter);
    without it the same screen has colours."""
    data, config, deck = setup
    drawn = {}
    for name, env in (("plain", {}), ("no_color", {"NO_COLOR": "1"})):
        with Game(data, config, "--deck", str(deck), env=env) as game:
            game.wait_for("Crash deck")
            time.sleep(0.5)
            drawn[name] = colours(game.raw)
            game.send(CTRL_Q)
            assert game.wait() == 0
    assert any(not (r == g == b) for r, g, b in drawn["plain"])
    assert drawn["no_color"] and all(r == g == b for r, g, b in drawn["no_color"])


def test_resizing_to_1x1_and_back_keeps_the_session(setup):
    """Down to 1x1 and back in the middle of a quiz: no crash, and the session goes on
    where it was (the next answer is card 2, graded and stored)."""
    data, config, deck = setup
    with Game(data, config, "--deck", str(deck)) as game:
        answer_cards(game, ["alpha and beta"])
        for size in [(40, 10), (1, 1), (10, 3), (1, 1), (100, 32)]:
            game.resize(*size)
            time.sleep(0.3)
            assert game.proc.poll() is None, game.text[-2000:]
        before = len(game.text)
        game.send("alpha\r")
        game.wait_for("refmark0002", since=before)
        game.send(CTRL_Q)
        assert game.wait() == 0
        assert "Traceback" not in game.text
    assert list(stored_cards(data / "mlquiz.sqlite3").values()) == [["1", "2"]]


def test_a_too_small_terminal_says_so_and_the_session_waits(setup):
    """Below 40x12 the game covers the screen with a "terminal too small" notice, and
    keys typed meanwhile do nothing; grown back, the same card is waiting, with what
    was typed before, and the answer is graded and stored."""
    data, config, deck = setup
    with Game(data, config, "--deck", str(deck)) as game:
        answer_cards(game, ["alpha and beta"])
        game.send("alpha")  # card 2, typed before the terminal shrinks
        time.sleep(0.3)
        before = len(game.text)
        game.resize(30, 8)
        match = game.wait_for(r"Terminal too small", since=before)
        game.wait_for(r"30x8: mlquiz needs 40x12", since=match.start())
        game.send(" gamma\r")  # unseen: held back, neither typed nor submitted
        game.resize(39, 30)
        game.wait_for(r"39x30: mlquiz needs 40x12", since=match.start())
        time.sleep(0.3)
        before = len(game.text)
        game.resize(100, 32)
        game.wait_for(r"Card 2 of 40", since=before)
        assert "refmark0002" not in game.text
        game.send(" and beta\r")
        game.wait_for("refmark0002", since=before)
        game.send(CTRL_Q)
        assert game.wait() == 0
        assert "Traceback" not in game.text
    with sqlite3.connect(data / "mlquiz.sqlite3") as conn:
        answers = [row[0] for row in conn.execute("SELECT answer FROM attempts ORDER BY seq")]
    conn.close()
    assert answers == ["alpha and beta", "alpha and beta"]


def test_sigquit_restores_the_terminal(setup):
    """SIGQUIT (`kill -QUIT`) left the alternate screen and mouse tracking on and the
    terminal raw (Python's default: die, dump core); now it quits as ctrl+q does."""
    data, config, deck = setup
    with Game(data, config, "--deck", str(deck)) as game:
        answer_cards(game, ["alpha and beta"])
        assert game.termios_flags() == (False, False)
        game.signal(signal.SIGQUIT)
        assert game.wait(timeout=15) == 128 + signal.SIGQUIT
        assert game.termios_flags() == (True, True)
        tail = game.raw[-4000:]
        assert b"\x1b[?1049l" in tail  # off the alternate screen
        assert b"\x1b[?1000l" in tail and b"\x1b[?1006l" in tail  # mouse tracking off
        assert "Traceback" not in game.text
    assert list(stored_cards(data / "mlquiz.sqlite3").values()) == [["1"]]


def test_term_dumb_is_a_clear_refusal(tmp_path):
    """TERM=dumb (an editor's shell, a serial console) got truecolour and cursor moves;
    now one line says why the game cannot run there, exit 2, nothing drawn."""
    data, config = tmp_path / "data", tmp_path / "config"
    with Game(data, config, env={"TERM": "dumb"}) as game:
        assert game.wait(timeout=30) == 2
        raw = game.raw
    assert b"\x1b" not in raw  # no escape sequence was sent
    text = raw.decode()
    assert "TERM=dumb" in text and "mlquiz grade" in text and "Traceback" not in text
    assert not data.exists()
