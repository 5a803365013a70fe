"""A checkbox whose box is empty when it is off.

Textual's toggle buttons draw an X either way and tell on from off by colour
alone, which NO_COLOR and monochrome terminals lose: here an off box is blank.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class Tick(Checkbox):
    @property
    def _button(self) -> Content:
        # Read by Checkbox's own drawing; an instance value shadows the class's "X".
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button
