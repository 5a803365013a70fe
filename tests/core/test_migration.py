"""Schema v2 (FSRS state and review log) on a database written by schema 1.

`tests/data/db/v1.sqlite3` was written by mlquiz's schema-1 code
(`tests/data/db/make_v1.py`): 11 answers, two decks, an override and a skip.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlquiz.core import scheduling
from mlquiz.core.clock import FixedClock
from mlquiz.core.errors import StorageError
from mlquiz.core.store.database import Store

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "db" / "v1.sqlite3"
NOW = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)
V1_COLUMNS = (
    "session_id, seq, deck_id, card_id, answer, verdict, score, found, missed, contradicted,"
    " confusion, hints_used, skipped, override, answered_at, elapsed, mode, timed"
)


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data" / "mlquiz.sqlite3"
    target.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURE, target)
    return target


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_fixture_is_schema_1():
    """The fixture really is a version-1 database with several attempts."""
    assert _rows(FIXTURE, "PRAGMA user_version") == [(1,)]
    assert _rows(FIXTURE, "SELECT count(*) FROM attempts") == [(11,)]


def test_every_attempt_and_session_survives(v1_copy):
    """After the upgrade every v1 row is there, column for column."""
    before_attempts = _rows(v1_copy, f"SELECT {V1_COLUMNS} FROM attempts ORDER BY id")
    before_sessions = _rows(v1_copy, "SELECT * FROM sessions ORDER BY id")
    with Store(v1_copy, clock=FixedClock(NOW)) as store:
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] >= 2
        assert len(store.attempts("tiny")) + len(store.attempts("other")) == 11
    assert _rows(v1_copy, f"SELECT {V1_COLUMNS} FROM attempts ORDER BY id") == before_attempts
    assert _rows(v1_copy, "SELECT * FROM sessions ORDER BY id") == before_sessions


def test_backup_is_written_first_and_is_the_v1_file(v1_copy):
    """The backup copy (backup API) holds the untouched v1 database."""
    with Store(v1_copy, clock=FixedClock(NOW)) as store:
        backup = store.backup_path
    assert backup == v1_copy.with_name("mlquiz.sqlite3.backup-v1-20250110-120000")
    assert _rows(backup, "PRAGMA user_version") == [(1,)]
    assert _rows(backup, "SELECT count(*) FROM attempts") == [(11,)]
    names = {r[0] for r in _rows(backup, "SELECT name FROM sqlite_master")}
    assert "card_states" not in names


def test_backfill_replays_the_history(v1_copy):
    """Every old attempt gets a review-log line and every answered card a state."""
    with Store(v1_copy, clock=FixedClock(NOW)):
        pass
    assert _rows(v1_copy, "SELECT count(*) FROM review_log") == [(11,)]
    cards = _rows(v1_copy, "SELECT deck_id, card_id, reviews FROM card_states ORDER BY 1, 2")
    assert cards == [
        ("other", "a", 1),
        ("other", "b", 2),
        ("tiny", "1", 4),
        ("tiny", "2", 3),
        ("tiny", "3", 1),
    ]


def test_backfill_rates_by_effective_verdict(v1_copy):
    """The overridden answers are rated by the learner's verdict, not the grader's."""
    with Store(v1_copy, clock=FixedClock(NOW)):
        pass
    ratings = dict(
        _rows(
            v1_copy,
            "SELECT a.session_id || '/' || a.seq, r.rating FROM review_log AS r"
            " JOIN attempts AS a ON a.id = r.attempt_id",
        )
    )
    # s2/0: partial overridden to correct, 11 s for a 12-character answer: Good.
    assert ratings["s2/0"] == scheduling.Rating.GOOD
    # s3/2: incorrect overridden to partial after 2 hints (0.5 * 0.85^2 < 0.5): Again.
    assert ratings["s3/2"] == scheduling.Rating.AGAIN
    # s2/1: a skip.
    assert ratings["s2/1"] == scheduling.Rating.AGAIN


def test_review_log_states_chain_and_load_in_fsrs(v1_copy):
    """Each log line's state_before is the previous line's state_after; fsrs reads them."""
    from fsrs import Card

    with Store(v1_copy, clock=FixedClock(NOW)):
        pass
    rows = _rows(
        v1_copy,
        "SELECT state_before, state_after FROM review_log"
        " WHERE deck_id = 'tiny' AND card_id = '1' ORDER BY reviewed_at",
    )
    assert rows[0][0] is None
    for previous, current in zip(rows, rows[1:], strict=False):
        assert json.loads(current[0]) == json.loads(previous[1])
    card = Card.from_dict(json.loads(rows[-1][1]))
    assert card.stability > 0


def test_a_failed_backfill_leaves_the_v1_file_as_it_was(v1_copy, monkeypatch):
    """The migration is one transaction: if the backfill fails, nothing changes."""
    before = _rows(v1_copy, f"SELECT {V1_COLUMNS} FROM attempts ORDER BY id")

    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure in the middle of the backfill")

    monkeypatch.setattr(scheduling, "review", broken)
    with pytest.raises(StorageError, match="nothing was changed"):
        Store(v1_copy, clock=FixedClock(NOW))
    assert _rows(v1_copy, "PRAGMA user_version") == [(1,)]
    assert _rows(v1_copy, f"SELECT {V1_COLUMNS} FROM attempts ORDER BY id") == before
    names = {r[0] for r in _rows(v1_copy, "SELECT name FROM sqlite_master")}
    assert "card_states" not in names
