"""Regenerate screenshots/: python scripts/screenshots.py [--out DIR] [--sizes 160x45,80x24]

Plays the game headless on the built-in deck, with a throw-away data folder
and a clock that only moves when told, and saves an SVG of each screen: the
menu, a question, the feedback on a partial answer, the feedback on a right
answer with a false claim (the reference answer plus an invented "only"), the
results and the
missed-cards browser at 100x32, plus the menu at 80x24, and a timed challenge
in progress and its results (with earlier runs in the best table; the
countdown runs on a fake monotonic clock), and the stats screen after two
weeks of made-up practice at 100x32 and 120x40, teaching the grader (the
dialog that accepts a wording, the feedback on an answer it made correct,
and the card editor), the card browser and the schedule settings after that
practice, and a cloze card from docs/examples/mlflow-cloze.toml asked and
graded. The answers are
built from each card's own key points, so the script keeps working while the
deck is edited: the reference answer for a correct one, the first key
point's first phrasing for a partial one, an unrelated sentence for a wrong one.

Every screen is also saved at the `--sizes` (into DIR/<size>/; by default
160x45, the wide terminal of issue 16, kept in screenshots/160x45/), for
checking small and large terminals by eye; convert with
`rsvg-convert file.svg -o file.png`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from textual.worker import WorkerState  # noqa: E402

from mlquiz.core.cards import Card  # noqa: E402
from mlquiz.core.clock import FixedClock  # noqa: E402
from mlquiz.service import GameService  # noqa: E402
from mlquiz.ui.app import QuizApp, prepare  # noqa: E402
from mlquiz.ui.widgets.answer_box import AnswerBox  # noqa: E402

MAIN_SIZE = (100, 32)
START = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
WRONG = "It is a kind of dashboard for SQL queries."
# An invented limitation any card's reference answer can be followed by.
FALSE_CLAIM = "But this only ever works on Tuesdays."


def partial_answer(card: Card) -> str:
    """One key point said plainly: the first phrasing of the first required point."""
    point = (card.required_points or card.points)[0]
    phrase = point.phrases[0].replace("...", " ")
    words = [word.split("|")[0] for word in phrase.split()]
    return " ".join(words)


async def settle(pilot) -> None:
    """Wait until a pause leaves no worker running (a key may start one late)."""
    app = pilot.app
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            break
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def save(app, out: Path, name: str) -> None:
    for box in app.screen.query(AnswerBox):
        box.cursor_blink = False
    out.mkdir(parents=True, exist_ok=True)
    app.save_screenshot(filename=f"{name}.svg", path=str(out))
    print(f"wrote {out / (name + '.svg')}")


DECK: str | None = None


class FakeMonotonic:
    """The challenge's countdown clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


def make_app(data: Path, monotonic=None) -> tuple[QuizApp, FixedClock]:
    # The user's own decks and settings must not appear in the pictures.
    os.environ["MLQUIZ_DATA_DIR"] = str(data / "data")
    os.environ["MLQUIZ_CONFIG_DIR"] = str(data / "config")
    clock = FixedClock(START)
    extra = {"monotonic": monotonic} if monotonic is not None else {}
    service = GameService(data / "data", config_dir=data / "config", clock=clock, **extra)
    startup = prepare(service, DECK)
    # Deck order and ten cards, whatever the settings file says.
    startup.settings = replace(startup.settings, shuffle=False, count=10, tag=None)
    return QuizApp(service, startup), clock


async def type_answer(pilot, text: str) -> None:
    box = pilot.app.screen.query_one(AnswerBox)
    box.insert(text)
    await pilot.pause()


async def play_session(data: Path, size: tuple[int, int], out: Path, names: set[str]) -> None:
    """Play a short session and save question, feedback, results, menu and review."""
    app, clock = make_app(data)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        session = app.screen.session
        plan = ["correct", "partial", "false-claim", "incorrect", "skip"]
        for n, kind in enumerate(plan):
            card = session.current
            if card is None or app.screen.__class__.__name__ != "QuizScreen":
                break
            clock.tick(20 + 7 * n)
            if kind == "skip":
                await pilot.press("ctrl+n")
            else:
                answer = {
                    "correct": card.answer,
                    "partial": partial_answer(card),
                    "false-claim": f"{card.answer} {FALSE_CLAIM}",
                    "incorrect": WRONG,
                }[kind]
                if kind == "partial":
                    await pilot.press("ctrl+t")
                    await type_answer(pilot, answer)
                    if "question" in names:
                        save(app, out, "question")
                else:
                    await type_answer(pilot, answer)
                await pilot.press("enter")
            await settle(pilot)
            if kind == "partial" and "feedback-partial" in names:
                verdict = session.attempts[-1].effective_verdict
                if verdict != "partial":
                    print(f"note: the 'partial' answer was graded {verdict}", file=sys.stderr)
                save(app, out, "feedback-partial")
            if kind == "false-claim" and "feedback-false-claim" in names:
                save(app, out, "feedback-false-claim")
            clock.tick(4)
            await pilot.press("enter")
            await settle(pilot)
        clock.tick(3)
        if app.screen.__class__.__name__ == "QuizScreen":
            await pilot.press("escape")
            await settle(pilot)
        if "results" in names:
            save(app, out, "results")
        await pilot.press("enter")
        await settle(pilot)
        if "menu" in names:
            save(app, out, "menu")
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("down")  # the card answered wrongly: an answer to compare
        await settle(pilot)
        if "review" in names:
            save(app, out, "review")


async def play_challenge(data: Path, size: tuple[int, int], out: Path, names: set[str]) -> None:
    """A 60 s challenge after three earlier runs: one in progress, then its results."""
    from mlquiz.ui.screens.challenge import open_challenge

    mono = FakeMonotonic()
    app, clock = make_app(data, mono)
    service = app.service
    deck_id = app.startup.deck_id or service.decks()[0].id
    # Earlier runs on earlier days, for the best table: 1, 3 and 2 correct answers.
    for days, answers in ((9, 1), (5, 3), (2, 2)):
        clock.now = START - timedelta(days=days)
        run = service.start_challenge(deck_id, 60, rng=random.Random(days))
        for _ in range(answers):
            service.challenge_submit(run, run.current.answer)
            service.challenge_next(run)
        mono.tick(60)
        service.challenge_finish(run)
    clock.now = START
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        # What the menu's x does, with a seeded card order so the pictures repeat.
        deck = service.deck(deck_id)
        open_challenge(app, service, deck, feedback="until-enter", rng=random.Random(3))
        await settle(pilot)
        await pilot.press("enter")  # 60 seconds
        await settle(pilot)
        screen = app.screen
        for seconds in (8, 9):
            mono.tick(seconds)
            await type_answer(pilot, screen.challenge.current.answer)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("ctrl+t")
        await type_answer(pilot, partial_answer(screen.challenge.current))
        mono.tick(6.4)
        screen.tick()
        await settle(pilot)
        if "challenge" in names:
            save(app, out, "challenge")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(2):
            mono.tick(7)
            await type_answer(pilot, screen.challenge.current.answer)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        mono.tick(60)  # time is up
        screen.tick()
        await settle(pilot)
        if "challenge-results" in names:
            save(app, out, "challenge-results")


async def teach_and_edit(data: Path, size: tuple[int, int], out: Path, names: set[str]) -> None:
    """The first card answered with one key point: "I was right", accept the wording;
    then, in the next quiz, the same wording graded correct, and the card editor."""
    app, clock = make_app(data)
    service = app.service
    service.tz = UTC  # "your wording of 3 Mar" on any computer
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen.session.current
        wording = f"it is the {partial_answer(card)}, as I put it"
        await type_answer(pilot, wording)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        if "accept-wording" in names:
            save(app, out, "accept-wording")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")  # leave: the results, then the menu
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        clock.tick(3600)
        await pilot.press("enter")
        await settle(pilot)
        await type_answer(pilot, wording)
        await pilot.press("enter")
        await settle(pilot)
        app.clear_notifications()
        await settle(pilot)
        if "feedback-accepted" in names:
            save(app, out, "feedback-accepted")
        await pilot.press("e")
        await settle(pilot)
        if "card-editor" in names:
            save(app, out, "card-editor")


async def menu_only(data: Path, size: tuple[int, int], out: Path, name: str) -> None:
    app, _ = make_app(data)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        save(app, out, name)


def record_practice(service: GameService, clock: FixedClock, deck_id: str) -> None:
    """Two weeks of ten-card quizzes before START, getting better as the days go
    (a seeded random answer kind per card, 15-45 s each), for the stats screen."""
    rng = random.Random(7)
    for days_ago in range(13, -1, -1):
        if days_ago in (10, 6):
            continue  # days off: the streak restarts, the chart skips them
        clock.now = START - timedelta(days=days_ago, hours=3)
        skill = 0.35 + 0.5 * (13 - days_ago) / 13
        for _ in range(1 + days_ago % 2):
            session = service.start_quiz(deck_id, count=10, rng=random.Random(rng.random()))
            while session.current is not None:
                card = session.current
                clock.tick(rng.uniform(15, 45))
                roll = rng.random()
                if roll < skill:
                    text = card.answer
                elif roll < skill + 0.25:
                    text = partial_answer(card)
                else:
                    text = WRONG
                service.submit(session, text)
                if service.advance(session) is None:
                    break
            service.finish(session)
            clock.tick(40 * 60)
    clock.now = START


async def stats_screen(data: Path, size: tuple[int, int], out: Path, name: str) -> None:
    """The stats screen of the deck after `record_practice`."""
    app, clock = make_app(data)
    service = app.service
    # UTC as the learner's zone, so the days and "due" times do not depend on
    # the computer that makes the pictures.
    service.tz = UTC
    deck_id = app.startup.deck_id or service.decks()[0].id
    record_practice(service, clock, deck_id)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        save(app, out, name)


async def learner_controls(data: Path, size: tuple[int, int], out: Path) -> None:
    """After two weeks of practice: the card browser (sorted by recall, a few cards
    suspended, buried and flagged), the schedule settings, the stats' forecast."""
    from mlquiz.core.browser import SortKey

    app, clock = make_app(data)
    service = app.service
    service.tz = UTC
    deck_id = app.startup.deck_id or service.decks()[0].id
    record_practice(service, clock, deck_id)
    from mlquiz.core.browser import sort_rows

    # Flags on cards near the top of the list sorted by recall, so they show.
    weakest = [row.card_id for row in sort_rows(service.browse_cards(deck_id), SortKey.RECALL)]
    service.suspend(deck_id, weakest[2:3])
    service.bury(deck_id, weakest[4:5])
    service.flag(deck_id, weakest[1:2], "red")
    service.flag(deck_id, weakest[6:7], "green")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        screen.sort_key = SortKey.RECALL
        screen._sort()
        await pilot.press("space", "space")
        await pilot.press("up")
        await settle(pilot)
        save(app, out, "card-browser")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#settings-reviews_per_day").value = "100000"
        await pilot.pause()
        for box in screen.query("Input"):
            box.cursor_blink = False
        save(app, out, "deck-settings")


async def cloze_cards(data: Path, size: tuple[int, int], out: Path) -> None:
    """The example cloze deck (docs/examples): a card asked, then graded with a typo forgiven."""
    global DECK
    built_in, DECK = DECK, str(ROOT / "docs" / "examples" / "mlflow-cloze.toml")
    try:
        app, clock = make_app(data)
    finally:
        DECK = built_in
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        clock.tick(9)
        await type_answer(pilot, "the Model Regsitry")
        save(app, out, "cloze")
        await pilot.press("enter")
        await settle(pilot)
        save(app, out, "cloze-feedback")


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)x(\d+)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size like 80x24: {text!r}")
    return int(match.group(1)), int(match.group(2))


async def main(out: Path, sizes: list[tuple[int, int]]) -> None:
    every = {"question", "feedback-partial", "feedback-false-claim", "results", "menu", "review"}
    timed = {"challenge", "challenge-results"}
    teaching = {"accept-wording", "feedback-accepted", "card-editor"}
    with tempfile.TemporaryDirectory() as tmp:
        await play_session(Path(tmp), MAIN_SIZE, out, every)
        await menu_only(Path(tmp), (80, 24), out, "menu-80x24")
    with tempfile.TemporaryDirectory() as tmp:
        await play_challenge(Path(tmp), MAIN_SIZE, out, timed)
    with tempfile.TemporaryDirectory() as tmp:
        await teach_and_edit(Path(tmp), MAIN_SIZE, out, teaching)
    with tempfile.TemporaryDirectory() as tmp:
        await stats_screen(Path(tmp), MAIN_SIZE, out, "stats")
    with tempfile.TemporaryDirectory() as tmp:
        await stats_screen(Path(tmp), (120, 40), out, "stats-120x40")
    with tempfile.TemporaryDirectory() as tmp:
        await learner_controls(Path(tmp), MAIN_SIZE, out)
    with tempfile.TemporaryDirectory() as tmp:
        await cloze_cards(Path(tmp), MAIN_SIZE, out)
    for width, height in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            await play_session(Path(tmp), (width, height), out / f"{width}x{height}", every)
        with tempfile.TemporaryDirectory() as tmp:
            await play_challenge(Path(tmp), (width, height), out / f"{width}x{height}", timed)
        with tempfile.TemporaryDirectory() as tmp:
            await teach_and_edit(Path(tmp), (width, height), out / f"{width}x{height}", teaching)
        with tempfile.TemporaryDirectory() as tmp:
            await stats_screen(Path(tmp), (width, height), out / f"{width}x{height}", "stats")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--deck", help="play this deck (id or path) instead of the built-in one")
    parser.add_argument(
        "--sizes",
        type=lambda s: [parse_size(p) for p in s.split(",") if p.strip()],
        default=[(160, 45)],
        help="extra sizes, each set in DIR/<size>/ (default 160x45; '' for none)",
    )
    args = parser.parse_args()
    DECK = args.deck
    asyncio.run(main(args.out, args.sizes))
