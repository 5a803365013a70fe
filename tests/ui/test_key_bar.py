"""The menu's one-widget footer (ui/widgets/key_bar.py) looks and acts as Textual's Footer."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button
from textual.widgets import Footer as TextualFooter

from mlquiz.ui.widgets.key_bar import KeyBar


class KeysScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "next", "Next"),
        Binding("h", "hint", "Hint"),
        Binding("enter", "start", "Start quiz"),
        Binding("x", "hidden", "Hidden", show=False),
    ]
    answered: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, footer: type) -> None:
        super().__init__()
        self.footer = footer
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield self.footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.answered
        if action == "hint":
            return None if self.answered else True  # shown but disabled once answered
        return True

    def action_next(self) -> None:
        self.pressed.append("next")

    def action_hint(self) -> None:
        self.pressed.append("hint")

    def action_start(self) -> None:
        self.pressed.append("start")


class KeysApp(App[None]):
    def __init__(self, footer: type) -> None:
        super().__init__()
        self.footer = footer
        self.bells = 0

    def on_mount(self) -> None:
        self.push_screen(KeysScreen(self.footer))

    def bell(self) -> None:
        self.bells += 1


def bottom_line(app: App) -> list[Segment]:
    """The last row of the screen as drawn: text and style, run by run."""
    strip = app.screen._compositor.render_strips()[-1]
    # Without the mouse's meta (which widget, which offset): what is drawn.
    drawn = (Segment(s.text, s.style and s.style.clear_meta_and_links()) for s in strip)
    return list(Segment.simplify(drawn))


def cells(line: list[Segment]) -> list[tuple[object, ...]]:
    """Each cell as seen: its character and background, and for a character other
    than a space its colour and weight (a space's colour shows nowhere)."""
    seen = []
    for segment in line:
        style = segment.style
        assert style is not None
        for char in segment.text:
            ink = None if char == " " else (style.color, style.bold, style.dim)
            seen.append((char, style.bgcolor, ink))
    return seen


@pytest.mark.parametrize("size", [(80, 24), (40, 12), (120, 30)])
async def test_the_bar_draws_the_keys_as_textuals_footer_does(size):
    """Same characters, same colours and styles, cell for cell: before and after
    the screen's keys change (a key shown, another disabled and dimmed), and at
    40 columns, where the palette's key covers what does not fit."""
    lines: dict[type, list[list[tuple[object, ...]]]] = {}
    for footer in (TextualFooter, KeyBar):
        app = KeysApp(footer)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.pause()
            before = bottom_line(app)
            app.screen.answered = True
            await pilot.pause()
            await pilot.pause()
            lines[footer] = [cells(before), cells(bottom_line(app))]
    assert lines[KeyBar] == lines[TextualFooter]
    before, after = ("".join(str(cell[0]) for cell in line) for line in lines[KeyBar])
    assert "n Next" not in before and "n Next" in after
    assert "Hidden" not in after


async def test_pressing_a_key_on_the_bar_presses_it():
    app = KeysApp(KeyBar)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        await pilot.click(KeyBar, offset=(bar.render().plain.index("Hint"), 0))
        await pilot.pause()
        assert app.screen.pressed == ["hint"]

        # Answered: Next is shown and presses; Hint is disabled and rings the bell.
        app.screen.answered = True
        await pilot.pause()
        line = bar.render().plain
        await pilot.click(KeyBar, offset=(line.index("Next"), 0))
        await pilot.click(KeyBar, offset=(line.index("Hint"), 0))
        await pilot.click(KeyBar, offset=(40, 0))  # the gap before the palette
        await pilot.pause()
        assert app.screen.pressed == ["hint", "next"]
        assert app.bells == 1


async def test_the_key_under_the_pointer_lights_up():
    app = KeysApp(KeyBar)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = bar.render().plain
        hint = line.index("Hint")

        def background_at(column: int):
            segments = bottom_line(app)
            for segment in segments:
                if column < len(segment.text):
                    return segment.style.bgcolor
                column -= len(segment.text)
            raise AssertionError("past the end of the line")

        plain = background_at(hint)
        await pilot.hover(KeyBar, offset=(hint, 0))
        await pilot.pause()
        assert background_at(hint) != plain
        assert background_at(hint - 2) != plain  # the whole key: " h Hint "
        assert background_at(40) == plain  # not the rest of the line
        # The palette's key has Textual's tooltip: what it opens.
        await pilot.hover(KeyBar, offset=(79, 0))
        await pilot.pause()
        assert bar.tooltip == "Open the command palette"


@pytest.mark.parametrize("column", [12, 75])  # on "Hint", on the palette's key
async def test_a_key_lights_up_as_on_textuals_footer(column: int):
    lines = {}
    for footer in (TextualFooter, KeyBar):
        app = KeysApp(footer)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.hover(footer, offset=(column, 0))
            await pilot.pause()
            lines[footer] = cells(bottom_line(app))
    assert lines[KeyBar] == lines[TextualFooter]
