"""What a player reads when the built-in deck's grader finds something against
a right-looking answer: plain sentences, each naming what is wrong, never
the grader's own terms or a quote wrapped inside a quote ("the reference says
nothing “only” like that", "the answer negates: ...").

Each answer below was typed in play (walk14); the verdict and score are the
ones the grader gave before these lines were reworded, so the test also pins
that the rewording changed words only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from mlquiz.core.decks.library import resolve_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.ui.app import QuizApp, prepare
from tests.support.factories import make_service
from tests.support.pilot import answer, settle

HYPEROPT = "Why is logging hyperparameter search results to MLflow valuable?"
TEAM = "Why is experiment tracking crucial in collaborative environments?"
STAGING = "Why is having a ‘Staging’ stage useful?"


@asynccontextmanager
async def first_card_asked(tmp_path, clock, deck) -> AsyncIterator[tuple[QuizApp, object]]:
    """The game on `deck`, played in deck order, at its first card's question."""
    service = make_service(tmp_path / "data", clock, decks=[deck])
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    app = QuizApp(service, startup)
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            yield app, pilot
    finally:
        service.close()


def deck_opening_with(question: str):
    """The built-in deck with this card asked first (shuffle off plays in deck order)."""
    deck = resolve_deck("databricks-mlflow")
    card = next(c for c in deck.cards if c.question == question)
    rest = tuple(c for c in deck.cards if c is not card)
    return dataclasses.replace(deck, cards=(card, *rest), grading_texts=None), card


@pytest.mark.parametrize(
    ("question", "typed", "verdict", "score", "lines"),
    [
        (
            HYPEROPT,
            "you can compare the configs side by side and see how metrics trend, and MLflow"
            " will automatically pick the best model and deploy it for you",
            "partial",
            2 / 3,
            [
                "✗ Not so: “and MLflow will automatically pick the best model and deploy it"
                " for you”. The reference doesn't say “automatically”: that claim goes"
                " beyond it."
            ],
        ),
        (
            TEAM,
            "everyone sees the shared history of runs so nobody repeats work, and it"
            " automatically deletes old runs after 30 days",
            "partial",
            2 / 3,
            [
                "✗ Not so: “and it automatically deletes old runs after 30 days”. The"
                " reference sets no such limit."
            ],
        ),
    ],
)
async def test_a_false_claim_is_named_in_one_plain_sentence(
    tmp_path, clock, question, typed, verdict, score, lines
) -> None:
    deck, card = deck_opening_with(question)
    # Asked first or in its place, the card grades the same.
    before = Grader(resolve_deck("databricks-mlflow")).grade(card.id, typed)
    first = Grader(deck).grade(card.id, typed)
    assert (first.verdict, first.score) == (before.verdict, before.score)
    assert (before.verdict, before.score) == (verdict, pytest.approx(score, abs=1e-3))
    async with first_card_asked(tmp_path, clock, deck) as (app, pilot):
        assert str(app.screen.query_one("#quiz-question").render()) == question
        await answer(pilot, typed)
        shown = str(app.screen.query_one("#feedback-verdict").render())
        assert shown.startswith("◐ Partial")
        claims = [str(w.render()) for w in app.screen.query(".feedback-false-claim")]
        assert claims == lines
        everything = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "says nothing “" not in everything
        assert "like that." not in everything


async def test_a_denied_key_point_is_named_as_denied(tmp_path, clock) -> None:
    typed = "so models can go straight to production without a review workflow"
    deck, card = deck_opening_with(STAGING)
    async with first_card_asked(tmp_path, clock, deck) as (app, pilot):
        await answer(pilot, typed)
        shown = str(app.screen.query_one("#feedback-verdict").render())
        assert shown.startswith("✗ Incorrect")
        reasons = str(app.screen.query_one("#feedback-reasons").render())
        assert reasons == "The answer denies a key point: enforces a review workflow."
        points = [str(w.render()) for w in app.screen.query(".feedback-point")]
        assert "⚠ enforces a review workflow  (contradicted)" in points
