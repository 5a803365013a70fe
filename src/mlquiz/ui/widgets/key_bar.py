"""The menu's footer: the screen's keys drawn by one widget, as Textual's Footer draws them.

Textual's Footer is a container with a widget per key, each with two styled
parts (component classes): on the menu, five widgets whose styling, layout
and drawing cost the first frame about a fifth of the game's start-up CPU
beyond a bare Textual app (issue 15; bench/startup.py). The menu is the
first screen, so it has this one instead: one line, the same keys in the
same order, the same colours and spacing (the snapshots are unchanged), and
the same mouse behaviour (a key lights up under the pointer; pressing it
presses the key, or rings the bell when the key is disabled). It follows
the screen's bindings as Textual's does, and redraws only when the keys
it shows change. Binding groups (Textual's grouped keys under one label)
are not drawn as groups: the menu has none.

Other screens keep Textual's Footer (`widgets/footer.py`): they are not on
the start-up path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

if TYPE_CHECKING:
    from textual import events
    from textual.screen import Screen


class ShownKey(NamedTuple):
    """A key as the bar draws it: `key` is what pressing it sends."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


class KeyBar(Widget):
    """The screen's shown keys, left to right, and the command palette's at the right edge."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
        "key-bar--hover",
        "key-bar--palette-edge",
    }
    # Textual's Footer and FooterKey rules (textual/widgets/_footer.py), not compact,
    # as one widget: the bar is the footer, each key a stretch of its line.
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 100%;
        height: 1;
        text-wrap: nowrap;
        text-overflow: clip;
        color: $footer-foreground;
        background: $footer-background;

        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--disabled {
            text-style: dim;
        }
        .key-bar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .key-bar--palette-edge {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: tuple[ShownKey, ...] | None = None
        self._palette: ShownKey | None = None
        # The key under the mouse pointer (an index into `_spans`), and where each
        # key is on the line as last drawn: (start, end, key).
        self._hover: int | None = None
        self._spans: list[tuple[int, int, ShownKey]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    # -- the keys ---------------------------------------------------------------

    @property
    def keys(self) -> tuple[ShownKey, ...]:
        """The keys shown, the command palette's last (if shown)."""
        if self._keys is None:
            self._keys, self._palette = self._read_keys()
        return self._keys if self._palette is None else (*self._keys, self._palette)

    def _read_keys(self) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        """The screen's keys as Textual's Footer picks them: each shown binding, the
        first of those that share an action, in the screen's order; and the command
        palette's key apart, drawn at the right edge."""
        app = self.app
        active = self.screen.active_bindings
        by_action: dict[str, ShownKey] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = ShownKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip,
                )
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _, binding, enabled, _ = active[app.COMMAND_PALETTE_BINDING]
            palette = ShownKey(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                enabled,
                binding.tooltip or binding.description,
            )
        return tuple(by_action.values()), palette

    def _bindings_changed(self, screen: Screen) -> None:
        keys = self._read_keys()
        if keys != (self._keys, self._palette):
            self._keys, self._palette = keys
            self.refresh()

    # -- drawing ----------------------------------------------------------------

    def render(self) -> Text:
        if self._keys is None:  # the first frame: the screen's keys are known by now
            self._keys, self._palette = self._read_keys()
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, ShownKey]] = []
        for key in self._keys or ():
            start = len(line)
            line.append_text(self._drawn(key, len(spans) == self._hover))
            spans.append((start, len(line), key))
        if self._palette is not None:
            # Docked at the right edge over whatever does not fit, as Textual's is:
            # an edge (its left border), the key and its description, a space.
            start = max(0, width - len(self._drawn(self._palette, False, compact=True)) - 2)
            line.truncate(start, pad=True)
            spans = [(a, min(b, start), key) for a, b, key in spans if a < start]
            hovered = len(spans) == self._hover
            spans.append((start, width, self._palette))
            base = self._base_style(self._palette, hovered)
            # The border ($foreground 20% over the bar) on the key's background, lit or not.
            edge = self.get_component_rich_style("key-bar--palette-edge").color
            line.append("▏", Style(color=edge, bgcolor=base.bgcolor))
            line.append_text(self._drawn(self._palette, hovered, compact=True))
            line.append(" ", base)
        self._spans = spans
        return line

    def _base_style(self, key: ShownKey, hovered: bool) -> Style:
        style = self.rich_style
        if not key.enabled:
            style += self.get_component_rich_style("key-bar--disabled", partial=True)
        if hovered:
            style += self.get_component_rich_style("key-bar--hover")
        return style

    def _drawn(self, key: ShownKey, hovered: bool, compact: bool = False) -> Text:
        """One key as a FooterKey draws it: the key padded by a space each side, then
        the description and a space, over the key's own style; `compact` (as Textual
        draws the palette's key): the key, a space, the description."""
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        if hovered:
            # Both parts have no background of their own: they show the key's.
            under = Style(bgcolor=self.get_component_rich_style("key-bar--hover").bgcolor)
            key_style += under
            description_style += under
        if key.description and compact:
            text = Text.assemble(
                (key.display, key_style), (f" {key.description}", description_style)
            )
        elif key.description:
            text = Text.assemble(
                (f" {key.display} ", key_style), (f"{key.description} ", description_style)
            )
        else:
            text = Text.assemble((key.display, key_style))
        text.stylize_before(self._base_style(key, hovered))
        return text

    # -- the mouse --------------------------------------------------------------

    def _key_at(self, x: int) -> int | None:
        for index, (start, end, _) in enumerate(self._spans):
            if start <= x < end:
                return index
        return None

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            self._hover = index
            tooltip = None if index is None else self._spans[index][2].tooltip
            self.tooltip = tooltip or None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._key_at(event.x)
        if index is None:
            return
        key = self._spans[index][2]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
