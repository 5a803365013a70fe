"""Typing latency on the timed challenge, with and without the countdown redrawing.

    python bench/typing_latency.py [--keys 400] [--rounds 3] [--rates 0,5,30]

Plays the challenge screen headless (100x32) on the test deck with the real
monotonic clock and a 300 s run, and types a sentence one key at a time. For
each key it measures, in milliseconds:

- press: `Pilot.press(key)` until the answer box holds the new text and a
  screen update containing it has been composed (the brief's measure);
- frame: the key posted as a real key event (no Pilot waiting, no forced
  refresh) until the screen update that contains it, i.e. the path a
  terminal key takes.

A screen update is counted when Textual hands it to the driver
(`App._display`); the headless driver would drop it, so the bench renders it
to terminal text itself, as a real terminal driver would, to keep the cost of
drawing the countdown in the measurement.

Rates: 0 is the baseline (no countdown timer at all), 5 is what the game
ships (`TICKS_PER_SECOND`), higher rates show the headroom. Rounds are
interleaved (0, 5, 30, 0, 5, 30, ...) so a busy machine hurts each rate
alike. Also reported: screen updates per second while idle with the
countdown running, and how many of them needed a layout pass (should be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from textual import events  # noqa: E402

from mlquiz.core.decks.library import DeckScan, load_deck  # noqa: E402
from mlquiz.service import GameService  # noqa: E402
from mlquiz.ui.app import QuizApp, prepare  # noqa: E402
from mlquiz.ui.screens.challenge import ChallengeScreen  # noqa: E402
from mlquiz.ui.widgets.answer_box import AnswerBox  # noqa: E402

DECK = ROOT / "tests" / "data" / "ui-deck.toml"
SIZE = (100, 32)
TEXT = "a single execution of training code whose params and metrics are logged as a unit "
# The box is cleared every this many keys, so every rate types into the same sizes.
LINE = 60


class DisplaySpy:
    """Wraps App._display: renders each update to text and notes when the box's text shows."""

    def __init__(self, app: QuizApp) -> None:
        self.app = app
        self.original = app._display
        self.expected: str | None = None
        self.shown = asyncio.Event()
        self.shown_at = 0.0
        self.updates = 0
        app._display = self._display  # type: ignore[method-assign]

    def _display(self, screen, renderable) -> None:
        if renderable is not None:
            self.updates += 1
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(self.app.console)
        self.original(screen, renderable)
        if self.expected is not None and renderable is not None:
            box = screen.query_one(AnswerBox)
            if box.text == self.expected:
                self.shown_at = time.perf_counter()
                self.expected = None
                self.shown.set()

    def expect(self, text: str) -> None:
        self.expected = text
        self.shown.clear()


async def measure(rate: float, keys: int, data: Path) -> dict[str, list[float] | float]:
    deck = load_deck(DECK, source="built-in")
    service = GameService(
        data / "data", config_dir=data / "config", deck_scanner=lambda: DeckScan(decks=[deck])
    )
    app = QuizApp(service, prepare(service))
    press_ms: list[float] = []
    frame_ms: list[float] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            run = service.start_challenge("ui-deck", 300)
            screen = ChallengeScreen(
                service, run, deck.title, feedback="until-enter", ticks_per_second=rate
            )
            await app.push_screen(screen)
            await pilot.pause()
            box = screen.query_one(AnswerBox)
            spy = DisplaySpy(app)

            # Idle with the countdown running: what the timer alone costs.
            layouts = 0
            original_layout = screen._refresh_layout

            def counting_layout(*args, **kwargs):
                nonlocal layouts
                layouts += 1
                return original_layout(*args, **kwargs)

            screen._refresh_layout = counting_layout  # type: ignore[method-assign]
            spy.updates = 0
            await asyncio.sleep(2.0)
            idle_updates, idle_layouts = spy.updates / 2.0, layouts

            for n in range(keys):
                if n % LINE == 0:
                    box.clear()
                    await pilot.pause()
                char = TEXT[n % len(TEXT)]
                key = "space" if char == " " else char
                spy.expect(box.text + char)
                start = time.perf_counter()
                if n % 2 == 0:
                    await pilot.press(key)
                    await asyncio.wait_for(spy.shown.wait(), 5)
                    press_ms.append((spy.shown_at - start) * 1000)
                else:
                    app.post_message(events.Key(key, char))
                    await asyncio.wait_for(spy.shown.wait(), 5)
                    frame_ms.append((spy.shown_at - start) * 1000)
                    await pilot.pause()
    finally:
        service.close()
    return {
        "press": press_ms,
        "frame": frame_ms,
        "idle_updates": idle_updates,
        "idle_layouts": idle_layouts,
    }


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


async def main(keys: int, rounds: int, rates: list[float]) -> None:
    results: dict[float, dict] = {
        r: {"press": [], "frame": [], "idle_updates": [], "idle_layouts": []} for r in rates
    }
    for _ in range(rounds):
        for rate in rates:
            with tempfile.TemporaryDirectory() as tmp:
                got = await measure(rate, keys, Path(tmp))
            for name in ("press", "frame"):
                results[rate][name] += got[name]
            results[rate]["idle_updates"].append(got["idle_updates"])
            results[rate]["idle_layouts"].append(got["idle_layouts"])

    base = results[rates[0]]
    print(f"{keys} keys x {rounds} rounds per rate; milliseconds; ratio = rate / {rates[0]:g} Hz")
    print(
        f"{'countdown':>10} {'press med':>10} {'p95':>7} {'ratio':>11}   "
        f"{'frame med':>10} {'p95':>7} {'ratio':>11}   {'idle upd/s':>10} {'layouts':>7}"
    )
    for rate in rates:
        row = results[rate]
        cells = []
        for name in ("press", "frame"):
            med, high = statistics.median(row[name]), p95(row[name])
            ratio = (
                f"{med / statistics.median(base[name]):.2f}/{high / p95(base[name]):.2f}"
                if rate != rates[0]
                else "-"
            )
            cells.append(f"{med:>10.2f} {high:>7.2f} {ratio:>11}")
        label = "off" if rate == 0 else f"{rate:g} Hz"
        print(
            f"{label:>10} {cells[0]}   {cells[1]}   "
            f"{statistics.mean(row['idle_updates']):>10.1f} {sum(row['idle_layouts']):>7}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--rates", type=lambda s: [float(x) for x in s.split(",")], default=[0.0, 5.0, 30.0]
    )
    args = parser.parse_args()
    asyncio.run(main(args.keys, args.rounds, args.rates))
