"""Scale: the menu and the stats screen with 100,000 stored answers.

    python bench/scale.py [--answers 100000] [--cards 1000] [--repeat 7]

Builds, in a temporary directory, a 1,000-card deck (a user deck file) and a
database holding 100,000 answers to it over a year of sessions (written with
SQL in one transaction, then scheduled by the same replay the v2 migration
uses). Then, for an empty database and for the full one, measures (median of
`--repeat` runs, each with a fresh service so the database is opened anew,
empty and full runs interleaved so that load from other programs hits both):

- menu: open the store, `GameService.decks()` and `menu_summary()` of every deck
  (after the first run, from the figures the last run kept);
- menu-c: the same, counted: the kept figures removed before each run;
- stats: what the stats screen calls (`GameService.progress()` for the big
  deck and for all decks);

and prints the difference. Target: each under 200 ms more than when empty.

Reading the deck files does not depend on the database, and costs ~100-300
ms of TOML here, so it is done once and handed to every service (its time is
printed apart); otherwise its noise would swamp the difference measured. The
first open of the full database checks it in full (`PRAGMA quick_check`,
printed apart too); later opens of a cleanly closed file skip that.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DECK_ID = "scale"
NOW = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def write_deck(folder: Path, cards: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f'id = "{DECK_ID}"', 'title = "Scale deck"', 'description = "Generated."', ""]
    for i in range(cards):
        lines += [
            "[[cards]]",
            f'id = "c{i}"',
            f'question = "What is thing number {i}?"',
            f'answer = "Thing {i} is alpha{i}, beta{i} and gamma{i}."',
            "",
        ]
        for word in ("alpha", "beta", "gamma"):
            lines += ["[[cards.points]]", f'label = "{word} {i}"', f'phrases = ["{word}{i}"]', ""]
    path = folder / "scale.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def fill(db_path: Path, answers: int, cards: int, seed: int = 5) -> float:
    """Write `answers` attempts over a year of 20-answer sessions; returns the replay time."""
    from mlquiz.core.clock import iso
    from mlquiz.core.store import derived
    from mlquiz.core.store.database import Store

    rng = random.Random(seed)
    Store(db_path).close()  # create the schema
    sessions, attempts = [], []
    start = NOW - timedelta(days=365)
    per_session = 20
    n_sessions = answers // per_session
    for s in range(n_sessions):
        session_id = f"s{s:06d}"
        at = start + timedelta(seconds=s * 365 * 86400 / n_sessions)
        sessions.append((session_id, DECK_ID, "quiz", iso(at), iso(at), "{}"))
        for seq in range(per_session):
            card = rng.randrange(cards)
            elapsed = rng.uniform(4, 40)
            at += timedelta(seconds=elapsed)
            roll = rng.random()
            if roll < 0.6:
                verdict, score, missed = "correct", 1.0, []
            elif roll < 0.85:
                verdict, score, missed = "partial", 0.6, [f"gamma {card}"]
            else:
                verdict, score, missed = "incorrect", 0.0, [f"beta {card}", f"gamma {card}"]
            override = "correct" if rng.random() < 0.02 else None
            attempts.append(
                (
                    session_id,
                    seq,
                    DECK_ID,
                    f"c{card}",
                    f"alpha{card} beta{card}",
                    verdict,
                    score,
                    "[]",
                    json.dumps(missed),
                    "[]",
                    None,
                    0,
                    0,
                    override,
                    iso(at),
                    elapsed,
                    "quiz",
                    0,
                )
            )
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)", sessions)
    conn.executemany(
        "INSERT INTO attempts (session_id, seq, deck_id, card_id, answer, verdict, score, found,"
        " missed, contradicted, confusion, hints_used, skipped, override, answered_at, elapsed,"
        " mode, timed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        attempts,
    )
    t = time.perf_counter()
    derived.rebuild_schedule(conn)
    replay = time.perf_counter() - t
    derived.rebuild_summaries(conn)
    derived.rebuild_card_answers(conn)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return replay


_SCAN = None


def service(data_dir: Path):
    from mlquiz.core.clock import FixedClock
    from mlquiz.service import GameService

    return GameService(data_dir, clock=FixedClock(NOW), deck_scanner=lambda: _SCAN)


def open_only(data_dir: Path) -> None:
    svc = service(data_dir)
    svc.open_store()
    svc.close()


def open_menu(data_dir: Path) -> None:
    svc = service(data_dir)
    for deck in svc.decks():
        svc.menu_summary(deck.id)
    svc.close()


def open_menu_counted(data_dir: Path) -> None:
    """The menu when its kept figures cannot be used (a new day, a card come
    due, another program's write): each closing service keeps them, so without
    removing them every later run would reuse them and count nothing."""
    (data_dir / "cache" / "menu-summaries.marshal").unlink(missing_ok=True)
    open_menu(data_dir)


def open_stats(data_dir: Path) -> None:
    svc = service(data_dir)
    svc.progress(DECK_ID)
    svc.progress(None)
    svc.close()


def timed_ms(fn, data_dir: Path) -> float:
    t = time.perf_counter()
    fn(data_dir)
    return (time.perf_counter() - t) * 1000


def compare(fn, empty: Path, full: Path, repeat: int) -> tuple[float, float]:
    """Median ms of `fn` on each database, the runs interleaved."""
    fn(empty), fn(full)  # warm imports and the OS cache, as a second launch would be
    times: dict[Path, list[float]] = {empty: [], full: []}
    for _ in range(repeat):
        for data_dir in (empty, full):
            times[data_dir].append(timed_ms(fn, data_dir))
    return statistics.median(times[empty]), statistics.median(times[full])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # The deck is a user deck of every run; only the database differs.
        os.environ["MLQUIZ_DATA_DIR"] = str(root / "user")
        os.environ["MLQUIZ_CONFIG_DIR"] = str(root / "config")
        write_deck(root / "user" / "decks", args.cards)
        empty, full = root / "empty", root / "full"
        t = time.perf_counter()
        replay = fill(full / "mlquiz.sqlite3", args.answers, args.cards)
        built = time.perf_counter() - t
        size = (full / "mlquiz.sqlite3").stat().st_size / 1e6
        print(
            f"built {args.answers:,} answers over {args.cards:,} cards in {built:.1f} s "
            f"(FSRS replay of the history: {replay:.2f} s); database {size:.1f} MB"
        )
        global _SCAN
        from mlquiz.core.decks.library import scan_decks

        t = time.perf_counter()
        _SCAN = scan_decks()
        print(
            f"reading the deck files (not timed below): {(time.perf_counter() - t) * 1000:.0f} ms"
        )
        first = timed_ms(open_only, full)
        print(f"first open of the full database, with its full check: {first:.0f} ms")
        failed = False
        for name, fn in (("menu", open_menu), ("menu-c", open_menu_counted), ("stats", open_stats)):
            base, loaded = compare(fn, empty, full, args.repeat)
            extra = loaded - base
            ok = extra < 200
            failed |= not ok
            print(
                f"{name:<6} empty {base:7.1f} ms   full {loaded:7.1f} ms   "
                f"difference {extra:7.1f} ms   {'ok' if ok else 'OVER'} (target < 200 ms)"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
