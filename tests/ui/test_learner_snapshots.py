"""Snapshots of the learner's controls: the schedule settings, the card browser, a cloze
card asked and graded (the small fixed decks, the clock frozen).

Update after an intended change with
`pytest tests/ui/test_learner_snapshots.py --snapshot-update`, and look at
the report before committing the pictures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz.core.decks.library import load_deck
from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.widgets.answer_box import AnswerBox
from mlquiz.ui.widgets.card_table import CardTable
from tests.support.factories import make_service
from tests.support.pilot import CORRECT, PARTIAL, WRONG, answer, settle

SIZE = (100, 32)
CLOZE_DECK = Path(__file__).resolve().parents[1] / "data" / "cloze-deck.toml"


def blink_off(app) -> None:
    for box in app.screen.query(AnswerBox):
        box.cursor_blink = False


class TestDeckSettings:
    def test_settings_with_a_value_refused(self, snap_compare, make_app):
        """The four numbers with what each means, the two choices, the parameters used;
        a limit of 100,000 says why it is refused."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            pilot.app.screen.query_one("#settings-new_per_day").value = "100000"
            await pilot.pause()
            pilot.app.screen.query_one("#settings-new_per_day").cursor_blink = False
            pilot.app.screen.query_one("#settings-desired_retention").cursor_blink = False

        assert snap_compare(make_app(), run_before=run_before, terminal_size=SIZE)


class TestBrowser:
    def test_browser_after_a_session(self, snap_compare, make_app, service, clock):
        """Every card with its state, due, recall, last verdict and flags; one suspended,
        one flagged red, one selected."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await answer(pilot, CORRECT["run"])
            await pilot.press("enter")
            await settle(pilot)
            await answer(pilot, PARTIAL["experiment"])
            await pilot.press("enter")
            await settle(pilot)
            await answer(pilot, WRONG)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            service.suspend("ui-deck", ["registry"])
            service.flag("ui-deck", ["experiment"], "red")
            await pilot.press("a")
            await settle(pilot)
            table = pilot.app.screen.query_one(CardTable)
            table.cursor = 3
            await pilot.press("space")
            table.cursor = 1
            await pilot.pause()

        assert snap_compare(make_app(), run_before=run_before, terminal_size=SIZE)


@pytest.fixture
def cloze_app(tmp_path, clock):
    deck = load_deck(CLOZE_DECK, source="built-in")
    service = make_service(tmp_path / "data", clock, decks=[deck])
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    yield QuizApp(service, startup)
    service.close()


class TestCloze:
    def test_cloze_question(self, snap_compare, cloze_app):
        """A cloze card: the sentence with its gap, the other blank filled in."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            blink_off(pilot.app)

        assert snap_compare(cloze_app, run_before=run_before, terminal_size=SIZE)

    def test_cloze_feedback_with_a_typo_forgiven(self, snap_compare, cloze_app):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            blink_off(pilot.app)
            await answer(pilot, "the Model Regsitry")

        assert snap_compare(cloze_app, run_before=run_before, terminal_size=SIZE)
