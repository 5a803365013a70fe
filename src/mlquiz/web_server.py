"""The web server of `mlquiz serve`: textual-serve's, with a guard and our own words.

Imported only once `web.serve` has checked the extra is installed and the
address can be used. textual-serve serves the page and, for each browser tab,
a websocket over which it runs one game process.

What is changed from textual-serve's `Server`:
- A guard refuses requests made on another site's behalf. A browser lets any
  page it shows open a websocket to 127.0.0.1, and a page served from a name
  that resolves to 127.0.0.1 (DNS rebinding) is even same-origin: without the
  guard, any site the player visits could start a game and read their
  progress. So a request must name this machine in its Host header when the
  server listens on loopback only, and a browser's Origin, when sent, must be
  the page's own.
- The page's websocket address is taken from the address the browser used,
  not from the host the server listens on (textual-serve writes the latter
  into the page: "ws://0.0.0.0:8000/ws" cannot be reached from another machine).
- Stopping the server ends every game first. textual-serve leaves each tab's
  websocket open at shutdown, and aiohttp waits up to a minute for open
  requests: `kill` on the server took 20 s and more to exit, the games
  outliving it. Now each game is told to quit, as when its tab is closed, and
  the server waits until every game has ended (also one already ending).
- It prints where to play instead of textual-serve's banner, and logs only
  warnings (not a line per request).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web
from textual_serve.server import AppService, Server
from yarl import URL

if TYPE_CHECKING:
    from mlquiz.web import Listening

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# How long a stopping server waits for a game whose output has ended to end
# itself (a moment: the game has closed everything by then).
GAME_EXIT_WAIT = 10.0


class GameServer(Server):
    """textual-serve's server for `command`, one game process per websocket."""

    def __init__(self, command: str, listening: Listening, data_dir: Path) -> None:
        super().__init__(command, host=listening.host, port=listening.port, title="mlquiz")
        self.listening = listening
        self.data_dir = data_dir
        # Each open tab's websocket handler, running its game (see on_shutdown), and
        # those whose game is ending already (its tab closed, or the player quit).
        self._games: set[asyncio.Task[web.StreamResponse]] = set()
        self._ending: set[asyncio.Task[Any]] = set()
        # A task per game process still running, done once it has ended and been reaped.
        self._exits: set[asyncio.Task[int]] = set()

    def initialize_logging(self) -> None:
        logging.basicConfig(
            level=logging.WARNING, format="mlquiz serve: %(name)s: %(message)s", stream=sys.stderr
        )

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        problem = refusal(
            request.host, request.headers.get("Origin"), request.scheme, self.listening.remote
        )
        if problem:
            return web.Response(status=403, text=f"mlquiz serve: {problem}\n")
        return await handler(request)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        # textual-serve builds the page's URLs from `public_url`. The guard has
        # checked the Host header, and textual-serve's handler does not wait on
        # anything before it has read the value, so setting it per request is safe.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        # In a task of ours, so that on_shutdown can end it (aiohttp's own
        # cancellation of the request, once its wait is over, reaches it too).
        game = asyncio.ensure_future(super().handle_websocket(request))
        self._games.add(game)
        try:
            return await game
        finally:
            self._games.discard(game)
            self._ending.discard(game)

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        # Runs in the handler's task (`game` above) while the page talks to its
        # game; once it returns the page has gone and textual-serve waits for the
        # game to end (`AppService.stop`).
        process = getattr(app_service, "_process", None)  # textual-serve keeps it to itself
        if process is not None:
            exit_ = asyncio.ensure_future(process.wait())
            self._exits.add(exit_)
            exit_.add_done_callback(self._exits.discard)
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            task = asyncio.current_task()
            if task is not None:
                self._ending.add(task)

    async def on_shutdown(self, app: web.Application) -> None:
        # textual-serve's handler takes a cancellation as the end of the page: it
        # closes the websocket, tells the game to quit and waits for it to end. A
        # game already ending is only waited for: a cancellation landing in that
        # wait would end the wait (not the game), and the server would exit while
        # the game still saves (as when ctrl+c reaches the games and the server at
        # once, and a game has told its page it ended first).
        games = list(self._games)
        for game in games:
            if game not in self._ending:
                game.cancel()
        await asyncio.gather(*games, return_exceptions=True)
        # textual-serve waits until a game's output has ended, which comes a moment
        # before its process has ended (and been reaped): wait for that too, or the
        # server could exit before its games, their pipes still open (Python then
        # prints "Event loop is closed" tracebacks as it exits).
        if self._exits:
            await asyncio.wait(list(self._exits), timeout=GAME_EXIT_WAIT)

    async def on_startup(self, app: web.Application) -> None:
        where = self.listening.url
        if self.listening.everywhere:
            where += f" (from other machines: this machine's address, port {self.listening.port})"
        print(
            f"mlquiz: play at {where}; each browser tab is a game of its own, "
            f"answers are saved in {self.data_dir}; ctrl+c stops the server",
            flush=True,
        )


def refusal(host: str, origin: str | None, scheme: str, remote: bool) -> str:
    """Why a request must be refused ("" if it may be served).

    `host` is its Host header, `origin` its Origin header (browsers send one with
    every websocket and cross-site request), `remote` whether the server listens
    where other machines can reach it (then any name of this machine will do).
    """
    try:
        own = URL.build(scheme=scheme, authority=host)
    except ValueError:
        return "this request does not say which server it is for"
    if not remote and not is_loopback_name(own.host or ""):
        return (
            "this server only answers to 127.0.0.1 or localhost "
            "(a request naming another host was refused)"
        )
    if origin is not None:
        try:
            theirs = URL(origin)
        except ValueError:
            theirs = None
        if theirs is None or (theirs.scheme, theirs.host, theirs.port) != (
            own.scheme,
            own.host,
            own.port,
        ):
            return "requests from another site's page are refused"
    return ""


def is_loopback_name(host: str) -> bool:
    """Whether `host` (from a URL) names this machine's loopback interface."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
