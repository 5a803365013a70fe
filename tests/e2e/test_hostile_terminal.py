"""A deck full of escape sequences and markup, played in a real terminal (issue 14, F1).

The game runs under a pseudo-terminal on `tests/data/hostile-deck.toml`,
whose title, description, questions, answers, hints, tags, point labels and
confusions hold clear-screen and cursor-home sequences, OSC 52 (write the
clipboard), OSC 0 (window title), OSC 8 (hyperlink), a blinking SGR, a C1
CSI and a bidi override; an answer is pasted with an OSC 52 in it. Every
byte the game wrote is read back: none of those sequences may be in it
(Textual itself never writes them), and the deck's text must be on the
screen as visible symbols ("␛[2J").
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.e2e.pty_game import CTRL_Q, ENTER, Game, write_settings

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile-deck.toml"
# Sequences from the deck and the paste; Textual writes none of them.
FROM_THE_DECK = [
    b"\x1b]52",  # OSC 52: write the clipboard (any of it)
    b"\x1b]0;",  # OSC 0: the window title
    b"\x1b]8;;http",  # OSC 8: a hyperlink
    b"\x1b[2J",  # clear the screen
    b"\x1b[H",  # cursor home
    b"\x1b[5m",  # blink
    "\u009b".encode(),  # the one-character CSI
    "\u202e".encode(),  # right-to-left override
]
PASTE = b"\x1b[200~one \x1b]52;c;cGFzdGVk\x07execution, logged together\x1b[201~"


def test_f1_a_hostile_deck_in_a_real_terminal_sends_no_escape_from_the_deck(tmp_path):
    data, config = tmp_path / "data", tmp_path / "config"
    write_settings(config)
    with Game(data, config, "--deck", str(HOSTILE), size=(120, 40)) as game:
        game.wait_for(r"Deck \[/\] end \[@click=app\.quit\]QUITLINK\[/\]")
        game.wait_for("␛\\[2J␛\\[H␛\\]52;c;aGFja2Vk␇")  # the escapes, as symbols
        game.send(ENTER)
        game.wait_for("What is ␛\\[2J␛\\[H an \\[b\\]MLflow\\[/b\\] run\\?")
        game.send(b"\x14\x14\x14")  # ctrl+t three times: up to the card's own hint
        game.wait_for("blink")
        game.send(PASTE)  # a bracketed paste, as a terminal sends one
        before = len(game.text)
        game.send(ENTER)
        game.wait_for("logged ␛\\]52;c;bGFiZWw=␇ together", since=before)
        game.send(CTRL_Q)
        assert game.wait(timeout=20) == 0
        raw = game.raw
    for sequence in FROM_THE_DECK:
        assert sequence not in raw, sequence
    with closing(sqlite3.connect(data / "mlquiz.sqlite3")) as conn:
        [(answer,)] = conn.execute("SELECT answer FROM attempts").fetchall()
    assert answer == "one execution, logged together"  # as typed, minus the controls
