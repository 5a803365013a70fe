"""The hint penalty and the effective score: one rule, set once in core/verdicts.py.

The session's score, an override's worth, the store's SQL totals and the
scheduler's rating of a replayed override all read `verdicts.HINT_PENALTY` at
the moment they compute, so changing it in one place changes it everywhere
(checked by changing it and looking at each of them).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlquiz.core import scheduling, verdicts
from mlquiz.core.cards import Deck
from mlquiz.core.clock import FixedClock
from mlquiz.core.grading import grader, judge
from mlquiz.core.session import Attempt, Session, effective_score, effective_verdict
from mlquiz.core.store.database import Store
from tests.support.factories import ConstantGrader, make_deck

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
PENALTY = 0.5  # not 0.85, so a copy of the old number anywhere would show


def deck() -> Deck:
    return make_deck("d", n=1, labels=("a", "b"), question="Q?", answer="a b", hint="a...")


@pytest.fixture
def penalty(monkeypatch) -> float:
    monkeypatch.setattr(verdicts, "HINT_PENALTY", PENALTY)
    return PENALTY


def hinted_attempt() -> Attempt:
    """A partial answer (0.8) after one hint, as the session records it."""
    quiz = Session(
        deck(),
        deck().cards,
        ConstantGrader("partial", 0.8),
        mode="quiz",
        session_id="s",
        started_at=T0,
    )
    quiz.hint(T0)
    return quiz.submit("a", T0)


def test_the_grader_module_has_no_penalty_of_its_own():
    """The unused copy in the grader is gone: core/verdicts.py's is the only one."""
    assert not hasattr(grader, "HINT_PENALTY") and not hasattr(judge, "HINT_PENALTY")


def test_the_rule(penalty):
    """Grader's score as given without an override; the verdict's worth after hints with one."""
    assert effective_score(0.8, None, 2) == 0.8
    assert effective_score(0.0, "correct", 2) == pytest.approx(penalty**2)
    assert effective_score(1.0, "partial", 0) == 0.5
    assert effective_score(1.0, "nonsense", 0) == 0.0  # a hand-edited database: worth nothing
    assert effective_verdict("incorrect", "correct") == "correct"
    assert effective_verdict("partial", None) == "partial"


def test_the_session_and_the_attempt_use_the_one_penalty(penalty):
    attempt = hinted_attempt()
    assert attempt.score == pytest.approx(0.8 * penalty)
    overridden = replace(attempt, override="correct")
    assert overridden.effective_score == pytest.approx(penalty)


def test_the_scheduler_rates_an_override_with_the_one_penalty(penalty, monkeypatch):
    seen = []
    monkeypatch.setattr(scheduling, "rate", lambda *args: seen.append(args) or 1)
    attempt = replace(hinted_attempt(), override="partial", elapsed=9.0)
    scheduling.rate_attempt(attempt)
    assert seen[-1][:2] == ("partial", pytest.approx(0.5 * penalty))


def test_the_store_totals_and_replays_use_the_one_penalty(penalty, tmp_path: Path, monkeypatch):
    store = Store(tmp_path / "db.sqlite3", clock=FixedClock(T0))
    try:
        attempt = hinted_attempt()
        store.record_attempt(attempt)
        assert store.last_session("d").score == pytest.approx(0.8 * penalty)
        seen = []
        original = scheduling.rate

        def spy(verdict, score, *rest):
            seen.append((verdict, score))
            return original(verdict, score, *rest)

        monkeypatch.setattr(scheduling, "rate", spy)
        store.set_override("s", attempt.seq, "correct")  # replays the card's log
        assert seen and seen[-1] == ("correct", pytest.approx(penalty))
        assert store.last_session("d").score == pytest.approx(penalty)
    finally:
        store.close()
