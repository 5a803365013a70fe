"""Start-up cost of the game against a minimal Textual app.

    python bench/startup.py [--runs 15] [--ui-only] [--check]

Runs `mlquiz` (the menu on the built-in decks, settings read, the store
opened) and a minimal app (Header, Static, Footer) alternately, each in a
fresh process, headless, with Textual's auto-pilot pressing ctrl+q as soon as
the app is ready:

    TEXTUAL_DRIVER=textual.drivers.headless_driver:HeadlessDriver TEXTUAL_PRESS=ctrl+q

For each it reports the median wall time from launch to exit, the median CPU
time (user + system; steadier than wall time on a busy machine) and the
median peak memory (max RSS of that child, from `os.wait4`), then the ratios.
The target is at most 1.25x in time and memory. Running the two alternately
in one call means both see the same machine load.

Both run with standard input and output on a pseudo-terminal, as when a
person starts the game (`mlquiz` refuses to start without one), and with
Python's bytecode cache on, as after `pip install` (in a temporary prefix,
since a sandbox may set PYTHONDONTWRITEBYTECODE; the warm-up fills it). The
game uses a throw-away data folder that already holds a database (the
warm-up run creates it), as on any day but the first.

`--ui-only` also times `mlquiz.ui.app.run()` without the command-line layer,
to tell the UI's share from the CLI's. `--check` exits 1 if over the target.
"""

from __future__ import annotations

import argparse
import os
import pty
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

TARGET = 1.25

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static


class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()


Minimal().run()
"""

GAME = "import sys; from mlquiz.cli import main; sys.exit(main([]))"
UI_ONLY = "import sys; from mlquiz.ui.app import run; sys.exit(run())"


class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds, user + system
    rss: float  # MiB


def measure(code: str, env: dict[str, str]) -> Run:
    """Launch `python -c code` on a pseudo-terminal and wait for it to exit."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
    )
    os.close(slave)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    os.close(master)
    assert process.stderr is not None
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    exit_code = os.waitstatus_to_exitcode(status)
    if exit_code != 0:
        raise SystemExit(f"run failed with exit code {exit_code}:\n{stderr}")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    rss_bytes = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Run(wall, usage.ru_utime + usage.ru_stime, rss_bytes / 2**20)


def median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(values) for values in zip(*runs, strict=True)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--ui-only", action="store_true", help="also time run() without the CLI")
    parser.add_argument("--check", action="store_true", help="exit 1 if over the target")
    args = parser.parse_args()

    programs = {"minimal app": MINIMAL_APP, "mlquiz": GAME}
    if args.ui_only:
        programs["mlquiz (UI only)"] = UI_ONLY
    results: dict[str, list[Run]] = {name: [] for name in programs}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.update(
            TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver",
            TEXTUAL_PRESS="ctrl+q",
            MLQUIZ_DATA_DIR=str(Path(tmp) / "data"),
            MLQUIZ_CONFIG_DIR=str(Path(tmp) / "config"),
            PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"),
        )
        env.pop("NO_COLOR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for code in programs.values():  # warm-up
            measure(code, env)
        for _ in range(args.runs):
            for name, code in programs.items():
                results[name].append(measure(code, env))

    base = median(results["minimal app"])
    print(f"{args.runs} runs of each, alternating; headless, ctrl+q as soon as ready")
    print(f"{'':18}{'wall':>9}{'cpu':>9}{'peak RSS':>12}{'wall':>8}{'cpu':>7}{'RSS':>7}")
    over = False
    for name, runs in results.items():
        m = median(runs)
        ratios = (m.wall / base.wall, m.cpu / base.cpu, m.rss / base.rss)
        print(
            f"{name:18}{m.wall * 1000:>6.0f} ms{m.cpu * 1000:>6.0f} ms{m.rss:>8.1f} MiB"
            + "".join(f"{r:>7.2f}x" for r in ratios)
        )
        if name == "mlquiz":
            over = ratios[0] > TARGET or ratios[2] > TARGET
    print(f"target: mlquiz at most {TARGET}x the minimal app in wall time and peak RSS")
    if over:
        print("mlquiz is over the target", file=sys.stderr)
    return 1 if (args.check and over) else 0


if __name__ == "__main__":
    sys.exit(main())
