"""A small table of totals per deck (`GameService.stats`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from mlquiz.core.storage import StorageError
from mlquiz.ui import format as fmt
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.service import GameService


class StatsScreen(Screen[None]):
    """Answers, sessions, verdicts and missed cards for every deck."""

    CSS_PATH = "stats.tcss"

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, service: GameService) -> None:
        super().__init__()
        self.service = service
        self.sub_title = "stats"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Your answers so far, per deck.", id="stats-title", markup=False)
        yield DataTable(id="stats-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("Deck", "Answers", "Sessions", "✓", "◐", "✗", "Accuracy", "Missed", "Last"):
            table.add_column(label, key=label)
        self._load()

    @work(exclusive=True)
    async def _load(self) -> None:
        try:
            stats = await call(self.service.stats)
        except StorageError as error:
            self.query_one("#stats-title", Static).update(f"Your history cannot be read: {error}")
            return
        titles = {deck.id: deck.title for deck in self.service.decks()}
        table = self.query_one(DataTable)
        now = self.service.clock()
        for deck_id, row in stats["decks"].items():
            table.add_row(*_cells(titles.get(deck_id, deck_id), row, now), key=deck_id)
        table.focus()

    def action_back(self) -> None:
        self.dismiss(None)


def _cells(title: str, row: dict[str, Any], now: Any) -> list[str]:
    last = row.get("last_session") or {}
    last_text = ""
    if last:
        last_text = (
            f"{fmt.percent(last.get('percent', 0.0))} {fmt.ago(last.get('started_at'), now)}"
        )
    return [
        title,
        str(row.get("attempts", 0)),
        str(row.get("sessions", 0)),
        str(row.get("correct", 0)),
        str(row.get("partial", 0)),
        str(row.get("incorrect", 0)),
        fmt.percent(row.get("accuracy", 0.0)) if row.get("attempts") else "—",
        str(len(row.get("missed", ()))),
        last_text or "—",
    ]
