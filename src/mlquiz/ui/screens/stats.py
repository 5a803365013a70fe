"""What you know: accuracy over time, cards by state, what you keep missing, recall.

One deck (the one selected on the menu) or, after `a`, every deck. The
figures come from `GameService.progress`, read on the service thread in a
worker each time the scope changes; until they arrive the body shows a
loading indicator. The charts are plotext (textual-plotext), which this
module imports: the menu imports it only when the screen first opens.

Top to bottom: four figures (accuracy, day streak, time spent, due today and
when the next cards come), cards by state as one proportional bar, accuracy
per day and per session (side by side from 100 columns), the key points
missed most often and each card's recall probability, weakest first. The
body scrolls, so a small terminal loses spacing, never content.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mlquiz.core.errors import StorageError
from mlquiz.core.terminal_text import shown_line
from mlquiz.ui import format as fmt
from mlquiz.ui.screens.closing import dismiss_stopping_workers
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.accuracy_chart import AccuracyChart
from mlquiz.ui.widgets.due_forecast import DueForecast
from mlquiz.ui.widgets.footer import Footer
from mlquiz.ui.widgets.stat_tile import StatTile
from mlquiz.ui.widgets.state_bar import StateBar
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.progress import CardRecall, MissedPoint, Progress
    from mlquiz.service import GameService

# Key points listed under "You keep missing" (the service returns up to 10).
MISSED_SHOWN = 5
# Rows of the recall table. DataTable measures every cell of every row it is
# given (~30 ms a hundred rows here), so a 1,000-card deck shows its weakest
# hundred and says how many are left out.
RECALL_ROWS = 100
RECALL_BAR = 10
# Said under the recall table while some card in it is still being learnt.
LEARNING_NOTE = "— in learning: recall is estimated once a card reaches review."
# The fewest rows the recall table is given when it shares the screen (-roomy).
RECALL_MIN_ROWS = 6


@dataclass(frozen=True)
class StatsData:
    """One scope's figures and the names to show them with (read together, off the loop)."""

    progress: Progress
    titles: dict[str, str]  # deck id -> title
    questions: dict[tuple[str, str], str]  # (deck id, card id) -> question
    # Cards due on each of the next 30 days, today first; the leeches (deck id,
    # card id, lapses, suspended), most lapses first.
    forecast: tuple[int, ...] = ()
    leeches: tuple[tuple[str, str, int, bool], ...] = ()


def read_stats(service: GameService, deck_id: str | None) -> StatsData:
    """`service.progress(deck_id)`, deck titles and card questions (on the service thread)."""
    progress = service.progress(deck_id)
    decks = service.decks() if deck_id is None else [service.deck(deck_id)]
    return StatsData(
        progress=progress,
        titles={deck.id: deck.title for deck in decks},
        questions={(deck.id, card.id): card.question for deck in decks for card in deck.cards},
        forecast=service.due_forecast(deck_id, progress.recall),
        leeches=tuple(service.leeches(deck_id)),
    )


class StatsScreen(Screen[None]):
    """Progress on one deck or on all of them; `a` switches, escape goes back."""

    CSS_PATH = "stats.tcss"
    # The app's breakpoints plus -roomy (120 columns and more), where the
    # missed points and the recall table fit side by side.
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (100, "-wide"), (120, "-roomy")]

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "all_decks", "All decks"),
        Binding("a", "this_deck", "This deck"),
    ]

    def __init__(self, service: GameService, deck_id: str | None = None) -> None:
        super().__init__()
        self.service = service
        self.deck_id = deck_id
        # None: all decks. Starts on the menu's deck, or all decks when there is none.
        self.scope: str | None = deck_id
        self.data: StatsData | None = None
        # How many lines each missed point's question was given (see `_question_lines`).
        self._missed_lines = 2
        self.sub_title = "stats"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-scope", markup=False)
            with Horizontal(id="stats-tiles"):
                yield StatTile("Accuracy", id="stats-accuracy")
                yield StatTile("Day streak", id="stats-streak")
                # Time before each answer, so not a session's own length.
                yield StatTile("Time answering", id="stats-time")
                yield StatTile("Due today", id="stats-due")
            yield Static("Cards by state", classes="heading")
            yield StateBar(id="stats-states")
            # From 120 columns the forecast is a third chart beside the two; below
            # that it takes a row of its own (see stats.tcss).
            with Container(id="stats-charts"):
                yield AccuracyChart("day", tz=self.service.tz, id="stats-by-day")
                yield AccuracyChart("session", tz=self.service.tz, id="stats-by-session")
                yield DueForecast(id="stats-forecast")
            with Horizontal(id="stats-lists"):
                with Vertical(id="stats-missed-box"):
                    yield Static("You keep missing", classes="heading")
                    yield Static(id="stats-missed")
                    yield Static("Leeches", classes="heading")
                    yield Static(id="stats-leeches")
                with Vertical(id="stats-recall-box"):
                    yield Static("Recall now, weakest first", classes="heading")
                    yield DataTable(
                        id="stats-recall", cursor_type="row", zebra_stripes=True, show_cursor=False
                    )
                    yield Static(id="stats-recall-more")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stats-by-day").border_title = "Accuracy per day"
        self.query_one("#stats-by-session").border_title = "Accuracy per session"
        self.query_one("#stats-forecast").border_title = "Cards due, next 30 days"
        self.query_one("#stats-body").focus()
        # The recall bars carry the theme's colours and the questions are cut to
        # the table's width: both are redone when those change.
        self.app.theme_changed_signal.subscribe(self, self._refill_recall)
        self.load()

    # The table's cursor shows only while the table has focus: on a table
    # that is only being looked at, a highlighted first row reads as special.
    @on(events.DescendantFocus, "#stats-recall")
    def _recall_focused(self) -> None:
        self.query_one("#stats-recall", DataTable).show_cursor = True

    @on(events.DescendantBlur, "#stats-recall")
    def _recall_blurred(self) -> None:
        self.query_one("#stats-recall", DataTable).show_cursor = False

    def on_resize(self) -> None:
        self._refill_recall()

    def _refill_recall(self, _: object = None) -> None:
        if self.data is not None:
            self._fill_recall(self.data, self.service.clock())
            self._fill_missed(self.data)
            # Once laid out with the new rows: the body's height is known then.
            self.call_after_refresh(self._fit_recall)

    def _fill_missed(self, data: StatsData) -> None:
        """The key points missed, at the list's width: a question too long for the
        line of its point goes below it, on two lines when there are rows for them."""
        missed = self.query_one("#stats-missed", Static)
        width = missed.content_region.width or None
        self._missed_lines = self._question_lines(data)
        missed.update(missed_text(data.progress.missed_points, data, width, self._missed_lines))

    def _question_lines(self, data: StatsData) -> int:
        """Lines for each missed point's question: 2, or 1 where (-roomy) the rows
        left under the charts, beside the recall table, are all the list has."""
        if not self.has_class("-roomy"):
            return 2
        missed = self.query_one("#stats-missed", Static)
        body = self.query_one("#stats-body", VerticalScroll)
        top = missed.region.y - body.region.y + round(body.scroll_y)
        shown = min(len(data.progress.missed_points), MISSED_SHOWN)
        # The leeches are listed under it: their heading and lines come off too.
        leeches = min(len(data.leeches), MISSED_SHOWN) + (len(data.leeches) > MISSED_SHOWN)
        room = body.size.height - top - 1 - max(leeches, 1)
        return 2 if room >= shown * 3 else 1

    def _fit_recall(self) -> None:
        """Side by side (-roomy), the recall table takes the rows the screen has left,
        so the body needs no scroll bar of its own (at 120x40 one was drawn for four
        rows); stacked, the body scrolls anyway and the stylesheet's cap holds."""
        table = self.query_one("#stats-recall", DataTable)
        if not self.has_class("-roomy"):
            table.styles.max_height = None
            return
        if self.data is not None and self._question_lines(self.data) != self._missed_lines:
            # Measured before the charts above had their height: fill it again, then fit.
            self._fill_missed(self.data)
            self.call_after_refresh(self._fit_recall)
            return
        body = self.query_one("#stats-body", VerticalScroll)
        rest = body.virtual_size.height - table.outer_size.height
        table.styles.max_height = max(body.size.height - rest, RECALL_MIN_ROWS)

    # -- loading --------------------------------------------------------------

    @work(exclusive=True, group="stats")
    async def load(self) -> None:
        """Read the figures of the current scope on the service thread and show them."""
        scope = self.scope
        body = self.query_one("#stats-body")
        body.loading = True
        try:
            data = await call(read_stats, self.service, scope)
        except (StorageError, KeyError) as error:
            body.loading = False
            self.query_one("#stats-scope", Static).update(
                shown_line(f"Your history cannot be read: {error}")
            )
            return
        if scope != self.scope:
            return  # switched again while reading; that load shows its own
        self.data = data
        self._show(data)
        body.loading = False
        # The recall table cuts the questions to its width, known only once the
        # body is laid out again without the loading indicator.
        self.call_after_refresh(self._refill_recall)

    def _show(self, data: StatsData) -> None:
        progress = data.progress
        now = self.service.clock()
        self._show_scope(data)
        self._show_tiles(progress, now)
        self.query_one(StateBar).show(progress.states)
        self.query_one("#stats-by-day", AccuracyChart).show(progress.by_day)
        self.query_one("#stats-by-session", AccuracyChart).show(progress.by_session)
        self._fill_missed(data)
        self.query_one(DueForecast).show(data.forecast, progress.today)
        self.query_one("#stats-leeches", Static).update(leeches_text(data))

    def _show_scope(self, data: StatsData) -> None:
        progress = data.progress
        if self.scope is None:
            name = f"All decks ({len(data.titles)})"
        else:
            name = data.titles.get(self.scope, self.scope)
        cards = sum(progress.states.values())
        parts = [name, fmt.plural(cards, "card"), fmt.plural(progress.answers, "answer")]
        self.query_one("#stats-scope", Static).update(shown_line(" · ".join(parts)))

    def _show_tiles(self, progress: Progress, now: datetime) -> None:
        tz = self.service.tz
        if progress.answers:
            self.query_one("#stats-accuracy", StatTile).show(
                # Answers graded correct (after overrides): not the score of a
                # session's results, where a partial answer counts for some.
                fmt.percent(progress.accuracy),
                f"of {fmt.plural(progress.answers, 'answer')}",  # 16 cells at 80 columns
            )
        else:
            self.query_one("#stats-accuracy", StatTile).show("—", "no answers yet")
        played_today = bool(progress.by_day) and progress.by_day[-1].day == progress.today
        # Notes of 16 characters at most: a tile's width at 80 columns.
        streak_note = (
            "played today"
            if played_today
            else ("play to keep it" if progress.streak else "play to begin")
        )
        self.query_one("#stats-streak", StatTile).show(
            fmt.plural(progress.streak, "day"), streak_note
        )
        self.query_one("#stats-time", StatTile).show(
            f"{fmt.duration(progress.seconds_today)} today",
            f"{fmt.duration(progress.seconds_total)} in all",
        )
        self.query_one("#stats-due", StatTile).show(
            fmt.plural(progress.due_today, "card"), due_note(progress, now, tz)
        )

    def _fill_recall(self, data: StatsData, now: datetime) -> None:
        table = self.query_one("#stats-recall", DataTable)
        table.clear(columns=True)
        all_decks = self.scope is None
        headers = ["Recall", "State", "Due"] + (["Deck"] if all_decks else [])
        every = recall_order(data.progress.recall)
        cards = every[:RECALL_ROWS]
        more = self.query_one("#stats-recall-more", Static)
        notes = []
        if any(c.bucket == "learning" for c in cards):
            notes.append(LEARNING_NOTE)
        if len(every) > len(cards):
            notes.append(
                f"The first {len(cards)} of {len(every)} cards; the rest recall better or are new."
            )
        more.set_class(bool(notes), "-shown")
        more.update("\n".join(notes))
        colours = self.app.theme_variables
        tz = self.service.tz
        rows = [recall_cells(card, data, now, tz, colours, all_decks) for card in cards]
        # The question takes what the other columns leave; each column pads one
        # cell a side, and the table's scroll bar and the body's (which may
        # appear only once the rows are in) take two each.
        used = sum(
            max([len(header)] + [row[i].cell_len for row in rows])
            for i, header in enumerate(headers)
        )
        room = self.query_one("#stats-recall-box").size.width
        width = max(room - used - 2 * (len(headers) + 1) - 4, 16)
        for header in [*headers, "Card"]:
            table.add_column(header, key=header.lower())
        table.add_rows(
            [
                [*row, Text(shorten(data.questions.get((c.deck_id, c.card_id), c.card_id), width))]
                for row, c in zip(rows, cards, strict=True)
            ]
        )

    # -- keys -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One key, two labels: "All decks" on a deck, "This deck" on all decks.
        if action == "all_decks":
            return self.scope is not None
        if action == "this_deck":
            return self.scope is None and self.deck_id is not None
        return True

    def action_all_decks(self) -> None:
        self._switch(None)

    def action_this_deck(self) -> None:
        self._switch(self.deck_id)

    def _switch(self, scope: str | None) -> None:
        self.scope = scope
        self.refresh_bindings()
        self.load()

    def action_back(self) -> None:
        dismiss_stopping_workers(self)


# -- what the widgets show ----------------------------------------------------


def due_note(progress: Progress, now: datetime, tz: tzinfo | None) -> str:
    """The Due today tile's note, agreeing with the recall table's Due column: cards
    due already are "now", and "next" is said only when none is (16 cells at most)."""
    later = progress.due_today - progress.due_now
    if progress.due_now:
        return f"{progress.due_now} now · {later} later" if later else "all due now"
    if progress.next_due is not None:
        return f"next: {fmt.due_in(progress.next_due, now, tz)}"
    return "none scheduled"


def recall_order(recall: tuple[CardRecall, ...]) -> list[CardRecall]:
    """Cards still being learnt (the soonest due first), then those in review,
    weakest first, then the new ones.

    A card in learning has no recall worth showing yet (`CardRecall.estimated`):
    it is the least known, so it comes first. `Progress.recall` puts new cards
    (recall 0) first; here they go last, since the learner wants the cards
    slipping away, and a card never seen is not slipping.
    """
    learning = sorted(
        (c for c in recall if c.bucket == "learning"),
        key=lambda c: (c.due is None, c.due or datetime.min),
    )
    known = [c for c in recall if c.estimated]
    return learning + known + [c for c in recall if c.bucket == "new"]


def recall_bar(fraction: float, colours: dict[str, str], width: int = RECALL_BAR) -> Text:
    """`███████░░░  70%`: red under 50%, amber under 80%, green from there.

    A Rich `Text` with the theme's colours resolved (`colours`: theme
    variables), since DataTable cells do not resolve `$variables`.
    """
    fraction = max(0.0, min(fraction, 1.0))
    filled = round(fraction * width)
    level = "error" if fraction < 0.5 else "warning" if fraction < 0.8 else "success"
    return Text.assemble(
        ("█" * filled, colours.get(f"text-{level}", "")),
        ("░" * (width - filled), colours.get("foreground-muted", "")),
        f" {fmt.percent(fraction):>4}",
    )


def recall_cells(
    card: CardRecall,
    data: StatsData,
    now: datetime,
    tz: tzinfo | None,
    colours: dict[str, str],
    all_decks: bool,
) -> list[Text]:
    """The recall table's cells for `card` but the question (cut to fit later).

    `Text`, not strings: plain strings in a DataTable are read as markup, and
    a deck title may hold square brackets.
    """
    if card.bucket == "new":
        cells = [Text("—"), Text("new"), Text("—")]
    else:
        due = fmt.due_in(card.due, now, tz) if card.due is not None else "—"
        # In learning, a recall figure would be ~100% whatever was answered.
        recall = recall_bar(card.retrievability, colours) if card.estimated else Text("—")
        cells = [recall, Text(card.bucket), Text(due)]
    if all_decks:
        cells.append(Text(shorten(data.titles.get(card.deck_id, card.deck_id), 18)))
    return cells


def missed_text(
    points: tuple[MissedPoint, ...],
    data: StatsData,
    width: int | None = None,
    question_lines: int = 2,
) -> Content:
    """One line per key point missed most often, `3×  label  card question`; where
    that is wider than `width`, the question goes below the label on up to
    `question_lines` lines of its own, cut only past them (None: one line each)."""
    if not points:
        return Content.styled("No key point missed yet.", "$text-muted")
    listed = points[:MISSED_SHOWN]
    times_width = max(len(f"{p.times}×") for p in listed)
    indent = " " * (times_width + 2)
    lines = []
    for point in listed:
        # Deck text, one line each: controls made visible, runs of spaces one.
        label = shown_line(point.label)
        question = " ".join(
            shown_line(data.questions.get((point.deck_id, point.card_id), point.card_id)).split()
        )
        times = (f"{point.times}×".rjust(times_width), "bold $text-error")
        one_line = len(indent) + len(label) + 2 + len(question)
        if width is None or one_line <= width:
            lines.append(
                Content.assemble(times, "  ", (label, "bold"), "  ", (question, "$text-muted"))
            )
            continue
        lines.append(Content.assemble(times, "  ", (label, "bold")))
        room = max(width - len(indent), 8)
        wrapped = textwrap.wrap(question, room) or [""]
        if len(wrapped) > question_lines:
            last = question_lines - 1
            wrapped = wrapped[:last] + [shorten(" ".join(wrapped[last:]), room)]
        lines += [Content.assemble(indent, (line, "$text-muted")) for line in wrapped]
    return Content("\n").join(lines)


def leeches_text(data: StatsData) -> Content:
    """One line per leech: `8 lapses  question  (suspended)`."""
    if not data.leeches:
        return Content.styled("No leech: no card forgotten again and again.", "$text-muted")
    lines = []
    for deck_id, card_id, lapses, suspended in data.leeches[:MISSED_SHOWN]:
        # The deck's text, one line with its controls made visible.
        question = " ".join(shown_line(data.questions.get((deck_id, card_id), card_id)).split())
        lines.append(
            Content.assemble(
                (f"{lapses} lapses", "bold $text-error"),
                "  ",
                (question, "bold"),
                ("  (suspended)" if suspended else "", "$text-muted"),
            )
        )
    more = len(data.leeches) - MISSED_SHOWN
    if more > 0:
        lines.append(
            Content.styled(f"and {more} more (a on the menu: search is:leech)", "$text-muted")
        )
    return Content("\n").join(lines)


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis; one line, its controls
    made visible (it is a deck's title or question)."""
    text = " ".join(shown_line(text).split())
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"
