"""Deck loading at scale: a generated 10,000-card deck.

    python bench/deck_load.py [--cards 10000] [--repeat 5] [--profile]

Writes a deck like the built-in one but 10,000 cards long (question, answer,
two to four key points of one to three phrases, some hints, tags and
confusions, a glossary; about 5 MB of TOML) to a temporary folder, then
measures, as the median of `--repeat` runs:

- load: `decks.library.load_deck` (read, decode, TOML parse, validation), and the
  share of it that is the TOML parser alone (`tomli.loads`, the compiled
  parser the loader uses);
- grader: building `grading.grader.Grader` for the loaded deck (phrase compiling),
  and loading it from the grader cache (core/grading/cache.py) as later games do;
- first answer: one `grade()` on the fresh grader.

Target: load under 1 s. `--profile` prints the top of a cProfile of one load.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import tomli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from generated import deck_text  # noqa: E402

from mlquiz.core.decks.library import load_deck  # noqa: E402
from mlquiz.core.grading import cache as grader_cache  # noqa: E402
from mlquiz.core.grading.grader import Grader  # noqa: E402

TARGET_LOAD_S = 1.0


def median_s(fn, repeat: int) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-10k.toml"
        path.write_text(deck_text(args.cards), encoding="utf-8")
        size_mb = path.stat().st_size / 1e6

        load_s, deck = median_s(lambda: load_deck(path, source="bench"), args.repeat)
        assert len(deck.cards) == args.cards
        text = path.read_text(encoding="utf-8")
        toml_s, _ = median_s(lambda: tomli.loads(text), args.repeat)
        grader_s, grader = median_s(lambda: Grader(deck), max(1, args.repeat // 2))
        cache = Path(tmp) / "cache"
        grader_cache.cached_grader(deck, cache)  # the first game: built and cached
        cached_s, cached = median_s(
            lambda: grader_cache.cached_grader(deck, cache), max(1, args.repeat // 2)
        )
        assert cached is not None
        card = deck.cards[len(deck.cards) // 2]
        first = time.perf_counter()
        grader.grade(card, card.answer)
        first_ms = (time.perf_counter() - first) * 1000

        verdict = "ok" if load_s < TARGET_LOAD_S else "SLOWER THAN TARGET"
        print(f"deck: {args.cards} cards, {size_mb:.1f} MB of TOML")
        print(f"load     {load_s:6.3f} s  (target < {TARGET_LOAD_S:.1f} s: {verdict})")
        print(f"  toml   {toml_s:6.3f} s  (tomli.loads alone)")
        print(f"grader   {grader_s:6.3f} s  (build: the first game on this deck)")
        print(
            f"  cached {cached_s:6.3f} s  (later games, from the grader cache: "
            f"{grader_s / cached_s:.1f}x faster)"
        )
        print(f"first    {first_ms:6.1f} ms (one answer on the fresh grader)")

        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(load_deck, path)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(15)
    return 0 if load_s < TARGET_LOAD_S else 1


if __name__ == "__main__":
    sys.exit(main())
