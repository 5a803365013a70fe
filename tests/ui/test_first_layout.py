"""Screens are laid out once, at their final size classes, and the footer is
built once per change of its keys (issue 3: each extra pass cost the menu's
start-up a full redraw).

Textual gives a screen its breakpoint classes (-narrow, -short, ...) on its
first Resize, after its first layout; the app gives them before it
(`QuizApp._fitted`). What a learner would see otherwise is the first frame
drawn with the wrong spacing; what the tests check is the classes the screen
has when it mounts, and that they are the ones Textual itself sets.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button
from textual.widgets import Footer as TextualFooter

from mlquiz.ui.app import QuizApp
from mlquiz.ui.breakpoints import breakpoint_classes
from mlquiz.ui.screens.menu import MenuScreen
from mlquiz.ui.widgets.footer import Footer
from mlquiz.ui.widgets.key_bar import KeyBar
from tests.support.pilot import footer_keys, settle

BREAKPOINTS = ("-tiny", "-narrow", "-wide", "-short", "-tall")


class Probe(Screen[None]):
    """A screen that notes its classes when it mounts, before any layout."""

    classes_at_mount: set[str] | None = None

    def on_mount(self) -> None:
        self.classes_at_mount = set(self.classes)


class RoomyProbe(Probe):
    HORIZONTAL_BREAKPOINTS = [(0, "-small"), (120, "-roomy")]


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((45, 14), {"-tiny", "-short"}),
        ((80, 24), {"-narrow", "-short"}),
        ((100, 30), {"-wide", "-tall"}),
        ((160, 50), {"-wide", "-tall"}),
    ],
)
async def test_a_pushed_screen_has_its_size_classes_before_its_first_layout(
    make_app, size, expected
):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        probe = Probe()
        app.push_screen(probe)
        await settle(pilot)
        assert probe.classes_at_mount is not None
        assert probe.classes_at_mount & set(BREAKPOINTS) == expected
        # ...and they are the ones Textual sets once the screen has had its Resize.
        assert set(probe.classes) & set(BREAKPOINTS) == expected


async def test_the_menu_has_its_size_classes_when_it_mounts(make_app, monkeypatch):
    seen: list[set[str]] = []
    mount = MenuScreen.on_mount

    def noting(self: MenuScreen) -> None:
        seen.append(set(self.classes))
        mount(self)

    monkeypatch.setattr(MenuScreen, "on_mount", noting)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert seen == [{"-wide", "-tall"}]


async def test_a_screen_with_its_own_breakpoints_gets_those(make_app):
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        probe = RoomyProbe()
        app.push_screen(probe)
        await settle(pilot)
        assert probe.classes_at_mount is not None
        assert {"-roomy", "-tall"} <= probe.classes_at_mount
        assert "-small" not in probe.classes_at_mount


@pytest.mark.parametrize("width", [0, 1, 59, 60, 61, 99, 100, 101, 500])
@pytest.mark.parametrize("height", [0, 29, 30, 31])
def test_breakpoint_classes_match_textuals_rule(width, height):
    """Textual's rule (Screen._get_breakpoint_classes): the largest breakpoint
    reached, per direction; the others off."""
    horizontal, vertical = QuizApp.HORIZONTAL_BREAKPOINTS, QuizApp.VERTICAL_BREAKPOINTS
    screen = Screen()
    on = screen._get_breakpoint_classes(width, horizontal) | screen._get_breakpoint_classes(
        height, vertical
    )
    expected = {name: name in on for _, name in horizontal + vertical}
    assert breakpoint_classes(Size(width, height), horizontal, vertical) == expected


# -- the footer -----------------------------------------------------------------


class FooterScreen(Screen[None]):
    BINDINGS = [Binding("n", "next", "Next"), Binding("h", "hint", "Hint")]
    answered: reactive[bool] = reactive(False, bindings=True)

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.answered
        if action == "hint":
            return None if self.answered else True
        return True


class FooterApp(App[None]):
    ENABLE_COMMAND_PALETTE = False

    def on_mount(self) -> None:
        self.push_screen(FooterScreen())


async def test_the_footer_follows_the_keys_and_is_built_once_per_change(monkeypatch):
    builds = []
    compose = Footer.compose

    def counting(self: Footer) -> ComposeResult:
        builds.append(1)
        return compose(self)

    monkeypatch.setattr(Footer, "compose", counting)
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        assert footer_keys(app) == {"h": True}  # Next hidden until answered
        before = len(builds)

        # Focus moves (Textual refreshes the bindings three times for each): same keys.
        await pilot.press("tab")
        await pilot.press("tab")
        await pilot.pause()
        assert len(builds) == before
        assert footer_keys(app) == {"h": True}

        # The keys change: the footer shows them.
        app.screen.answered = True
        await pilot.pause()
        await pilot.pause()
        assert footer_keys(app) == {"n": True, "h": False}
        assert len(builds) == before + 1


async def test_the_menus_footer_has_its_keys_in_the_first_frame(make_app, monkeypatch):
    """Textual's footer is empty when composed and builds its keys after the first
    frame (a second layout, keys that blink in); the menu's KeyBar draws them in
    the first frame, and the deck list taking focus (its own Enter, shown as the
    menu's) redraws nothing."""
    first_lines: list[str] = []
    render = KeyBar.render

    def noting(self: KeyBar):
        line = render(self)
        first_lines.append(line.plain)
        return line

    monkeypatch.setattr(KeyBar, "render", noting)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert footer_keys(app) == {"enter": True, "r": True, "f1": True, "ctrl+p": True}
        assert not app.screen.query(TextualFooter)
        assert len(first_lines) == 1  # drawn once: the first frame, with every key
        line = first_lines[0]
        assert line.startswith(" ⏎ Start quiz  r Review  f1 Help ")
        assert line.endswith("▏^p palette ") and len(line) == 80
