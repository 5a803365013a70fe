"""The game in a real browser: `mlquiz serve`, played through its page in Chromium.

Playwright drives Debian's `chromium` package (found on PATH); it never
downloads a browser of its own. The page draws the game with xterm.js on a
canvas, so what the game shows is read where the page reads it: the bytes
the game sends over the tab's websocket (escape sequences taken out).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.pty_game import plain_text, write_deck, write_settings
from tests.e2e.served_game import Served, stats

CHROMIUM = shutil.which("chromium")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="the browser test needs Debian's chromium on PATH (apt-get install chromium); "
    "Playwright's own browsers are never downloaded",
)

# Nothing here may reach the network (there is none but the package registries):
# no updates, no sync, no QUIC, no first-run pages.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh Chromium (its own profile and home folder), as a Playwright context."""
    monkeypatch.setenv("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright: '.[test]'")
    home = tmp_path / "chromium-home"
    home.mkdir()
    # Chromium writes crash-report and dconf folders under $HOME even with a profile given.
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    env["XDG_CACHE_HOME"] = str(home / ".cache")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            env=env,
            viewport={"width": 1200, "height": 800},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def served(tmp_path: Path):
    data, config = tmp_path / "data", tmp_path / "config"
    write_settings(config)  # every card, in deck order
    deck = write_deck(tmp_path / "deck.toml")
    with Served(data, config, "--deck", str(deck)) as server:
        server.wait_ready()
        yield server, data, config


class Tab:
    """A browser tab on the game's page: what the game drew there, and keys in."""

    def __init__(self, context, url: str) -> None:  # type: ignore[no-untyped-def]
        self.page = context.new_page()
        self._drawn = bytearray()
        self.page.on("websocket", self._watch)
        # Not "load": the page asks for a web font that cannot be fetched here.
        self.page.goto(url, wait_until="domcontentloaded")

    def _watch(self, websocket) -> None:  # type: ignore[no-untyped-def]
        def received(payload: bytes | str) -> None:
            if isinstance(payload, bytes):  # text frames are the page's pings
                self._drawn += payload

        websocket.on("framereceived", received)

    @property
    def text(self) -> str:
        return plain_text(bytes(self._drawn))

    def wait_for(self, pattern: str, since: int = 0, timeout: float = 60.0) -> int:
        """Wait until the game has drawn `pattern` (a regex) after offset `since` of
        `text`; return where it ends."""
        deadline = time.monotonic() + timeout
        compiled = re.compile(pattern)
        while True:
            match = compiled.search(self.text, since)
            if match:
                return match.end()
            if time.monotonic() > deadline:
                raise AssertionError(f"no {pattern!r} after {timeout} s:\n{self.text[-2000:]}")
            # Not time.sleep: Playwright delivers the frames while it is called.
            self.page.wait_for_timeout(50)

    def take_keys(self) -> None:
        """Give the terminal the keyboard, as a click on the page does (without a click,
        which the game would take as one on whatever is under the pointer); wait for the
        game to show the keys of its screen, which it does once it has the focus."""
        since = len(self.text)
        self.page.focus(".xterm-helper-textarea")
        self.wait_for("Start quiz", since=since)

    def answer(self, card: int, text: str) -> None:
        """Type `text` as the answer to card `card`, submit it and wait for its verdict."""
        since = len(self.text)
        self.page.keyboard.type(text)
        self.wait_for(re.escape(text), since=since)
        self.page.keyboard.press("Enter")
        self.wait_for(f"refmark{card:04d}", since=since)  # the reference answer: feedback


def start_quiz(tab: Tab) -> None:
    tab.wait_for("Crash deck")  # the menu is up
    tab.take_keys()
    since = len(tab.text)
    tab.page.keyboard.press("Enter")
    tab.wait_for("Card 1 of 40", since=since)


def test_an_answer_given_in_the_browser_is_stored(browser, served):
    """Open the page, start a quiz with Enter, type an answer and submit it: the
    feedback shows in the page and `mlquiz stats --json` counts the answer."""
    server, data, config = served
    tab = Tab(browser, server.url)
    start_quiz(tab)
    tab.answer(1, "alpha and beta")
    deck = stats(data, config)["decks"]["crash"]
    assert (deck["attempts"], deck["correct"], deck["sessions"]) == (1, 1, 1)
    assert server.interrupt() == 0  # ctrl+c in the server's terminal
    assert server.games() == []
    assert "Traceback" not in server.output


def test_two_tabs_play_two_games_and_lose_nothing(browser, served):
    """Two tabs at once are two games (two processes, two sessions) on one database:
    every answer of both is stored. Closing a tab ends its game, and stopping the
    server (`kill`, not ctrl+c: the games are not signalled) ends the rest."""
    server, data, config = served
    first, second = Tab(browser, server.url), Tab(browser, server.url)
    start_quiz(first)
    start_quiz(second)
    assert len(server.games()) == 2
    first.answer(1, "alpha and beta")
    second.answer(1, "alpha")
    since = len(first.text)
    first.page.keyboard.press("Enter")
    first.wait_for("Card 2 of 40", since=since)
    first.answer(2, "beta and alpha")
    deck = stats(data, config)["decks"]["crash"]
    assert (deck["attempts"], deck["sessions"]) == (3, 2)
    assert (deck["correct"], deck["partial"]) == (2, 1)

    first.page.close()
    wait_until(lambda: len(server.games()) == 1, "the closed tab's game to end")
    server.proc.terminate()
    assert server.wait() == 0
    assert server.games() == []
    assert "Traceback" not in server.output


def wait_until(condition, what: str, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.1)
