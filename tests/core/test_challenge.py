"""The timed challenge: a countdown on a monotonic clock, points, streaks, bests.

Every test runs the challenge through a real `GameService` (real store in a
tmp folder) with a fake grader, a fixed wall clock and a fake monotonic clock
moved by hand, so every rule is checked where the UI will use it.
"""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mlquiz.core import challenge as ch
from mlquiz.core.challenge import ChallengeError, ChallengeOver, streak_bonus
from mlquiz.core.clock import FixedClock
from mlquiz.core.errors import StorageError
from mlquiz.service import GameService
from tests.support.factories import FakeMonotonic, LabelGrader, make_deck
from tests.support.factories import make_service as make_test_service


def challenge_deck(deck_id: str = "demo", n: int = 5):
    """Cards with required points alpha and beta and an optional gamma; odd cards tagged 'odd'."""
    return make_deck(
        deck_id,
        n,
        optional=("gamma",),
        answer="alpha beta gamma {i}",
        hint="starts with a",
        tags=lambda i: ("odd",) if i % 2 else ("even",),
    )


def make_service(data, wall, mono) -> GameService:
    decks = [challenge_deck(), challenge_deck("one", 1)]
    return make_test_service(data, wall, decks=decks, grader=LabelGrader, mono=mono)


@pytest.fixture
def wall() -> FixedClock:
    return FixedClock()


@pytest.fixture
def mono() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def service(tmp_path: Path, wall: FixedClock, mono: FakeMonotonic):
    svc = make_service(tmp_path / "data", wall, mono)
    yield svc
    svc.close()


def stored_run(service: GameService, run_id: int | None) -> dict:
    """The run's row in the database, as stored."""
    with closing(sqlite3.connect(service.database_path)) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM challenge_runs WHERE id = ?", (run_id,)).fetchone())


def start(service: GameService, duration: int = 60, tag: str | None = None, seed: int = 1):
    return service.start_challenge("demo", duration, tag=tag, rng=random.Random(seed))


def answer(service, run, text: str | None):
    """Answer the current card (None: skip) and move on; returns the scored answer."""
    answered = service.challenge_skip(run) if text is None else service.challenge_submit(run, text)
    scored = answered.scored
    if not run.over:
        service.challenge_next(run)
    return scored


def play_run(service, mono, duration, score_texts, seconds_each=1.0, abandon=False):
    run = start(service, duration)
    for text in score_texts:
        mono.tick(seconds_each)
        answer(service, run, text)
    if abandon:
        return service.challenge_abandon(run)
    mono.tick(duration)
    return service.challenge_finish(run)


# -- time ---------------------------------------------------------------------


def test_the_run_ends_exactly_at_the_limit(service, mono):
    """Not a moment before the limit, exactly at it; counted time is the limit, however late."""
    run = start(service, 60)
    mono.tick(59.999)
    assert not run.expired and run.remaining() == pytest.approx(0.001)
    mono.tick(0.001)
    assert run.expired and run.remaining() == 0.0
    mono.tick(7.3)  # the UI noticed late
    assert run.remaining() == 0.0 and run.elapsed() == 60.0
    results = service.challenge_finish(run)
    assert results.elapsed == 60.0 and not results.abandoned and run.over


def test_the_countdown_starts_full(service, mono):
    """A fresh run has the whole duration left, and it runs down with the clock."""
    run = start(service, 120)
    assert run.remaining() == 120.0 and not run.paused
    mono.tick(30)
    assert run.remaining() == 90.0 and run.elapsed() == 30.0


def test_the_answer_typed_at_expiry_is_graded(service, mono):
    """finish(pending) grades the text left in the box at the limit, stored as a timed attempt."""
    run = start(service, 60)
    mono.tick(60)
    results = service.challenge_finish(run, pending_answer="alpha beta")
    assert results.answers == 1 and results.correct == 1
    assert results.score == 2 * ch.POINTS_PER_KEY_POINT + ch.STREAK_BONUS
    assert results.final_answer is not None and results.final_answer.final
    (stored,) = service.store.session_attempts(run.session.id)
    assert stored["answer"] == "alpha beta" and stored["timed"] and stored["mode"] == "challenge"


def test_an_enter_after_the_limit_is_graded_and_ends_the_run(service, mono):
    """An answer submitted after the limit (before the UI noticed) counts, then the run is over."""
    run = start(service, 60)
    mono.tick(60.2)
    scored = service.challenge_submit(run, "alpha").scored
    assert scored.final and run.over and scored.points == ch.POINTS_PER_KEY_POINT
    with pytest.raises(ChallengeOver):
        service.challenge_submit(run, "beta")
    results = service.challenge_finish(run)
    assert results.answers == 1 and results.elapsed == 60.0


@pytest.mark.parametrize("pending", ["", "   \n"])
def test_an_empty_box_at_expiry_is_not_an_answer(service, mono, pending):
    """Nothing typed at the limit means nothing graded or stored."""
    run = start(service, 60)
    mono.tick(61)
    results = service.challenge_finish(run, pending_answer=pending)
    assert results.answers == 0 and results.final_answer is None
    assert service.store.session_attempts(run.session.id) == []


def test_finish_before_the_limit_is_refused(service, mono):
    """A run stopped early is abandoned, not finished: finish() before the limit is a UI bug."""
    run = start(service, 60)
    mono.tick(30)
    with pytest.raises(ChallengeError):
        service.challenge_finish(run)
    assert not run.over


def test_skips_and_hints_are_refused_once_time_is_up(service, mono):
    """At the limit only finishing (with the pending answer) is left."""
    run = start(service, 60)
    mono.tick(60)
    with pytest.raises(ChallengeOver):
        service.challenge_skip(run)
    with pytest.raises(ChallengeOver):
        service.challenge_hint(run)


def test_the_clock_stops_while_feedback_shows(service, mono):
    """Time reading the feedback is not counted; the clock runs again with the next card."""
    run = start(service, 60)
    mono.tick(10)
    service.challenge_submit(run, "alpha beta")
    assert run.paused
    mono.tick(100)  # "until Enter" feedback, read slowly
    assert run.remaining() == 50.0 and not run.expired
    service.challenge_next(run)
    mono.tick(5)
    assert run.remaining() == 45.0


def test_wall_clock_changes_do_not_matter(service, mono, wall):
    """Only the monotonic clock is read for the countdown: moving the wall clock changes nothing."""
    run = start(service, 60)
    mono.tick(20)
    wall.tick(3600)  # clock set an hour forward
    assert run.remaining() == 40.0
    wall.tick(-7200)  # and two hours back
    assert run.remaining() == 40.0
    service.challenge_submit(run, "alpha beta")
    service.challenge_next(run)
    assert run.remaining() == 40.0
    mono.tick(40)
    assert run.expired


def test_a_stopped_process_gains_no_time(service, mono):
    """SIGSTOP/SIGCONT: monotonic time runs on while stopped, so the run is over on return."""
    run = start(service, 60)
    mono.tick(10)
    mono.tick(3600)  # stopped for an hour, then continued
    assert run.expired and run.remaining() == 0.0
    results = service.challenge_finish(run, pending_answer="alpha")
    assert results.elapsed == 60.0 and results.answers == 1


def test_the_service_uses_the_real_monotonic_clock_by_default(tmp_path):
    """GameService's countdown clock is time.monotonic unless a test passes another."""
    import time

    svc = GameService(tmp_path / "d")
    assert svc.monotonic is time.monotonic


# -- scoring ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("streak", "bonus"),
    [(0, 0), (1, 5), (2, 10), (5, 25), (9, 45), (10, 50), (11, 50), (40, 50)],
)
def test_streak_bonus_is_five_per_streak_capped_at_fifty(streak, bonus):
    """A correct answer making the streak n earns 5 x n, never more than 50."""
    assert streak_bonus(streak) == bonus


@pytest.mark.parametrize(
    ("text", "points", "verdict"),
    [
        ("alpha beta gamma", 30, "correct"),  # optional points count too
        ("alpha beta", 20, "correct"),
        ("alpha gamma", 20, "partial"),
        ("beta", 10, "partial"),
        ("nothing", 0, "incorrect"),
    ],
)
def test_ten_points_per_key_point_found(service, text, points, verdict):
    """Each key point found, required or not, is worth 10; a correct one adds the streak bonus."""
    run = start(service)
    scored = service.challenge_submit(run, text).scored
    assert scored.points == points and scored.attempt.verdict == verdict
    assert scored.bonus == (5 if verdict == "correct" else 0)
    assert run.score == scored.gained == points + scored.bonus


def test_scores_and_streaks_add_up(service, mono):
    """A mixed run: the running score is the sum of every answer, hint and skip."""
    run = start(service)
    steps = [
        ("alpha beta", 20 + 5, 1),  # streak 1
        ("alpha beta gamma", 30 + 10, 2),  # streak 2
        ("alpha beta", 20 + 15, 3),  # streak 3
        ("alpha", 10, 0),  # partial: keeps its points, loses the streak
        ("alpha beta", 20 + 5, 1),
        (None, -10, 0),  # skip
        ("alpha beta", 20 + 5, 1),
    ]
    total = 0
    for text, gained, streak in steps:
        mono.tick(2)
        scored = answer(service, run, text)
        total += gained
        assert (scored.gained, scored.streak, scored.score, run.score) == (
            gained,
            streak,
            total,
            total,
        )
    assert run.best_streak == 3
    assert (run.answers, run.correct, run.skipped) == (6, 5, 1)
    mono.tick(60)
    results = service.challenge_finish(run)
    assert (results.score, results.answers, results.correct, results.best_streak) == (
        total,
        6,
        5,
        3,
    )
    assert results.accuracy == pytest.approx(5 / 6)


def test_a_long_streak_is_capped(service):
    """Twelve correct answers in a row: bonuses 5, 10, ... 50, 50, 50."""
    run = start(service, 300)
    bonuses = [answer(service, run, "alpha beta").bonus for _ in range(12)]
    assert bonuses == [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 50, 50]
    assert run.score == 12 * 20 + sum(bonuses) and run.best_streak == 12


def test_a_hint_costs_points_but_keeps_the_streak(service):
    """Each hint level taken costs 5 at once; a correct answer after it still extends the streak."""
    run = start(service)
    answer(service, run, "alpha beta")  # 25, streak 1
    first = service.challenge_hint(run)
    second = service.challenge_hint(run)
    assert (first.level, second.level) == (1, 2)
    assert run.score == 25 - 2 * ch.HINT_COST and run.hints == 2
    scored = service.challenge_submit(run, "alpha beta").scored
    assert scored.streak == 2 and scored.bonus == 10
    assert run.score == 25 - 10 + 30
    # The session's own hint penalty is kept on the stored attempt as for any answer.
    assert scored.attempt.hints_used == 2


def test_a_skip_costs_points_and_breaks_the_streak(service):
    """A skip costs 10 and resets the streak; it is stored as a timed incorrect attempt."""
    run = start(service)
    answer(service, run, "alpha beta")
    answer(service, run, "alpha beta")
    scored = service.challenge_skip(run).scored
    assert scored.cost == ch.SKIP_COST and scored.streak == 0 and scored.gained == -10
    assert run.score == 25 + 30 - 10
    assert scored.attempt.skipped and scored.attempt.timed
    service.challenge_next(run)  # the run goes on after a skip
    assert service.challenge_submit(run, "alpha beta").scored.bonus == 5


def test_the_score_may_go_below_zero(service):
    """Skips and hints with nothing earned leave a negative score; it is not clamped."""
    run = start(service)
    service.challenge_hint(run)
    answer(service, run, None)
    assert run.score == -15


def test_answering_twice_without_next_is_refused(service):
    """One answer per card: the next card must be asked for (the UI does it after the feedback)."""
    run = start(service)
    service.challenge_submit(run, "alpha")
    with pytest.raises(ChallengeError):
        service.challenge_submit(run, "alpha beta")
    with pytest.raises(ChallengeError):
        service.challenge_skip(run)
    with pytest.raises(ChallengeError):
        service.challenge_next(start(service))  # nothing answered yet


def test_a_grader_failure_leaves_the_card_open_and_the_clock_running(service, mono):
    """If grading raises, nothing is scored, the card can still be answered, time still runs."""
    run = start(service, 60)
    mono.tick(10)
    with pytest.raises(RuntimeError):
        service.challenge_submit(run, "boom")
    assert not run.paused and run.score == 0 and run.answers == 0
    mono.tick(5)
    assert run.remaining() == 45.0
    assert service.challenge_submit(run, "alpha beta").scored.gained == 25


def test_a_refused_write_at_the_limit_still_ends_and_records_the_run(service, mono, monkeypatch):
    """The store refusing the answer pending at the limit: the run ends, is scored and
    recorded, and the answer waits in `unsaved` instead of the error escaping."""
    run = start(service, 60)
    service.challenge_submit(run, "alpha")
    service.challenge_next(run)
    mono.tick(61)

    def refuse(attempt):
        raise StorageError("disk full (simulated)")

    monkeypatch.setattr(service.store, "record_attempt", refuse)
    results = service.challenge_finish(run, pending_answer="alpha beta")
    assert run.ended and run.over and run.recorded is results
    assert results.answers == 2 and results.final_answer is not None
    assert results.final_answer.attempt.answer == "alpha beta"
    assert [a.answer for a in service.unsaved] == ["alpha beta"]
    assert results.run_id is not None and results.saved  # the run's own row was written
    assert service.challenge_finish(run) is results


def test_a_grader_failure_at_the_limit_still_ends_the_run(service, mono):
    """If the pending answer cannot be graded, the error is raised but the run has ended,
    so finishing again records it without that answer."""
    run = start(service, 60)
    mono.tick(60)
    with pytest.raises(RuntimeError):
        service.challenge_finish(run, pending_answer="boom")
    assert run.ended and not run.paused and run.answers == 0
    results = service.challenge_finish(run)
    assert results.answers == 0 and not results.abandoned and results.rank == 1


def test_a_grader_failure_after_the_limit_ends_the_run(service, mono):
    """An Enter after the limit whose grading raises: the run is over all the same."""
    run = start(service, 60)
    mono.tick(60.5)
    with pytest.raises(RuntimeError):
        service.challenge_submit(run, "boom")
    assert run.ended
    assert service.challenge_finish(run).answers == 0


# -- cards --------------------------------------------------------------------


def test_cards_cycle_and_reshuffle_without_a_back_to_back_repeat(service):
    """Every card once per round, each round shuffled again, never the same card twice in a row."""
    run = start(service, 300, seed=3)
    asked = []
    for _ in range(5 * 8):
        asked.append(run.current.id)
        answer(service, run, "alpha")
    rounds = [asked[i : i + 5] for i in range(0, len(asked), 5)]
    assert all(sorted(r) == ["1", "2", "3", "4", "5"] for r in rounds)
    assert len({tuple(r) for r in rounds}) > 1  # reshuffled, not repeated
    assert all(a != b for a, b in zip(asked, asked[1:], strict=False))


def test_a_seeded_rng_gives_the_same_order(service):
    """The order of a run comes from the rng passed in."""
    a = start(service, seed=11)
    b = start(service, seed=11)
    assert [c.id for c in a.session.cards] == [c.id for c in b.session.cards]


def test_the_tag_filter_picks_the_cards(service):
    """With a tag, only cards carrying it are asked, round after round."""
    run = start(service, 300, tag="odd")
    asked = set()
    for _ in range(9):
        asked.add(run.current.id)
        answer(service, run, "alpha")
    assert asked == {"1", "3", "5"}


def test_a_tag_with_no_cards_cannot_start_a_run(service):
    """A tag no card carries raises ValueError before anything is stored."""
    with pytest.raises(ValueError):
        service.start_challenge("demo", 60, tag="nope")


def test_a_one_card_deck_repeats_its_card(service):
    """With one card there is nothing to shuffle: it comes back each time."""
    run = service.start_challenge("one", 60, rng=random.Random(1))
    for _ in range(3):
        assert run.current.id == "1"
        answer(service, run, "alpha beta")


# -- storage and bests --------------------------------------------------------


def test_answers_are_stored_like_any_other_and_feed_the_missed_list(service):
    """Each challenge answer is committed at once, flagged timed; a miss joins the missed list."""
    run = start(service)
    first = run.current.id
    answer(service, run, "alpha beta")
    second = run.current.id
    answer(service, run, "beta")  # partial: missed
    stored = service.store.session_attempts(run.session.id)
    assert [a["card_id"] for a in stored] == [first, second]
    assert all(a["timed"] and a["mode"] == "challenge" for a in stored)
    assert [m.card_id for m in service.store.missed("demo")] == [second]


def test_abandoned_runs_stay_out_of_the_best_table(service, mono):
    """Escape: the run is recorded as abandoned, its answers kept, and it never ranks."""
    results = play_run(service, mono, 60, ["alpha beta gamma"] * 5, abandon=True)
    assert results.abandoned and results.rank is None and not results.new_best
    assert results.score > 0 and results.bests == ()
    assert len(service.store.session_attempts(results.session_id)) == 5
    assert service.challenge_bests("demo", 60) == []
    stored = stored_run(service, results.run_id)
    assert stored["abandoned"] and stored["ended_at"] is not None
    assert stored["score"] == results.score


def test_abandon_is_allowed_mid_feedback_and_is_final(service, mono):
    """Abandoning while the feedback shows ends the run; nothing more can be answered."""
    run = start(service)
    service.challenge_submit(run, "alpha beta")
    service.challenge_abandon(run)
    assert run.over and run.abandoned
    with pytest.raises(ChallengeOver):
        service.challenge_next(run)


def test_a_run_that_never_ended_is_not_a_best(service, mono):
    """A run whose process was killed (started, never finished) never enters the table."""
    run = start(service)
    answer(service, run, "alpha beta")
    assert stored_run(service, run.run_id)["ended_at"] is None
    assert service.challenge_bests("demo", 60) == []


def test_the_best_table_keeps_the_top_ten_per_deck_and_duration(service, mono, wall):
    """Top 10 by score, best first, ties to the earlier run; each duration has its own table."""
    scores = []
    for i in range(12):
        wall.tick(86400)  # one run a day
        results = play_run(service, mono, 60, ["alpha"] * (i % 6 + 1))
        scores.append(results.score)
    play_run(service, mono, 120, ["alpha beta"])
    bests = service.challenge_bests("demo", 60)
    assert len(bests) == ch.BEST_TABLE_SIZE
    assert [b.score for b in bests] == sorted(scores, reverse=True)[:10]
    # Equal scores: the earlier run ranks first.
    for a, b in zip(bests, bests[1:], strict=False):
        assert (a.score, -a.started_at.timestamp()) >= (b.score, -b.started_at.timestamp())
    assert {b.duration_s for b in bests} == {60}
    assert [b.score for b in service.challenge_bests("demo", 120)] == [25]
    assert service.challenge_bests("one", 60) == []


def test_a_new_best_is_marked(service, mono):
    """The first run and any run beating the best are new bests; a tie or a lower score is not."""
    first = play_run(service, mono, 60, ["alpha"])
    assert first.new_best and first.rank == 1 and first.previous_best is None
    lower = play_run(service, mono, 60, [None])
    assert not lower.new_best and lower.rank == 2 and lower.previous_best == 10
    tie = play_run(service, mono, 60, ["alpha"])
    assert not tie.new_best and tie.rank == 2
    better = play_run(service, mono, 60, ["alpha beta"])
    assert better.new_best and better.rank == 1 and better.previous_best == 10
    assert [b.score for b in better.bests] == [25, 10, 10, -10]


def test_bests_persist_across_restarts(tmp_path, wall, mono):
    """A new GameService on the same data folder sees the same best table, with dates."""
    data = tmp_path / "data"
    first = make_service(data, wall, mono)
    played = play_run(first, mono, 60, ["alpha beta", "alpha beta"])
    first.close()
    second = make_service(data, wall, FakeMonotonic(12.0))
    try:
        (best,) = second.challenge_bests("demo", 60)
        assert best.score == played.score == 25 + 30
        assert (best.answers, best.correct, best.best_streak) == (2, 2, 2)
        assert best.started_at == wall.now and best.ended_at == wall.now
        assert best.session_id == played.session_id and not best.abandoned
    finally:
        second.close()


def test_finishing_twice_records_once(service, mono):
    """A second finish returns the same results and does not record the run again."""
    run = start(service)
    mono.tick(60)
    one = service.challenge_finish(run, "alpha")
    two = service.challenge_finish(run, "alpha beta")
    assert one == two
    assert len(service.challenge_bests("demo", 60)) == 1


def test_the_schema_has_the_runs_table(service):
    """Migration v3 adds challenge_runs with the columns the table needs."""
    assert service.open_store() is None  # opens and migrates
    with sqlite3.connect(service.database_path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(challenge_runs)")]
    assert columns == [
        "id",
        "deck_id",
        "duration_s",
        "tag",
        "started_at",
        "ended_at",
        "score",
        "answers",
        "correct",
        "best_streak",
        "abandoned",
        "session_id",
    ]


def test_the_core_never_imports_textual():
    """mlquiz.core.challenge loads neither textual nor rich."""
    import subprocess
    import sys

    code = (
        "import sys, mlquiz.core.challenge; "
        "print([m for m in ('textual', 'rich') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_answer_the_store_refuses_is_scored_and_says_where_it_went(
    service, mono, monkeypatch, tmp_path
):
    """Mid-run, the database refuses an answer: it is scored as usual, the result says it
    was not saved and names the file it was copied to, and the run goes on."""
    monkeypatch.chdir(tmp_path)
    run = start(service, 60)

    def refuse(attempt):
        raise StorageError("disk full (simulated)")

    monkeypatch.setattr(service.store, "record_attempt", refuse)
    answered = service.challenge_submit(run, "alpha beta")
    assert answered.scored is not None and answered.scored.gained == 25 and run.score == 25
    assert not answered.saved.ok and answered.saved.error == "disk full (simulated)"
    assert answered.saved.copy == service.unsaved_file and answered.saved.copy.parent == tmp_path
    assert answered.card.id == answered.attempt.card_id and answered.grade is not None
    service.challenge_next(run)  # the run goes on
    assert not run.over
