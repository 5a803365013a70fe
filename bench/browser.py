"""The card browser and the due forecast at scale: 10,000 cards, 300,000 answers.

    python bench/browser.py [--cards 10000] [--answers 300000] [--repeat 5]

Builds, in a temporary directory, a 10,000-card deck and a database of
300,000 answers to it over a year (`bench/scale.py`'s generator, FSRS
replay included), then measures in this one process, headless (Textual's
`run_test`, 120x40), against the same deck with an empty database:

- open: `a` on the menu until the browser shows its rows (median of
  `--repeat` openings; target: at most 300 ms);
- filter: each key of a search typed into the box, until the list shows
  the matches (median and slowest key over the typed queries; target: at
  most 50 ms a key).

Both are the CPU time this process spent (`time.process_time`), Textual's
drawing and the test pilot's polling included: on a machine shared with
other work, wall-clock time measures the other work too (it is printed
after, for reference);
- forecast: what the due forecast adds to the stats screen's read
  (`read_stats` with and without `GameService.due_forecast`; target: at
  most 50 ms), and the stats read itself for scale.

Each figure is printed beside the empty database's, and the ratio; and a
10-card deck's open and per-key times, which are Textual's drawing and the
test pilot's round trip alone, for scale.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from scale import DECK_ID, NOW, fill, write_deck  # noqa: E402

QUERIES = ("thing 4321", "gamma77", "(alpha.*")
TINY = 10
SIZE = (120, 40)
_SCAN = None
# Wall-clock times, by (what, data folder), printed for reference.
WALL: dict[tuple[str, Path], list[float]] = {}


def service(data_dir: Path):
    from mlquiz.core.clock import FixedClock
    from mlquiz.service import GameService

    return GameService(data_dir, clock=FixedClock(NOW), deck_scanner=lambda: _SCAN)


async def browse(data_dir: Path, repeat: int) -> tuple[list[float], list[float]]:
    """(open times, per-key filter times) in ms, on a headless app over `data_dir`: CPU
    time of this process (`time.process_time`), which other programs on a busy
    machine do not inflate; the wall-clock figures are kept in WALL."""
    from textual.worker import WorkerState

    from mlquiz.ui.app import QuizApp, open_store, prepare
    from mlquiz.ui.screens.browser import BrowserScreen
    from mlquiz.ui.widgets.card_table import CardTable

    svc = service(data_dir)
    startup = prepare(svc, DECK_ID)
    open_store(svc, startup)
    app = QuizApp(svc, startup)
    opens: list[float] = []
    keys: list[float] = []

    async def idle(pilot) -> None:
        for _ in range(400):
            await pilot.pause()
            if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
                return

    async with app.run_test(size=SIZE) as pilot:
        await idle(pilot)
        for _ in range(repeat + 1):
            t, c = time.perf_counter(), time.process_time()
            await pilot.press("a")
            while not (
                isinstance(app.screen, BrowserScreen) and app.screen.query_one(CardTable).rows
            ):
                await pilot.pause()
            await pilot.pause()  # its first frame with the rows
            opens.append((time.process_time() - c) * 1000)
            WALL.setdefault(("open", data_dir), []).append((time.perf_counter() - t) * 1000)
            screen = app.screen
            for query in QUERIES:
                await pilot.press("slash")
                for key in query:
                    t, c = time.perf_counter(), time.process_time()
                    await pilot.press(key if key != " " else "space")
                    await pilot.pause()
                    keys.append((time.process_time() - c) * 1000)
                    WALL.setdefault(("key", data_dir), []).append((time.perf_counter() - t) * 1000)
                    assert screen.query_one("#browser-search").value.endswith(key)
                screen.query_one("#browser-search").value = ""
                await pilot.pause()
            await pilot.press("escape")  # out of the search box
            await pilot.press("escape")  # back to the menu
            await idle(pilot)
    svc.close()
    return opens[1:], keys  # the first opening also imports the browser's modules


def stats_read(data_dir: Path, repeat: int) -> tuple[float, float, float]:
    """Median CPU ms of the stats screen's read without the forecast, with it, and of
    the forecast alone (from the progress the read has, as the screen does)."""
    from mlquiz.ui.screens import stats

    without, with_forecast, forecast = [], [], []
    svc = service(data_dir)
    svc.open_store()
    stats.read_stats(svc, DECK_ID)  # warm
    for _ in range(repeat):
        t = time.process_time()
        progress = svc.progress(DECK_ID)
        svc.leeches(DECK_ID)
        without.append(time.process_time() - t)
        t = time.process_time()
        stats.read_stats(svc, DECK_ID)
        with_forecast.append(time.process_time() - t)
        t = time.process_time()
        svc.due_forecast(DECK_ID, progress.recall)
        forecast.append(time.process_time() - t)
    svc.close()
    return tuple(statistics.median(v) * 1000 for v in (without, with_forecast, forecast))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["MLQUIZ_DATA_DIR"] = str(root / "user")
        os.environ["MLQUIZ_CONFIG_DIR"] = str(root / "config")
        write_deck(root / "user" / "decks", args.cards)
        empty, full = root / "empty", root / "full"
        t = time.perf_counter()
        fill(full / "mlquiz.sqlite3", args.answers, args.cards)
        print(
            f"built {args.answers:,} answers over {args.cards:,} cards in "
            f"{time.perf_counter() - t:.1f} s"
        )
        global _SCAN
        from mlquiz.core.decks.library import DeckScan, scan_decks

        deck = next(d for d in scan_decks().decks if d.id == DECK_ID)
        big = DeckScan(decks=[deck])
        small = replace(deck, cards=deck.cards[:TINY])
        results = {}
        for name, folder, scan in (
            ("tiny", root / "tiny", DeckScan(decks=[small])),
            ("empty", empty, big),
            ("full", full, big),
        ):
            _SCAN = scan
            opens, keys = asyncio.run(browse(folder, args.repeat))
            results[name] = (opens, keys, stats_read(folder, args.repeat * 4))
        failed = False

        def row(label: str, empty_ms: float, full_ms: float, target: float | None) -> None:
            nonlocal failed
            verdict = ""
            if target is not None:
                ok = full_ms <= target
                failed |= not ok
                verdict = f"   {'ok' if ok else 'OVER'} (target <= {target:.0f} ms)"
            print(
                f"{label:<34} empty {empty_ms:7.1f} ms   full {full_ms:7.1f} ms   "
                f"ratio {full_ms / empty_ms:5.2f}x{verdict}"
            )

        (e_open, e_keys, e_stats), (f_open, f_keys, f_stats) = results["empty"], results["full"]
        row("browser open (median)", statistics.median(e_open), statistics.median(f_open), 300)
        row("browser open (slowest)", max(e_open), max(f_open), None)
        row("filter, per key (median)", statistics.median(e_keys), statistics.median(f_keys), 50)
        row("filter, per key (slowest)", max(e_keys), max(f_keys), None)
        row("stats read without the forecast", e_stats[0], f_stats[0], None)
        row("stats read with the forecast", e_stats[1], f_stats[1], None)
        added = f_stats[1] - f_stats[0]
        ok = added <= 50
        failed |= not ok
        verdict = "ok" if ok else "OVER"
        print(
            f"the forecast adds {added:.1f} ms to the stats read at this size "
            f"(the forecast alone: {f_stats[2]:.1f} ms)   {verdict} (target <= 50 ms)"
        )
        t_open, t_keys, _ = results["tiny"]
        print(
            f"for scale, a {TINY}-card deck with no answers: open {statistics.median(t_open):.1f}"
            f" ms, per key {statistics.median(t_keys):.1f} ms of CPU, slowest key"
            f" {max(t_keys):.1f} ms (Textual's drawing and the test pilot's round trip,"
            " whatever the deck)"
        )
        for what in ("open", "key"):
            figures = [
                f"{name} {statistics.median(WALL[(what, folder)]):.0f} ms"
                for name, folder in (("tiny", root / "tiny"), ("empty", empty), ("full", full))
            ]
            print(f"wall clock, median {what}: " + ", ".join(figures))
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
