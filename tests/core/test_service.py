"""GameService: the door the UI uses. Decks, sessions, recording, summaries."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mlquiz.core.clock import FixedClock
from mlquiz.core.deck_settings import DeckSettings
from mlquiz.core.errors import StorageError
from mlquiz.core.settings import Settings
from mlquiz.service import GameService
from tests.support.factories import LabelGrader, Scan, make_deck, make_service

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def service(tmp_path: Path, clock: FixedClock):
    decks = [make_deck(), make_deck("other", 3)]
    svc = make_service(
        tmp_path / "data", clock, decks=decks, errors=["broken.toml: oops"], grader=LabelGrader
    )
    yield svc
    svc.close()


def play(service: GameService, session, answers, clock: FixedClock):
    out = []
    for answer in answers:
        clock.tick(5)
        answered = service.submit(session, answer) if answer is not None else service.skip(session)
        out.append(answered.attempt)
        service.advance(session)
    return out


def test_lists_decks_and_broken_ones(service):
    """decks() lists the loaded decks in scan order; deck_errors() the ones that failed."""
    assert [d.id for d in service.decks()] == ["demo", "other"]
    assert service.deck_errors() == ["broken.toml: oops"]
    with pytest.raises(KeyError):
        service.deck("missing")


def test_the_store_opens_lazily(service):
    """Listing decks does not create the database; the first session does."""
    service.decks()
    assert not service.database_path.exists()
    service.start_quiz("demo", count=2, shuffle=False)
    assert service.database_path.exists()


def test_start_quiz_picks_cards(service):
    """start_quiz honours count and order; a seeded rng gives a repeatable shuffle."""
    ordered = service.start_quiz("demo", count=3, shuffle=False)
    assert [c.id for c in ordered.cards] == ["1", "2", "3"] and ordered.mode == "quiz"
    a = service.start_quiz("demo", shuffle=True, rng=random.Random(7))
    b = service.start_quiz("demo", shuffle=True, rng=random.Random(7))
    assert [c.id for c in a.cards] == [c.id for c in b.cards]
    assert a.id != b.id


def test_each_submit_is_committed_before_the_session_ends(service, clock):
    """Another connection sees each answer as soon as submit returns."""
    session = service.start_quiz("demo", shuffle=False)
    clock.tick(4)
    service.submit(session, "alpha")
    with sqlite3.connect(service.database_path) as other:
        rows = other.execute("SELECT card_id, verdict, elapsed FROM attempts").fetchall()
    assert rows == [("1", "partial", 4.0)]


def test_an_interrupted_session_keeps_its_answers(tmp_path, clock):
    """Dropping the session and the service mid-way (a crash) loses no given answer."""
    kwargs = dict(
        config_dir=tmp_path / "c",
        clock=clock,
        grader_factory=LabelGrader,
        deck_scanner=lambda: Scan([make_deck()]),
    )
    first = GameService(tmp_path / "d", **kwargs)
    session = first.start_quiz("demo", shuffle=False)
    play(first, session, ["alpha beta", "alpha", None], clock)
    del session, first  # no finish(), no close()
    again = GameService(tmp_path / "d", **kwargs)
    deck = again.stats()["decks"]["demo"]
    assert (deck["attempts"], deck["correct"], deck["partial"], deck["incorrect"]) == (3, 1, 1, 1)
    again.close()


def test_override_and_hint_go_through_the_service(service, clock):
    """override() is stored beside the grader's verdict; hints lower the stored score."""
    session = service.start_quiz("demo", shuffle=False)
    service.hint(session)
    wrong = service.submit(session, "nothing").attempt
    right = service.override(session, wrong, "correct").attempt
    row = service.store.attempts("demo")[0]
    assert (row["verdict"], row["override"], row["hints_used"]) == ("incorrect", "correct", 1)
    assert right.effective_score == pytest.approx(0.85)


def test_finish_sets_ended_at_and_returns_results(service, clock):
    """finish() ends the session in the store and returns its results."""
    session = service.start_quiz("demo", count=2, shuffle=False)
    play(service, session, ["alpha beta", "beta"], clock)
    clock.tick(10)
    results = service.finish(session)
    assert (results.correct, results.partial, results.answered) == (1, 1, 2)
    assert results.duration == 20.0
    (ended,) = service.store._read("SELECT ended_at FROM sessions WHERE id = ?", (session.id,))
    assert ended[0] is not None


def no_new_cards(service) -> None:
    """A review of the missed (and due) cards alone: no new card a day."""
    service.settings = service.settings.with_deck("demo", DeckSettings(new_per_day=0))


def test_review_asks_missed_cards_most_missed_first(service, clock):
    """start_review asks the missed cards, most missed first, then most recent."""
    no_new_cards(service)
    first = service.start_quiz("demo", shuffle=False)
    play(service, first, ["x", "x", "alpha beta", "alpha"], clock)  # 1, 2 wrong; 4 partial
    second = service.start_quiz("demo", count=1, shuffle=False)
    play(service, second, ["x"], clock)  # card 1 missed twice
    review = service.start_review("demo")
    assert review.mode == "review"
    assert [c.id for c in review.cards] == ["1", "4", "2"]


def test_a_correct_review_answer_clears_the_card(service, clock):
    """Answering a missed card correctly in review removes it from the missed list."""
    no_new_cards(service)
    quiz = service.start_quiz("demo", count=2, shuffle=False)
    play(service, quiz, ["x", "x"], clock)
    review = service.start_review("demo")
    assert [c.id for c in review.cards] == ["2", "1"]  # equal misses: most recent first
    play(service, review, ["alpha beta", "alpha"], clock)
    assert [c.id for c in service.start_review("demo").cards] == ["1"]
    assert service.menu_summary("demo").missed == 1


def test_review_with_nothing_missed_is_empty(service):
    """With nothing due, missed or new today, the review session has no cards and is finished."""
    no_new_cards(service)
    review = service.start_review("demo")
    assert review.total == 0 and review.finished


def test_menu_summary(service, clock):
    """menu_summary gives the missed count and the last session's score."""
    assert service.menu_summary("demo").last_session is None
    session = service.start_quiz("demo", count=2, shuffle=False)
    play(service, session, ["alpha beta", "x"], clock)
    summary = service.menu_summary("demo")
    assert summary.missed == 1 and summary.cards == 5
    assert summary.last_session.id == session.id
    assert summary.last_session.percent == pytest.approx(0.5)


def test_missed_browse(service, clock):
    """missed_browse lists card, last answer, reference and the key points missed most."""
    for answer in ("beta", "nothing"):
        session = service.start_quiz("demo", count=1, shuffle=False)
        play(service, session, [answer], clock)
    (entry,) = service.missed_browse("demo")
    assert entry.card.id == "1" and entry.last_answer == "nothing"
    assert entry.reference == "alpha beta 1"
    assert entry.missed_points == (("alpha", 2), ("beta", 1))
    assert entry.misses == 2


def test_stats_lists_every_known_deck(service, clock):
    """stats() has every deck (zeros when unplayed) and is JSON-serialisable."""
    session = service.start_quiz("demo", count=2, shuffle=False)
    play(service, session, ["alpha beta", "x"], clock)
    stats = json.loads(json.dumps(service.stats()))
    assert set(stats["decks"]) == {"demo", "other"}
    assert stats["decks"]["other"]["attempts"] == 0
    demo = stats["decks"]["demo"]
    assert (demo["attempts"], demo["sessions"], demo["missed"]) == (2, 1, ["2"])


def test_a_corrupt_database_is_reported(service, tmp_path):
    """open_store() returns where a corrupt database was moved; a fresh one is used."""
    service.database_path.parent.mkdir(parents=True)
    service.database_path.write_bytes(b"this is not sqlite" * 100)
    moved = service.open_store()
    assert moved is not None and moved.exists() and ".corrupt-" in moved.name
    assert service.stats()["decks"]["demo"]["attempts"] == 0


def test_a_failed_write_keeps_the_attempt_in_memory(service, clock, monkeypatch):
    """If storing fails, the answer says so and why, and the attempt stays in the
    session and in unsaved; a retry stores it."""
    session = service.start_quiz("demo", shuffle=False)

    def refuse(attempt):
        raise StorageError("cannot write to x: disk full")

    monkeypatch.setattr(service.store, "record_attempt", refuse)
    answered = service.submit(session, "alpha")
    assert not answered.saved.ok and answered.saved.error == "cannot write to x: disk full"
    assert answered.attempt.verdict == "partial" and answered.card.id == "1"
    assert len(session.attempts) == 1 and len(service.unsaved) == 1
    monkeypatch.undo()
    assert service.retry_unsaved() == 0
    assert len(service.store.attempts("demo")) == 1


def test_settings_through_the_service(service):
    """Settings saved through the service load back from its config dir."""
    service.save_settings(Settings(theme="nord", count=20))
    loaded, moved = service.load_settings()
    assert (loaded.theme, loaded.count, moved) == ("nord", 20, None)


def test_real_grader_and_deck(tmp_path, clock):
    """With the real loader and grader, a quiz on the tiny test deck records verdicts."""
    from mlquiz.core.decks.library import load_deck

    deck = load_deck(DATA / "tiny.toml")
    svc = GameService(tmp_path / "d", clock=clock, deck_scanner=lambda: Scan([deck]))
    session = svc.start_quiz("tiny", shuffle=False)
    answered = svc.submit(session, "One execution of the training code, logged together.")
    assert answered.attempt.verdict == "correct" and answered.saved.ok
    assert answered.grade is not None and tuple(answered.grade.found) == answered.attempt.found
    svc.advance(session)
    assert svc.submit(session, "no idea").attempt.verdict == "incorrect"
    assert svc.stats()["decks"]["tiny"]["attempts"] == 2
    svc.close()


def test_importing_the_service_is_cheap():
    """Importing mlquiz.service loads neither textual, rich, the grader, nor sqlite3."""
    code = (
        "import sys, mlquiz.service; "
        "bad = [m for m in ('textual', 'rich', 'rapidfuzz', 'mlquiz.core.grading', "
        "'sqlite3', 'tomllib') if m in sys.modules]; print(bad)"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src},
    )
    assert out.stdout.strip() == "[]"
