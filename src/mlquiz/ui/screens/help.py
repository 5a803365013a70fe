"""The list of keys, over whatever screen asked for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from mlquiz.core.challenge import HINT_COST, SKIP_COST

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

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
            ("a", "after r: accept this wording from now on (tick the points it says)"),
            ("x", "after w: treat answers like this as wrong (x again undoes it)"),
            ("e", "feedback: edit the card, your answer graded live beside it"),
            ("ctrl+z", "take the last answer back (on its feedback, or next card)"),
            ("Escape", "leave the session (answers are already saved)"),
            ("Escape twice", "leave with an answer typed but not submitted"),
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
            ("Enter", "missed cards: a quiz on them, in the order listed"),
            ("e", "missed cards: edit the card, your last answer graded live"),
            ("a", "stats: this deck or all decks"),
        ],
    ),
    (
        "Card editor",
        [
            ("Tab", "next field (question, answer, hint, each point and mix-up)"),
            ("Space", "tick or untick 'essential'"),
            ("ctrl+n  ctrl+r", "add a key point · remove the point or mix-up being edited"),
            ("ctrl+s", "save (your deck file, or your edits to a built-in deck)"),
            ("Escape", "leave (twice when there are unsaved changes)"),
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
            ("ctrl+c ×2", "quit, unless an answer is typed and not submitted"),
        ],
    ),
]


# The section of KEYS that F1 opens at, by the class name of the screen it is
# pressed on (names, so the help needs none of those screens imported). A
# screen not listed may say its own with a HELP_SECTION class attribute.
SECTION_OF_SCREEN = {
    "MenuScreen": "Menu",
    "TagPicker": "Menu",
    "QuizScreen": "Quiz",
    "AcceptWording": "Quiz",
    "DurationPicker": "Timed challenge",
    "ChallengeScreen": "Timed challenge",
    "ChallengeResultsScreen": "Timed challenge",
    "ResultsScreen": "Results, stats and missed cards",
    "StatsScreen": "Results, stats and missed cards",
    "ReviewScreen": "Results, stats and missed cards",
    "CardEditor": "Card editor",
    "BrowserScreen": "All cards (the card browser)",
    "CardHistoryScreen": "All cards (the card browser)",
    "DeckSettingsScreen": "Schedule settings",
}
# What marks the section of the screen the help was opened from.
HERE = "this screen"


def help_section(screen: Screen) -> str | None:
    """The KEYS section about `screen` (None: no section of its own)."""
    name = getattr(screen, "HELP_SECTION", None) or SECTION_OF_SCREEN.get(type(screen).__name__)
    return name if any(title == name for title, _ in KEYS) else None


def section_id(section: str) -> str:
    """The id of `section`'s title in the help dialog."""
    return "help-" + "-".join("".join(c if c.isalnum() else " " for c in section).lower().split())


class HelpScreen(ModalScreen[None]):
    """Every key of the game, scrolled to `section` (the screen it was opened
    from); any of Escape, F1, ? or q closes it.

    Each key is a row of two boxes, the keys and what they do, so a long
    description wraps under its own first line, not under the keys."""

    CSS_PATH = "help.tcss"

    BINDINGS = [
        Binding("escape,f1,question_mark,q", "close", "Close"),
    ]

    def __init__(self, section: str | None = None) -> None:
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        width = max(len(keys) for _, rows in KEYS for keys, _ in rows) + 2
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "Escape closes"
            for section, rows in KEYS:
                title = Content.styled(section, "bold")
                if section == self.section:
                    title = Content.assemble(title, ("  ", ""), (f"({HERE})", "$text-muted"))
                yield Static(title, id=section_id(section), classes="help-section")
                for keys, action in rows:
                    with Horizontal(classes="help-row"):
                        box = Static(keys, classes="help-keys", markup=False)
                        box.styles.width = width
                        yield box
                        yield Static(action, classes="help-action", markup=False)

    def on_mount(self) -> None:
        if self.section is not None:
            # Once laid out: before that the dialog has no height to scroll in.
            self.call_after_refresh(self._scroll_to_section)

    def _scroll_to_section(self) -> None:
        if self.section is None:
            return
        title = self.query_one(f"#{section_id(self.section)}", Static)
        dialog = self.query_one("#help-dialog", VerticalScroll)
        dialog.scroll_to(y=title.virtual_region.y, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
