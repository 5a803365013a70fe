"""The UI tests' shared pieces: the small UI deck, answers to it, and Pilot helpers.

Every UI test plays `tests/data/ui-deck.toml`, so edits to the built-in deck
change nothing here; `ui_service` is a service over it.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.worker import WorkerCancelled, WorkerState

from mlquiz.core.clock import FixedClock
from mlquiz.core.decks.library import load_deck
from mlquiz.service import GameService
from tests.support.factories import make_service

UI_DECK = Path(__file__).resolve().parent.parent / "data" / "ui-deck.toml"
START = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
ACTIVE = (WorkerState.PENDING, WorkerState.RUNNING)

# Answers to the cards of ui-deck.toml and what the grader makes of them.
CORRECT = {
    "run": "One execution of training code where params and metrics are logged together.",
    "experiment": "A group of runs so that you can compare them.",
    "registry": "Versions of registered models, with aliases like champion.",
    "batch": "Load it as a Spark UDF and apply it in parallel on the cluster.",
}
PARTIAL = {"run": "A single execution of training.", "experiment": "A group of runs."}
WRONG = "It is a dashboard for SQL queries."


def ui_service(folder: Path, clock: FixedClock, **kwargs: object) -> GameService:
    """A service over the UI deck (as a built-in deck) and the real grader, its
    database in `folder`/data."""
    deck = load_deck(UI_DECK, source="built-in")
    return make_service(folder / "data", clock, decks=[deck], **kwargs)  # type: ignore[arg-type]


async def settle(pilot) -> None:
    """Let workers (grading, saving, loading) finish and the screen catch up.

    A key may start a worker a few messages later (Enter, OptionSelected, the
    action, the worker), and a worker may wait its turn on the service thread
    behind the store opening, so wait until a pause leaves none running.
    """
    app = pilot.app
    for _ in range(100):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive worker replaced by a newer one: wait on
            pass
        await pilot.pause()
        if not any(worker.state in ACTIVE for worker in app.workers):
            return
    raise AssertionError("workers are still running")


async def answer(pilot, text: str) -> None:
    """Type `text` into the answer box and press Enter."""
    from mlquiz.ui.widgets.answer_box import AnswerBox

    box = pilot.app.screen.query_one(AnswerBox)
    box.insert(text)
    await pilot.press("enter")
    await settle(pilot)


def menu_link(menu, selector: str, text: str) -> tuple[int, int, str | None]:
    """Where `text` is in the menu's Static `selector` (column, row) and the
    @click action there, if it is a link (the menu's options and modes are)."""
    content = menu.query_one(selector).render()
    start = content.plain.index(text)
    before = content.plain[:start]
    row = before.count("\n")
    column = len(before) - (before.rfind("\n") + 1)
    action = None
    for span in content.spans:
        links = [word for word in str(span.style).split() if word.startswith("@click=")]
        if span.start <= start < span.end and links:
            action = links[0].removeprefix("@click=")
    return column, row, action


async def click_text(pilot, selector: str, text: str) -> None:
    """Click on `text` in the menu's Static `selector`, as a learner would."""
    widget = pilot.app.screen.query_one(selector)
    column, row, _ = menu_link(pilot.app.screen, selector, text)
    gutter = widget.styles.gutter
    await pilot.click(selector, offset=(gutter.left + column, gutter.top + row))


def footer_keys(app) -> dict[str, bool]:
    """The keys the footer shows, and whether each is enabled (a disabled one is dimmed):
    Textual's Footer's keys, or the menu's one-line KeyBar's."""
    from textual.widgets._footer import FooterKey

    from mlquiz.ui.widgets.key_bar import KeyBar

    for bar in app.screen.query(KeyBar):
        return {key.key: key.enabled for key in bar.keys}
    return {key.key: not key.has_class("-disabled") for key in app.screen.query(FooterKey)}


def hold_read_until_removed(
    monkeypatch: Any, owner: object, read: str, field_class: type, field_id: str
) -> threading.Event:
    """Hold `owner.read` (run on the service thread) until the field `field_id`
    (of `field_class`) is removed as its screen closes, then let it end while
    the rest of the screen is still going: the moment in which a worker that
    outlives its screen's fields fails the app. Returns the event the read
    waits on (set once it may end)."""
    read_may_end = threading.Event()
    real_read, real_exit = getattr(owner, read), field_class._message_loop_exit
    real_sleep = asyncio.sleep

    def slow_read(*args: object) -> object:  # on the service thread
        read_may_end.wait(timeout=20)  # (bounded: a hang would fail the test, not hang)
        return real_read(*args)

    async def exit_slowly(self: Any) -> None:
        await real_exit(self)
        if self.id == field_id:
            read_may_end.set()
            await real_sleep(0.2)

    monkeypatch.setattr(owner, read, slow_read)
    monkeypatch.setattr(field_class, "_message_loop_exit", exit_slowly)
    return read_may_end
