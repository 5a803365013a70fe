"""A screen's breakpoint classes worked out before Textual's first Resize sets them,
so a screen is composed with its final layout (`QuizApp._fitted`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.geometry import Size


def breakpoint_classes(
    size: Size, horizontal: list[tuple[int, str]] | None, vertical: list[tuple[int, str]] | None
) -> dict[str, bool]:
    """The breakpoint classes of a screen of `size`, as Textual's Screen sets them on
    Resize: per direction, the class of the largest breakpoint reached is on, the rest off."""
    classes: dict[str, bool] = {}
    for dimension, breakpoints in ((size.width, horizontal or []), (size.height, vertical or [])):
        reached = max((point for point in breakpoints if dimension >= point[0]), default=None)
        for point in breakpoints:
            classes[point[1]] = point == reached
    return classes
