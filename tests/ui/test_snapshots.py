"""Snapshot tests: one class per screen, on the small fixed deck, clock frozen.

Update the pictures after an intended change with
`pytest tests/ui/test_snapshots.py --snapshot-update`, and look at the
report (snapshot_report.html) before committing them.
"""

from __future__ import annotations

from mlquiz.ui.widgets.answer_box import AnswerBox
from tests.support.pilot import PARTIAL, WRONG, settle

SIZE = (100, 32)


def blink_off(app) -> None:
    for box in app.screen.query(AnswerBox):
        box.cursor_blink = False


async def start_quiz(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    blink_off(pilot.app)


async def type_answer(pilot, text: str) -> None:
    pilot.app.screen.query_one(AnswerBox).insert(text)
    await pilot.pause()


async def play_a_short_session(pilot) -> None:
    """Card 1 partly right, card 2 wrong, card 3 skipped, then leave: the results."""
    await start_quiz(pilot)
    await type_answer(pilot, PARTIAL["run"])
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await type_answer(pilot, WRONG)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)


class TestMenu:
    def test_menu(self, snap_compare, make_app):
        """The menu on a first run: the deck selected, nothing played yet."""
        assert snap_compare(make_app(), run_before=settle, terminal_size=SIZE)

    def test_menu_80x24(self, snap_compare, make_app):
        """The menu in the smallest supported terminal: nothing cut off."""
        assert snap_compare(make_app(), run_before=settle, terminal_size=(80, 24))


class TestQuestion:
    def test_question_with_a_hint(self, snap_compare, make_app):
        """A question with the first hint taken and an answer being typed."""

        async def run_before(pilot) -> None:
            await start_quiz(pilot)
            await pilot.press("ctrl+t")
            await type_answer(pilot, "A single execution of training code, with the")

        assert snap_compare(make_app(), run_before=run_before, terminal_size=SIZE)


class TestFeedback:
    def test_feedback_on_a_partial_answer(self, snap_compare, make_app):
        """Verdict as word, symbol and colour; points found and missed; matched words marked."""

        async def run_before(pilot) -> None:
            await start_quiz(pilot)
            await type_answer(pilot, PARTIAL["run"])
            await pilot.press("enter")
            await settle(pilot)

        assert snap_compare(make_app(), run_before=run_before, terminal_size=SIZE)

    def test_feedback_names_a_false_claim_and_the_words_of_each_point(self, snap_compare, make_app):
        """A right answer partly in code with a false claim: partial, each point
        found with the words (and code) that earned it, the claim named and
        marked in the answer."""

        async def run_before(pilot) -> None:
            await start_quiz(pilot)
            await type_answer(
                pilot,
                "with mlflow.start_run(): params and metrics are logged together,"
                " but a run can never be reopened",
            )
            await pilot.press("enter")
            await settle(pilot)

        assert snap_compare(make_app(), run_before=run_before, terminal_size=SIZE)

    def test_feedback_shows_the_note_of_an_equivalent(self, snap_compare, make_app):
        """An answer in another wording the deck knows (stages for aliases): the
        point is found and the deck's note says how the two relate."""

        async def run_before(pilot) -> None:
            await start_quiz(pilot)
            for _ in range(2):
                await pilot.press("ctrl+n")
                await settle(pilot)
                await pilot.press("enter")
                await settle(pilot)
            await type_answer(
                pilot, "model versions, moved between the Staging and Production stages"
            )
            await pilot.press("enter")
            await settle(pilot)

        assert snap_compare(make_app(), run_before=run_before, terminal_size=SIZE)


class TestResults:
    def test_results_after_leaving_early(self, snap_compare, make_app):
        """Score, counts, time and the table of cards with the points missed."""
        assert snap_compare(make_app(), run_before=play_a_short_session, terminal_size=SIZE)


class TestReview:
    def test_review_browse(self, snap_compare, make_app):
        """The missed cards, the last answer beside the reference, the points missed."""

        async def run_before(pilot) -> None:
            await play_a_short_session(pilot)
            await pilot.press("enter")  # back to the menu
            await settle(pilot)
            await pilot.press("b")
            await settle(pilot)

        assert snap_compare(make_app(), run_before=run_before, terminal_size=SIZE)
