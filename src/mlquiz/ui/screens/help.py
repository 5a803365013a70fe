"""The list of keys, over whatever screen asked for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mlquiz.core.challenge import HINT_COST, SKIP_COST

if TYPE_CHECKING:
    from textual.app import ComposeResult

# (section, [(keys, what they do)]). Kept beside the bindings' own
# descriptions in the Footer; this is the one place that lists them all.
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Menu",
        [
            ("↑ ↓", "choose a deck"),
            ("Enter", "start a quiz on the deck"),
            ("r", "review the cards due or missed (a quiz)"),
            ("b", "browse the cards you missed"),
            ("a", "all cards: search, sort, suspend, bury, flag, reset"),
            ("s", "stats"),
            ("x", "timed challenge"),
            ("d", "schedule settings: retention, cards per day, leeches"),
            ("c  o  t", "number of cards · order · tag filter"),
        ],
    ),
    (
        "Quiz",
        [
            ("Enter", "submit the answer; again: next card"),
            ("ctrl+j", "new line in the answer"),
            ("ctrl+t / F2", "hint (each hint lowers the card's score)"),
            ("ctrl+n / F3", "skip the card"),
            ("r  w", "feedback: I was right · I was wrong (not on a skip)"),
            ("ctrl+z", "take the last answer back (on its feedback, or next card)"),
            ("Escape", "leave the session (answers are already saved)"),
        ],
    ),
    (
        "Timed challenge",
        [
            ("f", "before the run: feedback brief or until Enter"),
            ("Enter", "submit the answer"),
            ("Enter again", "next card (brief feedback goes on by itself)"),
            ("ctrl+t / F2", f"hint (-{HINT_COST} points)"),
            ("ctrl+n / F3", f"skip the card (-{SKIP_COST} points)"),
            ("Escape twice", "within 3 s: abandon (answers kept, not ranked)"),
            ("a", "on the results: play again"),
        ],
    ),
    (
        "Results, stats and missed cards",
        [
            ("r", "results: review the cards you missed, now"),
            ("Enter", "results: back to the menu"),
            ("Enter", "missed cards: a quiz on them"),
            ("a", "stats: this deck or all decks"),
        ],
    ),
    (
        "All cards (the card browser)",
        [
            ("/", "search question, answer, tags (is:suspended, flag:red …)"),
            ("space", "select the card (actions apply to the selected ones)"),
            ("s  b  f", "suspend · bury until tomorrow · next flag colour"),
            ("r r", "reset the schedule (the card is new again)"),
            ("h / Enter", "the card's answers · e: edit it"),
            ("o  O", "sort by the next column · reverse"),
        ],
    ),
    (
        "Schedule settings",
        [("ctrl+s / Enter", "save"), ("Escape", "back (twice with unsaved changes)")],
    ),
    (
        "Everywhere",
        [
            ("F1  ?", "this help (? only outside the answer box)"),
            ("ctrl+p", "command palette: actions, this screen's keys, themes"),
            ("Escape", "back"),
            ("ctrl+q", "quit"),
        ],
    ),
]


def help_text() -> str:
    width = max(len(keys) for _, rows in KEYS for keys, _ in rows)
    lines: list[str] = []
    for section, rows in KEYS:
        if lines:
            lines.append("")
        lines.append(f"[b]{section}[/b]")
        for keys, action in rows:
            # The gap goes inside the tag: spaces right after a closing tag
            # were dropped in rendering.
            lines.append(f"  [b $accent]{keys:<{width + 2}}[/]{action}")
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Every key of the game; any of Escape, F1, ? or q closes it."""

    BINDINGS = [
        Binding("escape,f1,question_mark,q", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "Escape closes"
            yield Static(help_text(), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
