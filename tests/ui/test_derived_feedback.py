"""The feedback on an imported (derived) card names the reference's words the
answer said, so partial credit with no key point ticked can be seen (issue 19)."""

from __future__ import annotations

from pathlib import Path

from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.format import POINT_SYMBOL
from tests.support.factories import imported_deck, make_service
from tests.support.pilot import answer, settle

CSV = (
    "Question,Answer\n"
    '"What is gradient descent?","An optimisation algorithm that repeatedly moves the '
    "parameters a small step size against the gradient of the loss function, until the loss "
    'stops falling."\n'
)


async def test_partial_feedback_names_the_reference_words_said(tmp_path: Path, clock) -> None:
    deck = imported_deck(tmp_path, "ml.csv", CSV)
    service = make_service(tmp_path / "data", clock, decks=[deck])
    app = QuizApp(service, prepare(service))
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await answer(pilot, "It repeatedly changes the [b]parameters[/b]")
            verdict = str(app.screen.query_one("#feedback-verdict").render())
            assert "Partial" in verdict
            points = [str(w.render()) for w in app.screen.query(".feedback-point")]
            assert points and not any(p.startswith(POINT_SYMBOL["found"]) for p in points)
            reasons = str(app.screen.query_one("#feedback-reasons").render())
            assert "Part of the reference answer is there." in reasons
            assert "From the reference you said: “repeatedly”, “parameters”." in reasons
    finally:
        service.close()
