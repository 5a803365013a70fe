"""The feedback's teaching keys: accept this wording, treat answers like it as wrong,
edit the card.

`TeachingKeys` is mixed into the quiz screen (whose `BINDINGS` add
`TEACHING_BINDINGS`): after "I was right" (r), `a` opens `AcceptWording`,
where the player unticks the key points the wording does not say, then
teaches it (`GameService.teaching`); after "I was wrong" (w), `x` treats
answers like this one as wrong (press again to take it back); `e` opens the
card editor (`card_editor.py`) on the card, the answer beside it. The keys
show in the footer only when they can be used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.notifications import Notification, Notify
from textual.screen import ModalScreen
from textual.widgets import Static

from mlquiz.core.terminal_text import shown, shown_line
from mlquiz.core.verdicts import Verdict
from mlquiz.core.wording import WordingError, WordingKind
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.tick import Tick

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.answered import Answered
    from mlquiz.core.cards import Card
    from mlquiz.core.session import Session
    from mlquiz.service import GameService

TEACHING_BINDINGS = [
    Binding("a", "accept_wording", "Accept", tooltip="Accept this wording from now on"),
    # What x does is "never correct again", not "always wrong": such an answer is
    # still graded partial when it earns partial credit.
    Binding(
        "x",
        "reject_wording",
        "Never correct",
        tooltip="Never grade answers like this correct again (partial at most)",
    ),
    Binding("e", "edit_card", "Edit", tooltip="Edit this card, your answer graded live"),
]


class AcceptWording(ModalScreen["list[str] | None"]):
    """Which key points the wording says: the essential ones ticked. Dismisses with the
    labels ticked, or None when cancelled."""

    CSS_PATH = "teaching.tcss"
    BINDINGS = [
        Binding("enter", "accept", "Accept", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "app.focus_next", "Next point", show=False),
        Binding("up", "app.focus_previous", "Previous point", show=False),
    ]

    def __init__(self, card: Card, text: str) -> None:
        super().__init__()
        self.card = card
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="accept-dialog") as dialog:
            dialog.border_title = "Accept this wording from now on"
            dialog.border_subtitle = "Space ticks · Enter accepts · Escape cancels"
            # The answer and the labels are the player's and the deck's text.
            yield Static(Content(f"“{shown(self.text)}”"), id="accept-text")
            yield Static(
                "An answer that says the same thing (typos and another order allowed) "
                "will count as saying the points ticked:",
                id="accept-help",
            )
            with Vertical(id="accept-points"):
                for point in self.card.points:
                    label = shown_line(point.label) + ("" if point.required else "  (optional)")
                    yield Tick(Content(label), point.required, classes="accept-point")

    def on_mount(self) -> None:
        self.query(Tick).first().focus()

    def action_accept(self) -> None:
        ticked = [
            point.label
            for point, tick in zip(self.card.points, self.query(Tick), strict=True)
            if tick.value
        ]
        if not ticked:
            self.notify("Tick at least one key point the wording says.", severity="warning")
            return
        self.dismiss(ticked)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TeachingKeys:
    """The `a`, `x` and `e` keys of the feedback (see the module docstring).

    The screen provides `service`, `session`, `answered` (the answer whose
    feedback is shown), `phase`, `FEEDBACK` and `_show(answered)`.
    """

    service: GameService
    session: Session
    answered: Answered | None
    # The toast that says which key follows r or w ("x: never grade..."): kept so
    # that pressing that key takes down this toast, and no other (an error stays).
    _key_hint: Notification | None = None

    def _show_key_hint(self, message: str, timeout: float) -> None:
        """`notify`, keeping a handle on the toast (`notify` returns none)."""
        self._drop_key_hint()
        self._key_hint = Notification(message, timeout=timeout)
        self.app.post_message(Notify(self._key_hint))  # type: ignore[attr-defined]

    def _drop_key_hint(self) -> None:
        """Take down the key hint, if it is still up; every other toast stays."""
        if self._key_hint is not None:
            # Textual has no public call to remove one toast; removing one it no
            # longer shows (expired) does nothing.
            self.app._unnotify(self._key_hint)  # type: ignore[attr-defined]
            self._key_hint = None

    def _teachable(self) -> Answered | None:
        """The answer on the feedback, if a wording can be taught from it: not a skip,
        and not to a cloze card (graded against its blank, which wordings do not change)."""
        given = self.answered
        feedback = getattr(self, "phase", None) == "feedback"
        if not feedback or given is None or given.attempt.skipped:
            return None
        return given if given.card.cloze is None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept_wording":
            given = self._teachable()
            return given is not None and given.attempt.override == Verdict.CORRECT
        if action == "reject_wording":
            given = self._teachable()
            return given is not None and given.attempt.override == Verdict.INCORRECT
        if action == "edit_card":
            # A cloze card is edited in its deck file (`card_editor.not_editable`).
            given = self.answered
            feedback = getattr(self, "phase", None) == "feedback"
            return feedback and given is not None and given.card.cloze is None
        return super().check_action(action, parameters)  # type: ignore[misc]

    # -- accept -------------------------------------------------------------------

    def action_accept_wording(self) -> None:
        given = self._teachable()
        if given is None or given.attempt.override != Verdict.CORRECT:
            return
        self._drop_key_hint()  # acted on: it would sit above the dialog

        def accepted(labels: list[str] | None) -> None:
            if labels is not None:
                self._teach(given, WordingKind.ACCEPTED, labels)

        self.app.push_screen(AcceptWording(given.card, given.attempt.answer), accepted)  # type: ignore[attr-defined]

    def action_reject_wording(self) -> None:
        given = self._teachable()
        if given is not None and given.attempt.override == Verdict.INCORRECT:
            self._drop_key_hint()  # acted on: it would sit under x's own message
            self._teach(given, WordingKind.REJECTED, None)

    @work(exclusive=True, group="teaching")
    async def _teach(self, given: Answered, kind: WordingKind, labels: list[str] | None) -> None:
        attempt = given.attempt
        teaching = self.service.teaching
        notify: Any = self.notify  # type: ignore[attr-defined]
        try:
            if kind == WordingKind.REJECTED:
                taught = await call(
                    teaching.taught, attempt.deck_id, attempt.card_id, attempt.answer
                )
                if taught is not None and taught.kind == WordingKind.REJECTED:
                    await call(
                        teaching.forget, attempt.deck_id, attempt.card_id, attempt.answer, kind
                    )
                    notify("Answers like this are no longer treated as wrong.", timeout=4)
                    return
            lesson = await call(
                teaching.teach, attempt.deck_id, attempt.card_id, attempt.answer, kind, labels
            )
        except WordingError as error:
            notify(str(error), severity="error", markup=False)
            return
        except Exception as error:  # the database: say so, the game goes on
            notify(
                f"The wording could not be saved ({type(error).__name__}: {error}).",
                severity="error",
                markup=False,
            )
            return
        if kind == WordingKind.ACCEPTED and not lesson.takes_effect:
            # Stored (it is the player's evidence), but it decides nothing yet: say what
            # happens next time, why, and the way out.
            way_out = (
                "If that is wrong, the false claim is changed in the card's deck file "
                "(the game's editor, e, changes its key points and mix-ups)."
                if lesson.still_by_false_claim
                else "If that is wrong, press e to edit the card's key points and mix-ups."
            )
            message = (
                f"Saved, but not accepted: the grader still marks answers like this "
                f"{lesson.still_graded}: {lesson.why_still} {way_out}"
            )
            notify(
                " ".join([message, *lesson.warnings]), severity="warning", timeout=20, markup=False
            )
            return
        if kind == WordingKind.ACCEPTED:
            message = (
                "Accepted from now on: answers like this count as saying "
                + (", ".join(lesson.wording.points) or "every essential point")
                + "."
            )
        else:
            message = _rejected_message(attempt.verdict)
        notify(message, timeout=5, markup=False)
        if lesson.warnings:
            notify(" ".join(lesson.warnings), severity="warning", timeout=12, markup=False)

    # -- edit -------------------------------------------------------------------------

    def action_edit_card(self) -> None:
        given = self.answered
        if given is None or getattr(self, "phase", None) != "feedback":
            return
        from mlquiz.ui.screens.card_editor import CardEditor, not_editable

        why = not_editable(given.card, self.session.deck)
        if why:
            self.notify(why, severity="warning", timeout=8)  # type: ignore[attr-defined]
            return
        # The feedback stays as graded (history is never rewritten); the session's
        # later cards are the deck as edited (the editor hands it the new deck).
        answer = "" if given.attempt.skipped else given.attempt.answer
        # The teaching messages would cover the editor's live grade (at 80x24 a
        # warning took its whole column for 12 s); pressing e is acting on them.
        self.app.clear_notifications()  # type: ignore[attr-defined]
        card = self.session.deck.card(given.card.id)  # as edited before, if it was
        editor = CardEditor(self.service, self.session.deck.id, card, answer, self.session)
        self.app.push_screen(editor)  # type: ignore[attr-defined]


def _rejected_message(graded: Verdict) -> str:
    """What x did, said for the verdict the grader gave the answer: a similar answer is
    never graded correct again, at most partial (an incorrect one stays incorrect)."""
    undo = " (x again undoes it)."
    if graded == Verdict.INCORRECT:
        return (
            "Answers like this will never be graded correct: this one stays incorrect, "
            "and a similar answer is partial at most" + undo
        )
    if graded == Verdict.PARTIAL:
        return "Answers like this will never be graded correct: partial at most" + undo
    return "Answers like this will be graded partial at most from now on" + undo
