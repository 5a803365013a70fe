"""A deck's schedule settings: desired retention, daily limits, leeches, the challenge.

Each number is checked as it is typed (`core.deck_settings.parse_number`),
the reason shown under its box; ctrl+s (or Enter in a box) saves when all
are good, and says which are not otherwise, keeping what was typed. Escape
leaves; with changes not saved, it asks for a second Escape first. The
screen dismisses with the new `DeckSettings` (None: nothing changed), and
the menu has the app store them with the other settings.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Static

from mlquiz.core.deck_settings import (
    LEECH_RANGE,
    MAX_PER_DAY,
    RETENTION_RANGE,
    DeckSettings,
    parse_number,
)
from mlquiz.core.terminal_text import shown_line
from mlquiz.ui.widgets.footer import Footer
from mlquiz.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from mlquiz.core.cards import Deck
    from mlquiz.core.decks.index import DeckInfo

# (setting, label, what it means) for each number typed in.
NUMBERS = (
    (
        "desired_retention",
        "Desired retention",
        f"{RETENTION_RANGE[0]:.2f}–{RETENTION_RANGE[1]:.2f}: your chance of recalling a card "
        "when it comes due (FSRS). Higher means shorter gaps and more reviews.",
    ),
    (
        "new_per_day",
        "New cards per day",
        f"0–{MAX_PER_DAY:,}: cards never answered that a review brings in each day.",
    ),
    (
        "reviews_per_day",
        "Reviews per day",
        f"0–{MAX_PER_DAY:,}: learnt cards a review asks each day (cards still in their "
        "first steps, and missed ones, are not limited).",
    ),
    (
        "leech_threshold",
        "Leech after",
        f"{LEECH_RANGE[0]}–{LEECH_RANGE[1]} lapses: a card forgotten this often is a "
        "leech (listed in the stats).",
    ),
)
# (setting, label) for each choice.
CHOICES = (
    ("leech_suspend", "Suspend a card when it becomes a leech"),
    ("challenge_schedules", "Timed challenge answers move the schedule"),
)
# How long a first Escape with unsaved changes waits for the second.
LEAVE_SECONDS = 3.0


def shown(name: str, settings: DeckSettings) -> str:
    value = getattr(settings, name)
    return f"{value:.2f}" if name == "desired_retention" else str(value)


class DeckSettingsScreen(Screen["DeckSettings | None"]):
    """The schedule settings of one deck."""

    CSS_PATH = "deck_settings.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self, deck: Deck | DeckInfo, settings: DeckSettings, parameters: str = "") -> None:
        """`parameters` says which FSRS parameters the deck uses (fitted or defaults)."""
        super().__init__()
        self.deck = deck
        self.settings = settings
        self.parameters = parameters
        self.sub_title = f"{deck.title} · schedule settings"
        self._leaving_at: float | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="settings-body"):
            yield Static(
                f"How {shown_line(self.deck.title)} is scheduled. Changes apply from the next "
                "answer; "
                "each answer keeps the retention it was given with.",
                id="settings-intro",
                markup=False,
            )
            for name, label, help_text in NUMBERS:
                with Horizontal(classes="settings-row"):
                    yield Static(label, classes="settings-label", markup=False)
                    yield Input(
                        shown(name, self.settings),
                        id=f"settings-{name}",
                        classes="settings-input",
                        select_on_focus=True,
                    )
                    with Vertical(classes="settings-side"):
                        yield Static(help_text, classes="settings-help", markup=False)
                        yield Static("", id=f"settings-{name}-error", classes="settings-error")
            for name, label in CHOICES:
                yield Checkbox(label, getattr(self.settings, name), id=f"settings-{name}")
            if self.parameters:
                yield Static(self.parameters, id="settings-parameters", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#settings-{NUMBERS[0][0]}", Input).focus()

    # -- reading the form ------------------------------------------------------

    def read(self) -> tuple[DeckSettings, dict[str, str]]:
        """The settings as typed, and the reason each bad box is bad (by setting)."""
        values: dict[str, object] = {}
        problems: dict[str, str] = {}
        for name, _, _ in NUMBERS:
            value, why = parse_number(name, self.query_one(f"#settings-{name}", Input).value)
            if why is not None:
                problems[name] = why
            else:
                values[name] = value
        for name, _ in CHOICES:
            values[name] = self.query_one(f"#settings-{name}", Checkbox).value
        return replace(self.settings, **values), problems  # type: ignore[arg-type]

    @on(Input.Changed, ".settings-input")
    def _check(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("settings-")
        _, why = parse_number(name, event.value)
        error = self.query_one(f"#settings-{name}-error", Static)
        error.update(why or "")
        event.input.set_class(why is not None, "-invalid")
        self._leaving_at = None

    @on(Checkbox.Changed)
    def _choice_changed(self) -> None:
        self._leaving_at = None

    @on(Input.Submitted, ".settings-input")
    def _submitted(self) -> None:
        self.action_save()

    # -- actions ---------------------------------------------------------------

    def action_save(self) -> None:
        settings, problems = self.read()
        if problems:
            names = ", ".join(label for name, label, _ in NUMBERS if name in problems)
            self.notify(
                f"Not saved: {names} {'needs' if len(problems) == 1 else 'need'} a valid "
                "value (see the reason beside it). What you typed is kept.",
                severity="warning",
                timeout=5,
            )
            first = next(name for name, _, _ in NUMBERS if name in problems)
            self.query_one(f"#settings-{first}", Input).focus()
            return
        self.dismiss(settings if settings != self.settings else None)

    def action_leave(self) -> None:
        settings, problems = self.read()
        changed = bool(problems) or settings != self.settings
        now = time.monotonic()
        if changed and (self._leaving_at is None or now - self._leaving_at > LEAVE_SECONDS):
            self._leaving_at = now
            self.notify(
                "Your changes are not saved: ctrl+s saves them, Escape again leaves without.",
                timeout=LEAVE_SECONDS,
            )
            return
        self.dismiss(None)
