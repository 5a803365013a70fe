"""Key points derived from small decks a user wrote: a pipe in a reference,
an answer's own sub-headings, a reference whose letters are its options."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.cards import Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader

PIPES = (
    "Question,Answer\n"
    '"What does | do in a shell?","The | character: cmd1 | cmd2 sends cmd1\'s output to cmd2"\n'
    '"Name two MLflow model flavors","sklearn | pytorch"\n'
    '"What is a feature store for?","Keeping features consistent between offline '
    'training and online serving."\n'
    "What does RAG add to a model?,Retrieval of private documents at answer time.\n"
)


def deck_from(tmp_path: Path, text: str, name: str = "deck.csv") -> Deck:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_deck(path).deck


def test_a_pipe_in_a_sentence_is_the_symbol_not_a_table_cell(tmp_path: Path) -> None:
    deck = deck_from(tmp_path, PIPES)
    shell = deck.cards[0]
    assert shell.answer.startswith("The | character: cmd1 | cmd2")  # shown as written
    essential = [p for p in shell.points if p.required]
    assert len(essential) == 1
    assert "cmd1" not in essential[0].phrases  # one word of the example is not the idea
    assert all("|" not in phrase for p in shell.points for phrase in p.phrases)
    grader = Grader(deck)
    assert grader.grade(shell, "cmd1").verdict != "correct"
    assert (
        grader.grade(shell, "the character sends the output of cmd1 to cmd2").verdict == "correct"
    )


def test_a_list_written_with_pipes_needs_as_many_items_as_asked(tmp_path: Path) -> None:
    deck = deck_from(tmp_path, PIPES)
    flavors = deck.cards[1]
    grader = Grader(deck)
    assert grader.grade(flavors, "sklearn").verdict != "correct"
    assert grader.grade(flavors, "pytorch and sklearn").verdict == "correct"
