"""A question asked twice in one deck is named, as Anki flags a duplicate (issue 19:
a user's deck with "What is MLflow?" twice imported both silently, and in play the
two cards could not be told apart). Both cards are kept: their answers may differ."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.build import import_deck

DECK = """\
# Dup test

1. **What is MLflow?**
   An open-source platform for the ML lifecycle.

2. **What is  mlflow?**
   A tool for tracking experiments and managing models.

3. **What is Delta Lake?**
   A storage layer that adds ACID transactions to data lakes.
"""


def test_a_question_asked_again_is_named_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "dup.md"
    path.write_text(DECK, encoding="utf-8")
    result = import_deck(path)
    assert len(result.deck.cards) == 3
    repeated = [w for w in result.warnings if "asked again" in w]
    assert repeated == [
        f"{path}:6: warning: the question of the card at line 3 asked again; both cards are kept"
    ]
    assert result.summary is not None and result.summary.warnings == 1


def test_different_questions_raise_no_such_warning(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text(
        'question,answer\n"What is a run?","One execution"\n'
        '"What is an experiment?","A group of runs"\n',
        encoding="utf-8",
    )
    assert not [w for w in import_deck(path).warnings if "asked again" in w]


def test_in_an_anki_package_the_repeat_is_named_by_place_not_line_0(tmp_path: Path) -> None:
    # A package's notes have no line; "the card at line 0" named nothing.
    import genanki

    deck = genanki.Deck(2059400111, "Dups")
    for front, back in [
        ("What is MLflow?", "A platform"),
        ("What is a run?", "One execution"),
        ("What is MLflow?", "An ML lifecycle tool"),
    ]:
        deck.add_note(genanki.Note(genanki.BASIC_MODEL, [front, back]))
    path = tmp_path / "dups.apkg"
    genanki.Package(deck).write_to_file(str(path))
    [repeated] = [w for w in import_deck(path).warnings if "asked again" in w]
    assert "line 0" not in repeated
    assert "place 1 asked again by the card at place 3" in repeated
