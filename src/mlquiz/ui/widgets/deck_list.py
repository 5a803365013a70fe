"""The list of decks on the menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from mlquiz.core.terminal_text import shown_line
from mlquiz.ui import format as fmt

if TYPE_CHECKING:
    from mlquiz.core.decks.index import DeckInfo


class DeckList(OptionList):
    """One option per deck (title, then card count and origin).

    Enter selects the highlighted deck (the menu starts a quiz on it). A
    single click only highlights, so choosing a deck with the mouse does not
    start a quiz by surprise; a double click does.
    """

    # OptionList's own Enter binding is hidden; name it after what it does here.
    BINDINGS = [Binding("enter", "select", "Start quiz")]

    def show_decks(self, decks: list[DeckInfo]) -> None:
        self.clear_options()
        self.add_options(
            Option(
                Content.assemble(
                    (shown_line(deck.title), "bold"),
                    "\n",
                    (f"{fmt.plural(deck.card_count, 'card')} · {_origin(deck)}", "dim"),
                ),
                id=deck.id,
            )
            for deck in decks
        )

    async def _on_click(self, event: events.Click) -> None:
        # Stop OptionList's own handler, which selects on every click.
        event.prevent_default()
        clicked = event.style.meta.get("option")
        if clicked is None or self.get_option_at_index(clicked).disabled:
            return
        self.highlighted = clicked
        if event.chain >= 2:
            self.action_select()


def _origin(deck: DeckInfo) -> str:
    if deck.source in ("built-in", "built-in, edited", "user"):
        return deck.source
    return "from file"
