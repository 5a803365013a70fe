"""Accuracy over time as a chart: a bar per day played, or a line through the sessions.

Drawn by plotext through textual-plotext's `PlotextPlot`. Importing this
module imports plotext (~60 ms), so only the stats screen imports it, when it
opens; nothing on the way to the menu may.

The chart is redrawn on every render, at the widget's current size: how many
days or sessions fit, and how many date labels, depend on the width, so a
resize shows more or fewer of them instead of squeezing the bars.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Literal

from textual.color import Color
from textual.content import Content
from textual_plotext import PlotextPlot

if TYPE_CHECKING:
    from textual.app import RenderResult

    from mlquiz.core.progress import DayPoint, SessionPoint

# Columns plotext takes for the y axis ("100%" and its tick) and the frame.
_AXIS_COLUMNS = 8
# Columns a day's bar needs (bar and gap), a session's point on the line, and a date label.
_DAY_COLUMNS = 4
_SESSION_COLUMNS = 2
_LABEL_COLUMNS = 9
# Columns a day needs before its bar carries its percentage ("100%" in a bar).
_BAR_LABEL_COLUMNS = 6
MAX_DAYS = 30


class AccuracyChart(PlotextPlot):
    """Accuracy (correct answers / answers, 0-100%) per day or per session, oldest left.

    `per="day"` draws a bar for each of the last days played (days without
    answers are left out, the dates under the bars say which); `per="session"`
    a line through the last sessions. `show(points)` sets the data; with none
    the chart says so instead of drawing empty axes. `plotted` holds the
    percentages of the last drawing (for tests and for reading them out).
    """

    def __init__(
        self,
        per: Literal["day", "session"],
        *,
        tz: tzinfo | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name for it
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.per = per
        self.tz = tz
        self._points: tuple[DayPoint, ...] | tuple[SessionPoint, ...] = ()
        self.plotted: list[float] = []

    def show(self, points: Sequence[DayPoint] | Sequence[SessionPoint]) -> None:
        self._points = tuple(points)  # type: ignore[assignment]
        self.set_class(not self._points, "-empty")
        self.refresh()

    def render(self) -> RenderResult:
        if not self._points:
            self.plotted = []
            return Content.styled("No answers yet.", "$text-muted")
        self._draw()
        return super().render()

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_figure()
        usable = max(self.size.width - _AXIS_COLUMNS, 1)
        step = _DAY_COLUMNS if self.per == "day" else _SESSION_COLUMNS
        limit = MAX_DAYS if self.per == "day" else len(self._points)
        points = self._points[-max(min(usable // step, limit), 1) :]
        values = [round(point.accuracy * 100, 1) for point in points]
        self.plotted = values
        xs = list(range(1, len(values) + 1))
        variables = self.app.theme_variables
        primary = Color.parse(variables.get("primary", "#0178d4")).rgb
        accent = Color.parse(variables.get("accent", "#ffa62b")).rgb
        if self.per == "day":
            plt.bar(xs, values, color=primary, width=0.6, marker="hd")
            if usable / len(values) >= _BAR_LABEL_COLUMNS:
                self._label_bars(xs, values, primary)
        else:
            if len(xs) > 1:
                plt.plot(xs, values, color=primary, marker="braille")
            plt.scatter(xs, values, color=accent, marker="●")
        # One point alone would sit on the frame; leave half a step either side.
        plt.xlim(0.5, len(xs) + 0.5)
        plt.ylim(0, 100)
        plt.yticks([0, 50, 100], ["0%", "50%", "100%"])
        labels = [self._label(point) for point in points]
        ticks = _tick_indices(len(points), max(usable // _LABEL_COLUMNS, 1))
        shown: list[int] = []
        for index in ticks:
            # Sessions on one day share a date: label the first of them only.
            if not shown or labels[index] != labels[shown[-1]]:
                shown.append(index)
        plt.xticks([xs[i] for i in shown], [labels[i] for i in shown])

    def _label_bars(self, xs: list[int], values: list[float], bar: tuple[int, int, int]) -> None:
        """Each bar's percentage, inside the bar (or above a short one).

        plotext fills a bar's top row whole, so a bar reads up to half a row
        higher than its value against the axis; the number says it exactly.
        """
        variables = self.app.theme_variables
        surface = Color.parse(variables.get("surface", "#1e1e1e")).rgb
        foreground = Color.parse(variables.get("foreground", "#e0e0e0")).rgb
        on_bar = Color(*bar).get_contrast_text().rgb
        for x, value in zip(xs, values, strict=True):
            text = f"{value:.0f}%"
            if value >= 25:
                self.plt.text(text, x, value / 2, alignment="center", color=on_bar, background=bar)
            else:
                self.plt.text(
                    text, x, value + 12, alignment="center", color=foreground, background=surface
                )

    def _label(self, point: DayPoint | SessionPoint) -> str:
        day = point.day if hasattr(point, "day") else _local_day(point.started_at, self.tz)
        return f"{day:%b} {day.day}"


def _local_day(moment: datetime, tz: tzinfo | None) -> date:
    return (moment.astimezone(tz) if tz is not None else moment.astimezone()).date()


def _tick_indices(count: int, most: int) -> list[int]:
    """Up to `most` indices spread over 0..count-1, always with the last (today's end)."""
    if count <= 0:
        return []
    if count <= most:
        return list(range(count))
    if most <= 1:
        return [count - 1]
    step = (count - 1) / (most - 1)
    return sorted({round(count - 1 - i * step) for i in range(most)})
