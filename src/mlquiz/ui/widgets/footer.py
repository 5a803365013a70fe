"""Textual's Footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """The key bar at the bottom of every screen.

    Textual's Footer removes and mounts all its keys (one widget each) on every
    bindings refresh, and a single change of focus asks for three refreshes:
    the menu's footer was built three times before the menu was ready (~15 ms
    of the start-up, see issue 3). Here a rebuild that would show the same
    keys as the last one is skipped.
    """

    _shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """Everything `compose` draws from: the bindings, whether each is enabled, and
        the options. (`_bindings_ready` is Textual's: until it is set the footer is empty.)"""
        bindings = tuple(
            (binding, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        return (
            self._bindings_ready,
            self.show_command_palette,
            self.combine_groups,
            self.app.ENABLE_COMMAND_PALETTE,
            bindings,
        )

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
