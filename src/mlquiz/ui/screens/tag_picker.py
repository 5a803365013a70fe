"""A small list to pick the tag filter from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from mlquiz.core.terminal_text import shown_line

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.cards import Deck
    from mlquiz.core.decks.index import DeckInfo

# The option id of "no filter": tags are deck-defined strings, so a sentinel
# that cannot be a tag (it has a space) stands for "all".
ALL = "all tags"


class TagPicker(ModalScreen["str | None"]):
    """Dismisses with the chosen tag, ALL for no filter, or None when cancelled."""

    CSS_PATH = "tag_picker.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, deck: Deck | DeckInfo, current: str | None) -> None:
        """`deck`: the deck, or its index entry (which counts its cards by tag)."""
        super().__init__()
        self.deck = deck
        self.current = current

    def compose(self) -> ComposeResult:
        from mlquiz.core.decks.index import DeckInfo, info_of

        info = self.deck if isinstance(self.deck, DeckInfo) else info_of(self.deck, "")
        counts = dict(zip(info.tags, info.tag_counts, strict=True))
        options = [Option(f"All tags ({info.card_count} cards)", id=ALL)]
        # Sorted, so a tag is found where one looks for it (the deck lists them as they come).
        ordered = sorted(counts.items(), key=lambda item: (item[0].casefold(), item[0]))
        options += [Option(Content(f"{shown_line(tag)} ({n})"), id=tag) for tag, n in ordered]
        with Vertical(id="tag-dialog") as dialog:
            dialog.border_title = "Only cards tagged"
            dialog.border_subtitle = "Enter picks · Escape cancels"
            yield OptionList(*options, id="tag-list")

    def on_mount(self) -> None:
        tags = self.query_one(OptionList)
        tags.highlighted = tags.get_option_index(self.current or ALL)
        tags.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
