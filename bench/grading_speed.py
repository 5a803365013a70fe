"""Grading speed.

    python bench/grading_speed.py [--answers FILE]

1. Microseconds per answer (median and p99) over the labeled answers (all
   under 300 characters), each graded 20 times after a warm-up pass; and,
   interleaved with it in the same process, a baseline: rapidfuzz's
   whole-answer `fuzz.WRatio` of the answer against the reference answer
   (what a similarity grader costs). This machine's speed varies by half
   from one minute to the next, so the ratio is the steady figure.
2. Time for one 100,000-character answer (median of 5).
3. Answers per second through `mlquiz grade` on 10,000 answers, start-up
   excluded: the run on 10,000 answers minus a run on 1 answer, in one call.
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
sys.path.insert(0, str(ROOT / "src"))

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--answers", type=Path, default=ROOT.parent / "shared" / "grading" / "dev-answers.jsonl"
    )
    parser.add_argument("--deck", type=Path, default=ROOT / "content" / "databricks-mlflow.toml")
    args = parser.parse_args()
    deck = load_deck(args.deck)
    grader = Grader(deck)
    known = {c.id for c in deck.cards}
    rows = [json.loads(line) for line in args.answers.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r["card"] in known and len(r["answer"]) <= 300]

    median, p99, base = per_answer(grader, rows)
    print(f"answers <=300 chars: {len(rows)}")
    print(f"per answer: median {median:.1f} us, p99 {p99:.1f} us")
    print(f"baseline (fuzz.WRatio vs the reference): median {base:.1f} us;")
    print(f"  the grader costs {median / base:.0f}x a whole-answer similarity")
    print(f"100,000-character answer: {huge_answer(grader, deck.cards[0].id):.1f} ms")
    print(f"mlquiz grade, 10,000 answers: {through_cli(rows, args.deck):,.0f} answers/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
