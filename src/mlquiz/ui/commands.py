"""The command palette (ctrl+p): the game's commands, and which of Textual's stay.

On the menu the palette offers the menu's modes and screens for the selected
deck; on any other screen, that screen's own keys that do something now (in
a quiz: Hint, Skip, Leave; after an answer: Next card, I was right, ...).
Help is offered everywhere, and of Textual's own commands only Theme and
Quit. Imported when the palette first opens, not with the app.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen

from mlquiz.core.terminal_text import shown_line
from mlquiz.ui.screens.menu import MenuScreen

if TYPE_CHECKING:
    from mlquiz.ui.app import QuizApp

# Textual's own palette commands that do not serve a player: its raw key panel
# (which Escape would not close: it left the quiz instead), maximizing the
# focused widget and saving an SVG of the screen. Theme and Quit stay.
TEXTUAL_COMMANDS_HIDDEN = frozenset({"Keys", "Maximize", "Minimize", "Screenshot"})


def palette_commands(
    app: QuizApp, screen: Screen, textual_commands: Iterable[SystemCommand]
) -> Iterable[SystemCommand]:
    """What the palette lists on `screen` (`textual_commands`: Textual's own)."""
    if isinstance(screen, MenuScreen):
        if screen.deck is not None:
            yield from _menu_commands(screen)
    else:
        yield from _screen_key_commands(screen)
    yield SystemCommand(
        "Keys and help", "The keys of every screen, opened at this one's", app.action_help
    )
    for command in textual_commands:
        if command.title not in TEXTUAL_COMMANDS_HIDDEN:
            yield command


def _menu_commands(menu: MenuScreen) -> Iterable[SystemCommand]:
    assert menu.deck is not None
    # The palette reads help texts as markup: the deck's title is escaped.
    title = escape(shown_line(menu.deck.title))
    yield SystemCommand("Start quiz", f"A quiz on {title}", menu.action_start)
    yield SystemCommand("Review missed cards", "A quiz on the cards you missed", menu.action_review)
    yield SystemCommand(
        "Browse missed cards", "Your last answers beside the reference", menu.action_browse
    )
    yield SystemCommand(
        "Browse all cards",
        "Search, sort, suspend, bury, flag, reset or edit the deck's cards",
        menu.action_cards,
    )
    yield SystemCommand(
        "Schedule settings",
        "Desired retention, new cards and reviews per day, leeches",
        menu.action_deck_settings,
    )
    yield SystemCommand("Stats", "Answers and accuracy per deck", menu.action_stats)
    yield SystemCommand("Timed challenge", "Answer against the clock", menu.action_challenge)


def _screen_key_commands(screen: Screen) -> Iterable[SystemCommand]:
    """The screen's own keys that do something now, as palette commands."""
    # Textual's own screen keys (focus next, copy) are not the game's actions.
    seen = {binding.action for binding in Screen.BINDINGS if isinstance(binding, Binding)}
    for node, binding, enabled, _ in screen.active_bindings.values():
        if node is not screen or not enabled or not binding.description:
            continue
        if binding.action in seen:
            continue
        seen.add(binding.action)
        key = screen.app.get_key_display(binding)
        yield SystemCommand(
            binding.description, f"Key: {key}", partial(screen.run_action, binding.action)
        )
