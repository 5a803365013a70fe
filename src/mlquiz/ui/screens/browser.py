"""The card browser: every card of a deck, searched as you type, sorted, acted on.

The list is `CardTable` (drawn line by line, so 10,000 cards are as quick as
40). `/` goes to the search box, whose words are looked for literally in the
question, answer and tags (and `is:suspended`, `flag:red` ...: see
`core.browser`); Enter or ↓ goes back to the list. On the list: space selects
cards, and the actions apply to the selected ones (or the one under the
cursor): s suspend or unsuspend, b bury until tomorrow or unbury, f the next
flag colour, r (twice) reset the schedule, h or Enter the card's history,
e edit the card (the card editor of `card_editor.py`, the last answer to it
graded live). o sorts by the next column, O reverses.

Every action goes through the service and the list is read again, so what
it shows is what is stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from mlquiz.core.browser import CardRow, SortKey, search, sort_rows
from mlquiz.core.errors import StorageError
from mlquiz.core.store.controls import FLAG_COLOURS
from mlquiz.core.terminal_text import shown, shown_line
from mlquiz.ui import format as fmt
from mlquiz.ui.screens.closing import dismiss_stopping_workers
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.card_table import COLUMNS, CardTable
from mlquiz.ui.widgets.footer import Footer
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.decks.editing import SavedEdit
    from mlquiz.service import GameService

SORT_ORDER = tuple(SortKey)
SORT_NAMES = {key: key.value for key in SortKey}
# How long "press r again" waits.
CONFIRM_SECONDS = 3.0


class BrowserScreen(Screen[None]):
    """Every card of one deck; Escape goes back."""

    CSS_PATH = "browser.tcss"

    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("s", "suspend", "Suspend"),
        Binding("b", "bury", "Bury"),
        Binding("f", "flag", "Flag"),
        Binding("r", "reset", "Reset schedule", show=False),
        Binding("h,enter", "history", "History"),
        Binding("e", "edit", "Edit", show=False),
        Binding("o", "sort", "Sort"),
        Binding("O", "reverse", "Reverse order", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, service: GameService, deck: Deck) -> None:
        super().__init__()
        self.service = service
        self.deck = deck
        self.rows: list[CardRow] = []
        self.sorted: list[CardRow] = []
        self.shown: list[CardRow] = []
        self.sort_key = SortKey.DECK
        self.descending = False
        self._reset_asked: tuple[float, frozenset[str]] | None = None
        # An action is being stored: the next waits for the list to be read again,
        # since what it does depends on it (s and b toggle, f cycles).
        self._acting = False
        self.sub_title = f"{deck.title} · all cards"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(
            placeholder="/ search question, answer, tags · is:suspended is:leech flag:red …",
            id="browser-search",
        )
        yield Static("Loading…", id="browser-count", markup=False)
        yield Static(id="browser-header")
        yield CardTable(id="browser-table")
        yield Static(id="browser-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CardTable).focus()
        self.load()

    # -- reading ---------------------------------------------------------------

    @work(exclusive=True, group="browser")
    async def load(self) -> None:
        """Read every card's row on the service thread, then show them."""
        try:
            rows = await call(self.service.browse_cards, self.deck.id)
        except StorageError as error:
            self.query_one("#browser-count", Static).update(
                shown_line(f"Your history cannot be read: {error}")
            )
            return
        self.rows = rows
        self._sort()
        self._warm_search(rows)

    @work(thread=True, exclusive=True, group="browser-search-text")
    def _warm_search(self, rows: list[CardRow]) -> None:
        """Make each row's search text now, off the event loop, so the first key typed
        into the search does not make 10,000 of them."""
        for row in rows:
            row.text  # noqa: B018 - made and kept by the property

    def _filter(self) -> None:
        query = self.query_one("#browser-search", Input).value
        self.shown = search(self.sorted, query)
        table = self.query_one(CardTable)
        table.selected &= {row.card_id for row in self.rows}
        table.show(self.shown, self.service.clock())
        self._show_counts()

    def _sort(self) -> None:
        self.sorted = sort_rows(self.rows, self.sort_key, self.descending)
        self._filter()
        self._show_header()

    def _show_counts(self) -> None:
        table = self.query_one(CardTable)
        parts = [fmt.plural(len(self.rows), "card")]
        if len(self.shown) != len(self.rows):
            parts.append(f"{len(self.shown)} shown")
        parts.append(f"sorted by {SORT_NAMES[self.sort_key]} {'↓' if self.descending else '↑'}")
        if table.selected:
            parts.append(f"{len(table.selected)} selected (space)")
        # One line, always: no layout pass for it (each costs the whole screen).
        self.query_one("#browser-count", Static).update(" · ".join(parts), layout=False)

    def _show_header(self) -> None:
        table = self.query_one(CardTable)
        widths = table.widths(table.scrollable_content_region.width or table.size.width)
        pieces: list[Content | str] = []
        for (title, key, _), width in zip(COLUMNS, widths, strict=True):
            arrow = ("↓" if self.descending else "↑") if key == self.sort_key.value else ""
            text = f"{title}{arrow}"[:width].ljust(width)
            style = "bold reverse" if arrow else "bold"
            pieces.append(Content.styled(text, style))
            pieces.append(" ")
        self.query_one("#browser-header", Static).update(Content.assemble(*pieces), layout=False)

    @on(CardTable.Resized)
    def _columns_moved(self) -> None:
        self.call_after_refresh(self._show_header)

    @on(CardTable.Highlighted)
    def _show_detail(self, event: CardTable.Highlighted) -> None:
        self._show_counts()  # the selection may have changed (space moves the cursor on)
        detail = self.query_one("#browser-detail", Static)
        row = event.row
        if row is None:
            detail.update("No card matches the search." if self.rows else "", layout=False)
            return
        card = row.card
        tags = f"   tags: {', '.join(card.tags)}" if card.tags else ""
        # The deck's text: its controls made visible (the Static reads no markup).
        detail.update(shown(f"{card.question}\n→ {card.answer}{tags}"), layout=False)

    # -- search ------------------------------------------------------------------

    @on(Input.Changed, "#browser-search")
    def _searched(self) -> None:
        if self.rows:
            self._filter()

    @on(Input.Submitted, "#browser-search")
    def _search_done(self) -> None:
        self.query_one(CardTable).focus()

    def on_key(self, event: events.Key) -> None:
        search_box = self.query_one("#browser-search", Input)
        if search_box.has_focus and event.key in ("down", "escape"):
            event.stop()
            event.prevent_default()
            self.query_one(CardTable).focus()

    def action_search(self) -> None:
        self.query_one("#browser-search", Input).focus()

    # -- which keys do something now -----------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("suspend", "bury", "flag", "reset", "history", "edit", "sort", "reverse"):
            # Letters typed into the search box are search words, not actions.
            if self.query_one("#browser-search", Input).has_focus:
                return False
            if action in ("sort", "reverse"):
                return True
            if self._acting and action in ("suspend", "bury", "flag", "reset"):
                return False
            return bool(self.query_one(CardTable).chosen())
        return True

    # -- actions -------------------------------------------------------------------

    def _chosen(self) -> list[CardRow]:
        return self.query_one(CardTable).chosen()

    def action_suspend(self) -> None:
        rows = self._chosen()
        suspend = not all(row.flags.suspended for row in rows)
        ids = [row.card_id for row in rows]
        what = "Suspended" if suspend else "Unsuspended"
        self._act(
            self.service.suspend, ids, suspend, done=f"{what} {fmt.plural(len(ids), 'card')}."
        )

    def action_bury(self) -> None:
        rows = self._chosen()
        now = self.service.clock()
        bury = not all(row.flags.buried(now) for row in rows)
        ids = [row.card_id for row in rows]
        done = (
            f"Buried {fmt.plural(len(ids), 'card')} until tomorrow."
            if bury
            else f"{fmt.plural(len(ids), 'card')} back in play."
        )
        self._act(self.service.bury, ids, bury, done=done)

    def action_flag(self) -> None:
        rows = self._chosen()
        current = rows[0].flags.flag
        cycle = (None, *FLAG_COLOURS)
        colour = cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else None
        ids = [row.card_id for row in rows]
        done = f"Flag {colour} on {fmt.plural(len(ids), 'card')}." if colour else "Flag off."
        self._act(self.service.flag, ids, colour, done=done)

    def action_reset(self) -> None:
        ids = frozenset(row.card_id for row in self._chosen())
        now = time.monotonic()
        asked = self._reset_asked
        if asked is None or asked[1] != ids or now - asked[0] > CONFIRM_SECONDS:
            self._reset_asked = (now, ids)
            self.notify(
                f"Press r again to make {fmt.plural(len(ids), 'card')} new: the schedule starts "
                "over (your answers stay in the history and the stats).",
                timeout=CONFIRM_SECONDS,
            )
            return
        self._reset_asked = None
        done = f"{fmt.plural(len(ids), 'card')} new again."
        self._act(self.service.reset_schedule, sorted(ids), done=done)

    def action_history(self) -> None:
        row = self.query_one(CardTable).current
        if row is None:
            return
        from mlquiz.ui.screens.card_history import CardHistoryScreen

        self.app.push_screen(CardHistoryScreen(self.service, self.deck, row.card))

    def action_edit(self) -> None:
        row = self.query_one(CardTable).current
        if row is not None:
            self._edit(row.card)

    @work(exclusive=True, group="browser-edit")
    async def _edit(self, card: Card) -> None:
        """The card editor on `card`, its last answer graded live beside it; the list
        is read again once it is saved."""
        from mlquiz.ui.screens.card_editor import CardEditor, not_editable

        why = not_editable(card, self.deck)
        if why:
            self.notify(why, severity="warning", timeout=8)
            return
        try:
            history = await call(self.service.card_history, self.deck.id, card.id)
        except StorageError:
            history = []  # the editor works without an answer to grade
        answers = [h["answer"] for h in history if not h["skipped"] and h["answer"]]

        def edited(saved: SavedEdit | None) -> None:
            if saved is not None:
                self.deck = saved.deck
                self.load()

        editor = CardEditor(
            self.service,
            self.deck.id,
            card,
            answers[-1] if answers else "",
            no_answer="you have not answered it yet",
        )
        self.app.push_screen(editor, edited)

    def action_sort(self) -> None:
        index = SORT_ORDER.index(self.sort_key)
        self.sort_key = SORT_ORDER[(index + 1) % len(SORT_ORDER)]
        self.descending = False
        self._sort()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self._sort()

    def action_back(self) -> None:
        dismiss_stopping_workers(self)

    def _act(self, method: Callable[..., object], ids: list[str], *args: object, done: str) -> None:
        if self._acting:
            return
        self._acting = True
        self._store_action(method, ids, *args, done=done)

    @work(group="browser-act")
    async def _store_action(
        self, method: Callable[..., object], ids: list[str], *args: object, done: str
    ) -> None:
        """Run a service action on the cards, then read the list again."""
        try:
            await call(method, self.deck.id, ids, *args)
        except (StorageError, ValueError) as error:
            self.notify(f"Nothing changed: {error}", severity="error", markup=False)
            self._acting = False
            return
        self.notify(done, timeout=3)
        try:
            self.rows = await call(self.service.browse_cards, self.deck.id)
        except StorageError as error:
            self.notify(f"The list could not be read again: {error}", severity="error")
        finally:
            self._acting = False
        self._sort()
