"""The store's side of teaching: the wordings table (schema v4) and the card version
kept with every answer."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlquiz.core.clock import FixedClock
from mlquiz.core.store.database import Store
from mlquiz.core.wording import Wording, WordingError, WordingKind, clean_text

NOW = datetime(2025, 12, 3, 12, 0, tzinfo=UTC)
V1 = Path(__file__).resolve().parents[1] / "data" / "db" / "v1.sqlite3"


def wording(text: str, kind: WordingKind = WordingKind.ACCEPTED, card: str = "run", **kw):
    return Wording("ui-deck", card, kind, text, NOW, **kw)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "mlquiz.sqlite3", clock=FixedClock(NOW)) as store:
        yield store


def test_a_wording_is_kept_with_its_points_and_date(store: Store) -> None:
    stored, replaced = store.add_wording(wording("one go", points=("single execution",)))
    assert not replaced and stored.id > 0
    (back,) = store.wordings("ui-deck", "run")
    assert back == stored
    assert back.points == ("single execution",) and back.taught_at == NOW


def test_teaching_the_same_text_again_updates_its_points_only(store: Store) -> None:
    """One row per text: its first date stays, the new points replace the old."""
    first, _ = store.add_wording(wording("one go", points=("a",)))
    later = Wording(
        "ui-deck", "run", WordingKind.ACCEPTED, "one go", datetime(2026, 1, 1, tzinfo=UTC)
    )
    again, _ = store.add_wording(later)
    assert again.id == first.id and again.taught_at == NOW and again.points == ()
    assert len(store.wordings()) == 1


def test_the_other_kind_replaces_the_same_text(store: Store) -> None:
    """Rejected after accepted: the card never holds one text both ways."""
    store.add_wording(wording("one go"))
    stored, replaced = store.add_wording(wording("one go", WordingKind.REJECTED))
    assert replaced
    assert [w.kind for w in store.wordings()] == [WordingKind.REJECTED]
    assert stored.kind == WordingKind.REJECTED


def test_remove_takes_the_exact_text_of_one_card(store: Store) -> None:
    store.add_wording(wording("one go"))
    store.add_wording(wording("one go", card="experiment"))
    assert store.remove_wordings("ui-deck", "run", "one go") == 1
    assert store.remove_wordings("ui-deck", "run", "one go") == 0
    assert [w.card_id for w in store.wordings()] == ["experiment"]


def test_two_games_teaching_at_once_both_keep_their_wording(tmp_path: Path) -> None:
    """Two open stores on one file (two running games): each wording is there after."""
    path = tmp_path / "mlquiz.sqlite3"
    with Store(path, clock=FixedClock(NOW)) as one, Store(path, clock=FixedClock(NOW)) as two:
        one.add_wording(wording("first game's wording"))
        two.add_wording(wording("second game's wording"))
        assert {w.text for w in one.wordings()} == {"first game's wording", "second game's wording"}


def test_an_import_adds_what_is_new_and_counts_the_rest(store: Store) -> None:
    store.add_wording(wording("one go"))
    added, present = store.add_wordings([wording("one go"), wording("new one")])
    assert (added, present) == (1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("x" * 20_000, "20,000 characters"),
    ],
)
def test_a_wording_that_cannot_be_taught_says_why(text: str, message: str) -> None:
    with pytest.raises(WordingError, match=message):
        clean_text(text)


def test_text_is_stored_as_nfc_without_surrounding_blanks() -> None:
    assert clean_text("  cafe\u0301 \n") == "café"


def test_an_older_database_gains_the_table_and_keeps_every_answer(tmp_path: Path) -> None:
    """A v1 file upgraded: the wordings table is there, old answers have no card version."""
    path = tmp_path / "mlquiz.sqlite3"
    shutil.copyfile(V1, path)
    with Store(path, clock=FixedClock(NOW)) as store:
        assert store.wordings() == []
        assert list(store.card_versions()) == []
        assert len(store.attempts("tiny")) + len(store.attempts("other")) == 11
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM attempts WHERE card_hash IS NULL").fetchone() == (
            11,
        )
