"""A reference answer that is fenced code (issue 19: "Markup is mined as
content"): its points are the names the code calls, in one point any few of
which say it, not its lines. Read line by line, a Flink CEP answer gave the
player points such as "?> suspiciousPattern = Pattern.<Transaction>begin",
"5", "\"first\"" and the same `where(...)` line twice ("(2)")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlquiz.core.cards import Card, Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.derive.code import code_lines
from mlquiz.core.grading.grader import Grader

FLINK = """```java
Pattern<Transaction, ?> suspicious = Pattern.<Transaction>begin("first")
    .where(new SimpleCondition<Transaction>() {
        @Override
        public boolean filter(Transaction t) {
            return t.getAmount() > 1000;
        }
    })
    .followedBy("second")
    .where(new SimpleCondition<Transaction>() {
        @Override
        public boolean filter(Transaction t) {
            return t.getAmount() > 1000;
        }
    })
    .within(Time.minutes(5));
```"""

MLFLOW = """```python
import mlflow

# Log inside a run
with mlflow.start_run():
    mlflow.log_param("alpha", 0.5)
    mlflow.log_metric("rmse", 0.73)
    mlflow.log_metric("rmse", 0.70)
```"""

DECK = f"""# Streaming and tracking

### How would you implement a Flink CEP pattern for detecting suspicious transactions?
{FLINK}

### How do you record a hyperparameter and a score of a training run?
{MLFLOW}

### What is a feature store for?
Keeping features consistent between offline training and online serving.
"""


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    path: Path = tmp_path_factory.mktemp("code") / "code.md"
    path.write_text(DECK, encoding="utf-8")
    return import_deck(path).deck


def card(deck: Deck, start: str) -> Card:
    return next(c for c in deck.cards if c.question.startswith(start))


@pytest.mark.parametrize("start", ["How would you", "How do you record"])
def test_a_code_answer_lists_no_literal_punctuation_or_repeated_point(
    deck: Deck, start: str
) -> None:
    code = card(deck, start)
    labels = [p.label for p in code.points]
    assert labels
    for label in labels:
        assert not re.match(r"^[^\w]", label), label  # no "?> ...", no ") ranked"
        assert not re.fullmatch(r"[\d\s.]+", label), label  # no "5"
        assert not re.search(r"[\"']", label), label  # no "\"first\""
        assert "(2)" not in label  # the same line twice
    phrases = [phrase for p in code.points for phrase in p.phrases]
    assert not any(phrase.strip().isdigit() for phrase in phrases)


def test_the_player_still_reads_the_code_as_written(deck: Deck) -> None:
    assert card(deck, "How would you").answer.strip() == FLINK
    assert card(deck, "How do you record").answer.strip() == MLFLOW


def test_the_flink_points_are_the_calls_that_carry_the_idea(deck: Deck) -> None:
    flink = card(deck, "How would you")
    assert len(flink.points) == 1
    words = " ".join(flink.points[0].phrases).lower()
    for name in ("begin", "simplecondition", "followedby", "within"):
        assert name in words


@pytest.mark.parametrize(
    ("start", "answer", "verdicts"),
    [
        (
            "How would you",
            "Start with Pattern.begin, filter each event in a where with a SimpleCondition "
            "on getAmount, then followedBy a second one, all within Time.minutes(5)",
            {"correct"},
        ),
        (
            "How would you",
            "Pattern.begin, then followedBy a second event within five minutes",
            {"correct", "partial"},
        ),
        (
            "How would you",
            "Count the transactions per user in a batch job every night",
            {"incorrect"},
        ),
        (
            "How do you record",
            "inside mlflow.start_run call mlflow.log_param for alpha and mlflow.log_metric "
            "for the rmse",
            {"correct"},
        ),
        ("How do you record", "Write them to a CSV file with pandas", {"incorrect"}),
        # The library's name alone is not how to record them.
        ("How do you record", "I would use mlflow", {"partial", "incorrect"}),
    ],
)
def test_an_answer_in_words_and_calls_is_graded_on_the_calls(
    deck: Deck, start: str, answer: str, verdicts: set[str]
) -> None:
    assert Grader(deck).grade(card(deck, start), answer).verdict in verdicts


def test_a_block_that_calls_nothing_keeps_its_words_without_literals() -> None:
    config = ["[training]", "epochs = 10", 'optimizer = "adam"', "epochs = 10", "# the rate"]
    assert code_lines(config) == ["[training].", "epochs.", "optimizer.", "", "the rate"]
