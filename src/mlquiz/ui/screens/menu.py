"""The menu: pick a deck and options, then play.

Focus stays on the deck list, so Enter always means "start a quiz on this
deck"; the options change with single keys (c, o, t) or a click, and the
other modes have their own keys. The screens behind the menu are imported
when first opened, which keeps the grader and the quiz widgets out of the
start-up path.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from mlquiz.core.modes import COUNTS
from mlquiz.ui import format as fmt
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.deck_list import DeckList
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime, tzinfo

    from textual.app import ComposeResult

    from mlquiz.core.cards import Deck
    from mlquiz.core.session import Session, SessionResults
    from mlquiz.core.settings import Settings
    from mlquiz.service import GameService, MenuSummary


# The modes, as (option id, label, key). Shown as a list that a click or the
# key starts; it never takes focus, so Enter stays "start a quiz".
MODES = (
    ("start", "Start quiz", "⏎"),
    ("review", "Review", "r"),
    ("browse", "Browse missed", "b"),
    ("stats", "Stats", "s"),
    ("challenge", "Timed challenge", "x"),
)


class ModeList(OptionList, can_focus=False):
    """The menu's modes; clicking one starts it."""


# Room for the longest label, "Review (12 due · 34 missed)", and a gap before the
# key; #menu-modes in app.tcss is this plus the key and the row's padding wide.
LABEL_WIDTH = 28


def _mode_prompt(label: str, key: str) -> Content:
    return Content.assemble((f"{label:<{LABEL_WIDTH}}", "bold"), (key, "dim"))


NO_DECKS_TITLE = "No decks found"
NO_DECKS_HINT = (
    "Put deck files (TOML) in your decks folder, or start with `mlquiz --deck path/to/deck.toml`."
)


def first_deck(decks: list[Deck], deck_id: str | None = None) -> str | None:
    """The deck the menu selects first: `deck_id` if it is one of `decks`, else the first."""
    if any(deck.id == deck_id for deck in decks):
        return deck_id
    return decks[0].id if decks else None


class MenuScreen(Screen[None]):
    """Decks on the left; the chosen deck, its options and the modes on the right."""

    # The footer shows the two keys that matter most; b, s and x sit beside
    # their modes in the Play list, and c, o, t beside the options. (Each
    # footer key is a widget: a full footer costs the first frame ~20 ms.)
    BINDINGS = [
        Binding("enter", "start", "Start quiz"),
        Binding("r", "review", "Review"),
        Binding("b", "browse", "Browse missed", show=False),
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

    class FeedbackChanged(Message):
        """The learner switched the timed challenge's feedback (the app saves it)."""

        def __init__(self, feedback: str) -> None:
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
        decks: list[Deck],
        settings: Settings,
        deck_id: str | None = None,
        summary: MenuSummary | None = None,
    ) -> None:
        """`summary`, the first deck's, read before the app started (see `ui.app.run`),
        lets the menu appear complete: without it the menu reads it once mounted."""
        super().__init__()
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
        if summary is not None and summary.deck_id == self.deck_id:
            self.set_reactive(MenuScreen.summary, summary)
        self._busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="menu-body"):
            with Vertical(id="menu-decks"):
                yield Static("Decks", classes="heading")
                yield DeckList(id="menu-deck-list")
            with VerticalScroll(id="menu-panel"):
                deck = self.deck
                if deck is None:
                    title, description, glance = NO_DECKS_TITLE, NO_DECKS_HINT, ""
                else:
                    title, description = deck.title, deck.description
                    glance = self._glance(deck)
                yield Static(title, id="menu-deck-title", markup=False)
                yield Static(description, id="menu-deck-description", markup=False)
                yield Static(glance, id="menu-glance")
                yield Static("Options", classes="heading")
                count, order, tag = self._option_lines()
                yield Static(count, id="menu-count", classes="menu-option")
                yield Static(order, id="menu-order", classes="menu-option")
                yield Static(tag, id="menu-tag", classes="menu-option")
                yield Static("Play", classes="heading")
                yield ModeList(*self._mode_options(), id="menu-modes")
        yield Footer()

    def on_mount(self) -> None:
        deck_list = self.query_one(DeckList)
        deck_list.show_decks(list(self.decks.values()))
        if self.deck_id is not None:
            # Posts OptionHighlighted, which sets deck_id to the value it has: no watcher.
            deck_list.highlighted = deck_list.get_option_index(self.deck_id)
            if self.summary is None:
                self.refresh_summary()
        # Not focusable, so a highlighted row would look like a cursor.
        self.query_one(ModeList).highlighted = None
        deck_list.focus()

    # -- the selected deck ----------------------------------------------------

    @property
    def deck(self) -> Deck | None:
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
        self.query_one("#menu-deck-title", Static).update(deck.title)
        self.query_one("#menu-deck-description", Static).update(deck.description)
        self.query_one("#menu-glance", Static).update(f"{fmt.plural(len(deck.cards), 'card')}")
        self._show_options()
        self.refresh_summary()

    @work(exclusive=True, group="summary")
    async def refresh_summary(self) -> None:
        """Read the missed count and the last session of the deck, off the event loop."""
        deck_id = self.deck_id
        if deck_id is None:
            return
        # sqlite3 and the store's module are loaded on the service thread, off
        # the path to the first frame; by now this import is a look-up.
        from mlquiz.core.storage import StorageError

        try:
            summary = await call(self.service.menu_summary, deck_id)
        except StorageError:
            # The app has said why; the menu just goes without the summary.
            self.query_one("#menu-glance", Static).update("Your history cannot be read.")
            return
        if deck_id == self.deck_id:
            self.summary = summary

    def watch_summary(self, summary: MenuSummary | None) -> None:
        if summary is None:
            return
        self.query_one("#menu-glance", Static).update(_summary_line(summary, self.service))
        modes = self.query_one(ModeList)
        modes.replace_option_prompt("review", _review_prompt(summary))
        # Greyed out, like its footer key, while there is nothing to review.
        if _reviewable(summary):
            modes.enable_option("review")
        else:
            modes.disable_option("review")
        self.refresh_bindings()

    def _glance(self, deck: Deck) -> str:
        """The line under the deck's description: its summary, or its size until read."""
        if self.summary is None:
            return fmt.plural(len(deck.cards), "card")
        return _summary_line(self.summary, self.service)

    def _mode_options(self) -> Iterator[Option]:
        """The Play list's rows as the summary has them (see `watch_summary`)."""
        summary = self.summary
        for mode, label, key in MODES:
            if mode == "review" and summary is not None:
                yield Option(_review_prompt(summary), id=mode, disabled=not _reviewable(summary))
            else:
                yield Option(_mode_prompt(label, key), id=mode)

    # -- options --------------------------------------------------------------

    @property
    def effective_tag(self) -> str | None:
        """The tag filter if the selected deck has that tag (the setting is global)."""
        deck = self.deck
        return self.tag if deck is not None and self.tag in deck.tags else None

    def _option_lines(self) -> tuple[str, str, str]:
        """The Cards, Order and Tag rows, the chosen value of each in reverse."""
        counts = "  ".join(
            f"[reverse] {_count_name(c)} [/]" if c == self.count else f" {_count_name(c)} "
            for c in COUNTS
        )
        orders = "  ".join(
            f"[reverse] {name} [/]" if value == self.shuffle else f" {name} "
            for name, value in (("Shuffled", True), ("Deck order", False))
        )
        tag = self.effective_tag
        tag_text = f"[reverse] {escape(tag)} [/]" if tag else " all tags "
        return (
            f"Cards  {counts}   [dim]c[/]",
            f"Order  {orders}   [dim]o[/]",
            f"Tag    {tag_text}   [dim]t[/]",
        )

    def _show_options(self) -> None:
        count, order, tag = self._option_lines()
        self.query_one("#menu-count", Static).update(count)
        self.query_one("#menu-order", Static).update(order)
        self.query_one("#menu-tag", Static).update(tag)

    def _options_changed(self) -> None:
        self._show_options()
        self.post_message(self.OptionsChanged(self.count, self.shuffle, self.tag))

    def action_cycle_count(self) -> None:
        index = COUNTS.index(self.count) if self.count in COUNTS else -1
        self.count = COUNTS[(index + 1) % len(COUNTS)]
        self._options_changed()

    def action_toggle_order(self) -> None:
        self.shuffle = not self.shuffle
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

        self.app.push_screen(TagPicker(deck, self.effective_tag), picked)

    def on_click(self, event: events.Click) -> None:
        # The option rows are plain text; a click on one cycles it like its key.
        widget = event.widget
        actions = {
            "menu-count": self.action_cycle_count,
            "menu-order": self.action_toggle_order,
            "menu-tag": self.action_pick_tag,
        }
        if widget is not None and widget.id in actions:
            actions[widget.id]()

    @on(ModeList.OptionSelected, "#menu-modes")
    async def _mode_chosen(self, event: ModeList.OptionSelected) -> None:
        event.stop()
        # The option ids are the action names; run_action honours check_action.
        await self.run_action(event.option.id or "")

    # -- modes ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "cycle_count", "toggle_order", "pick_tag", "browse", "challenge"):
            return self.deck is not None
        if action == "review":
            if self.deck is None:
                return False
            return None if self.summary is not None and not _reviewable(self.summary) else True
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

    def action_review(self) -> None:
        deck = self.deck
        if deck is None or self._busy:
            return
        self._play(self.service.start_review, deck.id)

    def action_browse(self) -> None:
        deck = self.deck
        if deck is None:
            return
        from mlquiz.ui.screens.review import QUIZ, ReviewScreen

        def browsed(choice: str | None) -> None:
            self.refresh_summary()
            if choice == QUIZ:
                self.action_review()

        self.app.push_screen(ReviewScreen(self.service, deck), browsed)

    def action_challenge(self) -> None:
        deck = self.deck
        if deck is None or self._busy:
            return
        from mlquiz.ui.screens.challenge import open_challenge

        def feedback_chosen(feedback: str) -> None:
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
            self.notify("Nothing to review: no card of this deck is due or missed.", timeout=3)
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
                self.action_review()

        title = deck.title if deck else results.deck_id
        self.app.push_screen(ResultsScreen(results, title), chosen)


def _summary_line(summary: MenuSummary, service: GameService) -> str:
    """The deck's line on the menu: cards, missed, due, last session."""
    parts = [fmt.plural(summary.cards, "card")]
    parts.append(f"{summary.missed} missed" if summary.missed else "nothing missed")
    if summary.due_today:
        parts.append(f"{summary.due_today} due today")
    elif summary.next_due is not None:
        parts.append(f"next due {due_in(summary.next_due, service.clock(), service.tz)}")
    last = summary.last_session
    if last is None:
        parts.append("not played yet")
    else:
        when = fmt.ago(last.started_at, service.clock())
        parts.append(
            f"last session {fmt.percent(last.percent)} "
            f"({fmt.points(last.score)} of {last.attempts}) {when}".rstrip()
        )
    return " · ".join(parts)


def _review_prompt(summary: MenuSummary) -> Content:
    return _mode_prompt(f"Review ({summary.due_now} due · {summary.missed} missed)", "r")


def _reviewable(summary: MenuSummary) -> bool:
    """Whether a review has cards: those due now come first, then the missed ones."""
    return bool(summary.due_now or summary.missed)


def _count_name(count: int | None) -> str:
    return "All" if count is None else str(count)


def due_in(moment: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """When a card comes due, seen from `now`: 'now', 'in 25 min', 'in 3 h',
    'tomorrow', 'in 4 days', 'on 2025-06-01'. Days are local days in `tz`
    (None: the computer's zone), so 'tomorrow' is the learner's tomorrow.
    The stats screen uses it too."""
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        return f"in {max(1, math.ceil(seconds / 60))} min"
    days = (moment.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days <= 0:
        return f"in {round(seconds / 3600)} h"
    if days == 1:
        return "tomorrow"
    if days < 60:
        return f"in {days} days"
    return f"on {moment.astimezone(tz).date().isoformat()}"
