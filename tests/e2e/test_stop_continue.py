"""The timed challenge when the process is stopped and continued (issue 6, item 10).

Two ways a game is stopped: SIGSTOP (`kill -STOP`, a debugger, a container
pause), which the process never sees, and SIGTSTP, which a shell's job
control sends for ctrl+z. In the game the terminal is in raw mode, so ctrl+z
is a key (unbound on the menu, undo in the answer box), not a signal; SIGTSTP comes from
`kill -TSTP` or from Textual's own `action_suspend_process`, which sends it
to itself. Textual's driver handles it by giving the terminal back (echo and
canonical mode, off the alternate screen) and stopping; on SIGCONT (what
`fg` sends, once it has made the game the terminal's foreground job again,
which the game under this harness always is) it takes the terminal again.

The rule for the clock (core/challenge.py): time away is time spent. The run
still ends by its countdown, at its length of answering time counting the
time stopped, and the answers given before and after are stored.

The game offers 60 s runs at the shortest; to keep these tests short the
game is started through `-c` with an extra 9-second duration in front of the
menu's list, so everything else is the real game.
"""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.pty_game import CTRL_Q, ENTER, Game, write_deck

DURATION = 15  # seconds of answering time: room for a slow machine before the last part
STOPPED = 3.0  # seconds each stop lasts; added to the run if the clock ignored it
SHORT_RUNS = (
    "import sys, mlquiz.core.challenge as c; "
    f"c.DURATIONS = ({DURATION},) + c.DURATIONS; "
    "from mlquiz.cli import main; sys.exit(main(sys.argv[1:]))"
)
QUESTION = r"Name the two parts of thing number \d+\?"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    data, config = tmp_path / "data", tmp_path / "config"
    config.mkdir()
    # Feedback until Enter, so the test decides when the clock runs again.
    (config / "settings.json").write_text(
        '{"count": null, "shuffle": false, "timed_feedback": "until-enter"}'
    )
    return data, config, write_deck(tmp_path / "deck.toml")


def wait_state(game: Game, stopped: bool, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while (game.state() == "T") != stopped:
        assert time.monotonic() < deadline, f"state {game.state()!r}, wanted stopped={stopped}"
        time.sleep(0.02)


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def stored_run(db: Path) -> tuple[list[str], tuple]:
    """The answers of the one challenge session, and its run's row."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        answers = [
            row[0]
            for row in conn.execute(
                "SELECT a.answer FROM attempts a JOIN sessions s ON s.id = a.session_id"
                " WHERE s.mode = 'challenge' ORDER BY a.seq"
            )
        ]
        [run] = conn.execute(
            "SELECT duration_s, ended_at IS NOT NULL, answers, abandoned FROM challenge_runs"
        ).fetchall()
    conn.close()
    return answers, run


def stop_and_continue(game: Game, signum: int) -> None:
    """Stop the game with `signum` for `STOPPED` seconds, then SIGCONT it: the game hands
    the terminal back on SIGTSTP; on SIGSTOP the test does what a shell does. After
    SIGCONT the game takes the terminal again either way."""
    game.signal(signum)
    wait_state(game, stopped=True)
    if signum == signal.SIGTSTP:
        assert game.termios_flags() == (True, True)  # the shell's terminal is back
        assert b"\x1b[?1049l" in game.raw[-2000:]  # off the alternate screen
    else:
        # SIGSTOP is not seen by the game, but a shell sees its job stop and puts the
        # terminal back in its own mode until `fg`.
        assert game.termios_flags() == (False, False)
        game.shell_takes_the_terminal()
    drawn = len(game.raw)
    time.sleep(STOPPED)
    assert len(game.raw) == drawn  # nothing drawn while stopped
    game.signal(signal.SIGCONT)
    wait_state(game, stopped=False)
    wait_until(lambda: game.termios_flags() == (False, False))  # raw again
    wait_until(lambda: b"\x1b[?1049h" in game.raw[drawn:])  # on the alternate screen, redrawn


def test_a_challenge_goes_on_after_stop_and_continue_and_its_clock_ends_it(setup):
    """One answer, then a second typed in three parts around a SIGSTOP and a SIGTSTP of
    3 s each, each followed by SIGCONT: the game runs again each time and takes the
    typing, the countdown ends the run after DURATION s of answering time (the 6 s away
    included), the text in the box is graded as the last answer, both answers and the
    run are stored, and ctrl+q then quits with the terminal restored. (On the SIGCONT
    after a plain SIGSTOP, Textual used to start application mode a second time: it
    took raw mode for the terminal's own settings, so a later suspend or quit left it
    raw, and the first input thread, never stopped, kept the process from exiting.)"""
    data, config, deck = setup
    with Game(data, config, "--deck", str(deck), entry=("-c", SHORT_RUNS)) as game:
        game.wait_for("Crash deck")
        time.sleep(0.5)  # the store opens on the service thread after the first frame
        game.send(b"\x1a")  # ctrl+z: in raw mode a key (unbound here), not a stop
        time.sleep(0.3)
        assert game.state() not in ("T", "")
        game.send("x")
        game.wait_for(f"{DURATION} seconds")
        before = len(game.text)
        game.send(ENTER)
        game.wait_for(QUESTION, since=before)
        t0 = time.monotonic()

        before = len(game.text)
        game.send("alpha and beta\r")
        game.wait_for(r"refmark\d{4}", since=before)
        t_verdict = time.monotonic()
        before = len(game.text)
        game.send(ENTER)  # the next card; the clock runs again
        t_next = time.monotonic()
        game.wait_for(QUESTION, since=before)
        paused = t_next - t_verdict  # feedback time, which the countdown does not count

        # Each part is on screen before the stop: input still unread when the terminal
        # is handed over is discarded (Textual flushes it, as curses programs do).
        before = len(game.text)
        game.send("alpha")
        game.wait_for("alpha", since=before)
        stop_and_continue(game, signal.SIGSTOP)
        before = len(game.text)
        game.send(" and")
        game.wait_for("alpha and", since=before)
        stop_and_continue(game, signal.SIGTSTP)
        before = len(game.text)
        game.send(" beta")  # graded when the time runs out, as the last answer
        game.wait_for(r"Time!", since=before, timeout=DURATION + 10)
        answering = time.monotonic() - t0 - paused
        # Had the stops been left out of the run, it would have lasted 6 s longer.
        assert DURATION - 1.0 <= answering <= DURATION + 2.0, answering

        game.send(CTRL_Q)
        assert game.wait() == 0
        assert game.termios_flags() == (True, True)  # the terminal as it was before
        assert "Traceback" not in game.text
    answers, run = stored_run(data / "mlquiz.sqlite3")
    assert answers == ["alpha and beta", "alpha and beta"]
    assert run == (DURATION, 1, 2, 0)  # ended by its clock, two answers, not abandoned
