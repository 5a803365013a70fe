"""The quiz's r / w override while its write is still on the service thread.

The store's `set_override` is held on a `threading.Event`, so the keys that
follow r arrive while the verdict is being saved, as they would behind a slow
disk or another mlquiz holding the database.
"""

from __future__ import annotations

import threading

from mlquiz.ui.widgets.answer_box import AnswerBox
from mlquiz.ui.widgets.feedback import FeedbackPanel
from tests.support.pilot import WRONG, answer, footer_keys, settle

SIZE = (100, 32)


def hold_overrides(monkeypatch, service) -> threading.Event:
    """Make every `set_override` wait until the returned event is set."""
    release = threading.Event()
    original = service.store.set_override

    def slow(*args, **kwargs):
        release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(service.store, "set_override", slow)
    return release


async def test_enter_waits_for_the_override_to_be_saved(make_app, service, monkeypatch):
    """r then Enter before the verdict is saved: the card stays until it is, the next
    card shows its own question, and the Enter after that does not crash."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        session = quiz.session
        await answer(pilot, WRONG)
        release = hold_overrides(monkeypatch, service)

        await pilot.press("r")  # "I was right": the write is held
        await pilot.press("enter", "escape")  # both must wait for it
        await pilot.pause(0.1)
        assert session.index == 0 and session.answered and app.screen is quiz
        assert quiz.has_class("-feedback")  # the feedback stays on screen meanwhile
        assert quiz.query_one(FeedbackPanel).display

        release.set()
        await settle(pilot)
        assert quiz.phase == "feedback" and session.index == 0
        assert session.attempts[-1].override == "correct"
        row = service.store.session_attempts(session.id)[0]
        assert row["override"] == "correct"  # committed before moving on

        await pilot.press("enter")
        await settle(pilot)
        assert quiz.phase == "answering" and session.index == 1 and not session.answered
        assert quiz.query_one(AnswerBox).read_only is False
        await pilot.press("enter")  # an empty box: a notice, not a SessionError
        await settle(pilot)
        assert app.is_running and quiz.phase == "answering" and session.index == 1


async def test_a_second_r_while_the_first_is_saving_is_ignored(make_app, service, monkeypatch):
    """r r in quick succession: one override, the same in the session and on disk."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        session = quiz.session
        await answer(pilot, WRONG)
        release = hold_overrides(monkeypatch, service)
        await pilot.press("r", "r")
        release.set()
        await settle(pilot)
        assert session.attempts[-1].override == "correct"
        assert service.store.session_attempts(session.id)[0]["override"] == "correct"
        assert quiz.query_one(FeedbackPanel).feedback.attempt.override == "correct"
        await pilot.press("r")  # pressed again once saved: back to the grader's verdict
        await settle(pilot)
        assert session.attempts[-1].override is None
        assert service.store.session_attempts(session.id)[0]["override"] is None


async def test_a_skipped_card_offers_no_override(make_app, service):
    """After ctrl+n the feedback offers no "I was right" / "I was wrong", and r does
    nothing: a skip stays a skip, worth nothing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert quiz.phase == "feedback"
        keys = footer_keys(app)
        assert "r" not in keys and "w" not in keys
        await pilot.press("r")
        await settle(pilot)
        attempt = quiz.session.attempts[-1]
        assert attempt.skipped and attempt.override is None
        assert quiz.session.score == 0
        [row] = service.store.session_attempts(quiz.session.id)
        assert row["override"] is None


async def test_agreeing_with_the_grader_is_acknowledged(make_app):
    """r on an answer already graded correct (w on one graded incorrect) changes
    nothing on the banner: a note says the key was taken and what comes next."""
    app = make_app()
    notes: list[str] = []
    real = app.notify

    def spy(message, **kwargs):
        notes.append(str(message))
        return real(message, **kwargs)

    app.notify = spy
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        quiz = app.screen
        await answer(pilot, WRONG)
        assert quiz.answered.attempt.verdict == "incorrect"
        await pilot.press("w")
        await settle(pilot)
        assert quiz.answered.attempt.override == "incorrect"
        # This note is put up with a handle kept (x takes it down), not through notify:
        # read it from the toasts Textual shows.
        assert [n.message for n in app._notifications][-1] == (
            "Noted: you agree with the grader. "
            "x: never grade answers like this correct again. w again undoes it."
        )
        await pilot.press("w")
        await settle(pilot)
        assert notes[-1] == "Back to the grader's verdict."
