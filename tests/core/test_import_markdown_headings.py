"""Headings as CommonMark (and GitHub) reads them, in every Markdown shape the
importer knows (issue 19): a heading may be indented by up to three spaces, four
make it code, "###Q3" is text; a card is never merged into another without a
file:line warning saying so."""

from __future__ import annotations

from pathlib import Path

from mlquiz import cli
from mlquiz.core.decks.importing.build import read_deck_file
from mlquiz.core.decks.importing.markdown_lines import atx_heading


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def questions(parsed) -> list[str]:
    return [card.question for card in parsed.cards]


PARTS = """\
# ML interview questions

### Part I: Basics

### Q1- What is overfitting?

When a model learns the noise in the training data instead of the signal.

- It does well on training data
- It does badly on new data

### Q2- What is regularization?

A penalty on model complexity added to the loss.

#### L1

Lasso: the sum of absolute weights.

#### L2

Ridge: the sum of squared weights.

### Part II: Metrics

### Q1- What is recall?

The share of actual positives the model finds.

 ### Q2- What is precision?

The share of predicted positives that are actually positive.
"""


def test_a_question_heading_indented_by_a_space_is_a_card_of_its_own(tmp_path: Path) -> None:
    parsed = read_deck_file(write(tmp_path, "ml.md", PARTS))
    assert questions(parsed) == [
        "What is overfitting?",
        "What is regularization?",
        "What is recall?",
        "What is precision?",
    ]
    recall = parsed.cards[2]
    assert recall.answer == "The share of actual positives the model finds."
    assert parsed.cards[3].answer == "The share of predicted positives that are actually positive."
    assert parsed.cards[3].line == 30
    # Sub-headings deeper than the questions stay in their answer; the parts are no card.
    assert "#### L1" in parsed.cards[1].answer and "Ridge" in parsed.cards[1].answer
    assert not any("Part" in card.answer for card in parsed.cards)
    assert parsed.warnings == []


def test_the_command_reads_all_four_cards(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("MLQUIZ_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["deck", "import", str(write(tmp_path, "ml.md", PARTS))]) == 0
    out = capsys.readouterr().out
    assert "read 4 cards: 4 imported, 0 skipped" in out


def test_headings_follow_commonmark() -> None:
    assert atx_heading("   ### What is bagging?") == (3, "What is bagging?")
    assert atx_heading("    ### What is bagging?") is None  # four spaces: code
    assert atx_heading("\t### What is bagging?") is None
    assert atx_heading("###What is bagging?") is None
    assert atx_heading("####### What is bagging?") is None
    assert atx_heading("### What is C#?") == (3, "What is C#?")
    assert atx_heading("## What is F#") == (2, "What is F#")
    assert atx_heading("## Bagging ##  ") == (2, "Bagging")
    assert atx_heading("###") == (3, "")
    assert atx_heading("### ###") == (3, "")


def test_a_line_that_only_looks_like_a_question_heading_stays_and_is_named(
    tmp_path: Path,
) -> None:
    text = """\
### Q1- What is overfitting?

Learning the noise.

###Q2- What is bagging?

Training models on bootstrap samples.

    ### Q3- What is boosting?

### Q4- What is stacking?

A model trained on other models' outputs.

```markdown
### Q5- What is a heading inside code?
```
"""
    parsed = read_deck_file(write(tmp_path, "ml.md", text))
    assert questions(parsed) == ["What is overfitting?", "What is stacking?"]
    first = parsed.cards[0].answer
    assert "###Q2- What is bagging?" in first and "bootstrap" in first
    assert "### Q5- What is a heading inside code?" in parsed.cards[1].answer
    warned = {line: message for line, message in parsed.warnings}
    assert sorted(warned) == [5, 9]  # the fenced line is code, as GitHub shows it
    assert "no space after the ###" in warned[5] and "card at line 1" in warned[5]
    assert "four spaces" in warned[9]


def test_a_numbered_question_one_level_too_deep_is_named(tmp_path: Path) -> None:
    text = """\
### Q1- What is overfitting?

Learning the noise.

#### Why does it happen?

Too many parameters.

#### Q2- What is underfitting?

A model too simple for the data.

### Q3- What is bagging?

Bootstrap aggregating.
"""
    parsed = read_deck_file(write(tmp_path, "ml.md", text))
    assert questions(parsed) == ["What is overfitting?", "What is bagging?"]
    assert "A model too simple" in parsed.cards[0].answer
    assert len(parsed.warnings) == 1
    line, message = parsed.warnings[0]
    assert line == 9 and "deeper (####) than the questions (###)" in message


NUMBERED_PARTS = """\
# Interview

## Part I

1. What is overfitting?
Learning the noise.

2. What is bias?
Error from wrong assumptions.

#### Example

A line through curved data.

## Part II

Questions on metrics.

1. What is recall?
The share of positives found.

2. What is precision?
The share of predicted positives that are right.
1. Is this a numbered question inside an answer?
"""


def test_numbered_questions_start_again_under_a_new_section(tmp_path: Path) -> None:
    parsed = read_deck_file(write(tmp_path, "ml.md", NUMBERED_PARTS))
    assert questions(parsed) == [
        "What is overfitting?",
        "What is bias?",
        "What is recall?",
        "What is precision?",
    ]
    assert parsed.cards[1].answer == (
        "Error from wrong assumptions.\n\n#### Example\n\nA line through curved data."
    )
    warnings = dict(parsed.warnings)
    assert "Questions on metrics." in warnings[17]  # the section's intro: in no card, named
    assert "out of the questions' count" in warnings[24] and "line 22" in warnings[24]


def test_bold_and_details_questions_indented_by_up_to_three_spaces(tmp_path: Path) -> None:
    bold = (
        "**What is overfitting?**\n\nLearning the noise.\n\n"
        "   **What is bagging?**\n\nBootstrap aggregating.\n"
    )
    parsed = read_deck_file(write(tmp_path, "bold.md", bold))
    assert questions(parsed) == ["What is overfitting?", "What is bagging?"]
    details = (
        "### Q: What is overfitting?\n<details><summary>Show Answer</summary>\n\n"
        "Learning the noise.\n</details>\n\n"
        "  ### Q: What is bagging?\n<details><summary>Show Answer</summary>\n\n"
        "Bootstrap aggregating.\n</details>\n"
    )
    parsed = read_deck_file(write(tmp_path, "details.md", details))
    assert questions(parsed) == ["What is overfitting?", "What is bagging?"]
    assert [card.answer for card in parsed.cards] == [
        "Learning the noise.",
        "Bootstrap aggregating.",
    ]


def test_q_and_a_answers_end_at_an_indented_heading_but_not_at_code(tmp_path: Path) -> None:
    text = """\
Q: What is MLflow?
A: A platform for the ML lifecycle.

    ## not a heading: code in the answer

  ## Tracking

Q: What is a run?
A: One execution of code.
"""
    parsed = read_deck_file(write(tmp_path, "qa.md", text))
    assert questions(parsed) == ["What is MLflow?", "What is a run?"]
    assert "## not a heading" in parsed.cards[0].answer
    assert "Tracking" not in parsed.cards[0].answer


def test_a_q_and_a_answer_naming_a_heading_that_is_not_one(tmp_path: Path) -> None:
    text = (
        "Q: What is MLflow?\nA: A platform.\n###Q: What is a run?\n\nQ: What is a model?\nA: X.\n"
    )
    parsed = read_deck_file(write(tmp_path, "qa.md", text))
    assert questions(parsed) == ["What is MLflow?", "What is a model?"]
    assert "###Q: What is a run?" in parsed.cards[0].answer
    [(line, message)] = parsed.warnings
    assert line == 3 and "no space after the ###" in message and "card at line 1" in message


def test_a_question_of_another_shape_inside_an_answer_is_named(tmp_path: Path) -> None:
    text = """\
### Q1- What is overfitting?

Learning the noise.

**What is bagging?**

Bootstrap aggregating.

### Q2- What is boosting?

Sequential weak learners.

### Q3- What is stacking?

**How it works**

A model on models.
"""
    parsed = read_deck_file(write(tmp_path, "ml.md", text))
    assert len(parsed.cards) == 3
    assert "Bootstrap aggregating." in parsed.cards[0].answer
    [(line, message)] = parsed.warnings  # "How it works" asks nothing: a label
    assert line == 5
    assert "a bold question line" in message and "cards are question headings" in message


def test_a_question_heading_one_level_too_high_is_still_a_card(tmp_path: Path) -> None:
    text = """\
# Interview

## Part I

### Q1- What is overfitting?

Learning the noise.

## Q2- What is bagging?

Bootstrap aggregating.

### Q3- What is boosting?

Sequential weak learners.
"""
    parsed = read_deck_file(write(tmp_path, "ml.md", text))
    assert parsed.title == "Interview"
    assert questions(parsed) == ["What is overfitting?", "What is bagging?", "What is boosting?"]
    assert parsed.cards[1].answer == "Bootstrap aggregating."
    assert parsed.warnings == []


def test_bold_and_numbered_questions_indented_four_spaces_are_answer_text(
    tmp_path: Path,
) -> None:
    """Four spaces make code or a nested list item, not a question of its own."""
    bold = (
        "**What is overfitting?**\n\nLearning the noise:\n\n- memorises the data\n"
        "    - **Why does it matter?**\n\n"
        "**What is bagging?**\n\nBootstrap aggregating.\n\n"
        "**What is boosting?**\n\nSequential learners.\n"
    )
    parsed = read_deck_file(write(tmp_path, "bold.md", bold))
    assert questions(parsed) == ["What is overfitting?", "What is bagging?", "What is boosting?"]
    assert "- Why does it matter?" in parsed.cards[0].answer
    numbered = (
        "1. What is overfitting?\nLearning the noise.\n\n"
        "    2. What is an indented example?\n\n"
        "2. What is bagging?\nBootstrap aggregating.\n"
    )
    parsed = read_deck_file(write(tmp_path, "numbered.md", numbered))
    assert questions(parsed) == ["What is overfitting?", "What is bagging?"]
    assert "2. What is an indented example?" in parsed.cards[0].answer
