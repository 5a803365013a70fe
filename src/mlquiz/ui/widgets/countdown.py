"""The timed challenge's countdown: a draining bar and the seconds left."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import ProgressBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

# Below this many seconds the countdown takes the "-low" class (drawn in warning colours).
LOW_SECONDS = 10


class SecondsLeft(Widget):
    """'45 s': whole seconds left, in a fixed width.

    A plain reactive with a render(), rather than a Label's update(), so a
    new second repaints these few cells and never asks for a layout pass.
    """

    seconds: reactive[int] = reactive(0)

    def render(self) -> str:
        return f"{self.seconds:>3} s"


class Countdown(Horizontal):
    """Seconds left as a bar that drains from full and a number.

    The screen calls `show(remaining, paused)` several times a second. Only
    what changed is repainted: the bar when its value moves by a tenth of a
    second, the number once a second, the classes when the run crosses
    `LOW_SECONDS` or the clock stops or starts. Nothing here triggers a
    layout, so the answer box beside it is not redrawn.
    """

    def __init__(self, total: float, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = total

    def compose(self) -> ComposeResult:
        yield ProgressBar(
            total=self.total,
            show_eta=False,
            show_percentage=False,
            id="countdown-bar",
        )
        yield SecondsLeft(id="countdown-seconds")

    def on_mount(self) -> None:
        self._bar = self.query_one(ProgressBar)
        self._seconds = self.query_one(SecondsLeft)
        self.show(self.total)

    def show(self, remaining: float, paused: bool = False) -> None:
        # Rounded to a tenth: the reactive ignores an equal value, so a
        # stopped clock or a fine-grained tick costs nothing.
        self._bar.progress = round(remaining, 1)
        self._seconds.seconds = math.ceil(remaining)
        self.set_class(remaining <= LOW_SECONDS, "-low")
        self.set_class(paused, "-paused")
