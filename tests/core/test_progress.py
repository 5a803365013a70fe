"""Progress: the stats screen's numbers on a small hand-built history (fixed clock)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mlquiz import cli
from mlquiz.core import due as due_mod
from mlquiz.core import progress as pg
from mlquiz.core.cards import Deck
from mlquiz.core.clock import FixedClock
from mlquiz.core.session import Attempt
from mlquiz.core.store import derived
from mlquiz.core.store.database import Store
from tests.support.factories import make_deck, make_service


def small_deck() -> Deck:
    """Four one-point cards c1..c4 of deck "d"."""
    return make_deck("d", ids=["c1", "c2", "c3", "c4"], labels=("a",), question="Q?", answer="a")


NOW = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2025, 1, day, hour, minute, tzinfo=UTC)


_seqs: dict[str, int] = {}


def att(session, card, when, verdict, *, score=None, missed=(), elapsed=10.0, deck="d", **kw):
    seq = _seqs[session] = _seqs.get(session, -1) + 1
    return Attempt(
        session_id=session,
        deck_id=deck,
        card_id=card,
        seq=seq,
        answer="an answer",
        verdict=verdict,
        score={"correct": 1.0, "incorrect": 0.0}.get(verdict, 0.5) if score is None else score,
        found=(),
        missed=tuple(missed),
        contradicted=(),
        confusion=None,
        hints_used=0,
        skipped=False,
        answered_at=when,
        elapsed=elapsed,
        mode="quiz",
        **kw,
    )


# The history: deck "d" (cards c1-c4; c4 never answered) and one answer in deck "e".
HISTORY = [
    ("s1", "c1", at(7, 9, 0), "correct", {"elapsed": 10.0}),
    ("s1", "c2", at(7, 9, 1), "incorrect", {"missed": ("a", "b"), "elapsed": 20.0}),
    ("s1", "c3", at(7, 9, 2), "partial", {"score": 0.6, "missed": ("b",), "elapsed": 30.0}),
    ("s2", "c2", at(9, 18, 0), "partial", {"missed": ("b",), "elapsed": 15.0}),
    ("s2", "c1", at(9, 18, 1), "correct", {"elapsed": 5.0}),
    ("s3", "c2", at(10, 8, 0), "incorrect", {"missed": ("a", "b"), "elapsed": 25.0}),
]


@pytest.fixture
def store(tmp_path: Path):
    _seqs.clear()
    with Store(tmp_path / "db.sqlite3", clock=FixedClock(NOW)) as store:
        for session, card, when, verdict, kw in HISTORY:
            store.record_attempt(att(session, card, when, verdict, **kw))
        # "I was right" on the last one: it counts as correct and missed nothing.
        store.set_override("s3", 0, "correct")
        store.record_attempt(att("e1", "x", at(10, 9), "correct", deck="e"))
        yield store


CARDS = {("d", f"c{i}") for i in range(1, 5)}


@pytest.fixture
def deck_progress(store) -> pg.Progress:
    return pg.progress(store, "d", CARDS, NOW, UTC)


def test_accuracy_per_day(deck_progress):
    """Per local day: answers, correct and partial by effective verdict, seconds."""
    days = [(p.day, p.answers, p.correct, p.partial, p.seconds) for p in deck_progress.by_day]
    assert days == [
        (date(2025, 1, 7), 3, 1, 1, 60.0),
        (date(2025, 1, 9), 2, 1, 1, 20.0),
        (date(2025, 1, 10), 1, 1, 0, 25.0),  # the override made it correct
    ]
    assert [round(p.accuracy, 3) for p in deck_progress.by_day] == [0.333, 0.5, 1.0]


def test_accuracy_per_session(deck_progress):
    """Per session, oldest first, with its answers and effective correct count."""
    sessions = [(p.session_id, p.answers, p.correct, p.accuracy) for p in deck_progress.by_session]
    assert sessions == [("s1", 3, 1, 1 / 3), ("s2", 2, 1, 0.5), ("s3", 1, 1, 1.0)]


def test_totals_streak_and_time(deck_progress):
    """6 answers, half correct; streak 2 (the 9th and 10th; the 8th was missed)."""
    assert (deck_progress.answers, deck_progress.correct) == (6, 3)
    assert deck_progress.accuracy == 0.5
    assert deck_progress.streak == 2
    assert deck_progress.seconds_total == 105.0
    assert deck_progress.seconds_today == 25.0
    assert deck_progress.today == date(2025, 1, 10)


def test_missed_points_most_often_first(deck_progress):
    """Counts per (card, key point), overrides to correct left out; ties: most recent first."""
    got = [(p.label, p.card_id, p.times) for p in deck_progress.missed_points]
    assert got == [("b", "c2", 2), ("b", "c3", 1), ("a", "c2", 1)]


def test_cards_by_state_and_recall(deck_progress):
    """The unanswered card is new with recall 0 and comes first (weakest); the rest are
    scheduled, with a recall probability strictly between 0 and 1."""
    states = deck_progress.states
    assert set(states) == {"new", "learning", "review", "mastered"}
    assert sum(states.values()) == 4 and states["new"] == 1
    first = deck_progress.recall[0]
    assert (first.card_id, first.bucket, first.retrievability, first.due) == ("c4", "new", 0, None)
    for card in deck_progress.recall[1:]:
        assert 0 < card.retrievability < 1 and card.due is not None


def test_all_decks_together(store):
    """deck_id None: every deck's answers; the streak counts days in any deck."""
    overall = pg.progress(store, None, None, NOW, UTC)
    assert overall.answers == 7
    assert {p.deck_id for p in overall.by_session} == {"d", "e"}
    assert overall.states["new"] == 0  # no installed cards given: only answered ones
    assert sum(overall.states.values()) == 4  # c1, c2, c3 and e's x


def test_mastered_after_long_successful_reviews(tmp_path):
    """Easy answers spaced out as scheduled grow stability past 21 days: mastered."""
    _seqs.clear()
    with Store(tmp_path / "db.sqlite3") as store:
        when = at(1)
        for _ in range(4):
            store.record_attempt(att("m", "c1", when, "correct", elapsed=1.0))
            when = store.card_state("d", "c1").due
        state = store.card_state("d", "c1")
        assert state.stability >= 21
        result = pg.progress(store, "d", {("d", "c1")}, when, UTC)
    assert result.states == {"new": 0, "learning": 0, "review": 0, "mastered": 1}


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([], 0),
        ([10], 1),
        ([9, 10], 2),
        ([8, 9], 2),  # nothing yet today: yesterday's streak still stands
        ([7, 8], 0),  # a whole day missed
        ([5, 6, 7, 9, 10], 2),
    ],
)
def test_streak(days, expected):
    """Consecutive days with answers, ending today or (if not played yet today) yesterday."""
    assert pg.streak([date(2025, 1, d) for d in days], date(2025, 1, 10)) == expected


def test_days_are_local_days(tmp_path):
    """In Paris (UTC+1), an answer at 23:30 UTC belongs to the next day, 22:10 UTC to the same."""
    _seqs.clear()
    with Store(tmp_path / "db.sqlite3") as store:
        store.record_attempt(att("p", "c1", at(7, 22, 10), "correct"))
        store.record_attempt(att("p", "c2", at(7, 23, 30), "correct"))
        paris = pg.progress(store, "d", None, NOW, ZoneInfo("Europe/Paris"))
        utc = pg.progress(store, "d", None, NOW, UTC)
    assert [(p.day.day, p.answers) for p in paris.by_day] == [(7, 1), (8, 1)]
    assert [(p.day.day, p.answers) for p in utc.by_day] == [(7, 2)]


def test_offset_segments_split_at_daylight_saving():
    """A year in Paris: three stretches, split where the offset changes (01:00 UTC)."""
    year = pg.offset_segments(
        datetime(2025, 1, 1, tzinfo=UTC),
        datetime(2025, 12, 31, 23, tzinfo=UTC),
        ZoneInfo("Europe/Paris"),
    )
    assert year == [
        ("2025-01-01T00", "2025-03-30T01", 60),
        ("2025-03-30T01", "2025-10-26T01", 120),
        ("2025-10-26T01", "2026-01-01T00", 60),
    ]


def test_due_counts_draw_the_lines_at_now_and_at_local_midnight():
    """Due now: at or before now. Due today: before local midnight (which is tomorrow's).
    Next: the first due time after now."""
    midnight = datetime(2025, 1, 11, tzinfo=UTC)
    dues = [at(9), NOW, at(10, 18), midnight, at(12)]
    assert due_mod.due_counts(dues, NOW, UTC) == due_mod.Due(now=2, today=3, next=at(10, 18))
    assert due_mod.due_counts([], NOW, UTC) == due_mod.Due(now=0, today=0, next=None)
    tokyo = ZoneInfo("Asia/Tokyo")  # 21:00 there: the day ends at 15:00 UTC
    assert due_mod.due_counts(dues, NOW, tokyo).today == 2


def test_end_of_day_is_local_midnight():
    """'Due today' ends at the learner's midnight, given in UTC."""
    assert due_mod.end_of_day(NOW, UTC) == datetime(2025, 1, 11, tzinfo=UTC)
    tokyo = due_mod.end_of_day(NOW, ZoneInfo("Asia/Tokyo"))  # 21:00 there: midnight is 15:00 UTC
    assert tokyo == datetime(2025, 1, 10, 15, 0, tzinfo=UTC)


def _summaries(store: Store) -> tuple[list, list]:
    return (
        [tuple(r) for r in store._read("SELECT * FROM answer_hours ORDER BY 1, 2")],
        [tuple(r) for r in store._read("SELECT * FROM missed_points ORDER BY 1, 2, 3")],
    )


def test_summary_tables_match_a_full_rebuild(store):
    """After answers, a retry that moves an answer, and overrides, the incrementally kept
    summaries equal what a rebuild from the attempts gives."""
    from dataclasses import replace

    moved = replace(
        att("s1", "c3", at(8, 7), "incorrect", missed=("a",)), seq=2
    )  # s1/2 stored again: another card, day and verdict
    store.record_attempt(moved)
    store.set_override("s1", 1, "partial")
    store.set_override("s3", 0, None)
    kept = _summaries(store)
    with store._write() as conn:
        derived.rebuild_summaries(conn)
    assert _summaries(store) == kept
    assert ("d", "c3", "b") not in [row[:3] for row in kept[1]]


# -- the service and the CLI ------------------------------------------------------


def fill(data_dir: Path) -> None:
    _seqs.clear()
    with Store(data_dir / "mlquiz.sqlite3") as store:
        for session, card, when, verdict, kw in HISTORY:
            store.record_attempt(att(session, card, when, verdict, **kw))
        store.set_override("s3", 0, "correct")


def test_cli_stats_says_one_answer_not_one_answers(isolated_dirs, capsys):
    _seqs.clear()
    session, card, when, verdict, kw = HISTORY[0]
    with Store(isolated_dirs / "mlquiz.sqlite3") as store:
        store.record_attempt(att(session, card, when, "incorrect", **kw))
    assert cli.main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "d: 1 answer in 1 session, 0 correct" in out and "; 1 card to review" in out


def test_service_progress_counts_installed_cards_as_new(tmp_path):
    """GameService.progress(deck) knows the deck's cards: the unanswered one is new."""
    fill(tmp_path / "data")
    service = make_service(tmp_path / "data", FixedClock(NOW), decks=[small_deck()], tz=UTC)
    try:
        assert service.progress("d").states["new"] == 1
        assert service.progress().answers == 6
    finally:
        service.close()


def test_stats_json_keeps_its_keys_and_adds_the_new_ones(tmp_path):
    """The v1 keys are all there with the same values; the progress keys are added."""
    fill(tmp_path / "data")
    service = make_service(tmp_path / "data", FixedClock(NOW), decks=[small_deck()], tz=UTC)
    try:
        stats = service.stats()
    finally:
        service.close()
    deck = stats["decks"]["d"]
    old = {"attempts", "sessions", "correct", "partial", "incorrect", "skipped", "overridden"}
    old |= {"accuracy", "missed", "last_session"}
    new = {"due_today", "next_due", "streak", "seconds_total", "seconds_today", "states"}
    new |= {"missed_points", "by_day", "by_session", "recall"}
    assert old | new <= deck.keys()
    assert (deck["attempts"], deck["correct"], deck["accuracy"]) == (6, 3, 0.5)
    assert deck["streak"] == 2 and deck["seconds_total"] == 105.0
    assert deck["states"]["new"] == 1
    assert deck["missed_points"][0] == {
        "label": "b",
        "deck_id": "d",
        "card_id": "c2",
        "times": 2,
        "last_missed": "2025-01-09T18:00:00+00:00",
    }
    assert deck["by_day"][0] == {
        "day": "2025-01-07",
        "answers": 3,
        "correct": 1,
        "partial": 1,
        "seconds": 60.0,
        "accuracy": 0.3333,
    }
    assert stats["streak"] == 2 and stats["seconds_total"] == 105.0
    json.dumps(stats)  # all plain values


def test_cli_stats_prints_a_readable_summary(isolated_dirs, capsys):
    """`mlquiz stats`: per deck, answers and accuracy, states and due, streak and time,
    and the key points missed most."""
    fill(isolated_dirs)
    assert cli.main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "d: 6 answers in 3 sessions, 3 correct, 2 partial, 1 incorrect (50%)" in out
    assert "  cards: 0 new, " in out and "due today" in out
    assert "  streak: " in out and "time spent: 2 min" in out
    assert "  you keep missing: b (card c2, 2x), b (card c3, 1x), a (card c2, 1x)" in out
    assert "all decks: streak" in out
    assert cli.main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decks"]["d"]["missed_points"][0]["label"] == "b"


def test_cards_of_equal_recall_come_in_number_order():
    """New cards (all at recall 0) are listed 1, 2, ..., 10, not 1, 10, 2."""
    ids = {("d", str(n)) for n in range(1, 12)} | {("d", "intro"), ("d", "①")}
    recall = pg.recall_from_rows([], NOW, ids)
    numbered = [str(n) for n in range(1, 12)]
    assert [c.card_id for c in recall] == numbered + sorted(["intro", "①"])  # no crash on ①
