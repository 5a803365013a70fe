"""Whole flows through the game, driven by keys, checked in the session and the store.

Each test says the rule it checks in its docstring. Rendered text is only
looked at where the text is the point (the verdict shown as a word).
"""

from __future__ import annotations

import pytest
from textual import events

from mlquiz.core.deck_settings import DeckSettings
from mlquiz.core.modes import Mode
from mlquiz.core.settings import load_settings
from mlquiz.ui.app import QuizApp, prepare, run
from mlquiz.ui.screens.help import HelpScreen
from mlquiz.ui.screens.menu import MenuScreen
from mlquiz.ui.screens.quiz import QuizScreen
from mlquiz.ui.screens.results import ResultsScreen
from mlquiz.ui.screens.review import ReviewScreen
from mlquiz.ui.widgets.answer_box import AnswerBox
from mlquiz.ui.widgets.feedback import FeedbackPanel
from tests.support.pilot import CORRECT, PARTIAL, WRONG, answer, click_text, settle, ui_service

SIZE = (100, 32)


def stored(service, session_id):
    return service.store.session_attempts(session_id)


async def test_enter_on_the_menu_starts_a_quiz_on_the_selected_deck(make_app):
    """Enter on the menu starts a quiz at once, on the deck selected at start-up."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        session = app.screen.session
        assert session.deck.id == "ui-deck" and session.mode == "quiz"
        assert [c.id for c in session.cards] == ["run", "experiment", "registry", "batch"]
        assert app.focused is app.screen.query_one(AnswerBox)


async def test_a_whole_session_correct_partial_wrong_skip_override_results(make_app, service):
    """Every answer is graded, shown, stored when given; an override is stored beside it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        session = quiz.session

        await answer(pilot, CORRECT["run"])
        assert quiz.phase == "feedback"
        panel = quiz.query_one(FeedbackPanel)
        assert panel.feedback.attempt.verdict == "correct"
        assert panel.query_one("#feedback-verdict").has_class("-correct")
        assert [a["verdict"] for a in stored(service, session.id)] == ["correct"]

        await pilot.press("enter")  # next card
        await settle(pilot)
        assert session.index == 1 and quiz.phase == "answering"

        await answer(pilot, PARTIAL["experiment"])
        attempt = session.attempts[-1]
        assert attempt.verdict == "partial"
        assert attempt.found == ("group of runs",) and attempt.missed == ("compare runs",)
        banner = panel.query_one("#feedback-verdict")
        assert banner.has_class("-partial")
        assert "Partial" in str(banner.render())  # the verdict as a word, not colour alone

        await pilot.press("r")  # "I was right"
        await settle(pilot)
        row = stored(service, session.id)[1]
        assert (row["verdict"], row["override"]) == ("partial", "correct")
        assert session.attempts[-1].effective_verdict == "correct"

        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, WRONG)
        assert session.attempts[-1].verdict == "incorrect"

        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+n")  # skip the last card
        await settle(pilot)
        assert session.attempts[-1].skipped

        await pilot.press("enter")  # past the last card: the results
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        results = app.screen.results
        assert (results.correct, results.partial, results.incorrect) == (2, 0, 2)
        assert results.answered == results.total == 4
        assert len(stored(service, session.id)) == 4
        assert service.store.last_session("ui-deck").ended_at is not None


async def test_an_empty_answer_is_not_submitted(make_app, service):
    """A stray Enter on an empty box (say, a double Enter) does not throw the card away."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space", "enter")
        await settle(pilot)
        quiz = app.screen
        assert quiz.phase == "answering" and quiz.session.attempts == []


async def test_typed_keys_reach_the_answer_box_and_ctrl_j_breaks_the_line(make_app):
    """Letters, '?' and 'r' are text in the box; ctrl+j is a new line; Enter submits."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"one run?", "ctrl+j", *"rw")
        box = app.screen.query_one(AnswerBox)
        assert box.text == "one run?\nrw"
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.session.attempts[-1].answer == "one run?\nrw"


async def test_a_multi_line_paste_is_kept(make_app):
    """Pasted text keeps its line breaks; they do not submit the answer."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.post_message(events.Paste("a single execution\nof training code"))
        await pilot.pause()
        quiz = app.screen
        assert quiz.query_one(AnswerBox).text == "a single execution\nof training code"
        assert quiz.phase == "answering"


async def test_hints_climb_a_ladder_and_lower_the_score(make_app, service):
    """Each hint shows the next rung and multiplies the card's score by 0.85."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        await pilot.press("ctrl+t")
        await pilot.press("f2")
        hints = str(quiz.query_one("#quiz-hints").render())
        assert "3 key points" in hints and "Hint 2" in hints
        await pilot.press("ctrl+t", "ctrl+t")  # the third rung, then nothing more
        assert quiz.session.hints_used == 3
        await answer(pilot, CORRECT["run"])
        attempt = quiz.session.attempts[-1]
        assert attempt.hints_used == 3
        assert attempt.score == pytest.approx(0.85**3)
        assert stored(service, quiz.session.id)[0]["hints_used"] == 3


async def test_escape_leaves_and_every_given_answer_is_already_stored(make_app, tmp_path, clock):
    """Escape mid-session shows the results; a new service over the same folder sees it all."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        session = app.screen.session
        await answer(pilot, CORRECT["run"])
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, PARTIAL["experiment"])
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")  # on card 3, unanswered
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.results.answered == 2 and app.screen.results.total == 4

    reopened = ui_service(tmp_path, clock)
    try:
        rows = reopened.store.session_attempts(session.id)
        assert [(r["card_id"], r["verdict"]) for r in rows] == [
            ("run", "correct"),
            ("experiment", "partial"),
        ]
        assert reopened.menu_summary("ui-deck").missed == 1
    finally:
        reopened.close()


async def test_quitting_mid_card_keeps_the_answers_already_given(make_app, tmp_path, clock):
    """ctrl+q in the middle of a session loses nothing that was graded on screen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        session_id = app.screen.session.id
        await answer(pilot, WRONG)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"half an ans")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    reopened = ui_service(tmp_path, clock)
    try:
        assert [r["verdict"] for r in reopened.store.session_attempts(session_id)] == ["incorrect"]
    finally:
        reopened.close()


async def test_escape_before_any_answer_goes_back_to_the_menu(make_app):
    """Leaving a session with no answers has no results to show."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)


def play_earlier_session(service, answers: dict[str, str]) -> None:
    session = service.start_quiz("ui-deck", shuffle=False)
    while session.current is not None:
        service.submit(session, answers.get(session.current.id, CORRECT[session.current.id]))
        if session.index + 1 >= session.total:
            break
        service.advance(session)
    service.finish(session)


async def test_review_quizzes_the_cards_missed_in_an_earlier_session(make_app, service):
    """r on the menu quizzes only the missed cards; a correct answer takes a card off the list."""
    play_earlier_session(service, {"registry": WRONG, "experiment": PARTIAL["experiment"]})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.summary.missed == 2
        await pilot.press("r")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.session.mode == "review"
        assert {c.id for c in quiz.session.cards} == {"registry", "experiment"}
        for _ in range(2):
            await answer(pilot, CORRECT[quiz.session.current.id])
            await pilot.press("enter")
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("enter")  # back to the menu
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert app.screen.summary.missed == 0
    assert service.missed_browse("ui-deck") == []


async def test_results_offer_to_review_the_missed_cards_now(make_app):
    """r on the results starts a review of the deck's missed cards."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, WRONG)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert [c.id for c in app.screen.session.cards] == ["run"]


async def test_browse_lists_missed_cards_with_the_last_answer_and_points(make_app, service):
    """b shows each missed card with the last answer, the reference and the points missed."""
    play_earlier_session(service, {"registry": WRONG})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, ReviewScreen)
        assert [e.card.id for e in browse.entries] == ["registry"]
        assert str(browse.query_one("#review-last").render()) == WRONG
        points = str(browse.query_one("#review-points").render())
        assert "model versions" in points and "aliases" in points
        await pilot.press("enter")  # quiz these
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen) and app.screen.session.mode == "review"


async def test_enter_in_the_missed_cards_quizzes_them_in_the_order_listed(make_app, service, clock):
    """The browser lists the missed cards most missed first; Enter ("Quiz these cards")
    asks exactly those cards in that order, not the review's due-first order, which put
    the card at the bottom of the list first and added cards that were never missed."""

    def miss(card_id: str) -> None:
        card = service.deck("ui-deck").card(card_id)
        session = service.start_session("ui-deck", [card], Mode.QUIZ)
        service.submit(session, WRONG)
        service.finish(session)
        clock.tick(600)

    miss("registry")  # the most overdue, missed once
    miss("batch")
    miss("batch")  # missed twice: first in the list
    clock.tick(2 * 86400)  # both due by now
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, ReviewScreen)
        listed = [e.card.id for e in browse.entries]
        assert listed == ["batch", "registry"]  # missed twice, then once
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.session.mode == "review"
        assert [c.id for c in quiz.session.cards] == listed
        assert quiz.session.current.id == "batch"


async def test_review_with_nothing_missed_stays_on_the_menu(make_app):
    """With no card due, missed or new today, r says so instead of starting an empty quiz."""
    app = make_app(decks={"ui-deck": DeckSettings(new_per_day=0)})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        (note,) = [n.message for n in app._notifications]
        assert "4 new past today's new-card limit: d changes the limits" in note


async def test_review_on_a_fresh_deck_brings_the_days_new_cards(make_app):
    """r on a deck never played: a review of its new cards (up to the day's limit)."""
    app = make_app(decks={"ui-deck": DeckSettings(new_per_day=3)})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert [c.id for c in app.screen.session.cards] == ["run", "experiment", "registry"]


async def test_options_change_the_quiz_and_persist(make_app, service):
    """c, o and t change the count, order and tag; they are saved as the new defaults."""
    app = make_app(count=10)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        menu = app.screen
        await pilot.press("c")  # 10 -> 20
        await pilot.press("o")  # deck order -> shuffled
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("down", "enter")  # All, registry, serving, tracking (sorted)
        await settle(pilot)
        assert (menu.count, menu.shuffle, menu.tag) == (20, True, "registry")
        await pilot.press("enter")
        await settle(pilot)
        assert [c.id for c in app.screen.session.cards] == ["registry"]
    settings, _ = load_settings(service.settings_path)
    assert (settings.count, settings.shuffle, settings.tag) == (20, True, "registry")


async def test_the_chosen_theme_persists(make_app, service):
    """A theme picked in the app is the theme of the next run."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
        await settle(pilot)
    assert load_settings(service.settings_path)[0].theme == "nord"
    again = QuizApp(service, prepare(service))
    assert again.theme == "nord"


async def test_help_opens_with_f1_anywhere_and_with_question_mark_outside_the_box(make_app):
    """F1 and ? open the help on the menu; in the quiz ? is text and F1 still helps."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("question_mark")
        assert app.screen.query_one(AnswerBox).text == "?"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, QuizScreen)


async def test_the_command_palette_offers_the_game_actions(make_app):
    """ctrl+p lists start, review, browse, stats, help and the theme picker."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Start quiz", "Review missed cards", "Browse missed cards", "Stats"):
            assert title in titles
        for title in ("Keys and help", "Timed challenge"):
            assert title in titles
        assert any("theme" in title.lower() for title in titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"


async def test_ctrl_q_quits_from_the_menu_and_from_the_results(make_app):
    """ctrl+q ends the app at once from the menu and from the results."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, WRONG)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_deck_from_a_path_is_added_and_selected(service):
    """`mlquiz --deck path.toml` plays a deck from anywhere, selected on the menu."""
    from tests.support.pilot import UI_DECK

    tiny = UI_DECK.parent / "tiny.toml"
    startup = prepare(service, str(tiny))
    assert startup.deck_id == "tiny"
    app = QuizApp(service, startup)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.deck.id == "tiny"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.session.deck.id == "tiny"


def test_an_unknown_deck_is_an_error_before_the_screen_starts(capsys):
    """`mlquiz --deck nope` prints why and exits 1 without starting the app."""
    assert run(deck="no-such-deck") == 1
    assert "no-such-deck" in capsys.readouterr().err


async def test_the_mouse_works_on_the_menu(make_app):
    """A click on an option's value chooses it, on its name cycles it; a click on a
    deck only selects it; a click on a mode starts it."""
    app = make_app(count=10)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        menu = app.screen
        await click_text(pilot, "#menu-options", "All")
        assert menu.count is None
        await click_text(pilot, "#menu-options", "Cards")
        assert menu.count == 10
        await click_text(pilot, "#menu-options", "20")
        assert menu.count == 20
        await click_text(pilot, "#menu-options", "Shuffled")
        assert menu.shuffle
        await click_text(pilot, "#menu-options", "Deck order")
        assert not menu.shuffle
        await click_text(pilot, "#menu-options", "Order")
        assert menu.shuffle
        await pilot.click("#menu-deck-list")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)  # one click does not start a quiz
        await click_text(pilot, "#menu-modes", "Start quiz")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)


async def test_a_grader_failure_keeps_the_game_going(make_app, service, monkeypatch):
    """If grading raises, the learner is told and can change the answer or skip."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        grader = quiz.session.grader

        def broken(card, answer):
            raise RuntimeError("boom")

        monkeypatch.setattr(grader, "grade", broken)
        await answer(pilot, CORRECT["run"])
        assert quiz.phase == "answering" and quiz.session.attempts == []
        assert quiz.query_one(AnswerBox).text == CORRECT["run"]  # nothing typed is lost
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert quiz.phase == "feedback" and quiz.session.attempts[-1].skipped


async def test_a_confusion_is_named_once(make_app):
    """An answer that fits another card names the mix-up, and says it only once."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, "A group of runs.")  # card "run": that is an experiment
        panel = app.screen.query_one(FeedbackPanel)
        confusion = str(panel.query_one("#feedback-confusion").render())
        assert "experiment" in confusion
        reasons = panel.query("#feedback-reasons")
        assert not reasons or confusion.lstrip("⚠ ") not in str(reasons.first().render())


async def test_ctrl_z_on_a_new_card_undoes_typing_then_takes_the_answer_back(make_app, service):
    """On the next card, ctrl+z first undoes what was typed there; with nothing typed,
    it takes the last answer back: its card returns, the answer in the box, and the
    database forgets it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, CORRECT["run"])
        await pilot.press("enter")  # next card
        await settle(pilot)
        box = app.screen.query_one(AnswerBox)
        assert box.text == "" and app.screen.session.current.id == "experiment"
        await pilot.press("o", "k")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert box.text == "" and app.screen.session.current.id == "experiment"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.screen.session.current.id == "run"
        assert box.text == CORRECT["run"] and not box.read_only
        assert service.store.attempts("ui-deck") == []
