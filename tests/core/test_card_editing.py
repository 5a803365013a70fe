"""Editing a card from the game: the deck file changed in place (comments kept, a
backup made), a built-in deck's edits in an overlay, caches and history in step."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlquiz.cli import main
from mlquiz.core import locations
from mlquiz.core.cards import Card, Confusion, KeyPoint
from mlquiz.core.clock import FixedClock
from mlquiz.core.decks.editing import CardEdit
from mlquiz.core.decks.library import DeckScan, load_deck, scan_decks
from mlquiz.core.decks.overlay import BUILTIN_EDITED, overlay_path
from mlquiz.core.errors import CardEditError
from mlquiz.core.grading.cache import cached_grader
from mlquiz.service import GameService

DATA = Path(__file__).resolve().parents[1] / "data"
START = datetime(2025, 12, 3, 12, 0, tzinfo=UTC)
KNOBS = "one go of the training script that writes down the knobs and the scores"
COMMENTED = """\
# My own deck: these comments must survive an edit.
id = "mine"
title = "Mine"
description = "A deck of my own."

[[cards]]
id = "run"
question = "What is an MLflow run?"   # asked first
answer = "One execution of training code, with its params and metrics logged."

# what a run is
[[cards.points]]
label = "single execution"
phrases = ["single|one execution|run", "one go"]

[[cards.points]]
label = "params and metrics logged"
phrases = ["params ... metrics", "metrics ... params"]

# the second card
[[cards]]
id = "experiment"
question = "What does an MLflow experiment organise?"
answer = "A group of runs."

[[cards.points]]
label = "group of runs"
phrases = ["group of runs"]
"""


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


@pytest.fixture
def service(tmp_path: Path, deck_file: Path, clock: FixedClock):
    deck = load_deck(deck_file, source="user")
    service = GameService(
        tmp_path / "data",
        config_dir=tmp_path / "config",
        clock=clock,
        deck_scanner=lambda: DeckScan(decks=[deck]),
    )
    yield service
    service.close()


def knobs_edit(card: Card) -> CardEdit:
    """The params point also said by "knobs ... scores"."""
    params = replace(card.points[1], phrases=(*card.points[1].phrases, "knobs ... scores"))
    return CardEdit(replace(card, points=(card.points[0], params)))


def test_an_edit_changes_the_file_in_place_and_keeps_a_backup(service, deck_file) -> None:
    """Only the edited values change: comments, layout and the other card stay; the
    file as it was is in backups/decks/."""
    card = service.deck("mine").card("run")
    edit = knobs_edit(card)
    edit = replace(edit, card=replace(edit.card, hint="One go of your script."))
    saved = service.teaching.save_card("mine", edit)
    text = deck_file.read_text(encoding="utf-8")
    expected = COMMENTED.replace(
        'phrases = ["params ... metrics", "metrics ... params"]',
        'phrases = ["params ... metrics", "metrics ... params", "knobs ... scores"]',
    ).replace(
        'params and metrics logged."\n',
        'params and metrics logged."\nhint = "One go of your script."\n',
    )
    assert text == expected
    assert saved.backup is not None and saved.backup.read_text(encoding="utf-8") == COMMENTED
    assert saved.backup.parent == locations.deck_backups_dir()
    assert load_deck(deck_file).card("run").hint == "One go of your script."


def test_the_next_answer_is_graded_on_the_edited_card(service) -> None:
    session = service.start_quiz("mine", shuffle=False)
    first = service.submit(session, KNOBS)
    assert first.attempt.verdict == "partial"
    service.teaching.save_card("mine", knobs_edit(session.deck.card("run")), session)
    assert session.deck.card("run").points[1].phrases[-1] == "knobs ... scores"
    again = service.start_quiz("mine", shuffle=False)
    assert service.submit(again, KNOBS).attempt.verdict == "correct"
    # History is not rewritten: the first answer keeps its verdict.
    assert [a["verdict"] for a in service.store.attempts("mine", "run")] == ["partial", "correct"]


def test_the_rest_of_a_running_session_uses_the_edited_deck(service) -> None:
    """Edited mid-session, a later card of the session is asked and graded as edited."""
    session = service.start_quiz("mine", shuffle=False)
    service.submit(session, KNOBS)
    experiment = session.deck.card("experiment")
    edited = replace(experiment, points=(KeyPoint("runs folder", ("folder of runs",)),))
    service.teaching.save_card("mine", CardEdit(edited), session)
    assert service.advance(session) == edited
    assert service.submit(session, "a folder of runs").attempt.verdict == "correct"


def test_stats_count_the_answers_graded_on_an_older_version(service, clock) -> None:
    session = service.start_quiz("mine", shuffle=False)
    service.submit(session, KNOBS)
    service.teaching.save_card("mine", knobs_edit(session.deck.card("run")))
    clock.tick(60)
    service.submit(service.start_quiz("mine", shuffle=False), KNOBS)
    older = service.stats()["decks"]["mine"]["older_versions"]
    assert older == {"answers": 1, "cards": 1}
    assert service.teaching.older_answers("mine", service.deck("mine").card("run")) == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda c: replace(c, points=tuple(replace(p, required=False) for p in c.points)),
            "No key point is essential",
        ),
        (lambda c: replace(c, points=()), "no key point"),
        (lambda c: replace(c, question="  "), "The question is empty."),
        (
            lambda c: replace(c, points=(replace(c.points[0], phrases=("the of a",)),)),
            "has no word the grader can match",
        ),
        (
            lambda c: replace(
                c, points=(c.points[0], replace(c.points[1], label=c.points[0].label))
            ),
            "Two key points are labelled 'single execution'.",
        ),
        (lambda c: replace(c, confusions=(Confusion(("x",), " "),)), "no message"),
    ],
    ids=["no-essential", "no-point", "no-question", "stop-words", "same-label", "no-message"],
)
def test_an_edit_that_cannot_work_is_refused_and_nothing_is_written(
    service, deck_file, change, reason
) -> None:
    before = sha(deck_file)
    card = service.deck("mine").card("run")
    with pytest.raises(CardEditError, match=reason):
        service.teaching.save_card("mine", CardEdit(change(card)))
    assert sha(deck_file) == before
    assert not locations.deck_backups_dir().exists()
    assert service.deck("mine").card("run") == card


def test_an_edit_keeps_what_another_editor_saved_meanwhile(service, deck_file) -> None:
    """The file is read again before it is written: a change to another card made
    after the game loaded the deck (another mlquiz, a text editor) stays."""
    deck_file.write_text(
        COMMENTED.replace('answer = "A group of runs."', 'answer = "A named group of runs."'),
        encoding="utf-8",
    )
    service.teaching.save_card("mine", knobs_edit(service.deck("mine").card("run")))
    deck = load_deck(deck_file)
    assert deck.card("experiment").answer == "A named group of runs."
    assert deck.card("run").points[1].phrases[-1] == "knobs ... scores"


def test_a_card_removed_from_the_file_meanwhile_is_not_written_back(service, deck_file) -> None:
    deck_file.write_text(COMMENTED.split("# the second card")[0].replace('"run"', '"other"', 1))
    before = sha(deck_file)
    with pytest.raises(CardEditError, match="no longer in"):
        service.teaching.save_card("mine", knobs_edit(service.deck("mine").card("run")))
    assert sha(deck_file) == before


def test_points_moved_keep_their_tables_and_new_ones_are_added(service, deck_file) -> None:
    card = service.deck("mine").card("run")
    new = KeyPoint("logged as a unit", ("as a unit",), required=False)
    edit = CardEdit(replace(card, points=(card.points[1], new, card.points[0])), (1, None, 0))
    service.teaching.save_card("mine", edit)
    text = deck_file.read_text(encoding="utf-8")
    assert text.index('label = "params and metrics logged"') < text.index(
        'label = "logged as a unit"'
    )
    assert text.index('label = "logged as a unit"') < text.index('label = "single execution"')
    assert "required = false" in text and "# the second card\n[[cards]]" in text
    assert [p.label for p in load_deck(deck_file).card("run").points] == [
        "params and metrics logged",
        "logged as a unit",
        "single execution",
    ]


# -- built-in decks ---------------------------------------------------------------


@pytest.fixture
def builtin(clock):
    """A service over the real decks (built-in ones from content/), data in tmp."""
    service = GameService(locations.data_dir(), clock=clock)
    yield service
    service.close()


def test_a_built_in_deck_is_edited_in_an_overlay_never_in_the_package(builtin, capsys) -> None:
    deck = builtin.deck("databricks-mlflow")
    packaged = Path(deck.path)
    before = sha(packaged)
    card = deck.card("7")
    edit = CardEdit(replace(card, hint="Think of one go of your script."))
    saved = builtin.teaching.save_card(deck.id, edit)
    assert saved.overlay and saved.path == overlay_path(deck.id)
    assert sha(packaged) == before
    assert builtin.deck(deck.id).source == BUILTIN_EDITED
    # A fresh scan (the next start) reads the overlay, through the deck cache too.
    for _ in range(2):
        (found,) = [d for d in scan_decks().decks if d.id == deck.id]
        assert found.card("7").hint == "Think of one go of your script."
        assert found.source == BUILTIN_EDITED
    assert main(["deck", "list"]) == 0
    out = capsys.readouterr().out
    assert "[built-in, edited:" in out and str(overlay_path(deck.id)) in out


def test_a_second_edit_of_a_built_in_deck_keeps_the_first(builtin) -> None:
    deck = builtin.deck("databricks-mlflow")
    builtin.teaching.save_card(deck.id, CardEdit(replace(deck.card("7"), hint="First.")))
    saved = builtin.teaching.save_card(
        deck.id, CardEdit(replace(builtin.deck(deck.id).card("8"), hint="Second."))
    )
    assert saved.backup is not None  # the overlay as it was
    edited = builtin.deck(deck.id)
    assert (edited.card("7").hint, edited.card("8").hint) == ("First.", "Second.")


def test_deck_reset_drops_the_overlay_and_keeps_it_in_the_backups(builtin, capsys) -> None:
    deck = builtin.deck("databricks-mlflow")
    builtin.teaching.save_card(deck.id, CardEdit(replace(deck.card("7"), hint="Mine.")))
    assert main(["deck", "reset", deck.id]) == 0
    out = capsys.readouterr().out
    assert "databricks-mlflow" in out and "backups" in out
    assert not overlay_path(deck.id).exists()
    (kept,) = locations.deck_backups_dir().glob("databricks-mlflow-edits-*.toml")
    assert 'hint = "Mine."' in kept.read_text(encoding="utf-8")
    (found,) = [d for d in scan_decks().decks if d.id == deck.id]
    assert found.source == "built-in" and found.card("7").hint == deck.card("7").hint
    assert main(["deck", "reset", deck.id]) == 0
    assert "no edits" in capsys.readouterr().out


def test_a_broken_overlay_is_reported_and_the_deck_played_as_shipped(tmp_path) -> None:
    path = overlay_path("databricks-mlflow")
    path.parent.mkdir(parents=True)
    path.write_text('deck = "databricks-mlflow"\n[[cards]]\nid = "7"\nqestion = "x"\n')
    scan = scan_decks()
    (deck,) = [d for d in scan.decks if d.id == "databricks-mlflow"]
    assert deck.source == "built-in"
    (error,) = scan.errors
    assert str(path) in str(error) and "cannot be used" in str(error)
    assert "did you mean 'question'" in str(error)


def test_the_grader_cache_serves_the_edited_deck(builtin, tmp_path) -> None:
    """The compiled-grader cache is keyed by the deck's content: after an edit the
    cached grader is the edited deck's, not the old one's."""
    deck = builtin.deck("databricks-mlflow")
    folder = tmp_path / "cache"
    cached_grader(deck, folder)
    card = deck.card("7")
    params = replace(card.points[1], phrases=(*card.points[1].phrases, "knobs ... scores"))
    edited = builtin.teaching.save_card(
        deck.id, CardEdit(replace(card, points=(card.points[0], params)))
    ).deck
    assert cached_grader(edited, folder).grade("7", KNOBS).verdict == "correct"
    assert cached_grader(deck, folder).grade("7", KNOBS).verdict == "partial"


def test_the_stats_json_names_the_older_versions(builtin, capsys) -> None:
    session = builtin.start_quiz("databricks-mlflow", shuffle=False)
    builtin.submit(session, KNOBS)
    card = session.deck.card(session.cards[0].id)
    builtin.teaching.save_card("databricks-mlflow", CardEdit(replace(card, hint="New hint.")))
    builtin.close()
    assert main(["stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["decks"]["databricks-mlflow"]["older_versions"] == {"answers": 1, "cards": 1}
    assert main(["stats"]) == 0
    assert "1 answer was graded on an older version of 1 card" in capsys.readouterr().out


def test_a_user_deck_file_given_by_path_is_edited_in_place(tmp_path, clock) -> None:
    """A deck played with --deck PATH is the player's file: written there, backed up."""
    path = tmp_path / "elsewhere.toml"
    shutil.copyfile(DATA / "ui-deck.toml", path)
    service = GameService(locations.data_dir(), clock=clock)
    try:
        service.add_deck(load_deck(path, source=str(path)))
        card = service.deck("ui-deck").card("run")
        saved = service.teaching.save_card("ui-deck", CardEdit(replace(card, hint="New.")))
        assert saved.path == path and not saved.overlay
        assert load_deck(path).card("run").hint == "New."
    finally:
        service.close()
