"""One card's history, over the browser: each answer, its verdict, rating and the due it set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from mlquiz.core.errors import StorageError
from mlquiz.core.scheduling import Rating
from mlquiz.core.terminal_text import shown, shown_line
from mlquiz.ui import format as fmt
from mlquiz.ui.screens.closing import dismiss_stopping_workers
from mlquiz.ui.service_thread import call

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.cards import Card, Deck
    from mlquiz.service import GameService

RATING_WORD = {int(r): r.name.title() for r in Rating}
# Rows shown: the table measures each cell, and a card answered a thousand times
# is read from its newest answers back.
MAX_ROWS = 200


class CardHistoryScreen(ModalScreen[None]):
    """Escape (or h, q) closes."""

    CSS_PATH = "browser.tcss"
    BINDINGS = [Binding("escape,h,q", "close", "Close")]

    def __init__(self, service: GameService, deck: Deck, card: Card) -> None:
        super().__init__()
        self.service = service
        self.deck = deck
        self.card = card

    def compose(self) -> ComposeResult:
        with Vertical(id="history-dialog") as dialog:
            # A border title is read as markup: the card's id is the deck's text.
            dialog.border_title = f"Card {escape(shown_line(self.card.id))}: its answers"
            dialog.border_subtitle = "Escape closes"
            yield Static(shown(self.card.question), id="history-question", markup=False)
            yield Static("Loading…", id="history-summary", markup=False)
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        try:
            history = await call(self.service.card_history, self.deck.id, self.card.id)
        except StorageError as error:
            self.query_one("#history-summary", Static).update(shown(f"Cannot read it: {error}"))
            return
        summary = self.query_one("#history-summary", Static)
        if not history:
            summary.update("Never answered.")
            return
        now = self.service.clock()
        wrong = sum(1 for h in history if h["verdict"] != "correct")
        summary.update(
            f"{fmt.plural(len(history), 'answer')}, {wrong} not correct"
            + (f" · the newest {MAX_ROWS} below" if len(history) > MAX_ROWS else "")
        )
        table = self.query_one(DataTable)
        for title in ("When", "Mode", "Verdict", "Rating", "Next due", "Answer"):
            table.add_column(title, key=title.lower())
        rows = []
        for entry in reversed(history[-MAX_ROWS:]):
            verdict = fmt.verdict_label(entry["verdict"]) + (
                " (yours)" if entry["overridden"] else ""
            )
            due = entry["due"]
            rows.append(
                [
                    Text(
                        entry["answered_at"].astimezone(self.service.tz).strftime("%Y-%m-%d %H:%M")
                    ),
                    Text(entry["mode"]),
                    Text(verdict),
                    Text(
                        RATING_WORD.get(entry["rating"], "—")
                        if entry["rating"]
                        else "not scheduled"
                    ),
                    Text(fmt.due_in(due, now, self.service.tz) if due else "—"),
                    Text(
                        "(skipped)"
                        if entry["skipped"]
                        # Stored by any version: it may hold anything.
                        else " ".join(shown_line(entry["answer"]).split())[:60]
                    ),
                ]
            )
        table.add_rows(rows)

    def action_close(self) -> None:
        dismiss_stopping_workers(self)
