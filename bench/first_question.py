"""Time from Enter on the menu to the first question on screen, against another mlquiz.

    python bench/first_question.py --against OTHER_PYTHON [--runs 10] [--pause SECONDS]

Starts the game as `bench/startup.py` does (a fresh process on an 80x24
pseudo-terminal, headless, the same wait until the menu is ready), then
presses Enter (a quiz on the built-in deck), waits until the quiz screen shows
its question and the app is idle again, and quits. Each program has its own
data folder, warmed up twice first, so each timed run is a player's first quiz
of a new process on a known deck: the session is started, the grader loaded
from its cache, the quiz screen imported and its CSS parsed. Reported: the
median milliseconds from the key press to that point (wall time, and the
process's CPU time over the same span), for this mlquiz and the other,
alternating, and the median of the per-alternation ratios.

`--pause` waits that long on the ready menu before Enter, as a player reading
it does (the game imports what a session needs half a second after its menu
is up: `ui.app.PRELOAD_DELAY`); the default, 0, presses Enter at once.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from startup import GAME, TERMINAL_SIZE, measure

# After the menu is ready (startup.READY's wait): Enter, then wait for the question.
FIRST_QUESTION = """
import json as _json, os as _os, resource as _resource, time as _time
from textual.app import App as _App


def _cpu():
    usage = _resource.getrusage(_resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _to_first_question(pilot):
    from textual.worker import WorkerState

    app = pilot.app

    async def settle():
        active = (WorkerState.PENDING, WorkerState.RUNNING)
        for _ in range(1000):
            await app.workers.wait_for_complete()
            await pilot.pause(0)
            if not any(worker.state in active for worker in app.workers):
                break
        await pilot.pause()

    await settle()
    await pilot.pause(float(_os.environ["BENCH_PAUSE"]))
    await settle()
    wall, cpu = _time.perf_counter(), _cpu()
    await pilot.press("enter")
    for _ in range(1000):
        await settle()
        if type(app.screen).__name__ == "QuizScreen":
            question = app.screen.query_one("#quiz-question")
            if str(question.render()).strip():
                break
    wall, cpu = _time.perf_counter() - wall, _cpu() - cpu
    with open(_os.environ["BENCH_OUT"], "a", encoding="utf-8") as out:
        out.write(_json.dumps({"wall": wall, "cpu": cpu}) + "\\n")
    await pilot.press("ctrl+q")


_run = _App.run
_App.run = lambda self, **kw: _run(self, **{"auto_pilot": _to_first_question, **kw})
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--against", metavar="PYTHON", required=True)
    parser.add_argument(
        "--pause", type=float, default=0.0, help="seconds on the menu before Enter (default 0)"
    )
    args = parser.parse_args()
    import startup

    startup.READY = FIRST_QUESTION  # replaces the menu-only auto-pilot
    programs = {"this": sys.executable, "against": args.against}
    print(f"load average before: {startup.load_average()}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("NO_COLOR", "PYTHONDONTWRITEBYTECODE", "MLQUIZ_DATA_DIR")
        }
        env.update(
            TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver",
            PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
            BENCH_PAUSE=str(args.pause),
        )
        envs = {
            name: {
                **env,
                "XDG_DATA_HOME": str(tmp / name / "data"),
                "XDG_CONFIG_HOME": str(tmp / name / "config"),
                "BENCH_OUT": str(tmp / f"{name}.jsonl"),
            }
            for name in programs
        }
        for name, python in programs.items():
            for _ in range(2):  # the bytecode cache, the grader cache, the database
                measure(GAME, envs[name], python)
            Path(envs[name]["BENCH_OUT"]).unlink()
        for _ in range(args.runs):
            for name, python in programs.items():
                measure(GAME, envs[name], python)
        results = {
            name: [
                json.loads(line) for line in Path(envs[name]["BENCH_OUT"]).read_text().splitlines()
            ]
            for name in programs
        }
    print(f"load average after:  {startup.load_average()}")
    rows, columns = TERMINAL_SIZE
    print(
        f"{args.runs} runs each, alternating, {columns}x{rows}: Enter on the menu "
        f"(after {args.pause} s on it) to a question"
    )
    for name, runs in results.items():
        wall = statistics.median(r["wall"] for r in runs) * 1000
        cpu = statistics.median(r["cpu"] for r in runs) * 1000
        print(f"{name:8} {wall:7.1f} ms wall {cpu:7.1f} ms cpu")
    for field in ("wall", "cpu"):
        ratios = [
            mine[field] / theirs[field]
            for mine, theirs in zip(results["this"], results["against"], strict=True)
        ]
        ratio = statistics.median(ratios)
        print(f"{field}: this / against, median of the per-alternation ratios {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
