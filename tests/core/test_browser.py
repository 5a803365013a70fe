"""The card browser's rows: built from the store, searched literally, sorted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mlquiz.core.browser import SortKey, card_rows, search, sort_rows
from mlquiz.core.cards import Card, Deck, KeyPoint
from mlquiz.core.store.controls import CardFlags

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
POINT = (KeyPoint("p", ("p",)),)


def deck() -> Deck:
    cards = (
        Card(
            "10", "What does df.filter(x > 1) return?", "A new DataFrame.", POINT, tags=("spark",)
        ),
        Card("2", "What is a run?", "One execution [of code].", POINT, tags=("mlflow",)),
        Card("1", "What is Delta Lake?", "A storage layer: ACID on parquet.*", POINT),
        Card("x", "Name the registry aliases", "champion, challenger", POINT, tags=("mlflow",)),
    )
    return Deck("d", "D", "", cards)


def rows():
    due = NOW + timedelta(days=2)
    states = [
        ("2", 2, 30.0, due.isoformat(), (NOW - timedelta(days=30)).isoformat(), 3),
        ("1", 1, 1.0, NOW.isoformat(), (NOW - timedelta(days=1)).isoformat(), 0),
    ]
    answers = [("2", 5, 4, NOW.isoformat(), "incorrect"), ("1", 1, 0, NOW.isoformat(), "correct")]
    flags = {"x": CardFlags(suspended=True, flag="red"), "2": CardFlags(leech=True)}
    return card_rows(deck(), states, answers, flags, NOW)


def test_every_card_has_a_row_in_deck_order_new_ones_included():
    built = rows()
    assert [row.card_id for row in built] == ["10", "2", "1", "x"]
    new = built[0]
    assert (new.bucket, new.due, new.recall, new.lapses, new.last_verdict) == (
        "new",
        None,
        None,
        0,
        None,
    )
    run = built[1]
    assert (run.bucket, run.lapses, run.answers, run.last_verdict) == (
        "mastered",
        3,
        5,
        "incorrect",
    )
    assert run.recall is not None and 0.85 < run.recall < 0.95  # 30 days at stability 30


def test_search_takes_regex_characters_literally():
    built = rows()
    assert [r.card_id for r in search(built, "filter(x")] == ["10"]
    assert [r.card_id for r in search(built, "parquet.*")] == ["1"]
    assert [r.card_id for r in search(built, "[of")] == ["2"]
    assert search(built, ".*") == [built[2]]  # only where ".*" is written
    assert search(built, "(") == [built[0]]


def test_search_reads_answers_tags_and_status_words_every_word_counting():
    built = rows()
    assert [r.card_id for r in search(built, "MLFLOW")] == ["2", "x"]
    assert [r.card_id for r in search(built, "mlflow champion")] == ["x"]
    assert [r.card_id for r in search(built, "is:suspended")] == ["x"]
    assert [r.card_id for r in search(built, "flag:red")] == ["x"]
    assert [r.card_id for r in search(built, "is:leech")] == ["2"]
    assert [r.card_id for r in search(built, "is:new")] == ["10", "x"]
    assert search(built, "   ") == built


def test_sorting_keeps_cards_without_a_value_last_and_ties_in_number_order():
    built = rows()
    assert [r.card_id for r in sort_rows(built, SortKey.ID)] == ["1", "2", "10", "x"]
    assert [r.card_id for r in sort_rows(built, SortKey.DUE)] == ["1", "2", "10", "x"]
    assert [r.card_id for r in sort_rows(built, SortKey.DUE, descending=True)] == [
        "2",
        "1",
        "10",
        "x",
    ]
    assert [r.card_id for r in sort_rows(built, SortKey.LAPSES, True)][:1] == ["2"]
    assert [r.card_id for r in sort_rows(built, SortKey.VERDICT)] == ["2", "1", "10", "x"]
    assert [r.card_id for r in sort_rows(built, SortKey.FLAG)] == ["x", "1", "2", "10"]
