"""Snapshots of teaching the grader: the feedback on an answer an accepted wording made
correct, the accept dialog, and the card editor with its live grade.

The service tells days in UTC, so "your wording of 3 Mar" reads the same in
every time zone. Update with `pytest tests/ui/test_teaching_snapshots.py
--snapshot-update` and look at the report before committing the pictures.
"""

from __future__ import annotations

from datetime import UTC

import pytest

from mlquiz.core.clock import FixedClock
from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.widgets.answer_box import AnswerBox
from tests.support.pilot import START, settle, ui_service

SIZE = (100, 32)
KNOBS = "one go of the training script that writes down the knobs and the scores"


@pytest.fixture
def app(tmp_path):
    service = ui_service(tmp_path, FixedClock(START), tz=UTC)
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    yield QuizApp(service, startup)
    service.close()


async def answer_first_card(pilot, text: str) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    for box in pilot.app.screen.query(AnswerBox):
        box.cursor_blink = False
    pilot.app.screen.query_one(AnswerBox).insert(text)
    await pilot.press("enter")
    await settle(pilot)


def test_feedback_with_an_accepted_wording(snap_compare, app):
    """Correct through the player's wording: its points found, the reason names the day."""
    app.service.teaching.teach("ui-deck", "run", KNOBS, "accepted")

    async def run_before(pilot) -> None:
        await answer_first_card(
            pilot, "it writes down the knobs and the scores, one go of the training script"
        )

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_accept_wording_dialog(snap_compare, app):
    """After r, a: the wording and the key points it covers, the essential ones ticked."""

    async def run_before(pilot) -> None:
        await answer_first_card(pilot, KNOBS)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_card_editor_with_the_live_grade(snap_compare, app):
    """e on the feedback: the card's fields on the left, the answer graded on the right."""

    async def run_before(pilot) -> None:
        await answer_first_card(pilot, KNOBS)
        await pilot.press("e")
        await settle(pilot)
        for area in pilot.app.screen.query("TextArea, Input"):
            area.cursor_blink = False

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_card_editor_at_80x24(snap_compare, app):
    """The smallest supported terminal: the form scrolls, the grade stays beside it."""

    async def run_before(pilot) -> None:
        await answer_first_card(pilot, KNOBS)
        await pilot.press("e")
        await settle(pilot)
        for area in pilot.app.screen.query("TextArea, Input"):
            area.cursor_blink = False

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
