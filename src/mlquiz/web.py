"""`mlquiz serve`: the game on a web page, one game process per browser tab.

textual-serve (Textualize's package, the optional extra `mlquiz[web]`) runs a
small web server; each browser tab that opens the page starts its own
`python -m mlquiz` under Textual's web driver, its screen drawn by the page's
terminal. Every game uses the player's data directory (or `MLQUIZ_DATA_DIR`),
so answers given in a browser show in `mlquiz stats` and the terminal game,
and the database already takes two games at once.

Everything that can be wrong is said before textual-serve starts, in one line
and exit status 2, so the messages are ours: the extra not installed, a host
other machines can reach without `--allow-remote`, a host that cannot be
resolved or bound, a port in use. The server itself (`web_server.py`) is
imported only after these checks pass.

Every game imports this module on its way to the menu (`under_web_driver`),
so it imports at the top only what that needs; the rest is imported where used.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

# What textual-serve sets TEXTUAL_DRIVER to in each game's environment.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

INSTALL_HINT = "pip install 'mlquiz[web]'"


def under_web_driver() -> bool:
    """Whether this game is drawn by Textual's web driver (a browser tab of
    `mlquiz serve`): its standard input and output are pipes to the server, not
    a terminal, and that is right."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


class ServeError(Exception):
    """`mlquiz serve` cannot start; the message is the one line to print."""


class Listening:
    """Where the server will listen, once checked: `host` and `port` as given, and
    whether other machines can reach it (`remote`)."""

    def __init__(self, host: str, port: int, remote: bool) -> None:
        self.host = host
        self.port = port
        self.remote = remote

    @property
    def everywhere(self) -> bool:
        """Whether `host` means every address of this machine."""
        return self.host in ("0.0.0.0", "::", "")

    @property
    def url(self) -> str:
        """The page's address on this machine."""
        host = self.host
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        elif host == "::":
            host = "[::1]"
        elif ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"


HELP = (
    "play in a web browser: serve the game on a web page, each browser tab a game of its "
    f"own (needs the web extra: {INSTALL_HINT})"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `mlquiz serve`."""
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"the address to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}"
    )
    parser.add_argument("--deck", metavar="DECK", help="start each game on this deck (id or path)")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host other machines can reach: anyone who can reach the port can "
        "play and see your progress",
    )


def port_number(text: str) -> int:
    """argparse type for --port: 1 to 65535 (0, "any free port", would leave the
    printed address wrong)."""
    import argparse

    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is between 1 and 65535, not {port}")
    return port


def check_listening(host: str, port: int, allow_remote: bool) -> Listening:
    """Resolve `host`, refuse one other machines can reach unless `allow_remote`,
    and bind each of its addresses once to see the port is free.

    The sockets are closed again at once; textual-serve binds its own a moment
    later (a port taken in between is still reported, by `serve`).
    """
    import socket

    try:
        infos = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE | socket.AI_NUMERICSERV
        )
    except (OSError, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ServeError(f"cannot listen on {host}: {reason}") from None
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    remote = not all(_is_loopback(address) for address in addresses)
    if remote and not allow_remote:
        raise ServeError(
            f"--host {host} can be reached from other machines: anyone who can reach "
            f"port {port} could play and see your progress; add --allow-remote to "
            f"serve there anyway (the default, {DEFAULT_HOST}, is this machine only)"
        )
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as probe:
            # As asyncio's server does: a port whose old connections linger in
            # TIME_WAIT can be bound (one another program listens on cannot), and
            # an IPv6 socket does not take the IPv4 port as well.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise ServeError(bind_problem(host, port, exc)) from None
    return Listening(host=host, port=port, remote=remote)


def bind_problem(host: str, port: int, exc: OSError) -> str:
    import errno

    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} is already in use on {host} (another `mlquiz serve`?); "
            "choose another with --port"
        )
    return f"cannot listen on {host} port {port}: {exc.strerror or exc}"


def _is_loopback(address: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def game_command(deck: str | None) -> str:
    """The shell command textual-serve runs for each tab: this Python, this mlquiz.

    A deck given as a file is passed by its absolute path, so a game finds it
    whatever the folder it starts in.
    """
    import shlex
    from pathlib import Path

    argv = [sys.executable, "-m", "mlquiz"]
    if deck:
        path = Path(deck).expanduser()
        argv += ["--deck", str(path.resolve()) if path.is_file() else deck]
    return shlex.join(argv)


def serve(host: str, port: int, deck: str | None, allow_remote: bool) -> int:
    """`mlquiz serve`: check everything, then serve until ctrl+c. Returns the exit status."""
    import importlib.util

    if importlib.util.find_spec("textual_serve") is None:
        _say(
            "playing in a browser needs the textual-serve package, which is not "
            f"installed; install it with `{INSTALL_HINT}` (from a clone: `pip install '.[web]'`)"
        )
        return 2
    if deck:
        from mlquiz.core.decks.library import resolve_deck
        from mlquiz.core.errors import DeckError

        try:
            resolve_deck(deck)
        except DeckError as exc:
            print(f"mlquiz serve: {exc}", file=sys.stderr)
            return 1
    try:
        listening = check_listening(host, port, allow_remote)
    except ServeError as exc:
        _say(str(exc))
        return 2
    if listening.remote:
        _say(
            f"warning: listening on {host} port {port}, which other machines can reach: "
            "anyone who can reach this port can play and see your progress (there is no password)"
        )

    from mlquiz.core import locations
    from mlquiz.web_server import GameServer

    server = GameServer(game_command(deck), listening, data_dir=locations.data_dir())
    try:
        server.serve()
    except OSError as exc:  # the port was taken between our check and textual-serve's bind
        _say(bind_problem(host, port, exc))
        return 2
    return 0


def _say(line: str) -> None:
    print(f"mlquiz serve: {line}", file=sys.stderr)
