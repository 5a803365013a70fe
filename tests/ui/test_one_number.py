"""One number for one fact (issue 16, items 2 to 4).

The *accuracy* is the share of answers graded correct (a skip is an incorrect
answer); the *score* is the points earned, one per card at most. After one
session, the results, the menu, the stats screen and `mlquiz stats --json`
give the same accuracy under that name, and the score under its own. The
session's wall-clock time and the time spent answering are named apart.
Points show at most one decimal, after their percentage.
"""

from __future__ import annotations

import pytest

from mlquiz.core.format import percent, points
from mlquiz.ui.screens.menu import MenuScreen
from mlquiz.ui.screens.results import ResultsScreen
from mlquiz.ui.widgets.answer_box import AnswerBox
from tests.support.pilot import CORRECT, PARTIAL, settle

SIZE = (100, 32)


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def play_one_session(pilot, clock) -> ResultsScreen:
    """Card 1 right, card 2 partly right after a hint, card 3 skipped, then leave."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    quiz = pilot.app.screen
    for seconds, keys, answer in (
        (20, (), CORRECT["run"]),
        (30, ("ctrl+t",), PARTIAL["experiment"]),
        (10, ("ctrl+n",), None),
    ):
        pilot.app.service.clock.tick(seconds)
        await pilot.press(*keys)
        if answer is not None:
            quiz.query_one(AnswerBox).insert(answer)
            await pilot.press("enter")
        await settle(pilot)
        pilot.app.service.clock.tick(15)  # reading the feedback
        await pilot.press("enter")
        await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ResultsScreen)
    return pilot.app.screen


async def test_the_results_menu_stats_and_json_name_one_accuracy_and_one_score(
    make_app, service, clock
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results_screen = await play_one_session(pilot, clock)
        r = results_screen.results
        assert (r.answered, r.correct, r.partial, r.incorrect) == (3, 1, 1, 1)
        accuracy = percent(1 / 3)
        score = percent(r.score / 3)
        assert accuracy != score  # two facts, two numbers
        counts = text(results_screen, "#results-counts")
        assert counts.startswith(f"Accuracy {accuracy}")
        assert text(results_screen, "#results-score").startswith(f"Score {score}")
        # Two times, each named: the clock's and the answering.
        times = text(results_screen, "#results-time")
        assert "1m 45s in session" in times  # 20+15+30+15+10+15 s
        assert "1m 00s answering" in times  # 20+30+10 s

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        glance = text(app.screen, "#menu-glance")
        assert f"accuracy {accuracy}, score {score}" in glance, glance

        await pilot.press("s")
        await settle(pilot)
        tile = app.screen.query_one("#stats-accuracy")
        assert tile.label == "Accuracy"
        assert (tile.value, tile.note) == (accuracy, "of 3 answers")

    report = service.stats()["decks"]["ui-deck"]
    assert percent(report["accuracy"]) == accuracy
    assert percent(report["last_session"]["accuracy"]) == accuracy
    assert percent(report["last_session"]["percent"]) == score
    assert report["seconds_total"] == pytest.approx(60.0)  # time answering, as on results


async def test_the_quiz_score_line_gives_the_percentage_first_and_short_points(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        await pilot.press("ctrl+t", "ctrl+t")  # two hints: 0.85 ** 2 = 0.7225 of a point
        quiz.query_one(AnswerBox).insert(CORRECT["run"])
        await pilot.press("enter")
        await settle(pilot)
        assert text(quiz, "#quiz-score") == "Score 72% (0.7 of 1 point)"
        assert "score 72% (2 hints taken)" in text(quiz, "#feedback-verdict")


async def test_the_challenge_counts_a_skip_in_its_accuracy_as_the_stats_do(make_app, service):
    """The run moves on by keys alone and ends as the player ends it (Escape twice).

    Not "brief" feedback, whose timer moves to the next card 1.5 s after an answer:
    on a loaded machine it fired before the test's Enter, or after the run had
    been ended behind the screen's back, and failed the app (ChallengeOver)."""
    from mlquiz.core.settings import TimedFeedback
    from mlquiz.ui.screens.challenge import ChallengeResultsScreen, ChallengeScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        run = service.start_challenge("ui-deck", 60)
        screen = ChallengeScreen(
            service,
            run,
            "MLflow basics",
            feedback=TimedFeedback.UNTIL_ENTER,
            ticks_per_second=0,
        )
        ended = []
        app.push_screen(screen, ended.append)
        await settle(pilot)
        screen.query_one(AnswerBox).insert(CORRECT[run.current.id])
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter", "ctrl+n")  # the next card, skipped
        await settle(pilot)
        await pilot.press("escape", "escape")  # abandoned
        await settle(pilot)
        (results,) = ended
        assert results.abandoned and results.run_id == run.run_id
        app.push_screen(ChallengeResultsScreen(results, "MLflow basics"))
        await settle(pilot)
        answers = text(app.screen, "#challenge-final-answers")
        assert answers == "1 of 2 correct\naccuracy 50%"
    assert service.stats()["decks"]["ui-deck"]["accuracy"] == 0.5


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3.11, "3.1"),
        (14.31, "14.3"),
        (3.0, "3"),
        (0.5, "0.5"),
        (0.6141, "0.6"),
        (4.96, "4.9"),  # never "5" for less than all of it
        (0.04, "0.1"),  # never "0" for something
        (0.0, "0"),
    ],
)
def test_points_have_at_most_one_decimal_and_are_whole_only_when_whole(value, shown):
    assert points(value) == shown


def test_percent_says_100_and_0_only_when_exact():
    assert (percent(1.0), percent(0.996), percent(0.004), percent(0.0)) == (
        "100%",
        "99%",
        "1%",
        "0%",
    )


def test_a_score_line_names_its_percentage_then_its_points():
    from mlquiz.core.format import score_line

    assert score_line(3.11, 5) == "Score 62% (3.1 of 5 points)"
    assert score_line(0, 0) == "Score —"
