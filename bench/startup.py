"""Start-up cost of the game against a minimal Textual app.

    python bench/startup.py [--runs 15] [--ui-only] [--check] [--against PYTHON]

Runs `mlquiz` (the menu on the built-in decks, settings read, the store
opened, the deck's summary shown) and a minimal app (Header, Static, Footer)
alternately, each in a fresh process, headless, with ctrl+q pressed as soon
as the app is ready:

    TEXTUAL_DRIVER=textual.drivers.headless_driver:HeadlessDriver TEXTUAL_PRESS=ctrl+q

"Ready" is decided the same way for both, by the same few lines run before
each program (`READY`): Textual's auto-pilot starts once the first screen is
mounted, waits until no worker is running and the messages they posted are
handled, then waits once for the process to go idle (the screen painted), and
only then presses the keys of TEXTUAL_PRESS. Textual alone presses them as
soon as the first screen is mounted, before it is even painted and before the
game's background work (opening the database, reading the menu's summary) is
done, so it would time a menu that is not ready yet. The last warm-up run of
each program saves its screen as the keys are pressed, and the bench stops if
the game's does not show the decks and the summary line.

For each it reports the median wall time from launch to exit, the median CPU
time (user + system; steadier than wall time on a busy machine) and the
median peak memory (max RSS of that child, from `os.wait4`), then the ratios
of the medians, and the median of the per-alternation ratios (each pair ran
back to back, so it is less moved by load that comes and goes). The target is
at most 1.25x in time and memory. Wall time includes the same idle waits for
both (the wait for idle above, the exit), which pulls its ratio toward 1; the
CPU ratio has no such cushion. Running the two alternately in one call
means both see the same machine load.

Both run with standard input and output on a pseudo-terminal of 80x24, as
when a person starts the game (`mlquiz` refuses to start without one), and with
Python's bytecode cache on, as after `pip install` (in a temporary prefix,
since a sandbox may set PYTHONDONTWRITEBYTECODE; the warm-up fills it). The
game finds its folders as a user's game does (platformdirs, through
XDG_DATA_HOME and XDG_CONFIG_HOME pointed at a throw-away folder), which the
warm-up run fills with a database and the deck cache, as on any day but the
first.

`--ui-only` also times `mlquiz.ui.app.run()` without the command-line layer,
to tell the UI's share from the CLI's. `--check` exits 1 if over the target.

`--against PYTHON` also times the `mlquiz` that another interpreter imports
(another checkout's virtualenv, e.g. the code before a change), in the same
alternation, and reports this one's time and memory as ratios of that one's.
Each program has its own data and config folders, so two versions never
invalidate each other's caches.
"""

from __future__ import annotations

import argparse
import fcntl
import html
import os
import pty
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import NamedTuple

TARGET = 1.25
TERMINAL_SIZE = (24, 80)  # rows, columns: the smallest the game supports

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

# Run before either program: every App.run gets an auto-pilot that waits until
# the app is ready (no worker running, the screen idle), then presses the keys
# of TEXTUAL_PRESS. With BENCH_SCREEN set, it saves the screen (SVG) there first.
READY = """
import os as _os
from textual.app import App as _App


async def _press_when_ready(pilot):
    from textual.worker import WorkerState

    app = pilot.app
    active = (WorkerState.PENDING, WorkerState.RUNNING)
    for _ in range(1000):
        await app.workers.wait_for_complete()
        await pilot.pause(0)  # the messages the workers posted are handled
        if not any(worker.state in active for worker in app.workers):
            break
    await pilot.pause()  # and the screen settles: one wait for idle, as for any app
    screen_file = _os.environ.get("BENCH_SCREEN")
    if screen_file:
        with open(screen_file, "w", encoding="utf-8") as out:
            out.write(app.export_screenshot())
    await pilot.press(*_os.environ["TEXTUAL_PRESS"].split(","))


_run = _App.run
_App.run = lambda self, **kw: _run(self, **{"auto_pilot": _press_when_ready, **kw})
"""

# What the game's screen must show when the keys are pressed: the built-in
# deck in the list and the summary line that the store fills in (its end: at 80
# columns the line may wrap before "played").
GAME_READY_TEXTS = ("Databricks", "played yet")


class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds, user + system
    rss: float  # MiB


def measure(code: str, env: dict[str, str], python: str = sys.executable) -> Run:
    """Launch `python -c READY + code` on a pseudo-terminal and wait for it to exit."""
    master, slave = pty.openpty()
    # A terminal has a size; a new pseudo-terminal has none (0x0), and then rich
    # guesses 80x25 while Textual's driver says 80x24: a spurious resize and
    # a second full layout in both programs.
    rows, columns = TERMINAL_SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        [python, "-c", READY + code],
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


def screen_text(svg_file: Path) -> str:
    """The words of a screen saved by `READY`, one space apart (a wrapped line reads on).

    The screen is an SVG: rows are <text> elements, spaces are &#160;.
    """
    text = re.sub(r"<[^>]*>", " ", svg_file.read_text(encoding="utf-8"))
    return " ".join(html.unescape(text).split())


def warm_up(name: str, code: str, env: dict[str, str], tmp: Path, python: str) -> None:
    """Run twice untimed (filling the bytecode cache and the data folder); check the screen.

    The second run is as a timed one will be, and the screen it had when the
    keys were pressed must show the game's menu ready.
    """
    screen_file = tmp / f"screen-{len(list(tmp.glob('screen-*')))}.svg"
    measure(code, env, python)
    measure(code, {**env, "BENCH_SCREEN": str(screen_file)}, python)
    if name == "minimal app":
        return
    text = screen_text(screen_file)
    missing = [t for t in GAME_READY_TEXTS if t not in text]
    if missing:
        raise SystemExit(f"{name}: the menu was not ready when the keys were pressed: {missing}")


def median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(values) for values in zip(*runs, strict=True)))


def comparison(runs: list[Run], others: list[Run]) -> str:
    """This mlquiz's medians over the other's, and the median per-alternation ratios."""
    mine, theirs = median(runs), median(others)
    of_medians = [getattr(mine, f) / getattr(theirs, f) for f in Run._fields]
    paired = [
        statistics.median(getattr(r, f) / getattr(o, f) for r, o in zip(runs, others, strict=True))
        for f in Run._fields
    ]
    return (
        f"{'  ratio of the medians':42}" + "".join(f"{r:>7.2f}x" for r in of_medians) + "\n"
        f"{'  median of the per-alternation ratios':42}" + "".join(f"{r:>7.2f}x" for r in paired)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--ui-only", action="store_true", help="also time run() without the CLI")
    parser.add_argument("--check", action="store_true", help="exit 1 if over the target")
    parser.add_argument(
        "--against", metavar="PYTHON", help="also time the mlquiz of this interpreter, alternately"
    )
    args = parser.parse_args()

    this = sys.executable
    programs = {"minimal app": (this, MINIMAL_APP), "mlquiz": (this, GAME)}
    if args.ui_only:
        programs["mlquiz (UI only)"] = (this, UI_ONLY)
    if args.against:
        programs["mlquiz (against)"] = (args.against, GAME)
    results: dict[str, list[Run]] = {name: [] for name in programs}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ)
        env.update(
            TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver",
            TEXTUAL_PRESS="ctrl+q",
            PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
        )
        for name in ("NO_COLOR", "PYTHONDONTWRITEBYTECODE", "MLQUIZ_DATA_DIR", "MLQUIZ_CONFIG_DIR"):
            env.pop(name, None)
        envs = {}
        for number, name in enumerate(programs):
            # Folders of its own: two versions would each rebuild the other's caches.
            home = tmp / f"program-{number}"
            envs[name] = {
                **env,
                "XDG_DATA_HOME": str(home / "data"),
                "XDG_CONFIG_HOME": str(home / "config"),
            }
        for name, (python, code) in programs.items():
            warm_up(name, code, envs[name], tmp, python)
        for _ in range(args.runs):
            for name, (python, code) in programs.items():
                results[name].append(measure(code, envs[name], python))

    base_runs = results["minimal app"]
    base = median(base_runs)
    print(f"{args.runs} runs of each, alternating; headless, ctrl+q once the app is ready")
    print(f"{'':18}{'wall':>9}{'cpu':>9}{'peak RSS':>12}{'wall':>8}{'cpu':>7}{'RSS':>7}")
    over = False
    paired_lines = []
    for name, runs in results.items():
        m = median(runs)
        ratios = (m.wall / base.wall, m.cpu / base.cpu, m.rss / base.rss)
        print(
            f"{name:18}{m.wall * 1000:>6.0f} ms{m.cpu * 1000:>6.0f} ms{m.rss:>8.1f} MiB"
            + "".join(f"{r:>7.2f}x" for r in ratios)
        )
        if name == "mlquiz":
            over = ratios[0] > TARGET or ratios[2] > TARGET
        if name != "minimal app":
            paired = [
                statistics.median(getattr(r, field) / getattr(b, field) for r, b in pairs)
                for field in Run._fields
                for pairs in [list(zip(runs, base_runs, strict=True))]
            ]
            paired_lines.append(f"{name:42}" + "".join(f"{r:>7.2f}x" for r in paired))
    print("median of the per-alternation ratios:")
    print("\n".join(paired_lines))
    if args.against:
        print(f"mlquiz against {args.against} (wall, cpu, RSS):")
        print(comparison(results["mlquiz"], results["mlquiz (against)"]))
    print(f"target: mlquiz at most {TARGET}x the minimal app in wall time and peak RSS")
    if over:
        print("mlquiz is over the target", file=sys.stderr)
    return 1 if (args.check and over) else 0


if __name__ == "__main__":
    sys.exit(main())
