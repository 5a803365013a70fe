"""Key points derived from small decks a user wrote: a pipe in a reference,
an answer's own sub-headings, a reference whose letters are its options."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.cards import Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.lint import lint_deck

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


DRIFT = """### What is model drift?
Model drift is the decay of a model's predictive power as the data in production \
changes relative to the training data.

#### Key ideas
- Models are trained on a snapshot of the data.
- The world keeps changing after deployment.

#### Types
- Data drift: the input distribution changes.
- Concept drift: the relation between inputs and target changes.

#### How to detect it
- Monitor the distribution of inputs and predictions over time.

```bash
# a comment in code stays as written
```

### What is a feature store for?
Keeping features consistent between offline training and online serving.
"""


def test_an_answers_sub_headings_are_no_points_and_show_without_marks(tmp_path: Path) -> None:
    deck = deck_from(tmp_path, DRIFT, "drift.md")
    drift = deck.cards[0]
    labels = [p.label for p in drift.points]
    for heading in ("Key ideas", "Types", "How to detect it"):
        assert heading not in labels
        assert f"\n{heading}\n" in drift.answer  # shown as its words
    assert "#### " not in drift.answer
    assert "# a comment in code stays as written" in drift.answer
    assert any("Concept drift" in label for label in labels)  # the content under a heading


LETTERS = (
    "Question,Answer\n"
    '"Which to choose?","Either a or b"\n'
    '"In y = w_1 x_1 + b, what is w_1?","w is the weight of the first feature, learned '
    'in training"\n'
    "What does RAG add to a model?,Retrieval of private documents at answer time.\n"
    '"What is a feature store for?","Keeping features consistent between offline '
    'training and online serving."\n'
)


def test_the_import_and_deck_check_agree_on_the_derived_points(tmp_path: Path) -> None:
    """Phrases the check would warn of are left out ("w" reads as "with", a stop
    word), and what it still warns of the import counts in its summary."""
    path = tmp_path / "letters.csv"
    path.write_text(LETTERS, encoding="utf-8")
    result = import_deck(path)
    warnings = lint_deck(result.deck)
    assert not [w for w in warnings if "no words" in w.message or "as one word" in w.message]
    assert result.summary is not None
    assert result.summary.warnings == len(warnings) >= 1  # "Either a or b": one phrasing
    assert f"{len(warnings)} on key points" in str(result.summary)
    weight = result.deck.cards[1]
    assert any("weight" in phrase for p in weight.points for phrase in p.phrases)


OBJECTIVES = (
    "Question,Answer\n"
    "What is model drift?,Model drift is the decay of a model's predictive power as the data "
    "in production changes relative to the training data\n"
    '"Which core objective of AI system design focuses on reducing hallucinations and unsafe '
    'outputs?",Accuracy.\n'
    "What does RAG add to a model?,Retrieval of private documents at answer time.\n"
    '"What is a feature store for?","Keeping features consistent between offline '
    'training and online serving."\n'
    "Which layer hosts models as real-time APIs?,The serving layer.\n"
    "What does observability cover?,Metrics of model quality and data drift in production.\n"
)


def test_a_word_of_another_cards_answer_said_in_passing_is_no_swap(tmp_path: Path) -> None:
    """An answer in its own reference's words that mentions "accuracy" (another
    card's whole answer) answers its own card, not that one."""
    deck = deck_from(tmp_path, OBJECTIVES)
    grader = Grader(deck)
    drift = deck.cards[0]
    result = grader.grade(
        drift, "data in production shifts away from the training data, so its accuracy drops"
    )
    assert result.confusion is None
    assert result.verdict == "correct"
    swapped = grader.grade(drift, "accuracy")
    assert swapped.verdict == "incorrect"


def test_the_import_command_names_the_deck_check_that_lists_its_warnings(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    # "`mlquiz deck check` lists them", run as written, failed for want of a
    # path; the command to run is printed with the deck it wrote.
    import shlex

    from mlquiz import cli

    # A data folder with a space in it, as macOS's "Application Support" has.
    monkeypatch.setenv("MLQUIZ_DATA_DIR", str(tmp_path / "my data"))
    path = tmp_path / "letters.csv"
    path.write_text(LETTERS, encoding="utf-8")
    assert cli.main(["deck", "import", str(path)]) == 0
    out = capsys.readouterr().out
    command = next(line for line in out.splitlines() if line.startswith("see the key-point"))
    deck_file = shlex.split(command.split(": ", 1)[1])[-1]
    assert deck_file.endswith(".toml") and Path(deck_file).is_file()
    assert cli.main(["deck", "check", deck_file]) in (0, 1)
    assert "point" in capsys.readouterr().out
