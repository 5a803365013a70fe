"""Browse the missed cards of a deck: your last answer beside the reference."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mlquiz.core.errors import StorageError
from mlquiz.core.terminal_text import shown, shown_line
from mlquiz.ui import format as fmt
from mlquiz.ui.screens.closing import dismiss_stopping_workers
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.footer import Footer
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.cards import Deck
    from mlquiz.core.decks.editing import SavedEdit
    from mlquiz.core.summaries import MissedEntry
    from mlquiz.service import GameService

# The screen dismisses with the listed cards' ids, in the list's order, when the
# learner asks to be quizzed on them (None: back without a quiz).


class MissedList(OptionList):
    """The missed cards; Enter (OptionList's select) starts the review quiz."""

    # Named for the Footer: OptionList's own Enter binding is hidden.
    BINDINGS = [Binding("enter", "select", "Quiz these cards")]


class ReviewScreen(Screen["tuple[str, ...] | None"]):
    """The deck's missed cards, most missed first; dismisses with their ids in that
    order (Enter: quiz them as listed) or None.

    With the menu's tag filter on (`tag`), only the cards it keeps: those the
    menu counts and Enter quizzes."""

    CSS_PATH = "review.tcss"

    BINDINGS = [
        Binding("enter", "quiz", "Quiz these cards"),
        # The label the quiz's feedback gives the same key: one name for one action.
        Binding("e", "edit_card", "Edit", tooltip="Edit this card"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, service: GameService, deck: Deck, tag: str | None = None) -> None:
        super().__init__()
        self.service = service
        self.deck = deck
        self.tag = tag
        self.entries: list[MissedEntry] = []
        self._played = True  # whether the deck has any answer (asked when nothing is missed)
        self.sub_title = f"{deck.title} · missed cards"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Loading…", id="review-title", markup=False)
        yield MissedList(id="review-list")
        with VerticalScroll(id="review-detail"):
            yield Static(id="review-question", markup=False)
            with Horizontal(id="review-compare"):
                with Vertical(classes="review-column"):
                    yield Static(
                        "Your last answer",
                        id="review-last-heading",
                        classes="heading",
                        markup=False,
                    )
                    yield Static(id="review-last", markup=False)
                with Vertical(classes="review-column"):
                    yield Static("Reference answer", classes="heading")
                    yield Static(id="review-reference", markup=False)
            yield Static("Key points you keep missing", classes="heading")
            yield Static(id="review-points", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True)
    async def _load(self) -> None:
        try:
            entries = await call(self.service.missed_browse, self.deck.id)
            if self.tag is not None:
                entries = [e for e in entries if self.tag in e.card.tags]
            self.entries = entries
            if not self.entries:
                self._played = await call(self.service.has_answers, self.deck.id)
        except StorageError as error:
            self.query_one("#review-title", Static).update(
                shown(f"Your history cannot be read: {error}")
            )
            return
        self._show_entries()

    def _show_entries(self) -> None:
        entries = self.entries
        self.set_class(not entries, "-empty")
        title = self.query_one("#review-title", Static)
        # The tag is the deck's text: the Static reads no markup, `shown_line` tames controls.
        tag = shown_line(self.tag) if self.tag is not None else None
        filtered = f"tag {tag}: " if tag is not None else ""
        if not entries:
            where = f"among the cards tagged {tag}" if tag is not None else "in this deck"
            title.update(
                f"Nothing missed {where}: your last answer to every card you have "
                "answered was correct."
                if self._played
                else "Nothing missed yet: you have not answered a card of this deck."
            )
            self.refresh_bindings()
            return
        title.update(
            f"{filtered}{fmt.plural(len(entries), 'missed card')} · most missed first · "
            "Enter quizzes you on them"
        )
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(
                Content(
                    f"{fmt.VERDICT_SYMBOL.get(e.last_verdict, '✗')} {shown_line(e.card.question)}"
                    f"  · missed {e.misses} of {e.attempts}"
                ),
                id=e.card.id,
            )
            for e in entries
        )
        options.highlighted = 0
        options.focus()
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted, "#review-list")
    def _show_detail(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail_of(event.option_index)

    def _show_detail_of(self, index: int) -> None:
        entry = self.entries[index]
        self.query_one("#review-question", Static).update(shown(entry.card.question))
        heading = f"Your last answer · {fmt.verdict_label(entry.last_verdict)}"
        when = fmt.ago(entry.last_answered_at, self.service.clock())
        if when:
            heading += f" · {when}"
        self.query_one("#review-last-heading", Static).update(heading)
        # The last answer comes from the database: stored by any version, it may hold anything.
        self.query_one("#review-last", Static).update(shown(entry.last_answer) or "(skipped)")
        self.query_one("#review-reference", Static).update(shown(entry.reference))
        points = "\n".join(
            f"✗ {label} · missed {fmt.plural(times, 'time')}"
            for label, times in entry.missed_points
        )
        self.query_one("#review-points", Static).update(shown(points) or "—")

    @on(OptionList.OptionSelected, "#review-list")
    def _quiz_from_list(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_quiz()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("quiz", "edit_card"):
            return bool(self.entries)
        return True

    def action_edit_card(self) -> None:
        """Edit the highlighted card, its last answer graded live beside it."""
        from mlquiz.ui.screens.card_editor import CardEditor, not_editable

        index = self.query_one(OptionList).highlighted
        if not self.entries or index is None:
            return
        entry = self.entries[index]
        why = not_editable(entry.card, self.deck)
        if why:
            self.notify(why, severity="warning", timeout=8)
            return

        def edited(saved: SavedEdit | None) -> None:
            if saved is not None:
                self.deck = saved.deck
                self.entries[index] = replace(entry, card=saved.card)
                self._show_detail_of(index)

        editor = CardEditor(self.service, self.deck.id, entry.card, entry.last_answer)
        self.app.push_screen(editor, edited)

    def action_quiz(self) -> None:
        if self.entries:
            self.dismiss(tuple(entry.card.id for entry in self.entries))

    def action_back(self) -> None:
        dismiss_stopping_workers(self)
