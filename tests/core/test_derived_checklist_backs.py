"""A derived card's verdict agrees with its checklist (issue 19).

An imported deck's blend credits the reference's words wherever they stand, so
code sharing words with the reference was graded correct with its essential
points crossed (`import mlflow` and another call for "start an MLflow run").
Code is judged by the calls it names, not by its `import` line; a code card's
correct needs half its essential points ticked. (Prose cards are not held to
their checklist: measured on the real decks, that called more right
paraphrases partial than it kept wrong answers from correct.) The decks are a new
user's own imports (a Markdown interview list and an Anki export).
"""

# ruff: noqa: E501  (the decks as the user imported them: one card a line)

from __future__ import annotations

from pathlib import Path

from mlquiz.core.cards import Card
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.backing import code_calls
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.results import GradeResult

INTERVIEW = """\
# ML interview questions

1. **What is overfitting?**
   Overfitting is when a model learns noise in the training data, so it scores well on training data but poorly on unseen data.

2. **What is the bias-variance tradeoff?**
   Simple models have high bias (underfit); complex models have high variance (overfit). You balance the two to minimise total error.

3. **How do you split data into train and test sets in scikit-learn?**
   Use train_test_split:
   ```python
   from sklearn.model_selection import train_test_split
   X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
   ```

4. **What does L2 regularization do?**
   It adds the sum of squared weights to the loss, shrinking weights toward zero and reducing overfitting.

5. **How do you log a metric in MLflow?**
   Call ```mlflow.log_metric("rmse", 0.5)``` inside an active run.

6. **What is cross-validation?**
   Splitting the data into k folds, training on k-1 folds and validating on the remaining fold, rotating k times and averaging the scores.

7. **What is precision?**
   The fraction of predicted positives that are actually positive: TP / (TP + FP).

8. **What is recall?**
   The fraction of actual positives that the model finds: TP / (TP + FN).

9. **How do you start an MLflow run?**
   Use a context manager:
   ```python
   import mlflow
   with mlflow.start_run():
       mlflow.log_param("lr", 0.01)
   ```

10. **What is a confusion matrix?**
    A table of true positives, false positives, true negatives and false negatives comparing predictions with actual labels.
"""

ANKI = "#separator:tab\n#html:true\nWhat is <b>feature scaling</b>?\tRescaling features to a similar range, e.g. standardization (zero mean, unit variance) or min-max scaling to [0, 1].\nWhat is one-hot encoding?\tTurning a categorical variable into binary columns, one per category, with a 1 in the column of the present category.\nWhat is a <i>random forest</i>?\tAn ensemble of decision trees trained on bootstrap samples with random feature subsets; predictions are averaged or voted.\nWhat is gradient boosting?\tBuilding trees sequentially, each new tree fitting the residual errors of the previous ones.\nWhat does AUC measure?\tThe area under the ROC curve: the probability that the model ranks a random positive above a random negative.\nWhat is k-means?\tA clustering algorithm that assigns points to the nearest of k centroids and moves each centroid to the mean of its points, repeating until stable.\nWhat is PCA?<br>(short answer)\tPrincipal component analysis: a linear dimensionality reduction that projects data onto the directions of maximum variance.\nWhat is data leakage?\tWhen information from outside the training data, such as the test set or the future, is used to train the model, giving over-optimistic results.\nWhat is imputation?\tFilling in missing values, e.g. with the mean, median or most frequent value.\nWhat is a hyperparameter?\tA setting chosen before training, like learning rate or tree depth, not learned from the data.\nWhat is stratified sampling?\tSampling so that each class keeps the same proportion in every split as in the full dataset.\nWhat does <code>fit_transform</code> do?\tFits the transformer on the data and then transforms that same data in one step.\n"


def _grade(tmp_path: Path, name: str, text: str, asked: str, answer: str) -> GradeResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    deck = import_deck(path).deck
    card: Card = next(c for c in deck.cards if asked.lower() in c.question.lower())
    return Grader(deck).grade(card, answer)


def _essential_ticked(result: GradeResult) -> tuple[int, int]:
    required = [p for p in result.points if p.required]
    return sum(p.status == "found" for p in required), len(required)


def test_a_majority_of_points_missed_on_a_code_card_is_not_correct(tmp_path: Path) -> None:
    # Another call than the reference's start_run, with its import line.
    result = _grade(
        tmp_path, "ml.md", INTERVIEW, "start an MLflow run", "import mlflow and call log_param"
    )
    found, required = _essential_ticked(result)
    assert 2 * found < required
    assert result.verdict != "correct"


def test_an_answer_with_the_points_ticked_stays_correct(tmp_path: Path) -> None:
    right = (
        "clustering that assigns each point to the nearest of k centroids"
        " then moves centroids to the mean"
    )
    assert _grade(tmp_path, "anki.txt", ANKI, "k-means", right).verdict == "correct"


def test_another_call_than_the_reference_is_not_correct(tmp_path: Path) -> None:
    # log_param's arguments are the reference's ("rmse", 0.5), its call is not.
    result = _grade(tmp_path, "ml.md", INTERVIEW, "log a metric", 'mlflow.log_param("rmse", 0.5)')
    assert result.verdict != "correct"


def test_naming_the_reference_call_answers(tmp_path: Path) -> None:
    result = _grade(tmp_path, "ml.md", INTERVIEW, "log a metric", "Call mlflow.log_metric")
    assert result.verdict == "correct"


def test_the_reference_call_is_not_a_repeat_of_the_question(tmp_path: Path) -> None:
    result = _grade(tmp_path, "ml.md", INTERVIEW, "start an MLflow run", "with mlflow.start_run():")
    assert result.verdict != "incorrect"
    assert "The answer only repeats the question." not in result.reasons
    assert any(p.status == "found" and "start_run" in p.label for p in result.points)


def test_an_import_line_is_no_points_evidence(tmp_path: Path) -> None:
    result = _grade(
        tmp_path, "ml.md", INTERVIEW, "start an MLflow run", "import mlflow and call log_param"
    )
    start_run = next(p for p in result.points if "start_run" in p.label)
    assert start_run.status != "found"
    assert result.verdict != "correct"


def test_the_question_worded_reference_needs_its_point(tmp_path: Path) -> None:
    # "split", "train", "test" are the question's words the reference echoes;
    # the card's one essential point is the train_test_split import.
    result = _grade(tmp_path, "ml.md", INTERVIEW, "train and test", "X_train, X_test = split(X)")
    assert _essential_ticked(result)[0] == 0
    assert result.verdict != "correct"
    assert "Says the reference answer." not in result.reasons


def test_a_subscript_in_a_formula_is_no_call() -> None:
    # ElasticNet's objective "min_w 1/2N ||y - Xw||" made its card a code
    # card, and a right paraphrase of it partial (ajitsingh-linreg, card 46).
    assert code_calls("min_w 1/2N ‖y − Xw‖_2^2 + λ [ α ‖w‖_1") == set()
    assert code_calls("X_train, X_test = train_test_split(X)") == {"train_test_split"}
