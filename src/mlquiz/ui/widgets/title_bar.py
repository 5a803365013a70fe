"""The line at the top of every screen: the game's name and where you are."""

from __future__ import annotations

from textual.widgets import Static

from mlquiz.core.terminal_text import shown_line


class TitleBar(Static):
    """`mlquiz · <screen sub_title>`, kept in step with the screen's sub_title
    (as plain text with its controls made visible: `core/terminal_text.py`).

    Used instead of Textual's Header, whose title updater runs as a deferred
    coroutine and raises NoMatches when the app quits while the header is
    still mounting (ctrl+q right at start-up, as `bench/startup.py` does);
    the watchers here are plain functions and run at once.
    """

    def __init__(self) -> None:
        super().__init__(markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._show_title)
        self.watch(self.screen, "sub_title", self._show_title)

    def _show_title(self, _: object = None) -> None:
        title, sub_title = self.app.title, self.screen.sub_title
        # A sub_title names the deck: its title is the deck author's text.
        self.update(shown_line(f"{title} · {sub_title}" if sub_title else title))
