"""The notice drawn over any screen while the terminal is smaller than the game needs.

40x12 is the smallest size at which every screen still shows what it is for:
below 36 columns the timed challenge's countdown loses its seconds, and
below 12 rows the answer box of a three-line question loses its bottom edge
(checked by resizing the real game in tmux, and in tests/ui/test_too_small.py).

The app `cover`s the current screen when the terminal shrinks below that
(and any screen that becomes current while it is small) and `uncover`s them
all when it grows back. Covering mounts a `TooSmall` and hides the screen's
other widgets, which keeps them out of layout at sizes some cannot be laid
out at (an OptionList at width 1 raises); nothing is unmounted, so the
screen, its session and its timers go on, and the focus comes back with the
widgets. The app holds back keys other than ctrl+q while the notice is up,
since nothing they would do can be seen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.screen import Screen
    from textual.widget import Widget

MIN_WIDTH = 40
MIN_HEIGHT = 12


def too_small(size: Size) -> bool:
    """True when a terminal of `size` is below the game's minimum."""
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


def message(size: Size) -> str:
    return (
        "Terminal too small\n"
        f"{size.width}x{size.height}: mlquiz needs {MIN_WIDTH}x{MIN_HEIGHT}.\n"
        "Enlarge the window to go on; ctrl+q quits."
    )


class TooSmall(Static):
    """Covers the whole screen with `message(size)`.

    The app gives the screen beneath the class `-too-small` while the notice is
    up, which hides that screen's scrollbar (it would show through at the edge).
    """

    SCOPED_CSS = False  # the rule for the screen beneath is not about TooSmall itself
    DEFAULT_CSS = """
    Screen.-too-small {
        overflow: hidden hidden;
    }

    Screen.-too-small > * {
        display: none;
    }

    Screen.-too-small > TooSmall {
        display: block;
    }

    TooSmall {
        /* Textual's screens always have the _loading layer, above the default one:
           docked there, the notice covers the screen without moving anything in it. */
        layer: _loading;
        dock: top;
        width: 100%;
        height: 100%;
        content-align: center middle;
        text-align: center;
        background: $background;
        color: $text-warning;
        text-style: bold;
    }
    """

    def __init__(self, size: Size, focused: Widget | None = None) -> None:
        super().__init__(message(size), markup=False)
        # Hiding the screen's widgets takes the focus away; it goes back on `uncover`.
        self.focused_before = focused

    def show_size(self, size: Size) -> None:
        self.update(message(size))


def cover(screen: Screen, size: Size) -> None:
    """Put the notice over `screen` (or update the size it shows)."""
    notices = screen.query(TooSmall)
    if notices:
        for notice in notices:
            notice.show_size(size)
        return
    # Mount first: that registers TooSmall's CSS, which the class then applies at
    # once, before the screen is laid out at the small size.
    screen.mount(TooSmall(size, screen.focused))
    screen.add_class("-too-small")


def uncover(screen: Screen) -> None:
    """Take the notice off `screen` and give the focus back to where it was."""
    for notice in list(screen.query(TooSmall)):
        screen.remove_class("-too-small")
        notice.remove()
        before = notice.focused_before

        def refocus(before: Widget | None = before) -> None:
            # Unless the screen moved the focus on its own while covered.
            if screen.focused is None and before is not None and before.is_attached:
                screen.set_focus(before)

        screen.call_after_refresh(refocus)
