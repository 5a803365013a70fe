"""The SQLite store: commits, the missed list, stats, versions, corruption."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mlquiz.core.cards import Deck
from mlquiz.core.clock import FixedClock
from mlquiz.core.errors import StorageError
from mlquiz.core.modes import missed_cards
from mlquiz.core.session import Attempt
from mlquiz.core.store import schema as storage
from mlquiz.core.store.database import Store
from tests.support.factories import make_deck as make_test_deck


def make_deck(ids=("1", "2", "3", "4")) -> Deck:
    return make_test_deck(ids=ids, labels=("p",), question="Q{i}", answer="A{i}")


T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def integrity(path) -> str:
    """The first line of `PRAGMA integrity_check` on the file ("ok" when healthy)."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def attempt(
    card_id: str,
    verdict: str = "correct",
    *,
    minute: int = 0,
    session: str = "s1",
    seq: int | None = None,
    override: str | None = None,
    mode: str = "quiz",
    deck: str = "demo",
    missed: tuple[str, ...] = (),
    answer: str = "an answer",
) -> Attempt:
    return Attempt(
        session_id=session,
        deck_id=deck,
        card_id=card_id,
        seq=minute if seq is None else seq,
        answer=answer,
        verdict=verdict,
        score={"correct": 1.0, "partial": 0.5, "incorrect": 0.0}[verdict],
        found=(),
        missed=missed,
        contradicted=(),
        confusion=None,
        hints_used=0,
        skipped=False,
        answered_at=T0 + timedelta(minutes=minute),
        elapsed=3.0,
        mode=mode,
        override=override,
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "mlquiz.sqlite3"


@pytest.fixture
def store(db_path: Path):
    with Store(db_path, clock=FixedClock(T0)) as opened:
        yield opened


# -- opening and durability ------------------------------------------------------


def test_creates_the_file_and_its_folder(db_path):
    """Opening a store creates the database and missing parent folders at the current schema."""
    with Store(db_path):
        pass
    assert db_path.exists()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == storage.schema_version()


def test_uses_wal_and_a_busy_timeout(store):
    """The connection runs in WAL mode with a 5 s busy timeout."""
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_each_attempt_is_committed_at_once(store, db_path):
    """A second connection sees an attempt as soon as record_attempt returns."""
    store.record_attempt(attempt("1", "partial"))
    with sqlite3.connect(db_path) as other:
        rows = other.execute("SELECT card_id, verdict FROM attempts").fetchall()
    assert rows == [("1", "partial")]


def test_override_is_committed_at_once(store, db_path):
    """set_override is visible to another connection at once, beside the grader's verdict."""
    store.record_attempt(attempt("1", "incorrect"))
    store.set_override("s1", 0, "correct")
    with sqlite3.connect(db_path) as other:
        row = other.execute("SELECT verdict, override FROM attempts").fetchone()
    assert row == ("incorrect", "correct")


def test_override_of_an_unknown_attempt_is_an_error(store):
    """Overriding an attempt that was never stored raises StorageError."""
    with pytest.raises(StorageError):
        store.set_override("nope", 0, "correct")


def test_recording_twice_does_not_duplicate(store):
    """Recording the same (session, seq) again replaces the row (safe retry)."""
    store.record_attempt(attempt("1", "incorrect"))
    store.record_attempt(attempt("1", "incorrect", override="correct"))
    rows = store.attempts("demo")
    assert len(rows) == 1 and rows[0]["effective_verdict"] == "correct"


def test_attempt_fields_round_trip(store):
    """Every Attempt field comes back from the store as it went in."""
    a = attempt("1", "partial", missed=("alpha", "beta"), answer="ünïcode ✓")
    store.record_attempt(a)
    row = store.attempts("demo")[0]
    for name in (
        "session_id",
        "deck_id",
        "card_id",
        "seq",
        "answer",
        "verdict",
        "score",
        "found",
        "missed",
        "contradicted",
        "confusion",
        "hints_used",
        "skipped",
        "override",
        "elapsed",
        "mode",
        "timed",
    ):
        assert row[name] == getattr(a, name), name
    assert datetime.fromisoformat(row["answered_at"]) == a.answered_at


def test_two_stores_writing_at_once_lose_nothing(db_path):
    """Two connections writing in parallel store every attempt without 'database is locked'."""
    Store(db_path).close()
    errors = []

    def writer(name: str) -> None:
        try:
            with Store(db_path) as s:
                for i in range(150):
                    s.record_attempt(attempt("1", session=name, seq=i, minute=i))
        except Exception as error:  # pragma: no cover - the assertion reports it
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(db_path) as s:
        assert len(s.attempts("demo")) == 300


# -- the missed list -------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        # card -> verdicts in time order (override written "verdict>override")
        ({"1": ["correct"]}, []),
        ({"1": ["incorrect"]}, ["1"]),
        ({"1": ["partial"]}, ["1"]),
        ({"1": ["correct>incorrect"]}, ["1"]),
        ({"1": ["incorrect>correct"]}, []),
        ({"1": ["incorrect", "correct"]}, []),
        ({"1": ["correct", "partial"]}, ["1"]),
        ({"1": ["incorrect", "correct", "incorrect"]}, ["1"]),
    ],
)
def test_missed_means_the_last_effective_verdict_is_not_correct(store, history, expected):
    """A card is missed when its latest answer (override winning) is incorrect or partial."""
    minute = 0
    for card, verdicts in history.items():
        for v in verdicts:
            verdict, _, override = v.partition(">")
            store.record_attempt(attempt(card, verdict, minute=minute, override=override or None))
            minute += 1
    assert [m.card_id for m in store.missed("demo")] == expected


def test_missed_order_most_missed_then_most_recent(store):
    """Most misses first; equal misses: the most recently answered first."""
    plan = [
        ("1", "incorrect"),  # 1 miss, oldest
        ("2", "incorrect"),
        ("2", "partial"),  # 2 misses
        ("3", "incorrect"),  # 1 miss, newest
        ("4", "incorrect"),
        ("4", "correct"),  # cleared
    ]
    for minute, (card, verdict) in enumerate(plan):
        store.record_attempt(attempt(card, verdict, minute=minute))
    missed = store.missed("demo")
    assert [(m.card_id, m.misses) for m in missed] == [("2", 2), ("3", 1), ("1", 1)]


@pytest.mark.parametrize("mode", ["review", "quiz"])
def test_a_later_correct_answer_clears_a_missed_card(store, mode):
    """A correct answer in review or in a normal quiz takes the card off the missed list."""
    store.record_attempt(attempt("1", "incorrect", minute=0))
    assert [m.card_id for m in store.missed("demo")] == ["1"]
    store.record_attempt(attempt("1", "correct", minute=5, session="s2", mode=mode))
    assert store.missed("demo") == []


def test_missed_carries_last_answer_and_points_missed_most(store):
    """Each missed card has its last answer and its key points, most often missed first."""
    store.record_attempt(attempt("1", "incorrect", minute=0, missed=("a", "b"), answer="first"))
    store.record_attempt(attempt("1", "partial", minute=1, missed=("b",), answer="second"))
    (m,) = store.missed("demo")
    assert m.last_answer == "second" and m.last_verdict == "partial"
    assert m.missed_points == (("b", 2), ("a", 1))
    assert m.attempts == 2


def test_missed_cards_follows_the_store_and_drops_removed_cards(store):
    """Review picks the store's missed order and skips cards no longer in the deck."""
    store.record_attempt(attempt("9", "incorrect", minute=0))
    store.record_attempt(attempt("3", "incorrect", minute=1))
    store.record_attempt(attempt("1", "incorrect", minute=2))
    assert [c.id for c in missed_cards(store, make_deck())] == ["1", "3"]
    assert [c.id for c in missed_cards(store, make_deck(), count=1)] == ["1"]


def test_missed_is_per_deck(store):
    """A miss in another deck does not appear in this deck's list."""
    store.record_attempt(attempt("1", "incorrect", deck="other"))
    assert store.missed("demo") == []


# -- sessions and stats ----------------------------------------------------------


def test_last_session_summary(store):
    """last_session is the newest session with answers, with effective counts and score."""
    store.start_session("old", "demo", "quiz", T0)
    store.record_attempt(attempt("1", "correct", session="old", minute=0))
    store.start_session("new", "demo", "review", T0 + timedelta(hours=1))
    store.record_attempt(attempt("1", "incorrect", session="new", seq=0, minute=61))
    store.record_attempt(attempt("2", "partial", session="new", seq=1, minute=62))
    store.set_override("new", 0, "correct")
    store.start_session("empty", "demo", "quiz", T0 + timedelta(hours=2))
    store.end_session("new", T0 + timedelta(hours=1, minutes=5))
    last = store.last_session("demo")
    assert last.id == "new" and last.mode == "review"
    assert (last.attempts, last.correct, last.partial, last.incorrect) == (2, 1, 1, 0)
    assert last.score == pytest.approx(1.5) and last.percent == pytest.approx(0.75)
    assert last.ended_at is not None


def test_stats_json_shape(store):
    """stats() has decks -> id -> the documented keys, counting effective verdicts."""
    store.start_session("s1", "demo", "quiz", T0)
    store.record_attempt(attempt("1", "correct", seq=0))
    store.record_attempt(attempt("2", "incorrect", seq=1, minute=1))
    store.record_attempt(attempt("3", "incorrect", seq=2, minute=2, override="correct"))
    store.record_attempt(attempt("4", "partial", seq=3, minute=3))
    stats = store.stats()
    assert stats["schema"] == storage.schema_version()
    deck = stats["decks"]["demo"]
    assert {"attempts", "sessions", "correct", "partial", "incorrect", "missed"} <= deck.keys()
    assert {"accuracy", "last_session", "skipped", "overridden"} <= deck.keys()
    assert (deck["attempts"], deck["sessions"]) == (4, 1)
    assert (deck["correct"], deck["partial"], deck["incorrect"]) == (2, 1, 1)
    assert deck["accuracy"] == 0.5
    assert sorted(deck["missed"]) == ["2", "4"]
    assert deck["last_session"]["id"] == "s1"


# -- versions and migrations -----------------------------------------------------


def test_a_newer_database_is_refused_without_a_write(db_path):
    """A database from a newer mlquiz raises StorageError and stays byte-identical."""
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute("INSERT INTO future VALUES (1)")
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="newer version"):
        Store(db_path)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["mlquiz.sqlite3"]


def make_v1_database(path: Path) -> None:
    """A database as version 1 wrote it, made by hand (not through Store)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    storage._v1_initial(conn)
    conn.execute(
        "INSERT INTO sessions (id, deck_id, mode, started_at) VALUES ('s', 'd', 'quiz', 't')"
    )
    for i in range(3):
        conn.execute(
            "INSERT INTO attempts (session_id, seq, deck_id, card_id, answer, verdict, score,"
            " answered_at, mode) VALUES ('s', ?, 'd', ?, 'x', 'incorrect', 0, ?, 'quiz')",
            (i, str(i), f"2025-01-0{i + 1}"),
        )
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_migration_keeps_rows_and_backs_up_first(db_path, monkeypatch):
    """Upgrading v1 to the latest schema (plus one more) keeps every attempt, backing up first."""
    make_v1_database(db_path)

    def next_version(conn):
        conn.execute("CREATE TABLE review_state (card_id TEXT PRIMARY KEY, due TEXT)")
        conn.execute("ALTER TABLE attempts ADD COLUMN rating INTEGER")

    monkeypatch.setattr(storage, "MIGRATIONS", [*storage.MIGRATIONS, next_version])
    with Store(db_path, clock=FixedClock(T0)) as store:
        version = store._conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == len(storage.MIGRATIONS)
        assert len(store.attempts("d")) == 3
        assert store.backup_path == db_path.with_name("mlquiz.sqlite3.backup-v1-20250106-090000")
    with sqlite3.connect(store.backup_path) as backup:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
        assert backup.execute("SELECT count(*) FROM attempts").fetchone()[0] == 3


def test_a_failing_migration_changes_nothing(db_path, monkeypatch):
    """If a migration fails, the transaction rolls back: version and rows are as before."""
    make_v1_database(db_path)

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("simulated failure")

    monkeypatch.setattr(storage, "MIGRATIONS", [*storage.MIGRATIONS, broken])
    with pytest.raises(StorageError, match="upgrade"):
        Store(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 3
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables


def test_an_empty_v0_file_is_initialised_without_backup(db_path):
    """A zero-byte or table-less v0 database becomes v1; there is nothing to back up."""
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    with Store(db_path) as store:
        assert store.backup_path is None
        store.record_attempt(attempt("1"))
    assert not list(db_path.parent.glob("*.backup-*"))


# -- corruption ------------------------------------------------------------------


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def scribble_pages(path: Path) -> None:
    # A valid header but the pages after it overwritten: the file opens, the check fails.
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [garbage, truncate, scribble_pages])
def test_a_corrupt_database_is_moved_aside(db_path, damage):
    """A damaged file is renamed <name>.corrupt-<stamp> (kept), and a fresh database is used."""
    with Store(db_path) as store:
        for i in range(200):
            store.record_attempt(attempt(str(i % 7), seq=i, minute=i, answer="x" * 200))
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(db_path)
    damaged = db_path.read_bytes()
    with Store(db_path, clock=FixedClock(T0)) as store:
        moved = store.recovered_from
        assert moved == db_path.with_name("mlquiz.sqlite3.corrupt-20250106-090000")
        assert store.attempts("demo") == []
        assert integrity(db_path) == "ok"
        store.record_attempt(attempt("1"))
    assert moved.read_bytes() == damaged


def test_a_second_corruption_the_same_second_gets_its_own_name(db_path):
    """Moving aside never overwrites an earlier moved-aside file."""
    names = []
    for _ in range(2):
        db_path.parent.mkdir(parents=True, exist_ok=True)
        garbage(db_path)
        with Store(db_path, clock=FixedClock(T0)) as store:
            names.append(store.recovered_from.name)
    assert names == [
        "mlquiz.sqlite3.corrupt-20250106-090000",
        "mlquiz.sqlite3.corrupt-20250106-090000-1",
    ]


def test_a_healthy_database_is_not_moved(db_path):
    """Reopening a good database keeps it and its rows; recovered_from stays None."""
    with Store(db_path) as store:
        store.record_attempt(attempt("1"))
    with Store(db_path) as store:
        assert store.recovered_from is None
        assert len(store.attempts("demo")) == 1


# -- the full check on open, skipped for a file as mlquiz left it ----------------------


def _count_quick_checks(monkeypatch) -> list[str]:
    """Record every PRAGMA quick_check the store's connections run."""
    seen: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(lambda sql: seen.append(sql) if "quick_check" in sql else None)
        return conn

    monkeypatch.setattr(storage.sqlite3, "connect", connect)
    return seen


def test_a_cleanly_closed_database_is_not_checked_again(db_path, monkeypatch):
    """After a clean close, reopening skips the whole-file check; any change brings it back."""
    with Store(db_path) as store:
        store.record_attempt(attempt("1"))
    checks = _count_quick_checks(monkeypatch)
    with Store(db_path):
        pass
    assert checks == []
    os.utime(db_path, ns=(0, 0))  # touched by something else
    with Store(db_path):
        pass
    assert len(checks) == 1


def test_a_crash_leaves_the_next_open_to_check(db_path, monkeypatch):
    """A store that never closed (a killed game) gets the full check on the next open."""
    with Store(db_path) as store:
        store.record_attempt(attempt("1"))
    crashed = Store(db_path)  # opened, written to, never closed
    crashed.record_attempt(attempt("2", seq=1))
    checks = _count_quick_checks(monkeypatch)
    with Store(db_path) as store:
        assert len(store.attempts("demo")) == 2
    assert len(checks) == 1
    crashed._conn.close()
