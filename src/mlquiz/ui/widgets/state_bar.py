"""Cards by state as one proportional bar with a legend under it."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

# (state, fill, style). Each state has its own fill character as well as its
# colour, so the bar still reads without colour (NO_COLOR, monochrome).
SEGMENTS = (
    ("mastered", "█", "$success"),
    ("review", "▓", "$primary"),
    ("learning", "▒", "$warning"),
    ("new", "░", "$foreground-muted"),
)


class StateBar(Widget):
    """`mastered ████ review ▓▓ learning ▒ new ░░░░` across the width, counts below.

    `show(states)` takes `Progress.states` (new, learning, review, mastered:
    card counts). Widths are shares of the whole; a state with any card gets
    at least one cell, so a single learning card among a thousand still shows.
    """

    DEFAULT_CSS = """
    StateBar {
        height: 2;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.states: dict[str, int] = {}

    def show(self, states: dict[str, int]) -> None:
        self.states = dict(states)
        self.refresh()

    def render(self) -> Content:
        counts = [self.states.get(state, 0) for state, _, _ in SEGMENTS]
        widths = shares(counts, self.size.width)
        bar = Content.assemble(
            *(
                (fill * width, style)
                for (_, fill, style), width in zip(SEGMENTS, widths, strict=True)
            )
        )
        legend = Content(" · ").join(
            Content.assemble((f"{fill} ", style), f"{state} {count}")
            for (state, fill, style), count in zip(SEGMENTS, counts, strict=True)
        )
        if not sum(counts):
            legend = Content.styled("No cards.", "$text-muted")
        return Content("\n").join([bar, legend])


def shares(counts: list[int], width: int) -> list[int]:
    """Split `width` cells among `counts` in proportion (largest remainder), at
    least one cell for every non-zero count when there is room."""
    total = sum(counts)
    if total <= 0 or width <= 0:
        return [0] * len(counts)
    exact = [count * width / total for count in counts]
    cells = [int(x) for x in exact]
    for i, count in enumerate(counts):
        if count and not cells[i]:
            cells[i] = 1
    # Hand out what is left (or take back what the minimums overspent) by remainder.
    order = sorted(
        (i for i, count in enumerate(counts) if count),
        key=lambda i: exact[i] - cells[i],
        reverse=True,
    )
    while sum(cells) < width:
        cells[order[0]] += 1
        order = order[1:] + order[:1]
    while sum(cells) > width:
        largest = max(range(len(cells)), key=lambda i: cells[i])
        if cells[largest] <= 1:
            break
        cells[largest] -= 1
    return cells
