"""Textual's Footer, built with its keys as it is composed, and rebuilt only when the
keys it shows change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult


class Footer(TextualFooter):
    """The key bar at the bottom of every screen.

    Textual's Footer is empty when composed and builds its keys (one widget
    each) once the screen's bindings are first updated, which is after the
    first frame: a second layout of the whole screen, and a footer that blinks
    in (issue 15: ~9 ms of the menu's start-up, two layouts). Here it is
    composed with the keys the screen has then, and the keys it shows are
    noted. Textual also removes and mounts all its keys on every bindings
    refresh, and a single change of focus asks for three; a rebuild that
    would show the same keys as the last one is skipped.
    """

    _shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """Everything `compose` draws from: each binding shown (and the command
        palette's) as drawn, whether it is enabled, which share an action (grouped),
        and the options. A binding's action itself is not drawn (a key press runs
        it), so a focused list's own Enter, shown as the screen's was, changes
        nothing; nor do bindings the footer does not show."""
        palette = self.app.COMMAND_PALETTE_BINDING
        actions: dict[str, int] = {}
        drawn = tuple(
            (
                key,
                binding.key,
                binding.key_display,
                binding.description,
                binding.show,
                binding.group,
                enabled,
                tooltip,
                actions.setdefault(binding.action, len(actions)),
            )
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )
        return (
            self.show_command_palette,
            self.combine_groups,
            self.app.ENABLE_COMMAND_PALETTE,
            drawn,
        )

    def compose(self) -> ComposeResult:
        # Textual's: keys only once `_bindings_ready`. The screen's bindings are known
        # now (its focus may still move, which changes no key shown on our screens;
        # if it does, `recompose` rebuilds).
        if not self._bindings_ready:
            try:
                self._shown = self._keys()
            except (AttributeError, TypeError, ValueError):
                self._shown = None  # Textual's internals changed: wait, as Textual does
            else:
                self._bindings_ready = True
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A FooterKey starts compact and takes the footer's setting (not
                # compact) once mounted: each change of its -compact class restyles
                # it at once, two restyles a key before the first frame. Given
                # its final value now, it is styled once, with the same classes.
                compact = self.compact or "-command-palette" in widget.classes
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        try:
            keys = self._keys() if self.is_attached else None
        except (AttributeError, TypeError, ValueError):
            # Textual's internals changed shape: rebuild every time, as Textual does.
            keys = None
        if keys is not None and keys == self._shown:
            return
        await super().recompose()
        self._shown = keys
