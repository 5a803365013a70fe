"""The end of a session: score, counts, time, and every card with what was missed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mlquiz.core.terminal_text import shown, shown_line
from mlquiz.ui import format as fmt
from mlquiz.ui.widgets.footer import Footer
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.session import CardResult, SessionResults

# What the screen dismisses with; the menu acts on it.
REVIEW = "review"
MENU = "menu"


class ResultsScreen(Screen[str]):
    """Shows `results`; dismisses with REVIEW ("review the missed now") or MENU."""

    CSS_PATH = "results.tcss"

    BINDINGS = [
        Binding("r", "review", "Review missed now"),
        # Priority: the table would otherwise take Enter to select a row.
        Binding("enter", "menu", "Menu", priority=True),
        Binding("escape", "menu", "Menu", show=False),
    ]

    def __init__(self, results: SessionResults, deck_title: str) -> None:
        super().__init__()
        self.results = results
        self.sub_title = f"{deck_title} · results"

    def compose(self) -> ComposeResult:
        r = self.results
        missed = r.partial + r.incorrect
        yield TitleBar()
        headline = "Session complete" if r.answered >= r.total else "Session left early"
        yield Static(
            f"{headline} · {r.answered} of {fmt.plural(r.total, 'card')} answered",
            id="results-headline",
            markup=False,
        )
        # Each figure with its name: the score (points, partial answers and hints
        # counted) and the accuracy (answers correct) are two facts, as are the
        # session's wall-clock time and the time spent answering (README).
        with Horizontal(id="results-summary"):
            yield Static(
                f"Score {fmt.percent(r.percent)}\n"
                f"{fmt.points(r.score)} of {fmt.plural(r.answered, 'point')}",
                id="results-score",
            )
            yield Static(
                f"Accuracy {fmt.percent(r.accuracy)}\n"
                f"{fmt.VERDICT_SYMBOL['correct']} {r.correct} correct\n"
                f"{fmt.VERDICT_SYMBOL['partial']} {r.partial} partial\n"
                f"{fmt.VERDICT_SYMBOL['incorrect']} {r.incorrect} incorrect",
                id="results-counts",
            )
            yield Static(
                f"{fmt.duration(r.duration)} in session\n{fmt.duration(r.answering)} answering",
                id="results-time",
            )
        yield DataTable(id="results-table", cursor_type="row", zebra_stripes=True)
        hint = (
            f"Press r to review the {fmt.plural(missed, 'card')} you missed."
            if missed
            else "Nothing missed this time."
        )
        yield Static(hint, id="results-hint")
        yield Footer()

    def on_mount(self) -> None:
        self._fill_table(self.size.width)
        self.query_one(DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fill_table(event.size.width)

    def _fill_table(self, width: int) -> None:
        """One row per card; the text columns share the width and wrap."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        # Margins, scrollbar and one cell of padding each side of 4 columns.
        free = max(width - 4 - 2 - 8 - 3 - VERDICT_WIDTH, 24)
        question_width = free * 11 // 20
        table.add_column("#", key="n", width=3)
        table.add_column("Question", key="question", width=question_width)
        table.add_column("Verdict", key="verdict", width=VERDICT_WIDTH)
        table.add_column("What went wrong", key="missed", width=free - question_width)
        # Cells are Rich Text (wrapping, no markup), so the theme's colours are
        # looked up here rather than written as $variables.
        colours = self.app.get_css_variables()
        for n, row in enumerate(self.results.rows, start=1):
            verdict = fmt.verdict_label(row.verdict)
            if row.overridden:
                verdict += " (you)"
            elif row.skipped:
                verdict += " (skip)"
            table.add_row(
                Text(str(n)),
                Text(shown(row.question)),
                Text(verdict, style=colours.get(f"text-{_COLOUR[row.verdict]}", "")),
                _why(row),
                key=f"{n}",
                height=None,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review":
            return self.results.partial + self.results.incorrect > 0
        return True

    def action_review(self) -> None:
        self.dismiss(REVIEW)

    def action_menu(self) -> None:
        self.dismiss(MENU)


def _why(row: CardResult) -> Text:
    """The grader's reason, when the points do not tell it, then one missed point a
    line: labels may hold commas, so a comma cannot separate them."""
    why = Text()
    if row.reason:
        # The reason quotes the deck (a confusion's message): its controls shown.
        why.append(shown(row.reason), style="italic")
    for label in row.missed:
        why.append(("\n" if why else "") + f"{MISSED_MARK} {shown_line(label)}")
    return why if why else Text("—")


# Before each missed point (a verdict's ✗ would read as a verdict).
MISSED_MARK = "·"
# Wide enough for "✗ Incorrect (skip)".
VERDICT_WIDTH = 18
_COLOUR = {"correct": "success", "partial": "warning", "incorrect": "error"}
