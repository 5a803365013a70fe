"""The menu: pick a deck and options, then play.

Focus stays on the deck list, so Enter always means "start a quiz on this
deck"; the options change with single keys (c, o, t) or a click, and the
other modes have their own keys. The screens behind the menu are imported
when first opened, which keeps the grader and the quiz widgets out of the
start-up path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from mlquiz.core.errors import DeckError, StorageError
from mlquiz.core.terminal_text import shown, shown_line
from mlquiz.ui import format as fmt
from mlquiz.ui.screens.menu_lines import (
    broken_decks_text,
    nothing_to_review,
    reviewable,
    summary_line,
)
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.deck_list import DeckList
from mlquiz.ui.widgets.key_bar import KeyBar
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult

    from mlquiz.core.cards import Deck
    from mlquiz.core.deck_settings import DeckSettings
    from mlquiz.core.decks.index import DeckInfo
    from mlquiz.core.session import Session, SessionResults
    from mlquiz.core.settings import Settings, TimedFeedback
    from mlquiz.core.summaries import MenuSummary
    from mlquiz.service import GameService


# The modes, as (action, label, key). Shown as a list whose rows a click or the
# key starts; it never takes focus, so Enter stays "start a quiz".
MODES = (
    ("start", "Start quiz", "⏎"),
    ("review", "Review", "r"),
    ("browse", "Browse missed", "b"),
    ("cards", "All cards", "a"),
    ("stats", "Stats", "s"),
    ("challenge", "Timed challenge", "x"),
    ("deck_settings", "Schedule settings", "d"),
)

# The choices for "number of cards"; None means all. (Here, not in core/modes.py,
# which the menu does not otherwise need before a session starts.)
COUNTS: tuple[int | None, ...] = (10, 20, None)

# Room for the longest label, "Review (12 due · 34 missed · 20 new)", and a gap
# before the key.
LABEL_WIDTH = 37


NO_DECKS_TITLE = "No decks found"
NO_DECKS_HINT = (
    "Put deck files (TOML) in your decks folder, or start with `mlquiz --deck path/to/deck.toml`."
)


def first_deck(decks: list[DeckInfo], deck_id: str | None = None) -> str | None:
    """The deck the menu selects first: `deck_id` if it is one of `decks`, else the first."""
    if any(deck.id == deck_id for deck in decks):
        return deck_id
    return decks[0].id if decks else None


class MenuScreen(Screen[None]):
    """Decks on the left; the chosen deck, its options and the modes on the right."""

    # The footer shows the two keys that matter most; b, s and x sit beside
    # their modes in the Play list, and c, o, t beside the options. (The footer
    # is a KeyBar, one widget: Textual's, a widget per key, cost the first frame
    # ~15 ms of CPU.)
    BINDINGS = [
        Binding("enter", "start", "Start quiz"),
        Binding("r", "review", "Review"),
        Binding("b", "browse", "Browse missed", show=False),
        Binding("a", "cards", "All cards", show=False),
        Binding("d", "deck_settings", "Schedule settings", show=False),
        Binding("s", "stats", "Stats", show=False),
        Binding("x", "challenge", "Timed challenge", show=False),
        Binding("c", "cycle_count", "Cards", show=False),
        Binding("o", "toggle_order", "Order", show=False),
        Binding("t", "pick_tag", "Tag", show=False),
    ]

    class OptionsChanged(Message):
        """The learner changed the default quiz options (the app saves them)."""

        def __init__(self, count: int | None, shuffle: bool, tag: str | None) -> None:
            super().__init__()
            self.count = count
            self.shuffle = shuffle
            self.tag = tag

    class DeckSettingsChanged(Message):
        """The learner changed a deck's schedule settings (the app saves them)."""

        def __init__(self, deck_id: str, settings: DeckSettings) -> None:
            super().__init__()
            self.deck_id = deck_id
            self.settings = settings

    class FeedbackChanged(Message):
        """The learner switched the timed challenge's feedback (the app saves it)."""

        def __init__(self, feedback: TimedFeedback) -> None:
            super().__init__()
            self.feedback = feedback

    deck_id: reactive[str | None] = reactive(None, init=False)
    count: reactive[int | None] = reactive(10, init=False)
    shuffle: reactive[bool] = reactive(True, init=False)
    tag: reactive[str | None] = reactive(None, init=False)
    summary: reactive[MenuSummary | None] = reactive(None, init=False)

    def __init__(
        self,
        service: GameService,
        decks: list[DeckInfo],
        settings: Settings,
        deck_id: str | None = None,
        summary: MenuSummary | None = None,
        broken: list[str] | None = None,
    ) -> None:
        """`summary`, the first deck's, read before the app started (see `ui.app.run`),
        lets the menu appear complete: without it the menu reads it once mounted.
        `decks` are the deck index's entries (no card is read until a deck is played);
        `broken` the decks that failed to load (`path:line: problem`)."""
        super().__init__()
        self.broken = list(broken or [])
        self.service = service
        self.decks = {deck.id: deck for deck in decks}
        self.set_reactive(MenuScreen.count, settings.count)
        self.set_reactive(MenuScreen.shuffle, settings.shuffle)
        self.set_reactive(MenuScreen.tag, settings.tag)
        self.timed_feedback = settings.timed_feedback
        # The first deck and its summary are set without their watchers: compose
        # gives every widget its final text, so nothing changes after the first
        # frame (each change after mount costs a layout pass of 20-45 ms).
        self.set_reactive(MenuScreen.deck_id, first_deck(decks, deck_id))
        if summary is not None and (summary.deck_id, summary.tag) == (
            self.deck_id,
            self.effective_tag,
        ):
            self.set_reactive(MenuScreen.summary, summary)
        self._busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        # The two columns are the screen's own children (its layout is horizontal,
        # the title bar and footer docked): a container around them cost every
        # line of the first frame another strip to draw and cut.
        with Vertical(id="menu-decks"):
            yield Static("Decks", classes="heading")
            yield DeckList(id="menu-deck-list")
            if self.broken:
                yield Static(broken_decks_text(self.broken), id="menu-broken", markup=False)
        # The right-hand panel is four Statics, each one Content with
        # @click links for the option values and the modes: every widget
        # and CSS rule costs the first frame (see issue 3).
        with VerticalScroll(id="menu-panel"):
            deck = self.deck
            glance = "" if deck is None else self._glance(deck)
            yield Static(self._deck_text(), id="menu-deck")
            # markup=False: the line may hold a tag of the deck's, which is data.
            yield Static(glance, id="menu-glance", markup=False)
            yield Static(self._options_text(), id="menu-options")
            yield Static(self._modes_text(), id="menu-modes")
        yield KeyBar()

    def on_mount(self) -> None:
        deck_list = self.query_one(DeckList)
        deck_list.show_decks(list(self.decks.values()))
        if self.deck_id is not None:
            # Posts OptionHighlighted, which sets deck_id to the value it has: no watcher.
            deck_list.highlighted = deck_list.get_option_index(self.deck_id)
            if self.summary is None:
                self.refresh_summary()
        deck_list.focus()

    # -- the selected deck ----------------------------------------------------

    @property
    def deck(self) -> DeckInfo | None:
        """The selected deck's index entry (its cards are the service's, loaded on use)."""
        return self.decks.get(self.deck_id) if self.deck_id else None

    @on(DeckList.OptionHighlighted, "#menu-deck-list")
    def _deck_highlighted(self, event: DeckList.OptionHighlighted) -> None:
        self.deck_id = event.option.id

    @on(DeckList.OptionSelected, "#menu-deck-list")
    def _deck_chosen(self, event: DeckList.OptionSelected) -> None:
        event.stop()
        self.deck_id = event.option.id
        self.action_start()

    def watch_deck_id(self, deck_id: str | None) -> None:
        deck = self.deck
        if deck is None:
            return
        self.query_one("#menu-deck", Static).update(self._deck_text())
        self.query_one("#menu-glance", Static).update(fmt.plural(deck.card_count, "card"))
        self._show_options()
        self.refresh_summary()

    @work(exclusive=True, group="summary")
    async def refresh_summary(self) -> None:
        """Read the missed count and the last session of the deck, off the event loop."""
        deck_id, tag = self.deck_id, self.effective_tag
        if deck_id is None:
            return
        try:
            # Counted with the tag filter, as a quiz or review started now would ask.
            summary = await call(self.service.menu_summary, deck_id, tag)
        except StorageError:
            # The app has said why; the menu just goes without the summary.
            self.query_one("#menu-glance", Static).update("Your history cannot be read.")
            return
        if (deck_id, tag) == (self.deck_id, self.effective_tag):
            self.summary = summary

    def watch_summary(self, summary: MenuSummary | None) -> None:
        if summary is None:
            return
        self.query_one("#menu-glance", Static).update(summary_line(summary, self.service))
        self.query_one("#menu-modes", Static).update(self._modes_text())
        self.refresh_bindings()

    def _glance(self, deck: DeckInfo) -> str:
        """The line under the deck's description: its summary, or its size until read."""
        if self.summary is None:
            return fmt.plural(deck.card_count, "card")
        return summary_line(self.summary, self.service)

    def _deck_text(self) -> Content:
        """The deck's title and description (or how to add decks, if there are none)."""
        deck = self.deck
        title, description = (
            (NO_DECKS_TITLE, NO_DECKS_HINT) if deck is None else (deck.title, deck.description)
        )
        return Content.assemble(
            (shown_line(title), "bold $text-accent"),
            "\n",
            (shown(description), "$foreground-muted"),
        )

    def _modes_text(self) -> Content:
        """The Play list: a link per mode that runs its action (which honours
        check_action). Review shows both its pools and, while there is nothing
        to review, is greyed out and no link (r then says when cards come due)."""
        summary = self.summary
        rows: list[Content | str] = [Content.styled("Play", "bold $text-primary")]
        for mode, label, key in MODES:
            link = f"@click=screen.{mode}"
            greyed = False
            if mode == "review" and summary is not None:
                label = f"Review ({summary.due_now} due · {summary.missed} missed"
                label += f" · {summary.new} new)" if summary.new else ")"
                greyed = not reviewable(summary)
            # Greyed, it is no link: the panel's link colour would override the grey.
            style = "$foreground-disabled bold" if greyed else f"{link} bold"
            rows.append(
                Content.assemble(
                    " ",
                    (f"{label:<{LABEL_WIDTH}}", style),
                    (key, "$foreground-disabled" if greyed else "dim"),
                )
            )
        return Content("\n").join(rows)

    # -- options --------------------------------------------------------------

    @property
    def effective_tag(self) -> str | None:
        """The tag filter if the selected deck has that tag (the setting is global)."""
        deck = self.deck
        return self.tag if deck is not None and self.tag in deck.tags else None

    def _options_text(self) -> Content:
        """The Cards, Order and Tag rows, the chosen value of each in reverse. Each
        value is a link that chooses it; each row's name, like its key, cycles it."""

        def choice(name: str, chosen: bool, action: str) -> Content:
            return Content.styled(
                f" {name} ", f"@click=screen.{action}" + (" reverse" if chosen else "")
            )

        def row(name: str, action: str, values: list[Content], key: str) -> Content:
            return Content.assemble(
                Content.styled(f"{name:<5}", f"@click=screen.{action}"),
                "  ",
                Content("  ").join(values),
                "   ",
                (key, "dim"),
            )

        counts = [choice(_count_name(c), c == self.count, f"set_count({c!r})") for c in COUNTS]
        orders = [
            choice(name, value == self.shuffle, f"set_shuffle({value!r})")
            for name, value in (("Shuffled", True), ("Deck order", False))
        ]
        tag = self.effective_tag
        tags = [
            choice(shown_line(tag), True, "pick_tag")
            if tag
            else choice("all tags", False, "pick_tag")
        ]
        return Content("\n").join(
            [
                Content.styled("Options", "bold $text-primary"),
                row("Cards", "cycle_count", counts, "c"),
                row("Order", "toggle_order", orders, "o"),
                row("Tag", "pick_tag", tags, "t"),
            ]
        )

    def _show_options(self) -> None:
        self.query_one("#menu-options", Static).update(self._options_text())

    def _options_changed(self) -> None:
        self._show_options()
        self.post_message(self.OptionsChanged(self.count, self.shuffle, self.tag))

    def action_cycle_count(self) -> None:
        index = COUNTS.index(self.count) if self.count in COUNTS else -1
        self.count = COUNTS[(index + 1) % len(COUNTS)]
        self._options_changed()

    def action_set_count(self, count: int | None) -> None:
        self.count = count
        self._options_changed()

    def action_toggle_order(self) -> None:
        self.action_set_shuffle(not self.shuffle)

    def action_set_shuffle(self, shuffle: bool) -> None:
        self.shuffle = shuffle
        self._options_changed()

    def action_pick_tag(self) -> None:
        deck = self.deck
        if deck is None:
            return
        if not deck.tags:
            self.notify("This deck has no tags.", timeout=2)
            return
        from mlquiz.ui.screens.tag_picker import ALL, TagPicker

        def picked(tag: str | None) -> None:
            if tag is None:
                return
            self.tag = None if tag == ALL else tag
            self._options_changed()
            self.refresh_summary()  # the counts follow the filter

        self.app.push_screen(TagPicker(deck, self.effective_tag), picked)

    # -- modes ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in (
            "start",
            "cycle_count",
            "set_count",
            "toggle_order",
            "set_shuffle",
            "pick_tag",
            "browse",
            "challenge",
            "cards",
            "deck_settings",
        ):
            return self.deck is not None
        if action == "review":
            # Even with nothing to review: r then says when the next card comes due.
            return self.deck is not None
        return True

    def action_start(self) -> None:
        deck = self.deck
        if deck is None or self._busy:
            return
        self._play(
            self.service.start_quiz,
            deck.id,
            count=self.count,
            shuffle=self.shuffle,
            tag=self.effective_tag,
        )

    def action_review(self, new_cards: bool = True) -> None:
        """r: what is due, then what was missed, then the day's new cards; from the
        results and the missed cards (`new_cards` false), what is due and missed only."""
        deck = self.deck
        if deck is None or self._busy:
            return
        summary = self.summary
        # The summary is read on events, not as time passes: a card that has
        # come due since goes to the review.
        came_due = summary is not None and (
            summary.next_due is not None and summary.next_due <= self.service.clock()
        )
        if summary is not None and not reviewable(summary) and not came_due:
            self.notify(nothing_to_review(summary, self.service), timeout=4)
            return
        self._play(self.service.start_review, deck.id, tag=self.effective_tag, new_cards=new_cards)

    def action_browse(self) -> None:
        deck = self.deck
        if deck is None:
            return

        def browse(deck: Deck) -> None:
            from mlquiz.ui.screens.review import ReviewScreen

            def browsed(listed: tuple[str, ...] | None) -> None:
                self.refresh_summary()
                if listed and not self._busy:  # the cards as listed, in the list's order
                    self._play(self.service.start_listed_review, deck.id, card_ids=listed)

            self.app.push_screen(ReviewScreen(self.service, deck, self.effective_tag), browsed)

        self._with_cards(deck, browse)

    def action_cards(self) -> None:
        """The card browser: every card of the deck."""
        deck = self.deck
        if deck is None:
            return

        def open_browser(deck: Deck) -> None:
            from mlquiz.ui.screens.browser import BrowserScreen

            def closed(_: None) -> None:
                self.refresh_summary()

            self.app.push_screen(BrowserScreen(self.service, deck), closed)

        self._with_cards(deck, open_browser)

    @work(exclusive=True, group="open")
    async def _with_cards(self, info: DeckInfo, then: Callable[[Deck], None]) -> None:
        """Load the deck's cards on the service thread (the menu has only its index
        entry), then call `then` with the deck."""
        try:
            deck = await call(self.service.deck, info.id)
        except (DeckError, KeyError) as error:
            self.notify(f"Could not open {info.title}: {error}", severity="error", markup=False)
            return
        then(deck)

    def action_deck_settings(self) -> None:
        """The deck's schedule settings: retention, daily limits, leeches."""
        deck = self.deck
        if deck is None:
            return
        self._open_settings(deck)

    @work(exclusive=True, group="settings")
    async def _open_settings(self, deck: DeckInfo) -> None:
        from mlquiz.ui.screens.deck_settings import DeckSettingsScreen

        try:
            parameters = await call(self.service.parameters_note, deck.id)
        except StorageError:
            parameters = ""

        def saved(settings: DeckSettings | None) -> None:
            if settings is None:
                return
            self.post_message(self.DeckSettingsChanged(deck.id, settings))
            self.notify(f"Schedule settings of {deck.title} saved.", timeout=3, markup=False)

        current = self.service.deck_settings(deck.id)
        self.app.push_screen(DeckSettingsScreen(deck, current, parameters), saved)

    def action_challenge(self) -> None:
        deck = self.deck
        if deck is None or self._busy:
            return
        from mlquiz.ui.screens.challenge import open_challenge

        def feedback_chosen(feedback: TimedFeedback) -> None:
            self.timed_feedback = feedback
            self.post_message(self.FeedbackChanged(feedback))

        open_challenge(
            self.app,
            self.service,
            deck,
            tag=self.effective_tag,
            feedback=self.timed_feedback,
            on_feedback=feedback_chosen,
            on_done=self.refresh_summary,
        )

    def action_stats(self) -> None:
        from mlquiz.ui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.service, self.deck_id))

    @work(exclusive=True, group="play")
    async def _play(self, start, deck_id: str, **options) -> None:
        """Start a session off the event loop (the first one builds the grader)."""
        self._busy = True
        try:
            from mlquiz.ui.screens.quiz import QuizScreen

            session: Session = await call(start, deck_id, **options)
        except Exception as error:  # a storage or deck problem: say so, stay here
            self.notify(f"Could not start: {error}", severity="error", markup=False)
            return
        finally:
            self._busy = False
        if not session.total:
            self.notify(
                "Nothing to review: no card of this deck is due, missed or new today."
                if session.mode == "review"
                else "No card to ask: every card is suspended or buried (a: all cards).",
                timeout=3,
            )
            return
        self.app.push_screen(QuizScreen(self.service, session), self._session_done)

    def _session_done(self, results: SessionResults | None) -> None:
        self.refresh_summary()
        if results is None:
            return
        from mlquiz.ui.screens.results import REVIEW, ResultsScreen

        deck = self.decks.get(results.deck_id)

        def chosen(choice: str | None) -> None:
            if choice == REVIEW:
                self.action_review(new_cards=False)

        title = deck.title if deck else results.deck_id
        self.app.push_screen(ResultsScreen(results, title), chosen)


def _count_name(count: int | None) -> str:
    return "All" if count is None else str(count)
