"""The box the learner types an answer into."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from mlquiz.core.terminal_text import without_controls


class AnswerBox(TextArea):
    """A soft-wrapping TextArea where Enter submits instead of breaking the line.

    Answers here are sentences, so the box wraps rather than scrolling the
    start of the answer out of sight. ctrl+j still inserts a line break
    (terminals send ctrl+j for a bare line feed; shift+enter is not reliably
    distinguishable from Enter), and a multi-line paste arrives as one Paste
    event, so its line breaks are kept; its escape sequences and other
    controls are dropped (they would be drawn raw, and are no answer).
    """

    class Submitted(Message):
        """The learner pressed Enter in the box."""

        def __init__(self, answer_box: AnswerBox, text: str) -> None:
            super().__init__()
            self.answer_box = answer_box
            self.text = text

        @property
        def control(self) -> AnswerBox:
            return self.answer_box

    class UndoAnswer(Message):
        """ctrl+z in an empty box with nothing typed to undo: the learner means the last
        answer (the screen takes it back, if it can)."""

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=placeholder,
            id=id,
        )

    def start_over(self, text: str = "") -> None:
        """Empty the box for a new card (or put back `text`, an answer taken back) and
        forget the edits made for the last one (`clear()` is an edit: ctrl+z on the
        next card would bring back the last answer)."""
        self.read_only = False
        self.load_text(text)
        self.move_cursor(self.document.end)

    def action_undo(self) -> None:
        if not self.text and not self.history.undo_stack:
            self.post_message(self.UndoAnswer())
            return
        super().action_undo()

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls every class's `_on_key` along the MRO, so TextArea's
        # runs after this one unless `prevent_default()` stops it.
        if not self.read_only and event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        if not self.read_only and event.key == "ctrl+j":
            event.stop()
            event.prevent_default()
            self.insert("\n")

    async def _on_paste(self, event: events.Paste) -> None:
        # Runs before TextArea's own `_on_paste`, which prevent_default() skips.
        event.prevent_default()
        if self.read_only:
            return
        text = without_controls(event.text)
        if result := self._replace_via_keyboard(text, *self.selection):
            self.move_cursor(result.end_location)
            self.focus()
