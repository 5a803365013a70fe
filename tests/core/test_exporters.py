"""Exporting cards, missed cards and history as Anki TSV or CSV, and importing them back."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mlquiz import cli
from mlquiz.core import locations
from mlquiz.core.cards import Card, Deck, KeyPoint
from mlquiz.core.decks.export import export_cards, export_history, missed_cards
from mlquiz.core.decks.importing.build import import_deck, parse_file_text
from mlquiz.core.decks.library import load_deck
from mlquiz.core.errors import ExportError
from mlquiz.core.session import Attempt
from mlquiz.core.store.database import Store

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "tiny.toml"
SEED = REPO / "tests" / "data" / "import" / "seed-databricks-mlflow.txt"
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def card(card_id: str, question: str, answer: str, tags: tuple[str, ...] = ()) -> Card:
    return Card(card_id, question, answer, (KeyPoint("p", ("p",)),), tags=tags)


AWKWARD = Deck(
    id="awkward",
    title="Awkward :: deck",
    description="",
    cards=(
        card("1", "Tab\there?", 'Quote " and ""double""', ("two words", "x")),
        card("2", "#1 rule?", "Line one\nline two"),
        card("3", "Plain", "café → ✓, commas; semicolons | pipes"),
    ),
)


def entries(deck: Deck) -> list[tuple[Deck, Card]]:
    return [(deck, c) for c in deck.cards]


def norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------
# The Anki text format


def test_anki_export_has_the_headers_anki_reads() -> None:
    """#separator, #html, #guid/#tags columns, the deck and the column names come first."""
    text = export_cards(entries(AWKWARD), "anki").text
    head = text.splitlines()[:7]
    assert head == [
        "#separator:tab",
        "#html:false",
        "#guid column:1",
        "#notetype:Basic",
        "#deck:Awkward : deck",
        "#tags column:4",
        "#columns:GUID\tFront\tBack\tTags",
    ]


def test_anki_fields_are_quoted_when_they_must_be() -> None:
    """Tabs, quotes and line breaks are quoted with doubled quotes; tags lose their spaces."""
    lines = export_cards(entries(AWKWARD), "anki").text.split("\n")[7:]
    assert lines[0] == (
        'mlquiz:awkward:1\t"Tab\there?"\t"Quote "" and """"double"""""\ttwo_words x'
    )
    assert lines[1] == 'mlquiz:awkward:2\t#1 rule?\t"Line one'


def test_a_first_field_starting_with_hash_is_quoted() -> None:
    """Anki skips records starting with '#', so such a first field is quoted."""
    history = export_history(
        [_attempt_dict("1", "d")], {"d": Deck("d", "D", "", (card("1", "#tag?", "a"),))}, "anki"
    )
    assert '\n"#tag?"\t' in history.text


@pytest.mark.parametrize("fmt", ["anki", "csv"])
def test_round_trip_keeps_questions_answers_ids_and_tags(tmp_path: Path, fmt: str) -> None:
    """Export, import back: the same cards, ids and tags (spaces in tags become '_')."""
    path = tmp_path / f"out.{fmt}"
    path.write_text(export_cards(entries(AWKWARD), fmt).text, encoding="utf-8")
    back = import_deck(path).deck
    assert [(c.id, c.question, c.answer) for c in back.cards] == [
        (c.id, c.question, c.answer) for c in AWKWARD.cards
    ]
    assert back.cards[0].tags == (("two_words", "x") if fmt == "anki" else ("two words", "x"))
    assert back.title == ("Awkward : deck" if fmt == "anki" else "out")


def test_seed_round_trip_through_anki_tsv(tmp_path: Path) -> None:
    """The imported seed exported as Anki TSV imports back to the same 41 cards."""
    seed = import_deck(SEED).deck
    path = tmp_path / "seed.txt"
    path.write_text(export_cards(entries(seed), "anki").text, encoding="utf-8")
    back = import_deck(path)
    assert back.format == "anki"
    assert [(c.id, norm(c.question), norm(c.answer)) for c in back.deck.cards] == [
        (c.id, norm(c.question), norm(c.answer)) for c in seed.cards
    ]


def test_tiny_deck_round_trip(tmp_path: Path) -> None:
    tiny = load_deck(TINY)
    path = tmp_path / "tiny.txt"
    path.write_text(export_cards(entries(tiny), "anki").text, encoding="utf-8")
    back = import_deck(path).deck
    assert [(c.id, c.question, c.answer, c.tags) for c in back.cards] == [
        (c.id, c.question, c.answer, c.tags) for c in tiny.cards
    ]


def test_cards_of_several_decks_carry_a_deck_column() -> None:
    other = Deck("other", "Other", "", (card("1", "Q", "A"),))
    text = export_cards(entries(AWKWARD)[:1] + entries(other), "anki").text
    assert "#deck column:5" in text and "#deck:" not in text
    parsed = parse_file_text(text, "x.txt")
    assert [c.source_id for c in parsed.cards] == ["mlquiz:awkward:1", "mlquiz:other:1"]


def test_csv_has_a_header_row_a_spreadsheet_reads() -> None:
    rows = list(csv.reader(io.StringIO(export_cards(entries(AWKWARD), "csv").text)))
    assert rows[0] == ["id", "question", "answer", "tags", "hint", "deck"]
    assert rows[2][2] == "Line one\nline two"


def test_unknown_format_is_an_export_error() -> None:
    with pytest.raises(ExportError, match="formats: anki, csv"):
        export_cards(entries(AWKWARD), "xlsx")


# --------------------------------------------------------------------------
# Missed cards and history, from the store


def _attempt(card_id: str, verdict: str, minute: int, deck: str = "tiny", **kw) -> Attempt:
    return Attempt(
        session_id="s1",
        deck_id=deck,
        card_id=card_id,
        seq=minute,
        answer=kw.get("answer", f"answer {minute}"),
        verdict=verdict,
        score={"correct": 1.0, "partial": 0.5, "incorrect": 0.0}[verdict],
        found=("a",),
        missed=kw.get("missed", ()),
        contradicted=(),
        confusion=None,
        hints_used=0,
        skipped=False,
        answered_at=T0 + timedelta(minutes=minute),
        elapsed=2.5,
        mode="quiz",
        override=kw.get("override"),
    )


def _attempt_dict(card_id: str, deck: str) -> dict:
    return {"deck_id": deck, "card_id": card_id, "answer": "x", "verdict": "partial"}


@pytest.fixture
def played() -> Deck:
    """The tiny deck in the user's decks folder, with three answers stored."""
    folder = locations.user_decks_dir()
    folder.mkdir(parents=True)
    shutil.copy(TINY, folder / "tiny.toml")
    with Store(locations.database_path()) as store:
        store.record_attempt(_attempt("1", "incorrect", 0, missed=("single execution",)))
        store.record_attempt(_attempt("2", "correct", 1))
        store.record_attempt(_attempt("1", "partial", 2, answer='said "one run"\tthen'))
        store.record_attempt(_attempt("9", "partial", 3))  # a card the deck no longer has
    return load_deck(folder / "tiny.toml")


def test_missed_cards_follow_the_store(played: Deck) -> None:
    with Store(locations.database_path()) as store:
        missed = missed_cards(played, store.missed("tiny"))
    assert [c.id for c in missed] == ["1"]


def test_cli_export_missed(played: Deck, tmp_path: Path, capsys) -> None:
    """`mlquiz export` (missed, anki) writes the card answered wrong last, importable again."""
    out = tmp_path / "missed.txt"
    assert cli.main(["export", "-o", str(out)]) == 0
    assert "exported 1 card (missed) as anki" in capsys.readouterr().out
    back = import_deck(out).deck
    assert [(c.id, c.question) for c in back.cards] == [("1", "What is an MLflow run?")]


def test_cli_export_history_csv(played: Deck, capsys) -> None:
    """History as CSV on stdout: every answer, oldest first, with the card's question."""
    assert cli.main(["export", "--what", "history", "--format", "csv", "--deck", "tiny"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["card_id"], r["verdict"]) for r in rows] == [
        ("1", "incorrect"),
        ("2", "correct"),
        ("1", "partial"),
        ("9", "partial"),
    ]
    assert rows[0]["question"] == "What is an MLflow run?"
    assert rows[0]["missed"] == "single execution"
    assert rows[2]["answer"] == 'said "one run"\tthen'
    assert rows[3]["question"] == ""
    assert "exported 4 answers (history)" in err


def test_cli_export_history_anki(played: Deck, capsys) -> None:
    assert cli.main(["export", "--what", "history"]) == 0
    out = capsys.readouterr().out
    assert "#columns:Front\tBack\tTags\tYour answer\tVerdict\tAnswered at\tDeck" in out
    assert "mlquiz::incorrect" in out


def test_cli_export_all_needs_a_deck(capsys) -> None:
    assert cli.main(["export", "--what", "all"]) == 1
    assert "--what all needs --deck ID" in capsys.readouterr().err


def test_cli_export_all_by_path(tmp_path: Path, capsys) -> None:
    out = tmp_path / "tiny.csv"
    assert (
        cli.main(
            ["export", "--what", "all", "--deck", str(TINY), "--format", "csv", "-o", str(out)]
        )
        == 0
    )
    assert len(import_deck(out).deck.cards) == 2


def test_cli_export_without_answers_says_so_and_creates_nothing(capsys) -> None:
    assert cli.main(["export", "--what", "missed"]) == 1
    assert "no answers saved yet" in capsys.readouterr().err
    assert not locations.database_path().exists()
