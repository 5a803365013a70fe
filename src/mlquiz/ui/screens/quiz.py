"""The quiz: one card at a time, a typed answer, the grader's feedback.

Every answer goes through `GameService.submit`, which grades it and commits
it to the database before it returns; only then is the feedback shown, so an
answer the learner has seen graded is an answer that is on disk. The screen
ends with `dismiss(results)` (None when the session was left before any
answer) and the screen that pushed it decides what comes next. Asking,
hints and feedback are shared with the timed challenge (`answering.py`).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, ProgressBar, Static

from mlquiz.core.modes import Mode
from mlquiz.core.session import SessionResults, UndoError
from mlquiz.core.verdicts import Verdict
from mlquiz.ui import format as fmt
from mlquiz.ui.screens.answering import ANSWERING, BUSY, FEEDBACK, AnsweringScreen, Phase
from mlquiz.ui.screens.teaching import TEACHING_BINDINGS, TeachingKeys
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.answer_box import AnswerBox
from mlquiz.ui.widgets.feedback import FEEDBACK_CSS, FeedbackPanel
from mlquiz.ui.widgets.footer import Footer
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.answered import Answered
    from mlquiz.core.cards import Card
    from mlquiz.core.session import Hint, Session
    from mlquiz.service import GameService

# The feedback stays on screen while an r / w override is stored; keys wait.
SAVING = Phase.SAVING

# Below this width the footer is compact and leaves out the palette key (ctrl+p still
# opens it): at 80 columns the feedback's keys, Leave and Help, then fit.
COMPACT_FOOTER_BELOW = 100

# How long after a first Escape over a typed answer a second one leaves.
LEAVE_CONFIRM_SECONDS = 3.0


class QuizScreen(TeachingKeys, AnsweringScreen[SessionResults | None]):
    """Ask the cards of `session` one by one; dismiss with the session's results."""

    CSS_PATH = [FEEDBACK_CSS, "quiz.tcss"]

    # Leave and Help first: Textual's footer cuts off its right end, and with the
    # feedback's r, w, a and e keys the two that always matter were the ones cut at
    # 80 and 100 columns. (F1 is the app's key; listed here for its place only.)
    BINDINGS = [
        Binding("escape", "leave", "Leave"),
        Binding("f1", "app.help", "Help"),
        Binding("ctrl+t,f2", "hint", "Hint"),
        Binding("ctrl+n,f3", "skip", "Skip"),
        Binding("r", "override('correct')", "I was right"),
        Binding("w", "override('incorrect')", "I was wrong"),
        *TEACHING_BINDINGS,
        Binding("ctrl+z", "undo_answer", "Undo answer", show=False),
    ]

    ID_PREFIX = "quiz"
    FEEDBACK_PHASES = (FEEDBACK, SAVING)

    def __init__(self, service: GameService, session: Session) -> None:
        super().__init__()
        self.service = service
        self.session = session
        # The answer whose feedback is shown (None before the first).
        self.answered: Answered | None = None
        self.sub_title = f"{session.deck.title} · {_mode_name(session.mode)}"
        # A first Escape over a typed answer, waiting for a second (monotonic seconds).
        self._escaped_at: float | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="quiz-status"):
            yield Label(id="quiz-position")
            yield ProgressBar(
                total=self.session.total,
                show_eta=False,
                show_percentage=False,
                id="quiz-progress",
            )
            yield Label(id="quiz-score")
            # Below 60 columns the score and its points do not fit beside the
            # position: the percentage alone (quiz.tcss shows one or the other).
            yield Label(id="quiz-score-short")
        yield Static(id="quiz-question", markup=False)
        yield Static(id="quiz-hints", markup=False)
        yield AnswerBox(
            placeholder="Type your answer · Enter submits · ctrl+j new line",
            id="quiz-answer",
        )
        # The area takes the height left; the panel inside only what it needs.
        with Vertical(id="quiz-feedback-area"):
            yield FeedbackPanel(id="quiz-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self._show_card()

    def on_resize(self) -> None:
        narrow = self.size.width < COMPACT_FOOTER_BELOW
        footer = self.query_one(Footer)
        footer.compact = narrow
        footer.show_command_palette = not narrow

    # -- what the shared part asks ----------------------------------------------

    def current_card(self) -> Card | None:
        return self.session.current

    def can_hint(self) -> bool:
        return self.session.can_hint()

    def take_hint(self) -> Hint:
        return self.service.hint(self.session)

    def grade(self, answer: str | None) -> None:
        self._grade(answer)

    # -- what is on screen ----------------------------------------------------

    def _show_card(self) -> None:
        self._escaped_at = None  # an Escape on the card before counts for nothing here
        session = self.session
        if session.current is not None:
            self.query_one("#quiz-position", Label).update(
                f"Card {session.index + 1} of {session.total}"
            )
        super()._show_card()

    def _show_score(self) -> None:
        session = self.session
        answered = len(session.attempts)
        self.query_one("#quiz-progress", ProgressBar).update(progress=answered)
        self.query_one("#quiz-score", Label).update(fmt.score_line(session.score, answered))
        short = f"Score {fmt.percent(session.score / answered)}" if answered else "Score —"
        self.query_one("#quiz-score-short", Label).update(short)

    # -- which keys do something now ------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "override":
            # A skip has no answer to call right or wrong.
            shown = self.answered
            return self.phase == FEEDBACK and shown is not None and not shown.attempt.skipped
        if action == "leave":
            return self.phase not in (BUSY, SAVING)
        if action == "undo_answer":
            return self.phase in (FEEDBACK, ANSWERING) and bool(self.session.attempts)
        return super().check_action(action, parameters)

    # -- actions --------------------------------------------------------------

    def action_next(self) -> None:
        if self.phase != FEEDBACK:
            return
        if self.session.index + 1 >= self.session.total:
            self.phase = BUSY
            self._finish()
            return
        self.service.advance(self.session)
        self._show_card()

    def action_override(self, verdict: str) -> None:
        shown = self.answered
        if self.phase != FEEDBACK or shown is None or shown.attempt.skipped:
            return
        # Enter, Escape and another r wait (SAVING) until the verdict is saved,
        # so the next card never shows this one's feedback and a toggle reads
        # the attempt as saved. Pressing the same override again takes it back.
        self.phase = SAVING
        chosen = Verdict(verdict)
        self._override(shown, None if shown.attempt.override == chosen else chosen)

    def on_answer_box_undo_answer(self, event: AnswerBox.UndoAnswer) -> None:
        event.stop()
        self.action_undo_answer()

    def action_undo_answer(self) -> None:
        """ctrl+z: take back the last answer (on its feedback, or on the next card before
        anything is typed); the card comes back with the answer in the box."""
        if self.phase not in (FEEDBACK, ANSWERING):
            return
        previous = self.phase
        self.phase = BUSY
        self._undo(previous)

    def action_leave(self) -> None:
        if self.phase in (BUSY, SAVING):
            return
        if self.phase == ANSWERING and not self._leave_confirmed():
            return
        self.phase = BUSY
        self._finish()

    def quit_warning(self, quit_key: str) -> str | None:
        """What ctrl+c says over a typed answer: the quit key ends the game at once (as
        SIGTERM does) and the answer, not graded, is not saved; Escape asks first."""
        if self.phase != ANSWERING or not self.query_one(AnswerBox).text.strip():
            return None
        return (
            f"Your answer is not submitted yet: {quit_key} quits mlquiz at once without it. "
            "Enter submits it; Escape leaves the session (it asks first)."
        )

    def _leave_confirmed(self) -> bool:
        """Whether Escape may leave now: at once over an empty box; over a typed
        answer (not graded, so not saved) only when pressed again within
        `LEAVE_CONFIRM_SECONDS`. The text stays in the box meanwhile."""
        if not self.query_one(AnswerBox).text.strip():
            return True
        now = time.monotonic()
        if self._escaped_at is not None and now - self._escaped_at <= LEAVE_CONFIRM_SECONDS:
            return True
        self._escaped_at = now
        self.notify(
            "Your answer is not submitted yet. Press Escape again to leave without it, "
            "or Enter to submit it.",
            timeout=LEAVE_CONFIRM_SECONDS,
        )
        return False

    # -- work that touches the disk -------------------------------------------

    @work(exclusive=True, group="quiz")
    async def _grade(self, answer: str | None) -> None:
        """Grade (or skip) the current card and commit it, then show the feedback."""
        try:
            if answer is None:
                answered = await call(self.service.skip, self.session)
            else:
                answered = await call(self.service.submit, self.session, answer)
        except Exception as error:  # nothing was graded: the card stays open
            self._grading_failed(error)
            self._back_to_answering()
            return
        if not answered.saved.ok:
            self._saving_failed(answered.saved)  # graded all the same
        self._show(answered)

    @work(exclusive=True, group="quiz")
    async def _override(self, shown: Answered, verdict: Verdict | None) -> None:
        try:
            answered = await call(self.service.override, self.session, shown.attempt, verdict)
        except Exception as error:  # whatever it was, the card must not stay SAVING
            self.notify(
                f"Your verdict could not be changed ({type(error).__name__}: {error}).",
                severity="error",
                markup=False,
            )
            self._show(shown)
            return
        if not answered.saved.ok:
            message = f"Your verdict could not be saved: {answered.saved.error}"
            self.notify(message, severity="error", markup=False)
        if verdict is None:
            self.notify("Back to the grader's verdict.", timeout=2)
        elif verdict == shown.attempt.verdict:
            # The banner only changes when the call differs from the grader's:
            # say that the key was taken, and what it makes possible.
            key = "r" if verdict == Verdict.CORRECT else "w"
            follow_up = ""
            if shown.card.cloze is None:  # a cloze card's wordings are not taught
                follow_up = (
                    " a: accept this wording from now on."
                    if verdict == Verdict.CORRECT
                    else " x: never grade answers like this correct again."
                )
            self._show_key_hint(
                f"Noted: you agree with the grader.{follow_up} {key} again undoes it.",
                timeout=4,
            )
        self._show(answered)

    @work(exclusive=True, group="quiz")
    async def _undo(self, previous: Phase) -> None:
        try:
            undone = await call(self.service.undo, self.session)
        except UndoError as error:
            self.notify(str(error), timeout=4, markup=False)
            self.phase = previous
            if previous == ANSWERING:
                self.query_one(AnswerBox).focus()
            return
        self.answered = None
        self._show_card()
        self._hints = [f"Hint {hint.level}: {hint.text}" for hint in undone.hints]
        self._show_hints()
        self._show_score()
        self.query_one(AnswerBox).start_over(undone.attempt.answer)
        where = " and from the file of unsaved answers" if undone.unsaved else ""
        self.notify(
            f"Answer taken back{where}: the card's schedule is as it was. "
            "Change the answer and press Enter.",
            timeout=4,
        )

    def _show(self, answered: Answered) -> None:
        self.answered = answered
        self._show_feedback(answered)

    @work(exclusive=True, group="quiz")
    async def _finish(self) -> None:
        results = await call(self.service.finish, self.session)
        if not results.saved.ok:
            message = f"The session end could not be saved: {results.saved.error}"
            self.notify(message, severity="error", markup=False)
        self.dismiss(results if results.answered else None)


def _mode_name(mode: Mode) -> str:
    return {Mode.QUIZ: "Quiz", Mode.REVIEW: "Review"}.get(mode, mode.title())
