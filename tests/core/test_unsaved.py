"""The file of answers the database refused, and `mlquiz save-unsaved`, which stores
them once it works again. Each test says its rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlquiz import cli
from mlquiz.core.errors import StorageError, UnsavedFileError
from mlquiz.core.store import journal as unsaved
from mlquiz.service import GameService

DECK = "databricks-mlflow"  # the built-in deck, which the command-line game finds


def refused_answers(monkeypatch, texts: list[str]) -> Path:
    """Play the built-in deck with a database that refuses every answer; returns the
    file the game copied them to (in the test's working folder)."""
    service = GameService()
    session = service.start_quiz(DECK, shuffle=False)
    with monkeypatch.context() as patch:

        def full(attempt):
            raise StorageError(f"{service.database_path}: database or disk is full")

        patch.setattr(service.store, "record_attempt", full)
        for text in texts:
            assert not service.submit(session, text).saved.ok
            service.advance(session)
    assert service.unsaved_file is not None
    path = service.unsaved_file
    service.close()
    return path


def stored_answers() -> int:
    service = GameService()
    try:
        return service.stats()["decks"].get(DECK, {}).get("attempts", 0)
    finally:
        service.close()


def test_the_file_reads_back_as_the_answers_it_was_written_from(monkeypatch):
    path = refused_answers(monkeypatch, ["A single execution of training code.", ""])
    attempts = unsaved.read(path)
    assert [a.answer for a in attempts] == ["A single execution of training code.", ""]
    assert unsaved.dumps(attempts) == path.read_text(encoding="utf-8")


def test_save_unsaved_stores_them_once_and_keeps_the_file(monkeypatch, capsys):
    """The answers reach the database (and the stats); saving the same file again adds
    nothing; the file is left where it was."""
    path = refused_answers(monkeypatch, ["one execution of training code", "a group of runs"])
    assert stored_answers() == 0
    text = path.read_text(encoding="utf-8")

    assert cli.main(["save-unsaved", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: 2 answers saved to ")
    assert stored_answers() == 2

    assert cli.main(["save-unsaved", str(path)]) == 0
    assert ": 0 answers saved to " in capsys.readouterr().out
    assert stored_answers() == 2
    assert path.read_text(encoding="utf-8") == text


def test_saving_again_says_the_answers_are_already_there(monkeypatch, capsys):
    path = refused_answers(monkeypatch, ["one execution of training code"])
    cli.main(["save-unsaved", str(path)])
    capsys.readouterr()
    assert cli.main(["save-unsaved", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: 0 answers saved to ") and ", 1 already there" in out
    assert stored_answers() == 1


def test_the_answers_count_for_review_like_any_other(monkeypatch):
    """A stored wrong answer is missed, so Review asks that card."""
    path = refused_answers(monkeypatch, ["It is a dashboard for SQL queries."])
    cli.main(["save-unsaved", str(path)])
    service = GameService()
    try:
        [first] = unsaved.read(path)
        assert [m.card_id for m in service.store.missed(DECK, details=False)] == [first.card_id]
    finally:
        service.close()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not json", "not an mlquiz-unsaved file"),
        ('{"answers": []}', "expected a list of answers"),
        ("[1]", "answer 1: expected an object"),
        ("[{}]", "answer 1: missing session_id, deck_id"),
    ],
)
def test_a_file_the_game_did_not_write_is_named_with_its_problem(tmp_path, content, problem):
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnsavedFileError) as info:
        unsaved.read(path)
    assert str(info.value).startswith(f"{path}: ")
    assert problem in str(info.value)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("seq", "3", "seq is '3'"),
        ("skipped", 1, "skipped is 1"),
        ("score", True, "score is True"),
        ("verdict", "great", "verdict is 'great'"),
        ("score", float("nan"), "score is nan"),
        ("elapsed", float("inf"), "elapsed is inf"),
        ("override", "yes", "override is 'yes'"),
        ("found", ["a", 2], "found is ['a', 2]"),
        ("answered_at", "yesterday", "answered_at is 'yesterday'"),
        ("answered_at", "2025-01-06T09:00:00", "answered_at has no time zone"),
    ],
)
def test_a_bad_field_is_named_with_the_answer_it_is_in(
    monkeypatch, tmp_path, field, value, problem
):
    path = refused_answers(monkeypatch, ["one execution", "a group of runs"])
    records = json.loads(path.read_text(encoding="utf-8"))
    records[1][field] = value
    path.write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(UnsavedFileError) as info:
        unsaved.read(path)
    assert str(info.value) == f"{path}: answer 2: {problem}"


def test_save_unsaved_on_a_broken_file_says_why_and_stores_nothing(tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_text("[1]", encoding="utf-8")
    assert cli.main(["save-unsaved", str(path), str(tmp_path / "missing.json")]) == 1
    err = capsys.readouterr().err
    assert f"mlquiz: {path}: answer 1: expected an object" in err
    assert f"mlquiz: {tmp_path / 'missing.json'}: cannot read it" in err
    assert stored_answers() == 0
