"""Scheduling: the graded answer rates the card, FSRS schedules it (fixed clock)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mlquiz.core import scheduling
from mlquiz.core.clock import FixedClock, iso
from mlquiz.core.deck_settings import DeckSettings
from mlquiz.core.scheduling import Rating, rate
from mlquiz.core.store import derived
from mlquiz.core.store.database import Store
from tests.support.factories import LabelGrader, make_deck, make_service

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
AGAIN, HARD, GOOD, EASY = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY

# -- the rating mapping -----------------------------------------------------------


@pytest.mark.parametrize(
    ("verdict", "score", "hints", "elapsed", "length", "expected"),
    [
        ("incorrect", 0.0, 0, 2.0, 40, AGAIN),
        ("incorrect", 0.3, 0, 2.0, 40, AGAIN),  # the score of a wrong answer does not lift it
        ("partial", 0.2, 0, 5.0, 40, AGAIN),  # forgotten: never Hard (Anki's manual)
        ("partial", 0.4999, 0, 5.0, 40, AGAIN),
        ("partial", 0.5, 0, 5.0, 40, HARD),  # at the pass mark: a near miss
        ("partial", 0.8, 0, 5.0, 40, HARD),
        ("partial", 0.8, 2, 5.0, 40, HARD),
        ("correct", 1.0, 0, 60.0, 40, GOOD),  # slow
        ("correct", 1.0, 0, 15.0, 40, EASY),  # 3 s + 0.3 s x 40 characters = 15 s
        ("correct", 1.0, 0, 15.01, 40, GOOD),
        ("correct", 1.0, 0, 3.0, 0, EASY),  # an empty answer graded correct: 3 s only
        ("correct", 0.85, 1, 2.0, 40, GOOD),  # a hint: never Easy
        ("correct", 0.72, 2, 60.0, 40, GOOD),
    ],
)
def test_rating_table(verdict, score, hints, elapsed, length, expected):
    """The rating follows the effective verdict, the pass mark, hints and speed."""
    assert rate(verdict, score, hints, elapsed, length) == expected


@dataclass
class _Attempt:
    verdict: str
    score: float
    override: str | None = None
    hints_used: int = 0
    elapsed: float = 60.0
    answer: str = "some answer"


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [
        (_Attempt("incorrect", 0.0, override="correct"), GOOD),
        (_Attempt("incorrect", 0.0, override="correct", elapsed=1.0), EASY),
        (_Attempt("correct", 1.0, override="incorrect", elapsed=1.0), AGAIN),
        (_Attempt("incorrect", 0.0, override="partial"), HARD),  # worth 0.5: at the mark
        (_Attempt("incorrect", 0.0, override="partial", hints_used=1), AGAIN),  # 0.425
        (_Attempt("partial", 0.6, override=None), HARD),
    ],
)
def test_an_override_rates_as_if_the_grader_had_said_it(attempt, expected):
    """rate_attempt uses the override's verdict and worth (times the hint penalty)."""
    assert scheduling.rate_attempt(attempt) == expected


# -- FSRS through the wrapper -----------------------------------------------------


def test_a_wrong_answer_comes_back_sooner_than_a_right_one():
    """From the same start, Again is due before Hard, Hard before Good, Good before Easy."""
    dues = [scheduling.review(None, rating, T0).after.due for rating in Rating]
    assert dues == sorted(dues) and len(set(dues)) == 4
    assert dues[0] - T0 == timedelta(minutes=1)  # py-fsrs' first learning step


def test_review_is_deterministic_and_replayable():
    """No fuzz: the same ratings at the same times give the same states, every time."""
    plan = [(GOOD, T0), (GOOD, T0 + timedelta(minutes=10)), (EASY, T0 + timedelta(days=3))]
    a = scheduling.replay(plan)
    b = scheduling.replay(plan)
    assert a == b
    assert [entry.before for entry in a[1:]] == [entry.after for entry in a[:-1]]
    assert a[-1].after.reviews == 3


def test_a_clock_moved_back_does_not_run_fsrs_backwards():
    """A review time before the last review counts as no time since it, and the next
    interval runs from that time, not from the review in its future (issue 14, F11)."""
    first = scheduling.review(None, GOOD, T0 + timedelta(days=400)).after
    earlier = T0 - timedelta(hours=1)
    entry = scheduling.review(first, GOOD, earlier)
    assert entry.reviewed_at == earlier and entry.after.last_review == earlier
    same = scheduling.review(
        replace(first, last_review=earlier, due=earlier + (first.due - first.last_review)),
        GOOD,
        earlier,
    )
    assert entry.after == same.after  # exactly a review with no time elapsed
    assert entry.after.due - earlier < timedelta(days=30)


def test_state_json_is_what_fsrs_reads():
    """The review log's JSON is fsrs.Card.to_dict's shape: Card.from_dict loads it."""
    from fsrs import Card as FsrsCard

    state = scheduling.review(None, GOOD, T0).after
    card = FsrsCard.from_dict(json.loads(scheduling.state_json(state)))
    assert card.stability == state.stability and card.due == state.due


def test_decay_matches_fsrs():
    """The copied forgetting-curve decay is py-fsrs' own default."""
    from fsrs import Scheduler

    assert Scheduler().parameters[20] == scheduling.DECAY


def test_retrievability_is_90_percent_after_one_stability():
    """R(S days after a review) = 0.9; R right after = 1; a new card = 0."""
    state = scheduling.review(None, EASY, T0).after
    assert scheduling.retrievability(state, T0) == pytest.approx(1.0)
    later = T0 + timedelta(days=state.stability)
    assert scheduling.retrievability(state, later) == pytest.approx(0.9)
    assert scheduling.retrievability(None, T0) == 0.0


@pytest.mark.parametrize(
    ("state", "stability", "bucket"),
    [
        (None, None, "new"),
        (scheduling.LEARNING, 3.0, "learning"),
        (scheduling.RELEARNING, 30.0, "learning"),
        (scheduling.REVIEW, 20.99, "review"),
        (scheduling.REVIEW, 21.0, "mastered"),
    ],
)
def test_buckets(state, stability, bucket):
    """new / learning (and relearning) / review / mastered at stability >= 21 days."""
    assert scheduling.bucket_of(state, stability) == bucket


def test_due_cards_come_most_overdue_first(tmp_path):
    """Only cards due by now, the longest overdue first, ties by card id (`review_plan`)."""
    from mlquiz.core.modes import review_plan

    base = scheduling.review(None, GOOD, T0).after
    dues = {
        "late": T0 - timedelta(days=3),
        "b": T0 - timedelta(hours=1),
        "a": T0 - timedelta(hours=1),
        "now": T0,
        "later": T0 + timedelta(seconds=1),
    }
    deck = make_deck("d", ids=list(dues))
    db = tmp_path / "mlquiz.sqlite3"
    with Store(db) as store:
        with closing(sqlite3.connect(db)) as conn, conn:
            for card_id, due in dues.items():
                row = derived.state_row(("d", card_id), replace(base, due=due))
                columns, marks = derived.STATE_COLUMNS, derived.STATE_MARKS
                conn.execute(f"INSERT INTO card_states {columns} VALUES {marks}", row)
        assert review_plan(store, deck, T0).due == ("late", "a", "b", "now")


def test_importing_the_service_does_not_import_fsrs():
    """fsrs is loaded on first review, so the menu's start-up does not pay for it."""
    code = "import sys, mlquiz.service, mlquiz.core.scheduling; print('fsrs' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- through the service: every answer schedules its card -------------------------


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def service(tmp_path: Path, clock: FixedClock):
    deck = make_deck(n=6, answer="alpha beta")
    svc = make_service(tmp_path / "data", clock, decks=[deck], grader=LabelGrader, tz=UTC)
    yield svc
    svc.close()


def answer(service, session, text, clock, seconds=60.0):
    """Move to the next card if the current one is answered, wait `seconds`, answer."""
    if session.answered:
        service.advance(session)
    clock.tick(seconds)
    return service.submit(session, text).attempt


def test_every_answer_updates_its_card_in_the_same_write(service, clock):
    """After submit returns, the card has a state and the attempt a review-log line."""
    session = service.start_quiz("demo", count=1, shuffle=False)
    attempt = answer(service, session, "alpha beta", clock, seconds=60)
    state = service.store.card_state("demo", "1")
    assert state is not None and state.reviews == 1 and state.last_review == attempt.answered_at
    (log,) = service.store.review_log("demo", "1")
    assert log["rating"] == GOOD and log["state_before"] is None
    assert log["state_after"]["stability"] == pytest.approx(state.stability)
    assert service.store.card_state("demo", "2") is None  # not answered: new


def test_a_card_answered_wrongly_comes_back_sooner(service, clock):
    """Through the whole path (grade, rate, FSRS, store): wrong is due before right."""
    session = service.start_quiz("demo", count=2, shuffle=False)
    answer(service, session, "nothing", clock)
    answer(service, session, "alpha beta", clock)
    wrong = service.store.card_state("demo", "1")
    right = service.store.card_state("demo", "2")
    assert wrong.due < right.due


def test_due_cards_lead_the_review_in_due_order(service, clock):
    """With known due times, review order is exactly: overdue by due time, then missed."""
    session = service.start_quiz("demo", count=4, shuffle=False)
    answer(service, session, "alpha beta", clock, 60)  # 1: Good -> due T+10 min
    answer(service, session, "nothing", clock, 30)  # 2: Again -> due T+1 min
    answer(service, session, "alpha", clock, 30)  # 3: Hard
    answer(service, session, "alpha beta", clock, 1)  # 4: Easy -> due in days
    service.finish(session)
    dues = {cid: service.store.card_state("demo", cid).due for cid in "1234"}
    clock.tick(30 * 60)
    review = service.start_review("demo")
    expected = sorted((c for c in "123" if dues[c] <= clock()), key=lambda c: dues[c])
    # Then the day's new cards, in deck order (20 a day by default).
    assert [c.id for c in review.cards] == expected + ["5", "6"]
    assert dues["2"] < dues["3"] < dues["1"] < dues["4"]


def test_missed_cards_follow_the_due_ones_without_duplicates(service, clock):
    """A missed card that is not due yet comes after the due ones; a due missed card once."""
    service.settings = service.settings.with_deck("demo", DeckSettings(new_per_day=0))
    session = service.start_quiz("demo", count=2, shuffle=False)
    answer(service, session, "alpha beta", clock, 60)  # 1: Good, due in 10 min
    answer(service, session, "nothing", clock, 30)  # 2: Again, due in 1 min (and missed)
    service.finish(session)
    clock.tick(15 * 60)  # both due
    assert [c.id for c in service.start_review("demo").cards] == ["2", "1"]
    again = service.start_quiz("demo", count=3, shuffle=False)
    for _ in range(2):
        answer(service, again, "alpha beta", clock, 60)  # 1 and 2: Good now, due later
    answer(service, again, "nothing", clock, 30)  # 3: Again, due in 1 min
    service.finish(again)
    # Nothing due yet; 3 is missed.
    assert [c.id for c in service.start_review("demo").cards] == ["3"]
    clock.tick(120)  # 3 now due as well: still once
    assert [c.id for c in service.start_review("demo").cards] == ["3"]


def test_an_override_re_rates_the_card(service, clock):
    """'I was wrong' on a fast correct answer: the log says Again and the state is Again's.
    Undoing the override restores the Easy state exactly."""
    session = service.start_quiz("demo", count=1, shuffle=False)
    attempt = answer(service, session, "alpha beta", clock, 1)
    easy = service.store.card_state("demo", "1")
    assert service.store.review_log("demo", "1")[0]["rating"] == EASY
    service.override(session, attempt, "incorrect")
    again = service.store.card_state("demo", "1")
    assert service.store.review_log("demo", "1")[0]["rating"] == AGAIN
    assert again == scheduling.review(None, AGAIN, attempt.answered_at).after
    assert again.due < easy.due
    service.override(session, attempt, None)
    assert service.store.card_state("demo", "1") == easy


def test_an_override_of_an_older_answer_replays_the_later_ones(service, clock):
    """Re-rating the first of three answers changes the state built on it."""
    first = service.start_quiz("demo", count=1, shuffle=False)
    a1 = answer(service, first, "alpha beta", clock, 60)
    service.finish(first)
    for _ in range(2):
        clock.tick(86400)
        later = service.start_quiz("demo", count=1, shuffle=False)
        answer(service, later, "alpha beta", clock, 60)
        service.finish(later)
    before = service.store.card_state("demo", "1")
    service.override(first, a1, "incorrect")
    after = service.store.card_state("demo", "1")
    ratings = [log["rating"] for log in service.store.review_log("demo", "1")]
    assert ratings == [AGAIN, GOOD, GOOD]
    assert after.reviews == 3 and after != before
    times = [a["answered_at"] for a in service.store.attempts("demo", "1")]
    plan = [(AGAIN, times[0]), (GOOD, times[1]), (GOOD, times[2])]
    assert after == scheduling.replay([(r, datetime.fromisoformat(t)) for r, t in plan])[-1].after


def test_storing_an_attempt_twice_reviews_it_once(service, clock):
    """A retry of the same answer (same session and seq) does not review the card twice."""
    session = service.start_quiz("demo", count=1, shuffle=False)
    attempt = answer(service, session, "alpha beta", clock, 60)
    state = service.store.card_state("demo", "1")
    service.store.record_attempt(attempt)
    assert len(service.store.review_log("demo", "1")) == 1
    assert service.store.card_state("demo", "1") == state


def test_an_answer_stored_late_is_reviewed_as_stored(service, clock):
    """An answer older than the card's last review (an unsaved one stored late) is
    reviewed in the order it was stored, with no time elapsed (issue 14: replays
    follow the stored order, so a clock that jumped cannot reorder them)."""
    session = service.start_quiz("demo", count=1, shuffle=False)
    late = answer(service, session, "nothing", clock, 30)
    clock.tick(3600)
    other = service.start_quiz("demo", count=1, shuffle=False)
    answer(service, other, "alpha beta", clock, 60)
    # Store a third answer dated before both, as a retry of an unsaved one would.
    early = replace(late, session_id="early", seq=0, answered_at=T0 - timedelta(days=1))
    service.store.record_attempt(early)
    logs = service.store.review_log("demo", "1")
    assert [log["rating"] for log in logs] == [AGAIN, GOOD, AGAIN]
    assert logs[0]["state_before"] is None
    state = service.store.card_state("demo", "1")
    assert state.reviews == 3 and state.last_review == early.answered_at
    # The same as replaying the card from scratch in stored order.
    service.store.set_override(early.session_id, early.seq, None)
    assert service.store.card_state("demo", "1") == state


def test_menu_shows_due_today_and_next_due(service, clock):
    """due_today counts cards due before local midnight; next_due is the first not yet due."""
    assert service.menu_summary("demo").due_today == 0
    assert service.menu_summary("demo").next_due is None
    session = service.start_quiz("demo", count=3, shuffle=False)
    answer(service, session, "nothing", clock, 30)  # due in 1 min
    answer(service, session, "alpha beta", clock, 60)  # due in 10 min
    answer(service, session, "alpha beta", clock, 1)  # Easy: due in days
    service.finish(session)
    summary = service.menu_summary("demo")
    assert summary.due_today == 2
    # Card 1 (due a minute after its answer) is already due; card 2 comes next.
    assert service.store.card_state("demo", "1").due <= clock()
    assert summary.next_due == service.store.card_state("demo", "2").due
    easy_due = service.store.card_state("demo", "3").due
    clock.tick(3600)  # the two short ones are now overdue; the next is the Easy card
    summary = service.menu_summary("demo")
    assert summary.due_today == 2 and summary.next_due == easy_due


def test_the_menu_and_the_stats_agree_on_a_card_due_at_midnight(service, clock):
    """One definition of "due": a card due exactly at local midnight is due tomorrow on
    the menu and on the stats alike, and a card due exactly now is due now."""
    session = service.start_quiz("demo", count=2, shuffle=False)
    answer(service, session, "alpha beta", clock)
    answer(service, session, "alpha beta", clock)
    service.finish(session)
    midnight = datetime(2025, 1, 7, tzinfo=UTC)  # T0 is 2025-01-06 09:00 UTC
    with service.store._conn:
        service.store._conn.execute(
            "UPDATE card_states SET due = ? WHERE card_id = '1'", (iso(midnight),)
        )
        service.store._conn.execute(
            "UPDATE card_states SET due = ? WHERE card_id = '2'", (iso(clock()),)
        )
    summary = service.menu_summary("demo")
    stats = service.progress("demo")
    assert (summary.due_today, summary.next_due) == (1, midnight)
    assert (stats.due_today, stats.next_due) == (summary.due_today, summary.next_due)
    assert summary.due_now == 1  # card 2: what a review asks first
    assert [c.id for c in service.start_review("demo").cards] == ["2", "3", "4", "5", "6"]


# -- clock jumps (issue 14, F11) ---------------------------------------------------------


def play_every_card(service, clock, text: str = "alpha beta") -> None:
    session = service.start_quiz("demo", shuffle=False)
    while True:
        answer(service, session, text, clock, 60)
        if service.advance(session) is None:
            break
    service.finish(session)


def test_f11_a_session_400_days_ahead_leaves_no_card_due_400_days_out(tmp_path, clock, caplog):
    """The clock jumps 400 days ahead for one session, then is put right: no card is
    due 400 days out (the schedule was replayed in answered-at order, the future
    session last), and the log says what was mended."""
    import logging

    deck = make_deck(n=6, answer="alpha beta")

    def game():
        return make_service(tmp_path / "data", clock, decks=[deck], grader=LabelGrader, tz=UTC)

    service = game()
    for _ in range(3):  # three days of practice: cards in review
        play_every_card(service, clock)
        clock.tick(86400)
    service.close()
    right = clock.now
    clock.now = right + timedelta(days=400)  # the computer's clock jumps ahead
    service = game()
    play_every_card(service, clock)
    service.close()
    clock.now = right + timedelta(hours=2)  # and is put right

    with caplog.at_level(logging.INFO, logger="mlquiz"):
        service = game()
        states = [service.store.card_state("demo", c.id) for c in deck.cards]
    assert all(s.due < clock.now + timedelta(days=60) for s in states), [s.due for s in states]
    assert all(s.last_review <= clock.now for s in states)
    assert any("clock" in r.getMessage() and "ahead" in r.getMessage() for r in caplog.records)
    summary = service.menu_summary("demo")
    assert summary.next_due is None or summary.next_due < clock.now + timedelta(days=60)
    # Playing on, the cards stay on a sane schedule.
    play_every_card(service, clock)
    states = [service.store.card_state("demo", c.id) for c in deck.cards]
    assert all(s.due < clock.now + timedelta(days=60) for s in states)
    service.close()


def test_f11_the_clock_put_back_mid_game_is_clamped_too(service, clock):
    """Within one game: answers 400 days ahead, then the clock is put back and the
    same cards answered again: their next review is days away, not 400 days."""
    play_every_card(service, clock)
    right = clock.now
    clock.now = right + timedelta(days=400)
    play_every_card(service, clock)
    clock.now = right + timedelta(minutes=5)
    play_every_card(service, clock)
    for card_id in ("1", "2", "3"):
        state = service.store.card_state("demo", card_id)
        assert state.last_review < right + timedelta(days=1)
        assert state.due < right + timedelta(days=60)
