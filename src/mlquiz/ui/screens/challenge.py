"""The timed challenge: pick a duration, answer against the clock, see the bests.

The rules (countdown, points, streaks, what happens at the limit) live in
`mlquiz.core.challenge`; this module only shows them. Asking, hints and
feedback are shared with the quiz (`answering.py`). `open_challenge` is the
menu's way in: duration picker, then `ChallengeScreen`, then
`ChallengeResultsScreen`.

The countdown is redrawn by a timer several times a second. Each tick reads
the challenge's monotonic clock and hands the seconds left to the
`Countdown` widget, which repaints only its own bar and number; the answer
box is never touched, so typing does not wait on the timer (measured in
`bench/typing_latency.py`). When a tick finds the time up while a card is
open, the text in the answer box is graded as the last answer.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from mlquiz.core.challenge import (
    DURATIONS,
    HINT_COST,
    SKIP_COST,
    ChallengeOver,
    ChallengeResults,
)
from mlquiz.core.errors import StorageError
from mlquiz.core.settings import TimedFeedback
from mlquiz.core.terminal_text import shown_line
from mlquiz.ui import format as fmt
from mlquiz.ui.screens.answering import ANSWERING, BUSY, FEEDBACK, AnsweringScreen, Phase
from mlquiz.ui.screens.closing import dismiss_stopping_workers
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.answer_box import AnswerBox
from mlquiz.ui.widgets.countdown import Countdown
from mlquiz.ui.widgets.feedback import FEEDBACK_CSS, FeedbackPanel
from mlquiz.ui.widgets.footer import Footer
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import App, ComposeResult
    from textual.timer import Timer

    from mlquiz.core.answered import Answered
    from mlquiz.core.cards import Card, Deck
    from mlquiz.core.challenge import Challenge, ChallengeAnswer, ChallengeRun
    from mlquiz.core.decks.index import DeckInfo
    from mlquiz.core.session import Hint
    from mlquiz.service import GameService

# The run has ended: its results are being recorded.
OVER = Phase.OVER

# Countdown redraws per second: smooth enough for a bar a few dozen cells
# wide, rare enough to cost nothing (see bench/typing_latency.py).
TICKS_PER_SECOND = 5
# How long "brief" feedback stays before the next card (Enter moves on sooner).
BRIEF_FEEDBACK_SECONDS = 1.5

# How long after a first Escape a second one abandons the run.
ABANDON_CONFIRM_SECONDS = 3.0

# What the results screen dismisses with.
AGAIN = "again"
MENU = "menu"


# Every screen of the challenge names the same files: the first opened (the
# duration picker) reads them all, so the others start without a reparse.
CHALLENGE_CSS: list[str | PurePath] = [FEEDBACK_CSS, "challenge.tcss"]


class DurationPicker(ModalScreen["tuple[int, TimedFeedback] | None"]):
    """Dismisses with (duration in seconds, feedback setting), or None when cancelled.

    Each choice shows the best score at that duration, read off the event
    loop. f switches the feedback setting ("brief" / "until-enter") here,
    since it matters most just before a run.
    """

    CSS_PATH = CHALLENGE_CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("f", "toggle_feedback", "Feedback"),
    ]

    def __init__(
        self,
        service: GameService,
        deck: Deck | DeckInfo,
        tag: str | None = None,
        feedback: TimedFeedback = TimedFeedback.BRIEF,
    ) -> None:
        super().__init__()
        self.service = service
        self.deck = deck
        self.tag = tag
        self.feedback = feedback

    def compose(self) -> ComposeResult:
        options = [Option(_duration_line(seconds, None), id=str(seconds)) for seconds in DURATIONS]
        with Vertical(id="duration-dialog") as dialog:
            dialog.border_title = "Timed challenge"
            dialog.border_subtitle = "Enter starts · Escape cancels"
            scope = f"{self.deck.title}" + (f" · tag {self.tag}" if self.tag else "")
            yield Static(shown_line(scope), id="duration-deck", markup=False)
            yield OptionList(*options, id="duration-list")
            yield Static(_feedback_line(self.feedback), id="duration-feedback")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()
        self._load_bests()

    @work(exclusive=True)
    async def _load_bests(self) -> None:
        def best_scores() -> dict[int, int | None]:
            out: dict[int, int | None] = {}
            for seconds in DURATIONS:
                bests = self.service.challenge_bests(self.deck.id, seconds, self.tag)
                out[seconds] = bests[0].score if bests else None
            return out

        try:
            scores = await call(best_scores)
        except StorageError:
            return
        options = self.query_one(OptionList)
        for seconds, best in scores.items():
            options.replace_option_prompt(str(seconds), _duration_line(seconds, best))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._close((int(event.option.id or DURATIONS[0]), self.feedback))

    def action_toggle_feedback(self) -> None:
        brief = self.feedback == TimedFeedback.BRIEF
        self.feedback = TimedFeedback.UNTIL_ENTER if brief else TimedFeedback.BRIEF
        self.query_one("#duration-feedback", Static).update(_feedback_line(self.feedback))

    def action_cancel(self) -> None:
        self._close(None)

    def _close(self, choice: tuple[int, TimedFeedback] | None) -> None:
        dismiss_stopping_workers(self, choice)


def _feedback_line(feedback: TimedFeedback) -> str:
    shown = "brief (1.5 s)" if feedback == TimedFeedback.BRIEF else "until Enter"
    return f"Feedback  [reverse] {shown} [/]   [dim]f[/]"


def _duration_line(seconds: int, best: int | None) -> Content:
    best_text = f"best {best}" if best is not None else "no run yet"
    return Content.from_markup(
        "$name  [dim]$best[/]", name=f"{seconds:>3} seconds".ljust(13), best=best_text
    )


class ChallengeScreen(AnsweringScreen[ChallengeResults | None]):
    """Play `challenge` until its time is up; dismiss with its results.

    `feedback` is the setting "brief" (the next card comes after
    `feedback_seconds`, or at Enter) or "until-enter". Escape twice within
    `ABANDON_CONFIRM_SECONDS` abandons the run (one stray Escape must not
    throw a good run away). The countdown stops while feedback is shown (core rule).
    `ticks_per_second` is how often the countdown is redrawn.
    """

    CSS_PATH = CHALLENGE_CSS

    # As on the quiz screen: nothing bound to plain letters while typing.
    BINDINGS = [
        Binding("ctrl+t,f2", "hint", f"Hint (-{HINT_COST})"),
        Binding("ctrl+n,f3", "skip", f"Skip (-{SKIP_COST})"),
        Binding("escape", "abandon", "Abandon"),
    ]

    ID_PREFIX = "challenge"
    HINT_SEPARATOR = "   "
    SKIP_COST_NOTE = f" (-{SKIP_COST})"
    NOTICE_SECONDS = 2.0  # the clock is running

    def __init__(
        self,
        service: GameService,
        challenge: Challenge,
        deck_title: str,
        *,
        feedback: TimedFeedback = TimedFeedback.BRIEF,
        feedback_seconds: float = BRIEF_FEEDBACK_SECONDS,
        ticks_per_second: float = TICKS_PER_SECOND,
    ) -> None:
        super().__init__()
        self.service = service
        self.challenge = challenge
        self.feedback = feedback
        self.feedback_seconds = feedback_seconds
        # 0 turns the timer off (bench/typing_latency.py's baseline); a run
        # then only ends on an Enter after the limit.
        self.ticks_per_second = ticks_per_second
        self.sub_title = f"{deck_title} · {challenge.duration_s} s challenge"
        self._next_timer: Timer | None = None
        self._escaped_at: float | None = None  # a first Escape, waiting for a second

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="challenge-status"):
            yield Countdown(self.challenge.duration_s, id="challenge-countdown")
            yield Label(id="challenge-streak")
            yield Label(id="challenge-score")
        yield Static(id="challenge-question", markup=False)
        yield Static(id="challenge-hints", markup=False)
        yield AnswerBox(
            placeholder="Type your answer · Enter submits · the clock is running",
            id="challenge-answer",
        )
        yield Static(id="challenge-gain")
        # The area takes the height left; the panel inside only what it needs.
        with Vertical(id="challenge-feedback-area"):
            yield FeedbackPanel(id="challenge-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self._countdown = self.query_one(Countdown)
        self._box = self.query_one(AnswerBox)
        self._show_card()
        if self.ticks_per_second > 0:
            self.set_interval(1 / self.ticks_per_second, self.tick, name="countdown")

    # -- the clock ------------------------------------------------------------

    def tick(self) -> None:
        """Redraw the countdown; end the run if the time is up with a card open."""
        challenge = self.challenge
        self._countdown.show(challenge.remaining(), paused=challenge.paused)
        if self.phase == ANSWERING and challenge.expired:
            self.phase = BUSY
            self._end(self._box.text)

    # -- what the shared part asks ----------------------------------------------

    def current_card(self) -> Card | None:
        return self.challenge.current

    def can_hint(self) -> bool:
        return self.challenge.can_hint()

    def take_hint(self) -> Hint:
        return self.service.challenge_hint(self.challenge)

    def grade(self, answer: str | None) -> None:
        self._answer(answer)

    # -- what is on screen ----------------------------------------------------

    def _show_score(self) -> None:
        challenge = self.challenge
        self.query_one("#challenge-score", Label).update(f"Score {challenge.score}")
        streak = self.query_one("#challenge-streak", Label)
        streak.update(f"Streak {challenge.streak}" + (" ★" if challenge.streak >= 3 else ""))
        streak.set_class(challenge.streak >= 3, "-hot")

    def _show_points(self, answered: Answered, scored: ChallengeAnswer) -> None:
        """The feedback on an answer with the points it brought; brief feedback moves on."""
        brief = self.feedback == TimedFeedback.BRIEF
        gain = self.query_one("#challenge-gain", Static)
        gain.update(_gain_line(scored, brief))
        gain.set_class(scored.gained > 0, "-up")
        gain.set_class(scored.gained < 0, "-down")
        self._show_feedback(answered)
        if brief:
            self._next_timer = self.set_timer(self.feedback_seconds, self.action_next)

    # -- which keys do something now ------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "abandon":
            return self.phase in (ANSWERING, FEEDBACK)
        return super().check_action(action, parameters)

    # -- actions --------------------------------------------------------------

    def action_next(self) -> None:
        if self.phase != FEEDBACK:
            return
        if self._next_timer is not None:
            self._next_timer.stop()
            self._next_timer = None
        self.service.challenge_next(self.challenge)
        self._show_card()

    def action_abandon(self) -> None:
        if self.phase not in (ANSWERING, FEEDBACK):
            return
        now = time.monotonic()
        if self._escaped_at is None or now - self._escaped_at > ABANDON_CONFIRM_SECONDS:
            self._escaped_at = now
            self.notify(
                "Press Escape again within 3 s to abandon the run: its answers stay "
                "saved, but it is not ranked.",
                timeout=ABANDON_CONFIRM_SECONDS,
            )
            return
        if self._next_timer is not None:
            self._next_timer.stop()
        self.phase = BUSY
        self._abandon()

    # -- work that touches the disk -------------------------------------------

    @work(exclusive=True, group="challenge")
    async def _answer(self, answer: str | None) -> None:
        """Grade (or skip) and commit the current card, then show the points."""
        challenge = self.challenge
        try:
            if answer is None:
                answered = await call(self.service.challenge_skip, challenge)
            else:
                answered = await call(self.service.challenge_submit, challenge, answer)
        except ChallengeOver:  # a skip just after the limit, before the tick saw it
            self._end(self._box.text)
            return
        except Exception as error:  # nothing was graded
            self._grading_failed(error)
            if challenge.over:  # Enter came after the limit: the run has ended all the same
                self._end("")
            else:
                self._back_to_answering()
            return
        if not answered.saved.ok:
            self._saving_failed(answered.saved)  # scored all the same (core rule)
        scored = answered.scored
        assert scored is not None
        if scored.final:
            # Enter came after the limit: that was the last answer.
            self._end("")
            return
        self._show_points(answered, scored)

    @work(exclusive=True, group="challenge")
    async def _end(self, pending: str) -> None:
        """Time is up: grade the pending answer, record the run, dismiss with the results."""
        self.phase = OVER
        try:
            results = await call(self.service.challenge_finish, self.challenge, pending)
        except Exception as error:  # the run has ended (core rule); only that answer is lost
            self.notify(
                f"Your last answer could not be graded ({type(error).__name__}: {error}).",
                severity="error",
                markup=False,
            )
            await self._dismiss_with(self.service.challenge_finish)
            return
        self.dismiss(results)

    @work(exclusive=True, group="challenge")
    async def _abandon(self) -> None:
        self.phase = OVER
        await self._dismiss_with(self.service.challenge_abandon)

    async def _dismiss_with(self, end: Callable[[Challenge], ChallengeResults]) -> None:
        """Dismiss with what `end` makes of the run; back to the menu if even that fails."""
        try:
            results = await call(end, self.challenge)
        except Exception as error:
            self.notify(
                f"The run could not be recorded ({type(error).__name__}: {error}).",
                severity="error",
                markup=False,
            )
            self.dismiss(None)
            return
        self.dismiss(results)


def _gain_line(scored: ChallengeAnswer, brief: bool) -> str:
    """'+25 points · 2 key points +20 · streak 1 +5', then what happens next."""
    parts = [f"{scored.gained:+d} points"]
    if scored.attempt.skipped:
        parts.append(f"skipped -{scored.cost}")
    else:
        found = len(scored.attempt.found)
        parts.append(
            f"{fmt.plural(found, 'key point')} +{scored.points}" if found else "no key point"
        )
        if scored.bonus:
            parts.append(f"streak {scored.streak} +{scored.bonus}")
    tail = "next card in a moment" if brief else "Enter: next card"
    return "  ·  ".join(parts) + f"   [dim](clock stopped · {tail})[/]"


class ChallengeResultsScreen(Screen[str]):
    """The run's score, counts and the personal-best table; dismisses with AGAIN or MENU."""

    CSS_PATH = CHALLENGE_CSS

    BINDINGS = [
        Binding("a", "again", "Play again"),
        # Priority: the table would otherwise take Enter to select a row.
        Binding("enter", "menu", "Menu", priority=True),
        Binding("escape", "menu", "Menu", show=False),
    ]

    def __init__(self, results: ChallengeResults, deck_title: str) -> None:
        super().__init__()
        self.results = results
        self.sub_title = f"{deck_title} · {results.duration_s} s challenge"

    def compose(self) -> ComposeResult:
        r = self.results
        yield TitleBar()
        headline = Static(_headline(r), id="challenge-headline")
        headline.set_class(r.new_best, "-new-best")
        yield headline
        with Horizontal(id="challenge-summary"):
            yield Static(f"{r.score}\npoints", id="challenge-final-score")
            # Accuracy as everywhere: answers correct, a skip counting as an answer.
            yield Static(
                f"{r.correct} of {r.given} correct\n"  # 2 lines of 20 cells at 80 columns
                f"accuracy {fmt.percent(r.accuracy)}",
                id="challenge-final-answers",
            )
            yield Static(f"Best streak\n{r.best_streak}", id="challenge-final-streak")
            yield Static(
                f"{fmt.plural(r.skipped, 'skip')}\n{fmt.plural(r.hints, 'hint')}",
                id="challenge-final-costs",
            )
        yield Static(
            f"Personal bests · {r.duration_s} seconds" + (f" · tag {r.tag}" if r.tag else ""),
            id="challenge-bests-title",
            classes="heading",
            markup=False,
        )
        yield DataTable(id="challenge-bests", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", key="rank", width=3)
        table.add_column("Score", key="score", width=7)
        table.add_column("Answers", key="answers", width=8)
        table.add_column("Accuracy", key="accuracy", width=9)
        table.add_column("Streak", key="streak", width=7)
        table.add_column("Tag", key="tag", width=14)
        table.add_column("Date", key="date", width=11)
        for n, run in enumerate(self.results.bests, start=1):
            table.add_row(*_best_row(n, run, run.id == self.results.run_id), key=str(run.id))
        if self.results.rank is not None:
            table.move_cursor(row=self.results.rank - 1)
        if not self.results.bests:
            self.query_one("#challenge-bests-title", Static).update(
                "Personal bests · none yet" if self.results.saved else "Not saved: see the error"
            )
        table.focus()

    def action_again(self) -> None:
        self.dismiss(AGAIN)

    def action_menu(self) -> None:
        self.dismiss(MENU)


def _headline(r: ChallengeResults) -> str:
    if r.new_best:
        if r.previous_best is None:
            return f"★ Time! A first best on the board: {r.score} points"
        return f"★ New personal best! {r.score} points (was {r.previous_best})"
    if r.rank is not None:
        return f"Time! {r.score} points: number {r.rank} of your best runs"
    return f"Time! {r.score} points"


def _best_row(n: int, run: ChallengeRun, this_run: bool) -> list[Text]:
    style = "bold" if this_run else ""
    cells = [
        f"{n}",
        f"{run.score}",
        f"{run.given}",
        fmt.percent(run.accuracy),
        f"{run.best_streak}",
        shown_line(run.tag or "all"),
        run.started_at.astimezone().strftime("%Y-%m-%d"),
    ]
    if this_run:
        cells[0] = f"▶{n}"
    return [Text(cell, style=style) for cell in cells]


def open_challenge(
    app: App,
    service: GameService,
    deck: Deck | DeckInfo,
    *,
    tag: str | None = None,
    feedback: TimedFeedback = TimedFeedback.BRIEF,
    on_feedback: Callable[[TimedFeedback], object] | None = None,
    on_done: Callable[[], object] | None = None,
    rng: random.Random | None = None,
) -> None:
    """The menu's Timed challenge: pick a duration, play, see the results, maybe again.

    `on_feedback(setting)` is called when the learner picks a duration after
    switching the feedback setting (the menu keeps it and the app saves it);
    `on_done` whenever the flow returns to the menu (to refresh it); `rng`
    orders the cards (tests and screenshots pass a seeded one).
    """

    chosen = {"feedback": feedback}

    def picked(choice: tuple[int, TimedFeedback] | None) -> None:
        if choice is None:
            return
        duration, chosen_feedback = choice
        if chosen_feedback != chosen["feedback"]:
            chosen["feedback"] = chosen_feedback
            if on_feedback is not None:
                on_feedback(chosen_feedback)
        app.run_worker(start(duration), group="challenge-start", exclusive=True)

    async def start(duration: int) -> None:
        try:
            challenge = await call(service.start_challenge, deck.id, duration, tag, rng)
        except Exception as error:  # no card with the tag, storage: say so, stay
            app.notify(f"Could not start: {error}", severity="error", markup=False)
            return
        screen = ChallengeScreen(service, challenge, deck.title, feedback=chosen["feedback"])
        app.push_screen(screen, ended)

    def ended(results: ChallengeResults | None) -> None:
        if on_done is not None:
            on_done()
        if results is None:
            return
        if results.abandoned:
            given = results.answers + results.skipped
            kept = f" {fmt.plural(given, 'answer')} saved." if given else ""
            app.notify(f"Run abandoned: it is not ranked.{kept}", timeout=4)
            return
        app.push_screen(
            ChallengeResultsScreen(results, deck.title),
            lambda choice: (
                picked((results.duration_s, chosen["feedback"])) if choice == AGAIN else None
            ),
        )

    app.push_screen(DurationPicker(service, deck, tag, feedback), picked)
