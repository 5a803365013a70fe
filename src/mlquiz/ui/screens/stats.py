"""A small table of totals per deck (`GameService.stats`)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from mlquiz.ui import format as fmt

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.service import GameService


class StatsScreen(Screen[None]):
    """Answers, sessions, verdicts and missed cards for every deck."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, service: GameService) -> None:
        super().__init__()
        self.service = service
        self.sub_title = "stats"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Your answers so far, per deck.", id="stats-title")
        yield DataTable(id="stats-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("Deck", "Answers", "Sessions", "✓", "◐", "✗", "Accuracy", "Missed", "Last"):
            table.add_column(label, key=label)
        self._load()

    @work(exclusive=True)
    async def _load(self) -> None:
        stats = await asyncio.to_thread(self.service.stats)
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
