"""The due forecast as a chart: a bar per day for the next 30 days, today first.

plotext through textual-plotext, like `AccuracyChart` (only the stats screen
imports it). The counts come from `GameService.due_forecast`: today's bar
holds the overdue cards too. Each bar is labelled with its count when there
is room, and the x axis says "today", then dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual.color import Color
from textual.content import Content
from textual_plotext import PlotextPlot

if TYPE_CHECKING:
    from textual.app import RenderResult

# Columns for the y axis and the frame, per day's bar, per date label.
_AXIS_COLUMNS = 8
_DAY_COLUMNS = 2
_LABEL_COLUMNS = 9


class DueForecast(PlotextPlot):
    """Cards due on each of the next days (`show(counts, today)`); `plotted` holds the
    counts of the last drawing."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._counts: tuple[int, ...] = ()
        self._today: date | None = None
        self.plotted: list[int] = []

    def show(self, counts: Sequence[int], today: date) -> None:
        self._counts = tuple(counts)
        self._today = today
        self.set_class(not any(self._counts), "-empty")
        self.refresh()

    def render(self) -> RenderResult:
        if not any(self._counts):
            self.plotted = []
            return Content.styled(
                "Nothing scheduled in the next 30 days: answer some cards first.", "$text-muted"
            )
        self._draw()
        return super().render()

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_figure()
        usable = max(self.size.width - _AXIS_COLUMNS, 1)
        # Two columns a day when all the days fit so, else one (beside the accuracy
        # charts, from 120 columns), and only as many days as fit at one.
        day_columns = _DAY_COLUMNS if usable >= _DAY_COLUMNS * len(self._counts) else 1
        counts = list(self._counts[: max(usable // day_columns, 1)])
        self.plotted = counts
        xs = list(range(len(counts)))
        colour = Color.parse(self.app.theme_variables.get("accent", "#ffa62b")).rgb
        plt.bar(xs, counts, color=colour, width=0.6, marker="hd")
        plt.xlim(-0.5, len(xs) - 0.5)
        top = max(counts)
        plt.ylim(0, max(top, 1))
        plt.yticks([0, top] if top else [0], ["0", str(top)] if top else ["0"])
        today = self._today or date.today()
        every = max(round(_LABEL_COLUMNS / day_columns), 1)
        ticks = list(range(0, len(xs), every))
        labels = [
            "today"
            if i == 0
            else f"{today + timedelta(days=i):%b} {(today + timedelta(days=i)).day}"
            for i in ticks
        ]
        plt.xticks([float(i) for i in ticks], labels)
