"""`mlquiz serve` and the game under Textual's web driver, without a browser:
the game speaks textual-serve's protocol over pipes, the server refuses requests
made on another site's behalf, and its websocket plays the game."""

from __future__ import annotations

import asyncio
import json
import re
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
