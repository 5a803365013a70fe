"""Real GitHub Markdown decks as a deck finder met them (issue 19): `#### Q1:` headings
with `**Answer:**` paragraphs, a README opening on its table of contents, an answer with
its own sub-heading, "back to top" links after every answer, and shell commands with
`<placeholder>` arguments. Nothing may be lost without a file:line warning."""

from __future__ import annotations

from pathlib import Path

from mlquiz import cli
from mlquiz.core.decks.importing.build import import_deck, read_deck_file
from mlquiz.core.decks.importing.source import strip_html
from mlquiz.core.grading.derive.clean import clean_text
from mlquiz.core.grading.grader import Grader


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def pairs(parsed) -> list[tuple[str, str]]:
    return [(c.question, c.answer) for c in parsed.cards]


# --------------------------------------------------------------------------
# 1. `#### Q1: What is ...?` headings, each answered by an `**Answer:**` paragraph

NUMBERED_ANSWER_LABELS = """\
# Machine Learning Interview Questions

#### Q1: What is overfitting?

**Answer:** Overfitting is when a model learns the noise of its training data
and does poorly on new data.

#### Q2: What is regularization?

**Answer:** A penalty on model complexity added to the loss.

#### Q3: Why do we split data into train and test sets?

**Answer:**
To estimate how the model does on data it has not seen.
"""


def test_numbered_question_headings_with_answer_labels_are_cards(tmp_path: Path) -> None:
    parsed = read_deck_file(write(tmp_path, "ml.md", NUMBERED_ANSWER_LABELS))
    assert parsed.format == "markdown"
    assert pairs(parsed) == [
        (
            "What is overfitting?",
            "Overfitting is when a model learns the noise of its training data\n"
            "and does poorly on new data.",
        ),
        ("What is regularization?", "A penalty on model complexity added to the loss."),
        (
            "Why do we split data into train and test sets?",
            "To estimate how the model does on data it has not seen.",
        ),
    ]
    assert parsed.title == "Machine Learning Interview Questions"
    assert parsed.warnings == []


def test_the_preview_of_such_a_deck_shows_its_cards(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "ml.md", NUMBERED_ANSWER_LABELS)
    assert cli.main(["deck", "import", "--preview", str(path)]) == 0
    out = capsys.readouterr()
    assert "preview of 3 cards read as markdown" in out.out
    assert "card 1: What is overfitting?" in out.out
    assert "answer: Overfitting is when" in out.out
    assert "skipped" not in out.err


def test_a_q_and_a_file_missing_one_q_still_warns_about_that_card(tmp_path: Path) -> None:
    """The labelled-heading reading is no excuse to drop the Q:/A: reading."""
    text = "Q: What is MLflow?\nA: A platform.\n\nA: an answer with no question\n\n"
    text += "Q: What is a run?\nA: One execution.\n"
    parsed = read_deck_file(write(tmp_path, "qa.md", text))
    assert pairs(parsed) == [
        ("What is MLflow?", "A platform."),
        ("What is a run?", "One execution."),
    ]
    assert parsed.warnings == [(4, "skipped: a card without Q:")]


# --------------------------------------------------------------------------
# 2. A README that opens on its table of contents

TOC_README = """\
# Table of Contents

- [Machine Learning](#machine-learning)
  - [What is bias?](#what-is-bias)
  - [What is variance?](#what-is-variance)
- [Deep Learning](#deep-learning)
  - [What is a neuron?](#what-is-a-neuron)

## Machine Learning

### What is bias?

Error from wrong assumptions in the learning algorithm.

### What is variance?

Error from sensitivity to small changes in the training set.

## Deep Learning

### What is a neuron?

A unit that sums weighted inputs and applies an activation.
"""


def test_the_title_is_not_the_table_of_contents(tmp_path: Path) -> None:
    path = write(tmp_path, "README.md", TOC_README)
    parsed = read_deck_file(path)
    assert parsed.title == "Machine Learning"
    assert [q for q, _ in pairs(parsed)] == [
        "What is bias?",
        "What is variance?",
        "What is a neuron?",
    ]
    assert parsed.warnings == []


def test_a_deck_with_only_contents_headings_is_named_after_its_file(tmp_path: Path) -> None:
    text = TOC_README.replace("## Machine Learning\n", "").replace("## Deep Learning\n", "")
    text = text.replace("# Table of Contents", "## Contents")
    result = import_deck(write(tmp_path, "ml-interview.md", text))
    assert result.deck.title == "ml interview"
    assert result.deck.id == "ml-interview"


def test_a_contents_heading_at_the_question_level_is_no_card(tmp_path: Path) -> None:
    text = (
        "# Deep learning\n\n## Index\n\n- [Why ReLU?](#why-relu)\n- [Batch norm](#batch-norm)\n"
        "- [Dropout](#dropout)\n\n## Why ReLU?\n\nIt does not saturate for positive inputs.\n\n"
        "## Batch norm\n\nNormalises each layer's inputs over the batch.\n\n"
        "## Dropout\n\nZeroes random activations while training.\n"
    )
    result = import_deck(write(tmp_path, "dl.md", text))
    assert result.deck.title == "Deep learning"
    assert [c.question for c in result.deck.cards] == ["Why ReLU?", "Batch norm", "Dropout"]
    assert result.summary.skipped == {}
    assert result.warnings == []


# --------------------------------------------------------------------------
# 3. An answer with a heading of its own

DRIFT = """\
# MLOps questions

### What is concept drift?

A change in the relationship between the inputs and the target.

#### How to detect it

Monitor the model's accuracy on fresh labels.

## Data and Model drift

Data drift is a change in the distribution of the inputs.

Model drift is the decay of a model's quality over time.

### What is a feature store?

A central place to keep and serve features.
"""


def test_a_deeper_heading_stays_in_the_answer(tmp_path: Path) -> None:
    parsed = read_deck_file(write(tmp_path, "mlops.md", DRIFT))
    question, answer = pairs(parsed)[0]
    assert question == "What is concept drift?"
    assert "How to detect it" in answer
    assert "Monitor the model's accuracy on fresh labels." in answer


def test_text_under_a_shallower_heading_is_named_in_a_warning_and_counted(
    tmp_path: Path,
) -> None:
    result = import_deck(write(tmp_path, "mlops.md", DRIFT))
    assert [c.question for c in result.deck.cards] == [
        "What is concept drift?",
        "What is a feature store?",
    ]
    assert "Data drift" not in result.deck.cards[0].answer
    lost = [w for w in result.warnings if "Data drift is a change" in w]
    assert len(lost) == 1
    assert lost[0].startswith(f"{tmp_path / 'mlops.md'}:13: warning: ")
    assert "'Data and Model drift'" in lost[0]
    assert "2 paragraphs" in lost[0]
    assert result.summary.left_out == {"section intro": 1}
    assert "1 section intro not imported" in str(result.summary)
    # The warning printed for it is counted there, so no "0 warnings" after it.
    assert "0 other warnings" in str(result.summary)


def test_every_line_of_a_headings_deck_is_in_a_card_or_a_warning(tmp_path: Path) -> None:
    text = (
        "# Deck\n\nCollected from my notes; corrections welcome.\n\n## Basics\n\n"
        "### What is a tensor?\nAn n-dimensional array.\n\n## Advanced\n\n[TODO]\n\n"
        "## Training\n\n### What is an epoch?\nOne pass over the data.\n\n## License\nMIT\n"
    )
    result = import_deck(write(tmp_path, "d.md", text))
    assert [c.question for c in result.deck.cards] == ["What is a tensor?", "What is an epoch?"]
    assert result.summary.left_out == {"section intro": 3}
    assert [w.split(": warning")[0].rsplit(":", 1)[1] for w in result.warnings] == ["3", "12", "20"]
    warned = "\n".join(result.warnings)
    assert "d.md:3: warning:" in warned and "Collected from my notes" in warned
    assert "d.md:12: warning:" in warned and "[TODO]" in warned
    assert "d.md:20: warning:" in warned and "'License'" in warned and "MIT" in warned


def test_an_intro_before_the_first_bold_or_numbered_question_is_named(tmp_path: Path) -> None:
    bold = (
        "# Stats\n\nAnswers by a student; no guarantees.\n\n**What is a mean?** 🤔\n\n"
        "The sum divided by the count.\n\n<br/>\n\n**What is a median?**\n\nThe middle value.\n"
    )
    numbered = "Some questions I was asked.\n\n1. What is a loss?\nA number.\n\n"
    numbered += "2. What is an epoch?\nOne pass over the data.\n"
    for name, text, line in (("bold.md", bold, 3), ("numbered.md", numbered, 1)):
        result = import_deck(write(tmp_path, name, text))
        assert len(result.deck.cards) == 2
        assert result.summary.left_out == {"section intro": 1}
        assert any(f"{name}:{line}: warning: not imported:" in w for w in result.warnings)


def test_the_command_prints_section_intros_in_its_summary(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "mlops.md", DRIFT)
    assert cli.main(["deck", "import", str(path), "-o", str(tmp_path / "out.toml")]) == 0
    out = capsys.readouterr()
    assert "1 section intro not imported" in out.out
    assert "mlops.md:13: warning:" in out.err


def test_text_after_a_heading_in_a_q_and_a_file_is_not_lost_silently(tmp_path: Path) -> None:
    text = (
        "# Spark deck\n\nQ: What is a DataFrame?\nA: A distributed table.\n\n"
        "## Notes\nThese cards follow the 2023 exam guide.\n\n"
        "Q: What is a UDF?\nA: A user function.\n"
    )
    result = import_deck(write(tmp_path, "spark.md", text))
    assert len(result.deck.cards) == 2
    assert result.summary.left_out == {"section intro": 1}
    assert any(":7: warning:" in w and "2023 exam guide" in w for w in result.warnings)


# --------------------------------------------------------------------------
# 4. Navigation links are no answer text

BACK_TO_TOP = """\
# Questions

## Table of Contents

1. [What is a p-value?](#what-is-a-p-value)
2. [What is a confidence interval?](#what-is-a-confidence-interval)

### What is a p-value?

The probability of a result at least this extreme if the null hypothesis holds.
See [the glossary](https://example.org/glossary) and [intervals](#what-is-a-c-interval) too.

[back to top](#table-of-contents)

### What is a confidence interval?

A range that holds the true value in 95% of repeated samples.

**[⬆ back to top](#questions)**

<div align="right"><a href="#top">Back to top ↑</a></div>
"""


def test_back_to_top_lines_are_left_out_of_answers_and_counted(tmp_path: Path) -> None:
    result = import_deck(write(tmp_path, "stats.md", BACK_TO_TOP))
    answers = [c.answer for c in result.deck.cards]
    assert answers == [
        "The probability of a result at least this extreme if the null hypothesis holds.\n"
        "See the glossary and intervals too.",
        "A range that holds the true value in 95% of repeated samples.",
    ]
    assert result.summary.left_out == {"navigation line": 3}
    assert "3 navigation lines not imported" in str(result.summary)
    for card in result.deck.cards:
        for point in card.points:
            assert "top" not in " ".join(point.phrases)


def test_back_to_top_lines_are_left_out_of_q_and_a_answers(tmp_path: Path) -> None:
    text = (
        "Q: What is a p-value?\nA: The chance of data this extreme under the null.\n"
        "[back to top](#contents)\n\nQ: What is power?\nA: The chance of rejecting a false null.\n"
        "- [⬆ Back to top](#top)\n"
    )
    result = import_deck(write(tmp_path, "qa.md", text))
    assert [c.answer for c in result.deck.cards] == [
        "The chance of data this extreme under the null.",
        "The chance of rejecting a false null.",
    ]
    assert result.summary.left_out == {"navigation line": 2}


def test_derivation_never_reads_a_navigation_line() -> None:
    assert clean_text("Bias is error.\n[⬆ back to top](#table-of-contents)") == "Bias is error."
    # A link to another page is content (its text), not navigation.
    assert clean_text("See [the docs](https://x.org/a#b).") == "See the docs."


# --------------------------------------------------------------------------
# 5. `<placeholder>` arguments are text, not HTML tags

SHELL = """\
### How do you install a package on Debian?

Run `sudo apt-get install <package>` as root:

sudo apt-get install <package>

Replace <your-file> with the path, e.g. for a <b>local</b> file.

### What does List<T> mean in Java?

A list whose items are of type <T>.<br>Use `List<String>` for strings.
"""


def test_angle_bracket_placeholders_stay_in_the_answer(tmp_path: Path) -> None:
    parsed = read_deck_file(write(tmp_path, "shell.md", SHELL))
    assert pairs(parsed) == [
        (
            "How do you install a package on Debian?",
            "Run `sudo apt-get install <package>` as root:\n\n"
            "sudo apt-get install <package>\n\n"
            "Replace <your-file> with the path, e.g. for a local file.",
        ),
        (
            "What does List<T> mean in Java?",
            "A list whose items are of type <T>.\nUse `List<String>` for strings.",
        ),
    ]


def test_inline_code_keeps_even_real_tags(tmp_path: Path) -> None:
    text = (
        "### How do you break a line in HTML?\n\nWith `<br>` or, in XHTML, `<br/>`.\n\n"
        "### How do you make text bold?\n\nWrap it in `<b>...</b>`: <b>bold</b>.\n"
    )
    parsed = read_deck_file(write(tmp_path, "html.md", text))
    assert [a for _, a in pairs(parsed)] == [
        "With `<br>` or, in XHTML, `<br/>`.",
        "Wrap it in `<b>...</b>`: bold.",
    ]


def test_derivation_keeps_placeholders_and_code_but_not_tags() -> None:
    assert clean_text("sudo apt-get install <package>") == "sudo apt-get install <package>"
    assert clean_text("Use <T> for <strong>M</strong>ean") == "Use <T> for Mean"
    assert clean_text("Write `<div>` here") == "Write <div> here"


def test_html_fields_keep_unknown_tags_as_text() -> None:
    assert strip_html("apt-get install <package><br>then <b>reboot</b>") == (
        "apt-get install <package>\nthen reboot"
    )
    # A malformed tag (an editor's typo in a real deck) is still markup.
    assert strip_html("residuals).<br<br>We then") == "residuals).We then"


def test_text_outside_every_details_block_is_named_and_questions_before_them_are_not(
    tmp_path: Path,
) -> None:
    text = (
        "# Regression\n\nNotes from my course; use at your own risk.\n\n"
        "### Q: What is lasso?\n\n<details>\n<summary><b>Show Answer</b></summary>\n\n"
        "L1-penalised least squares.\n\n</details>\n\n---\n\n"
        "**What is ridge?**\n\n<details>\n<summary>Answer</summary>\n\n"
        "L2-penalised least squares.\n\n</details>\n"
    )
    result = import_deck(write(tmp_path, "r.md", text))
    assert [c.question for c in result.deck.cards] == ["What is lasso?", "What is ridge?"]
    assert result.summary.left_out == {"section intro": 1}
    (warned,) = result.warnings
    assert "r.md:3: warning:" in warned and "Notes from my course" in warned


# --------------------------------------------------------------------------
# Numbered bold questions, each answered in its list item: "1. **What is X?**"
# with the answer indented under it (a paragraph, a list, or code). Before,
# neither the numbered nor the bold shape read such a line, so the file was
# "cannot tell the format".

NUMBERED_BOLD = """\
# Machine Learning Interview Questions

## Supervised Learning

1. **What is supervised learning?**
   Training a model on labeled data, where each input comes with the right output.

2. **What is the difference between classification and regression?**
   - Classification predicts a category.
   - Regression predicts a continuous number.

3. **How do you save a trained scikit-learn model?**
   Write the fitted model to a file with joblib:
   ```python
   import joblib
   joblib.dump(model, "model.pkl")
   ```

## Unsupervised Learning

1. **What is clustering?**
   Grouping similar data points together without labels.
"""


def test_numbered_bold_questions_with_indented_answers_are_cards(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(NUMBERED_BOLD, encoding="utf-8")
    parsed = read_deck_file(path)
    assert [card.question for card in parsed.cards] == [
        "What is supervised learning?",
        "What is the difference between classification and regression?",
        "How do you save a trained scikit-learn model?",
        "What is clustering?",
    ]
    assert "Regression predicts a continuous number" in parsed.cards[1].answer
    assert 'joblib.dump(model, "model.pkl")' in parsed.cards[2].answer
    assert parsed.cards[3].answer == "Grouping similar data points together without labels."
    assert not parsed.warnings


NUMBERED_BOLD_TASKS = """\
# Interview questions

1. **How do you deploy a model?**
   Three steps:
   1. **Serialize** it with joblib.
   2. **Wrap** it in a Flask API.
   3. **Ship** it in a container.

2. **Explain bagging.**
   Training models on bootstrap samples and averaging them.

3. **Write a Python function that returns the mean of a list.**
   ```python
   def mean(xs):
       return sum(xs) / len(xs)
   ```
"""


def test_a_numbered_bold_task_that_goes_on_with_the_count_is_a_card(tmp_path: Path) -> None:
    # "3. **Write ...**" asks nothing, but it is the third of the numbered
    # questions: before, it and its code became part of card 2's answer. The
    # bold numbered steps inside card 1's answer stay in that answer.
    path = tmp_path / "README.md"
    path.write_text(NUMBERED_BOLD_TASKS, encoding="utf-8")
    parsed = read_deck_file(path)
    assert [card.question for card in parsed.cards] == [
        "How do you deploy a model?",
        "Explain bagging.",
        "Write a Python function that returns the mean of a list.",
    ]
    assert "Ship it in a container" in parsed.cards[0].answer
    assert "return sum(xs) / len(xs)" in parsed.cards[2].answer
    assert "def mean" not in parsed.cards[1].answer


BOLD_STEPS_GOING_ON = """\
# Steps

1. **What is MLflow?**
   A platform for the ML lifecycle.

2. **What are the steps of a training job?**
   The steps:
   3. **Load features from Delta**
   4. **Train and evaluate the model**

5. **What is a run?**
   One execution of training code.
"""


def test_bold_steps_whose_numbers_go_on_with_the_count_stay_in_the_answer(
    tmp_path: Path,
) -> None:
    # Steps 3 and 4 continue the questions' count by chance; with no answer of
    # their own under them they are the answer's list, not empty cards.
    parsed = read_deck_file(write(tmp_path, "steps.md", BOLD_STEPS_GOING_ON))
    assert [card.question for card in parsed.cards] == [
        "What is MLflow?",
        "What are the steps of a training job?",
        "What is a run?",
    ]
    assert "Train and evaluate the model" in parsed.cards[1].answer
    assert not parsed.skipped


def test_a_bold_question_with_its_emoji_inside_the_bold_is_a_card(tmp_path: Path) -> None:
    """A published Q&A file ends some questions with an emoji inside the bold
    ("**In which cases is AU PR better than AU ROC? ‍⭐️**"): such a line was
    read as no question, and its card went silently into the answer above."""
    path = tmp_path / "theory.md"
    path.write_text(
        "**What is AU ROC?** ⭐️\n\nThe area under the ROC curve.\n\n<br/>\n\n"
        "**In which cases is AU PR better than AU ROC? \u200d⭐️**\n\n"
        "When positives are rare.\n\n<br/>\n\n"
        "**Can we say that a bigger weight matters more \u2014 when? \u200d⭐️🚀**\n\n"
        "Only when the features are normalized.\n",
        encoding="utf-8",
    )
    deck = import_deck(path).deck
    assert [c.question for c in deck.cards] == [
        "What is AU ROC?",
        "In which cases is AU PR better than AU ROC?",
        "Can we say that a bigger weight matters more \u2014 when?",
    ]
    assert deck.cards[0].answer == "The area under the ROC curve."


# A topic title in bold, no question mark, with its own answer under it.
TOPIC_BETWEEN_SEPARATORS = """\
**What are precision and recall? ⭐️**

Precision is the share of predicted positives that are right; recall is the
share of actual positives that are found.

<br/>

**Precision-recall trade-off ‍⭐️**

Raising the decision threshold increases precision but lowers recall, and the
other way round.

<br/>

**What is the ROC curve? ‍⭐️**

A plot of the true positive rate against the false positive rate.
"""


def test_a_bold_topic_title_between_separators_is_a_card_of_its_own(tmp_path: Path) -> None:
    """A bold title that asks nothing ("**Precision-recall trade-off ⭐️**") but
    stands where the deck's questions stand, after a `<br/>`, with text under
    it, went silently into the answer above: that card's reference showed the
    trade-off paragraph, and the trade-off was never asked."""
    deck = import_deck(write(tmp_path, "theory.md", TOPIC_BETWEEN_SEPARATORS)).deck
    assert [c.question for c in deck.cards] == [
        "What are precision and recall?",
        "Precision-recall trade-off",
        "What is the ROC curve?",
    ]
    assert "threshold" not in deck.cards[0].answer
    # Not silent either way: the import says a title was read as a card.
    path = tmp_path / "theory.md"
    assert [w for w in import_deck(path).warnings if "Precision-recall" in w] == [
        f"{path}:8: warning: the bold line 'Precision-recall trade-off' asks no question "
        "(no '?') but stands where the deck's questions stand: it is read as a card"
    ]
    graded = Grader(deck).grade(
        deck.cards[1].id, "A higher threshold raises precision and lowers recall, and vice versa."
    )
    assert graded.verdict == "correct"


def test_a_bold_title_left_in_an_answer_is_named_in_a_warning(tmp_path: Path) -> None:
    """With no separators to tell cards apart, a bold title that asks nothing
    stays in the answer above it, and the import says so with file and line."""
    text = TOPIC_BETWEEN_SEPARATORS.replace("<br/>\n\n", "")
    path = write(tmp_path, "theory.md", text)
    result = import_deck(path)
    assert [c.question for c in result.deck.cards] == [
        "What are precision and recall?",
        "What is the ROC curve?",
    ]
    joined = [w for w in result.warnings if "Precision-recall trade-off" in w]
    assert joined == [
        f"{path}:6: warning: the bold line 'Precision-recall trade-off' is not read as a "
        "question (no '?'): it stays in the answer of the card at line 1"
    ]


def test_bold_labels_and_steps_inside_an_answer_warn_of_nothing(tmp_path: Path) -> None:
    text = (
        "**What is bagging?**\n\nTraining models on bootstrap samples.\n\n**Example:**\n\n"
        "A random forest.\n\n<br/>\n\n**What is boosting?**\n\nModels trained in turn:\n\n"
        "1. **Fit a weak learner**\n2. **Reweight the errors**\n\n<br/>\n\n"
        "**Why scale features?**\n\nSo that no feature dominates the distance.\n"
    )
    result = import_deck(write(tmp_path, "ml.md", text))
    assert [c.question for c in result.deck.cards] == [
        "What is bagging?",
        "What is boosting?",
        "Why scale features?",
    ]
    assert "A random forest." in result.deck.cards[0].answer
    assert result.warnings == []


def test_a_plain_bold_line_after_a_rule_inside_an_answer_stays_there_with_a_warning(
    tmp_path: Path,
) -> None:
    """ "**Example**" after a `---` inside an answer became a card "Example"
    of its own, with no warning (review of fix19m): only a title that ends
    as the deck's bold questions do ("⭐️", "👶") opens a card; this one stays
    in the answer above it, and the import names its file and line."""
    text = (
        "**What is overfitting? 👶**\n\nThe model learns the noise of its training data.\n\n"
        "<br/>\n\n**How do you detect it? 👶**\n\nCompare training and validation error.\n\n"
        "---\n\n**Example**\n\nA degree-15 polynomial on 20 points.\n\n<br/>\n\n"
        "**How do you prevent it? 👶**\n\nRegularization, more data, early stopping.\n"
    )
    path = write(tmp_path, "theory.md", text)
    result = import_deck(path)
    assert [c.question for c in result.deck.cards] == [
        "What is overfitting?",
        "How do you detect it?",
        "How do you prevent it?",
    ]
    assert "degree-15 polynomial" in result.deck.cards[1].answer
    assert [w for w in result.warnings if "'Example'" in w] == [
        f"{path}:13: warning: the bold line 'Example' is not read as a question (no '?'): "
        "it stays in the answer of the card at line 7"
    ]
