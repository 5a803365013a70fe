"""`mlquiz deck check` at scale: generated decks of 10,000 / 30,000 / 100,000 cards.

    python bench/deck_check.py [--cards 10000 30000 100000] [--repeat 3]
                               [--against OTHER/src] [--profile N]

For each size, writes a generated deck (bench/generated.py) to a temporary
folder and runs, alternating, `--repeat` times each, as child processes:

- parse: a fresh interpreter that reads the file and parses its TOML with
  tomli (the parser the deck loader uses), and nothing else;
- check: `python -m mlquiz deck check --max-size 500 DECK` (output thrown away);
- with `--against DIR`: the same check with the mlquiz package of DIR (the
  `src` folder of another checkout, e.g. main's, put first on PYTHONPATH), so
  one call gives the check before and after a change.

Reported per child: median wall time, CPU time (user + system) and peak RSS
(the child's own ru_maxrss, from os.wait4), with the check's ratios to the
parse, so that a busy machine shows in both; and the check against the
issue's target for a 100,000-card deck (5 s, 300 MB). `--profile N` prints
the top of a cProfile of the check in this process for an N-card deck instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generated import deck_text

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 5.0
TARGET_MB = 300.0

BASELINE = "import sys, tomli; tomli.loads(open(sys.argv[1], 'rb').read().decode('utf-8'))"


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one child process, which must
    succeed."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{argv} failed ({child.returncode}): {err}")
    # ru_maxrss is in kilobytes on Linux.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def write_deck(cards: int, path: Path) -> None:
    """Write the generated deck from a child process: a child's peak RSS counts the
    parent's own peak (Linux records the memory it shared with the parent until
    exec), so building a 100,000-card deck's text here added ~80 MB to every
    child's figure."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[3]); from generated import deck_text; "
        "open(sys.argv[2], 'w', encoding='utf-8').write(deck_text(int(sys.argv[1])))"
    )
    bench = str(Path(__file__).resolve().parent)
    subprocess.run([sys.executable, "-c", script, str(cards), str(path), bench], check=True)


def measure(
    path: Path, repeat: int, against: str | None
) -> dict[str, list[tuple[float, float, float]]]:
    # A 100,000-card deck is about 68 MB, over the default read limit.
    check = [sys.executable, "-m", "mlquiz", "deck", "check", "--max-size", "500", str(path)]
    argv = {"parse": [sys.executable, "-c", BASELINE, str(path)], "check": check}
    envs: dict[str, dict[str, str] | None] = {"parse": None, "check": None}
    if against:
        argv["other"] = check
        other = os.pathsep.join(filter(None, [against, os.environ.get("PYTHONPATH", "")]))
        envs["other"] = {**os.environ, "PYTHONPATH": other}
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in argv}
    for _ in range(repeat):
        for name in argv:  # alternating: a busy spell hits each
            runs[name].append(run(argv[name], envs[name]))
    return runs


def profile(cards: int) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT / "src"))
    from mlquiz import cli

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.toml"
        path.write_text(deck_text(cards), encoding="utf-8")
        stdout = sys.stdout
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        profiler = cProfile.Profile()
        try:
            profiler.runcall(cli.main, ["deck", "check", "--max-size", "500", str(path)])
        finally:
            sys.stdout.close()
            sys.stdout = stdout
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile one N-card check")
    parser.add_argument(
        "--against", metavar="DIR", help="also run the check of the mlquiz package in DIR"
    )
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return 0

    if args.against and not (Path(args.against) / "mlquiz").is_dir():
        raise SystemExit(f"--against {args.against}: no mlquiz package there")
    names = ["parse", "check"] + (["other"] if args.against else [])
    print(f"{'cards':>8}  {'child':<6} {'wall s':>7} {'CPU s':>7} {'MB':>6}   ratios to parse")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for cards in args.cards:
            path = Path(tmp) / f"deck-{cards}.toml"
            write_deck(cards, path)
            runs = measure(path, args.repeat, args.against)
            median = {
                name: [statistics.median(run[i] for run in runs[name]) for i in range(3)]
                for name in names
            }
            parse = median["parse"]
            for name in names:
                wall, cpu, mb = median[name]
                ratios = ""
                if name != "parse":
                    ratios = f"wall {wall / parse[0]:.1f}x, CPU {cpu / parse[1]:.1f}x, "
                    ratios += f"MB {mb / parse[2]:.1f}x"
                print(f"{cards:>8}  {name:<6} {wall:>7.2f} {cpu:>7.2f} {mb:>6.0f}   {ratios}")
            if args.against:
                check, other = median["check"], median["other"]
                print(
                    f"{'':>8}  check / other: wall {check[0] / other[0]:.2f}x, "
                    f"CPU {check[1] / other[1]:.2f}x, MB {check[2] / other[2]:.2f}x"
                )
            if cards == 100_000:
                wall, _, mb = median["check"]
                ok = wall <= TARGET_S and mb <= TARGET_MB
                print(
                    f"target for 100,000 cards: <= {TARGET_S:.0f} s and <= {TARGET_MB:.0f} MB: "
                    + ("met" if ok else "NOT met")
                )
            path.unlink()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
