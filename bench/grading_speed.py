"""Grading speed.

    python bench/grading_speed.py [--answers FILE] [--against OTHER_SRC [--rounds 3]]

1. Microseconds per answer (median and p99) over the labeled answers (all
   under 300 characters), each graded 20 times after a warm-up pass; and,
   interleaved with it in the same process, a baseline: rapidfuzz's
   whole-answer `fuzz.WRatio` of the answer against the reference answer
   (what a similarity grader costs). This machine's speed varies by half
   from one minute to the next, so the ratio is the steady figure.
2. Time for one 100,000-character answer (median of 5).
3. Answers per second through `mlquiz grade` on 10,000 answers, start-up
   excluded: the run on 10,000 answers minus a run on 1 answer, in one call.

`--against OTHER_SRC` (another tree's `src` folder, e.g. an unpacked
`git archive main src`) measures only 1., this tree and that one alternating
`--rounds` times, each in a child process of its own, under the same load:
per round both trees' medians, p99s and ratios to the baseline, then the
ratio of those ratios (this tree's over the other's).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# `--src DIR` (a child of `--against`): grade with the mlquiz package of DIR.
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path.insert(0, _SRC)

from mlquiz.core.decks.library import load_deck  # noqa: E402
from mlquiz.core.grading.grader import Grader  # noqa: E402


def per_answer(grader: Grader, rows: list[dict]) -> tuple[float, float, float]:
    """Median and p99 microseconds per answer, and the median baseline."""
    from rapidfuzz import fuzz, utils

    references = {card.id: card.answer for card in grader.deck.cards}
    for row in rows:  # warm the caches, as a running game has them warm
        grader.grade(row["card"], row["answer"])
    # The game (ui/app.py) and `mlquiz grade` freeze what lives until exit
    # (the deck, the grader, its caches) so that the garbage collector does
    # not walk it again on every full pass: time grading as they run it.
    gc.freeze()
    timings, baseline = [], []
    for _ in range(20):
        for row in rows:
            t = time.perf_counter_ns()
            grader.grade(row["card"], row["answer"])
            timings.append((time.perf_counter_ns() - t) / 1000)
            t = time.perf_counter_ns()
            fuzz.WRatio(row["answer"], references[row["card"]], processor=utils.default_process)
            baseline.append((time.perf_counter_ns() - t) / 1000)
    timings.sort()
    return (
        statistics.median(timings),
        timings[int(len(timings) * 0.99)],
        statistics.median(baseline),
    )


def huge_answer(grader: Grader, card_id: str) -> float:
    words = "tracking registry staging production batch scoring features spark delta "
    text = (words * (100_000 // len(words) + 1))[:100_000]
    runs = []
    for i in range(5):
        answer = text.replace("delta", f"delta{i}")  # defeat any per-answer cache
        t = time.perf_counter()
        grader.grade(card_id, answer)
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def through_cli(rows: list[dict], deck: Path, n: int = 10_000) -> float:
    lines = [json.dumps({"card": r["card"], "answer": r["answer"]}) for r in rows]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.jsonl"
        one = Path(tmp) / "one.jsonl"
        big.write_text("\n".join(lines[i % len(lines)] for i in range(n)) + "\n")
        one.write_text(lines[0] + "\n")
        cmd = [sys.executable, "-m", "mlquiz", "grade", "--deck", str(deck)]

        def run(path: Path) -> float:
            t = time.perf_counter()
            subprocess.run([*cmd, str(path)], check=True, stdout=subprocess.DEVNULL)
            return time.perf_counter() - t

        small = min(run(one) for _ in range(3))
        large = min(run(big) for _ in range(3))
    return (n - 1) / (large - small)


def against(args: argparse.Namespace) -> int:
    """Per answer, this tree and `args.against` alternating, each in a child process."""
    trees = {"this": str(ROOT / "src"), "against": str(args.against.resolve())}
    if not (Path(trees["against"]) / "mlquiz").is_dir():
        raise SystemExit(f"--against {args.against}: no mlquiz package there")
    common = ["--answers", str(args.answers), "--deck", str(args.deck), "--per-answer-only"]
    ratios = []
    for round_ in range(1, args.rounds + 1):
        got = {}
        for name, src in trees.items():  # alternating: the same load hits both
            run = subprocess.run(
                [sys.executable, __file__, *common, "--src", src],
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            got[name] = json.loads(run.stdout.strip().splitlines()[-1])
        for name, (median, p99, base) in got.items():
            print(
                f"round {round_} {name:8}: median {median:6.1f} us, p99 {p99:7.1f} us, "
                f"baseline {base:5.1f} us, {median / base:5.2f}x the baseline"
            )
        # Each tree's median over its own baseline: the load changes from one child
        # to the next, and the baseline run beside it in the same child shows it.
        (this, _, this_base), (other, _, other_base) = got["this"], got["against"]
        ratios.append((this / this_base) / (other / other_base))
        print(f"round {round_}: this / against, in baselines {ratios[-1]:.3f}")
    print(f"this / against, median of the rounds: {statistics.median(ratios):.3f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--answers", type=Path, default=ROOT.parent / "shared" / "grading" / "dev-answers.jsonl"
    )
    parser.add_argument("--deck", type=Path, default=ROOT / "content" / "databricks-mlflow.toml")
    parser.add_argument("--against", type=Path, help="another tree's src folder")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--src", help=argparse.SUPPRESS)
    parser.add_argument("--per-answer-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.against:
        return against(args)
    deck = load_deck(args.deck)
    grader = Grader(deck)
    known = {c.id for c in deck.cards}
    rows = [json.loads(line) for line in args.answers.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r["card"] in known and len(r["answer"]) <= 300]

    median, p99, base = per_answer(grader, rows)
    if args.per_answer_only:
        print(json.dumps([median, p99, base]))
        return 0
    print(f"answers <=300 chars: {len(rows)}")
    print(f"per answer: median {median:.1f} us, p99 {p99:.1f} us")
    print(f"baseline (fuzz.WRatio vs the reference): median {base:.1f} us;")
    print(f"  the grader costs {median / base:.0f}x a whole-answer similarity")
    print(f"100,000-character answer: {huge_answer(grader, deck.cards[0].id):.1f} ms")
    print(f"mlquiz grade, 10,000 answers: {through_cli(rows, args.deck):,.0f} answers/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
