"""One figure at a glance: a label, the figure, a note under it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatTile(Static):
    """`Accuracy / 67% / of 12 answers`. `show(value, note)` fills it in;
    `value` and `note` keep what it shows (for tests)."""

    def __init__(self, label: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="stat-tile")
        self.label = label
        self.value = "…"
        self.note = ""

    def on_mount(self) -> None:
        self._update()

    def show(self, value: str, note: str = "") -> None:
        self.value, self.note = value, note
        self._update()

    def _update(self) -> None:
        self.update(
            Content.assemble(
                (self.label, "$text-muted"),
                "\n",
                (self.value, "bold $text-primary"),
                "\n",
                (self.note, "$text-muted"),
            )
        )
