"""The card browser's list: every card of a deck, one line each, drawn only where seen.

A `ScrollView` on Textual's line API: `render_line` builds the few lines on
screen from the rows, so 10,000 cards open and filter as fast as 40 (a
DataTable measures every cell it is given, ~30 ms a hundred rows). Deck text
is drawn as plain segments, never read as markup.

Columns: a selection mark, id, question, state, due, recall, lapses, the
last verdict (symbol) and flags: S suspended, B buried, L leech, then the
flag colour's name in its colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mlquiz.core.clock import as_utc
from mlquiz.core.terminal_text import shown_line
from mlquiz.ui.format import VERDICT_SYMBOL, percent

if TYPE_CHECKING:
    from mlquiz.core.browser import CardRow

# (title, sort key or None, width; 0: takes what is left)
COLUMNS = (
    ("", None, 2),
    ("Id", "id", 6),
    ("Question", "question", 0),
    ("State", "state", 9),
    ("Due", "due", 9),
    ("Recall", "recall", 6),
    ("Lapses", "lapses", 6),
    ("Last", "verdict", 4),
    ("Flags", "flag", 8),
)
# The flag colours as drawn (the name is written too, for a screen without colour).
FLAG_COLOUR = {"red": "#e05252", "orange": "#e69138", "green": "#4caf50", "blue": "#4a90d9"}
VERDICT_COLOUR = {"correct": "text-success", "partial": "text-warning", "incorrect": "text-error"}


def when(due: datetime | None, now: datetime) -> str:
    """A due date in a few characters: 'due' (now or overdue), 'in 40m', 'in 5h', 'in 3d'."""
    if due is None:
        return "—"
    seconds = (as_utc(due) - now).total_seconds()
    if seconds <= 0:
        return "due"
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"in {round(seconds / 3600)}h"
    days = round(seconds / 86400)
    return f"in {days}d" if days < 1000 else "later"


def one_line(text: str) -> str:
    """Deck text on one line: its controls made visible, runs of blanks one space."""
    return " ".join(shown_line(text).split())


class CardTable(ScrollView, can_focus=True):
    """Rows of `CardRow`s with a cursor and a selection (card ids)."""

    DEFAULT_CSS = """
    CardTable {
        height: 1fr;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("space", "toggle_selected", "Select"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved to `row` (None: no rows)."""

        def __init__(self, row: CardRow | None) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[CardRow] = ()
        self.selected: set[str] = set()
        self.now = datetime.now().astimezone()
        self._palette: tuple[str | None, dict[str, str]] = (None, {})
        self._widths: tuple[tuple[int, int, int], list[int]] = ((0, 0, 0), [])

    # -- what is shown ---------------------------------------------------------

    def show(self, rows: Sequence[CardRow], now: datetime) -> None:
        """Show `rows`; the cursor stays on its card if that card is still there."""
        current = self.current
        self.rows = rows
        self.now = as_utc(now)
        self.virtual_size = Size(self.size.width, len(rows))
        index = 0
        if current is not None:
            index = next((i for i, row in enumerate(rows) if row.card is current.card), 0)
        self.cursor = index
        self.refresh()

    @property
    def current(self) -> CardRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def chosen(self) -> list[CardRow]:
        """The selected cards shown, or the cursor's card when none is selected."""
        if self.selected:
            return [row for row in self.rows if row.card_id in self.selected]
        current = self.current
        return [current] if current is not None else []

    def widths(self, total: int) -> list[int]:
        """Each column's width at `total` cells (the question takes what is left); the
        id column fits the longest id of the first 2,000 rows, up to 12."""
        key = (total, id(self.rows), len(self.rows))
        if self._widths[0] != key:
            id_width = max([2] + [cell_len(row.card_id) for row in self.rows[:2000]])
            fixed = [w if title != "Id" else min(id_width, 12) for title, _, w in COLUMNS]
            rest = max(total - sum(fixed) - (len(COLUMNS) - 1), 12)
            self._widths = (key, [rest if w == 0 else w for w in fixed])
        return self._widths[1]

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.rows) - 1))

    def watch_cursor(self, cursor: int) -> None:
        if self.rows:
            self.scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height or 1
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows))

    # -- drawing ----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        index = round(self.scroll_offset.y) + y
        base = self.rich_style
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        colours = self._colours()
        cursor = index == self.cursor
        line_style = base
        if cursor:
            accent = colours.get("block-cursor-background") or colours.get("accent")
            line_style = base + Style(bgcolor=accent, bold=True)
            if not self.has_focus:
                line_style = base + Style(reverse=True)
        muted = Style(color=colours.get("foreground-muted"), dim=True)
        segments: list[Segment] = []
        for (title, _, _), cell_width, pieces in zip(
            COLUMNS, self.widths(width), self.cells(row, colours, muted), strict=True
        ):
            # The gap after a column goes with its last piece's style, so every run of
            # text starts with its text (SVG viewers may drop a run's leading spaces).
            gap = 0 if title == "Flags" else 1
            left = cell_width
            for number, (text, style) in enumerate(pieces, start=1):
                text = set_cell_size(text, left) if cell_len(text) > left else text
                left -= cell_len(text)
                if number == len(pieces):
                    text += " " * (max(left, 0) + gap)
                segments.append(Segment(text, line_style + style))
        return Strip(segments).adjust_cell_length(width, line_style)

    def _colours(self) -> dict[str, str]:
        """The theme's colours as Rich takes them: opaque (a translucent one is blended
        over the table's background), looked up once per theme."""
        theme = self.app.theme
        if self._palette[0] != theme:
            variables = self.app.theme_variables
            background = Color.parse(variables.get("surface", "#1e1e1e"))
            palette = {}
            for name, value in variables.items():
                try:
                    palette[name] = (background + Color.parse(value)).hex6
                except Exception:  # not a colour (a variable may hold other values)
                    continue
            self._palette = (theme, palette)
        return self._palette[1]

    def cells(
        self, row: CardRow, colours: dict[str, str], muted: Style
    ) -> list[list[tuple[str, Style]]]:
        """Each column's text as (text, style) pieces."""

        def colour(name: str, bold: bool = False) -> Style:
            return Style(color=colours.get(name), bold=bold)

        plain = Style()
        selected = row.card_id in self.selected
        mark = ("●", colour("accent", bold=True)) if selected else (" ", plain)
        recall = percent(row.recall) if row.recall is not None else "—"
        verdict = row.last_verdict
        flags = row.flags
        letters = ("S" if flags.suspended else "") + ("B" if flags.buried(self.now) else "")
        letters += "L" if flags.leech else ""
        flag_pieces: list[tuple[str, Style]] = []
        if letters:
            flag_pieces.append((letters, colour("text-warning", bold=True)))
        if flags.flag:
            gap = " " if letters else ""
            flag_pieces.append(
                (gap + flags.flag, Style(color=FLAG_COLOUR.get(flags.flag), bold=True))
            )
        held = muted if flags.held(self.now) else plain
        verdict_style = colour(VERDICT_COLOUR.get(verdict or "", "foreground-muted"), bold=True)
        return [
            [mark],
            [(shown_line(row.card_id), muted)],
            [(one_line(row.card.question), held)],
            [(row.bucket, plain)],
            [(when(row.due, self.now), plain)],
            [(recall, plain)],
            [(str(row.lapses), colour("text-error")) if row.lapses else ("·", muted)],
            [(VERDICT_SYMBOL.get(verdict, "·") if verdict else "·", verdict_style)],
            flag_pieces or [("·", muted)],
        ]

    # -- keys and the mouse --------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self.cursor = self.cursor + step

    def action_page(self, direction: int) -> None:
        height = max(self.scrollable_content_region.height - 1, 1)
        self.cursor = self.cursor + direction * height

    def action_jump(self, where: int) -> None:
        self.cursor = 0 if where == 0 else len(self.rows) - 1

    def action_toggle_selected(self) -> None:
        current = self.current
        if current is None:
            return
        self.selected ^= {current.card_id}
        self.cursor = self.cursor + 1  # on to the next, as a file manager does
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.rows):
            self.cursor = index
        self.focus()
