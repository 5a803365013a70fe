"""`mlquiz deck check` at scale: generated decks of 10,000 / 30,000 / 100,000 cards.

    python bench/deck_check.py [--cards 10000 30000 100000] [--repeat 3] [--profile N]

For each size, writes a generated deck (bench/generated.py) to a temporary
folder and runs, alternating, `--repeat` times each, as child processes:

- baseline: a fresh interpreter that reads the file and parses its TOML with
  tomli (the parser the deck loader uses), and nothing else;
- check: `python -m mlquiz deck check --max-size 500 DECK` (output thrown away).

Reported: median wall time and peak RSS (the child's own ru_maxrss, from
os.wait4) of each, and the check's ratio to the baseline, so that a busy
machine shows in both; and the check against the issue's target for a
100,000-card deck (5 s, 300 MB). `--profile N` prints the top of a cProfile
of the check in this process for an N-card deck instead.
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


def run(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process, which must succeed."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{argv} failed ({child.returncode}): {err}")
    # ru_maxrss is in kilobytes on Linux.
    return wall, usage.ru_maxrss / 1024


def measure(path: Path, repeat: int) -> dict[str, list[tuple[float, float]]]:
    runs: dict[str, list[tuple[float, float]]] = {"baseline": [], "check": []}
    argv = {
        "baseline": [sys.executable, "-c", BASELINE, str(path)],
        # A 100,000-card deck is about 68 MB, over the default read limit.
        "check": [sys.executable, "-m", "mlquiz", "deck", "check", "--max-size", "500", str(path)],
    }
    for _ in range(repeat):
        for name in ("baseline", "check"):  # alternating: a busy spell hits both
            runs[name].append(run(argv[name]))
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
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return 0

    print(f"{'cards':>8}  {'parse s':>8} {'check s':>8} {'ratio':>6}  {'parse MB':>8} "
          f"{'check MB':>8} {'ratio':>6}")  # fmt: skip
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for cards in args.cards:
            path = Path(tmp) / f"deck-{cards}.toml"
            path.write_text(deck_text(cards), encoding="utf-8")
            runs = measure(path, args.repeat)
            wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
            mb = {k: statistics.median(m for _, m in v) for k, v in runs.items()}
            print(
                f"{cards:>8}  {wall['baseline']:>8.2f} {wall['check']:>8.2f} "
                f"{wall['check'] / wall['baseline']:>5.1f}x  {mb['baseline']:>8.0f} "
                f"{mb['check']:>8.0f} {mb['check'] / mb['baseline']:>5.1f}x"
            )
            if cards == 100_000:
                ok = wall["check"] <= TARGET_S and mb["check"] <= TARGET_MB
                print(
                    f"target for 100,000 cards: <= {TARGET_S:.0f} s and <= {TARGET_MB:.0f} MB: "
                    + ("met" if ok else "NOT met")
                )
            path.unlink()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
