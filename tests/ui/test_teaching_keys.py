"""The feedback's teaching keys and the card editor, driven by Pilot.

a (after r) accepts the wording, with the points ticked; x (after w) treats
answers like it as wrong, x again takes it back; e opens the card editor,
whose live grade follows the edits and whose ctrl+s saves (the UI deck is
played as a built-in deck, so its edits go to an overlay, never to
tests/data/ui-deck.toml).
"""

from __future__ import annotations

import hashlib

from textual.widgets import Button, Input, Static, TextArea

from mlquiz.core import locations
from mlquiz.core.decks.overlay import overlay_path
from mlquiz.core.wording import WordingKind
from mlquiz.ui.screens.card_editor import CardEditor, PointEditor
from mlquiz.ui.screens.quiz import QuizScreen
from mlquiz.ui.screens.review import ReviewScreen
from mlquiz.ui.screens.teaching import AcceptWording
from mlquiz.ui.widgets.feedback import FeedbackPanel
from mlquiz.ui.widgets.tick import Tick
from tests.support.pilot import UI_DECK, WRONG, answer, footer_keys, settle

SIZE = (100, 32)
KNOBS = "one go of the training script that writes down the knobs and the scores"


def footer_label(app, key: str) -> str:
    """What the footer says a key does."""
    from textual.widgets._footer import FooterKey

    return next(k.description for k in app.screen.query(FooterKey) if k.key == key)


def notes_of(app) -> list[str]:
    """Every notification the app shows from now on."""
    notes: list[str] = []
    real = app.notify

    def spy(message, **kwargs):
        notes.append(str(message))
        return real(message, **kwargs)

    app.notify = spy
    return notes


async def start(pilot) -> QuizScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, QuizScreen)
    return pilot.app.screen


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_a_shows_after_i_was_right_and_accepts_the_wording(make_app, service) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiz = await start(pilot)
        notes = notes_of(app)
        await answer(pilot, KNOBS)
        assert quiz.answered.attempt.verdict == "partial"
        keys = footer_keys(app)
        assert "a" not in keys and "x" not in keys and keys["e"]
        assert footer_label(app, "e") == "Edit"  # as the missed-cards browser says it
        await pilot.press("r")
        await settle(pilot)
        assert footer_keys(app)["a"] and "x" not in footer_keys(app)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AcceptWording)
        # The essential points are ticked, the optional one is not.
        assert [t.value for t in dialog.query(Tick)] == [True, True, False]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is quiz
        (wording,) = service.store.wordings("ui-deck", "run")
        assert (wording.kind, wording.text, wording.points) == (WordingKind.ACCEPTED, KNOBS, ())
        assert any(n.startswith("Accepted from now on") for n in notes)

        # The next time, the same wording is correct, and the feedback says why.
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, "x")  # card 2
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # results -> menu
        await settle(pilot)
        quiz = await start(pilot)
        await answer(pilot, KNOBS)
        assert quiz.answered.attempt.verdict == "correct"
        reasons = quiz.query_one("#feedback-reasons", Static)
        assert "Accepted: your wording of 3 Mar." in str(reasons.render())


async def test_unticked_points_are_not_covered_and_escape_teaches_nothing(make_app, service):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await answer(pilot, KNOBS)
        await pilot.press("r", "a")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen) and service.store.wordings() == []
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("down", "space", "enter")  # untick the second point
        await settle(pilot)
        (wording,) = service.store.wordings()
        assert wording.points == ("single execution",)


async def test_x_after_i_was_wrong_treats_answers_like_it_as_wrong_and_again_undoes(
    make_app, service
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        notes = notes_of(app)
        correct = "One execution of training code where params and metrics are logged together."
        await answer(pilot, correct)
        await pilot.press("w")
        await settle(pilot)
        keys = footer_keys(app)
        assert keys["x"] and "a" not in keys
        # The footer promises what x does: never correct again, not "always wrong"
        # (a partly right answer like it still earns partial).
        assert footer_label(app, "x") == "Never correct"
        await pilot.press("x")
        await settle(pilot)
        (wording,) = service.store.wordings()
        assert wording.kind == WordingKind.REJECTED
        assert any("partial at most from now on" in n for n in notes)
        assert service.grader(service.deck("ui-deck")).grade("run", correct).verdict == "partial"
        await pilot.press("x")
        await settle(pilot)
        assert service.store.wordings() == []
        assert any("no longer treated as wrong" in n for n in notes)


async def test_a_and_x_are_not_offered_on_a_skip(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        keys = footer_keys(app)
        assert "a" not in keys and "x" not in keys and keys["e"]


async def test_the_editor_grades_the_answer_live_and_saves_to_an_overlay(make_app, service):
    """e on the feedback: adding "knobs ... scores" to the params point turns the answer's
    verdict correct beside the form; ctrl+s writes the overlay, never the deck file,
    and the session's later cards come from the edited deck."""
    packaged = sha(UI_DECK)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiz = await start(pilot)
        await answer(pilot, KNOBS)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        verdict = editor.query_one("#edit-verdict", Static)
        assert "Partial" in str(verdict.render())
        # The score as the feedback says it ("score 50%"), not "score 0.5 of 1".
        feedback_score = quiz.query_one(FeedbackPanel).feedback.attempt.effective_score
        assert f"score {round(feedback_score * 100)}%" in str(verdict.render())
        phrases = editor.query(PointEditor)[1].query_one(".point-phrases", TextArea)
        phrases.insert("\nknobs ... scores", phrases.document.end)
        await settle(pilot)
        assert "Correct" in str(verdict.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is quiz
        assert sha(UI_DECK) == packaged
        assert "knobs ... scores" in overlay_path("ui-deck").read_text(encoding="utf-8")
        assert quiz.session.deck.card("run").points[1].phrases[-1] == "knobs ... scores"
        # The answer already given keeps its verdict.
        assert service.store.attempts("ui-deck", "run")[0]["verdict"] == "partial"
        assert quiz.query_one(FeedbackPanel).feedback.attempt.verdict == "partial"


async def test_the_editor_refuses_a_card_with_no_essential_point_and_keeps_the_form(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        notes = notes_of(app)
        await answer(pilot, KNOBS)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        for tick in editor.query(".point-required").results(Tick):
            tick.value = False
        await settle(pilot)
        problems = editor.query_one("#edit-problems", Static)
        assert problems.display and "No key point is essential" in str(problems.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor
        assert any(n.startswith("Not saved: No key point is essential") for n in notes)
        assert not overlay_path("ui-deck").exists()
        assert not any(t.value for t in editor.query(".point-required").results(Tick))


async def test_escape_asks_once_before_leaving_unsaved_changes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiz = await start(pilot)
        await answer(pilot, KNOBS)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        # Nothing changed: Escape leaves at once.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is quiz
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        editor.query_one("#edit-hint", Input).value = "A new hint."
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is editor
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is quiz and not overlay_path("ui-deck").exists()


async def test_points_and_mix_ups_are_added_and_removed(make_app, service) -> None:
    app = make_app()
    async with app.run_test(size=(100, 48)) as pilot:
        await start(pilot)
        await answer(pilot, KNOBS)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        editor.query_one("#edit-add-point", Button).press()
        await settle(pilot)
        new = editor.query(PointEditor).last()
        new.query_one(".point-label", Input).value = "knobs and scores"
        new.query_one(".point-phrases", TextArea).text = "knobs ... scores"
        editor.query(PointEditor)[1].query_one(".edit-remove", Button).press()
        editor.query_one("#edit-add-confusion", Button).press()
        await settle(pilot)
        await pilot.press("ctrl+s")  # the new mix-up is empty: refused
        await settle(pilot)
        assert app.screen is editor
        editor.query(".edit-item").last().query_one(".edit-remove", Button).press()
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        card = service.deck("ui-deck").card("run")
        assert [p.label for p in card.points] == [
            "single execution",
            "logged as a unit",
            "knobs and scores",
        ]
        assert len(card.confusions) == 1


async def test_e_in_the_missed_cards_browser_edits_the_card(make_app, service) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await answer(pilot, WRONG)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # results -> menu
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and footer_keys(app)["e"]
        # The quiz's feedback footer names the same key the same way.
        assert footer_label(app, "e") == "Edit"
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        assert str(editor.query_one("#edit-your-answer", Static).render()) == WRONG
        editor.query_one("#edit-hint", Input).value = "One go of your script."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is review
        assert review.entries[0].card.hint == "One go of your script."
        assert locations.deck_backups_dir().exists() is False  # a new overlay: nothing replaced


async def test_tab_never_lands_on_remove_and_ctrl_r_removes_the_point_being_edited(
    make_app, service
) -> None:
    """Moving through the form with Tab cannot remove a point by accident; ctrl+r (in
    the footer while a point has the focus) removes the one being edited, and the
    live grade follows; ctrl+n adds a point."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await answer(pilot, KNOBS)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert "ctrl+r" not in footer_keys(app)  # the question has the focus
        for _ in range(30):
            await pilot.press("tab")
            assert not isinstance(app.focused, Button) or "edit-remove" not in app.focused.classes
        editor.query(PointEditor)[1].query_one(".point-label", Input).focus()
        await settle(pilot)
        assert footer_keys(app)["ctrl+r"]
        await pilot.press("ctrl+r")
        await settle(pilot)
        labels = [p.value().label for p in editor.query(PointEditor)]
        assert labels == ["single execution", "logged as a unit"]
        # "one go" says the one essential point left: correct now.
        assert "Correct" in str(editor.query_one("#edit-verdict", Static).render())
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert len(editor.query(PointEditor)) == 3
        assert app.focused is editor.query(PointEditor).last().query_one(".point-label", Input)


async def test_an_accepted_wording_the_grader_still_refuses_says_why_and_the_way_out(
    make_app, service
) -> None:
    """ "a group of runs" is the run card's own mix-up: accepted, it is kept, but the
    message does not claim success; it says what the grader will do next time, why,
    and that e edits the card. Pressing e then clears the message off the editor's
    live grade (at 80x24 the 12 s toast covered it)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        notes = notes_of(app)
        await answer(pilot, "a group of runs")
        await pilot.press("r", "a")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert [w.text for w in service.store.wordings("ui-deck", "run")] == ["a group of runs"]
        assert not any(n.startswith("Accepted from now on") for n in notes)
        (note,) = notes
        assert note.startswith("Saved, but not accepted: the grader still marks answers like")
        assert "incorrect: That is an experiment: a run is one execution inside it." in note
        assert "press e to edit the card's key points" in note
        assert len(app._notifications) == 1  # Textual's own list of the toasts shown
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CardEditor)
        assert len(app._notifications) == 0


async def test_a_wording_a_false_claim_still_refuses_is_not_sent_to_the_editor(make_app):
    """The editor cannot change a false claim: the message says where it is changed."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        notes = notes_of(app)
        await answer(pilot, KNOBS + ", and a run is never resumed")
        await pilot.press("r", "a")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        (note,) = notes
        assert note.startswith("Saved, but not accepted") and "can be resumed" in note
        assert "the false claim is changed in the card's deck file" in note
        assert "press e" not in note


async def test_x_after_w_takes_down_the_w_hint_only_and_says_what_an_incorrect_answer_gets(
    make_app, service
) -> None:
    """w on an incorrect answer puts up "x: never grade answers like this correct
    again"; x acts on it, so that toast goes (an error toast stays), and x's message
    says what it does for an answer graded incorrect: it stays incorrect, a similar
    one is partial at most (not "partial at most from now on", which read as a raise)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer(pilot, WRONG)
        await pilot.press("w")
        await settle(pilot)
        shown_now = [n.message for n in app._notifications]  # Textual's toasts up now
        assert any("x: never grade" in m for m in shown_now)
        app.notify("The database is locked.", severity="error")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        shown_now = [n.message for n in app._notifications]
        assert not any("x: never grade" in m for m in shown_now)
        assert "The database is locked." in shown_now
        (message,) = [m for m in shown_now if m.startswith("Answers like this")]
        assert "this one stays incorrect" in message
        assert "a similar answer is partial at most" in message
        assert "from now on" not in message


async def test_the_editor_says_which_ticks_an_accepted_wording_gave_an_incorrect_answer(
    make_app, service
) -> None:
    """ "a group of runs", accepted but still refused (the card's own mix-up): the
    editor's live grade ticks the essential points beside "Incorrect"; it says the
    ticks come from the accepted wording and of which day, and keeps the verdict."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer(pilot, "a group of runs")
        await pilot.press("r", "a")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        verdict = str(editor.query_one("#edit-verdict", Static).render())
        assert verdict.startswith("✗ Incorrect")
        rows = str(editor.query_one("#edit-points-graded", Static).render())
        assert "✓ single execution" in rows and "✓ params and metrics" in rows
        (wording,) = service.store.wordings("ui-deck", "run")
        day = f"{wording.taught_at.astimezone().day} {wording.taught_at.astimezone():%b}"
        ticked_by = editor.query_one("#edit-ticked-by", Static)
        assert ticked_by.display
        assert str(ticked_by.render()) == (
            f"Every ✓ above is ticked by your accepted wording of {day}, not by this "
            "answer's words. The verdict is still the grader's:"
        )


async def test_the_editor_of_a_deck_file_says_where_it_will_save_not_that_it_saved(
    tmp_path, clock
) -> None:
    """Opening the editor writes nothing, so its header must not say "Saved to": it says
    where ctrl+s will write; the file is untouched until ctrl+s, and then the notice
    says it was saved there."""
    import shutil

    from mlquiz.core.decks.library import load_deck
    from mlquiz.ui.app import QuizApp, prepare
    from tests.support.factories import make_service

    (tmp_path / "decks").mkdir()
    deck_file = tmp_path / "decks" / "x.toml"
    shutil.copy(UI_DECK, deck_file)
    service = make_service(tmp_path / "data", clock, decks=[load_deck(deck_file)])
    startup = prepare(service)
    startup.settings = startup.settings.with_changes(shuffle=False)
    app = QuizApp(service, startup)
    before = sha(deck_file)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await start(pilot)
            await answer(pilot, KNOBS)
            await pilot.press("e")
            await settle(pilot)
            editor = app.screen
            assert isinstance(editor, CardEditor)
            header = str(editor.query_one("#edit-where", Static).render())
            assert header.startswith(f"Saves to {deck_file}")
            assert "Saved" not in header
            assert sha(deck_file) == before
            notes = notes_of(app)
            phrases = editor.query(PointEditor)[1].query_one(".point-phrases", TextArea)
            phrases.insert("\nknobs ... scores", phrases.document.end)
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert sha(deck_file) != before
            assert any(f"saved to {deck_file}" in note for note in notes), notes
    finally:
        service.close()
