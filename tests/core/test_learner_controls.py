"""The learner's controls through the service, on a fixed clock: daily limits,
suspend and bury, leeches, undo (the schedule byte-identical), the due
forecast, the schedule settings and reset."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from mlquiz.core.clock import FixedClock, iso
from mlquiz.core.deck_settings import DeckSettings, parse_number, problem
from mlquiz.core.errors import StorageError
from mlquiz.core.session import UndoError
from mlquiz.core.settings import Settings, load_settings, save_settings
from mlquiz.service import GameService
from tests.support.factories import LabelGrader, make_deck, make_service

# 2025-01-06 09:00 UTC, a Monday; the learner lives at UTC+2 (local 11:00).
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
ZONE = timezone(timedelta(hours=2))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def service(tmp_path: Path, clock: FixedClock):
    """Six cards "1".."6" whose points are "alpha" and "beta" (`LabelGrader`): "alpha
    beta" is correct, "alpha" partial, "nothing" incorrect."""
    svc = make_service(
        tmp_path / "data", clock, decks=[make_deck(n=6)], grader=LabelGrader, tz=ZONE
    )
    yield svc
    svc.close()


def use(service: GameService, **settings) -> None:
    service.settings = service.settings.with_deck("demo", DeckSettings(**settings))


def answer(service, session, text, clock, seconds=60.0):
    """Move on if the current card is answered, wait `seconds`, answer; the Answered."""
    if session.answered:
        service.advance(session)
    clock.tick(seconds)
    return service.submit(session, text)


def quiz(service, clock, card_ids, text="alpha beta", seconds=60.0):
    """A quiz over exactly these cards, each answered with `text`; ended."""
    deck = service.deck("demo")
    session = service.start_session("demo", [deck.card(c) for c in card_ids], "quiz")
    for _ in card_ids:
        answer(service, session, text, clock, seconds)
    service.finish(session)
    return session


def graduate(service, clock, card_ids):
    """Good, then Good again after the 10-minute learning step: in review (FSRS state 2)."""
    quiz(service, clock, card_ids)
    clock.tick(11 * 60)
    quiz(service, clock, card_ids)
    for card_id in card_ids:
        assert service.store.card_state("demo", card_id).state == 2


def ids(session) -> list[str]:
    return [card.id for card in session.cards]


def card_rows(service, card_id: str) -> dict[str, list[tuple]]:
    """Every stored row about one card, as SQLite returns them (floats as stored)."""
    conn = service.store._conn
    key = ("demo", card_id)
    return {
        "state": conn.execute(
            "SELECT * FROM card_states WHERE deck_id = ? AND card_id = ?", key
        ).fetchall(),
        "log": conn.execute(
            "SELECT * FROM review_log WHERE deck_id = ? AND card_id = ? ORDER BY attempt_id", key
        ).fetchall(),
        "attempts": conn.execute(
            "SELECT * FROM attempts WHERE deck_id = ? AND card_id = ? ORDER BY id", key
        ).fetchall(),
        "answers": conn.execute(
            "SELECT * FROM card_answers WHERE deck_id = ? AND card_id = ?", key
        ).fetchall(),
        "points": conn.execute(
            "SELECT * FROM missed_points WHERE deck_id = ? AND card_id = ?", key
        ).fetchall(),
        "hours": conn.execute("SELECT * FROM answer_hours ORDER BY hour").fetchall(),
        "flags": conn.execute(
            "SELECT * FROM card_flags WHERE deck_id = ? AND card_id = ?", key
        ).fetchall(),
    }


# -- daily limits -------------------------------------------------------------------


def test_a_review_adds_the_days_new_cards_up_to_the_limit(service, clock):
    """New cards per day 2: the first review brings cards 1 and 2; answered, none more
    today; the next local day brings the next two."""
    use(service, new_per_day=2)
    review = service.start_review("demo")
    assert ids(review) == ["1", "2"]
    for _ in range(2):
        answer(service, review, "alpha beta", clock)
    service.finish(review)
    summary = service.menu_summary("demo")
    assert (summary.new, summary.new_waiting) == (0, 4)
    assert service.start_review("demo").total == 0  # both in a 10-minute step, none new
    clock.now = datetime(2025, 1, 6, 22, 0, tzinfo=UTC)  # local midnight: a new day
    assert ids(service.start_review("demo")) == ["1", "2", "3", "4"]  # due, then new


def test_new_cards_first_answered_in_a_quiz_count_against_the_limit(service, clock):
    use(service, new_per_day=3)
    quiz(service, clock, ["5", "6"])
    assert service.menu_summary("demo").new == 1
    assert ids(service.start_review("demo"))[-1:] == ["1"]


def test_a_limit_of_zero_introduces_no_new_card(service, clock):
    """0 new cards a day is allowed: the review has none, and the menu says how many wait."""
    use(service, new_per_day=0)
    summary = service.menu_summary("demo")
    assert (summary.new, summary.new_waiting, summary.due_now) == (0, 6, 0)
    assert service.start_review("demo").total == 0


def test_the_review_limit_counts_graduated_cards_only(service, clock):
    """Reviews per day 1: of three graduated cards due, the most overdue one is asked and
    two wait; a card in its learning steps is asked all the same."""
    use(service, new_per_day=0, reviews_per_day=1)
    graduate(service, clock, ["1", "2", "3"])
    quiz(service, clock, ["4"])  # 4 is in its first learning step
    clock.tick(40 * 86400)  # everything due
    summary = service.menu_summary("demo")
    assert (summary.due_now, summary.reviews_waiting) == (2, 2)
    assert sorted(ids(service.start_review("demo"))) == ["1", "4"]
    use(service, new_per_day=0, reviews_per_day=3)
    assert sorted(ids(service.start_review("demo"))) == ["1", "2", "3", "4"]


def test_reviews_answered_today_use_up_the_limit(service, clock):
    use(service, new_per_day=0, reviews_per_day=2)
    graduate(service, clock, ["1", "2", "3"])
    clock.tick(40 * 86400)
    quiz(service, clock, ["1"])  # one review done today, in a quiz
    assert ids(service.start_review("demo")) == ["2"]


@pytest.mark.parametrize(
    ("name", "text", "value", "message"),
    [
        ("new_per_day", "0", 0, None),
        ("new_per_day", "9,999", 9999, None),
        ("new_per_day", "100000", None, "between 0 and 9,999"),
        ("reviews_per_day", "100,000", None, "100,000 is more than"),
        ("reviews_per_day", "-1", None, "cannot be negative"),
        ("reviews_per_day", "ten", None, "not a whole number"),
        ("desired_retention", "0.85", 0.85, None),
        ("desired_retention", "90", 0.9, None),  # a percentage
        ("desired_retention", "0.5", None, "between 0.70 and 0.97"),
        ("desired_retention", "0.99", None, "between 0.70 and 0.97"),
        # Read as a percentage, the message names what was typed, not 0.015 or 0.99.
        ("desired_retention", "1.5", None, "1.5% is outside it"),
        ("desired_retention", "99", None, "99% is outside it"),
        ("desired_retention", "", None, "Type a number"),
        ("leech_threshold", "0", None, "between 1 and 99"),
    ],
)
def test_settings_typed_in_are_checked_with_the_reason(name, text, value, message):
    got, why = parse_number(name, text)
    assert got == value
    assert (why is None) if message is None else (message in why)


def test_deck_settings_survive_the_settings_file_and_bad_values_fall_back(tmp_path):
    path = tmp_path / "settings.json"
    wanted = Settings().with_deck("demo", DeckSettings(0.85, 5, 50, False, 4, False))
    save_settings(wanted, path)
    assert load_settings(path)[0].deck("demo") == wanted.deck("demo")
    path.write_text(
        '{"decks": {"demo": {"desired_retention": 1.5, "new_per_day": 7,'
        ' "reviews_per_day": 100000}, "x": 3}}'
    )
    loaded = load_settings(path)[0]
    assert loaded.deck("demo") == DeckSettings(new_per_day=7)
    assert loaded.deck("x") == DeckSettings() == loaded.deck("never-set")
    assert problem("desired_retention", 0.9) is None


# -- suspend and bury ----------------------------------------------------------------


def test_suspended_cards_are_left_out_of_quizzes_reviews_and_challenges(service, clock):
    use(service, new_per_day=20)
    service.suspend("demo", ["2", "3"])
    assert ids(service.start_quiz("demo", shuffle=False)) == ["1", "4", "5", "6"]
    assert ids(service.start_review("demo")) == ["1", "4", "5", "6"]
    challenge = service.start_challenge("demo", 60)
    assert {card.id for card in challenge.session.cards} == {"1", "4", "5", "6"}
    assert service.menu_summary("demo").suspended == 2
    service.suspend("demo", ["2"], False)
    assert ids(service.start_quiz("demo", shuffle=False)) == ["1", "2", "4", "5", "6"]


def test_a_buried_card_comes_back_at_the_next_local_midnight(service, clock):
    """Buried at 23:30 local time (UTC+2): held at 23:59, back at 00:00."""
    clock.now = datetime(2025, 1, 6, 21, 30, tzinfo=UTC)  # 23:30 local
    until = service.bury("demo", ["1"])
    assert until == datetime(2025, 1, 6, 22, 0, tzinfo=UTC)  # local midnight
    assert "1" not in ids(service.start_quiz("demo", shuffle=False))
    assert service.menu_summary("demo").buried == 1
    clock.now = datetime(2025, 1, 6, 21, 59, 59, tzinfo=UTC)
    assert "1" not in ids(service.start_quiz("demo", shuffle=False))
    clock.now = datetime(2025, 1, 6, 22, 0, tzinfo=UTC)
    assert "1" in ids(service.start_quiz("demo", shuffle=False))
    assert service.menu_summary("demo").buried == 0


def test_flags_take_a_colour_and_refuse_others(service):
    service.flag("demo", ["1", "2"], "red")
    service.flag("demo", ["2"], None)
    flags = service.store.card_flags("demo")
    assert flags["1"].flag == "red" and flags["2"].flag is None
    with pytest.raises(ValueError, match="unknown flag colour"):
        service.flag("demo", ["1"], "purple")


# -- leeches --------------------------------------------------------------------------


def lapse(service, clock, card_id):
    """The card (in review) is forgotten (a lapse), then relearnt back into review."""
    clock.tick(40 * 86400)
    deck = service.deck("demo")
    session = service.start_session("demo", [deck.card(card_id)], "quiz")
    answered = answer(service, session, "nothing", clock)
    service.finish(session)
    clock.tick(11 * 60)
    quiz(service, clock, [card_id])
    return answered


def test_a_card_that_lapses_n_times_becomes_a_leech_and_is_suspended(service, clock):
    use(service, leech_threshold=3)
    graduate(service, clock, ["1"])
    first = lapse(service, clock, "1")
    second = lapse(service, clock, "1")
    assert first.leech is None and second.leech is None
    assert service.store.card_state("demo", "1").lapses == 2
    third = lapse(service, clock, "1")
    assert third.leech is not None and (third.leech.lapses, third.leech.suspended) == (3, True)
    assert service.leeches("demo") == [("demo", "1", 3, True)]
    assert "1" not in ids(service.start_quiz("demo", shuffle=False))
    assert "is:leech" in service.browse_cards("demo")[0].text


def test_a_leech_is_only_tagged_when_the_player_chose_so(service, clock):
    use(service, leech_threshold=1, leech_suspend=False)
    graduate(service, clock, ["1"])
    answered = lapse(service, clock, "1")
    assert answered.leech is not None and not answered.leech.suspended
    assert service.leeches("demo") == [("demo", "1", 1, False)]
    assert "1" in ids(service.start_quiz("demo", shuffle=False))
    assert lapse(service, clock, "1").leech is None  # a leech once, not at every lapse


def test_lapses_count_agains_in_review_only(service, clock):
    """Again on a new or learning card is no lapse; only a graduated card forgotten is."""
    quiz(service, clock, ["1"], text="nothing")
    quiz(service, clock, ["1"], text="nothing")
    assert service.store.card_state("demo", "1").lapses == 0


# -- undo ------------------------------------------------------------------------------


def test_undo_puts_the_schedule_back_byte_for_byte(service, clock):
    """Every row about the card, after the undo, is what it was before the answer."""
    graduate(service, clock, ["1"])
    clock.tick(3 * 86400)
    deck = service.deck("demo")
    session = service.start_session("demo", [deck.card("1"), deck.card("2")], "quiz")
    before = card_rows(service, "1")
    answered = answer(service, session, "alpha", clock)  # partial: Hard, a new state
    assert card_rows(service, "1") != before
    undone = service.undo(session)
    assert card_rows(service, "1") == before
    assert undone.attempt == answered.attempt and undone.card.id == "1"
    assert session.current.id == "1" and not session.answered and session.attempts == []


def test_undo_replays_with_the_retention_each_answer_was_given_with(service, clock):
    """The retention changed between two answers: undoing the second gives back the
    state the first set, which was scheduled with the older retention."""
    use(service, desired_retention=0.8)
    graduate(service, clock, ["1"])
    clock.tick(5 * 86400)
    quiz(service, clock, ["1"])
    before = card_rows(service, "1")
    use(service, desired_retention=0.95)
    clock.tick(86400)
    session = service.start_session("demo", [service.deck("demo").card("1")], "quiz")
    answer(service, session, "alpha beta", clock)
    service.undo(session)
    assert card_rows(service, "1") == before


def test_undo_right_after_moving_on_reopens_the_card_with_its_hints(service, clock):
    session = service.start_quiz("demo", count=3, shuffle=False)
    clock.tick(5)
    service.hint(session)
    answer(service, session, "alpha", clock, seconds=20)
    service.advance(session)  # the next card is on screen
    undone = service.undo(session)
    assert session.current.id == "1" and session.hints_used == 1
    assert [hint.level for hint in undone.hints] == [1]
    assert undone.attempt.answer == "alpha"
    clock.tick(10)
    again = service.submit(session, "alpha beta").attempt
    assert again.seq == 0 and again.hints_used == 1
    assert again.elapsed == pytest.approx(35.0)  # the time before the undo goes on


def test_undo_with_nothing_to_undo_or_after_the_end_says_why(service, clock):
    session = service.start_quiz("demo", count=2, shuffle=False)
    with pytest.raises(UndoError, match="no card has been answered"):
        service.undo(session)
    answer(service, session, "alpha", clock)
    service.finish(session)
    with pytest.raises(UndoError, match="session has ended"):
        service.undo(session)
    assert len(service.store.attempts("demo")) == 1


def test_undo_takes_a_leech_back_too(service, clock):
    use(service, leech_threshold=1)
    graduate(service, clock, ["1"])
    clock.tick(40 * 86400)
    session = service.start_session("demo", [service.deck("demo").card("1")], "quiz")
    before = card_rows(service, "1")
    assert answer(service, session, "nothing", clock).leech is not None
    service.undo(session)
    assert card_rows(service, "1")["state"] == before["state"]
    assert service.leeches("demo") == [] and service.held_cards("demo") == set()


def test_undo_after_the_database_refused_updates_the_unsaved_copy(service, clock, monkeypatch):
    session = service.start_quiz("demo", count=3, shuffle=False)
    answer(service, session, "alpha beta", clock)

    def refuse(attempt):
        raise StorageError("disk full")

    monkeypatch.setattr(service.store, "record_attempt", refuse)
    answered = answer(service, session, "alpha", clock)
    assert not answered.saved.ok and service.unsaved_file is not None
    copy = service.unsaved_file
    undone = service.undo(session)
    assert undone.unsaved and service.unsaved == [] and not copy.exists()
    assert len(service.store.attempts("demo")) == 1  # the stored answer stays


def test_undo_refused_by_the_database_leaves_everything_as_it_was(service, clock, monkeypatch):
    session = service.start_quiz("demo", count=2, shuffle=False)
    answer(service, session, "alpha beta", clock)

    def refuse(session_id, seq):
        raise StorageError("database is locked")

    monkeypatch.setattr(service.store, "undo_attempt", refuse)
    with pytest.raises(UndoError, match="database refused .*stays saved"):
        service.undo(session)
    assert session.answered and len(session.attempts) == 1


def test_no_undo_in_a_timed_challenge(service, clock):
    challenge = service.start_challenge("demo", 60)
    service.challenge_submit(challenge, "alpha beta")
    with pytest.raises(UndoError, match="timed challenge"):
        service.undo(challenge.session)


# -- the timed challenge and scheduling -------------------------------------------------


def test_a_challenge_can_leave_the_schedule_alone(service, clock):
    """With challenge_schedules off, its answers are stored but FSRS does not see them,
    also when the card is replayed later (an override)."""
    use(service, challenge_schedules=False)
    challenge = service.start_challenge("demo", 60)
    card_id = challenge.session.current.id
    answered = service.challenge_submit(challenge, "alpha beta")
    assert answered.attempt.scheduled is False
    assert service.store.card_state("demo", card_id) is None
    assert len(service.store.attempts("demo", card_id)) == 1
    service.override(challenge.session, answered.attempt, "incorrect")
    assert service.store.card_state("demo", card_id) is None


# -- reset ------------------------------------------------------------------------------


def test_a_reset_card_is_new_again_and_keeps_its_history(service, clock):
    graduate(service, clock, ["1"])
    clock.tick(60)
    service.reset_schedule("demo", ["1"])
    assert service.store.card_state("demo", "1") is None
    assert len(service.store.attempts("demo", "1")) == 2
    quiz(service, clock, ["1"])
    state = service.store.card_state("demo", "1")
    assert state.reviews == 1 and state.state == 1  # scheduled from new


# -- the due forecast ------------------------------------------------------------------


def set_due(service, card_id: str, due: datetime) -> None:
    """As the store writes times: UTC ISO text with microseconds (`clock.iso`), which
    sorts as time (the menu's counts compare the text)."""
    with service.store._conn:
        service.store._conn.execute(
            "UPDATE card_states SET due = ? WHERE card_id = ?", (iso(due), card_id)
        )


def test_the_forecast_counts_cards_per_local_day(service, clock):
    """Overdue cards count today; a card due at local midnight tomorrow; suspended none."""
    quiz(service, clock, ["1", "2", "3", "4", "5"])
    midnight = datetime(2025, 1, 6, 22, 0, tzinfo=UTC)  # 00:00 local, 7 January
    set_due(service, "1", T0 - timedelta(days=3))  # overdue
    set_due(service, "2", midnight - timedelta(microseconds=1))  # today, at 23:59:59
    set_due(service, "3", midnight)  # tomorrow
    set_due(service, "4", midnight + timedelta(days=29, hours=1))  # day 30: past the chart
    set_due(service, "5", midnight + timedelta(days=5))
    forecast = service.due_forecast("demo")
    assert len(forecast) == 30
    assert (forecast[0], forecast[1], forecast[6], sum(forecast)) == (2, 1, 1, 4)
    assert service.menu_summary("demo").due_tomorrow == 1
    service.suspend("demo", ["1"])
    assert service.due_forecast("demo")[0] == 1


def test_the_attempts_table_keeps_what_each_answer_was_scheduled_with(service, clock):
    use(service, desired_retention=0.8)
    quiz(service, clock, ["1"])
    (row,) = service.store._read("SELECT scheduled, retention FROM attempts")
    assert tuple(row) == (1, 0.8)
    assert isinstance(service.store._conn, sqlite3.Connection)


# -- the schema 5 migration ---------------------------------------------------------------


def test_a_schema_4_database_gets_its_lapses_from_the_review_log(service, clock, tmp_path):
    """Upgrading from schema 4 (issue 13's wordings, the version before the learner's
    controls) keeps every state and counts each card's lapses from its log, without a
    replay; the answer totals per card are built from the answers."""
    from mlquiz.core.store.database import Store

    graduate(service, clock, ["1", "2"])
    lapse(service, clock, "1")
    wanted = {key: card_rows(service, "1")[key] for key in ("state", "log", "answers")}
    assert service.store.card_state("demo", "1").lapses == 1
    path = service.database_path
    service.close()
    with sqlite3.connect(path) as conn:  # back to schema 4's shape (and no schema 6)
        for table in ("deck_versions", "deck_cards", "deck_card_tags"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP TRIGGER card_states_stray")
        conn.execute("DROP INDEX card_states_by_due_state")
        conn.execute("DROP TABLE card_flags")
        conn.execute("DROP TABLE card_answers")
        conn.execute("DROP TABLE fsrs_parameters")
        conn.execute("ALTER TABLE card_states DROP COLUMN lapses")
        conn.execute("ALTER TABLE attempts DROP COLUMN scheduled")
        conn.execute("ALTER TABLE attempts DROP COLUMN retention")
        conn.execute("PRAGMA user_version = 4")
    conn.close()
    with Store(path, clock=clock) as store:
        assert store.card_state("demo", "1").lapses == 1
        assert store.card_state("demo", "2").lapses == 0
        conn = store._conn
        key = ("demo", "1")
        state = conn.execute("SELECT * FROM card_states WHERE deck_id = ? AND card_id = ?", key)
        answers = conn.execute("SELECT * FROM card_answers WHERE deck_id = ? AND card_id = ?", key)
        assert state.fetchall() == wanted["state"]
        assert answers.fetchall() == wanted["answers"]


# -- fitted FSRS parameters (mlquiz optimize) ----------------------------------------------


class FakeOptimizer:
    """Stands in for py-fsrs' Optimizer (which needs PyTorch): keeps the logs it was
    given and returns FSRS's defaults with the first initial stability doubled."""

    seen: list = []

    def __init__(self, logs) -> None:
        FakeOptimizer.seen = list(logs)

    def compute_optimal_parameters(self) -> list[float]:
        from fsrs.scheduler import DEFAULT_PARAMETERS

        return [DEFAULT_PARAMETERS[0] * 2, *DEFAULT_PARAMETERS[1:]]


def test_fitted_parameters_reschedule_the_deck_and_reset_puts_it_back(service, clock):
    quiz(service, clock, ["1", "2"], text="nothing")  # Again: FSRS's first parameter
    before = {card: card_rows(service, card) for card in ("1", "2")}
    fitted, cards = service.optimize("demo", FakeOptimizer)
    assert cards == 2 and fitted.reviews == 2
    assert [(log.card_id, int(log.rating)) for log in FakeOptimizer.seen] == [(1, 1), (2, 1)]
    assert FakeOptimizer.seen[0].review_duration == 60_000  # seconds taken, in ms
    after = service.store.card_state("demo", "1")
    assert after.stability == pytest.approx(2 * before["1"]["state"][0][4])
    assert "fitted to 2 of your answers" in service.parameters_note("demo")
    quiz(service, clock, ["3"], text="nothing")  # new answers use the fitted ones too
    assert service.store.card_state("demo", "3").stability == pytest.approx(after.stability)
    service.reset_parameters("demo")
    assert {card: card_rows(service, card)["state"] for card in ("1", "2")} == {
        card: rows["state"] for card, rows in before.items()
    }
    assert "the defaults" in service.parameters_note("demo")


def test_too_few_answers_keep_the_defaults_and_say_so(service, clock):
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from mlquiz.core.optimize import NotEnoughReviews

    class Unfitted(FakeOptimizer):
        def compute_optimal_parameters(self) -> list[float]:
            return list(DEFAULT_PARAMETERS)

    quiz(service, clock, ["1"])
    with pytest.raises(NotEnoughReviews, match="too few to fit on"):
        service.optimize("demo", Unfitted)
    assert service.store.parameters("demo") is None


def test_optimize_without_pytorch_says_how_to_install_it(capsys, monkeypatch):
    """This machine has no PyTorch (hundreds of MB): the command says what to install."""
    import importlib.util

    from mlquiz import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a)
    )
    code = cli.main(["optimize", "--deck", "databricks-mlflow"])
    assert code == 1
    assert "pip install 'mlquiz[optimizer]'" in capsys.readouterr().err
