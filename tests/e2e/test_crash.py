"""kill -9 of the real game at random moments loses no answer whose verdict was shown.

Each run starts `python -m mlquiz` under a pseudo-terminal on the same data
folder, plays a few cards by keyboard, and is killed with SIGKILL at a random
point: at the menu, while typing, right after Enter (while the answer is being
graded and committed), while the feedback is shown, or just after moving on.
Everything the game drew before dying is read back; a card's reference answer
appears only in the feedback after its verdict, so the markers in it say
which verdicts the learner saw. After each kill the database must hold every
one of those answers (at most one more: an answer committed whose verdict was
not drawn yet) and pass `PRAGMA integrity_check`; at the end the game must
start again on it.

Three kills run by default; the issue's twenty run with MLQUIZ_SLOW_TESTS=1.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from tests.e2e.pty_game import (
    CTRL_Q,
    ENTER,
    Game,
    integrity,
    shown_cards,
    stored_cards,
    write_deck,
    write_settings,
)

SLOW = os.environ.get("MLQUIZ_SLOW_TESTS") == "1"


def play_until_killed(game: Game, rng: random.Random) -> str:
    """Drive the game and SIGKILL it at a random moment; returns where it died."""

    def maybe_kill(moment: str, p: float) -> bool:
        if rng.random() < p:
            time.sleep(rng.uniform(0, 0.15))
            game.kill()
            return True
        return False

    game.wait_for("Crash deck")
    if maybe_kill("menu", 0.1):
        return "menu"
    game.send(ENTER)
    if maybe_kill("starting", 0.1):
        return "starting"
    for n in range(1, 9):
        game.wait_for(f"Card {n} of 40")
        answer = rng.choice(["alpha and beta", "alpha", "beta", "no idea at all"])
        cut = rng.randint(1, len(answer))
        game.send(answer[:cut])
        if maybe_kill("typing", 0.1):
            return f"typing card {n}"
        game.send(answer[cut:])
        before = len(game.text)
        game.send(ENTER)
        if maybe_kill("submitted", 0.3):
            return f"right after submitting card {n}"
        game.wait_for(f"refmark{n:04d}", since=before)
        if maybe_kill("feedback", 0.15):
            return f"feedback of card {n}"
        game.send(ENTER)
        if maybe_kill("next", 0.1):
            return f"moving on from card {n}"
    game.kill()
    return "after 8 cards"


def crash_many(tmp_path: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    data, config = tmp_path / "data", tmp_path / "config"
    write_settings(config)
    deck = write_deck(tmp_path / "crash.toml")
    db = data / "mlquiz.sqlite3"
    log = [f"seed {seed}"]
    for run in range(kills):
        before = stored_cards(db)
        with Game(data, config, "--deck", str(deck)) as game:
            where = play_until_killed(game, rng)
            shown = shown_cards(game.text)
        after = stored_cards(db)
        new = {s: cards for s, cards in after.items() if s not in before}
        assert set(before) <= set(after) and all(after[s] == before[s] for s in before)
        stored = next(iter(new.values()), [])
        log.append(f"run {run}: killed {where}; shown {shown}, stored {stored}")
        assert len(new) <= 1, log
        assert stored[: len(shown)] == shown, "\n".join(log)
        assert len(stored) <= len(shown) + 1, "\n".join(log)
        if db.exists():
            assert integrity(db) == "ok", "\n".join(log)
    # And the game starts again on what the kills left behind.
    with Game(data, config, "--deck", str(deck)) as game:
        game.wait_for("Crash deck")
        time.sleep(0.3)
        game.send(CTRL_Q)
        assert game.wait() == 0, game.text[-1000:]
    assert integrity(db) == "ok"
    print("\n".join(log))  # shown with -s: where each kill landed


def test_kill_9_at_random_moments_loses_no_shown_answer(tmp_path):
    """Three kill -9s at random moments: every answer whose verdict was shown is stored,
    the database passes its integrity check, and the game starts again."""
    crash_many(tmp_path, kills=3, seed=int(os.environ.get("MLQUIZ_CRASH_SEED", "6")))


@pytest.mark.slow
@pytest.mark.skipif(not SLOW, reason="slow: set MLQUIZ_SLOW_TESTS=1")
def test_kill_9_twenty_times(tmp_path):
    """The issue's twenty kills, each at a random moment of a session."""
    crash_many(tmp_path, kills=20, seed=int(time.time()))
