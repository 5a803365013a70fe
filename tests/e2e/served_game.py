"""Run the real `mlquiz serve` (`python -m mlquiz serve`) on a free port and talk to it.

`Served` starts the server in a session of its own (so a test can send ctrl+c
to it and its games, as a terminal does), waits until the page answers, and
offers HTTP requests, the game processes running under it, and a clean stop.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.e2e.pty_game import SRC


def free_port() -> int:
    """A port nothing listens on now (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mlquiz_env(data_dir: Path, config_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TEXTUAL_DRIVER", "NO_COLOR")}
    env.update(
        MLQUIZ_DATA_DIR=str(data_dir),
        MLQUIZ_CONFIG_DIR=str(config_dir),
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
    )
    return env


def stats(data_dir: Path, config_dir: Path) -> dict:
    """`mlquiz stats --json` for this data directory, as the player would run it."""
    result = subprocess.run(
        [sys.executable, "-m", "mlquiz", "stats", "--json"],
        capture_output=True,
        text=True,
        env=mlquiz_env(data_dir, config_dir),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class Served:
    """`mlquiz serve --port PORT *args` with its own data and config directories."""

    def __init__(self, data_dir: Path, config_dir: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mlquiz", "serve", "--port", str(self.port), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=mlquiz_env(data_dir, config_dir),
            cwd=config_dir.parent,
            start_new_session=True,
        )
        self._out: list[bytes] = []
        self._err: list[bytes] = []
        self._readers = [
            threading.Thread(target=_collect, args=(self.proc.stdout, self._out), daemon=True),
            threading.Thread(target=_collect, args=(self.proc.stderr, self._err), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @property
    def output(self) -> str:
        """What the server printed so far, standard output then standard error."""
        return (b"".join(self._out) + b"".join(self._err)).decode("utf-8", "replace")

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the page is served (the server prints its address a moment before
        it listens)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                self._readers[0].join(timeout=1)
                raise AssertionError(f"the server exited ({self.proc.returncode}):\n{self.output}")
            try:
                if self.get("/")[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the page was not served after {timeout} s:\n{self.output}")
            time.sleep(0.1)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        """(status, body) of a GET, with `headers` added to a browser's usual ones."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def games(self) -> list[int]:
        """The process ids of the games the server started that are still running
        (found by the server's process group, so also after the server is gone)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:  # gone meanwhile
                continue
            # "pid (name) state ppid pgrp ...": the name may hold spaces and parentheses.
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] == "Z":  # exited, not yet collected by its parent
                continue
            if int(fields[2]) == self.proc.pid and argv[1:3] == [b"-m", b"mlquiz"]:
                if b"serve" not in argv:
                    found.append(int(entry.name))
        return found

    def interrupt(self, timeout: float = 30.0) -> int:
        """ctrl+c in the server's terminal (SIGINT to it and its games); its exit status."""
        os.killpg(self.proc.pid, signal.SIGINT)
        return self.wait(timeout)

    def wait(self, timeout: float = 30.0) -> int:
        code = self.proc.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=2)
        return code

    def close(self) -> None:
        """Kill whatever is left of the server and its games."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _collect(stream, into: list[bytes]) -> None:  # type: ignore[no-untyped-def]
    for chunk in iter(lambda: stream.read1(65536), b""):
        into.append(chunk)
