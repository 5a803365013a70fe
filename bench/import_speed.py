"""Import speed: a big CSV deck, and one huge answer field.

    python bench/import_speed.py [--rows 100000] [--field-kb 1024] [--repeat 1]
    python bench/import_speed.py --against OTHER/src [--sizes 10000,30000,100000]

Writes, in a temporary folder, a CSV deck of `--rows` cards (question,
answer; answers of one to three sentences over a 3,000-word vocabulary) and
a CSV deck of one card whose answer is `--field-kb` KB of prose, then times
`import_deck` on each (read, detect, parse, derive key points, TOML) and,
as the baseline measured in the same run, reading and parsing alone
(`read_deck_file`). Also times the big field at a quarter of its size, so
the ratio shows whether the import stays linear.

With `--against`, the same CSVs are imported by this checkout's code and
by another's (`OTHER/src`, e.g. `git archive main src | tar -x -C /tmp/base`),
each import in a process of its own, alternating (other, this) per size so
both see the same load; it prints wall and CPU seconds, peak memory, and the
ratio this/other of CPU time (the fairer figure on a shared machine; the CPU
of any process the import forks, `core/parallel.py`, is counted in it) and of
wall time (what the user waits, on as many cores as the machine has free).

Targets (issue 19): 100,000 rows within 20 s; a 1 MB answer within 2 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mlquiz.core.decks.importing.build import import_deck, read_deck_file  # noqa: E402


def vocabulary(rng: random.Random, n: int = 3000) -> list[str]:
    letters = "abcdefghiklmnoprstuvy"
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 11))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str]) -> str:
    picked = [rng.choice(words) for _ in range(rng.randint(5, 16))]
    if rng.random() < 0.3:
        picked.insert(rng.randint(1, len(picked) - 1), "such as")
    if rng.random() < 0.3:
        picked.insert(rng.randint(1, len(picked) - 1), "and")
    return " ".join(picked).capitalize() + "."


def write_rows(path: Path, rows: int, seed: int = 19) -> None:
    rng = random.Random(seed)
    words = vocabulary(rng)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "answer"])
        for i in range(rows):
            answer = " ".join(sentence(rng, words) for _ in range(rng.randint(1, 3)))
            writer.writerow([f"What is {rng.choice(words)} number {i}?", answer])


def write_field(path: Path, kilobytes: int, seed: int = 19) -> None:
    rng = random.Random(seed)
    words = vocabulary(rng)
    parts: list[str] = []
    size = 0
    while size < kilobytes * 1024:
        text = sentence(rng, words)
        if rng.random() < 0.1:
            text += "\n"
        parts.append(text)
        size += len(text) + 1
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "answer"])
        writer.writerow(["What is the long one?", " ".join(parts)])
        writer.writerow(["What is the short one?", "A short answer about nothing much."])


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# One import in a fresh process, with the code under `sys.argv[1]`.
_ONE_IMPORT = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from mlquiz.core.decks.importing.build import import_deck
wall, cpu = time.perf_counter(), time.process_time()
import_deck(sys.argv[2])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": cpu + children.ru_utime + children.ru_stime,
                  "children_cpu": children.ru_utime + children.ru_stime,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "children_rss_mb": children.ru_maxrss / 1024}))
"""


def one_import(src: Path, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _ONE_IMPORT, str(src), str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def compare(other: Path, sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            path = Path(folder) / f"rows-{rows}.csv"
            write_rows(path, rows)
            before = one_import(other, path)
            after = one_import(ROOT / "src", path)
            print(
                f"{rows:,} rows: other {_figures(before)}; this {_figures(after)}; "
                f"ratio this/other CPU {after['cpu'] / before['cpu']:.2f}, "
                f"wall {after['wall'] / before['wall']:.2f}",
                flush=True,
            )


def _figures(run: dict[str, float]) -> str:
    """Wall and CPU seconds (CPU of any child processes the import forked
    included) and peak memory (the largest child's apart)."""
    children = f" (children {run['children_cpu']:.1f})" if run.get("children_cpu") else ""
    memory = f", child {run['children_rss_mb']:.0f} MB" if run.get("children_cpu") else ""
    return (
        f"{run['wall']:.1f} s wall, {run['cpu']:.1f} s CPU{children}, "
        f"{run['rss_mb']:.0f} MB{memory}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--field-kb", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--against", type=Path, help="another checkout's src/ to compare with")
    parser.add_argument("--sizes", default="10000,30000,100000", help="rows, with --against")
    args = parser.parse_args()
    if args.against:
        compare(args.against, [int(n) for n in args.sizes.split(",")])
        return 0
    with tempfile.TemporaryDirectory() as folder:
        rows = Path(folder) / "rows.csv"
        write_rows(rows, args.rows)
        parse = timed(lambda: read_deck_file(rows), args.repeat)
        full = timed(lambda: import_deck(rows), args.repeat)
        print(
            f"{args.rows:,} rows ({rows.stat().st_size / 1e6:.1f} MB): import {full:.2f} s "
            f"(target 20 s); reading and parsing alone {parse:.2f} s "
            f"(import is {full / parse:.1f}x that)"
        )
        for kb in (args.field_kb // 4, args.field_kb):
            field = Path(folder) / f"field-{kb}.csv"
            write_field(field, kb)
            parse = timed(lambda field=field: read_deck_file(field), args.repeat)
            full = timed(lambda field=field: import_deck(field), args.repeat)
            print(
                f"one {kb} KB answer: import {full:.2f} s (target for 1024 KB: 2 s); "
                f"reading and parsing alone {parse:.3f} s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
