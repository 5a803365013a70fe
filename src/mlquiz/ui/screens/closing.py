"""Closing a screen whose workers may still be reading."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def dismiss_stopping_workers(screen: Screen[Any], result: Any = None) -> None:
    """Stop `screen`'s workers, then dismiss it with `result`.

    Textual removes a screen's fields before it stops the screen's workers: a
    read on the service thread that ends in between (a loaded machine, a long
    history) writes into a field already gone and fails the app. Every screen
    that reads its data in a worker and can be left while it reads closes
    through here (a store action already sent still completes on the service
    thread)."""
    screen.workers.cancel_node(screen)
    screen.dismiss(result)
