"""Code in a reference answer, as the second read of code13 found it (issue 19).

The review's answers (bench/data/code14-review.jsonl) showed what a player
met on cards whose reference is or holds code: the call the question asks
about dropped because its words are the question's ("How do you log a
metric?": `mlflow.log_metric`), so a wrong call beside the scaffolding
(`log_param` inside `start_run`) was correct and the right call alone
partial; camelCase typed as words ("followed by") never said `followedBy`;
a chain continued on the next line lost what it is called on (`spark.read`
passed for `spark.readStream`); code after prose was still cut line by line
("SELECT name", "ORDER BY salary DESC (2)"); a column's type was a call a
short list required ("VARCHAR"); one call showed as "- train_test_split".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz.core.cards import Card, Deck
from mlquiz.core.grading.derive.code import code_lines
from mlquiz.core.grading.derive.points import derive_deck_points
from mlquiz.core.grading.grader import Grader
from tests.support.factories import imported_deck

DECK = """# Data engineering questions (code)

**Q1: How do you log a metric in MLflow?**
- **Expected Answer**:
```python
import mlflow

with mlflow.start_run():
    mlflow.log_metric("rmse", 0.87)
```

**Q2: How do you read a Delta table as a stream in PySpark?**
- **Expected Answer**:
```python
df = (spark.readStream
      .format("delta")
      .load("/mnt/bronze/events"))
```

**Q3: How do you chain a second event after the first in a Flink CEP pattern?**
- **Expected Answer**:
```java
Pattern<Event, ?> p = Pattern.<Event>begin("first")
    .followedBy("second");
```

**Q4: Explain window functions and provide examples.**
- **Expected Answer**: Window functions compute over rows related to the current row.
```sql
-- ROW_NUMBER: Assigns sequential numbers
SELECT name, salary, ROW_NUMBER() OVER (ORDER BY salary DESC) as rank
FROM employees;

-- RANK: Assigns ranks with gaps for ties
SELECT name, salary, RANK() OVER (ORDER BY salary DESC) as rank
FROM employees;
```

**Q5: How do you split a dataset into train and test sets with scikit-learn?**
- **Expected Answer**:
```python
from sklearn.model_selection import train_test_split

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
```

**Q6: How do you start an MLflow run?**
- **Expected Answer**: Use it as a context manager:
```python
with mlflow.start_run():
    mlflow.log_param("alpha", 0.5)
```
"""


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    return imported_deck(tmp_path_factory.mktemp("calls"), "code.md", DECK)


def card(deck: Deck, start: str) -> Card:
    return next(c for c in deck.cards if c.question.startswith(start))


def verdict(deck: Deck, start: str, answer: str) -> str:
    return Grader(deck).grade(card(deck, start), answer).verdict


def test_the_call_the_question_asks_about_is_the_answer(deck: Deck) -> None:
    # Was a point "mlflow.start_run" alone: log_metric's words are the question's.
    labels = [(p.label, p.required) for p in card(deck, "How do you log").points]
    assert labels == [("log_metric", True), ("start_run", False)]
    assert verdict(deck, "How do you log", 'mlflow.log_metric("rmse",0.87)') == "correct"
    wrong = "with mlflow.start_run(): mlflow.log_param('rmse', 0.87)"
    assert verdict(deck, "How do you log", wrong) != "correct"
    # The question's own words are no call: "log a metric" says nothing.
    assert verdict(deck, "How do you log", "you log a metric in mlflow") != "correct"


def test_a_camel_case_call_may_be_typed_as_words(deck: Deck) -> None:
    said = "begin the pattern, then followed by the second event"
    assert verdict(deck, "How do you chain", said) == "correct"
    assert verdict(deck, "How do you chain", "begin the pattern, then a second event") != "correct"


def test_the_names_of_calls_are_the_deck_glossary_words() -> None:
    derived = derive_deck_points(
        [("How do you chain two events?", "- Pattern.begin\n- followedBy\n- within")]
    )
    assert derived.glossary["followed by"] == "followedby"


def test_a_chain_on_the_next_line_keeps_what_it_is_called_on(deck: Deck) -> None:
    labels = [p.label for p in card(deck, "How do you read").points if p.required]
    assert labels == ["readStream"]
    batch = 'spark.read.format("delta").load("/mnt/bronze/events")'
    assert verdict(deck, "How do you read", batch) != "correct"
    stream = 'spark.readStream.format("delta").load(path)'
    assert verdict(deck, "How do you read", stream) == "correct"


def test_code_after_prose_is_its_calls_not_its_lines(deck: Deck) -> None:
    labels = [p.label for p in card(deck, "Explain window").points]
    assert labels[0].startswith("Window functions compute")
    for label in labels:
        assert "SELECT" not in label and "(2)" not in label and "FROM" not in label, labels
    assert any("ROW_NUMBER" in label for label in labels)


def test_a_call_the_question_names_after_prose_stays_a_point(deck: Deck) -> None:
    # code13 kept this block line by line: as calls, start_run was lost.
    start = card(deck, "How do you start")
    assert "start_run" in [p.label for p in start.points]
    assert verdict(deck, "How do you start", "mlflow.create_experiment('x')") != "correct"


def test_one_call_is_shown_without_a_list_dash(deck: Deck) -> None:
    assert [p.label for p in card(deck, "How do you split").points] == ["train_test_split"]


def test_a_column_type_is_no_call_but_the_clauses_are() -> None:
    block = [
        "CREATE TABLE customer_scd (",
        "    customer_id INT,",
        "    name VARCHAR(100),",
        "    is_current BOOLEAN",
        ");",
        "SELECT customer_id, COUNT(*) FROM customer_scd GROUP BY customer_id;",
    ]
    assert code_lines(block) == ["- CREATE TABLE", "- COUNT", "- GROUP BY", ""]


def test_a_variable_or_module_is_no_word_of_a_call() -> None:
    assert code_lines(["df = df.sort_values('t').drop_duplicates(subset=['id'])"]) == [
        "- sort_values",
        "- drop_duplicates",
        "",
    ]
    assert code_lines(["p = Pattern.begin('a')", "t = Time.minutes(5)"]) == [
        "- Pattern.begin",
        "- Time.minutes",
        "",
    ]


def test_review_set_lives_beside_its_decks() -> None:
    root = Path(__file__).resolve().parents[2] / "bench" / "data"
    rows = (root / "code14-review.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) >= 40
    assert (root / "code14-review" / "spark-mlflow-code.md").exists()


def test_a_class_the_code_calls_is_a_call_the_verdict_needs(tmp_path: Path) -> None:
    # "LinearRegression" has no dot or underscore, but the reference's code
    # calls it: an answer that fits another model is not backed as correct.
    deck = imported_deck(
        tmp_path,
        "sk.md",
        "**Q1: Write a Python function to implement linear regression using Scikit-learn.**\n"
        "- **Expected Answer**: Demonstrates practical model building:\n"
        "```python\nfrom sklearn.linear_model import LinearRegression\n"
        "def fit_linear_regression(X, y):\n    model = LinearRegression()\n"
        "    model.fit(X, y)\n    return model\n```\n\n"
        "**Q2: What is a feature store for?**\n- **Expected Answer**: Keeping features "
        "consistent between offline training and online serving.\n",
    )
    linreg = deck.cards[0]
    grader = Grader(deck)
    assert grader.grade(linreg, "LinearRegression().fit(X, y)").verdict == "correct"
    wrong = "from sklearn.cluster import KMeans\nKMeans(n_clusters=2).fit(X)"
    assert grader.grade(linreg, wrong).verdict != "correct"


def test_numbered_methods_are_alternatives_not_a_list() -> None:
    block = [
        "-- Method 1: Using window function",
        "SELECT salary FROM (SELECT salary, ROW_NUMBER() OVER (ORDER BY salary DESC) AS rn",
        "FROM employees) ranked WHERE rn = 2;",
        "-- Method 2: Using subquery",
        "SELECT MAX(salary) FROM employees WHERE salary < (SELECT MAX(salary) FROM employees);",
    ]
    lines = code_lines(block)
    assert lines[0].startswith("ROW_NUMBER (or ") and lines[0].endswith("(or MAX)")
    derived = derive_deck_points([("Find the second highest salary.", "\n".join(lines))])
    first = derived.cards[0].points[0]
    assert first.required and "MAX" in first.phrases and first.need == 1


def test_a_function_the_answer_defines_is_no_call() -> None:
    block = ["def fit_lr(X, y):", "    m = LinearRegression()", "    m.fit(X, y)", "    return m"]
    assert code_lines(block) == ["- LinearRegression", "- fit", ""]


SERIALIZE = """# Model questions (code)

**Q1: How do you serialize a machine learning model?**
- **Expected Answer**: Serialization saves models (e.g. with `pickle` or `joblib`) for reuse:
```python
import pickle
model = LinearRegression()
with open("model.pkl", "wb") as f:
    pickle.dump(model, f)
```

**Q2: Write a Python function to implement linear regression using Scikit-learn.**
- **Expected Answer**: Demonstrates practical model building:
```python
from sklearn.linear_model import LinearRegression
def fit_linear_regression(X, y):
    model = LinearRegression()
    model.fit(X, y)
    return model
# Example usage
X = [[1], [2], [3]]
y = [2, 4, 6]
model = fit_linear_regression(X, y)
print(model.predict([[4]]))  # Predicts ~8
```
""" + DECK.split("\n", 1)[1]


def test_plumbing_and_the_example_of_use_are_no_calls() -> None:
    """`print(...)`, and what follows "# Example usage", show the answer at work:
    a right function that fits the model was partial without "print" and
    "predict" (rohanmistry231 Q55)."""
    block = SERIALIZE.split("```python\n")[2].split("```")[0].splitlines()
    assert code_lines(block)[:3] == ["- LinearRegression", "- fit", ""]


def test_an_object_only_handed_on_is_no_call() -> None:
    """`model = LinearRegression()` then `pickle.dump(model, f)`: the model
    stands in for any; `with open(...)` is Python, not SQL's WITH, and `open`
    is plumbing. The call is `dump` (it was a list of three, all needed)."""
    block = SERIALIZE.split("```python\n")[1].split("```")[0].splitlines()
    assert code_lines(block) == ["dump", ""]
    assert code_lines(["with mlflow.start_run():", "    joined = a.join(b)"]) == [
        "- start_run",
        "- join",
        "",
    ]


def test_right_code_answers_after_prose_are_correct(tmp_path: Path) -> None:
    deck = imported_deck(tmp_path, "models.md", SERIALIZE)
    grader = Grader(deck)
    serialize = next(c for c in deck.cards if c.question.startswith("How do you serialize"))
    fit = next(c for c in deck.cards if c.question.startswith("Write a Python function"))
    assert grader.grade(serialize, "joblib.dump(model, 'model.joblib')").verdict == "correct"
    assert grader.grade(serialize, "pickle.dump(model, f)").verdict == "correct"
    loaded = grader.grade(serialize, "model = pickle.load(open('model.pkl', 'rb'))")
    assert loaded.verdict != "correct"
    assert not any("'rb'" in reason for reason in loaded.reasons), loaded.reasons
    answer = "def fit_lr(X, y):\n    m = LinearRegression()\n    m.fit(X, y)\n    return m"
    assert grader.grade(fit, answer).verdict == "correct"
