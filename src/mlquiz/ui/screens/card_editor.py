"""Edit a card without leaving the game, the answer just given graded live beside it.

The form holds the card's question, reference answer, hint, each key point
(its label, whether it is essential, its phrasings one a line) and its
mix-ups (phrasings and the message the learner sees). Every change grades
the answer again against the card as it now stands (`GameService.teaching.
grade_draft`, on the service thread, a moment after typing stops) and says
what would stop it from being saved. ctrl+s saves (the deck file in place,
or a built-in deck's overlay; `core/decks/editing.py`) and dismisses with
the `SavedEdit`; Escape leaves, asking once more when there are unsaved
changes. A refused save keeps the editor open with everything typed.

A deck's text may hold control characters (an escape sequence that would
clear the screen): the form holds the card without them (`without_controls`),
says so, and saving stores it so; the form unchanged is the card unchanged.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Button, Checkbox, Input, Static, TextArea

from mlquiz.core.cards import Card, Confusion, Deck, KeyPoint
from mlquiz.core.decks.editing import CardEdit, SavedEdit
from mlquiz.core.errors import CardEditError
from mlquiz.core.terminal_text import control_characters, shown, without_controls
from mlquiz.core.verdicts import FOUND
from mlquiz.ui import format as fmt
from mlquiz.ui.service_thread import call
from mlquiz.ui.widgets.footer import Footer
from mlquiz.ui.widgets.tick import Tick
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.grading.results import GradeResult
    from mlquiz.core.session import Session
    from mlquiz.core.teaching import WordingTicks
    from mlquiz.service import GameService

# How long typing must pause before the answer is graded again.
REGRADE_DELAY = 0.25


class Lines(TextArea):
    """A TextArea for text in lines (phrasings, the reference answer)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual 8.2's compositor can draw a TextArea once more after it was
        # removed (a point or mix-up taken out), when its styles are gone and
        # drawing raises: draw nothing then.
        if not self.is_attached:
            return [Strip.blank(crop.width)] * crop.height
        return super().render_lines(crop)


class RemoveButton(Button, can_focus=False):
    """Removes its key point or mix-up: by mouse, or ctrl+r from inside the item. Tab
    passes it by, so moving through the form never lands on it and removes a point
    with Enter."""

    def __init__(self) -> None:
        super().__init__("Remove", classes="edit-remove", compact=True)


class PointEditor(Vertical):
    """One key point: its label, whether it is essential, its phrasings one a line."""

    def __init__(self, point: KeyPoint | None, origin: int | None) -> None:
        super().__init__(classes="edit-item")
        self.point = point or KeyPoint("", ())
        self.origin = origin

    def compose(self) -> ComposeResult:
        with Horizontal(classes="edit-item-head"):
            yield Input(
                self.point.label,
                placeholder="label: what the learner sees as found or missed",
                classes="point-label",
                compact=True,
                select_on_focus=False,
            )
            yield Tick("essential", self.point.required, classes="point-required", compact=True)
            yield RemoveButton()
        yield Lines(
            "\n".join(self.point.phrases),
            classes="point-phrases",
            compact=True,
            placeholder="its phrasings, one a line (a|b: either word; ...: a gap)",
        )

    def value(self) -> KeyPoint:
        """The point as edited; what the editor does not show (its code forms,
        examples, analogies, `need`) stays as it was."""
        from dataclasses import replace

        lines = self.query_one(".point-phrases", TextArea).text.splitlines()
        phrases = tuple(p.strip() for p in lines if p.strip())
        return replace(
            self.point,
            label=self.query_one(".point-label", Input).value.strip(),
            phrases=phrases,
            required=self.query_one(".point-required", Checkbox).value,
            # "any 2 of 3 phrases" with one phrase removed: any 2 of the 2 left.
            need=max(1, min(self.point.need, len(phrases))),
        )


class ConfusionEditor(Vertical):
    """One mix-up: the phrasings that show it, one a line, and what the learner is told."""

    def __init__(self, confusion: Confusion | None, origin: int | None) -> None:
        super().__init__(classes="edit-item")
        self.confusion = confusion or Confusion((), "")
        self.origin = origin

    def compose(self) -> ComposeResult:
        with Horizontal(classes="edit-item-head"):
            yield Input(
                self.confusion.message,
                placeholder="message: what the learner is told",
                classes="confusion-message",
                compact=True,
                select_on_focus=False,
            )
            yield RemoveButton()
        yield Lines(
            "\n".join(self.confusion.phrases),
            classes="confusion-phrases",
            compact=True,
            placeholder="phrasings that show the mix-up, one a line",
        )

    def value(self) -> Confusion:
        phrases = self.query_one(".confusion-phrases", TextArea).text.splitlines()
        return Confusion(
            phrases=tuple(p.strip() for p in phrases if p.strip()),
            message=self.query_one(".confusion-message", Input).value.strip(),
        )


class CardEditor(Screen[SavedEdit | None]):
    """The card editor (see the module docstring)."""

    CSS_PATH = "card_editor.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        # Not ctrl+d: the fields take it (delete the character after the cursor).
        Binding("ctrl+r", "remove_item", "Remove", tooltip="Remove the point being edited"),
        Binding("ctrl+n", "add_point", "Add a point"),
        Binding("escape", "leave", "Cancel"),
    ]

    def __init__(
        self,
        service: GameService,
        deck_id: str,
        card: Card,
        answer: str,
        session: Session | None = None,
        *,
        no_answer: str = "the card was skipped",
    ) -> None:
        """`answer` is graded live against the card as edited; "" when there is
        none (`no_answer` says why)."""
        super().__init__()
        self.service = service
        self.deck_id = deck_id
        # What the form holds: the card minus control characters (see the docstring).
        self.card = _without_controls(card)
        self._controls = self.card != card
        self.answer = answer
        self.no_answer = no_answer
        self.session = session
        self._leaving = False
        self.sub_title = f"Edit card {card.id}"

    # -- the form -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        card = self.card
        yield TitleBar()
        yield Static(id="edit-where", markup=False)
        with Horizontal(id="edit-body"):
            with VerticalScroll(id="edit-form"):
                yield Static("Question", classes="edit-heading")
                yield Input(card.question, id="edit-question", compact=True, select_on_focus=False)
                yield Static("Reference answer", classes="edit-heading")
                yield Lines(card.answer, id="edit-answer", compact=True)
                yield Static("Hint", classes="edit-heading")
                yield Input(
                    card.hint,
                    id="edit-hint",
                    placeholder="(none)",
                    compact=True,
                    select_on_focus=False,
                )
                yield Static("Key points", classes="edit-heading")
                with Vertical(id="edit-points"):
                    for origin, point in enumerate(card.points):
                        yield PointEditor(point, origin)
                yield Button("Add a key point", id="edit-add-point", compact=True)
                yield Static("Mix-ups", classes="edit-heading")
                with Vertical(id="edit-confusions"):
                    for origin, confusion in enumerate(card.confusions):
                        yield ConfusionEditor(confusion, origin)
                yield Button("Add a mix-up", id="edit-add-confusion", compact=True)
            with VerticalScroll(id="edit-grade"):
                yield Static("Your answer, graded live", classes="edit-heading")
                yield Static(id="edit-verdict", markup=False)
                yield Static(id="edit-points-graded", markup=False)
                yield Static(id="edit-ticked-by", markup=False)
                yield Static(id="edit-reasons", markup=False)
                yield Static(id="edit-problems", markup=False)
                yield Static("Your answer", classes="edit-heading")
                yield Static(
                    Content(shown(self.answer) or f"(no answer: {self.no_answer})"),
                    id="edit-your-answer",
                )
        yield Footer()

    def on_mount(self) -> None:
        question = self.query_one("#edit-question", Input)
        question.focus()
        question.cursor_position = 0
        self._describe()
        self._regrade(delay=False)

    def draft(self) -> Card:
        """The card as the form says now (tags, vague wordings and order as they were)."""
        from dataclasses import replace

        return replace(
            self.card,
            question=self.query_one("#edit-question", Input).value.strip(),
            answer=self.query_one("#edit-answer", TextArea).text.strip(),
            hint=self.query_one("#edit-hint", Input).value.strip(),
            points=tuple(editor.value() for editor in self.query(PointEditor)),
            confusions=tuple(editor.value() for editor in self.query(ConfusionEditor)),
        )

    def edit(self) -> CardEdit:
        return CardEdit(
            self.draft(),
            tuple(editor.origin for editor in self.query(PointEditor)),
            tuple(editor.origin for editor in self.query(ConfusionEditor)),
        )

    # -- changes ------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self._leaving = False
        self._regrade()

    @property
    def changed(self) -> bool:
        """Whether the form says anything the saved card does not (the fields fire
        Changed as they are filled in, so no flag could tell)."""
        if not self.is_mounted:
            return False
        origins = tuple(editor.origin for editor in self.query(PointEditor))
        corigins = tuple(editor.origin for editor in self.query(ConfusionEditor))
        in_place = origins == tuple(range(len(self.card.points))) and corigins == tuple(
            range(len(self.card.confusions))
        )
        return not in_place or self.draft() != self.card

    async def action_add_point(self) -> None:
        await self._add_point()

    @on(Button.Pressed, "#edit-add-point")
    async def _add_point(self) -> None:
        editor = PointEditor(None, None)
        await self.query_one("#edit-points").mount(editor)
        editor.query_one(".point-label", Input).focus()
        self._changed()

    @on(Button.Pressed, "#edit-add-confusion")
    async def _add_confusion(self) -> None:
        editor = ConfusionEditor(None, None)
        await self.query_one("#edit-confusions").mount(editor)
        editor.query_one(".confusion-message", Input).focus()
        self._changed()

    @on(Button.Pressed, ".edit-remove")
    async def _remove(self, event: Button.Pressed) -> None:
        item = event.button.parent.parent if event.button.parent else None
        if isinstance(item, (PointEditor, ConfusionEditor)):
            await self._remove_item(item)

    def _focused_item(self) -> PointEditor | ConfusionEditor | None:
        node = self.focused
        while node is not None and not isinstance(node, (PointEditor, ConfusionEditor)):
            node = node.parent  # type: ignore[assignment]
        return node

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # ctrl+r shows while a point or mix-up has the focus

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_item":
            return self._focused_item() is not None
        return True

    async def action_remove_item(self) -> None:
        item = self._focused_item()
        if item is not None:
            await self._remove_item(item)

    async def _remove_item(self, item: PointEditor | ConfusionEditor) -> None:
        if isinstance(item, PointEditor):
            what = f"key point {item.value().label!r}"
        else:
            what = "the mix-up"
        await item.remove()
        self.notify(
            f"Removed {what}: it goes when you save (Escape twice leaves without saving).",
            timeout=4,
            markup=False,
        )
        self._changed()

    # -- the live grade -------------------------------------------------------------

    @work(exclusive=True, group="editor-grade")
    async def _regrade(self, delay: bool = True) -> None:
        if delay:
            await asyncio.sleep(REGRADE_DELAY)
        card = self.draft()
        teaching = self.service.teaching
        try:
            problems = await call(teaching.check_edit, self.deck_id, card)
            result = (
                await call(teaching.grade_draft, self.deck_id, card, self.answer)
                if self.answer
                else None
            )
            ticks = (
                await call(teaching.wording_ticks, self.deck_id, card, self.answer, result)
                if result is not None
                else None
            )
        except Exception as error:  # a half-typed card the grader cannot take
            self.query_one("#edit-verdict", Static).update(shown(f"Cannot grade it yet: {error}"))
            return
        self._show_grade(result, problems, ticks)

    def _show_grade(
        self, result: GradeResult | None, problems: list[str], ticks: WordingTicks | None = None
    ) -> None:
        verdict = self.query_one("#edit-verdict", Static)
        rows = self.query_one("#edit-points-graded", Static)
        reasons = self.query_one("#edit-reasons", Static)
        if result is None:
            verdict.update(f"Nothing to grade: {self.no_answer}.")
            verdict.set_classes("")
            rows.update("")
            reasons.update("")
        else:
            # As the feedback says it: "score 75%" (it said "0.8 of 1" for the same answer).
            verdict.update(
                f"{fmt.verdict_label(result.verdict)}  ·  score {fmt.percent(result.score)}"
            )
            verdict.set_classes(f"-{result.verdict}")
            rows.update(
                shown(
                    "\n".join(
                        f"{fmt.POINT_SYMBOL[p.shown]} {p.label}"
                        + ("" if p.required else "  (optional)")
                        for p in result.points
                    )
                )
            )
            reasons.update(shown(" ".join(result.reasons)))
        # Ticks beside "Incorrect" that no word of the answer earned: an accepted
        # wording the grader still refuses gave them; say so (the verdict is the grader's).
        ticked_by = self.query_one("#edit-ticked-by", Static)
        if ticks is None or result is None:
            ticked_by.update("")
        else:
            tick = fmt.POINT_SYMBOL[FOUND]
            which = (
                f"Every {tick} above is"  # the labels are just above: not again
                if list(ticks.labels) == result.found
                else f"{tick} " + " · ".join(ticks.labels) + ":"
            )
            ticked_by.update(
                shown(
                    f"{which} ticked by your accepted wording of {ticks.day}, "
                    "not by this answer's words. The verdict is still the grader's:"
                )
            )
        ticked_by.display = ticks is not None
        box = self.query_one("#edit-problems", Static)
        box.update(shown("Cannot save yet: " + " ".join(problems)) if problems else "")
        box.display = bool(problems)

    # -- where it goes ----------------------------------------------------------------

    @work(group="editor-where")
    async def _describe(self) -> None:
        deck = self.service.deck(self.deck_id)
        from mlquiz.core.decks.overlay import is_builtin

        # Nothing is written until ctrl+s (which closes the editor and says where it
        # saved): the header says where a save will go, never that one happened.
        if is_builtin(deck):
            where = "Built-in deck: ctrl+s saves as your edits (mlquiz deck reset undoes them)."
        else:
            where = f"Saves to {deck.path} (the file as it was goes to backups/decks/)."
        try:
            older = await call(self.service.teaching.older_answers, self.deck_id, self.card)
            answered = await call(self.service.store.attempts, self.deck_id, self.card.id)
        except Exception:  # the database: the editor works without the count
            older, answered = 0, []
        if answered:
            n = len(answered)
            where += f" Your {fmt.plural(n, 'answer')} to it "
            where += "keeps its verdict" if n == 1 else "keep their verdicts"
            where += f" ({older} graded on older versions)." if older else "."
        if self._controls:
            where += (
                " This card held control characters (such as an escape sequence that "
                "drives the terminal): they are left out here, and go when you save."
            )
        self.query_one("#edit-where", Static).update(shown(where))

    # -- keys -------------------------------------------------------------------------

    def action_save(self) -> None:
        self._save(self.edit())

    @work(exclusive=True, group="editor-save")
    async def _save(self, edit: CardEdit) -> None:
        try:
            saved = await call(self.service.teaching.save_card, self.deck_id, edit, self.session)
        except CardEditError as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=10, markup=False)
            return
        except Exception as error:  # anything else: say it, keep what was typed
            self.notify(
                f"Not saved ({type(error).__name__}: {error}); your changes are still here.",
                severity="error",
                markup=False,
            )
            return
        backup = f"; the previous version is in {saved.backup}" if saved.backup else ""
        self.notify(f"Card {saved.card.id} saved to {saved.path}{backup}.", timeout=6, markup=False)
        self._close(saved)

    def action_leave(self) -> None:
        if self.changed and not self._leaving:
            self._leaving = True
            self.notify(
                "Your changes are not saved: Escape again leaves without them, ctrl+s saves."
            )
            return
        self._close(None)

    def _close(self, saved: SavedEdit | None) -> None:
        # Textual removes a screen's fields before it stops the screen's workers: a
        # live grade (or the header's count) waking in between, as on a loaded
        # machine, would read a field already gone and fail the app. Stopped first.
        for group in ("editor-grade", "editor-where"):
            self.workers.cancel_group(self, group)
        self.dismiss(saved)


def _without_controls(card: Card) -> Card:
    """`card` with the control characters of its text removed (see the docstring)."""
    from dataclasses import replace

    if not any(control_characters(text) for text in _texts(card)):
        return card

    def clean(text: str) -> str:
        return without_controls(text).strip()  # as the form gives it back (`draft`)

    return replace(
        card,
        question=clean(card.question),
        answer=clean(card.answer),
        hint=clean(card.hint),
        points=tuple(
            replace(p, label=clean(p.label), phrases=tuple(map(clean, p.phrases)))
            for p in card.points
        ),
        confusions=tuple(
            replace(c, message=clean(c.message), phrases=tuple(map(clean, c.phrases)))
            for c in card.confusions
        ),
    )


def _texts(card: Card) -> list[str]:
    """Every text of `card` the form holds."""
    texts = [card.question, card.answer, card.hint]
    for point in card.points:
        texts += [point.label, *point.phrases]
    for confusion in card.confusions:
        texts += [confusion.message, *confusion.phrases]
    return texts


def not_editable(card: Card, deck: Deck) -> str:
    """Why the editor does not open on `card` ("": it does). A cloze card is made
    from its note's text, which the form's question-and-answer fields cannot hold."""
    if card.cloze is None:
        return ""
    where = deck.path or "its deck file"
    return (
        f"Card {card.id} is a cloze card, made from its note's {{{{c1::...}}}} text: "
        f"edit note {card.cloze.note_id} in {where}."
    )
