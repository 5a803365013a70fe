"""What the quiz and the timed challenge share: one card at a time, typed, graded.

A screen here moves through phases: ANSWERING (the box takes typing), BUSY
(grading and storing, keys wait), FEEDBACK (the verdict is shown; Enter goes
on), plus any of its own. The base class shows the card, the hint ladder and
the feedback, and turns Enter, ctrl+t and ctrl+n into submit, hint and skip;
each screen says where its card and hints come from, how it grades (a worker
that ends in `_show_feedback` or `_back_to_answering`) and what its score
line says.

Each screen composes a Static `#<ID_PREFIX>-question`, a Static
`#<ID_PREFIX>-hints`, an AnswerBox and a FeedbackPanel.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from mlquiz.core.terminal_text import shown
from mlquiz.ui.widgets.answer_box import AnswerBox
from mlquiz.ui.widgets.feedback import Feedback, FeedbackPanel

if TYPE_CHECKING:
    from mlquiz.core.answered import Answered, Saved
    from mlquiz.core.cards import Card
    from mlquiz.core.session import Hint


class Phase(StrEnum):
    """Where an answering screen is: the answering screens' own phases included."""

    ANSWERING = "answering"  # the box takes typing
    BUSY = "busy"  # grading and storing; keys wait
    FEEDBACK = "feedback"  # the verdict is shown; Enter goes on
    SAVING = "saving"  # the quiz: an override is being stored, the feedback stays
    OVER = "over"  # the challenge: the run has ended, its results are being recorded


ANSWERING, BUSY, FEEDBACK = Phase.ANSWERING, Phase.BUSY, Phase.FEEDBACK

ResultType = TypeVar("ResultType")


class AnsweringScreen(Screen[ResultType]):
    """The part of a screen that asks a card and shows how the answer was graded."""

    # Keys must not collide with typing: plain letters only act while the
    # feedback is shown (the answer box is read-only then). ctrl+h is
    # backspace and ctrl+i is tab in a terminal, so the hint is ctrl+t ("tip").
    # The hint and skip keys are the screens' own, since their labels differ.
    BINDINGS = [
        Binding("enter", "submit", "Submit", show=True),
        Binding("enter", "next", "Next card", show=True),
    ]

    # "quiz" for #quiz-question, #quiz-hints.
    ID_PREFIX = ""
    # How the hints already taken are joined on screen.
    HINT_SEPARATOR = "\n"
    # The phases in which the feedback is on screen (the screen's .tcss keys
    # off the class -feedback).
    FEEDBACK_PHASES: tuple[Phase, ...] = (FEEDBACK,)
    # What a skip costs, said where skipping is suggested ("" when nothing).
    SKIP_COST_NOTE = ""
    # How long "type an answer first" stays up.
    NOTICE_SECONDS = 3.0

    phase: reactive[Phase] = reactive(ANSWERING, bindings=True)

    def __init__(self) -> None:
        super().__init__()
        self._hints: list[str] = []

    # -- what each screen says ------------------------------------------------

    def current_card(self) -> Card | None:
        raise NotImplementedError

    def can_hint(self) -> bool:
        raise NotImplementedError

    def take_hint(self) -> Hint:
        raise NotImplementedError

    def grade(self, answer: str | None) -> None:
        """Start grading `answer` (None: a skip); called in the BUSY phase."""
        raise NotImplementedError

    def _show_score(self) -> None:
        raise NotImplementedError

    # -- what is on screen ----------------------------------------------------

    def watch_phase(self, phase: Phase) -> None:
        self.set_class(phase in self.FEEDBACK_PHASES, "-feedback")

    def _show_card(self) -> None:
        card = self.current_card()
        if card is None:
            return
        self._hints = []
        self.query_one(f"#{self.ID_PREFIX}-question", Static).update(shown(card.question))
        self._show_hints()
        self._show_score()
        box = self.query_one(AnswerBox)
        box.start_over()
        self.phase = ANSWERING
        box.focus()

    def _show_hints(self) -> None:
        hints = self.query_one(f"#{self.ID_PREFIX}-hints", Static)
        hints.update(shown(self.HINT_SEPARATOR.join(self._hints)))
        hints.display = bool(self._hints)

    def _show_feedback(self, answered: Answered) -> None:
        """The verdict, points and reference of an answer; Enter then goes on."""
        panel = self.query_one(FeedbackPanel)
        panel.feedback = Feedback(answered.attempt, answered.card, answered.grade, answered.leech)
        panel.scroll_home(animate=False)
        self.query_one(AnswerBox).read_only = True
        self._show_score()
        self.phase = FEEDBACK
        panel.focus()

    def _back_to_answering(self) -> None:
        """Nothing was graded: the card stays open with the text as typed."""
        self.phase = ANSWERING
        self.query_one(AnswerBox).focus()

    def _grading_failed(self, error: Exception) -> None:
        # A grader bug must not end the game: say so, and how to go on.
        self.notify(
            f"This answer could not be graded ({type(error).__name__}: {error}). "
            f"Change it, or skip the card with ctrl+n{self.SKIP_COST_NOTE}.",
            severity="error",
            markup=False,
        )

    def _saving_failed(self, saved: Saved) -> None:
        # Graded all the same; only the database failed. Say where the answer is.
        if saved.copy is not None:
            message = (
                f"Your answer could not be saved to the database ({saved.error}); it was "
                f"written to {saved.copy} instead."
            )
        else:
            message = (
                f"Your answer could not be saved ({saved.error}), nor written to a file; it "
                "is kept in memory until you quit."
            )
        self.notify(
            message,
            severity="error",
            markup=False,
        )

    # -- which keys do something now ------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("submit", "skip"):
            return self.phase == ANSWERING
        if action == "next":
            return self.phase == FEEDBACK
        if action == "hint":
            # Once the ladder is used up the key still answers: it says so.
            return self.phase == ANSWERING
        return True

    # -- actions --------------------------------------------------------------

    def on_answer_box_submitted(self, event: AnswerBox.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if self.phase != ANSWERING:
            return
        answer = self.query_one(AnswerBox).text
        if not answer.strip():
            # A stray second Enter after the feedback must not throw a card away.
            self.notify(
                f"Type an answer first, or press ctrl+n to skip this card{self.SKIP_COST_NOTE}.",
                timeout=self.NOTICE_SECONDS,
            )
            return
        self.phase = BUSY
        self.grade(answer)

    def action_skip(self) -> None:
        if self.phase != ANSWERING:
            return
        self.phase = BUSY
        self.grade(None)

    def action_hint(self) -> None:
        if self.phase != ANSWERING:
            return
        if not self.can_hint():
            self.notify(
                f"No more hints for this card ({len(self._hints)} taken).",
                timeout=self.NOTICE_SECONDS,
            )
            return
        hint = self.take_hint()
        self._hints.append(f"Hint {hint.level}: {hint.text}")
        self._show_hints()
        self._show_score()  # a hint may cost points
        self.refresh_bindings()
