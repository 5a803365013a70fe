"""The results table says why (issue 16, item 6): the grader's reason where the
missed points do not tell it (a mix-up, a list of terms, steps in the wrong
order), and one missed point a line, since labels may hold commas."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz.core.decks.library import DeckScan, load_deck
from mlquiz.service import GameService
from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.screens.results import ResultsScreen
from mlquiz.ui.widgets.answer_box import AnswerBox
from tests.support.pilot import PARTIAL, settle

DECK = """
id = "why"
title = "Why deck"
description = "Cards whose results need a reason."

[[cards]]
id = "steps"
question = "How does a model reach production?"
answer = "Train it, then register it, then deploy it."
ordered = true

[[cards.points]]
label = "train"
phrases = ["train|trained|training"]

[[cards.points]]
label = "register"
phrases = ["register|registered|registry"]

[[cards.points]]
label = "deploy"
phrases = ["deploy|deployed|serve"]

[[cards]]
id = "logged"
question = "What does a run log?"
answer = "Its params, metrics and artifacts, together with the code version."

[[cards.points]]
label = "params, metrics and artifacts"
phrases = ["params|parameters ... metrics"]

[[cards.points]]
label = "code version, commit or source"
phrases = ["code version", "commit", "source"]
"""


async def play(app: QuizApp, answers: list[str]) -> ResultsScreen:
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for text in answers:
            app.screen.query_one(AnswerBox).insert(text)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        if not isinstance(app.screen, ResultsScreen):
            await pilot.press("escape")
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        table = screen.query_one("#results-table")
        screen.cells = [  # type: ignore[attr-defined]
            [str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)
        ]
        return screen


@pytest.fixture
def why_app(tmp_path: Path, clock):
    path = tmp_path / "why.toml"
    path.write_text(DECK, encoding="utf-8")
    deck = load_deck(path, source="user")
    service = GameService(
        tmp_path / "data",
        config_dir=tmp_path / "config",
        clock=clock,
        deck_scanner=lambda: DeckScan(decks=[deck]),
    )
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    yield QuizApp(service, startup)
    service.close()


async def test_steps_in_the_wrong_order_say_so_and_missed_labels_are_one_a_line(why_app):
    screen = await play(
        why_app, ["First deploy it, then register it, then train it.", "It logs the commit."]
    )
    steps, logged = screen.cells
    # The right steps in a wrong order: partial, naming the step out of place.
    assert steps[2].startswith("◐ Partial")
    assert steps[3].startswith("Out of order: “")
    # Partial, one point missed: the point says it all, and its commas stay its own.
    assert logged[3] == "· params, metrics and artifacts"


async def test_every_missed_point_of_a_skip_is_on_its_own_line(why_app):
    async with why_app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        table = why_app.screen.query_one("#results-table")
        missed = str(table.get_row_at(1)[3])
        assert missed.splitlines() == [
            "· params, metrics and artifacts",
            "· code version, commit or source",
        ]


async def test_a_mix_up_and_a_list_of_terms_give_their_reasons(make_app):
    app = make_app()
    # ui-deck: "run" (a confusion with an experiment), then "experiment".
    screen = await play(app, ["a group of runs", PARTIAL["experiment"]])
    run_row = screen.cells[0]
    assert run_row[3].splitlines() == [
        "That is an experiment: a run is one execution inside it.",
        "· single execution",
        "· params and metrics logged",
    ]
    app = make_app()
    screen = await play(app, ["single execution params metrics"])
    assert screen.cells[0][3] == "A list of terms, not an answer: say how they relate."
