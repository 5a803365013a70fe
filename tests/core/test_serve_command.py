"""`mlquiz serve`'s checks before anything listens, the guard's rule, and the terminal
check's exception for a browser tab. (The real server and browser: tests/e2e.)"""

from __future__ import annotations

import errno
import io
import shlex
import socket
import sys
from pathlib import Path

import pytest

import mlquiz.web_server
from mlquiz import cli
from mlquiz.web import WEB_DRIVER, game_command
from mlquiz.web_server import refusal

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "tiny.toml"


class FakeServer:
    """Stands in for textual-serve's server: records what it was given; `serve` returns
    at once, or raises `fails_with`."""

    made: list[FakeServer] = []
    fails_with: OSError | None = None

    def __init__(self, command: str, listening, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
        self.command, self.listening, self.data_dir = command, listening, data_dir
        self.served = False
        FakeServer.made.append(self)

    def serve(self) -> None:
        if FakeServer.fails_with is not None:
            raise FakeServer.fails_with
        self.served = True


@pytest.fixture(autouse=True)
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    monkeypatch.setattr(mlquiz.web_server, "GameServer", FakeServer)
    FakeServer.made = []
    FakeServer.fails_with = None
    return FakeServer


@pytest.fixture
def port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["serve", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_serve_on_this_machine_by_default(capsys, port) -> None:
    """No --host: 127.0.0.1, no warning; each tab runs this Python's mlquiz."""
    code, out, err = serve(capsys, "--port", str(port))
    assert (code, err) == (0, "")
    (server,) = FakeServer.made
    assert server.served
    assert (server.listening.host, server.listening.remote) == ("127.0.0.1", False)
    assert server.listening.url == f"http://127.0.0.1:{port}"
    assert shlex.split(server.command) == [sys.executable, "-m", "mlquiz"]


def test_without_the_web_extra_it_says_how_to_install_it(capsys, monkeypatch, port) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if not installed
    code, out, err = serve(capsys, "--port", str(port))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "pip install 'mlquiz[web]'" in err
    assert FakeServer.made == []


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1"])
def test_a_host_others_can_reach_needs_allow_remote(capsys, port, host) -> None:
    """One line saying who could play and how to allow it; nothing listens."""
    code, out, err = serve(capsys, "--host", host, "--port", str(port))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "--allow-remote" in err and "see your progress" in err
    assert FakeServer.made == []


def test_allow_remote_serves_with_a_warning(capsys, port) -> None:
    code, out, err = serve(capsys, "--host", "0.0.0.0", "--port", str(port), "--allow-remote")
    assert code == 0
    assert "warning" in err
    assert "anyone who can reach this port can play and see your progress" in err
    (server,) = FakeServer.made
    assert server.served and server.listening.remote
    assert server.listening.url == f"http://127.0.0.1:{port}"  # 0.0.0.0 includes this machine


def test_a_port_in_use_is_one_line_and_exit_2(capsys, port) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", port))
        other.listen()
        code, out, err = serve(capsys, "--port", str(port))
    assert (code, out) == (2, "")
    assert err == (
        f"mlquiz serve: port {port} is already in use on 127.0.0.1 "
        "(another `mlquiz serve`?); choose another with --port\n"
    )
    assert FakeServer.made == []


def test_a_port_taken_after_the_check_is_still_one_line(capsys, port) -> None:
    """The port is free when checked but taken before textual-serve binds it."""
    FakeServer.fails_with = OSError(errno.EADDRINUSE, "Address already in use")
    code, out, err = serve(capsys, "--port", str(port))
    assert code == 2
    assert err.count("\n") == 1 and f"port {port} is already in use" in err


def test_a_host_that_cannot_be_bound_is_one_line_and_exit_2(capsys, port) -> None:
    """240.0.0.1 (reserved for future use) is no address of this machine; one for
    documentation would not do: some machines' networks use 192.0.2.0/24."""
    code, out, err = serve(capsys, "--host", "240.0.0.1", "--port", str(port), "--allow-remote")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"mlquiz serve: cannot listen on 240.0.0.1 port {port}: ")
    assert FakeServer.made == []


def test_a_host_that_cannot_be_resolved_is_one_line_and_exit_2(capsys, monkeypatch) -> None:
    def no_such_name(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    code, out, err = serve(capsys, "--host", "no-such-host.invalid")
    assert (code, out) == (2, "")
    assert err == "mlquiz serve: cannot listen on no-such-host.invalid: Name or service not known\n"


@pytest.mark.parametrize("port", ["0", "65536", "eighty"])
def test_a_port_out_of_range_is_a_usage_error(capsys, port) -> None:
    with pytest.raises(SystemExit) as exit:
        cli.main(["serve", "--port", port])
    assert exit.value.code == 2
    assert "--port" in capsys.readouterr().err


def test_an_unknown_deck_is_said_before_anything_listens(capsys, port) -> None:
    code, out, err = serve(capsys, "--deck", "no-such-deck", "--port", str(port))
    assert code == 1
    assert "no-such-deck: no deck with this id" in err
    assert FakeServer.made == []


def test_a_deck_file_reaches_each_game_by_its_full_path(tmp_path, monkeypatch) -> None:
    """Quoted for the shell textual-serve runs the command with, whatever the name."""
    folder = tmp_path / "it's a deck folder"
    folder.mkdir()
    (folder / "my deck.toml").write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(folder)
    argv = shlex.split(game_command("my deck.toml"))
    assert argv == [sys.executable, "-m", "mlquiz", "--deck", str(folder / "my deck.toml")]
    assert shlex.split(game_command("tiny"))[-2:] == ["--deck", "tiny"]


@pytest.mark.parametrize(
    "host, origin, remote, refused",
    [
        ("127.0.0.1:8000", None, False, False),
        ("localhost:8000", "http://localhost:8000", False, False),
        ("[::1]:8000", "http://[::1]:8000", False, False),
        ("127.0.0.1:8000", "http://127.0.0.1:8000", False, False),
        ("attacker.example:8000", None, False, True),  # DNS rebinding
        ("127.0.0.1:8000", "http://attacker.example", False, True),  # another site's page
        ("127.0.0.1:8000", "http://localhost:8000", False, True),  # another origin
        ("127.0.0.1:8000", "https://127.0.0.1:8000", False, True),
        ("127.0.0.1:8000", "null", False, True),
        ("", None, False, True),
        ("study-pc.lan:8000", "http://study-pc.lan:8000", True, False),  # --allow-remote
        ("study-pc.lan:8000", "http://attacker.example", True, True),
    ],
)
def test_the_guard_serves_only_pages_of_this_server(host, origin, remote, refused) -> None:
    assert bool(refusal(host, origin, "http", remote)) is refused


# -- the terminal check ------------------------------------------------------------


def test_a_browser_tab_starts_the_game_without_a_terminal(monkeypatch) -> None:
    """Under textual-serve (TEXTUAL_DRIVER names the web driver) input and output are
    pipes to the server: the game starts."""
    import mlquiz.ui.app

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(mlquiz.ui.app, "run", lambda **kwargs: calls.append(kwargs) or 0)
    monkeypatch.setenv("TEXTUAL_DRIVER", WEB_DRIVER)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert cli.main([]) == 0
    assert calls == [{"deck": None}]


def test_another_driver_still_needs_a_terminal(capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "mlquiz.ui.app", None)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.headless_driver:HeadlessDriver")
    monkeypatch.setattr(sys, "stdin", io.StringIO("x\n"))
    code = cli.main([])
    assert code == 2
    assert "the game needs a terminal, but standard input is not one" in capsys.readouterr().err
