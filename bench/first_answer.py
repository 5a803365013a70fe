"""The first graded answer on a big deck never played before (issue 15).

    python bench/first_answer.py [--cards 10000 100000] [--runs 1] [--against OTHER_SRC]

Writes a generated deck (bench/generated.py) into a player's deck folder (a
temporary data dir per tree), starts once to index it (the start that finds a
new deck parses it into the deck cache; not timed), then runs each measurement
in a child process of its own, so every run starts cold (nothing imported, no
grader cache) and its peak memory is its own. Each child takes the game's path
in the game's order: `GameService` made, the deck index read and the database
opened (the menu), `gc.freeze()` as `ui/app.py` `run` does before the app runs
(then `registry.freeze_loaded = True`, as the game sets it), and only then the
deck chosen: `service.deck(id)` (its cards from the deck cache, as the game
loads them to play), `service.grader(deck)` (the registry's cached grader, the
grading modules imported here, after the load, as in the game) and one
`grade()`. Textual is not imported (it is frozen at start in the game, so no
collection walks it). Modes:

- load: the deck chosen and loaded to play, nothing graded (its peak memory is
  the baseline);
- first: then the grader from an empty grader cache and one answer graded;
- cached: the same on a later start, with the grader cache the first run left.

Wall and CPU time are both printed: on a shared machine the CPU time of the
child is the steadier figure. A grader cache file written in a thread after
the answer (`grading.cache.save_grader(later=True)`) is not in the answer's
figure; when there is one, a second line says how long after the answer it
was written and the child's CPU time up to then (the cost of the whole first
answer with its cache written).

The answer graded first is another card's reference answer, the kind of answer
that asks the cross-card checks (which card it fits, which cards it says) the
most; `--answer` picks another kind: `own` (the card's reference), `wrong` ("no
idea, sorry"), `typo` (the reference with two letters swapped in every third
long word), `partial` (its first half), `mixed` (its first half, then another
card's reference). Time after the load (grader + first answer) is the figure
the target is about (at most 1 s for 100,000 cards); peak memory is the
child's maximum resident set.

`--against OTHER_SRC` (another tree's `src` folder, e.g. an unpacked
`git archive main src`) runs the same children on that code too, alternating,
so before and after are measured in one call under the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generated import deck_text  # noqa: E402

TARGET_S = 1.0

CHILD = r"""
import gc, json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
mode, data, cache, answer_kind = sys.argv[2:6]
os.environ["MLQUIZ_DATA_DIR"] = data
from mlquiz.service import GameService
service = GameService(data)
infos = service.deck_infos()  # start-up: the deck index (a new deck is parsed once here)
service.store  # the menu's database, open before a deck is chosen
if mode == "scan":
    print(json.dumps({"cpu_s": time.process_time()}))
    raise SystemExit
service.registry._grader_cache = lambda: __import__("pathlib").Path(cache)
gc.freeze()  # ui/app.py `run`: everything made at start, before the app runs
service.registry.freeze_loaded = True  # (ui/app.py; an attribute nothing reads in older trees)
deck_id = next(info.id for info in infos if info.source == "user")
start = time.perf_counter()
start_cpu = time.process_time()
deck = service.deck(deck_id)  # the deck chosen: its cards loaded to play (the deck cache)
loaded = time.perf_counter()
loaded_cpu = time.process_time()
out = {"load_s": loaded - start, "load_cpu_s": loaded_cpu - start_cpu}
if mode != "load":
    grader = service.grader(deck)  # the session's grader (registry -> grading.cache)
    built = time.perf_counter()
    card = deck.cards[len(deck.cards) // 2]
    other = deck.cards[len(deck.cards) // 3]
    words = card.answer.split()
    half = " ".join(words[: len(words) // 2])
    typos = " ".join(  # two letters swapped in every third word of 7+ letters
        w[:2] + w[3] + w[2] + w[4:] if len(w) > 6 and i % 3 == 0 else w for i, w in enumerate(words)
    )
    answer = {"own": card.answer, "other": other.answer, "wrong": "no idea, sorry",
              "typo": typos, "partial": half, "mixed": half + " " + other.answer}[answer_kind]
    result = grader.grade(card, answer)
    done = time.perf_counter()
    out.update(grader_s=built - loaded, grade_s=done - built, after_load_s=done - loaded,
               cpu_after_load_s=time.process_time() - loaded_cpu, verdict=str(result.verdict))
    # A grader cache written in a thread after the answer (not in the figure above):
    # how long after the answer it is written, and the CPU up to then.
    import mlquiz.core.grading.cache as cache_module
    wait = getattr(cache_module, "wait_for_saves", None)
    if wait is not None:
        wait()
    out.update(saved_after_s=time.perf_counter() - done if wait is not None else 0.0,
               cpu_saved_s=time.process_time() - loaded_cpu)
    compiled = getattr(grader, "compiled_count", None)
    out["compiled_cards"] = compiled() if callable(compiled) else len(deck.cards)
out["total_s"] = time.perf_counter() - start
out["total_cpu_s"] = time.process_time() - start_cpu
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
service.close()
print(json.dumps(out))
"""


def child(src: Path, mode: str, data: Path, cache: Path, answer: str) -> dict[str, float]:
    # A 100,000-card deck is 68 MB of TOML, over the default read limit.
    env = {**os.environ, "MLQUIZ_MAX_FILE_MB": os.environ.get("MLQUIZ_MAX_FILE_MB", "500")}
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(src), mode, str(data), str(cache), answer],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--answer", choices=("own", "other", "wrong", "typo", "partial", "mixed"), default="other"
    )
    parser.add_argument("--against", type=Path, help="another tree's src folder")
    args = parser.parse_args()

    trees = {"this": ROOT / "src"}
    if args.against:
        trees["against"] = args.against.resolve()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for cards in args.cards:
            text = deck_text(cards)
            size_mb = len(text.encode()) / 1e6
            datas = {}
            for name, src in trees.items():
                # The player's deck folder, and a first start that indexes the new
                # deck (parsing it once, into the deck cache): not timed.
                datas[name] = Path(tmp) / f"data-{name}-{cards}"
                (datas[name] / "decks").mkdir(parents=True)
                (datas[name] / "decks" / "big.toml").write_text(text, encoding="utf-8")
                child(src, "scan", datas[name], Path(tmp) / "unused", args.answer)
            rows: dict[str, dict[str, list[dict[str, float]]]] = {t: {} for t in trees}
            for run in range(args.runs):
                for name, src in trees.items():  # alternating: the same load hits both
                    cache = Path(tmp) / f"cache-{name}-{cards}-{run}"
                    for mode in ("load", "first", "cached"):
                        got = child(src, mode, datas[name], cache, args.answer)
                        rows[name].setdefault(mode, []).append(got)
            print(f"\n{cards:,} cards ({size_mb:.1f} MB), answer: {args.answer}")
            for name, modes in rows.items():
                load = statistics.median(r["load_s"] for r in modes["load"])
                load_cpu = statistics.median(r["load_cpu_s"] for r in modes["load"])
                load_mb = statistics.median(r["peak_mb"] for r in modes["load"])
                for mode in ("first", "cached"):
                    after = statistics.median(r["after_load_s"] for r in modes[mode])
                    cpu = statistics.median(r["cpu_after_load_s"] for r in modes[mode])
                    total_cpu = statistics.median(r["total_cpu_s"] for r in modes[mode])
                    peak = statistics.median(r["peak_mb"] for r in modes[mode])
                    saved = statistics.median(r["saved_after_s"] for r in modes[mode])
                    cpu_saved = statistics.median(r["cpu_saved_s"] for r in modes[mode])
                    compiled = modes[mode][-1]["compiled_cards"]
                    verdict = modes[mode][-1]["verdict"]
                    print(
                        f"  {name:8} {mode:6} after load {after:7.3f} s, CPU {cpu:7.3f} s  "
                        f"(load to play {load:6.3f} s, CPU {load_cpu:6.3f} s; "
                        f"chosen to graded CPU {total_cpu:6.3f} s)  "
                        f"peak {peak:7.1f} MB (load alone {load_mb:7.1f})  "
                        f"cards compiled {compiled:,}  {verdict}"
                    )
                    if saved > 0.001:
                        print(
                            f"  {'':8} {'':6} cache written in a thread {saved:6.3f} s after "
                            f"the answer (CPU after load to then {cpu_saved:7.3f} s)"
                        )
                    if name == "this" and mode == "first":
                        worst = max(worst, after)
    print(f"\nfirst answer after load, worst size: {worst:.3f} s (target <= {TARGET_S:.1f} s)")
    return 0 if worst <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
