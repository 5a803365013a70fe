"""Start-up cost of the game against a minimal Textual app.

    python bench/startup.py [--runs 15] [--case builtin|big|all] [--ui-only] [--check]
                            [--counted] [--against PYTHON]

Runs `mlquiz` (the menu on the built-in decks, settings read, the store
opened, the deck's summary shown) and a minimal app (Header, Static, Footer)
alternately, each in a fresh process, headless, with ctrl+q pressed as soon
as the app is ready:

    TEXTUAL_DRIVER=textual.drivers.headless_driver:HeadlessDriver TEXTUAL_PRESS=ctrl+q

Two cases (`--case`, default both, all alternated in one loop):

- builtin: a player with the built-in deck and a small history (the warm-up
  runs' empty sessions);
- big: a player with a 10,000-card deck of their own (`generated.deck_text`,
  about 5 MB of TOML in their decks folder) and 300,000 stored answers to it
  over a year (15,000 sessions), started with `mlquiz --deck bench-10k` so the
  menu shows that deck and its summary. The database is written once, as a
  schema-5 game left it (the schema every version here can read), and copied
  to each program's folder; a newer mlquiz upgrades its copy in the warm-up,
  as a player's first start after an upgrade does.

Both programs call `gc.freeze()` just before `App.run` (the game does, to
keep its start-up objects out of later collections; without it the minimal
app spends ~40 ms of CPU in its last collection, which flattered the game's
CPU ratio).

"Ready" is decided the same way for both, by the same few lines run before
each program (`READY`): Textual's auto-pilot starts once the first screen is
mounted, waits until no worker is running and the messages they posted are
handled, then waits once for the process to go idle (the screen painted), and
only then presses the keys of TEXTUAL_PRESS. Textual alone presses them as
soon as the first screen is mounted, before it is even painted and before the
game's background work (opening the database, reading the menu's summary) is
done, so it would time a menu that is not ready yet. The last warm-up run of
each program saves its screen as the keys are pressed, and the bench stops if
the game's does not show the deck and its summary line.

For each it reports the median wall time from launch to exit, the median CPU
time (user + system; steadier than wall time on a busy machine) and the
median peak memory (max RSS of that child, from `os.wait4`), then the ratios
of the medians, and the median of the per-alternation ratios (each pair ran
back to back, so it is less moved by load that comes and goes). Targets
(issue 15): the built-in case at most 1.10x the minimal app in wall time and
peak memory, the big case at most 1.20x. Wall time includes the same idle
waits for both (the wait for idle above, the exit), which pulls its ratio
toward 1; the CPU ratio has no such cushion. Running them alternately in one
call means all see the same machine load; the load average is printed before
and after.

Both run with standard input and output on a pseudo-terminal of 80x24, as
when a person starts the game (`mlquiz` refuses to start without one), and with
Python's bytecode cache on, as after `pip install` (in a temporary prefix,
since a sandbox may set PYTHONDONTWRITEBYTECODE; the warm-up fills it). The
game finds its folders as a user's game does (platformdirs, through
XDG_DATA_HOME and XDG_CONFIG_HOME pointed at a throw-away folder), which the
warm-up run fills with a database and the deck cache, as on any day but the
first.

The game keeps the menu's figures when it closes the database and shows them
at the next start without opening it, while nothing they depend on has changed
(core/menu_snapshot.py): the timed runs, which change nothing, all start that
way. `--counted` also times each case with those figures deleted before each
run, as on a start after a card came due, a new day or a write by another
program: the game then opens the database and counts them there.

`--ui-only` also times `mlquiz.ui.app.run()` without the command-line layer,
to tell the UI's share from the CLI's. `--check` exits 1 if over a target.

`--against PYTHON` also times the `mlquiz` that another interpreter imports
(another checkout's virtualenv, e.g. the code before a change), for each
case, in the same alternation, and reports this one's time and memory as
ratios of that one's (with `--counted`, the counted starts too). Each program
has its own data and config folders, so two versions never invalidate each
other's caches.
"""

from __future__ import annotations

import argparse
import fcntl
import html
import os
import pty
import re
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import NamedTuple

from generated import DECK_ID, DECK_TITLE

# The most each case may cost, in wall time and peak memory, as a ratio of the minimal app.
TARGETS = {"builtin": 1.10, "big": 1.20}
TERMINAL_SIZE = (24, 80)  # rows, columns: the smallest the game supports

MINIMAL_APP = """
import gc

from textual.app import App
from textual.widgets import Footer, Header, Static


class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()


# As the game does just before App.run (ui/app.py): a fair comparison.
gc.freeze()
Minimal().run()
"""

GAME = "import sys; from mlquiz.cli import main; sys.exit(main([]))"
GAME_ON_BIG_DECK = (
    f"import sys; from mlquiz.cli import main; sys.exit(main(['--deck', {DECK_ID!r}]))"
)
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

# What the game's screen must show when the keys are pressed, per case: the
# deck in the list and the end of the summary line that the store fills in (at
# 80 columns the line may wrap before "played").
GAME_READY_TEXTS = {"builtin": ("Databricks", "played yet"), "big": (DECK_TITLE, "last session")}

# The menu's figures the game keeps between runs (core/menu_snapshot.py), in cache/.
KEPT_FIGURES = "menu-summaries.marshal"

BIG_CARDS = 10_000
BIG_ANSWERS = 300_000
# The schema the big case's database is written in: the latest every mlquiz
# compared here has (newer ones upgrade it in their warm-up run).
BIG_SCHEMA = 5

# Run by the interpreter of the oldest mlquiz compared, with the database path,
# the deck id, cards and answers as arguments: a year of 20-answer sessions, the
# last ending an hour ago, scheduled by the replay the migrations use.
FILL = """
import json, random, sqlite3, sys
from datetime import UTC, datetime, timedelta
from mlquiz.core.clock import iso
from mlquiz.core.session import effective_score
from mlquiz.core.store import derived
from mlquiz.core.store.schema import MIGRATIONS

path, deck_id, cards, answers, version = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
rng = random.Random(15)
now = datetime.now(UTC) - timedelta(hours=1)
start = now - timedelta(days=365)
per_session = 20
n_sessions = answers // per_session
sessions, attempts = [], []
for s in range(n_sessions):
    session_id = f"s{s:06d}"
    at = start + timedelta(seconds=s * 365 * 86400 / n_sessions)
    sessions.append((session_id, deck_id, "quiz", iso(at), iso(at + timedelta(minutes=8)), "{}"))
    for seq in range(per_session):
        card = rng.randrange(1, cards + 1)
        elapsed = rng.uniform(4, 40)
        at += timedelta(seconds=elapsed)
        roll = rng.random()
        if roll < 0.6:
            verdict, score, missed = "correct", 1.0, []
        elif roll < 0.85:
            verdict, score, missed = "partial", 0.6, ["point 2"]
        else:
            verdict, score, missed = "incorrect", 0.0, ["point 1", "point 2"]
        override = "correct" if rng.random() < 0.02 else None
        attempts.append((session_id, seq, deck_id, str(card), "an answer", verdict, score, "[]",
                         json.dumps(missed), "[]", None, 0, 0, override, iso(at), elapsed,
                         "quiz", 0))
conn = sqlite3.connect(path, isolation_level=None)
conn.create_function("effective_score", 3, effective_score, deterministic=True)
conn.execute("BEGIN")
for migration in MIGRATIONS[:version]:
    migration(conn)
conn.execute(f"PRAGMA user_version = {version}")
conn.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)", sessions)
conn.executemany(
    "INSERT INTO attempts (session_id, seq, deck_id, card_id, answer, verdict, score, found,"
    " missed, contradicted, confusion, hints_used, skipped, override, answered_at, elapsed,"
    " mode, timed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    attempts,
)
derived.rebuild_schedule(conn)
derived.rebuild_summaries(conn)
derived.rebuild_card_answers(conn)
conn.execute("COMMIT")
conn.execute("ANALYZE")
conn.close()
"""


class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds, user + system
    rss: float  # MiB


class Program(NamedTuple):
    python: str
    code: str
    case: str | None  # "builtin", "big"; None: the minimal app
    # Delete the menu's figures the last run kept (core/menu_snapshot.py) before each
    # run, so the game opens the database and counts them (`--counted`).
    counted: bool = False


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


def warm_up(name: str, program: Program, env: dict[str, str], tmp: Path) -> None:
    """Run twice untimed (filling the bytecode cache and the data folder); check the screen.

    The second run is as a timed one will be, and the screen it had when the
    keys were pressed must show the game's menu ready.
    """
    screen_file = tmp / f"screen-{len(list(tmp.glob('screen-*')))}.svg"
    measure(program.code, env, program.python)
    measure(program.code, {**env, "BENCH_SCREEN": str(screen_file)}, program.python)
    if program.case is None:
        return
    text = screen_text(screen_file)
    missing = [t for t in GAME_READY_TEXTS[program.case] if t not in text]
    if missing:
        raise SystemExit(f"{name}: the menu was not ready when the keys were pressed: {missing}")


def build_big_case(tmp: Path, python: str) -> tuple[Path, Path]:
    """The 10,000-card deck file and the database of 300,000 answers to it, in `tmp`."""
    deck = tmp / "big" / f"{DECK_ID}.toml"
    deck.parent.mkdir(parents=True)
    # In a child process, as the database is: a child's peak memory counts its
    # parent's at the time it was started (Linux keeps the larger across fork and
    # exec), so this process must stay small for the figures to be the programs'.
    write = (
        "import sys; from generated import deck_text; "
        "open(sys.argv[1], 'w', encoding='utf-8').write(deck_text(int(sys.argv[2])))"
    )
    subprocess.run(
        [sys.executable, "-c", write, str(deck), str(BIG_CARDS)],
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)},
    )
    database = tmp / "big" / "mlquiz.sqlite3"
    start = time.perf_counter()
    arguments = [str(database), DECK_ID, str(BIG_CARDS), str(BIG_ANSWERS), str(BIG_SCHEMA)]
    subprocess.run([python, "-c", FILL, *arguments], check=True)
    print(
        f"big case: {BIG_CARDS:,} cards ({deck.stat().st_size / 1e6:.1f} MB of TOML), "
        f"{BIG_ANSWERS:,} answers ({database.stat().st_size / 1e6:.0f} MB database, "
        f"written in {time.perf_counter() - start:.0f} s)"
    )
    return deck, database


def median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(values) for values in zip(*runs, strict=True)))


def paired_ratios(runs: list[Run], others: list[Run]) -> list[float]:
    """The median, per field, of the ratios of runs made back to back."""
    return [
        statistics.median(getattr(r, f) / getattr(o, f) for r, o in zip(runs, others, strict=True))
        for f in Run._fields
    ]


def comparison(runs: list[Run], others: list[Run]) -> str:
    """This mlquiz's medians over the other's, and the median per-alternation ratios."""
    mine, theirs = median(runs), median(others)
    of_medians = [getattr(mine, f) / getattr(theirs, f) for f in Run._fields]
    return (
        f"{'  ratio of the medians':42}" + "".join(f"{r:>7.2f}x" for r in of_medians) + "\n"
        f"{'  median of the per-alternation ratios':42}"
        + "".join(f"{r:>7.2f}x" for r in paired_ratios(runs, others))
    )


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument(
        "--case", choices=("builtin", "big", "all"), default="all", help="default: all"
    )
    parser.add_argument("--ui-only", action="store_true", help="also time run() without the CLI")
    parser.add_argument("--check", action="store_true", help="exit 1 if over a target")
    parser.add_argument(
        "--counted",
        action="store_true",
        help="also time each case with the kept menu figures deleted before each run",
    )
    parser.add_argument(
        "--against", metavar="PYTHON", help="also time the mlquiz of this interpreter, alternately"
    )
    args = parser.parse_args()

    this = sys.executable
    cases = ("builtin", "big") if args.case == "all" else (args.case,)
    programs = {"minimal app": Program(this, MINIMAL_APP, None)}
    for case in cases:
        code = GAME if case == "builtin" else GAME_ON_BIG_DECK
        suffix = "" if case == "builtin" else " big"
        programs[f"mlquiz{suffix}"] = Program(this, code, case)
        if args.against:
            programs[f"mlquiz{suffix} (against)"] = Program(args.against, code, case)
        if args.counted:
            programs[f"mlquiz{suffix} (counted)"] = Program(this, code, case, counted=True)
            if args.against:
                programs[f"mlquiz{suffix} (counted, against)"] = Program(
                    args.against, code, case, counted=True
                )
    if args.ui_only:
        programs["mlquiz (UI only)"] = Program(this, UI_ONLY, "builtin")
    results: dict[str, list[Run]] = {name: [] for name in programs}
    print(f"load average before: {load_average()}")
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
        big = build_big_case(tmp, args.against or this) if "big" in cases else None
        envs = {}
        for number, (name, program) in enumerate(programs.items()):
            # Folders of its own: two versions would each rebuild the other's caches.
            home = tmp / f"program-{number}"
            envs[name] = {
                **env,
                "XDG_DATA_HOME": str(home / "data"),
                "XDG_CONFIG_HOME": str(home / "config"),
            }
            if program.case == "big" and big is not None:
                data = home / "data" / "mlquiz"
                (data / "decks").mkdir(parents=True)
                shutil.copy(big[0], data / "decks" / big[0].name)
                shutil.copy(big[1], data / big[1].name)
        for name, program in programs.items():
            warm_up(name, program, envs[name], tmp)
        for _ in range(args.runs):
            for name, program in programs.items():
                if program.counted:
                    kept = Path(envs[name]["XDG_DATA_HOME"], "mlquiz", "cache", KEPT_FIGURES)
                    kept.unlink(missing_ok=True)
                results[name].append(measure(program.code, envs[name], program.python))
    print(f"load average after:  {load_average()}")
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"this bench's own peak memory (a floor under each program's): {parent:.1f} MiB")

    base_runs = results["minimal app"]
    base = median(base_runs)
    print(f"{args.runs} runs of each, alternating; headless, ctrl+q once the app is ready")
    print(f"{'':28}{'wall':>9}{'cpu':>9}{'peak RSS':>12}{'wall':>8}{'cpu':>7}{'RSS':>7}")
    over = []
    paired_lines = []
    for name, runs in results.items():
        m = median(runs)
        ratios = (m.wall / base.wall, m.cpu / base.cpu, m.rss / base.rss)
        print(
            f"{name:28}{m.wall * 1000:>6.0f} ms{m.cpu * 1000:>6.0f} ms{m.rss:>8.1f} MiB"
            + "".join(f"{r:>7.2f}x" for r in ratios)
        )
        case = programs[name].case
        if case is not None and "(" not in name:
            target = TARGETS[case]
            if ratios[0] > target or ratios[2] > target:
                over.append(f"{name} is over its target ({target}x)")
        if case is not None:
            paired = paired_ratios(runs, base_runs)
            paired_lines.append(f"{name:42}" + "".join(f"{r:>7.2f}x" for r in paired))
    print("median of the per-alternation ratios (wall, cpu, RSS) to the minimal app:")
    print("\n".join(paired_lines))
    if args.against:
        for case in cases:
            suffix = "" if case == "builtin" else " big"
            print(f"mlquiz{suffix} against {args.against} (wall, cpu, RSS):")
            print(comparison(results[f"mlquiz{suffix}"], results[f"mlquiz{suffix} (against)"]))
            if args.counted:
                print(f"mlquiz{suffix} (counted) against {args.against} (wall, cpu, RSS):")
                print(
                    comparison(
                        results[f"mlquiz{suffix} (counted)"],
                        results[f"mlquiz{suffix} (counted, against)"],
                    )
                )
    targets = ", ".join(f"{case} {TARGETS[case]}x" for case in cases)
    print(
        f"targets: mlquiz at most these ratios of the minimal app in wall time and peak RSS: "
        f"{targets}"
    )
    for line in over:
        print(line, file=sys.stderr)
    return 1 if (args.check and over) else 0


if __name__ == "__main__":
    sys.exit(main())
