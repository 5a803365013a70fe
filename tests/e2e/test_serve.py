"""`mlquiz serve` and the game under Textual's web driver, without a browser:
the game speaks textual-serve's protocol over pipes, the server refuses requests
made on another site's behalf, and its websocket plays the game."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mlquiz.web import WEB_DRIVER
from tests.e2e.pty_game import plain_text, write_deck, write_settings
from tests.e2e.served_game import Served, mlquiz_env


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path, Path]:
    data, config = tmp_path / "data", tmp_path / "config"
    write_settings(config)
    return data, config, write_deck(tmp_path / "deck.toml")


def packet(kind: bytes, payload: bytes) -> bytes:
    """One packet of textual-serve's protocol: type, 4-byte length, payload."""
    return kind + len(payload).to_bytes(4, "big") + payload


def test_the_game_starts_under_the_web_driver_with_pipes(dirs):
    """What textual-serve does for each tab: `mlquiz` with pipes for input and output
    and TEXTUAL_DRIVER naming the web driver. The game starts (no "needs a terminal"),
    draws its menu as data packets, takes keys and quits on the server's "quit"."""
    data, config, deck = dirs
    env = {**mlquiz_env(data, config), "TEXTUAL_DRIVER": WEB_DRIVER}
    game = subprocess.Popen(
        [sys.executable, "-m", "mlquiz", "--deck", str(deck)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**env, "COLUMNS": "100", "ROWS": "32"},
    )
    drawn = bytearray()
    reader = threading.Thread(target=read_packets, args=(game.stdout, drawn), daemon=True)
    reader.start()
    try:
        wait_for(drawn, "Crash deck", game)
        game.stdin.write(packet(b"D", b"\r"))  # Enter: start a quiz
        game.stdin.flush()
        wait_for(drawn, "Card 1 of 40", game)
        game.stdin.write(packet(b"M", json.dumps({"type": "quit"}).encode()))
        game.stdin.flush()
        assert game.wait(timeout=30) == 0
    finally:
        if game.poll() is None:
            game.kill()
            game.wait()
    reader.join(timeout=5)
    err = game.stderr.read().decode()
    assert "terminal" not in err and "Traceback" not in err


def read_packets(stream, drawn: bytearray) -> None:  # type: ignore[no-untyped-def]
    """Read the game's output as textual-serve does: the line "__GANGLION__" (its sign
    of a Textual app), then packets; the payloads of data packets go to `drawn`."""
    if stream.readline() != b"__GANGLION__\n":
        return
    while header := stream.read(5):
        payload = stream.read(int.from_bytes(header[1:5], "big"))
        if header[:1] == b"D":
            drawn += payload


def wait_for(drawn: bytearray, text: str, game: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in plain_text(bytes(drawn)):
        if game.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(
                f"no {text!r} ({game.poll()}):\n{plain_text(bytes(drawn))[-2000:]}"
            )
        time.sleep(0.05)


@pytest.fixture
def served(dirs):
    data, config, deck = dirs
    with Served(data, config, "--deck", str(deck)) as server:
        server.wait_ready()
        yield server


def test_the_page_connects_back_to_the_address_the_browser_used(served):
    """The page's websocket address is the one the browser reached the page by, so a
    page opened as http://localhost:PORT plays there too."""
    port = served.port
    status, page = served.get("/")
    assert status == 200 and f'"ws://127.0.0.1:{port}/ws"' in page
    status, page = served.get("/", {"Host": f"localhost:{port}"})
    assert status == 200 and f'"ws://localhost:{port}/ws"' in page


@pytest.mark.parametrize(
    "path, headers",
    [
        ("/", {"Host": "attacker.example:{port}"}),
        ("/ws", {"Host": "attacker.example:{port}"}),
        ("/ws", {"Origin": "http://attacker.example"}),
        ("/ws", {"Origin": "http://127.0.0.1:1"}),
        ("/", {"Origin": "null"}),
    ],
    ids=["rebound-name", "rebound-name-ws", "other-site-ws", "other-port-ws", "null-origin"],
)
def test_requests_on_another_sites_behalf_are_refused(served, path, headers):
    """A page of another site cannot reach the game: not by a name that resolves to
    127.0.0.1 (DNS rebinding), not by a websocket from its own origin."""
    headers = {k: v.format(port=served.port) for k, v in headers.items()}
    status, body = served.get(path, headers)
    assert status == 403
    assert body.startswith("mlquiz serve: ")


def test_a_websocket_from_the_page_plays_the_game(served):
    """The page's own websocket (Origin: the page) gets a game of its own, drawn as
    binary frames; keys go in as "stdin" messages."""
    import aiohttp

    async def play() -> str:
        drawn = bytearray()
        url = f"ws://127.0.0.1:{served.port}/ws?width=100&height=32"
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(url, origin=served.url) as ws,
        ):
            for expected, key in (("Crash deck", "\r"), ("Card 1 of 40", None)):
                deadline = time.monotonic() + 60
                while expected not in plain_text(bytes(drawn)):
                    assert time.monotonic() < deadline, plain_text(bytes(drawn))[-2000:]
                    message = await ws.receive(timeout=60)
                    if message.type == aiohttp.WSMsgType.BINARY:
                        drawn += message.data
                    assert message.type != aiohttp.WSMsgType.CLOSED
                if key:
                    await ws.send_str(json.dumps(["stdin", key]))
        return plain_text(bytes(drawn))

    text = asyncio.run(play())
    assert re.search(r"Card 1 of 40", text)


# A game as textual-serve sees one, which takes 1.5 s to save and end after it
# has told the page it ended (a real game then stores what is pending and closes
# its database). Its pid, and "ended" once it has saved, go in the folder argv[1].
# With argv[2] "closes-output", it closes its output first: textual-serve reads
# the output to its end, which comes a moment before the process has ended.
SLOW_TO_END = """
import json, os, sys, time
from pathlib import Path

folder = Path(sys.argv[1])
(folder / "pid").write_text(str(os.getpid()))
out, keys = sys.stdout.buffer, sys.stdin.buffer

def send(kind, payload):
    out.write(kind + len(payload).to_bytes(4, "big") + payload)
    out.flush()

out.write(b"__GANGLION__\\n")
send(b"D", b"menu")
while header := keys.read(5):
    payload = keys.read(int.from_bytes(header[1:], "big"))
    if header[:1] == b"D" or json.loads(payload).get("type") == "quit":
        break  # a key (the player quits) or the server's "quit"
send(b"M", json.dumps({"type": "exit"}).encode())
if sys.argv[2] == "closes-output":
    os.close(1)
time.sleep(1.5)
(folder / "ended").write_text("saved")
"""

SERVER = """
import sys
from pathlib import Path
from mlquiz.web import Listening
from mlquiz.web_server import GameServer

command, port, data = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
GameServer(command, Listening("127.0.0.1", port, remote=False), data).serve()
"""


@pytest.mark.parametrize("ending", ["says-it-ended", "closes-output"])
def test_stopping_the_server_waits_for_a_game_that_is_ending(tmp_path, dirs, ending):
    """The player quits a game, and the server is stopped while that game is still
    saving: the server exits only once the game has ended, and says nothing of it.

    Both were the flaky test_an_answer_given_in_the_browser_is_stored (ctrl+c reaches
    the games and the server at once). textual-serve waits for an ending game, but a
    stop that cancelled that wait let the server exit first: a game was still running
    after it. And it waits for the game's output to end, not for the game: a server
    exiting in between left the game's pipes open, and Python printed a traceback
    ("Event loop is closed") as it exited."""
    import aiohttp

    from tests.e2e.served_game import free_port

    data, config, _ = dirs
    port = free_port()
    # exec: the game is the process textual-serve started (not a shell around it,
    # which would hold the output open until the game had ended).
    game = "exec " + shlex.join([sys.executable, "-c", SLOW_TO_END, str(tmp_path), ending])
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, game, str(port), str(data)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=mlquiz_env(data, config),
        start_new_session=True,
    )

    async def quit_the_game() -> None:
        url = f"ws://127.0.0.1:{port}/ws"
        async with aiohttp.ClientSession() as session:
            for _ in range(600):  # until the server listens
                try:
                    ws = await session.ws_connect(url, origin=f"http://127.0.0.1:{port}")
                    break
                except aiohttp.ClientConnectionError:
                    assert server.poll() is None, server.stderr.read()
                    await asyncio.sleep(0.1)
            async with ws:
                message = await ws.receive(timeout=30)
                assert message.type == aiohttp.WSMsgType.BINARY  # the menu
                await ws.send_str(json.dumps(["stdin", "q"]))
                # The page is closed once the game says it ended: it is saving now.
                while not ws.closed:
                    await ws.receive(timeout=30)

    try:
        asyncio.run(quit_the_game())
        assert not (tmp_path / "ended").exists()
        server.terminate()  # `kill`: the server alone
        assert server.wait(timeout=30) == 0
        assert (tmp_path / "ended").exists(), "the server exited before its game ended"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            os.kill(int((tmp_path / "pid").read_text()), signal.SIGKILL)
    assert b"Traceback" not in server.stderr.read()
